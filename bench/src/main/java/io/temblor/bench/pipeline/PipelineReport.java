package io.temblor.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.bench.report.JmhResult;
import io.temblor.bench.report.Markdown;
import io.temblor.bench.report.SvgBarChart;
import io.temblor.bench.report.Tables;
import io.temblor.bench.report.Target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Generates the pipeline suite's report (report.md, chart.svg, alloc.svg) from a run directory's results.json and
 * env.json alone, so any run can be re-reported with {@code temblor bench report DIR}. Decisions/s is JMH's throughput
 * score (one operation is one decision); B/op is {@code gc.alloc.rate.norm}, per decision too.
 */
public final class PipelineReport
{
    /** Target: TokenBuckets' decisions/s over Bucket4j's unsynchronised buckets' at {@link #TARGET_KEYS} keys. */
    public static final double TARGET_VS_UNSYNCHRONISED = 3.0;
    /** The key count the target is judged at. */
    public static final int TARGET_KEYS = 100_000;
    /** Target: events/s of the throughput-logging pipeline on decoded events ({@code tapes}). */
    public static final double TARGET_TAPES_EVENTS_PER_SEC = 2_000_000;
    /** Target: events/s of the throughput-logging pipeline with JSON decode and encode ({@code json}). */
    public static final double TARGET_JSON_EVENTS_PER_SEC = 500_000;
    /** Target: heap bytes allocated per event by the throughput-logging pipeline, in each method. */
    public static final double TARGET_BYTES_PER_EVENT = 16;
    /** The key counts of {@link RateLimitBenchmark}, in report order. */
    public static final List<Integer> KEY_COUNTS = List.of(1, 1000, 100_000);

    private static final String TEMBLOR = "temblor";
    private static final String UNSYNCHRONISED = "bucket4jUnsynchronised";
    private static final String LOCK_FREE = "bucket4jLockFree";
    private static final String RATE_LIMIT_BENCHMARK = RateLimitBenchmark.class.getName();

    private PipelineReport()
    {
    }

    /**
     * The numbers of one run; NaN where a benchmark is missing.
     *
     * @param env        env.json.
     * @param keyCounts  key counts measured, ascending.
     * @param limiters   limiter (benchmark method) names, report order first.
     * @param rate       decisions/s [key count][limiter].
     * @param relError   relative error of the score [key count][limiter].
     * @param alloc      bytes allocated per decision [key count][limiter].
     * @param throughput the results of the throughput-logging benchmark, empty when it did not run.
     */
    public record Summary(
        JsonNode env, List<Integer> keyCounts, List<String> limiters, double[][] rate, double[][] relError,
        double[][] alloc, List<JmhResult> throughput)
    {
        /**
         * Decisions/s of limiter a over limiter b at a key count.
         *
         * @param keys index into {@link #keyCounts}.
         * @param a    limiter name.
         * @param b    limiter name.
         * @return the ratio, NaN if either is missing.
         */
        public double ratio(final int keys, final String a, final String b)
        {
            final int ia = limiters.indexOf(a);
            final int ib = limiters.indexOf(b);
            return ia < 0 || ib < 0 ? Double.NaN : rate[keys][ia] / rate[keys][ib];
        }

        boolean quick()
        {
            return Markdown.isQuick(env);
        }
    }

