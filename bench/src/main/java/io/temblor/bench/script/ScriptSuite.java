package io.temblor.bench.script;

import io.temblor.bench.BenchSuite;
import io.temblor.bench.RunSettings;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code script} suite: {@link ScriptBenchmark} on the three workloads, reported by {@link ScriptReport}. */
public final class ScriptSuite implements BenchSuite
{
    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return "script";
    }

    /** {@inheritDoc} */
    @Override
    public String description()
    {
        return "tremor-script: Temblor vs JSLT and hand-written Jackson on classify, enrich, dissect-kv (events/s, B/event)";
    }

    /** {@inheritDoc} */
    @Override
    public String includePattern()
    {
        return "^" + ScriptBenchmark.class.getName().replace(".", "\\.") + "\\.";
    }

    /**
     * Longer warm-up than the common settings: the interpreter, the parser's Vector API kernels and the peers' code
     * all wait for C2, which shares the one core with the measured thread. Full: 4 forks per engine and workload,
     * interleaved engine by engine, each 5 x 2 s warm-up and 2 x 4 s measurement (about 13 minutes for the 36 forks;
     * JMH's per-iteration bookkeeping is negligible per event here, so the iterations can be shorter than the JSON
     * suite's). Quick: no fork, 3 x 1 s warm-up, 1 x 1 s measurement (under 60 s).
     *
     * @param defaults the common settings.
     * @return the suite's settings.
     */
    @Override
    public RunSettings settings(final RunSettings defaults)
    {
        return defaults.quick() ?
            new RunSettings(true, defaults.outRoot(), defaults.include(), 0, 3, 1000, 1, 1000) :
            new RunSettings(false, defaults.outRoot(), defaults.include(), defaults.forks(), 5, 2000, 2, 4000);
    }

    /** The engines, interleaved fork by fork in a full run. */
    @Override
    public List<String> methods()
    {
        return ScriptBenchmark.ENGINES;
    }

    /** One JMH run per workload: the engines are measured back to back on each. */
    @Override
    public List<Map<String, String>> rounds()
    {
        final List<Map<String, String>> rounds = new ArrayList<>();
        for (final ScriptWorkload w : ScriptWorkload.values())
        {
            rounds.add(Map.of("workload", w.id()));
        }
        return rounds;
    }

    /** {@inheritDoc} */
    @Override
    public void configure(final ChainedOptionsBuilder options)
    {
        // bounds checks off, as the style guide has it for benchmarks (on by default, for tests and development)
        options.jvmArgsAppend("-D" + ScriptBenchmark.LIB_PROPERTY + "=" + ScriptBenchmark.libDir().toAbsolutePath(),
            "-Dtemblor.value.boundsChecks=false", "-Dtemblor.json.boundsChecks=false");
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> inputs()
    {
        final Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("tremorLib", ScriptBenchmark.libDir().toAbsolutePath().toString());
        inputs.put("eventsPerInvocation", ScriptBenchmark.BATCH);
        final Map<String, Object> workloads = new LinkedHashMap<>();
        for (final ScriptWorkload w : ScriptWorkload.values())
        {
            final byte[] data = ScriptWorkload.resource(w.dataResource());
            final Map<String, Object> info = new LinkedHashMap<>();
            info.put("data", w.dataResource());
            info.put("events", w.events().count());
            info.put("dataBytes", (long)data.length);
            info.put("dataSha256", sha256(data));
            info.put("tremor", w.tremorSource());
            info.put("jslt", w.jsltSource());
            workloads.put(w.id(), info);
        }
        inputs.put("workloads", workloads);
        return inputs;
    }

    /** {@inheritDoc} */
    @Override
    public void report(final Path runDir) throws IOException
    {
        ScriptReport.generate(runDir);
    }

    /** {@inheritDoc} */
    @Override
    public void printSummary(final Path runDir, final PrintStream out) throws IOException
    {
        out.print(ScriptReport.consoleTable(ScriptReport.summarize(runDir)));
    }

    /** {@inheritDoc} */
    @Override
    public String headline(final Path runDir) throws IOException
    {
        return ScriptReport.headline(ScriptReport.summarize(runDir));
    }

    private static String sha256(final byte[] bytes)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
