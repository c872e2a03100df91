package io.temblor.bench.pipeline;

import io.temblor.engine.qos.TokenBuckets;

import java.util.SplittableRandom;

/**
 * The rate-limit workload shared by the benchmark, its test and the report: every key may pass {@link #RATE_PER_SEC}
 * events per second with bursts of {@link #BURST}; events arrive as a fixed pseudo-random key sequence, uniform over
 * the key space, and the virtual clock moves so that the keys together are offered {@link #OFFERED_LOAD} times what
 * they may pass. With uniform keys each key then sees about 1.2 events per millisecond against one token per
 * millisecond, so buckets run empty and refill all the time and about one decision in six is a refusal, at every key
 * count once the buckets' initial burst has worn off (the share measured by {@link #steadyLimitedShare} is
 * recorded in each run's env.json).
 */
public final class RateLimitWorkload
{
    /** Tokens per second and key. */
    public static final long RATE_PER_SEC = 1000;
    /** Bucket capacity in events. */
    public static final long BURST = 10;
    /** Events offered per key over what the rate allows. */
    public static final double OFFERED_LOAD = 1.2;
    /** Length of the key sequence, cycled (2^20 keys, 8 MiB). */
    public static final int SEQUENCE_LENGTH = 1 << 20;
    /** Seed of the key sequence. */
    public static final long SEED = 0x7E3B_104L;
    /** Events per key after which the initial full buckets no longer show in the refusal share. */
    public static final int STEADY_SKIP_PER_KEY = 200;
    /** Virtual time of the first decision: 1 s, so no limiter sees time 0. */
    public static final long START_NANOS = 1_000_000_000L;

    private RateLimitWorkload()
    {
    }

    /**
     * The key sequence: {@link #SEQUENCE_LENGTH} key indices in {@code [0, keys)}, uniform, from {@link #SEED}.
     *
     * @param keys the key count.
     * @return the sequence.
     */
    public static long[] sequence(final int keys)
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final long[] sequence = new long[SEQUENCE_LENGTH];
        for (int i = 0; i < sequence.length; i++)
        {
            sequence[i] = random.nextInt(keys);
        }
        return sequence;
    }

    /**
     * The clock step per decision in fixed point: {@code 1 / (rate * load * keys)} seconds.
     *
     * @param keys the key count.
     * @return the step in ns times 2^{@link VirtualClock#FRACTION_BITS}.
     */
    public static long stepFixed(final int keys)
    {
        return Math.round((1e9 * (1L << VirtualClock.FRACTION_BITS)) / (RATE_PER_SEC * OFFERED_LOAD * keys));
    }

    /**
     * A clock for a key count, at {@link #START_NANOS}.
     *
     * @param keys the key count.
     * @return the clock.
     */
    static VirtualClock clock(final int keys)
    {
        return new VirtualClock(START_NANOS, stepFixed(keys));
    }

    /**
     * The share of decisions TokenBuckets refuses over {@code decisions} decisions of the workload, after the first
     * {@code skip} (every bucket starts full, so the first {@link #BURST} events of each key all pass; a measurement
     * that should show the steady state skips a few hundred events per key, as JMH's warm-up does).
     *
     * @param keys      the key count.
     * @param skip      decisions made first and not counted.
     * @param decisions decisions counted.
     * @return refusals over counted decisions.
     */
    public static double limitedShare(final int keys, final long skip, final long decisions)
    {
        final long[] sequence = sequence(keys);
        final VirtualClock clock = clock(keys);
        final TokenBuckets buckets = new TokenBuckets(RATE_PER_SEC, BURST, keys);
        long limited = 0;
        for (long i = 0; i < skip + decisions; i++)
        {
            final int decision = buckets.acquire(sequence[(int)(i & (SEQUENCE_LENGTH - 1))] + 1, clock.advance());
            if (i >= skip && decision != TokenBuckets.PASS)
            {
                limited++;
            }
        }
        return (double)limited / decisions;
    }

    /**
     * {@link #limitedShare} in the steady state: after {@link #STEADY_SKIP_PER_KEY} events per key, over
     * {@link #SEQUENCE_LENGTH} decisions.
     *
     * @param keys the key count.
     * @return refusals over decisions.
     */
    public static double steadyLimitedShare(final int keys)
    {
        return limitedShare(keys, (long)STEADY_SKIP_PER_KEY * keys, SEQUENCE_LENGTH);
    }
}
