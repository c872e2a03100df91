package io.temblor.engine.runtime;

import io.temblor.offheap.journal.JournalWriter;
import io.temblor.transport.PeerDirectory;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Records what one connector receives into a capture journal: per chunk (or event) the source id, the ingest time
 * (epoch ns), the bytes, and metadata JSON {@code {"connector":TYPE, ...what the connector knows..., "stream":ID}}.
 * Used by the decode agent (raw bytes before preprocessors), by sources that make events themselves, and by the
 * {@code capture} sink. Allocates nothing per record. A failed append (disk full) is counted and reported once on
 * standard error; the flow goes on.
 */
final class CaptureTap
{
    /** Ingest times at or above this are epoch nanoseconds (transports); below, {@code System.nanoTime()} values. */
    private static final long EPOCH_NS_FLOOR = 1_000_000_000_000_000_000L;

    private final JournalWriter writer;
    private final String source;
    private final long nanoTimeToEpochNs;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer meta;
    private final UnsafeBuffer streamMeta = new UnsafeBuffer(new byte[0]);
    private final byte[] metaBytes;
    private final int metaPrefixLength;
    private byte[] scratch = new byte[256];
    private PeerDirectory peers;
    private final Long2ObjectHashMap<byte[]> metaByStream = new Long2ObjectHashMap<>();
    private volatile long failed;
    private volatile String lastFailure;

    /**
     * A tap.
     *
     * @param writer the journal.
     * @param source the source id ({@code alias}, or {@code flow/alias} when the deployment has several flows).
     * @param metaPrefix the metadata's fields before the stream id, as JSON text without braces, e.g.
     *     {@code "connector":"tcp_server","url":"0.0.0.0:9000"}.
     */
    CaptureTap(final JournalWriter writer, final String source, final String metaPrefix)
    {
        this.writer = writer;
        this.source = source;
        this.nanoTimeToEpochNs = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        final byte[] prefix = ("{" + metaPrefix + ",\"stream\":").getBytes(StandardCharsets.UTF_8);
        this.metaPrefixLength = prefix.length;
        this.metaBytes = new byte[prefix.length + 24];
        System.arraycopy(prefix, 0, metaBytes, 0, prefix.length);
        this.meta = new UnsafeBuffer(metaBytes);
    }

    /**
     * Adds each stream's peer to the metadata (looked up once per stream, when its first chunk is recorded).
     *
     * @param peers the server transport's peers.
     */
    void peers(final PeerDirectory peers)
    {
        this.peers = peers;
    }

    /**
     * A stream ended: its cached metadata and its peer entry are dropped.
     *
     * @param stream the stream id.
     */
    void endStream(final long stream)
    {
        if (null != peers)
        {
            metaByStream.remove(stream);
            peers.forgetPeer(stream);
        }
    }

    /** @return the source id records carry. */
    String source()
    {
        return source;
    }

    /** @return appends that failed. */
    long failed()
    {
        return failed;
    }

    /** @return the reason of the last failed append, or null. */
    String lastFailure()
    {
        return lastFailure;
    }

    /**
     * Records bytes from an array.
     *
     * @param ingestNs the frame's ingest time (epoch or {@code System.nanoTime()} ns).
     * @param stream the stream (connection) id.
     * @param data the bytes.
     * @param offset where they start.
     * @param length how many.
     */
    void record(final long ingestNs, final long stream, final byte[] data, final int offset, final int length)
    {
        frame.wrap(data, offset, length);
        append(ingestNs, stream, length);
    }

    /**
     * Records bytes from a memory segment.
     *
     * @param ingestNs the frame's ingest time (epoch or {@code System.nanoTime()} ns).
     * @param stream the stream (connection) id.
     * @param memory the memory.
     * @param offset where they start.
     * @param length how many.
     */
    void record(final long ingestNs, final long stream, final MemorySegment memory, final long offset, final int length)
    {
        if (memory.isNative())
        {
            frame.wrap(memory.address() + offset, length);
        }
        else
        {
            if (scratch.length < length)
            {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, scratch, 0, length);
            frame.wrap(scratch, 0, length);
        }
        append(ingestNs, stream, length);
    }

    private void append(final long ingestNs, final long stream, final int length)
    {
        final long epochNs = ingestNs >= EPOCH_NS_FLOOR ? ingestNs : ingestNs + nanoTimeToEpochNs;
        try
        {
            if (null == peers)
            {
                writer.append(source, epochNs, frame, 0, length, meta, 0, writeStream(stream));
            }
            else
            {
                byte[] m = metaByStream.get(stream);
                if (null == m)
                {
                    m = streamMeta(stream, peers.peer(stream));
                    metaByStream.put(stream, m);
                }
                streamMeta.wrap(m);
                writer.append(source, epochNs, frame, 0, length, streamMeta, 0, m.length);
            }
        }
        catch (final RuntimeException ex)
        {
            if (failed++ == 0)
            {
                System.err.println("capture of " + source + " to " + writer.dir() + " failed (further failures are " +
                    "only counted): " + ex.getMessage());
            }
            lastFailure = String.valueOf(ex.getMessage());
        }
    }

    /** The metadata of a stream with a peer (once per stream). */
    private byte[] streamMeta(final long stream, final String peer)
    {
        final StringBuilder m = new StringBuilder(new String(metaBytes, 0, metaPrefixLength - ",\"stream\":".length(),
            StandardCharsets.UTF_8));
        if (null != peer)
        {
            m.append(",\"peer\":");
            io.temblor.json.JsonWriter.quote(peer, m);
        }
        return m.append(",\"stream\":").append(stream).append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the stream id and the closing brace after the prefix; returns the metadata's length. */
    private int writeStream(final long stream)
    {
        int at = metaPrefixLength;
        long v = stream;
        if (v < 0)
        {
            metaBytes[at++] = '-';
            v = -v;
        }
        final int start = at;
        do
        {
            metaBytes[at++] = (byte)('0' + v % 10);
            v /= 10;
        }
        while (v > 0);
        for (int i = start, j = at - 1; i < j; i++, j--)
        {
            final byte t = metaBytes[i];
            metaBytes[i] = metaBytes[j];
            metaBytes[j] = t;
        }
        metaBytes[at++] = '}';
        return at;
    }
}
