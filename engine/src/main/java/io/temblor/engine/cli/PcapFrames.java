package io.temblor.engine.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TCP and UDP payloads from a classic pcap file (Temblor's own reader, pure Java: no Maven Central pcap library fits,
 * pcap4j needs the native libpcap). Link types: Ethernet (with 802.1Q VLAN tags), raw IP, Linux cooked (SLL, SLL2)
 * and BSD loopback; IPv4 and IPv6 (with hop-by-hop, routing and destination-options headers skipped). Not handled:
 * pcapng (convert with {@code editcap -F pcap}), IP fragments after the first, and retransmissions beyond dropping a
 * segment whose sequence number was already seen.
 *
 * <p>UDP: one frame per datagram, source {@code udp:DSTPORT}. TCP: the segments of each flow (one direction of one
 * connection) sorted by sequence number, one frame per segment with payload, source {@code tcp:DSTPORT}; a segment's
 * time is never before the previous segment's of its flow. All frames are then ordered by time (stable).
 */
final class PcapFrames
{
    /** A payload. */
    record Frame(String source, long ingestNs, byte[] payload, String meta)
    {
    }

    private static final int LINK_NULL = 0;
    private static final int LINK_ETHERNET = 1;
    private static final int LINK_RAW = 101;
    private static final int LINK_RAW_ALT = 12;
    private static final int LINK_IPV4 = 228;
    private static final int LINK_IPV6 = 229;
    private static final int LINK_SLL = 113;
    private static final int LINK_SLL2 = 276;

    private PcapFrames()
    {
    }

    /**
     * Whether a file starts like a classic pcap (either byte order, micro- or nanosecond timestamps).
     *
     * @param head the file's first bytes.
     * @return true for pcap.
     */
    static boolean isPcap(final byte[] head)
    {
        if (head.length < 4)
        {
            return false;
        }
        final int magic = ByteBuffer.wrap(head, 0, 4).order(ByteOrder.BIG_ENDIAN).getInt();
        return magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
    }

    /**
     * Whether a file starts like pcapng.
     *
     * @param head the file's first bytes.
     * @return true for pcapng.
     */
    static boolean isPcapng(final byte[] head)
    {
        return head.length >= 4 && head[0] == 0x0a && head[1] == 0x0d && head[2] == 0x0d && head[3] == 0x0a;
    }

    private static final class Segment
    {
        final long seq;
        final long ns;
        final byte[] payload;
        final int order;

        Segment(final long seq, final long ns, final byte[] payload, final int order)
        {
            this.seq = seq;
            this.ns = ns;
            this.payload = payload;
            this.order = order;
        }
    }

    private record Flow(String key, String source, String meta, long isn, List<Segment> segments)
    {
    }

