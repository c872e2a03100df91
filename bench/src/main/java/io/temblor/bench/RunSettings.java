package io.temblor.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a suite is run: JMH's fork, warm-up and measurement settings (full or quick), where results go, and an
 * optional benchmark filter. Immutable.
 *
 * @param quick        true for the quick smoke settings.
 * @param outRoot      the reports root (perf-reports/ by default); a run goes to {@code outRoot/<suite>/<run>/}.
 * @param include      an extra regular expression a benchmark's name must match, or null for all of the suite.
 * @param forks        JMH forks per benchmark.
 * @param warmupIterations warm-up iterations per fork.
 * @param warmupMs     duration of one warm-up iteration.
 * @param iterations   measurement iterations per fork.
 * @param iterationMs  duration of one measurement iteration.
 */
public record RunSettings(
    boolean quick,
    Path outRoot,
    String include,
    int forks,
    int warmupIterations,
    long warmupMs,
    int iterations,
    long iterationMs)
{
    /**
     * Full settings: 4 forks, 3 x 2 s warm-up (Vector API kernels need seconds of C2 time), 1 x 10 s measurement;
     * suites that name their engines run the forks interleaved (see {@link BenchSuite#methods()}).
     * One long measurement iteration per fork because JMH's own bookkeeping allocates about 6 KB per iteration in the
     * forked VM (measured with a parser that allocates 0 bytes per parse on its thread): over 2 s iterations of a 17 ms
     * operation that alone reads as 50 B/op in {@code gc.alloc.rate.norm}; over 10 s it is under 10 B/op.
     * Quick settings: no fork (every benchmark runs in the launcher's JVM, so the Vector API kernels are compiled by C2
     * once rather than once per fork), 1 x 0.6 s warm-up, 1 x 0.4 s measurement, so the JSON suite's 24 benchmarks
     * finish in under a minute on two cores; numbers are smoke-level only.
     *
     * @param quick   quick or full.
     * @param outRoot reports root.
     * @param include optional filter, or null.
     * @return the settings.
     */
    public static RunSettings of(final boolean quick, final Path outRoot, final String include)
    {
        return quick ?
            new RunSettings(true, outRoot, include, 0, 1, 600, 1, 400) :
            new RunSettings(false, outRoot, include, 4, 3, 2000, 1, 10_000);
    }

    /**
     * The settings as recorded in env.json.
     *
     * @return an ordered map.
     */
    public Map<String, Object> toMap()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("mode", quick ? "quick" : "full");
        map.put("forks", forks);
        map.put("warmupIterations", warmupIterations);
        map.put("warmupMs", warmupMs);
        map.put("iterations", iterations);
        map.put("iterationMs", iterationMs);
        map.put("include", include);
        return map;
    }
}
