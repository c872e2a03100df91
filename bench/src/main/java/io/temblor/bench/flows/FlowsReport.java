package io.temblor.bench.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.bench.BenchMain;
import io.temblor.bench.report.Markdown;
import io.temblor.bench.report.SvgBarChart;
import io.temblor.bench.report.SvgPercentileChart;
import io.temblor.bench.report.Tables;
import io.temblor.bench.report.Target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Generates the flows suite's report (report.md, throughput.svg, data.svg, latency.svg) from a run directory's results.json and
 * env.json alone, so a run can be re-reported with {@code temblor bench report DIR}.
 */
public final class FlowsReport
{
    /** Target: MB/s of {@code passthrough-json}. */
    public static final double TARGET_PASSTHROUGH_JSON_MB_PER_SEC = 250;
    /** Target: events/s of {@code throughput-logging-json}. */
    public static final double TARGET_LOGGING_EVENTS_PER_SEC = 400_000;
    /** Target: p99.9 latency through Aeron IPC, ns. */
    public static final double TARGET_AERON_P999_NS = 100_000;
    /** The rate of the latency and steady targets, events/s. */
    public static final double TARGET_RATE_EVENTS_PER_SEC = 100_000;
    /** The share of {@link #TARGET_RATE_EVENTS_PER_SEC} a paced flow must reach for its run to count as at that rate. */
    public static final double RATE_TOLERANCE = 0.98;
    /** Target: seconds of the steady run's measured period. */
    public static final long TARGET_STEADY_SECONDS = 60;
    /** Target: the steady run's heap. */
    public static final String TARGET_STEADY_HEAP = "-Xmx256m";

    private static final List<String> OPTIONS_HEADER = List.of("Flow", "from", "file", "options", "warm-up + measured",
        "GC whole run (n, pauses)");
    private static final List<String> HEADER = List.of("Flow", "MB/s", "events/s", "p50", "p90", "p99", "p99.9",
        "p99.99", "max", "CPU s/GB", "peak RSS", "GC (n, ms)");

    private FlowsReport()
    {
    }

    /**
     * Writes report.md, throughput.svg, data.svg and latency.svg (the latency percentile curves) into the run
     * directory.
     *
     * @param runDir the run directory.
     * @throws IOException on read or write failure.
     */
    public static void generate(final Path runDir) throws IOException
    {
        final JsonNode env = new ObjectMapper().readTree(runDir.resolve(BenchMain.ENV_FILE).toFile());
        final JsonNode flows = flows(runDir);
        final List<String> names = new ArrayList<>();
        final double[][] events = new double[flows.size()][1];
        final double[][] data = new double[flows.size()][1];
        for (int i = 0; i < flows.size(); i++)
        {
            names.add(flows.get(i).path("flow").asText());
            events[i][0] = number(flows.get(i), "eventsPerSec");
            data[i][0] = number(flows.get(i), "mbPerSec");
        }
        Files.writeString(runDir.resolve("throughput.svg"), SvgBarChart.render("Tremor bench flows on Temblor: events/s",
            "events/s (higher is better)", names, List.of("temblor"), events, false, TARGET_LOGGING_EVENTS_PER_SEC,
            "throughput-logging-json target", FlowsReport::rate), StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve("data.svg"), SvgBarChart.render("Tremor bench flows on Temblor: MB/s",
            "MB/s of encoded output (higher is better)", names, List.of("temblor"), data, false,
            TARGET_PASSTHROUGH_JSON_MB_PER_SEC, "passthrough-json target", v -> String.format(Locale.ROOT, "%.1f", v)),
            StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve("latency.svg"), latencyChart(flows), StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve("report.md"), markdown(env, flows), StandardCharsets.UTF_8);
    }

    /**
     * The latency percentile curves of the flows whose results hold the bench connector's distribution.
     *
     * @param flows the results' flows.
     * @return the SVG document.
     */
    static String latencyChart(final JsonNode flows)
    {
        final List<String> names = new ArrayList<>();
        final List<List<double[]>> curves = new ArrayList<>();
        for (final JsonNode f : flows)
        {
            final JsonNode points = f.path("percentiles");
            if (!"ok".equals(f.path("status").asText()) || !points.isArray() || points.isEmpty())
            {
                continue;
            }
            final List<double[]> curve = new ArrayList<>();
            points.forEach(p -> curve.add(new double[] {p.path(0).asDouble(), p.path(1).asDouble()}));
            names.add(f.path("flow").asText());
            curves.add(curve);
        }
        return SvgPercentileChart.render("Latency by percentile (event ingest to bench sink)", names, curves,
            TARGET_AERON_P999_NS, FlowsSuite.LATENCY_FLOW + " p99.9 target");
    }