    /**
     * Reads a pcap file's TCP and UDP payloads.
     *
     * @param file the file.
     * @return the frames in time order.
     * @throws IOException when it cannot be read.
     * @throws IllegalArgumentException when it is not a classic pcap or is cut short (names the byte offset).
     */
    static List<Frame> read(final Path file) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < 24 || !isPcap(Arrays.copyOf(b.array(), 4)))
        {
            throw new IllegalArgumentException(file + ": not a classic pcap file");
        }
        // the file's headers are in the writer's byte order; the packets' headers in network order (big endian)
        final int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
        final boolean swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
        final boolean nanos = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
        final int link = header(b, 20, swap) & 0x0FFFFFFF;
        if (link != LINK_NULL && link != LINK_ETHERNET && link != LINK_RAW && link != LINK_RAW_ALT && link != LINK_SLL &&
            link != LINK_SLL2 && link != LINK_IPV4 && link != LINK_IPV6)
        {
            throw new IllegalArgumentException(file + ": pcap link type " + link + " is not supported " +
                "(Ethernet, raw IP, Linux cooked and loopback are)");
        }
        final List<Frame> frames = new ArrayList<>();
        final Map<String, Flow> flows = new LinkedHashMap<>();
        int at = 24;
        int order = 0;
        while (at < b.limit())
        {
            if (at + 16 > b.limit())
            {
                throw new IllegalArgumentException(file + ": packet header cut short at byte " + at);
            }
            final long sec = header(b, at, swap) & 0xFFFFFFFFL;
            final long frac = header(b, at + 4, swap) & 0xFFFFFFFFL;
            final int captured = header(b, at + 8, swap);
            final int start = at + 16;
            if (captured < 0 || start + (long)captured > b.limit())
            {
                throw new IllegalArgumentException(file + ": packet at byte " + at + " is cut short (" + captured +
                    " bytes announced)");
            }
            final long ns = sec * 1_000_000_000L + (nanos ? frac : frac * 1_000L);
            packet(b, start, start + captured, link, ns, order++, frames, flows);
            at = start + captured;
        }
        for (final Flow flow : flows.values())
        {
            final List<Segment> segments = new ArrayList<>(flow.segments());
            segments.sort(Comparator.comparingLong((Segment s) -> (s.seq - flow.isn()) & 0xFFFFFFFFL)
                .thenComparingInt(s -> s.order));
            long last = Long.MIN_VALUE;
            long lastSeq = -1;
            for (final Segment s : segments)
            {
                if (s.seq == lastSeq)
                {
                    continue;
                }
                lastSeq = s.seq;
                last = Math.max(last, s.ns);
                frames.add(new Frame(flow.source(), last, s.payload, flow.meta()));
            }
        }
        final List<Frame> sorted = new ArrayList<>(frames);
        sorted.sort(Comparator.comparingLong(Frame::ingestNs));
        return sorted;
    }

    private static int header(final ByteBuffer b, final int at, final boolean swap)
    {
        return swap ? Integer.reverseBytes(b.getInt(at)) : b.getInt(at);
    }

    private static void packet(final ByteBuffer b, final int start, final int end, final int link, final long ns,
        final int order, final List<Frame> frames, final Map<String, Flow> flows)
    {
        int at = start;
        int etherType;
        switch (link)
        {
            case LINK_ETHERNET ->
            {
                if (end - at < 14)
                {
                    return;
                }
                etherType = b.getShort(at + 12) & 0xFFFF;
                at += 14;
                while ((etherType == 0x8100 || etherType == 0x88a8) && end - at >= 4)
                {
                    etherType = b.getShort(at + 2) & 0xFFFF;
                    at += 4;
                }
            }
            case LINK_SLL ->
            {
                if (end - at < 16)
                {
                    return;
                }
                etherType = b.getShort(at + 14) & 0xFFFF;
                at += 16;
            }
            case LINK_SLL2 ->
            {
                if (end - at < 20)
                {
                    return;
                }
                etherType = b.getShort(at) & 0xFFFF;
                at += 20;
            }
            case LINK_NULL ->
            {
                if (end - at < 4)
                {
                    return;
                }
                at += 4;
                etherType = end > at && (b.get(at) & 0xF0) == 0x60 ? 0x86DD : 0x0800;
            }
            default -> etherType = end > at && (b.get(at) & 0xF0) == 0x60 ? 0x86DD : 0x0800;
        }
        if (etherType == 0x0800)
        {
            ipv4(b, at, end, ns, order, frames, flows);
        }
        else if (etherType == 0x86DD)
        {
            ipv6(b, at, end, ns, order, frames, flows);
        }
    }

    private static void ipv4(final ByteBuffer b, final int at, final int end, final long ns, final int order,
        final List<Frame> frames, final Map<String, Flow> flows)
    {
        if (end - at < 20 || (b.get(at) & 0xF0) != 0x40)
        {
            return;
        }
        final int headerLength = (b.get(at) & 0x0F) * 4;
        final int total = b.getShort(at + 2) & 0xFFFF;
        final int fragmentOffset = b.getShort(at + 6) & 0x1FFF;
        if (fragmentOffset != 0 || headerLength < 20)
        {
            return;
        }
        final int stop = Math.min(end, at + Math.max(total, headerLength));
        transport(b, b.get(at + 9) & 0xFF, address(b, at + 12, 4), address(b, at + 16, 4), at + headerLength, stop,
            ns, order, frames, flows);
    }

    private static void ipv6(final ByteBuffer b, final int at, final int end, final long ns, final int order,
        final List<Frame> frames, final Map<String, Flow> flows)
    {
        if (end - at < 40)
        {
            return;
        }
        final int payloadLength = b.getShort(at + 4) & 0xFFFF;
        int next = b.get(at + 6) & 0xFF;
        int p = at + 40;
        final int stop = Math.min(end, p + payloadLength);
        while ((next == 0 || next == 43 || next == 60 || next == 44) && stop - p >= 8)
        {
            final int following = b.get(p) & 0xFF;
            if (next == 44 && ((b.getShort(p + 2) & 0xFFF8) != 0))
            {
                return;
            }
            p += next == 44 ? 8 : ((b.get(p + 1) & 0xFF) + 1) * 8;
            next = following;
        }
        transport(b, next, "[" + address(b, at + 8, 16) + "]", "[" + address(b, at + 24, 16) + "]", p, stop, ns, order,
            frames, flows);
    }

    private static void transport(final ByteBuffer b, final int protocol, final String src, final String dst,
        final int at, final int end, final long ns, final int order, final List<Frame> frames,
        final Map<String, Flow> flows)
    {
        if (protocol == 17 && end - at >= 8)
        {
            final int srcPort = b.getShort(at) & 0xFFFF;
            final int dstPort = b.getShort(at + 2) & 0xFFFF;
            final int length = Math.min(end - at, Math.max(8, b.getShort(at + 4) & 0xFFFF));
            final byte[] payload = Arrays.copyOfRange(b.array(), at + 8, at + length);
            frames.add(new Frame("udp:" + dstPort, ns, payload,
                meta("udp", src + ":" + srcPort, dst + ":" + dstPort)));
        }
        else if (protocol == 6 && end - at >= 20)
        {
            final int srcPort = b.getShort(at) & 0xFFFF;
            final int dstPort = b.getShort(at + 2) & 0xFFFF;
            final long seq = b.getInt(at + 4) & 0xFFFFFFFFL;
            final int dataOffset = ((b.get(at + 12) & 0xF0) >> 4) * 4;
            final boolean syn = (b.get(at + 13) & 0x02) != 0;
            if (dataOffset < 20 || at + dataOffset > end)
            {
                return;
            }
            final String key = src + ":" + srcPort + ">" + dst + ":" + dstPort;
            final Flow flow = flows.computeIfAbsent(key, k -> new Flow(k, "tcp:" + dstPort,
                meta("tcp", src + ":" + srcPort, dst + ":" + dstPort), syn ? seq + 1 : seq, new ArrayList<>()));
            if (at + dataOffset < end)
            {
                flow.segments().add(new Segment(seq, ns, Arrays.copyOfRange(b.array(), at + dataOffset, end), order));
            }
        }
    }

    private static String meta(final String proto, final String src, final String dst)
    {
        return "{\"connector\":\"pcap\",\"proto\":\"" + proto + "\",\"peer\":\"" + src + "\",\"local\":\"" + dst + "\"}";
    }

    private static String address(final ByteBuffer b, final int at, final int length)
    {
        try
        {
            return InetAddress.getByAddress(Arrays.copyOfRange(b.array(), at, at + length)).getHostAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
