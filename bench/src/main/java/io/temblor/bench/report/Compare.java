package io.temblor.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code temblor bench compare A B}: the change of every benchmark's metrics from run A to run B (two run folders of
 * one suite), each judged against the noise measured in the runs. A change is flagged REGRESSION or IMPROVEMENT only
 * when it is larger than that noise: for JMH results, when the two scores' 99.9% confidence intervals do not
 * overlap ({@code |B - A| > errorA + errorB}); for metrics measured once (the flows suite, a quick JMH run without
 * an error), when it exceeds {@link #ASSUMED_NOISE} of A, stated as assumed in the output. Otherwise it is "within
 * noise". Writes {@code compare.md} and {@code compare.json} into B's folder (or {@code --out DIR}).
 */
public final class Compare
{
    /** Relative noise assumed for a metric whose runs give no error interval. */
    public static final double ASSUMED_NOISE = 0.10;
    /** Verdict: B is worse than A beyond the noise. */
    public static final String REGRESSION = "REGRESSION";
    /** Verdict: B is better than A beyond the noise. */
    public static final String IMPROVEMENT = "IMPROVEMENT";
    /** Verdict: the change is within the noise. */
    public static final String WITHIN_NOISE = "within noise";
    /** Verdict: the benchmark is in only one run. */
    public static final String MISSING = "missing";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Flow metrics compared: results.json key, label, true when higher is better. */
    private static final String[][] FLOW_METRICS = {
        {"eventsPerSec", "events/s", "true"},
        {"mbPerSec", "MB/s", "true"},
        {"p50Ns", "p50 ns", "false"},
        {"p90Ns", "p90 ns", "false"},
        {"p99Ns", "p99 ns", "false"},
        {"p999Ns", "p99.9 ns", "false"},
        {"p9999Ns", "p99.99 ns", "false"},
        {"cpuSecondsPerGb", "CPU s/GB", "false"},
        {"peakRssBytes", "peak RSS bytes", "false"},
    };

    /** Peers metrics compared (medians of the repetitions): results.json key, label, true when higher is better. */
    private static final String[][] PEER_METRICS = {
        {"eventsPerSec", "events/s (median)", "true"},
        {"mbPerSec", "MB/s (median)", "true"},
        {"cpuSecondsPerGb", "CPU s/GB (median)", "false"},
    };

    private Compare()
    {
    }

    /**
     * One value of one run.
     *
     * @param value        the value.
     * @param error        its absolute error (half-width of its 99.9% interval), or NaN when not measured.
     * @param higherBetter whether a larger value is better.
     * @param unit         the unit.
     */
    record Value(double value, double error, boolean higherBetter, String unit)
    {
    }

    /**
     * One line of the comparison.
     *
     * @param benchmark the benchmark (with its parameters).
     * @param metric    the metric and unit.
     * @param a         A's value, NaN when missing.
     * @param b         B's value, NaN when missing.
     * @param changePct the change from A to B, percent of A.
     * @param noisePct  the noise the change is judged against, percent of A.
     * @param measured  whether that noise was measured (else assumed).
     * @param verdict   {@link #REGRESSION}, {@link #IMPROVEMENT}, {@link #WITHIN_NOISE} or {@link #MISSING}.
     */
    public record Row(String benchmark, String metric, double a, double b, double changePct, double noisePct,
        boolean measured, String verdict)
    {
    }

    /**
     * Runs the command line {@code compare A B [--out DIR] [--fail-on-regression]}.
     *
     * @param args the arguments after {@code compare}.
     * @param out  where the table goes.
     * @param err  where errors go.
     * @return 0, 1 on a regression with {@code --fail-on-regression} or a failure, 2 on bad usage.
     */
    public static int run(final List<String> args, final PrintStream out, final PrintStream err)
    {
        final List<Path> dirs = new ArrayList<>();
        Path outDir = null;
        boolean failOnRegression = false;
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            if ("--fail-on-regression".equals(arg))
            {
                failOnRegression = true;
            }
            else if ("--out".equals(arg) && i + 1 < args.size())
            {
                outDir = Paths.get(args.get(++i));
            }
            else if (arg.startsWith("-"))
            {
                err.println("temblor bench compare: unknown option " + arg);
                err.println("usage: temblor bench compare RUN_A RUN_B [--out DIR] [--fail-on-regression]");
                return 2;
            }
            else
            {
                dirs.add(Paths.get(arg));
            }
        }
        if (dirs.size() != 2)
        {
            err.println("usage: temblor bench compare RUN_A RUN_B [--out DIR] [--fail-on-regression]");
            return 2;
        }
        try
        {
            final List<Row> rows = compare(dirs.get(0), dirs.get(1));
            final Path target = outDir != null ? outDir : dirs.get(1);
            Files.createDirectories(target);
            Files.writeString(target.resolve("compare.md"), markdown(dirs.get(0), dirs.get(1), rows),
                StandardCharsets.UTF_8);
            JSON.writeValue(target.resolve("compare.json").toFile(), json(dirs.get(0), dirs.get(1), rows));
            out.print(console(rows));
            final long regressions = rows.stream().filter(r -> REGRESSION.equals(r.verdict())).count();
            final long improvements = rows.stream().filter(r -> IMPROVEMENT.equals(r.verdict())).count();
            out.printf(Locale.ROOT, "temblor bench compare: %d regression(s), %d improvement(s), %d within noise; " +
                "written %s%n", regressions, improvements,
                rows.stream().filter(r -> WITHIN_NOISE.equals(r.verdict())).count(), target.resolve("compare.md"));
            return failOnRegression && regressions > 0 ? 1 : 0;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("temblor bench compare: " + ex.getMessage());
            return 2;
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("temblor bench compare: failed: " + ex);
            return 1;
        }
    }

    /**
     * Compares two runs of one suite.
     *
     * @param a the earlier (baseline) run folder.
     * @param b the later run folder.
     * @return the rows, in A's benchmark order, then those only in B.
     * @throws IOException on read failure.
     * @throws IllegalArgumentException when a folder is not a run or the suites differ.
     */
    public static List<Row> compare(final Path a, final Path b) throws IOException
    {
        final String suiteA = suite(a);
        final String suiteB = suite(b);
        if (!suiteA.equals(suiteB))
        {
            throw new IllegalArgumentException("the runs are of different suites: " + a + " is '" + suiteA + "', " +
                b + " is '" + suiteB + "'");
        }
        final Map<String, Value> va = values(a);
        final Map<String, Value> vb = values(b);
        final List<Row> rows = new ArrayList<>();
        for (final Map.Entry<String, Value> e : va.entrySet())
        {
            rows.add(row(e.getKey(), e.getValue(), vb.get(e.getKey())));
        }
        for (final Map.Entry<String, Value> e : vb.entrySet())
        {
            if (!va.containsKey(e.getKey()))
            {
                rows.add(row(e.getKey(), null, e.getValue()));
            }
        }
        return rows;
    }

    /**
     * Judges one change.
     *
     * @param key the benchmark and metric, separated by a tab.
     * @param a   A's value, or null.
     * @param b   B's value, or null.
     * @return the row.
     */
    static Row row(final String key, final Value a, final Value b)
    {
        final String[] parts = key.split("\t", 2);
        if (null == a || null == b || Double.isNaN(a.value()) || Double.isNaN(b.value()))
        {
            return new Row(parts[0], parts[1], null == a ? Double.NaN : a.value(), null == b ? Double.NaN : b.value(),
                Double.NaN, Double.NaN, false, MISSING);
        }
        final double diff = b.value() - a.value();
        final double changePct = a.value() == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : diff / a.value() * 100;
        final boolean measured = !Double.isNaN(a.error()) && !Double.isNaN(b.error());
        final double noise = measured ? a.error() + b.error() : Math.abs(a.value()) * ASSUMED_NOISE;
        final double noisePct = a.value() == 0 ? Double.NaN : noise / Math.abs(a.value()) * 100;
        final String verdict;
        if (Math.abs(diff) <= noise)
        {
            verdict = WITHIN_NOISE;
        }
        else
        {
            verdict = (diff > 0) == a.higherBetter() ? IMPROVEMENT : REGRESSION;
        }
        return new Row(parts[0], parts[1], a.value(), b.value(), changePct, noisePct, measured, verdict);
    }

    private static String suite(final Path dir) throws IOException
    {
        final Path env = dir.resolve("env.json");
        if (!Files.isRegularFile(env) || !Files.isRegularFile(dir.resolve("results.json")))
        {
            throw new IllegalArgumentException(dir + " is not a run folder (no env.json and results.json)");
        }
        return JSON.readTree(env.toFile()).path("suite").asText("?");
    }

    /**
     * The comparable values of a run, keyed by benchmark and metric (tab-separated): a JMH array's scores and
     * allocation per operation, or the flows' metrics.
     */
    static Map<String, Value> values(final Path dir) throws IOException
    {
        final JsonNode root = JSON.readTree(dir.resolve("results.json").toFile());
        final Map<String, Value> values = new LinkedHashMap<>();
        if (root.isArray())
        {
            for (final JmhResult r : JmhResult.read(dir.resolve("results.json")))
            {
                final String name = r.benchmark().substring(r.benchmark().lastIndexOf('.', r.benchmark().length() -
                    r.method().length() - 2) + 1) + params(r.params());
                final boolean higher = r.mode().equals("thrpt");
                values.put(name + "\tscore " + r.scoreUnit(), new Value(r.score(), r.scoreError(), higher,
                    r.scoreUnit()));
                if (!Double.isNaN(r.allocNorm()))
                {
                    values.put(name + "\tgc.alloc.rate.norm B/op", new Value(r.allocNorm(), r.allocNormError(), false,
                        "B/op"));
                }
            }
            return values;
        }
        for (final JsonNode subject : root.path("subjects"))
        {
            for (final String[] m : PEER_METRICS)
            {
                final List<Double> reps = new ArrayList<>();
                for (final JsonNode rep : subject.path("repetitions"))
                {
                    if (rep.path(m[0]).isNumber())
                    {
                        reps.add(rep.path(m[0]).asDouble());
                    }
                }
                if (!reps.isEmpty())
                {
                    Collections.sort(reps);
                    final int n = reps.size();
                    final double median = n % 2 == 1 ? reps.get(n / 2) : (reps.get(n / 2 - 1) + reps.get(n / 2)) / 2;
                    // the repetitions' spread is the noise; one repetition has none measured (assumed, as flows)
                    final double spread = n > 1 ? (reps.get(n - 1) - reps.get(0)) / 2 : Double.NaN;
                    values.put(subject.path("subject").asText() + "\t" + m[1], new Value(median, spread,
                        Boolean.parseBoolean(m[2]), m[1]));
                }
            }
        }
        for (final JsonNode f : root.path("flows"))
        {
            if (!"ok".equals(f.path("status").asText()))
            {
                continue;
            }
            for (final String[] m : FLOW_METRICS)
            {
                final JsonNode v = f.path(m[0]);
                if (v.isNumber())
                {
                    values.put(f.path("flow").asText() + "\t" + m[1], new Value(v.asDouble(), Double.NaN,
                        Boolean.parseBoolean(m[2]), m[1]));
                }
            }
        }
        return values;
    }

    private static String params(final Map<String, String> params)
    {
        if (params.isEmpty())
        {
            return "";
        }
        final List<String> parts = new ArrayList<>();
        new TreeMap<>(params).forEach((k, v) -> parts.add(k + "=" + v));
        return " [" + String.join(", ", parts) + "]";
    }

    private static List<List<String>> cells(final List<Row> rows)
    {
        final List<List<String>> cells = new ArrayList<>();
        cells.add(List.of("Benchmark", "Metric", "A", "B", "Change", "Noise", "Verdict"));
        for (final Row r : rows)
        {
            cells.add(List.of(r.benchmark(), r.metric(), number(r.a()), number(r.b()),
                Double.isNaN(r.changePct()) ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", r.changePct()),
                Double.isNaN(r.noisePct()) ? "n/a" : String.format(Locale.ROOT, "±%.1f%%%s", r.noisePct(),
                    r.measured() ? "" : " (assumed)"),
                r.verdict()));
        }
        return cells;
    }

    /**
     * The comparison as an aligned text table.
     *
     * @param rows the rows.
     * @return the table.
     */
    public static String console(final List<Row> rows)
    {
        final List<List<String>> cells = cells(rows);
        final int[] widths = new int[cells.get(0).size()];
        for (final List<String> line : cells)
        {
            for (int i = 0; i < line.size(); i++)
            {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        final StringBuilder text = new StringBuilder();
        for (final List<String> line : cells)
        {
            for (int i = 0; i < line.size(); i++)
            {
                final String cell = line.get(i);
                text.append(i == 0 || i == 1 ? cell + " ".repeat(widths[i] - cell.length()) :
                    " ".repeat(widths[i] - cell.length()) + cell);
                text.append(i + 1 < line.size() ? "  " : "\n");
            }
        }
        return text.toString();
    }

    private static String markdown(final Path a, final Path b, final List<Row> rows)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# Comparison\n\nA: `").append(a.toAbsolutePath().normalize().getFileName()).append("`, B: `")
            .append(b.toAbsolutePath().normalize().getFileName()).append("`. Generated by `bin/temblor bench compare`.")
            .append(" A change is flagged only beyond the noise: JMH's 99.9% confidence intervals of A and B added; ")
            .append(String.format(Locale.ROOT, "±%.0f%% of A (assumed) for values measured once.%n%n",
                ASSUMED_NOISE * 100));
        final List<List<String>> cells = cells(rows);
        md.append("| ").append(String.join(" | ", cells.get(0))).append(" |\n|---|---|---:|---:|---:|---:|---|\n");
        for (int i = 1; i < cells.size(); i++)
        {
            final List<String> line = new ArrayList<>(cells.get(i));
            if (REGRESSION.equals(line.get(6)) || IMPROVEMENT.equals(line.get(6)))
            {
                line.set(6, "**" + line.get(6) + "**");
            }
            md.append("| ").append(String.join(" | ", line).replace("\n", " ")).append(" |\n");
        }
        return md.toString();
    }

    private static Map<String, Object> json(final Path a, final Path b, final List<Row> rows)
    {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("a", a.toAbsolutePath().normalize().toString());
        doc.put("b", b.toAbsolutePath().normalize().toString());
        doc.put("assumedNoise", ASSUMED_NOISE);
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final Row r : rows)
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("benchmark", r.benchmark());
            m.put("metric", r.metric());
            m.put("a", finite(r.a()));
            m.put("b", finite(r.b()));
            m.put("changePercent", finite(r.changePct()));
            m.put("noisePercent", finite(r.noisePct()));
            m.put("noiseMeasured", r.measured());
            m.put("verdict", r.verdict());
            list.add(m);
        }
        doc.put("rows", list);
        return doc;
    }

    private static Double finite(final double v)
    {
        return Double.isFinite(v) ? v : null;
    }

    private static String number(final double v)
    {
        if (Double.isNaN(v))
        {
            return "n/a";
        }
        final double abs = Math.abs(v);
        return abs >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : abs >= 10 ? String.format(Locale.ROOT, "%.1f", v) :
            String.format(Locale.ROOT, "%.3f", v);
    }
}