    private static JsonNode flows(final Path runDir) throws IOException
    {
        return new ObjectMapper().readTree(runDir.resolve(BenchMain.RESULTS_FILE).toFile()).path("flows");
    }

    /**
     * The targets, judged on a run.
     *
     * @param flows the results' flows.
     * @return the verdicts.
     */
    public static List<Target> targets(final JsonNode flows)
    {
        final List<Target> targets = new ArrayList<>();
        final JsonNode json = find(flows, "passthrough-json");
        final double mb = null == json ? Double.NaN : number(json, "mbPerSec");
        targets.add(new Target("passthrough-json >= " + (int)TARGET_PASSTHROUGH_JSON_MB_PER_SEC + " MB/s",
            Double.isNaN(mb) ? null : mb >= TARGET_PASSTHROUGH_JSON_MB_PER_SEC,
            Double.isNaN(mb) ? "no passthrough-json result" : String.format(Locale.ROOT, "%.1f MB/s", mb)));
        final JsonNode logging = find(flows, "throughput-logging-json");
        final double ev = null == logging ? Double.NaN : number(logging, "eventsPerSec");
        targets.add(new Target("throughput-logging-json >= " + rate(TARGET_LOGGING_EVENTS_PER_SEC) + " events/s",
            Double.isNaN(ev) ? null : ev >= TARGET_LOGGING_EVENTS_PER_SEC,
            Double.isNaN(ev) ? "no throughput-logging-json result" : rate(ev) + " events/s"));
        targets.add(latencyTarget(find(flows, FlowsSuite.LATENCY_FLOW)));
        targets.add(steadyTarget(find(flows, FlowsSuite.STEADY_FLOW)));
        return targets;
    }

    /**
     * Target (c): the latency flow's p99.9 at most 100 µs while it ran at 100 000 events/s (at least
     * {@link #RATE_TOLERANCE} of it).
     *
     * @param f the flow's result, or null.
     * @return the verdict.
     */
    static Target latencyTarget(final JsonNode f)
    {
        final String name = FlowsSuite.LATENCY_FLOW + ": p99.9 <= " + latency(TARGET_AERON_P999_NS) + " at " +
            rate(TARGET_RATE_EVENTS_PER_SEC) + " events/s";
        if (null == f || !"ok".equals(f.path("status").asText()))
        {
            return new Target(name, null, "no " + FlowsSuite.LATENCY_FLOW + " result");
        }
        final double p999 = number(f, "p999Ns");
        final double ev = number(f, "eventsPerSec");
        final boolean atRate = ev >= RATE_TOLERANCE * TARGET_RATE_EVENTS_PER_SEC;
        final String detail = "p99.9 " + latency(p999) + " (p99 " + latency(number(f, "p99Ns")) + ", max " +
            latency(number(f, "maxNs")) + ") at " + rate(ev) + " events/s" + (atRate ? "" : " (below the rate)") +
            "; options " + f.path("options").asText("?");
        return new Target(name, Double.isNaN(p999) || p999 < 0 ? null : p999 <= TARGET_AERON_P999_NS && atRate,
            detail);
    }

