package io.temblor.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.bench.BenchMain;
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
 * Generates the peers suite's report (report.md, throughput.svg, cpu.svg) from a run directory's results.json and
 * env.json alone, so a run can be re-reported with {@code temblor bench report DIR}.
 */
public final class PeersReport
{
    /** Target: Temblor's events/s over syslog-ng's. */
    public static final double TARGET_VS_SYSLOG_NG = 3.0;
    /** Target: Temblor's events/s over rsyslog's. */
    public static final double TARGET_VS_RSYSLOG = 1.5;

    private static final String NOT_PINNED = " (**neither was pinned in this run**: taskset was missing or failed, " +
        "or the machine has one core, so subject and generator shared the CPUs)";
    private static final List<String> HEADER = List.of("Subject", "events/s (median)", "min - max", "MB/s in",
        "CPU s/GB (median)", "min - max", "peak RSS", "lost", "output check");

    private PeersReport()
    {
    }

    /**
     * Writes report.md, throughput.svg and cpu.svg into the run directory.
     *
     * @param runDir the run directory.
     * @throws IOException on read or write failure.
     */
    public static void generate(final Path runDir) throws IOException
    {
        final JsonNode env = new ObjectMapper().readTree(runDir.resolve(BenchMain.ENV_FILE).toFile());
        final JsonNode results = results(runDir);
        final JsonNode subjects = results.path("subjects");
        final List<String> names = new ArrayList<>();
        final double[][] events = new double[subjects.size()][1];
        final double[][] cpu = new double[subjects.size()][1];
        for (int i = 0; i < subjects.size(); i++)
        {
            names.add(subjects.get(i).path("subject").asText());
            events[i][0] = stats(subjects.get(i), "eventsPerSec")[0];
            cpu[i][0] = stats(subjects.get(i), "cpuSecondsPerGb")[0];
        }
        Files.writeString(runDir.resolve("throughput.svg"), SvgBarChart.render(
            "Syslog TCP -> JSON file, one core each: events/s", "messages/s, median (higher is better)", names,
            List.of("events/s"), events, false, Double.NaN, "", PeersReport::rate), StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve("cpu.svg"), SvgBarChart.render(
            "Syslog TCP -> JSON file: CPU seconds per GB of input", "CPU s/GB, median (lower is better)", names,
            List.of("CPU s/GB"), cpu, false, Double.NaN, "", v -> String.format(Locale.ROOT, "%.1f", v)),
            StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve("report.md"), markdown(env, results), StandardCharsets.UTF_8);
    }

    private static JsonNode results(final Path runDir) throws IOException
    {
        return new ObjectMapper().readTree(runDir.resolve(BenchMain.RESULTS_FILE).toFile());
    }

