package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.agrona.CloseHelper;
import org.agrona.concurrent.EpochNanoClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * What the UDP agents share: one direct receive buffer a byte longer than the largest datagram accepted (so a longer
 * one shows as a full buffer), one direct send buffer, and holding a received datagram while the inbound ring is
 * full. A datagram over the maximum is reported as an {@link TransportDescriptor#OVERSIZE_TYPE} frame carrying its
 * first bytes; an outbound frame over it is reported as {@link TransportDescriptor#UNDELIVERED_TYPE}.
 */
abstract class DatagramAgent extends TransportAgent
{
    final DatagramChannel channel;
    final ByteBuffer receiveBuffer;
    final MemorySegment receiveSegment;
    final ByteBuffer sendBuffer;
    final MemorySegment sendSegment;
    final int maxReceiveBytes;
    final int maxDatagramBytes;
    private final int localPort;
    private boolean pending;
    private int pendingType;
    private long pendingId;
    private long pendingIngestNs;
    private int pendingLength;
    private volatile long oversizeDatagrams;

    DatagramAgent(final DatagramChannel channel, final EventRing inbound, final EventRing outbound,
        final EpochNanoClock clock, final TransportSettings settings)
    {
        super(inbound, outbound, clock, settings);
        this.channel = channel;
        this.maxDatagramBytes = settings.maxDatagramBytes();
        this.maxReceiveBytes = Math.min(maxDatagramBytes, inbound.maxPayloadLength());
        this.receiveBuffer = ByteBuffer.allocateDirect(maxReceiveBytes + 1);
        this.receiveSegment = MemorySegment.ofBuffer(receiveBuffer);
        this.sendBuffer = ByteBuffer.allocateDirect(maxDatagramBytes);
        this.sendSegment = MemorySegment.ofBuffer(sendBuffer);
        try
        {
            this.localPort = ((InetSocketAddress)channel.getLocalAddress()).getPort();
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(channel);
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Opens a non-blocking socket, connected to {@code address} or bound to it (cold path, calling thread).
     *
     * @param address the peer to connect to, or the address and port to bind.
     * @param connect true to connect, false to bind.
     * @return the open channel.
     * @throws UncheckedIOException when the socket cannot be opened, connected or bound (nothing is left open).
     */
    static DatagramChannel openChannel(final InetSocketAddress address, final boolean connect)
    {
        DatagramChannel channel = null;
        try
        {
            channel = DatagramChannel.open();
            if (connect)
            {
                channel.connect(address);
            }
            else
            {
                channel.bind(address);
            }
            channel.configureBlocking(false);
            return channel;
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(channel);
            throw new UncheckedIOException((connect ? "cannot open a socket to " : "cannot bind ") + address, ex);
        }
    }

    /**
     * The local port of the socket: the one it is bound to, which a client sends from. Any thread.
     *
     * @return the port.
     */
    public int localPort()
    {
        return localPort;
    }

    /**
     * Receives one datagram into {@link #receiveBuffer} (cleared by the caller).
     *
     * @return the peer id, or -1 when there was none.
     */
    abstract long receive() throws IOException;

    /**
     * Reads datagrams until none is waiting, the limit, or a full inbound ring, then takes outbound frames.
     *
     * @return the work done (0 when idle).
     */
    @Override
    public int doWork()
    {
        int work = 0;
        if (pending)
        {
            if (!offerReceived())
            {
                return pollOutbound();
            }
            work++;
        }
        for (int i = 0; i < pollLimit && !readsStopped; i++)
        {
            receiveBuffer.clear();
            final long id;
            try
            {
                id = receive();
            }
            catch (final IOException ex)
            {
                countIoError();
                break;
            }
            if (id < 0)
            {
                break;
            }
            work++;
            final int received = receiveBuffer.position();
            pendingId = id;
            pendingIngestNs = clock.nanoTime();
            if (received > maxReceiveBytes)
            {
                oversizeDatagrams = oversizeDatagrams + 1;
                pendingType = TransportDescriptor.OVERSIZE_TYPE;
                pendingLength = maxReceiveBytes;
            }
            else
            {
                pendingType = TransportDescriptor.DATA_TYPE;
                pendingLength = received;
            }
            if (!offerReceived())
            {
                pending = true;
                break;
            }
        }
        return work + pollOutbound();
    }

    @Override
    public void onClose()
    {
        CloseHelper.quietClose(channel);
    }

    /**
     * Datagrams received that were longer than the maximum (reported, not delivered). Any thread.
     *
     * @return the count.
     */
    public long oversizeDatagrams()
    {
        return oversizeDatagrams;
    }

    /**
     * Sends the payload if it fits in a datagram.
     *
     * @return false when the socket cannot take it now.
     */
    final boolean sendDatagram(final long ingestNs, final long id, final MemorySegment memory, final long offset,
        final int length)
    {
        if (length > maxDatagramBytes)
        {
            reportUndelivered(ingestNs, id, memory, offset, length);
            return true;
        }
        MemorySegment.copy(memory, offset, sendSegment, 0, length);
        sendBuffer.clear().limit(length);
        try
        {
            return write(id, sendBuffer) > 0 || length == 0;
        }
        catch (final IOException ex)
        {
            countIoError();
            reportUndelivered(ingestNs, id, memory, offset, length);
            return true;
        }
    }

    /**
     * Writes one datagram to the peer with this id.
     *
     * @return bytes sent (0 when the socket buffer is full).
     */
    abstract int write(long id, ByteBuffer datagram) throws IOException;

    private boolean offerReceived()
    {
        final boolean offered = inbound.offer(pendingType, pendingIngestNs, pendingId, receiveSegment, 0, pendingLength);
        pending = !offered;
        return offered;
    }
}
