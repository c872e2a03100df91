package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.agrona.concurrent.Agent;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test helpers: drive agents from the test thread until a condition holds (with a deadline), and collect frames.
 */
final class Frames implements EventRing.FrameHandler
{
    record Frame(int type, long id, String text)
    {
    }

    final List<Frame> frames = new ArrayList<>();
    final StringBuilder data = new StringBuilder();

    @Override
    public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory, final long offset,
        final int length)
    {
        final byte[] bytes = new byte[length];
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
        final String text = new String(bytes, StandardCharsets.ISO_8859_1);
        frames.add(new Frame(type, id, text));
        if (type == TransportDescriptor.DATA_TYPE)
        {
            data.append(text);
        }
    }

    static MemorySegment bytes(final String text)
    {
        return MemorySegment.ofArray(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static void offer(final EventRing ring, final long id, final String text)
    {
        final MemorySegment payload = bytes(text);
        if (!ring.offer(TransportDescriptor.DATA_TYPE, 0, id, payload, 0, (int)payload.byteSize()))
        {
            fail("ring full");
        }
    }

    static void driveUntil(final BooleanSupplier condition, final Runnable each, final Agent... agents) throws Exception
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("timed out");
            }
            int work = 0;
            for (final Agent agent : agents)
            {
                work += agent.doWork();
            }
            each.run();
            if (work == 0)
            {
                Thread.onSpinWait();
            }
        }
    }
}
