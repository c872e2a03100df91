package io.temblor.bench.pipeline;

import io.temblor.bench.BenchSuite;
import io.temblor.bench.RunSettings;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code pipeline} suite: {@link RateLimitBenchmark} (Temblor's TokenBuckets beside Bucket4j) and, once it exists,
 * the throughput-logging pipeline benchmark {@link #THROUGHPUT_BENCHMARK}; reported by {@link PipelineReport}.
 */
public final class PipelineSuite implements BenchSuite
{
    /**
     * Extension point: the fully qualified name of the throughput-logging pipeline benchmark (events/s on tapes and
     * with JSON decode and encode, B/event), in this package. The suite's pattern already selects it; its author lists
     * its methods in {@link #THROUGHPUT_METHODS} so full runs interleave them, and {@link PipelineReport} shows its
     * results in their own section, which says "not measured in this run" while there are none.
     */
    public static final String THROUGHPUT_BENCHMARK = "io.temblor.bench.pipeline.ThroughputLoggingBenchmark";
    /** Extension point: the throughput-logging benchmark's methods (simple names). */
    public static final List<String> THROUGHPUT_METHODS = ThroughputLoggingBenchmark.METHODS;

    private static final String PACKAGE = RateLimitBenchmark.class.getPackageName() + ".";

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return "pipeline";
    }

    /** {@inheritDoc} */
    @Override
    public String description()
    {
        return "rate limiting: TokenBuckets vs Bucket4j at 1, 1 000, 100 000 keys (decisions/s, B/op); pipeline events/s";
    }

    /** Every benchmark of this package: the rate limiters and the throughput-logging pipeline. */
    @Override
    public String includePattern()
    {
        return "^" + PACKAGE.replace(".", "\\.");
    }

    /**
     * Full: 4 forks per limiter and per throughput-logging method, interleaved method by method, each 5 x 1 s warm-up
     * (the decision loops are small and compile within a second; the first second also drains the initially full
     * buckets) and 2 x 5 s measurement, every key count in each fork (about 13 minutes for the 20 forks). Quick: no
     * fork, 2 x 0.5 s warm-up, 1 x 1 s measurement (about a minute for the eleven benchmarks).
     *
     * @param defaults the common settings.
     * @return the suite's settings.
     */
    @Override
    public RunSettings settings(final RunSettings defaults)
    {
        return defaults.quick() ?
            new RunSettings(true, defaults.outRoot(), defaults.include(), 0, 2, 500, 1, 1000) :
            new RunSettings(false, defaults.outRoot(), defaults.include(), defaults.forks(), 5, 1000, 2, 5000);
    }

    /** The limiters and the throughput-logging methods, as class-qualified names, interleaved fork by fork. */
    @Override
    public List<String> methods()
    {
        final List<String> methods = new ArrayList<>();
        for (final String limiter : RateLimitBenchmark.LIMITERS)
        {
            methods.add(RateLimitBenchmark.class.getSimpleName() + "." + limiter);
        }
        final String throughput = THROUGHPUT_BENCHMARK.substring(THROUGHPUT_BENCHMARK.lastIndexOf('.') + 1);
        for (final String method : THROUGHPUT_METHODS)
        {
            methods.add(throughput + "." + method);
        }
        return methods;
    }

    /** Nothing to add: the rate limiters read no system property. */
    @Override
    public void configure(final ChainedOptionsBuilder options)
    {
    }

    /** The workload's constants and, per key count, the share of decisions refused in the steady state. */
    @Override
    public Map<String, Object> inputs()
    {
        final Map<String, Object> rateLimit = new LinkedHashMap<>();
        rateLimit.put("ratePerSec", RateLimitWorkload.RATE_PER_SEC);
        rateLimit.put("burst", RateLimitWorkload.BURST);
        rateLimit.put("offeredLoad", RateLimitWorkload.OFFERED_LOAD);
        rateLimit.put("sequenceLength", RateLimitWorkload.SEQUENCE_LENGTH);
        rateLimit.put("seed", RateLimitWorkload.SEED);
        rateLimit.put("decisionsPerInvocation", RateLimitBenchmark.BATCH);
        final Map<String, Object> perKeys = new LinkedHashMap<>();
        for (final int keys : PipelineReport.KEY_COUNTS)
        {
            final Map<String, Object> info = new LinkedHashMap<>();
            info.put("clockStepNs", RateLimitWorkload.stepFixed(keys) / (double)(1 << VirtualClock.FRACTION_BITS));
            info.put("steadyLimitedShare", RateLimitWorkload.steadyLimitedShare(keys));
            perKeys.put(Integer.toString(keys), info);
        }
        rateLimit.put("keys", perKeys);
        final Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("rateLimit", rateLimit);
        inputs.put("throughputBenchmark", THROUGHPUT_BENCHMARK);
        inputs.put("throughputBenchmarkPresent", present(THROUGHPUT_BENCHMARK));
        return inputs;
    }

    /** {@inheritDoc} */
    @Override
    public void report(final Path runDir) throws IOException
    {
        PipelineReport.generate(runDir);
    }

    /** {@inheritDoc} */
    @Override
    public void printSummary(final Path runDir, final PrintStream out) throws IOException
    {
        out.print(PipelineReport.consoleTable(PipelineReport.summarize(runDir)));
    }

    /** {@inheritDoc} */
    @Override
    public String headline(final Path runDir) throws IOException
    {
        return PipelineReport.headline(PipelineReport.summarize(runDir));
    }

    private static boolean present(final String className)
    {
        try
        {
            Class.forName(className, false, PipelineSuite.class.getClassLoader());
            return true;
        }
        catch (final ClassNotFoundException ex)
        {
            return false;
        }
    }
}
