package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.agrona.concurrent.EpochNanoClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A UDP client as an agent: a socket connected to one peer; each outbound frame goes out as one datagram, each
 * datagram from the peer comes in as one {@link TransportDescriptor#DATA_TYPE} frame with id {@link #PEER_ID}. When
 * nothing listens at the peer, the kernel's port-unreachable notice fails a later send or receive: it is counted in
 * {@link #ioErrors()} and a frame whose send failed is reported as {@link TransportDescriptor#UNDELIVERED_TYPE}.
 * Oversize datagrams are reported, see {@link DatagramAgent}.
 *
 * <p>Agent thread only, but for the counters and {@link #localPort()}. Nothing is allocated per datagram.
 */
public final class UdpClientAgent extends DatagramAgent
{
    /** The id of frames received from the peer. */
    public static final long PEER_ID = 1;

    /**
     * Opens a socket on an ephemeral port connected to the peer (cold path, calling thread).
     *
     * @param remote the peer's address.
     * @param inbound the ring received datagrams go to.
     * @param outbound the ring of frames to send.
     * @param clock the source of ingest times.
     * @param settings the largest datagram and poll limit.
     * @throws UncheckedIOException when the socket cannot be opened.
     */
    public UdpClientAgent(final InetSocketAddress remote, final EventRing inbound, final EventRing outbound,
        final EpochNanoClock clock, final TransportSettings settings)
    {
        super(openChannel(remote, true), inbound, outbound, clock, settings);
    }

    @Override
    public String roleName()
    {
        return "udp-client";
    }

    @Override
    long receive() throws IOException
    {
        return channel.read(receiveBuffer) > 0 || receiveBuffer.position() > 0 ? PEER_ID : -1;
    }

    @Override
    boolean deliver(final int type, final long ingestNs, final long id, final MemorySegment memory, final long offset,
        final int length)
    {
        return sendDatagram(ingestNs, id, memory, offset, length);
    }

    @Override
    int write(final long id, final ByteBuffer datagram) throws IOException
    {
        return channel.write(datagram);
    }
}
