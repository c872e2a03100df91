package io.temblor.transport;

import io.temblor.offheap.EventRing;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * One frame an agent took from a ring but could not pass on yet (a full send buffer or a full inbound ring), copied
 * to direct memory so that the agent can stop taking frames until it is through. Owned by one agent.
 */
final class HeldFrame
{
    final MemorySegment segment;
    boolean held;
    boolean toInbound;
    int type;
    long ingestNs;
    long id;
    int length;

    HeldFrame(final int capacityBytes)
    {
        segment = MemorySegment.ofBuffer(ByteBuffer.allocateDirect(capacityBytes));
    }

    void hold(final boolean toInboundRing, final int frameType, final long frameIngestNs, final long frameId,
        final MemorySegment source, final long offset, final int frameLength)
    {
        MemorySegment.copy(source, offset, segment, 0, frameLength);
        held = true;
        toInbound = toInboundRing;
        type = frameType;
        ingestNs = frameIngestNs;
        id = frameId;
        length = frameLength;
    }

    boolean offerTo(final EventRing ring)
    {
        return ring.offer(type, ingestNs, id, segment, 0, length);
    }
}
