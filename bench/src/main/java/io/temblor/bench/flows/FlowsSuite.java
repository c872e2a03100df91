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
 * The {@code flows} suite: Tremor's bench flows ({@code tremor-cli/tests/bench/...}) run unchanged, then Temblor's own
 * flows ({@code bench/flows/...}: Aeron IPC latency and a steady 100k events/s run with a 256 MB heap), one
 * {@code bin/temblor run} process each, with the bench connector's throughput and latency, the process's CPU seconds
 * per GB and peak RSS, and the GC counts of the measured period; reported by {@link FlowsReport}.
 */
public final class FlowsSuite implements ProcessSuite
{
    /** Tremor's flows, folder name to troy file, in run order. */
    public static final Map<String, String> TREMOR_FLOWS = tremorFlows();
    /** Warm-up and measured seconds of a full run: Tremor's own ({@code lib/bench.tremor}). */
    public static final long[] FULL_SECONDS = {5, 25};
    /** Warm-up and measured seconds of a quick run. */
    public static final long[] QUICK_SECONDS = {1, 4};
    /** Warm-up and measured seconds of the steady run (target: 60 s measured). */
    public static final long[] STEADY_FULL_SECONDS = {5, 60};
    /** Warm-up and measured seconds of the steady run in a quick run. */
    public static final long[] STEADY_QUICK_SECONDS = {1, 10};
    /** The Aeron IPC latency flow (target c). */
    public static final String LATENCY_FLOW = "aeron-ipc-latency";
    /** The steady 100k events/s flow with a 256 MB heap (target d). */
    public static final String STEADY_FLOW = "steady-100k";
    /**
     * Options of the latency flow: the whole flow on one runtime thread that spins when idle, so an event crosses all
     * its agents in consecutive duty cycles of a thread that is always awake. With the default {@code pool:2} the
     * receiving thread parks between events; with the backoff idle strategy the one thread parks between events 10 us
     * apart, and a park and its wake-up cost 50 us and more (p50 30 us, p99 ~1 ms measured), so only a spinning thread
     * meets p99.9 &lt;= 100 us (docs/connectors.md, aeron, Latency). It costs one core at 100 %, as a latency-critical
     * deployment of Aeron spends one.
     */
    public static final List<String> LATENCY_ARGS = List.of("--threads", "shared", "--idle", "busy-spin");
    /** JVM options of the steady flow: the 256 MB heap of the target, and the GC log for the whole run's count. */
    public static final String STEADY_JAVA_OPTS = "-Xmx256m -Xlog:gc";
    /** JVM options of the other flows: the GC log only, for the whole run's collections and pause total. */
    public static final String GC_LOG_OPTS = "-Xlog:gc";
    /** The key in env.json's inputs saying how paced events are stamped. */
    public static final String STAMP_KEY = "pacedIngestStamp";
    /** Its value since paced events carry their scheduled time (coordinated-omission corrected latencies). */
    public static final String STAMP_SCHEDULED = "scheduled";
    /** System property naming the folder holding the bench flows (and {@code ../lib}). */
    public static final String DIR_PROPERTY = "temblor.bench.flows.dir";

    private static Map<String, String> tremorFlows()
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

    /**
     * All flows of the suite in run order: Tremor's (run unchanged from their folder with {@code --path ../../lib}),
     * then Temblor's own from {@code <home>/bench/flows/NAME/main.troy} with their options.
     *
     * @param tremorDir   the folder of Tremor's bench flows.
     * @param temblorDir  the folder of Temblor's flows.
     * @return the flows.
     */
    public static List<FlowSpec> flows(final Path tremorDir, final Path temblorDir)
    {
        final List<FlowSpec> flows = new ArrayList<>();
        for (final Map.Entry<String, String> e : TREMOR_FLOWS.entrySet())
        {
            flows.add(new FlowSpec(e.getKey(), "tremor", tremorDir.resolve(e.getKey()), e.getValue(),
                List.of("--path", "../../lib"), Map.of("TEMBLOR_JAVA_OPTS", GC_LOG_OPTS), FULL_SECONDS, QUICK_SECONDS));
        }
        flows.add(new FlowSpec(LATENCY_FLOW, "temblor", temblorDir.resolve(LATENCY_FLOW), "main.troy", LATENCY_ARGS,
            Map.of("TEMBLOR_JAVA_OPTS", GC_LOG_OPTS), FULL_SECONDS, QUICK_SECONDS));
        flows.add(new FlowSpec(STEADY_FLOW, "temblor", temblorDir.resolve(STEADY_FLOW), "main.troy", List.of(),
            Map.of("TEMBLOR_JAVA_OPTS", STEADY_JAVA_OPTS), STEADY_FULL_SECONDS, STEADY_QUICK_SECONDS));
        return flows;
    }

    /**
     * The folder of Temblor's own bench flows: {@code <home>/bench/flows}.
     *
     * @return the folder.
     */
    public static Path temblorFlowsDir()
    {
        return Environment.home().resolve("bench/flows").toAbsolutePath().normalize();
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
        inputs.put("temblorFlowsDir", temblorFlowsDir().toString());
        final List<String> names = new ArrayList<>();
        for (final FlowSpec f : flows(flowsDir(), temblorFlowsDir()))
        {
            names.add(f.name());
        }
        inputs.put("flows", names);
        inputs.put(STAMP_KEY, STAMP_SCHEDULED);
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
        final FlowRunner runner = new FlowRunner(Environment.home());
        final List<FlowSpec> specs = new ArrayList<>();
        for (final FlowSpec spec : flows(dir, temblorFlowsDir()))
        {
            if (null == settings.include() || Pattern.compile(settings.include()).matcher(spec.name()).find())
            {
                specs.add(spec);
            }
        }
        final List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++)
        {
            final FlowSpec spec = specs.get(i);
            final String name = spec.name();
            final long[] seconds = spec.seconds(settings.quick());
            out.printf(Locale.ROOT, "temblor bench flows: [%d/%d] %s (%d s warm-up + %d s measured; options %s) ...%n",
                i + 1, specs.size(), name, seconds[0], seconds[1], spec.options());
            final Map<String, Object> result = runner.run(spec, seconds, runDir.resolve(name + ".log"));
            result.put("warmupSeconds", seconds[0]);
            result.put("runSeconds", seconds[1]);
            results.add(result);
            out.println("temblor bench flows: [" + (i + 1) + "/" + specs.size() + "] " + name + ": " +
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
