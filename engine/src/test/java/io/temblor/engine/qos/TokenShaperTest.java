package io.temblor.engine.qos;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenShaperTest
{
    /**
     * The reference: a byte-occupancy map of the ring (a frame goes at the end of the last one, or at 0 with the rest
     * of the ring as padding when it does not fit before the end; it is FULL when any byte it needs is taken), a FIFO
     * of payloads, and a token bucket with exact big-integer credit.
     */
    private static final class Reference
    {
        private final boolean[] taken;
        private final ArrayDeque<int[]> blocks = new ArrayDeque<>(); // {start, size, isFrame}
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private final BigInteger cap;
        private final BigInteger period;
        private final BigInteger rate;
        private BigInteger credit;
        private Long last;

        Reference(final int capacity, final long rate, final long period, final long burst)
        {
            taken = new boolean[capacity];
            this.rate = BigInteger.valueOf(rate);
            this.period = BigInteger.valueOf(period);
            this.cap = BigInteger.valueOf(burst).multiply(this.period);
            this.credit = cap;
        }

        private void refill(final long now)
        {
            if (last != null && now > last)
            {
                credit = credit.add(BigInteger.valueOf(now - last).multiply(rate)).min(cap);
            }
            if (last == null || now > last)
            {
                last = now;
            }
        }

        int offer(final byte[] payload, final long now)
        {
            refill(now);
            final int size = (4 + payload.length + 3) / 4 * 4;
            int at = blocks.isEmpty() ? 0 : (blocks.peekLast()[0] + blocks.peekLast()[1]) % taken.length;
            if (size > taken.length)
            {
                return TokenShaper.FULL;
            }
            if (at + size <= taken.length)
            {
                if (!free(at, size))
                {
                    return TokenShaper.FULL;
                }
            }
            else
            {
                if (!free(at, taken.length - at) || !free(0, size))
                {
                    return TokenShaper.FULL;
                }
                take(at, taken.length - at, 0);
                at = 0;
            }
            take(at, size, 1);
            queue.add(payload);
            return TokenShaper.ACCEPTED;
        }

        List<byte[]> poll(final long now, final int limit)
        {
            refill(now);
            final List<byte[]> out = new ArrayList<>();
            while (out.size() < limit && !queue.isEmpty() && credit.compareTo(period) >= 0)
            {
                int[] block;
                do
                {
                    block = blocks.poll();
                    Arrays.fill(taken, block[0], block[0] + block[1], false);
                }
                while (block[2] == 0);
                out.add(queue.poll());
                credit = credit.subtract(period);
            }
            return out;
        }

        int usedBytes()
        {
            int used = 0;
            for (final boolean b : taken)
            {
                used += b ? 1 : 0;
            }
            return used;
        }

        private boolean free(final int from, final int size)
        {
            for (int i = from; i < from + size; i++)
            {
                if (taken[i])
                {
                    return false;
                }
            }
            return true;
        }

        private void take(final int from, final int size, final int isFrame)
        {
            Arrays.fill(taken, from, from + size, true);
            blocks.add(new int[]{from, size, isFrame});
        }
    }

    @Test
    void shouldReleaseAsModelWhenOffersAndPollsAreRandom()
    {
        final long seed = 0x7A9E_5EEDL;
        final SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 300; round++)
        {
            final String where = "seed " + seed + " round " + round;
            // given: a small ring, a rate per period and a burst
            final int capacity = 4 * (2 + random.nextInt(150));
            final long rate = 1 + random.nextInt(5);
            final long period = new long[]{1, 7, 1000, 1_000_000}[random.nextInt(4)];
            final long burst = 1 + random.nextInt(8);
            final TokenShaper shaper = new TokenShaper(capacity, rate, period, burst);
            final Reference reference = new Reference(capacity, rate, period, burst);
            final List<byte[]> released = new ArrayList<>();
            final List<Long> releaseTimes = new ArrayList<>();
            final long[] pollTime = new long[1];
            final TokenShaper.FrameHandler handler = (buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.get(offset, copy);
                released.add(copy);
                releaseTimes.add(pollTime[0]);
            };
            long now = random.nextLong(1L << 40);
            int offered = 0;
            int full = 0;
            int serial = 0;
            for (int i = 0; i < 2_000; i++)
            {
                if (random.nextInt(3) == 0)
                {
                    now += random.nextLong(3 * period / rate + 1);
                }
                if (random.nextInt(5) < 3)
                {
                    // when: an offer of a payload that names itself
                    final int length = random.nextInt(8) == 0 ? random.nextInt(capacity + 4) : random.nextInt(24);
                    final byte[] payload = new byte[length];
                    random.nextBytes(payload);
                    if (length >= 4)
                    {
                        ByteBuffer.wrap(payload).putInt(0, serial++);
                    }
                    final byte[] framed = new byte[length + 6];
                    System.arraycopy(payload, 0, framed, 3, length);
                    final boolean room = shaper.hasRoomFor(length);
                    final int result = random.nextBoolean() ? shaper.offer(framed, 3, length, now)
                        : shaper.offer(MemorySegment.ofArray(framed), 3, length, now);
                    assertEquals(room, result == TokenShaper.ACCEPTED, where + " room " + i);
                    // then: FULL exactly when the model lacks room
                    assertEquals(reference.offer(payload, now), result, where + " offer " + i);
                    offered++;
                    full += result == TokenShaper.FULL ? 1 : 0;
                }
                else
                {
                    // when: a poll
                    final int limit = random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt(4);
                    pollTime[0] = now;
                    final int before = released.size();
                    final int count = shaper.poll(handler, now, limit);
                    // then: the model's frames, in order, byte for byte
                    final List<byte[]> expected = reference.poll(now, limit);
                    assertEquals(expected.size(), count, where + " poll " + i);
                    for (int f = 0; f < count; f++)
                    {
                        assertArrayEquals(expected.get(f), released.get(before + f), where + " poll " + i);
                    }
                }
                assertEquals(reference.usedBytes(), shaper.usedBytes(), where);
                assertEquals(offered, released.size() + shaper.size() + full, where);
            }
            // no window of W ns releases more than burst + W * rate / period frames
            for (int last = 0; last < releaseTimes.size(); last++)
            {
                for (int first = 0; first < last; first++)
                {
                    final long window = releaseTimes.get(last) - releaseTimes.get(first);
                    assertTrue(last - first + 1 <= burst + window * rate / period,
                        where + ": " + (last - first + 1) + " released in " + window + " ns");
                }
            }
        }
    }

    @Test
    void shouldReleaseAtRateWithinOneEventWhenBacklogged()
    {
        final SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 50; round++)
        {
            // given: a queue that never runs dry, polled often enough that the bucket never fills
            final long rate = 1 + random.nextInt(10);
            final long period = 1_000_000L * (1 + random.nextInt(100));
            final long burst = 2 + random.nextInt(5);
            final TokenShaper shaper = new TokenShaper(1 << 16, rate, period, burst);
            final byte[] event = new byte[8];
            final List<long[]> polls = new ArrayList<>(); // {time, released so far}
            long now = 0;
            long total = 0;
            while (shaper.offer(event, 0, event.length, now) == TokenShaper.ACCEPTED)
            {
                // fill
            }
            // when
            for (int i = 0; i < 500; i++)
            {
                now += 1 + random.nextLong((burst - 1) * period / rate);
                total += shaper.poll((b, o, l) -> { }, now, Integer.MAX_VALUE);
                while (shaper.offer(event, 0, event.length, now) == TokenShaper.ACCEPTED)
                {
                    // refill the backlog
                }
                polls.add(new long[]{now, total});
            }
            // then: between any two polls, the released count is the ideal rate's rounded up or down
            for (int j = 0; j < polls.size(); j += 7)
            {
                for (int k = j + 1; k < polls.size(); k++)
                {
                    final double ideal = (double)(polls.get(k)[0] - polls.get(j)[0]) * rate / period;
                    final long count = polls.get(k)[1] - polls.get(j)[1];
                    assertTrue(Math.abs(count - ideal) < 1.0 + 1e-9,
                        "round " + round + ": " + count + " released where the rate gives " + ideal);
                }
            }
        }
    }

    @Test
    void shouldWrapFramesWithPaddingWhenTheyDoNotFitBeforeTheEnd()
    {
        // given: 32 bytes, frames of 12 (4 + 8)
        final TokenShaper shaper = new TokenShaper(32, 1, 1, 100);
        final byte[] bytes = new byte[8];
        assertEquals(TokenShaper.ACCEPTED, shaper.offer(bytes, 0, 8, 0));
        assertEquals(TokenShaper.ACCEPTED, shaper.offer(bytes, 0, 8, 0));
        // 8 bytes left at the end: a third frame does not fit there, nor at 0
        assertEquals(TokenShaper.FULL, shaper.offer(bytes, 0, 8, 0));
        // but a 4-byte frame does
        assertEquals(TokenShaper.ACCEPTED, shaper.offer(bytes, 0, 4, 0));
        assertEquals(TokenShaper.FULL, shaper.offer(bytes, 0, 0, 0));
        assertEquals(1, shaper.poll((b, o, l) -> assertEquals(8, l), 0, 1));
        // when: 12 bytes free at 0, none at the end
        assertEquals(TokenShaper.ACCEPTED, shaper.offer(bytes, 0, 8, 0));
        assertEquals(32, shaper.usedBytes());
        // then: everything leaves in order
        final List<Integer> lengths = new ArrayList<>();
        assertEquals(3, shaper.poll((b, o, l) -> lengths.add(l), 0, 10));
        assertEquals(List.of(8, 4, 8), lengths);
        assertEquals(0, shaper.usedBytes());
        // an event larger than the ring can never fit
        assertEquals(TokenShaper.FULL, shaper.offer(new byte[40], 0, 29, 0));
        assertEquals(TokenShaper.ACCEPTED, shaper.offer(new byte[40], 0, 28, 0));
    }

    @Test
    void shouldPassWithoutQueuingOnlyWhenIdleWithAToken()
    {
        // given: 1 per 10 ns, burst 2
        final TokenShaper shaper = new TokenShaper(64, 1, 10, 2);
        // when / then: two tokens, then none
        assertTrue(shaper.passIfIdle(0));
        assertTrue(shaper.passIfIdle(0));
        assertFalse(shaper.passIfIdle(5));
        assertEquals(TokenShaper.ACCEPTED, shaper.offer(new byte[1], 0, 1, 5));
        // a token, but a frame waits: it goes first
        assertFalse(shaper.passIfIdle(10));
        assertEquals(1, shaper.poll((b, o, l) -> { }, 10, 10));
        assertFalse(shaper.passIfIdle(10));
        assertTrue(shaper.passIfIdle(20));
        assertEquals(0, shaper.size());
    }

    @Test
    void shouldTellWhenNextFrameIsDue()
    {
        // given: 2 per 10 ns, burst 1
        final TokenShaper shaper = new TokenShaper(64, 2, 10, 1);
        assertEquals(Long.MAX_VALUE, shaper.nextReleaseNs(100));
        shaper.offer(new byte[1], 0, 1, 100);
        shaper.offer(new byte[1], 0, 1, 100);
        // when / then
        assertEquals(100, shaper.nextReleaseNs(100));
        assertEquals(1, shaper.poll((b, o, l) -> { }, 100, 10));
        assertEquals(105, shaper.nextReleaseNs(101));
        assertEquals(0, shaper.poll((b, o, l) -> { }, 104, 10));
        assertEquals(1, shaper.poll((b, o, l) -> { }, 105, 10));
    }

    @Test
    void shouldRejectBadSettings()
    {
        assertThrows(IllegalArgumentException.class, () -> new TokenShaper(6, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenShaper(30, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenShaper(32, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenShaper(32, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenShaper(32, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenShaper(32, 1, 1L << 40, 1L << 40));
    }

    @Test
    void shouldAllocateNothingWhenOfferingAndPolling()
    {
        final TokenShaper shaper = new TokenShaper(1 << 16, 3, 1000, 50);
        final byte[] event = new byte[200];
        final long[] sum = new long[1];
        final TokenShaper.FrameHandler handler = (buffer, offset, length) -> sum[0] += buffer.get(offset) + length;
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        long now = 0;
        int full = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            event[0] = (byte)i;
            full += shaper.offer(event, 0, 100 + (i & 63), now += 300);
            shaper.poll(handler, now, 16);
        }
        // when
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++)
        {
            event[0] = (byte)i;
            full += shaper.offer(event, 0, 100 + (i & 63), now += 300);
            shaper.poll(handler, now, 16);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // then
        assertTrue(full > 0 && sum[0] > 0);
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 1M offers and polls");
    }
}