    /**
     * Reads a run directory.
     *
     * @param runDir a directory with results.json and env.json.
     * @return the summary.
     * @throws IOException on read failure.
     */
    public static Summary summarize(final Path runDir) throws IOException
    {
        final JsonNode env = new ObjectMapper().readTree(runDir.resolve("env.json").toFile());
        final List<JmhResult> results = JmhResult.read(runDir.resolve("results.json"));
        final List<JmhResult> rateLimit = new ArrayList<>();
        final List<JmhResult> throughput = new ArrayList<>();
        for (final JmhResult r : results)
        {
            if (r.benchmark().startsWith(RATE_LIMIT_BENCHMARK + "."))
            {
                rateLimit.add(r);
            }
            else if (r.benchmark().startsWith(PipelineSuite.THROUGHPUT_BENCHMARK + "."))
            {
                throughput.add(r);
            }
        }
        final List<Integer> keyCounts = new ArrayList<>();
        final List<String> limiters = new ArrayList<>();
        for (final JmhResult r : rateLimit)
        {
            final int keys = Integer.parseInt(r.params().getOrDefault("keys", "-1"));
            if (!keyCounts.contains(keys))
            {
                keyCounts.add(keys);
            }
        }
        keyCounts.sort(null);
        for (final String l : RateLimitBenchmark.LIMITERS)
        {
            if (rateLimit.stream().anyMatch(r -> l.equals(r.method())))
            {
                limiters.add(l);
            }
        }
        for (final JmhResult r : rateLimit)
        {
            if (!limiters.contains(r.method()))
            {
                limiters.add(r.method());
            }
        }
        final double[][] rate = Tables.nanMatrix(keyCounts.size(), limiters.size());
        final double[][] relError = Tables.nanMatrix(keyCounts.size(), limiters.size());
        final double[][] alloc = Tables.nanMatrix(keyCounts.size(), limiters.size());
        for (final JmhResult r : rateLimit)
        {
            final int k = keyCounts.indexOf(Integer.parseInt(r.params().getOrDefault("keys", "-1")));
            final int l = limiters.indexOf(r.method());
            rate[k][l] = 1e9 / r.nsPerOp();
            relError[k][l] = r.relativeError();
            alloc[k][l] = r.allocNorm();
        }
        return new Summary(env, List.copyOf(keyCounts), List.copyOf(limiters), rate, relError, alloc,
            List.copyOf(throughput));
    }

    /**
     * Writes report.md, chart.svg and alloc.svg into the run directory.
     *
     * @param runDir the run directory.
     * @throws IOException on read or write failure.
     */
    public static void generate(final Path runDir) throws IOException
    {
        final Summary s = summarize(runDir);
        Files.writeString(runDir.resolve("chart.svg"), throughputChart(s), StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve("alloc.svg"), allocationChart(s), StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve("report.md"), markdown(s), StandardCharsets.UTF_8);
    }

    /**
     * The suite's targets, judged on the run.
     *
     * @param s the run.
     * @return the verdicts.
     */
    public static List<Target> targets(final Summary s)
    {
        final List<Target> targets = new ArrayList<>();
        targets.add(rateLimitTarget(s));
        targets.add(eventsTarget(s, "tapes", "on decoded events", TARGET_TAPES_EVENTS_PER_SEC));
        targets.add(eventsTarget(s, "json", "with JSON decode and encode", TARGET_JSON_EVENTS_PER_SEC));
        targets.add(allocationTarget(s));
        return targets;
    }

    /**
     * The throughput-logging result of a benchmark method.
     *
     * @param s      the run.
     * @param method the method's simple name.
     * @return the result, null when it did not run.
     */
    public static JmhResult throughputResult(final Summary s, final String method)
    {
        for (final JmhResult r : s.throughput())
        {
            if (method.equals(r.method()))
            {
                return r;
            }
        }
        return null;
    }

    private static Target eventsTarget(final Summary s, final String method, final String what, final double target)
    {
        final String name = "Throughput-logging pipeline >= " + rate(target) + " events/s " + what + " (`" + method +
            "`)";
        final JmhResult r = throughputResult(s, method);
        if (null == r)
        {
            return new Target(name, null, "no `" + method + "` result");
        }
        final double eventsPerSec = 1e9 / r.nsPerOp();
        return new Target(name, eventsPerSec >= target, rate(eventsPerSec) + " events/s");
    }

    private static Target allocationTarget(final Summary s)
    {
        final String name = "Throughput-logging pipeline <= " + rate(TARGET_BYTES_PER_EVENT) + " B/event allocated (`tapes` and `json`)";
        final List<String> details = new ArrayList<>();
        Boolean met = Boolean.TRUE;
        for (final String method : ThroughputLoggingBenchmark.METHODS)
        {
            final JmhResult r = throughputResult(s, method);
            final double bytes = null == r ? Double.NaN : r.allocNorm();
            if (Double.isNaN(bytes))
            {
                return new Target(name, null, "no `" + method + "` result with gc.alloc.rate.norm");
            }
            details.add(method + " " + Markdown.bytes(bytes) + " B/event");
            met = met && bytes <= TARGET_BYTES_PER_EVENT;
        }
        return new Target(name, met, String.join(", ", details));
    }

