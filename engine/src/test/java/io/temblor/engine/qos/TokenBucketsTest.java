package io.temblor.engine.qos;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketsTest
{
    /** The reference: a bucket per key holding credit in ns (burst * interval when full), refilled by elapsed time. */
    private static final class Reference
    {
        private final long interval;
        private final long capacity;
        private final Map<Long, long[]> buckets = new HashMap<>();

        Reference(final long interval, final long burst)
        {
            this.interval = interval;
            this.capacity = burst * interval;
        }

        int acquire(final long key, final long now)
        {
            final long[] b = buckets.computeIfAbsent(key, k -> new long[]{capacity, now});
            b[0] = Math.min(capacity, b[0] + (now - b[1]));
            b[1] = now;
            if (b[0] >= interval)
            {
                b[0] -= interval;
                return TokenBuckets.PASS;
            }
            return TokenBuckets.OVERFLOW;
        }
    }

    @Test
    void shouldDecideAsTokenBucketModelWhenEventsAreRandom()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++)
        {
            // given: a rate, a burst, a few keys, and events at random non-decreasing times
            final double rate = new double[]{1, 3, 10, 1000, 250_000}[random.nextInt(5)];
            final long burst = 1 + random.nextInt(20);
            final int keyCount = 1 + random.nextInt(50);
            final TokenBuckets buckets = new TokenBuckets(rate, burst, keyCount);
            final Reference reference = new Reference(buckets.intervalNanos(), burst);
            final Map<Long, List<Long>> passes = new HashMap<>();
            long now = random.nextLong(1L << 40);
            int in = 0;
            int passed = 0;
            int overflow = 0;
            for (int i = 0; i < 5_000; i++)
            {
                now += random.nextInt(4) == 0 ? random.nextLong(3 * buckets.intervalNanos()) : 0;
                final long key = random.nextInt(keyCount) * 0x1234_5678_9ABCL;
                // when
                final int decision = buckets.acquire(key, now);
                // then: the same decision as the model, and counted once
                assertEquals(reference.acquire(key, now), decision, "round " + round + " event " + i);
                in++;
                if (decision == TokenBuckets.PASS)
                {
                    passed++;
                    passes.computeIfAbsent(key, k -> new ArrayList<>()).add(now);
                }
                else
                {
                    overflow++;
                }
            }
            assertEquals(in, passed + overflow);
            // no key passes more than burst + window / interval events in any window
            for (final List<Long> times : passes.values())
            {
                for (final long window : new long[]{buckets.intervalNanos(), 10 * buckets.intervalNanos()})
                {
                    int first = 0;
                    for (int last = 0; last < times.size(); last++)
                    {
                        while (times.get(last) - times.get(first) >= window)
                        {
                            first++;
                        }
                        assertTrue(last - first + 1 <= burst + window / buckets.intervalNanos(),
                            "rate " + rate + " burst " + burst + ": " + (last - first + 1) + " passes in " + window + " ns");
                    }
                }
            }
        }
    }

    @Test
    void shouldRefuseNewKeyOnlyWhileEveryTrackedKeyIsLimiting()
    {
        // given: room for two keys, one event per second, no burst
        final TokenBuckets buckets = new TokenBuckets(1, 1, 2);
        final long second = 1_000_000_000L;
        assertEquals(TokenBuckets.PASS, buckets.acquire(1, 0));
        assertEquals(TokenBuckets.PASS, buckets.acquire(2, second / 2));
        // when / then: a third key finds both buckets empty
        assertEquals(TokenBuckets.FULL, buckets.acquire(3, second / 2));
        assertEquals(TokenBuckets.OVERFLOW, buckets.acquire(1, second / 2));
        // key 1 is full again at 1 s, so it makes room without changing any decision
        assertEquals(TokenBuckets.PASS, buckets.acquire(3, second));
        assertEquals(2, buckets.size());
        // key 1 was dropped and is new again while keys 2 and 3 are limiting
        assertEquals(TokenBuckets.FULL, buckets.acquire(1, second));
        assertEquals(TokenBuckets.OVERFLOW, buckets.acquire(2, second));
        assertEquals(TokenBuckets.PASS, buckets.acquire(2, 3 * second / 2));
    }

    @Test
    void shouldKeepKeyZeroApartFromFreeSlots()
    {
        final TokenBuckets buckets = new TokenBuckets(1, 2, 1);
        assertEquals(TokenBuckets.PASS, buckets.acquire(0, 0));
        assertEquals(TokenBuckets.PASS, buckets.acquire(0, 0));
        assertEquals(TokenBuckets.OVERFLOW, buckets.acquire(0, 0));
        assertEquals(TokenBuckets.PASS, buckets.acquire(5, 0));
    }

    @Test
    void shouldRejectBadSettings()
    {
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(Double.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(1, 1, 0));
    }

    @Test
    void shouldAllocateNothingWhenDecidingForManyKeys()
    {
        final TokenBuckets buckets = new TokenBuckets(1000, 10, 100_000);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        long now = 0;
        int passed = 0;
        for (int i = 0; i < 2_000_000; i++)
        {
            passed += buckets.acquire((i * 7919L) % 100_000 + 1, now += 10) == TokenBuckets.PASS ? 1 : 0;
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 2_000_000; i++)
        {
            passed += buckets.acquire((i * 7919L) % 100_000 + 1, now += 10) == TokenBuckets.PASS ? 1 : 0;
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(passed > 0);
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 2M decisions");
    }
}
