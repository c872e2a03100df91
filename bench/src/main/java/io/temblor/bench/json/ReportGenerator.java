package io.temblor.bench.json;

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
import java.util.List;
import java.util.Locale;

/**
 * Generates the JSON suite's report (report.md, chart.svg, alloc.svg) from a run directory's results.json (raw JMH
 * output) and env.json alone, so any run can be re-reported later with {@code temblor bench report DIR}.
 * GB/s is the file's size in bytes divided by the average time of one parse, with 1 GB = 10^9 bytes.
 */
public final class ReportGenerator
{
    /** Target: Temblor's throughput over simdjson-java's, on every file. */
    public static final double TARGET_VS_SIMDJSON = 1.0;
    /** Target: Temblor's throughput over Jackson streaming's, on every file. */
    public static final double TARGET_VS_JACKSON = 2.0;
    /** Target: Temblor's gc.alloc.rate.norm, in bytes per parse, on every file. */
    public static final double TARGET_ALLOC_BYTES = 16;

    private static final String TEMBLOR = "temblor";
    private static final String SIMDJSON = "simdjsonJava";
    private static final String JACKSON = "jacksonStreaming";

    private ReportGenerator()
    {
    }

    /**
     * The numbers of one run, per file and parser; NaN where a benchmark is missing.
     *
     * @param env      env.json.
     * @param files    file names, corpus order first.
     * @param parsers  parser (benchmark method) names, report order first.
     * @param sizes    bytes per file, -1 when env.json lacks it.
     * @param gbps     GB/s [file][parser].
     * @param relError relative error of the time score [file][parser].
     * @param alloc    gc.alloc.rate.norm in B/op [file][parser].
     */
    public record Summary(
        JsonNode env, List<String> files, List<String> parsers, long[] sizes, double[][] gbps, double[][] relError,
        double[][] alloc)
    {
        /**
         * Throughput of parser a over parser b on a file.
         *
         * @param file file index.
         * @param a    parser name.
         * @param b    parser name.
         * @return the ratio, NaN if either is missing.
         */
        public double ratio(final int file, final String a, final String b)
        {
            final int ia = parsers.indexOf(a);
            final int ib = parsers.indexOf(b);
            return ia < 0 || ib < 0 ? Double.NaN : gbps[file][ia] / gbps[file][ib];
        }

        /**
         * A metric of a parser on a file.
         *
         * @param metric gbps or alloc.
         * @param file   file index.
         * @param parser parser name.
         * @return the value, NaN if missing.
         */
        public double value(final double[][] metric, final int file, final String parser)
        {
            final int p = parsers.indexOf(parser);
            return p < 0 ? Double.NaN : metric[file][p];
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
        final List<String> files = new ArrayList<>();
        final List<String> parsers = new ArrayList<>();
        for (final String file : JsonParseBenchmark.FILES)
        {
            if (results.stream().anyMatch(r -> file.equals(r.params().get("file"))))
            {
                files.add(file);
            }
        }
        for (final String parser : JsonParseBenchmark.PARSERS)
        {
            if (results.stream().anyMatch(r -> parser.equals(r.method())))
            {
                parsers.add(parser);
            }
        }
        for (final JmhResult r : results)
        {
            final String file = r.params().getOrDefault("file", "?");
            if (!files.contains(file))
            {
                files.add(file);
            }
            if (!parsers.contains(r.method()))
            {
                parsers.add(r.method());
            }
        }
        final long[] sizes = new long[files.size()];
        final double[][] gbps = Tables.nanMatrix(files.size(), parsers.size());
        final double[][] relError = Tables.nanMatrix(files.size(), parsers.size());
        final double[][] alloc = Tables.nanMatrix(files.size(), parsers.size());
        for (int f = 0; f < files.size(); f++)
        {
            sizes[f] = env.path("inputs").path("files").path(files.get(f)).path("bytes").asLong(-1);
        }
        for (final JmhResult r : results)
        {
            final int f = files.indexOf(r.params().getOrDefault("file", "?"));
            final int p = parsers.indexOf(r.method());
            gbps[f][p] = sizes[f] < 0 ? Double.NaN : sizes[f] / r.nsPerOp();
            relError[f][p] = r.relativeError();
            alloc[f][p] = r.allocNorm();
        }
        return new Summary(env, List.copyOf(files), List.copyOf(parsers), sizes, gbps, relError, alloc);
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
     * The three targets of the JSON parser, judged on every file of the run.
     *
     * @param s the run.
     * @return the verdicts.
     */
    public static List<Target> targets(final Summary s)
    {
        return List.of(
            ratioTarget(s, SIMDJSON, TARGET_VS_SIMDJSON, "simdjson-java"),
            ratioTarget(s, JACKSON, TARGET_VS_JACKSON, "Jackson streaming"),
            allocTarget(s));
    }

    private static Target ratioTarget(final Summary s, final String other, final double target, final String label)
    {
        final String name = "Temblor >= " + ratio(target) + " " + label + " on every file";
        double min = Double.POSITIVE_INFINITY;
        String minFile = null;
        int missing = 0;
        final List<String> below = new ArrayList<>();
        for (int f = 0; f < s.files().size(); f++)
        {
            final double r = s.ratio(f, TEMBLOR, other);
            if (Double.isNaN(r))
            {
                missing++;
                continue;
            }
            if (r < min)
            {
                min = r;
                minFile = s.files().get(f);
            }
            if (r < target)
            {
                below.add(s.files().get(f) + " " + ratio(r));
            }
        }
        if (minFile == null)
        {
            return new Target(name, null, "no temblor or " + other + " results");
        }
        final String detail = "min " + ratio(min) + " (" + minFile + ")" +
            (below.isEmpty() ? "" : "; below target: " + String.join(", ", below)) +
            (missing > 0 ? "; " + missing + " file(s) without data" : "");
        return new Target(name, below.isEmpty() && missing == 0, detail);
    }

    private static Target allocTarget(final Summary s)
    {
        final String name = "Temblor gc.alloc.rate.norm <= " + (long)TARGET_ALLOC_BYTES + " B/op on every file";
        double max = Double.NEGATIVE_INFINITY;
        String maxFile = null;
        int missing = 0;
        for (int f = 0; f < s.files().size(); f++)
        {
            final double a = s.value(s.alloc(), f, TEMBLOR);
            if (Double.isNaN(a))
            {
                missing++;
                continue;
            }
            if (a > max)
            {
                max = a;
                maxFile = s.files().get(f);
            }
        }
        if (maxFile == null)
        {
            return new Target(name, null, "no temblor results with the GC profiler");
        }
        return new Target(name, max <= TARGET_ALLOC_BYTES && missing == 0,
            "max " + bytes(max) + " B/op (" + maxFile + ")" + (missing > 0 ? "; " + missing + " file(s) without data" : ""));
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
        final JsonNode settings = env.path("settings");
        final StringBuilder md = new StringBuilder(8 * 1024);
        Markdown.runHeader(md, "JSON parsing: Temblor vs simdjson-java, Jackson streaming, fastjson2", env,
            "no fork and a short warm-up; Vector API code may not be fully compiled yet.");
        md.append("## Targets\n\n");
        Tables.markdownTargets(md, targets(s));

        md.append("\n## Throughput (GB/s, higher is better)\n\n| File | Size |");
        for (final String p : s.parsers())
        {
            md.append(' ').append(p).append(" |");
        }
        md.append(" temblor / simdjsonJava | temblor / jacksonStreaming |\n|---|---:|");
        md.append("---:|".repeat(s.parsers().size() + 2)).append('\n');
        for (int f = 0; f < s.files().size(); f++)
        {
            md.append("| ").append(s.files().get(f)).append(" | ").append(size(s.sizes()[f])).append(" |");
            for (int p = 0; p < s.parsers().size(); p++)
            {
                md.append(' ').append(gbps(s.gbps()[f][p])).append(Markdown.errorSuffix(s.relError()[f][p])).append(" |");
            }
            md.append(' ').append(ratio(s.ratio(f, TEMBLOR, SIMDJSON))).append(" | ")
                .append(ratio(s.ratio(f, TEMBLOR, JACKSON))).append(" |\n");
        }
        md.append("\n± is JMH's 99.9% confidence interval of the time per parse, relative to it.\n\n![throughput](chart.svg)\n");

        md.append("\n## Allocation (gc.alloc.rate.norm, B/op, lower is better)\n\n| File |");
        for (final String p : s.parsers())
        {
            md.append(' ').append(p).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(s.parsers().size())).append('\n');
        for (int f = 0; f < s.files().size(); f++)
        {
            md.append("| ").append(s.files().get(f)).append(" |");
            for (int p = 0; p < s.parsers().size(); p++)
            {
                md.append(' ').append(bytes(s.alloc()[f][p])).append(" |");
            }
            md.append('\n');
        }
        md.append("\n![allocation](alloc.svg)\n");

        md.append("""

            ## Method

            One JMH benchmark method per parser (`io.temblor.bench.json.JsonParseBenchmark`), the file as `@Param("file")`,
            all in one run, average time per parse converted to GB/s = file bytes / time (1 GB = 10^9 bytes), allocation from
            JMH's GC profiler (`-prof gc`). Reading the file, splitting NDJSON lines and padding happen in `@Setup`, unmeasured.

            - **temblor**: one reused `io.temblor.json.JsonParser`; `parse(bytes, 0, len)` builds the full tape (strings
              unescaped, numbers parsed); returns the tape's word count. NDJSON: `startDocuments` over the whole buffer, then
              `nextDocument()` per line into the reused tape.
            - **simdjsonJava**: one reused `org.simdjson.SimdJsonParser`; `parse(bytes, len)` on a copy of the file with 64
              spare bytes at the end, its documented padding (with less, it copies the input into its own buffer on every
              parse); returns the root `JsonValue` (its tape is fully built). NDJSON: it has no stream API and takes no offset,
              so each line is pre-split into its own padded array and parsed on its own.
            - **jacksonStreaming**: one reused `JsonFactory` (default features), a new parser per parse, `nextToken()` until
              the end, reading every value: `getText()` for strings, `currentName()` for field names, `getLongValue()` (or
              `getBigIntegerValue()`) / `getDoubleValue()` for numbers. NDJSON: one parser reads the root-level value sequence.
            - **fastjson2**: `JSON.parse(bytes)`, which builds its full tree of `JSONObject` / `JSONArray` (a DOM, so more work
              than a tape). NDJSON: `JSON.parseObject(bytes, lineStart, lineLength)` per line.

            Each method returns a value derived from its result, so nothing is optimised away; a unit test checks that the
            four parsers see the same values on sample inputs.
            """);
        md.append('\n').append(Markdown.jmhSettings(settings, "average time"));

        md.append("\n## Environment\n\n| | |\n|---|---|\n");
        Markdown.environmentRows(md, env);
        Markdown.row(md, "Corpus", "`" + env.path("inputs").path("dataDir").asText("?") + "`");
        md.append("\nCorpus digests (SHA-256): ");
        final List<String> digests = new ArrayList<>();
        env.path("inputs").path("files").properties()
            .forEach(e -> digests.add(e.getKey() + " `" + e.getValue().path("sha256").asText("?").substring(0, 16) + "…`"));
        md.append(String.join(", ", digests)).append(".\n");
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
        ratios.put("temblor/simdjson", f -> ratio(s.ratio(f, TEMBLOR, SIMDJSON)));
        ratios.put("temblor/jackson", f -> ratio(s.ratio(f, TEMBLOR, JACKSON)));
        return Tables.console(Tables.comparisonRows("file", s.files(), s.parsers(), "GB/s", "B/op", s.gbps(), s.alloc(),
            ReportGenerator::gbps, ReportGenerator::bytes, ratios), targets(s));
    }

    /**
     * One line for the perf-reports index: geometric-mean and minimum ratios and the targets met.
     *
     * @param s the run.
     * @return Markdown text.
     */
    public static String headline(final Summary s)
    {
        final List<Target> targets = targets(s);
        final long met = targets.stream().filter(t -> Boolean.TRUE.equals(t.met())).count();
        return "vs simdjson-java " + ratioStats(s, SIMDJSON) + "; vs Jackson " + ratioStats(s, JACKSON) +
            "; targets met " + met + "/" + targets.size();
    }

    private static String ratioStats(final Summary s, final String other)
    {
        double logSum = 0;
        double min = Double.POSITIVE_INFINITY;
        int n = 0;
        for (int f = 0; f < s.files().size(); f++)
        {
            final double r = s.ratio(f, TEMBLOR, other);
            if (!Double.isNaN(r))
            {
                logSum += Math.log(r);
                min = Math.min(min, r);
                n++;
            }
        }
        return n == 0 ? "n/a" : "geomean " + ratio(Math.exp(logSum / n)) + " (min " + ratio(min) + ")";
    }

    private static String throughputChart(final Summary s)
    {
        return SvgBarChart.render(
            "JSON parse throughput per file (GB/s, higher is better)" + (s.quick() ? " - quick run" : ""),
            "GB/s (file bytes / average time per parse)", s.files(), s.parsers(), s.gbps(), false, Double.NaN, "",
            ReportGenerator::gbps);
    }

    private static String allocationChart(final Summary s)
    {
        return SvgBarChart.render(
            "Allocation per parse (gc.alloc.rate.norm, B/op, log scale, lower is better)" + (s.quick() ? " - quick run" : ""),
            "bytes allocated per parse (log scale; bars start at 1 B)", s.files(), s.parsers(), s.alloc(), true,
            TARGET_ALLOC_BYTES, "temblor target " + (long)TARGET_ALLOC_BYTES + " B", ReportGenerator::bytes);
    }

    /**
     * Formats GB/s as in every report.
     *
     * @param v the value.
     * @return two decimals, three below 1, or n/a.
     */
    public static String gbps(final double v)
    {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, v < 1 ? "%.3f" : "%.2f", v);
    }

    /**
     * Formats a ratio as in every report.
     *
     * @param v the ratio.
     * @return e.g. {@code 1.25x}, or n/a.
     */
    public static String ratio(final double v)
    {
        return Markdown.ratio(v);
    }

    /**
     * Formats bytes per operation as in every report.
     *
     * @param v the value.
     * @return two decimals below 100, else a grouped integer, or n/a.
     */
    public static String bytes(final double v)
    {
        return Markdown.bytes(v);
    }

    private static String size(final long bytes)
    {
        if (bytes < 0)
        {
            return "?";
        }
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0) :
            String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
