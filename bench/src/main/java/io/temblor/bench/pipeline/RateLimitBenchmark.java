package io.temblor.bench.pipeline;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.SynchronizationStrategy;
import io.temblor.engine.qos.TokenBuckets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One operation is one rate-limit decision: the next key of the {@link RateLimitWorkload} sequence, at the next tick of
 * the shared {@link VirtualClock}, passed or refused. Each invocation makes {@link #BATCH} decisions, continuing the
 * sequence and the clock where the previous one stopped. Three limiters side by side, each built in {@code @Setup}
 * (only the measured one) with the same rate and burst: Temblor's {@link TokenBuckets} (one table for all keys, the
 * key handed to it as {@code index + 1}), and Bucket4j with one bucket per key in an array indexed by the key (so
 * Bucket4j is charged no map lookup), unsynchronised ({@link SynchronizationStrategy#NONE}, the fair match for a
 * single-threaded pipeline operator) and with its default lock-free strategy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RateLimitBenchmark
{
    /** Decisions per invocation. */
    public static final int BATCH = 1024;
    /** Benchmark method names, one per limiter, in report order. */
    public static final List<String> LIMITERS = List.of("temblor", "bucket4jUnsynchronised", "bucket4jLockFree");

    private static final int SEQUENCE_MASK = RateLimitWorkload.SEQUENCE_LENGTH - 1;

    /** Distinct keys in the sequence. */
    @Param({"1", "1000", "100000"})
    public int keys;

    long[] sequence;
    int cursor;
    VirtualClock clock;
    TokenBuckets temblor;
    Bucket[] unsynchronised;
    Bucket[] lockFree;

    /**
     * Builds the key sequence, the clock and the limiter the trial measures (only that one, so the heap of a trial
     * holds one limiter's state, as a pipeline's would); once per trial.
     *
     * @param params the trial's benchmark, from JMH.
     */
    @Setup
    public void setup(final BenchmarkParams params)
    {
        final String benchmark = params.getBenchmark();
        setup(benchmark.substring(benchmark.lastIndexOf('.') + 1));
    }

    /**
     * Builds the key sequence, the clock and one limiter, or all three.
     *
     * @param limiter one of {@link #LIMITERS}, or null for all.
     */
    void setup(final String limiter)
    {
        sequence = RateLimitWorkload.sequence(keys);
        cursor = 0;
        clock = RateLimitWorkload.clock(keys);
        if (limiter == null || LIMITERS.get(0).equals(limiter))
        {
            temblor = new TokenBuckets(RateLimitWorkload.RATE_PER_SEC, RateLimitWorkload.BURST, keys);
        }
        if (limiter == null || LIMITERS.get(1).equals(limiter))
        {
            unsynchronised = bucket4j(keys, clock, SynchronizationStrategy.NONE);
        }
        if (limiter == null || LIMITERS.get(2).equals(limiter))
        {
            lockFree = bucket4j(keys, clock, SynchronizationStrategy.LOCK_FREE);
        }
    }

    /**
     * Bucket4j buckets, one per key, with the workload's capacity and a greedy refill of the rate per second (tokens
     * added continuously, as GCRA does), timed by the virtual clock.
     *
     * @param keys     the key count.
     * @param clock    the clock.
     * @param strategy the synchronisation strategy.
     * @return the buckets, indexed by key.
     */
    static Bucket[] bucket4j(final int keys, final VirtualClock clock, final SynchronizationStrategy strategy)
    {
        final Bucket[] buckets = new Bucket[keys];
        for (int i = 0; i < keys; i++)
        {
            buckets[i] = Bucket.builder()
                .addLimit(limit -> limit.capacity(RateLimitWorkload.BURST)
                    .refillGreedy(RateLimitWorkload.RATE_PER_SEC, Duration.ofSeconds(1)))
                .withCustomTimePrecision(clock)
                .withSynchronizationStrategy(strategy)
                .build();
        }
        return buckets;
    }

    /**
     * Temblor's TokenBuckets.
     *
     * @return decisions passed in the batch.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int temblor()
    {
        final long[] sequence = this.sequence;
        final TokenBuckets buckets = temblor;
        final VirtualClock clock = this.clock;
        int at = cursor;
        int passed = 0;
        for (int i = 0; i < BATCH; i++)
        {
            final long now = clock.advance();
            if (buckets.acquire(sequence[at] + 1, now) == TokenBuckets.PASS)
            {
                passed++;
            }
            at = (at + 1) & SEQUENCE_MASK;
        }
        cursor = at;
        return passed;
    }

    /**
     * Bucket4j, {@link SynchronizationStrategy#NONE}.
     *
     * @return decisions passed in the batch.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int bucket4jUnsynchronised()
    {
        return bucket4j(unsynchronised);
    }

    /**
     * Bucket4j, {@link SynchronizationStrategy#LOCK_FREE} (its default).
     *
     * @return decisions passed in the batch.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int bucket4jLockFree()
    {
        return bucket4j(lockFree);
    }

    private int bucket4j(final Bucket[] buckets)
    {
        final long[] sequence = this.sequence;
        final VirtualClock clock = this.clock;
        int at = cursor;
        int passed = 0;
        for (int i = 0; i < BATCH; i++)
        {
            // the bucket reads the time from the clock (its TimeMeter); the value is the one Temblor is handed
            clock.advance();
            if (buckets[(int)sequence[at]].tryConsume(1))
            {
                passed++;
            }
            at = (at + 1) & SEQUENCE_MASK;
        }
        cursor = at;
        return passed;
    }
}