    /**
     * Target (d): no collection in the steady flow's measured period, which lasted 60 s at 100 000 events/s (at least
     * {@link #RATE_TOLERANCE} of it) with {@code -Xmx256m}. A shorter (quick) run or another heap is NOT MET.
     *
     * @param f the flow's result, or null.
     * @return the verdict.
     */
    static Target steadyTarget(final JsonNode f)
    {
        final String name = FlowsSuite.STEADY_FLOW + ": 0 GC in " + TARGET_STEADY_SECONDS + " s at " +
            rate(TARGET_RATE_EVENTS_PER_SEC) + " events/s, " + TARGET_STEADY_HEAP;
        if (null == f || !"ok".equals(f.path("status").asText()) || f.path("gcCollections").asLong(-1) < 0)
        {
            return new Target(name, null, "no " + FlowsSuite.STEADY_FLOW + " result");
        }
        final long gc = f.path("gcCollections").asLong();
        final long secs = f.path("runSeconds").asLong(0);
        final double ev = number(f, "eventsPerSec");
        final boolean atRate = ev >= RATE_TOLERANCE * TARGET_RATE_EVENTS_PER_SEC;
        final boolean heap = f.path("options").asText("").contains(TARGET_STEADY_HEAP);
        final JsonNode run = f.path("gcCollectionsRun");
        final String detail = gc + " collections (" + f.path("gcMs").asLong(0) + " ms) in the measured " + secs +
            " s at " + rate(ev) + " events/s" + (atRate ? "" : " (below the rate)") +
            (secs < TARGET_STEADY_SECONDS ? " (shorter than " + TARGET_STEADY_SECONDS + " s)" : "") +
            (heap ? "" : " (not run with " + TARGET_STEADY_HEAP + ")") + "; whole run " +
            (run.isNumber() ? run.asLong() + " (GC log)" : "n/a") + "; options " + f.path("options").asText("?");
        return new Target(name, gc == 0 && atRate && heap && secs >= TARGET_STEADY_SECONDS, detail);
    }

    private static JsonNode find(final JsonNode flows, final String name)
    {
        for (final JsonNode f : flows)
        {
            if (name.equals(f.path("flow").asText()))
            {
                return f;
            }
        }
        return null;
    }

    private static String markdown(final JsonNode env, final JsonNode flows)
    {
        final StringBuilder md = new StringBuilder(8192);
        Markdown.runHeader(md, "Flows: Tremor's bench flows and Temblor's own on Temblor", env,
            "1 s warm-up and 4 s measured per flow instead of Tremor's 5 s and 25 s (steady-100k: 1 s and 10 s " +
            "instead of 5 s and 60 s, so its target cannot be met).");
        md.append("## Targets\n\n");
        Tables.markdownTargets(md, targets(flows));
        md.append("\n## Results\n\n");
        Tables.markdownHead(md, HEADER, 1);
        for (final JsonNode f : flows)
        {
            Tables.markdownRow(md, row(f));
        }
        final List<String> failed = new ArrayList<>();
        for (final JsonNode f : flows)
        {
            if (!"ok".equals(f.path("status").asText()))
            {
                failed.add("- **" + f.path("flow").asText() + "** failed: " + f.path("reason").asText() + " (see `" +
                    f.path("log").asText() + "`)");
            }
        }
        if (!failed.isEmpty())
        {
            md.append("\n").append(String.join("\n", failed)).append('\n');
        }
        md.append("\n## Flows and options\n\n");
        Tables.markdownHead(md, OPTIONS_HEADER, 5);
        for (final JsonNode f : flows)
        {
            Tables.markdownRow(md, List.of(f.path("flow").asText(), f.path("origin").asText("?"),
                "`" + f.path("file").asText() + "` in `" + f.path("dir").asText("?") + "`",
                "`" + f.path("options").asText("?") + "`",
                f.path("warmupSeconds").asLong() + " + " + f.path("runSeconds").asLong() + " s",
                f.path("gcCollectionsRun").isNumber() ? f.path("gcCollectionsRun").asLong() +
                    (f.path("gcPauseMsRun").isNumber() ? String.format(Locale.ROOT, ", %.1f ms",
                    f.path("gcPauseMsRun").asDouble()) : "") : "n/a"));
        }
        md.append("\n![events per second](throughput.svg)\n\n![MB per second](data.svg)\n\n" +
            "![latency by percentile](latency.svg)\n");
        md.append(String.format(Locale.ROOT, """

            ## Method

            Each flow runs as its own process, `bin/temblor run FILE OPTIONS` in the flow's folder, with
            `TEMBLOR_NO_BUILD=1` and `TEMBLOR_BENCH_SECONDS=WARMUP,RUN` (the bench connector's `warmup_secs` and
            `stop_after_secs`), plus the flow's own options (table above). Tremor's flows (`%s`) run unchanged with
            `--path ../../lib`, Tremor's 5 s warm-up and 25 s measured (1 and 4 s with `--quick`). Temblor's own flows
            (`bench/flows/`) cover the targets Tremor's do not:

            - `aeron-ipc-latency`: bench source (one event every 10 000 ns on a fixed schedule: 100 000 events/s) ->
              pipeline -> `aeron` sink on `aeron:ipc` -> `aeron` source -> pipeline -> bench sink. The Aeron message
              carries the event's ingest time, so the latency is end to end (source emission to sink, through the
              embedded media driver's IPC log). It runs with `%s`: the whole flow on one runtime thread that spins
              when idle, where an event crosses its six agents in consecutive duty cycles; with the default `pool:2`, or
              the backoff idle strategy, a thread parks between events and the tail is milliseconds
              (docs/connectors.md, aeron, Latency).
              Judged: p99.9 <= 100 µs while the flow ran at >= %.0f%% of 100 000 events/s.
            - `steady-100k`: Tremor's throughput-logging-json pipeline (classification script, `grouper::bucket`) over
              the same 100 log events, paced at 100 000 events/s, with `TEMBLOR_JAVA_OPTS="%s"` (256 MB heap, the
              JVM's GC log), 5 s warm-up and 60 s measured (1 and 10 s with `--quick`). Judged: 0 collections in the
              measured period (the bench connector's line, from the JVM's collector beans) over 60 s at >= %.0f%% of the
              rate; the whole run's count (JVM start, compilation and warm-up included) comes from the GC log.

            The numbers are the bench connector's own report: MB/s is the bytes its sink encoded with the flow's codec
            per measured second (MiB, as Tremor), events/s the events it received; latency is the time from an
            event's ingest to the sink, from its HDR histogram (the values at the first listed percentile at or above
            50%%, 90%%, 99%%, 99.9%% and 99.99%%; the histogram lists two steps per half distance, so p99 is read at
            99.2%%; a percentile the distribution does not reach is n/a), drawn whole in `latency.svg` (HdrHistogram's
            percentile plot: x is 1/(1-p) on a log scale). The source decodes every event it emits with the flow's
            codec (influx, msgpack), as Tremor's does; JSON lines are passed as they are and parsed by the pipeline.
            %s GC (n, ms) is the engine JVM's collections and their pause time (the collector beans' count and time:
            with G1, young, mixed and full collections and the concurrent cycle's remark and cleanup pauses) during
            the measured period; the whole run's count and pause total come from the JVM's GC log (`-Xlog:gc`). CPU
            s/GB is the engine JVM's utime + stime (`/proc/PID/stat`, polled every %d ms) over the RUN seconds before
            the report appeared, per GB (10^9 bytes) the sink encoded in that time; peak RSS is its `VmHWM`. Each
            flow's full output is kept in `FLOW.log` beside this report. The machine is shared: numbers move with its
            load (see the load averages below).
            """, env.path("inputs").path("flowsDir").asText("?"), String.join(" ", FlowsSuite.LATENCY_ARGS),
            RATE_TOLERANCE * 100, FlowsSuite.STEADY_JAVA_OPTS, RATE_TOLERANCE * 100, coordinatedOmission(env),
            FlowRunner.POLL_MS));
        md.append("\n## Environment\n\n| | |\n|---|---|\n");
        Markdown.environmentRows(md, env);
        return md.toString();
    }