    private static Target rateLimitTarget(final Summary s)
    {
        final String name = "TokenBuckets >= " + Markdown.ratio(TARGET_VS_UNSYNCHRONISED) +
            " Bucket4j (unsynchronised) decisions/s at " + keys(TARGET_KEYS) + " keys";
        final int k = s.keyCounts().indexOf(TARGET_KEYS);
        final double r = k < 0 ? Double.NaN : s.ratio(k, TEMBLOR, UNSYNCHRONISED);
        if (Double.isNaN(r))
        {
            return new Target(name, null, "no temblor or " + UNSYNCHRONISED + " result at " + keys(TARGET_KEYS) +
                " keys");
        }
        return new Target(name, r >= TARGET_VS_UNSYNCHRONISED, Markdown.ratio(r) + " (" +
            rate(s.rate()[k][s.limiters().indexOf(TEMBLOR)]) + " vs " +
            rate(s.rate()[k][s.limiters().indexOf(UNSYNCHRONISED)]) + " decisions/s)");
    }

    /**
     * The generated Markdown report.
     *
     * @param s the run.
     * @return report.md's text.
     */
    public static String markdown(final Summary s)
    {
        final JsonNode env = s.env();
        final JsonNode workload = env.path("inputs").path("rateLimit");
        final StringBuilder md = new StringBuilder(16 * 1024);
        Markdown.runHeader(md, "Pipeline: rate limiting, Temblor's TokenBuckets vs Bucket4j", env,
            "no fork and a short warm-up, every benchmark in the launcher's JVM.");

        md.append("## Targets\n\n");
        Tables.markdownTargets(md, targets(s));

        md.append("\n## Rate-limit decisions (decisions/s higher is better, B/op lower is better)\n");
        for (int k = 0; k < s.keyCounts().size(); k++)
        {
            final int keys = s.keyCounts().get(k);
            md.append("\n### ").append(keys(keys)).append(keys == 1 ? " key" : " keys");
            final double share = workload.path("keys").path(Integer.toString(keys)).path("steadyLimitedShare")
                .asDouble(Double.NaN);
            md.append(Double.isNaN(share) ? "\n\n" : String.format(Locale.ROOT,
                "\n\n%.1f%% of decisions refused in the steady state.%n%n", share * 100));
            Tables.markdownHead(md, List.of("Limiter", "decisions/s", "B/op", "vs Bucket4j unsynchronised",
                "vs Bucket4j lock-free"), 1);
            for (int l = 0; l < s.limiters().size(); l++)
            {
                final String limiter = s.limiters().get(l);
                Tables.markdownRow(md, List.of(limiter, rate(s.rate()[k][l]) + Markdown.errorSuffix(s.relError()[k][l]),
                    Markdown.bytes(s.alloc()[k][l]), Markdown.ratio(s.ratio(k, limiter, UNSYNCHRONISED)),
                    Markdown.ratio(s.ratio(k, limiter, LOCK_FREE))));
            }
        }
        md.append("\n± is JMH's 99.9% confidence interval of the score, relative to it.\n\n![decisions per second]")
            .append("(chart.svg)\n\n![allocation](alloc.svg)\n");

        md.append("\n## Throughput-logging pipeline (events/s, B/event)\n\n");
        if (s.throughput().isEmpty())
        {
            md.append("Not measured in this run: `").append(PipelineSuite.THROUGHPUT_BENCHMARK)
                .append("` has no results (the benchmark ")
                .append(env.path("inputs").path("throughputBenchmarkPresent").asBoolean(false) ?
                    "exists but did not run" : "does not exist yet")
                .append(").\n");
        }
        else
        {
            md.append("One operation is one event, so B/event is `gc.alloc.rate.norm`.\n\n");
            Tables.markdownHead(md, List.of("Benchmark", "Parameters", "events/s", "B/event"), 2);
            for (final JmhResult r : s.throughput())
            {
                final List<String> params = new ArrayList<>();
                for (final Map.Entry<String, String> p : r.params().entrySet())
                {
                    params.add(p.getKey() + "=" + p.getValue());
                }
                Tables.markdownRow(md, List.of(r.method(), String.join(", ", params),
                    rate(1e9 / r.nsPerOp()) + Markdown.errorSuffix(r.relativeError()), Markdown.bytes(r.allocNorm())));
            }
        }

        md.append(String.format(Locale.ROOT, """

            ## Method

            One JMH benchmark method per limiter (`io.temblor.bench.pipeline.RateLimitBenchmark`), the key count as
            `@Param("keys")`, throughput mode; one operation is one decision, %d decisions per invocation
            (`@OperationsPerInvocation`), each continuing the key sequence and the clock where the last stopped.
            Allocation is JMH's GC profiler's `gc.alloc.rate.norm`, per decision.

            - **Workload** (`RateLimitWorkload`): every key may pass %d events/s with bursts of %d. The keys come from
              a pre-generated sequence of %,d key indices, uniform over the key space (`SplittableRandom`, seed %d),
              cycled. A virtual clock moves a fixed step per decision, `1 / (rate x %.1f x keys)` seconds (in fixed
              point, 1/256 ns), so the keys together are offered %.1f times what they may pass: buckets empty and
              refill all the time, and the share of refused decisions in the steady state (after %d events per key,
              when the initially full buckets no longer show; measured with TokenBuckets) is given per key count above.
            - **temblor**: one `io.temblor.engine.qos.TokenBuckets(rate, burst, maxKeys = keys)`, `acquire(index + 1,
              now)` (GCRA, one long per key in an open-addressing table).
            - **bucket4jUnsynchronised**: Bucket4j %s, one `Bucket` per key in an array indexed by the key (no map cost
              charged to it), `capacity(burst).refillGreedy(rate, 1 s)`, `withCustomTimePrecision(clock)`,
              `SynchronizationStrategy.NONE`, `tryConsume(1)`: the fair match for a single-threaded pipeline operator.
            - **bucket4jLockFree**: the same with Bucket4j's default `SynchronizationStrategy.LOCK_FREE`.

            A unit test (`RateLimitBenchmarkTest`) runs each benchmark method over 2M decisions of the sequence at every
            key count and checks the three pass the same number of decisions (within 0.1%%) and that 12-25%% are refused
            in the steady state.

            **Throughput-logging pipeline** (`ThroughputLoggingBenchmark`): the `main` pipeline of Tremor's
            `tremor-cli/tests/bench/throughput-logging-json` bench as a standalone query (`throughput-logging.trickle`:
            the classification script setting `$class`, `$rate` and `$dimensions`, then `grouper::bucket`, out and
            overflow both to `out`) over that bench's %d log events (`demo/data/data.json.xz`, decompressed), in file
            order, with a virtual ingest clock of %d ns per event. One operation is one event. `tapes`: every event
            decoded once at setup into a parser of its own (a tape belongs to its parser), only `Pipeline.enqueue`
            measured, outputs counted. `json`: one parser decodes each event's bytes, then `enqueue`, and every output
            event is written as compact JSON by a `ValueWriter` into one reused `ByteSink`.
            """, RateLimitBenchmark.BATCH, RateLimitWorkload.RATE_PER_SEC, RateLimitWorkload.BURST,
            RateLimitWorkload.SEQUENCE_LENGTH, RateLimitWorkload.SEED, RateLimitWorkload.OFFERED_LOAD,
            RateLimitWorkload.OFFERED_LOAD, RateLimitWorkload.STEADY_SKIP_PER_KEY,
            env.path("versions").path("bucket4j").asText("?"), ThroughputLoggingBenchmark.EVENTS,
            ThroughputLoggingBenchmark.STEP_NS));

        md.append('\n').append(Markdown.jmhSettings(env.path("settings"), "throughput"));
        md.append("\n## Environment\n\n| | |\n|---|---|\n");
        Markdown.environmentRows(md, env);
        return md.toString();
    }

