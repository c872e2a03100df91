package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.Object2LongHashMap;
import org.agrona.concurrent.EpochNanoClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A UDP server as an agent: receives datagrams on a bound socket, one {@link TransportDescriptor#DATA_TYPE} frame per
 * datagram with the sender's peer id (from 1 up, one per distinct address, kept for the agent's life) in the id, and
 * sends each outbound frame as one datagram to the peer whose id the frame carries (unknown peers are reported as
 * {@link TransportDescriptor#UNDELIVERED_TYPE}). Oversize datagrams are reported, see {@link DatagramAgent}.
 *
 * <p>Agent thread only, but for the counters and {@link #localPort()}. Nothing is allocated per datagram from a known
 * peer (the JDK reuses the sender address object while the sender does not change).
 */
public final class UdpServerAgent extends DatagramAgent
{
    private final Object2LongHashMap<SocketAddress> peerIds = new Object2LongHashMap<>(-1);
    private final Long2ObjectHashMap<SocketAddress> peers = new Long2ObjectHashMap<>();
    private long nextPeerId = 1;

    /**
     * Binds the socket (cold path, calling thread).
     *
     * @param bindAddress the address and port to bind; port 0 picks a free one (see {@link #localPort()}).
     * @param inbound the ring received datagrams go to.
     * @param outbound the ring of frames to send.
     * @param clock the source of ingest times.
     * @param settings the largest datagram and poll limit.
     * @throws UncheckedIOException when the address cannot be bound.
     */
    public UdpServerAgent(final InetSocketAddress bindAddress, final EventRing inbound, final EventRing outbound,
        final EpochNanoClock clock, final TransportSettings settings)
    {
        super(openChannel(bindAddress, false), inbound, outbound, clock, settings);
    }

    @Override
    public String roleName()
    {
        return "udp-server";
    }

    /**
     * Distinct peers seen so far. Agent thread.
     *
     * @return the count.
     */
    public int peerCount()
    {
        return peers.size();
    }

    @Override
    long receive() throws IOException
    {
        final SocketAddress from = channel.receive(receiveBuffer);
        if (from == null)
        {
            return -1;
        }
        long id = peerIds.getValue(from);
        if (id < 0)
        {
            id = nextPeerId++;
            peerIds.put(from, id);
            peers.put(id, from);
            peer(id, from);
        }
        return id;
    }

    @Override
    boolean deliver(final int type, final long ingestNs, final long id, final MemorySegment memory, final long offset,
        final int length)
    {
        if (!peers.containsKey(id))
        {
            reportUndelivered(ingestNs, id, memory, offset, length);
            return true;
        }
        return sendDatagram(ingestNs, id, memory, offset, length);
    }

    @Override
    int write(final long id, final ByteBuffer datagram) throws IOException
    {
        return channel.send(datagram, peers.get(id));
    }
}
