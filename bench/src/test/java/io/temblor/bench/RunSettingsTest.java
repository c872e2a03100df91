package io.temblor.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunSettingsTest
{
    @Test
    void shouldWarmUpAtLeastSixSecondsInFourForksWhenFull()
    {
        // four forks: enough passes for the interleaved schedule (A B C D, D C B A, ...) to balance every engine
        final RunSettings full = RunSettings.of(false, Paths.get("x"), null);
        assertEquals(4, full.forks());
        assertTrue(full.warmupIterations() * full.warmupMs() >= 6_000);
        assertEquals("full", full.toMap().get("mode"));
    }

    @Test
    void shouldMeasureTenSecondIterationsWhenFull()
    {
        // JMH's per-iteration bookkeeping (~6 KB) must not dominate B/op of operations lasting tens of milliseconds
        final RunSettings full = RunSettings.of(false, Paths.get("x"), null);
        assertTrue(full.iterationMs() >= 10_000, "iteration ms " + full.iterationMs());
        assertTrue(full.iterations() * full.forks() >= 4);
    }

    @Test
    void shouldFitTwentyFourBenchmarksInAMinuteOfMeasuringWhenQuick()
    {
        final RunSettings quick = RunSettings.of(true, Paths.get("x"), null);
        assertEquals(0, quick.forks(), "quick runs in the launcher's JVM: one C2 warm-up instead of 24 JVM starts");
        final long perBenchmarkMs = quick.warmupIterations() * quick.warmupMs() + quick.iterations() * quick.iterationMs();
        assertTrue(24 * perBenchmarkMs < 40_000, "leaves time for JMH's setup of 24 benchmarks: " + perBenchmarkMs);
    }
}
