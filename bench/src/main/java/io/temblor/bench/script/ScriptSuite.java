package io.temblor.bench.script;

import io.temblor.bench.BenchSuite;
import io.temblor.bench.RunSettings;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
     * all wait for C2, which shares the one core with the measured thread. Full: 2 forks, 6 x 2.5 s warm-up,
     * 2 x 10 s measurement (about 11 minutes for the 9 benchmarks). Quick: no fork, 3 x 1 s warm-up, 1 x 1 s
     * measurement (under 60 s).
     *
     * @param defaults the common settings.
     * @return the suite's settings.
     */
    @Override
    public RunSettings settings(final RunSettings defaults)
    {
        return defaults.quick() ?
            new RunSettings(true, defaults.outRoot(), defaults.include(), 0, 3, 1000, 1, 1000) :
            new RunSettings(false, defaults.outRoot(), defaults.include(), defaults.forks(), 6, 2500,
                defaults.iterations(), defaults.iterationMs());
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
