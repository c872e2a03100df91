package io.temblor.bench.flows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.temblor.bench.BenchMain;
import io.temblor.bench.Environment;
import io.temblor.bench.ProcessSuite;
import io.temblor.bench.RunSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code flows} suite: Tremor's bench flows ({@code tremor-cli/tests/bench/...}) run unchanged, one
 * {@code bin/temblor run} process each, with the bench connector's throughput and latency, the process's CPU seconds
 * per GB and peak RSS, and the GC counts of the measured period; reported by {@link FlowsReport}.
 */
public final class FlowsSuite implements ProcessSuite
{
    /** The flows, folder name to troy file, in run order. */
    public static final Map<String, String> FLOWS = flows();
    /** Warm-up and measured seconds of a full run: Tremor's own ({@code lib/bench.tremor}). */
    public static final long[] FULL_SECONDS = {5, 25};
    /** Warm-up and measured seconds of a quick run. */
    public static final long[] QUICK_SECONDS = {1, 4};
    /** System property naming the folder holding the bench flows (and {@code ../lib}). */
    public static final String DIR_PROPERTY = "temblor.bench.flows.dir";

    private static Map<String, String> flows()
    {
        final Map<String, String> flows = new LinkedHashMap<>();
        flows.put("passthrough", "config.troy");
        flows.put("passthrough-json", "config.troy");
        flows.put("passthrough-influx", "config.troy");
        flows.put("passthrough-msgpack", "config.troy");
        flows.put("throughput-logging-json", "main.troy");
        flows.put("throughput-tcp-json", "main.troy");
        flows.put("throughput-logging-tcp-json", "main.troy");
        return flows;
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return "flows";
    }

    /** {@inheritDoc} */
    @Override
    public String description()
    {
        return "Tremor's bench flows via bin/temblor run: MB/s, events/s, latency, CPU s/GB, peak RSS, GC";
    }

    /**
     * The folder of the bench flows: {@code -Dtemblor.bench.flows.dir}, else the conformance copy under
     * {@code -Dtemblor.shared}, else beside the repository ({@code <home>/../shared/...}).
     *
     * @return the folder.
     */
    public static Path flowsDir()
    {
        final String dir = System.getProperty(DIR_PROPERTY);
        if (null != dir)
        {
            return Paths.get(dir).toAbsolutePath().normalize();
        }
        final String tail = "conformance/tremor/tremor-cli/tests/bench";
        final String shared = System.getProperty("temblor.shared");
        return (null != shared ? Paths.get(shared) : Environment.home().resolve("../shared")).resolve(tail)
            .toAbsolutePath().normalize();
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> inputs()
    {
        final Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("flowsDir", flowsDir().toString());
        inputs.put("flows", new ArrayList<>(FLOWS.keySet()));
        return inputs;
    }

    /** {@inheritDoc} */
    @Override
    public void run(final RunSettings settings, final Path runDir, final PrintStream out) throws IOException
    {
        final Path dir = flowsDir();
        if (!Files.isDirectory(dir))
        {
            throw new IOException("no bench flows folder " + dir + " (set -D" + DIR_PROPERTY + ")");
        }
        final long[] seconds = settings.quick() ? QUICK_SECONDS : FULL_SECONDS;
        final FlowRunner runner = new FlowRunner(Environment.home(), seconds[0], seconds[1]);
        final List<String> names = new ArrayList<>();
        for (final String name : FLOWS.keySet())
        {
            if (null == settings.include() || Pattern.compile(settings.include()).matcher(name).find())
            {
                names.add(name);
            }
        }
        final List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < names.size(); i++)
        {
            final String name = names.get(i);
            out.printf(Locale.ROOT, "temblor bench flows: [%d/%d] %s (%d s warm-up + %d s measured) ...%n", i + 1,
                names.size(), name, seconds[0], seconds[1]);
            final Map<String, Object> result = runner.run(name, dir.resolve(name), FLOWS.get(name),
                runDir.resolve(name + ".log"));
            result.put("warmupSeconds", seconds[0]);
            result.put("runSeconds", seconds[1]);
            results.add(result);
            out.println("temblor bench flows: [" + (i + 1) + "/" + names.size() + "] " + name + ": " +
                FlowsReport.oneLine(result));
        }
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("flows", results);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(runDir.resolve(BenchMain.RESULTS_FILE).toFile(), doc);
    }

    /** {@inheritDoc} */
    @Override
    public void report(final Path runDir) throws IOException
    {
        FlowsReport.generate(runDir);
    }

    /** {@inheritDoc} */
    @Override
    public void printSummary(final Path runDir, final PrintStream out) throws IOException
    {
        out.print(FlowsReport.consoleTable(runDir));
    }

    /** {@inheritDoc} */
    @Override
    public String headline(final Path runDir) throws IOException
    {
        return FlowsReport.headline(runDir);
    }
}
