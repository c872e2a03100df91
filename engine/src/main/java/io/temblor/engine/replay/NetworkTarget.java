package io.temblor.engine.replay;

import io.aeron.Publication;
import io.temblor.transport.AeronDriverHolder;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code replay --to URL}: the raw frames sent to a network target instead of a flow. {@code tcp://HOST:PORT}: one
 * connection per captured source and recorded stream (connection), each frame's bytes written in order (buffered
 * up to {@link #TCP_BATCH_BYTES} when unpaced, written at once when paced); {@code udp://HOST:PORT}: one datagram
 * per frame; {@code aeron:udp?...} or
 * {@code aeron:ipc}: one message per frame on a publication of stream {@code --stream}, through the embedded media
 * driver or the one of {@code --aeron-dir}. Connections are opened before the replay starts, so an unreachable
 * target is an error up front. One thread (the driver's) sends; {@link #close} flushes and closes.
 */
public final class NetworkTarget implements AutoCloseable
{
    /** Bytes an unpaced TCP connection gathers before a write. */
    public static final int TCP_BATCH_BYTES = 64 * 1024;
    /** How long an Aeron publication may wait for a subscriber before the replay fails. */
    public static final long AERON_CONNECT_TIMEOUT_NS = 10_000_000_000L;

    private final Map<String, ReplayDriver.Sink> sinks = new LinkedHashMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    private NetworkTarget()
    {
    }

    /**
     * Connects to a target, one sink per source.
     *
     * @param url the target.
     * @param stream the Aeron stream id.
     * @param aeronDir an external media driver's directory, or null for the embedded driver.
     * @param streams the captured sources to replay and the recorded streams of each.
     * @param batch whether TCP writes may be gathered (unpaced replay).
     * @return the target.
     * @throws IllegalArgumentException for a bad or unreachable URL, with the reason.
     */
    public static NetworkTarget open(final String url, final int stream, final Path aeronDir,
        final Map<String, Set<Long>> streams, final boolean batch)
    {
        final NetworkTarget target = new NetworkTarget();
        try
        {
            if (url.startsWith("tcp://"))
            {
                final InetSocketAddress address = address(url, "tcp://");
                for (final Map.Entry<String, Set<Long>> source : streams.entrySet())
                {
                    final TcpSink sink = new TcpSink();
                    for (final long recorded : source.getValue())
                    {
                        final SocketChannel channel = SocketChannel.open();
                        target.resources.add(channel);
                        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        channel.connect(address);
                        final Connection connection = new Connection(channel, batch);
                        target.resources.add(connection::flush);
                        sink.connections.put(recorded, connection);
                    }
                    target.sinks.put(source.getKey(), sink);
                }
            }
            else if (url.startsWith("udp://"))
            {
                final InetSocketAddress address = address(url, "udp://");
                final DatagramChannel channel = DatagramChannel.open();
                target.resources.add(channel);
                channel.connect(address);
                final UdpSink sink = new UdpSink(channel);
                for (final String source : streams.keySet())
                {
                    target.sinks.put(source, sink);
                }
            }
            else if (url.startsWith("aeron:"))
            {
                final String problem = AeronDriverHolder.channelError(url);
                if (null != problem)
                {
                    throw new IllegalArgumentException("bad Aeron channel `" + url + "`: " + problem);
                }
                final AeronDriverHolder.Lease lease = null == aeronDir ?
                    AeronDriverHolder.embedded(AeronDriverHolder.idleStrategy("backoff"), 10_000) :
                    AeronDriverHolder.external(aeronDir, 10_000);
                target.resources.add(lease);
                final Publication publication = lease.aeron().addPublication(url, stream);
                target.resources.add(0, publication);
                final AeronSink sink = new AeronSink(url, publication);
                for (final String source : streams.keySet())
                {
                    target.sinks.put(source, sink);
                }
            }
            else
            {
                throw new IllegalArgumentException("bad --to `" + url +
                    "`: expected tcp://HOST:PORT, udp://HOST:PORT, aeron:udp?endpoint=HOST:PORT or aeron:ipc");
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            target.close();
            if (ex instanceof IllegalArgumentException)
            {
                throw (IllegalArgumentException)ex;
            }
            throw new IllegalArgumentException("cannot reach --to " + url + ": " + ex.getMessage(), ex);
        }
        return target;
    }

    private static InetSocketAddress address(final String url, final String scheme)
    {
        final String rest = url.substring(scheme.length());
        final int colon = rest.lastIndexOf(':');
        if (colon <= 0)
        {
            throw new IllegalArgumentException("bad --to `" + url + "`: expected " + scheme + "HOST:PORT");
        }
        try
        {
            final String host = rest.substring(0, colon);
            return new InetSocketAddress(host.startsWith("[") ? host.substring(1, host.length() - 1) : host,
                Integer.parseInt(rest.substring(colon + 1)));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("bad --to `" + url + "`: " + ex.getMessage());
        }
    }

    /** @return the sink of each source. */
    public Map<String, ReplayDriver.Sink> sinks()
    {
        return sinks;
    }

    /** Flushes what is gathered and closes every connection (the driver's thread, after the replay). */
    @Override
    public void close()
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            try
            {
                resources.get(i).close();
            }
            catch (final Exception ignore)
            {
                // closing: a connection that fails to close has nothing left to deliver
            }
        }
        resources.clear();
    }

    /** Flushes the gathered bytes of every TCP connection; the driver calls it when the replay is over. */
    public void flush() throws IOException
    {
        for (final ReplayDriver.Sink sink : sinks.values())
        {
            if (sink instanceof TcpSink tcp)
            {
                for (final Connection connection : tcp.connections.values())
                {
                    connection.flush();
                }
            }
        }
    }

    /** The connections of one source, by recorded stream. */
    private static final class TcpSink implements ReplayDriver.Sink
    {
        final Long2ObjectHashMap<Connection> connections = new Long2ObjectHashMap<>();
        private long lastStream = Long.MIN_VALUE;
        private Connection last;

        @Override
        public void put(final long ingestNs, final long streamId, final DirectBuffer frame, final int offset,
            final int length) throws IOException
        {
            if (streamId != lastStream)
            {
                last = connections.get(streamId);
                lastStream = streamId;
            }
            last.write(frame, offset, length);
        }
    }

    /** One connection: frames written in order, gathered up to {@link #TCP_BATCH_BYTES} when unpaced. */
    private static final class Connection
    {
        private final SocketChannel channel;
        private final boolean batch;
        private ByteBuffer buffer = ByteBuffer.allocateDirect(TCP_BATCH_BYTES);

        Connection(final SocketChannel channel, final boolean batch)
        {
            this.channel = channel;
            this.batch = batch;
        }

        void write(final DirectBuffer frame, final int offset, final int length) throws IOException
        {
            if (buffer.remaining() < length)
            {
                flush();
                if (buffer.capacity() < length)
                {
                    buffer = ByteBuffer.allocateDirect(length);
                }
            }
            frame.getBytes(offset, buffer, buffer.position(), length);
            buffer.position(buffer.position() + length);
            if (!batch)
            {
                flush();
            }
        }

        void flush() throws IOException
        {
            buffer.flip();
            while (buffer.hasRemaining())
            {
                channel.write(buffer);
            }
            buffer.clear();
        }
    }

    private static final class UdpSink implements ReplayDriver.Sink
    {
        private final DatagramChannel channel;
        private ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

        UdpSink(final DatagramChannel channel)
        {
            this.channel = channel;
        }

        @Override
        public void put(final long ingestNs, final long streamId, final DirectBuffer frame, final int offset,
            final int length) throws IOException
        {
            if (buffer.capacity() < length)
            {
                buffer = ByteBuffer.allocateDirect(length);
            }
            buffer.clear();
            frame.getBytes(offset, buffer, 0, length);
            buffer.limit(length);
            channel.write(buffer);
        }
    }

    private static final class AeronSink implements ReplayDriver.Sink
    {
        private final String channel;
        private final Publication publication;

        AeronSink(final String channel, final Publication publication)
        {
            this.channel = channel;
            this.publication = publication;
        }

        @Override
        public void put(final long ingestNs, final long streamId, final DirectBuffer frame, final int offset,
            final int length)
        {
            long waitingSince = 0;
            while (true)
            {
                final long result = publication.offer(frame, offset, length);
                if (result > 0)
                {
                    return;
                }
                if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
                {
                    throw new IllegalStateException("Aeron publication " + channel + " is closed");
                }
                final long now = System.nanoTime();
                if (result == Publication.NOT_CONNECTED)
                {
                    if (0 == waitingSince)
                    {
                        waitingSince = now;
                    }
                    else if (now - waitingSince > AERON_CONNECT_TIMEOUT_NS)
                    {
                        throw new IllegalStateException("no subscriber on " + channel + " stream " +
                            publication.streamId() + " after " + AERON_CONNECT_TIMEOUT_NS / 1_000_000_000L + " s");
                    }
                }
                LockSupport.parkNanos(1_000);
            }
        }
    }
}