    /**
     * How the run's latencies treat a late source: runs whose env.json says paced events were stamped with their
     * scheduled time are corrected for coordinated omission; older runs stamped them when emitted.
     */
    private static String coordinatedOmission(final JsonNode env)
    {
        if (FlowsSuite.STAMP_SCHEDULED.equals(env.path("inputs").path(FlowsSuite.STAMP_KEY).asText()))
        {
            return "The paced flows (`aeron-ipc-latency`, `steady-100k`: a fixed rate) stamp each event with the time " +
                "it was due on the source's fixed schedule, not the time it went out, so a late source counts as " +
                "latency: their percentiles are **corrected for coordinated omission** (the schedule restarts once when " +
                "the warm-up ends, so its backlog is not charged to measured events). The other flows run as fast " +
                "as they can (no rate, nothing to omit); their latency is the queueing time of a saturated flow.";
        }
        return "Ingest times were stamped at emission, so a late source is not counted (this run predates the " +
            "coordinated-omission correction).";
    }

    private static List<String> row(final JsonNode f)
    {
        if (!"ok".equals(f.path("status").asText()))
        {
            return List.of(f.path("flow").asText(), "failed", "", "", "", "", "", "", "", "", "", "");
        }
        return List.of(f.path("flow").asText(),
            String.format(Locale.ROOT, "%.1f", number(f, "mbPerSec")),
            rate(number(f, "eventsPerSec")),
            latency(number(f, "p50Ns")), latency(number(f, "p90Ns")), latency(number(f, "p99Ns")),
            latency(number(f, "p999Ns")), latency(number(f, "p9999Ns")), latency(number(f, "maxNs")),
            Double.isNaN(number(f, "cpuSecondsPerGb")) ? "n/a" :
                String.format(Locale.ROOT, "%.2f", number(f, "cpuSecondsPerGb")),
            Double.isNaN(number(f, "peakRssBytes")) ? "n/a" :
                String.format(Locale.ROOT, "%.0f MB", number(f, "peakRssBytes") / (1024 * 1024)),
            f.path("gcCollections").asLong(-1) + ", " + f.path("gcMs").asLong(-1));
    }