    /**
     * The summary table printed at the end of a run.
     *
     * @param s the run.
     * @return lines of text.
     */
    public static String consoleTable(final Summary s)
    {
        final java.util.LinkedHashMap<String, java.util.function.IntFunction<String>> ratios = new java.util.LinkedHashMap<>();
        ratios.put("temblor/unsync", k -> Markdown.ratio(s.ratio(k, TEMBLOR, UNSYNCHRONISED)));
        ratios.put("temblor/lockfree", k -> Markdown.ratio(s.ratio(k, TEMBLOR, LOCK_FREE)));
        final List<String> keys = s.keyCounts().stream().map(PipelineReport::keys).toList();
        return Tables.console(Tables.comparisonRows("keys", keys, s.limiters(), "/s", "B/op", s.rate(), s.alloc(),
            PipelineReport::rate, Markdown::bytes, ratios), targets(s));
    }

    /**
     * One line for the perf-reports index: the ratios at the target's key count and the targets met.
     *
     * @param s the run.
     * @return Markdown text.
     */
    public static String headline(final Summary s)
    {
        final List<Target> targets = targets(s);
        final long met = targets.stream().filter(t -> Boolean.TRUE.equals(t.met())).count();
        final int k = s.keyCounts().indexOf(TARGET_KEYS);
        final String at = keys(TARGET_KEYS) + " keys: ";
        return k < 0 ? "no result at " + at.substring(0, at.length() - 2) + "; targets met " + met + "/" + targets.size() :
            at + "vs Bucket4j unsynchronised " + Markdown.ratio(s.ratio(k, TEMBLOR, UNSYNCHRONISED)) +
            ", vs lock-free " + Markdown.ratio(s.ratio(k, TEMBLOR, LOCK_FREE)) + "; pipeline " +
            (s.throughput().isEmpty() ? "not measured" : throughputHeadline(s)) + "; targets met " + met + "/" + targets.size();
    }

