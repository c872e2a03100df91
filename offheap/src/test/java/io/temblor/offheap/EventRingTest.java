package io.temblor.offheap;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames go through the ring byte for byte with their type, ingest time and id, in order; a full ring refuses a frame
 * (and takes it once there is room); a frame that can never fit is an error, not a silent drop.
 */
class EventRingTest
{
    private static MemorySegment bytes(final String text)
    {
        return MemorySegment.ofArray(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldDeliverFramesInOrderWithTheirHeaders()
    {
        final EventRing ring = new EventRing(4096);
        for (int i = 0; i < 10; i++)
        {
            final MemorySegment payload = bytes("{\"n\":" + i + "}");
            assertTrue(ring.offer(1 + i % 3, 1000 + i, i, payload, 0, (int)payload.byteSize()));
        }
        final List<String> got = new ArrayList<>();
        final int read = ring.poll((type, ingestNs, id, memory, offset, length) ->
        {
            final byte[] b = new byte[length];
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, b, 0, length);
            got.add(type + "/" + ingestNs + "/" + id + "/" + new String(b, StandardCharsets.UTF_8));
        }, 100);
        assertEquals(10, read);
        for (int i = 0; i < 10; i++)
        {
            assertEquals((1 + i % 3) + "/" + (1000 + i) + "/" + i + "/{\"n\":" + i + "}", got.get(i));
        }
    }

    @Test
    void shouldCopyAFramesPayloadFromAnAgronaBufferWhetherOnOrOffHeap()
    {
        final EventRing ring = new EventRing(4096);
        final byte[] text = "..{\"a\":1}..".getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer direct = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(text.length));
        direct.putBytes(0, text);
        assertTrue(ring.offer(1, 7, 3, new UnsafeBuffer(text), 2, 7));
        assertTrue(ring.offer(2, 8, 4, direct, 2, 7));
        final List<String> got = new ArrayList<>();
        ring.poll((type, ingestNs, id, memory, offset, length) ->
        {
            final byte[] b = new byte[length];
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, b, 0, length);
            got.add(type + "/" + ingestNs + "/" + id + "/" + new String(b, StandardCharsets.UTF_8));
        }, 10);
        assertEquals(List.of("1/7/3/{\"a\":1}", "2/8/4/{\"a\":1}"), got);
        assertThrows(IllegalArgumentException.class, () -> ring.offer(1, 0, 0, new UnsafeBuffer(new byte[4096]), 0, 4096));
    }

    @Test
    void shouldRefuseWhenFullAndAcceptAfterTheReaderCaughtUp()
    {
        final EventRing ring = new EventRing(1024);
        final MemorySegment payload = bytes("x".repeat(100));
        int accepted = 0;
        while (ring.offer(1, 0, accepted, payload, 0, 100))
        {
            accepted++;
        }
        assertTrue(accepted > 0 && accepted < 10, "accepted " + accepted);
        assertFalse(ring.offer(1, 0, accepted, payload, 0, 100));
        assertEquals(1, ring.poll((type, ns, id, memory, offset, length) -> assertEquals(100, length), 1));
        assertTrue(ring.offer(1, 0, accepted, payload, 0, 100));
    }

    @Test
    void shouldRejectAFrameLargerThanTheRingCanEverHold()
    {
        final EventRing ring = new EventRing(1024);
        final MemorySegment payload = bytes("x".repeat(ring.maxPayloadLength() + 1));
        assertThrows(IllegalArgumentException.class, () -> ring.offer(1, 0, 0, payload, 0, (int)payload.byteSize()));
    }

    @Test
    void shouldRefuseASecondProducerOrConsumerThreadWhileTheFirstLives() throws Exception
    {
        final EventRing ring = new EventRing(4096);
        final MemorySegment payload = bytes("{}");
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch used = new java.util.concurrent.CountDownLatch(1);
        final Thread other = new Thread(() ->
        {
            ring.offer(1, 0, 0, payload, 0, 2);
            ring.poll((type, ingestNs, id, memory, offset, length) -> { }, 1);
            used.countDown();
            try
            {
                release.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        other.start();
        used.await();
        try
        {
            // only under -ea (the tests run with it): the check is an assertion, free in production
            final IllegalStateException write = assertThrows(IllegalStateException.class,
                () -> ring.offer(1, 0, 0, payload, 0, 2));
            assertTrue(write.getMessage().endsWith("a ring has one producer thread"), write.getMessage());
            final IllegalStateException read = assertThrows(IllegalStateException.class,
                () -> ring.poll((type, ingestNs, id, memory, offset, length) -> { }, 1));
            assertTrue(read.getMessage().endsWith("a ring has one consumer thread"), read.getMessage());
        }
        finally
        {
            release.countDown();
            other.join();
        }
        // once the first thread has ended, another may take over (a test thread, then an agent thread)
        assertTrue(ring.offer(1, 0, 0, payload, 0, 2));
        assertEquals(1, ring.poll((type, ingestNs, id, memory, offset, length) -> { }, 1));
    }
}