    /**
     * One line of a flow's result, for progress output.
     *
     * @param result the result as run.
     * @return the line.
     */
    public static String oneLine(final Map<String, Object> result)
    {
        final JsonNode f = new ObjectMapper().valueToTree(result);
        if (!"ok".equals(f.path("status").asText()))
        {
            return "FAILED: " + f.path("reason").asText();
        }
        final List<String> cells = row(f);
        final List<String> parts = new ArrayList<>();
        for (int i = 1; i < cells.size(); i++)
        {
            parts.add(HEADER.get(i) + " " + cells.get(i));
        }
        return String.join(", ", parts);
    }

    /**
     * The summary table printed at the end of a run.
     *
     * @param runDir the run directory.
     * @return lines of text.
     * @throws IOException on read failure.
     */
    public static String consoleTable(final Path runDir) throws IOException
    {
        final JsonNode flows = flows(runDir);
        final List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (final JsonNode f : flows)
        {
            rows.add(row(f));
        }
        return Tables.console(rows, targets(flows));
    }

    /**
     * One line for the perf-reports index.
     *
     * @param runDir the run directory.
     * @return Markdown text.
     * @throws IOException on read failure.
     */
    public static String headline(final Path runDir) throws IOException
    {
        final JsonNode flows = flows(runDir);
        final List<String> parts = new ArrayList<>();
        for (final JsonNode f : flows)
        {
            final String name = f.path("flow").asText();
            final boolean ok = "ok".equals(f.path("status").asText());
            if ("passthrough-json".equals(name) || "throughput-logging-json".equals(name))
            {
                parts.add(name + " " + (ok ? String.format(Locale.ROOT, "%.1f MB/s, %s events/s",
                    number(f, "mbPerSec"), rate(number(f, "eventsPerSec"))) : "failed"));
            }
            else if (FlowsSuite.LATENCY_FLOW.equals(name))
            {
                parts.add(name + " " + (ok ? "p99.9 " + latency(number(f, "p999Ns")) : "failed"));
            }
            else if (FlowsSuite.STEADY_FLOW.equals(name))
            {
                parts.add(name + " " + (ok ? f.path("gcCollections").asLong(-1) + " GC in " +
                    f.path("runSeconds").asLong() + " s" : "failed"));
            }
        }
        final List<Target> targets = targets(flows);
        final long met = targets.stream().filter(t -> Boolean.TRUE.equals(t.met())).count();
        final long ok = java.util.stream.StreamSupport.stream(flows.spliterator(), false)
            .filter(f -> "ok".equals(f.path("status").asText())).count();
        return ok + "/" + flows.size() + " flows ran; " + String.join("; ", parts) + "; targets met " + met + "/" +
            targets.size();
    }

    private static double number(final JsonNode f, final String key)
    {
        final JsonNode v = f.path(key);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }

    static String latency(final double ns)
    {
        if (Double.isNaN(ns) || ns < 0)
        {
            return "n/a";
        }
        return ns >= 1e6 ? String.format(Locale.ROOT, "%.1f ms", ns / 1e6) :
            ns >= 1e3 ? String.format(Locale.ROOT, "%.0f µs", ns / 1e3) : String.format(Locale.ROOT, "%.0f ns", ns);
    }

    static String rate(final double v)
    {
        if (Double.isNaN(v))
        {
            return "n/a";
        }
        return v >= 1e6 ? String.format(Locale.ROOT, "%.2fM", v / 1e6) :
            v >= 1e3 ? String.format(Locale.ROOT, "%.1fk", v / 1e3) : String.format(Locale.ROOT, "%.0f", v);
    }
}
