package io.temblor.bench.pipeline;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.ToIntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What makes the comparison like for like: on the same key sequence and clock, Temblor's TokenBuckets and both Bucket4j
 * variants pass (nearly) the same decisions, and a realistic share of them is refused.
 */
class RateLimitBenchmarkTest
{
    /** 2M decisions: 20 per key at 100 000 keys, 2 000 virtual seconds at one key. */
    private static final int BATCHES = 2000;

    @ParameterizedTest
    @ValueSource(ints = {1, 1000, 100_000})
    void shouldPassNearlySameDecisionsInEveryLimiterWhenRunningSameSequence(final int keys)
    {
        // given
        final long decisions = (long)BATCHES * RateLimitBenchmark.BATCH;

        // when
        final long temblor = passes(keys, RateLimitBenchmark::temblor);
        final long unsynchronised = passes(keys, RateLimitBenchmark::bucket4jUnsynchronised);
        final long lockFree = passes(keys, RateLimitBenchmark::bucket4jLockFree);

        // then
        assertEquals(unsynchronised, lockFree, "both Bucket4j strategies decide alike");
        assertEquals(temblor, unsynchronised, decisions / 1000.0, "temblor " + temblor + " vs bucket4j " + unsynchronised);
        final double limited = RateLimitWorkload.steadyLimitedShare(keys);
        assertTrue(limited > 0.12 && limited < 0.25, "share of refused decisions in the steady state " + limited);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1000, 100_000})
    void shouldReportTemblorsRefusalsWhenMeasuringLimitedShare(final int keys)
    {
        final int decisions = BATCHES * RateLimitBenchmark.BATCH;
        final long temblor = passes(keys, RateLimitBenchmark::temblor);
        assertEquals(1 - (double)temblor / decisions, RateLimitWorkload.limitedShare(keys, 0, decisions), 1e-12);
    }

    private static long passes(final int keys, final ToIntFunction<RateLimitBenchmark> limiter)
    {
        final RateLimitBenchmark benchmark = new RateLimitBenchmark();
        benchmark.keys = keys;
        benchmark.setup((String)null);
        long passed = 0;
        for (int i = 0; i < BATCHES; i++)
        {
            passed += limiter.applyAsInt(benchmark);
        }
        return passed;
    }
}