    private static String throughputHeadline(final Summary s)
    {
        final List<String> parts = new ArrayList<>();
        for (final String method : ThroughputLoggingBenchmark.METHODS)
        {
            final JmhResult r = throughputResult(s, method);
            if (null != r)
            {
                parts.add(method + " " + rate(1e9 / r.nsPerOp()) + " events/s");
            }
        }
        return parts.isEmpty() ? "measured" : String.join(", ", parts);
    }

    private static String throughputChart(final Summary s)
    {
        final double[][] millions = new double[s.keyCounts().size()][];
        for (int k = 0; k < millions.length; k++)
        {
            millions[k] = Arrays.stream(s.rate()[k]).map(v -> v / 1e6).toArray();
        }
        return SvgBarChart.render(
            "Rate-limit decisions per key count (million/s, higher is better)" + (s.quick() ? " - quick run" : ""),
            "million decisions/s (one key of the sequence, passed or refused)", groups(s), s.limiters(), millions,
            false, Double.NaN, "", v -> String.format(Locale.ROOT, "%.1f M", v));
    }

    private static String allocationChart(final Summary s)
    {
        return SvgBarChart.render(
            "Allocation per decision (gc.alloc.rate.norm, B/op, log scale, lower is better)" +
            (s.quick() ? " - quick run" : ""), "bytes allocated per decision (log scale; bars start at 1 B)", groups(s),
            s.limiters(), s.alloc(), true, Double.NaN, "", Markdown::bytes);
    }

    private static List<String> groups(final Summary s)
    {
        final List<String> groups = new ArrayList<>();
        for (final int keys : s.keyCounts())
        {
            groups.add(keys(keys) + (keys == 1 ? " key" : " keys"));
        }
        return groups;
    }

    /**
     * Formats decisions/s.
     *
     * @param v the value.
     * @return a grouped integer, or n/a.
     */
    public static String rate(final double v)
    {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    /**
     * Formats a key count with spaces between groups of three digits.
     *
     * @param keys the count.
     * @return e.g. {@code 100 000}.
     */
    public static String keys(final int keys)
    {
        return String.format(Locale.ROOT, "%,d", keys).replace(',', ' ');
    }
}
