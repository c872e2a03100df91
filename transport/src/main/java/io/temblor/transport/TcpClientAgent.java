package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.agrona.CloseHelper;
import org.agrona.concurrent.EpochNanoClock;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A stream-socket client as an agent (TCP, or a UNIX domain socket when the address is a
 * {@link UnixDomainSocketAddress}): connects to one address without blocking, writes each read chunk as one
 * {@link TransportDescriptor#DATA_TYPE} frame (id = the connection's number, 1 for the first, one more after each
 * reconnect) to the inbound ring, and sends outbound frames' payloads in order.
 *
 * <p>Reconnects as Tremor's {@code reconnect.retry} does: when the peer closes or a write fails it waits
 * {@link TransportSettings#initialBackoffNs()} and connects again; after each failed attempt the wait grows by
 * {@link TransportSettings#growthRate()} (by a random factor up to it when {@link TransportSettings#randomized()}),
 * capped at {@link TransportSettings#maxBackoffNs()}, and resets after a success (timed with
 * {@link System#nanoTime()}). When {@link TransportSettings#maxRetries()} attempts in a row have failed it gives up:
 * the frames it holds and every later outbound frame are reported as {@link TransportDescriptor#UNDELIVERED_TYPE}.
 *
 * <p>What is guaranteed: outbound frames taken while disconnected are kept in a send buffer of
 * {@link TransportSettings#sendBufferBytes()} and sent, in order, once connected again; a frame the lost connection
 * carried only in part is sent again whole. When that buffer is full the agent holds the frame and takes no further
 * outbound frames (back pressure reaches the producer), while connected or reconnecting alike; nothing is dropped
 * until the client gives up. Bytes the kernel accepted on a connection that is then lost cannot be known to have
 * arrived (there is no acknowledgement in the byte stream) and are not sent again. A frame larger than the send
 * buffer is reported. A full inbound ring stops reading (bytes stay in the kernel).
 *
 * <p>All methods but the counters, {@link #isConnected()} and {@link #hasGivenUp()} run on the agent thread. Nothing
 * is allocated per frame; each connection attempt opens a channel.
 */
public final class TcpClientAgent extends TransportAgent
{
    private static final int BACKOFF = 0;
    private static final int CONNECTING = 1;
    private static final int CONNECTED = 2;
    private static final int GAVE_UP = 3;

    private final SocketAddress remote;
    private final boolean unix;
    private final SendBuffer send;
    private final ByteBuffer readBuffer;
    private final MemorySegment readSegment;
    private final long initialBackoffNs;
    private final long maxBackoffNs;
    private final double growthRate;
    private final long maxRetries;
    private final boolean randomized;
    private long failedAttempts;
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
     * @param remote the address to connect to: an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress}.
     * @param inbound the ring received bytes go to.
     * @param outbound the ring of frames to send.
     * @param clock the source of ingest times.
     * @param settings buffer sizes, reconnect policy and poll limit.
     */
    public TcpClientAgent(final SocketAddress remote, final EventRing inbound, final EventRing outbound,
        final EpochNanoClock clock, final TransportSettings settings)
    {
        super(inbound, outbound, clock, settings);
        this.remote = remote;
        this.unix = remote instanceof UnixDomainSocketAddress;
        this.send = new SendBuffer(settings.sendBufferBytes());
        this.readBuffer = ByteBuffer.allocateDirect(Math.min(settings.readBufferBytes(), inbound.maxPayloadLength()));
        this.readSegment = MemorySegment.ofBuffer(readBuffer);
        this.initialBackoffNs = settings.initialBackoffNs();
        this.maxBackoffNs = Math.max(settings.maxBackoffNs(), initialBackoffNs);
        this.growthRate = settings.growthRate();
        this.maxRetries = settings.maxRetries();
        this.randomized = settings.randomized();
        this.backoffNs = initialBackoffNs;
        this.reconnectDeadlineNs = System.nanoTime();
    }

    @Override
    public String roleName()
    {
        return unix ? "unix-client" : "tcp-client";
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
        if (state == GAVE_UP)
        {
            // the buffered frames are older than any outbound frame still to come: they are reported first
            final int reported = reportBuffered();
            return send.isEmpty() ? reported + pollOutbound() : reported;
        }
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
        if (state == GAVE_UP)
        {
            return work;
        }
        if (state == CONNECTED && pendingLength == 0 && !readsStopped)
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
     * Whether the client stopped reconnecting after {@link TransportSettings#maxRetries()} failed attempts; it then
     * reports every frame as undelivered. Any thread.
     *
     * @return true once it gave up.
     */
    public boolean hasGivenUp()
    {
        return state == GAVE_UP;
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
        if (length <= send.capacity() && state != GAVE_UP)
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
            }
            if (state != GAVE_UP)
            {
                return false;
            }
        }
        reportUndelivered(ingestNs, id, memory, offset, length);
        return true;
    }

    /** After giving up: the frames still in the send buffer go to the inbound ring as undelivered, oldest first. */
    private int reportBuffered()
    {
        int work = 0;
        while (!send.isEmpty() && !(held.held && held.toInbound))
        {
            final int length = Math.min(send.headLength(), inbound.maxPayloadLength());
            if (!inbound.offer(TransportDescriptor.UNDELIVERED_TYPE, 0, 0, send.segment(), send.headOffset(), length))
            {
                break;
            }
            send.dropHead();
            countUndelivered(1);
            work++;
        }
        return work;
    }

    private void startConnect()
    {
        try
        {
            channel = unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
            channel.configureBlocking(false);
            if (!unix)
            {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
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
            attemptFailed();
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
            attemptFailed();
            return 1;
        }
    }

    private void onConnected()
    {
        connectionId++;
        connects = connects + 1;
        failedAttempts = 0;
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

    /** A connection was lost: wait the first interval, then connect again (if any attempt is allowed at all). */
    private void lose()
    {
        CloseHelper.quietClose(channel);
        channel = null;
        backoffNs = initialBackoffNs;
        scheduleOrGiveUp();
    }

    private void attemptFailed()
    {
        CloseHelper.quietClose(channel);
        channel = null;
        failedAttempts++;
        backoffNs = nextBackoffNs(backoffNs);
        scheduleOrGiveUp();
    }

    private void scheduleOrGiveUp()
    {
        if (failedAttempts >= maxRetries)
        {
            state = GAVE_UP;
            return;
        }
        state = BACKOFF;
        reconnectDeadlineNs = System.nanoTime() + backoffNs;
    }

    /** The wait after one more failure: grown by the rate (a random factor up to it when randomized), capped. */
    private long nextBackoffNs(final long currentNs)
    {
        if (failedAttempts <= 1)
        {
            return initialBackoffNs;
        }
        final double grown = currentNs * growthRate;
        double next = grown;
        if (randomized)
        {
            final double low = Math.min(currentNs, grown);
            final double high = Math.max(currentNs, grown);
            next = low + ThreadLocalRandom.current().nextDouble() * (high - low);
        }
        return (long)Math.max(1, Math.min(next, (double)maxBackoffNs));
    }
}