    /**
     * Median, min and max of a per-repetition number of a subject.
     *
     * @param subject the subject's result.
     * @param key     the repetition's field.
     * @return {median, min, max}, NaN when there is none.
     */
    static double[] stats(final JsonNode subject, final String key)
    {
        final JsonNode reps = subject.path("repetitions");
        final double[] v = new double[reps.size()];
        int n = 0;
        for (final JsonNode r : reps)
        {
            if (r.path(key).isNumber())
            {
                v[n++] = r.path(key).asDouble();
            }
        }
        if (n == 0 || !"ok".equals(subject.path("status").asText()))
        {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        final double[] s = Arrays.copyOf(v, n);
        Arrays.sort(s);
        final double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new double[] {median, s[0], s[n - 1]};
    }

    private static JsonNode find(final JsonNode subjects, final String name)
    {
        for (final JsonNode s : subjects)
        {
            if (name.equals(s.path("subject").asText()))
            {
                return s;
            }
        }
        return null;
    }

    private static double median(final JsonNode subjects, final String name, final String key)
    {
        final JsonNode s = find(subjects, name);
        return null == s ? Double.NaN : stats(s, key)[0];
    }

    /**
     * The targets, judged on a run: Temblor's median events/s at least 3x syslog-ng's and 1.5x rsyslog's, and its
     * median CPU s/GB below both.
     *
     * @param subjects the results' subjects.
     * @return the verdicts.
     */
    public static List<Target> targets(final JsonNode subjects)
    {
        final double temblor = median(subjects, "temblor", "eventsPerSec");
        final double temblorCpu = median(subjects, "temblor", "cpuSecondsPerGb");
        final List<Target> targets = new ArrayList<>();
        targets.add(ratioTarget("syslog-ng", TARGET_VS_SYSLOG_NG, temblor, median(subjects, "syslog-ng",
            "eventsPerSec"), subjects));
        targets.add(ratioTarget("rsyslog", TARGET_VS_RSYSLOG, temblor, median(subjects, "rsyslog", "eventsPerSec"),
            subjects));
        for (final String peer : List.of("syslog-ng", "rsyslog"))
        {
            final double other = median(subjects, peer, "cpuSecondsPerGb");
            final boolean known = !Double.isNaN(temblorCpu) && !Double.isNaN(other);
            targets.add(new Target("Temblor CPU s/GB < " + peer + "'s", known ? temblorCpu < other : null,
                known ? String.format(Locale.ROOT, "%.2f vs %.2f CPU s/GB", temblorCpu, other) :
                    missing(subjects, peer)));
        }
        return targets;
    }

    private static Target ratioTarget(final String peer, final double factor, final double temblor, final double other,
        final JsonNode subjects)
    {
        final String name = String.format(Locale.ROOT, "Temblor events/s >= %.1fx %s's", factor, peer);
        if (Double.isNaN(temblor) || Double.isNaN(other))
        {
            return new Target(name, null, missing(subjects, peer));
        }
        return new Target(name, temblor >= factor * other, String.format(Locale.ROOT, "%s vs %s events/s: %s",
            rate(temblor), rate(other), Markdown.ratio(temblor / other)));
    }

    private static String missing(final JsonNode subjects, final String peer)
    {
        final List<String> why = new ArrayList<>();
        for (final String name : List.of("temblor", peer))
        {
            final JsonNode s = find(subjects, name);
            if (null == s)
            {
                why.add(name + " not run");
            }
            else if (!"ok".equals(s.path("status").asText()))
            {
                why.add(name + " " + s.path("status").asText() + ": " + s.path("reason").asText());
            }
        }
        return String.join("; ", why);
    }

    private static String markdown(final JsonNode env, final JsonNode results)
    {
        final JsonNode method = results.path("method");
        final JsonNode subjects = results.path("subjects");
        final StringBuilder md = new StringBuilder(16384);
        Markdown.runHeader(md, "Peers: syslog TCP -> JSON file, Temblor vs rsyslog and syslog-ng", env,
            "One repetition of " + method.path("messages").asLong() + " messages after " +
            method.path("warmupMessages").asLong() + " of warm-up.");
        md.append("## Targets\n\n");
        Tables.markdownTargets(md, targets(subjects));
        md.append("\n## Results\n\n");
        md.append(String.format(Locale.ROOT, "Median of %d repetition(s) of %,d messages (mean %.1f bytes a line), " +
            "min - max beside it.%n%n", method.path("repetitions").asInt(), method.path("messages").asLong(),
            method.path("meanLineBytes").asDouble()));
        Tables.markdownHead(md, HEADER, 1);
        for (final JsonNode s : subjects)
        {
            Tables.markdownRow(md, row(s));
        }
        final double temblor = median(subjects, "temblor", "eventsPerSec");
        final double temblorCpu = median(subjects, "temblor", "cpuSecondsPerGb");
        md.append("\n| Ratio | events/s | CPU s/GB |\n|---|---:|---:|\n");
        for (final String peer : List.of("syslog-ng", "rsyslog"))
        {
            md.append("| Temblor / ").append(peer).append(" | ")
                .append(Markdown.ratio(temblor / median(subjects, peer, "eventsPerSec"))).append(" | ")
                .append(Markdown.ratio(temblorCpu / median(subjects, peer, "cpuSecondsPerGb"))).append(" |\n");
        }
        final List<String> notes = new ArrayList<>();
        for (final JsonNode s : subjects)
        {
            if (!"ok".equals(s.path("status").asText()))
            {
                notes.add("- **" + s.path("subject").asText() + "** " + s.path("status").asText() + ": " +
                    s.path("reason").asText());
            }
        }
        if (!notes.isEmpty())
        {
            md.append('\n').append(String.join("\n", notes)).append('\n');
        }
        md.append("\n![events per second](throughput.svg)\n\n![CPU seconds per GB](cpu.svg)\n\n");
        md.append("### Every repetition\n\n");
        Tables.markdownHead(md, List.of("Subject", "run", "messages", "seconds", "events/s", "MB/s", "CPU s",
            "CPU s/GB", "waiting for CPU s", "lost"), 2);
        for (final JsonNode s : subjects)
        {
            final JsonNode warm = s.path("warmup");
            if (warm.isObject())
            {
                Tables.markdownRow(md, repRow(s, "warm-up", warm));
            }
            int i = 1;
            for (final JsonNode r : s.path("repetitions"))
            {
                Tables.markdownRow(md, repRow(s, Integer.toString(i++), r));
            }
        }
        md.append(String.format(Locale.ROOT, """

            ## Method

            Each subject receives RFC 5424 syslog over TCP on 127.0.0.1, one message a line, and writes one JSON
            object a line to a file. The load generator is the bench's own (`SyslogGenerator`): %d line templates
            with varying priority, host, app, procid, msgid, structured data (none, one or two elements) and message,
            built once; each message carries a zero-padded sequence number (`seq=0000000042`) written into a copy of
            its template, and lines go out in writes of 256 KiB on %d TCP connection(s), as fast as the subject
            reads them (TCP back-pressure). A sample line:

            ```
            %s
            ```

            Each subject runs as one process pinned with `taskset -c %d` (one core; its threads share it); the
            generator (this bench JVM) is pinned to CPU %d%s. The subject is started once, gets %,d warm-up messages
            (not counted; the JVM compiles its hot paths), then %d measured repetition(s) of %,d messages, each on new
            connections. A repetition's time runs from the first byte sent until the output file holds every line
            sent so far (checked every %d ms); events/s is messages over that time, MB/s the input bytes over it.
            CPU s is the subject process's utime + stime, children included (`/proc/PID/stat`), over the repetition;
            CPU s/GB is that per 10^9 bytes of input. "Waiting for CPU s" is the time the subject's threads were
            runnable but not running (`/proc/PID/task/*/schedstat`): on a shared machine, the time other work took
            its core; a single-threaded subject loses more of its core to it than one with several busy threads.
            Peak RSS is the process's `VmHWM` after the last repetition.
            Lines still missing %d s after the last new one count as lost. After the run the whole output file is
            checked: every line valid JSON with a sequence number, every number sent present exactly once.

            The outputs carry the same information: timestamp, host, app, procid, msgid, severity, facility,
            structured data and message (rsyslog: the structured data as its raw text; syslog-ng: `format-json`'s
            `rfc5424` and `nv-pairs` scopes, structured data as a nested object, plus its `SOURCE` and `HOST_FROM`;
            Temblor: the `syslog` codec's record, as Tremor's, structured data as a nested object, the timestamp in
            nanoseconds, plus `protocol` and `protocol_version`).

            rsyslog and syslog-ng are Debian's packages. The two conflict as packages (both provide
            `system-log-daemon`) and installing either would start it as the system's logger, so one that is not
            installed is fetched with `apt-get download`, unpacked with `dpkg -x` into a cache folder (its libraries
            installed with `apt-get install`) and run from there with its module path; a daemon that cannot be had is
            skipped and marked so. The machine is shared: numbers move with its load (see the load averages below).
            """, SyslogGenerator.VARIANTS, method.path("connections").asInt(), method.path("sampleLine").asText(),
            method.path("subjectCpu").asInt(), method.path("generatorCpu").asInt(),
            method.path("generatorPinned").asBoolean(false) ? "" : NOT_PINNED,
            method.path("warmupMessages").asLong(), method.path("repetitions").asInt(),
            method.path("messages").asLong(), PeerRunner.POLL_MS, PeerRunner.STALL_SECS));
        md.append("\n## Subjects and configurations\n");
        for (final JsonNode s : subjects)
        {
            md.append("\n### ").append(s.path("subject").asText()).append("\n\n");
            md.append("- Version: ").append(s.path("version").asText("n/a")).append('\n');
            if (s.path("binary").isObject())
            {
                md.append("- Executable: `").append(s.path("binary").path("executable").asText("n/a")).append("` (")
                    .append(s.path("binary").path("source").asText("n/a")).append(")\n");
            }
            if (s.hasNonNull("command"))
            {
                md.append("- Command: `").append(s.path("command").asText()).append("`");
                if (!s.path("env").isEmpty())
                {
                    final List<String> vars = new ArrayList<>();
                    s.path("env").properties().forEach(e -> vars.add(e.getKey() + "=" + e.getValue().asText()));
                    md.append(" with `").append(String.join(" ", vars)).append('`');
                }
                md.append('\n');
            }
            if (s.hasNonNull("config"))
            {
                md.append("- Configuration (`").append(s.path("configFile").asText()).append("`):\n\n```\n")
                    .append(s.path("config").asText()).append("```\n");
            }
            if (!"ok".equals(s.path("status").asText()))
            {
                md.append("- **").append(s.path("status").asText()).append("**: ").append(s.path("reason").asText())
                    .append('\n');
            }
        }
        md.append("\n## Environment\n\n| | |\n|---|---|\n");
        Markdown.environmentRows(md, env);
        return md.toString();
    }

    private static List<String> repRow(final JsonNode s, final String run, final JsonNode r)
    {
        return List.of(s.path("subject").asText(), run, String.format(Locale.ROOT, "%,d", r.path("messages").asLong()),
            String.format(Locale.ROOT, "%.3f", r.path("seconds").asDouble()), rate(r.path("eventsPerSec").asDouble()),
            String.format(Locale.ROOT, "%.1f", r.path("mbPerSec").asDouble()),
            String.format(Locale.ROOT, "%.2f", r.path("cpuSeconds").asDouble()),
            String.format(Locale.ROOT, "%.2f", r.path("cpuSecondsPerGb").asDouble()),
            r.path("runQueueWaitSeconds").isNumber() ?
                String.format(Locale.ROOT, "%.2f", r.path("runQueueWaitSeconds").asDouble()) : "n/a",
            Long.toString(r.path("lost").asLong()));
    }

    private static List<String> row(final JsonNode s)
    {
        final String status = s.path("status").asText();
        if (!"ok".equals(status))
        {
            return List.of(s.path("subject").asText(), status, "", "", "", "", "", "", "");
        }
        final double[] ev = stats(s, "eventsPerSec");
        final double[] mb = stats(s, "mbPerSec");
        final double[] cpu = stats(s, "cpuSecondsPerGb");
        long lost = 0;
        for (final JsonNode r : s.path("repetitions"))
        {
            lost += r.path("lost").asLong();
        }
        final JsonNode check = s.path("verification");
        return List.of(s.path("subject").asText(), rate(ev[0]), rate(ev[1]) + " - " + rate(ev[2]),
            String.format(Locale.ROOT, "%.1f", mb[0]), String.format(Locale.ROOT, "%.2f", cpu[0]),
            String.format(Locale.ROOT, "%.2f - %.2f", cpu[1], cpu[2]),
            String.format(Locale.ROOT, "%.0f MB", s.path("peakRssBytes").asDouble() / (1024 * 1024)),
            Long.toString(lost),
            check.path("complete").asBoolean(false) ? String.format(Locale.ROOT, "%,d lines complete",
                check.path("lines").asLong()) : "INCOMPLETE");
    }

    /**
     * One line of a subject's result, for progress output.
     *
     * @param result the result as run.
     * @return the line.
     */
    public static String oneLine(final Map<String, Object> result)
    {
        final JsonNode s = new ObjectMapper().valueToTree(result);
        if (!"ok".equals(s.path("status").asText()))
        {
            return s.path("status").asText().toUpperCase(Locale.ROOT) + ": " + s.path("reason").asText();
        }
        final List<String> cells = row(s);
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
        final JsonNode subjects = results(runDir).path("subjects");
        final List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (final JsonNode s : subjects)
        {
            rows.add(row(s));
        }
        return Tables.console(rows, targets(subjects));
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
        final JsonNode subjects = results(runDir).path("subjects");
        final List<String> parts = new ArrayList<>();
        for (final JsonNode s : subjects)
        {
            final double[] ev = stats(s, "eventsPerSec");
            parts.add(s.path("subject").asText() + " " + ("ok".equals(s.path("status").asText()) ?
                rate(ev[0]) + " events/s" : s.path("status").asText()));
        }
        final List<Target> targets = targets(subjects);
        final long met = targets.stream().filter(t -> Boolean.TRUE.equals(t.met())).count();
        return String.join("; ", parts) + "; targets met " + met + "/" + targets.size();
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
