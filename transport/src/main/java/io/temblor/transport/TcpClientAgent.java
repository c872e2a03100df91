package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.agrona.CloseHelper;
import org.agrona.concurrent.EpochNanoClock;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A TCP client as an agent: connects to one address without blocking, writes each read chunk as one
 * {@link TransportDescriptor#DATA_TYPE} frame (id = the connection's number, 1 for the first, one more after each
 * reconnect) to the inbound ring, and sends outbound frames' payloads in order.
 *
 * <p>When the peer closes, a write fails or a connect attempt fails, it waits and connects again; the wait starts at
 * {@link TransportSettings#initialBackoffNs()} and doubles after each failed attempt up to
 * {@link TransportSettings#maxBackoffNs()} (timed with {@link System#nanoTime()}). Outbound frames are kept in a
 * send buffer of {@link TransportSettings#sendBufferBytes()} meanwhile; a frame the lost connection carried only in
 * part is sent again whole. Back pressure: a full send buffer while connected holds the frame and stops taking frames;
 * a full send buffer while disconnected reports the frame as {@link TransportDescriptor#UNDELIVERED_TYPE}, as does a
 * frame larger than the send buffer. A full inbound ring stops reading (bytes stay in the kernel).
 *
 * <p>All methods but the counters and {@link #isConnected()} run on the agent thread. Nothing is allocated per frame;
 * each connection attempt opens a channel.
 */
public final class TcpClientAgent extends TransportAgent
{
    private static final int BACKOFF = 0;
    private static final int CONNECTING = 1;
    private static final int CONNECTED = 2;

    private final InetSocketAddress remote;
    private final SendBuffer send;
    private final ByteBuffer readBuffer;
    private final MemorySegment readSegment;
    private final long initialBackoffNs;
    private final long maxBackoffNs;
    private SocketChannel channel;
    private volatile int state = BACKOFF;
    private long backoffNs;
    private long reconnectDeadlineNs;
    private long connectionId;
    private int pendingLength;
    private long pendingIngestNs;
    private long pendingConnectionId;
    private volatile long connects;
    private volatile long connectFailures;
    private volatile long disconnects;
    private volatile long resentFrames;

    /**
     * A client; it connects on its first duty cycle.
     *
     * @param remote the address to connect to.
     * @param inbound the ring received bytes go to.
     * @param outbound the ring of frames to send.
     * @param clock the source of ingest times.
     * @param settings buffer sizes, backoff and poll limit.
     */
    public TcpClientAgent(final InetSocketAddress remote, final EventRing inbound, final EventRing outbound,
        final EpochNanoClock clock, final TransportSettings settings)
    {
        super(inbound, outbound, clock, settings);
        this.remote = remote;
        this.send = new SendBuffer(settings.sendBufferBytes());
        this.readBuffer = ByteBuffer.allocateDirect(Math.min(settings.readBufferBytes(), inbound.maxPayloadLength()));
        this.readSegment = MemorySegment.ofBuffer(readBuffer);
        this.initialBackoffNs = settings.initialBackoffNs();
        this.maxBackoffNs = Math.max(settings.maxBackoffNs(), initialBackoffNs);
        this.backoffNs = initialBackoffNs;
        this.reconnectDeadlineNs = System.nanoTime();
    }

    @Override
    public String roleName()
    {
        return "tcp-client";
    }

    /**
     * Connects when due, reads, takes outbound frames and writes, each bounded.
     *
     * @return the work done (0 when idle).
     */
    @Override
    public int doWork()
    {
        int work = 0;
        if (pendingLength > 0 && inbound.offer(TransportDescriptor.DATA_TYPE, pendingIngestNs, pendingConnectionId,
            readSegment, 0, pendingLength))
        {
            pendingLength = 0;
            work++;
        }
        if (state == BACKOFF && System.nanoTime() - reconnectDeadlineNs >= 0)
        {
            startConnect();
            work++;
        }
        else if (state == CONNECTING)
        {
            work += finishConnect();
        }
        if (state == CONNECTED && pendingLength == 0)
        {
            work += read();
        }
        work += pollOutbound();
        if (state == CONNECTED)
        {
            work += flush();
        }
        return work;
    }

    @Override
    public void onClose()
    {
        CloseHelper.quietClose(channel);
        channel = null;
    }

    /**
     * Whether a connection is up now. Any thread.
     *
     * @return true when connected.
     */
    public boolean isConnected()
    {
        return state == CONNECTED;
    }

    /**
     * Connections made so far. Any thread.
     *
     * @return the count.
     */
    public long connects()
    {
        return connects;
    }

    /**
     * Connect attempts that failed (refused, unreachable). Any thread.
     *
     * @return the count.
     */
    public long connectFailures()
    {
        return connectFailures;
    }

    /**
     * Connections lost (closed by the peer or after an error). Any thread.
     *
     * @return the count.
     */
    public long disconnects()
    {
        return disconnects;
    }

    /**
     * Frames a lost connection carried in part and that were sent again whole. Any thread.
     *
     * @return the count.
     */
    public long resentFrames()
    {
        return resentFrames;
    }

    /**
     * Frames waiting in the send buffer. Agent thread.
     *
     * @return the count.
     */
    public int bufferedFrames()
    {
        return send.frames();
    }

    @Override
    boolean deliver(final int type, final long ingestNs, final long id, final MemorySegment memory, final long offset,
        final int length)
    {
        if (length <= send.capacity())
        {
            if (send.append(memory, offset, length))
            {
                return true;
            }
            if (state == CONNECTED)
            {
                flush();
                if (send.append(memory, offset, length))
                {
                    return true;
                }
                if (state == CONNECTED)
                {
                    return false;
                }
            }
        }
        reportUndelivered(ingestNs, id, memory, offset, length);
        return true;
    }

    private void startConnect()
    {
        try
        {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(remote))
            {
                onConnected();
            }
            else
            {
                state = CONNECTING;
            }
        }
        catch (final IOException ex)
        {
            connectFailures = connectFailures + 1;
            lose();
        }
    }

    private int finishConnect()
    {
        try
        {
            if (channel.finishConnect())
            {
                onConnected();
                return 1;
            }
            return 0;
        }
        catch (final IOException ex)
        {
            connectFailures = connectFailures + 1;
            lose();
            return 1;
        }
    }

    private void onConnected()
    {
        connectionId++;
        connects = connects + 1;
        backoffNs = initialBackoffNs;
        state = CONNECTED;
    }

    private int read()
    {
        readBuffer.clear();
        final int read;
        try
        {
            read = channel.read(readBuffer);
        }
        catch (final IOException ex)
        {
            countIoError();
            disconnected();
            return 1;
        }
        if (read < 0)
        {
            disconnected();
            return 1;
        }
        if (read > 0)
        {
            final long ingestNs = clock.nanoTime();
            if (!inbound.offer(TransportDescriptor.DATA_TYPE, ingestNs, connectionId, readSegment, 0, read))
            {
                pendingLength = read;
                pendingIngestNs = ingestNs;
                pendingConnectionId = connectionId;
            }
            return 1;
        }
        return 0;
    }

    private int flush()
    {
        try
        {
            return send.flush(channel) > 0 ? 1 : 0;
        }
        catch (final IOException ex)
        {
            countIoError();
            disconnected();
            return 1;
        }
    }

    private void disconnected()
    {
        disconnects = disconnects + 1;
        if (send.rewindPartialFrame() > 0)
        {
            resentFrames = resentFrames + 1;
        }
        lose();
    }

    private void lose()
    {
        CloseHelper.quietClose(channel);
        channel = null;
        state = BACKOFF;
        reconnectDeadlineNs = System.nanoTime() + backoffNs;
        backoffNs = Math.min(backoffNs * 2, maxBackoffNs);
    }
}
