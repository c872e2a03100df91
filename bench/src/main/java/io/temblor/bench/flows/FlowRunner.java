package io.temblor.bench.flows;

import io.temblor.bench.ProcFs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one bench flow as {@code <home>/bin/temblor run FILE ARGS...} in the flow's folder (Tremor's flows with
 * {@code --path ../../lib}; the environment with {@code TEMBLOR_NO_BUILD=1}, {@code TEMBLOR_BENCH_SECONDS} and the
 * flow's own variables, see {@link FlowSpec}), keeps its output in a log file, and polls the engine
 * JVM (the launcher's java descendant) every {@link #POLL_MS} ms for its CPU time ({@code /proc/PID/stat} utime +
 * stime) and peak resident memory ({@code /proc/PID/status} VmHWM). The CPU time of the measured period is the
 * difference of the samples taken when the report appeared and {@code RUN} seconds before it. When the flow's JVM
 * logs its collections ({@code -Xlog:gc} in {@code TEMBLOR_JAVA_OPTS}), the whole run's GC count is read from them.
 */
final class FlowRunner
{
    /** Poll interval of /proc, ms. */
    static final long POLL_MS = 100;
    /** Extra seconds a flow may take beyond its warm-up and run (JVM start, compile, report). */
    static final long GRACE_SECS = 60;

    /** A collection in the JVM's unified GC log ({@code -Xlog:gc}): {@code [...][gc] GC(N) ...}. */
    private static final Pattern GC_LOG = Pattern.compile("(?m)\\[gc *\\] GC\\((\\d+)\\) ");

    /** A pause in the unified GC log: {@code [...][gc] GC(N) Pause Young (Normal) ... 1.234ms}. */
    private static final Pattern GC_PAUSE = Pattern.compile("(?m)\\[gc *\\] GC\\(\\d+\\) Pause .* ([0-9.]+)ms$");

    private final Path home;
    private final double ticksPerSec;

    /**
     * A runner.
     *
     * @param home the repository root (its bin/temblor is run).
     */
    FlowRunner(final Path home)
    {
        this.home = home;
        this.ticksPerSec = clockTicks();
    }

    /**
     * The process a flow runs as: {@code bin/temblor run FILE ARGS...} in its folder, with the environment of
     * {@link FlowRunner} plus the flow's variables, output and errors together.
     *
     * @param spec    the flow.
     * @param seconds warm-up and measured seconds.
     * @return the process builder, not started.
     */
    ProcessBuilder builder(final FlowSpec spec, final long[] seconds)
    {
        final List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/temblor").toString());
        command.add("run");
        command.add(spec.file());
        command.addAll(spec.args());
        final ProcessBuilder builder = new ProcessBuilder(command).directory(spec.dir().toFile())
            .redirectErrorStream(true);
        builder.environment().putAll(spec.env());
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        builder.environment().put("TEMBLOR_BENCH_SECONDS", seconds[0] + "," + seconds[1]);
        return builder;
    }

    /**
     * Runs a flow.
     *
     * @param spec    the flow.
     * @param seconds warm-up and measured seconds.
     * @param log     where its output goes.
     * @return the result, as written to results.json.
     * @throws IOException when the process cannot be started or the log written.
     */
    Map<String, Object> run(final FlowSpec spec, final long[] seconds, final Path log) throws IOException
    {
        final String name = spec.name();
        final String file = spec.file();
        final long warmupSecs = seconds[0];
        final long runSecs = seconds[1];
        final ProcessBuilder builder = builder(spec, seconds);
        final long startNs = System.nanoTime();
        final Process process = builder.start();
        final List<long[]> samples = new ArrayList<>();
        final long[] reportAtNs = {-1};
        final StringBuilder output = new StringBuilder();
        final Thread reader = new Thread(() -> read(process, output, reportAtNs, log), "flow-output-" + name);
        reader.setDaemon(true);
        reader.start();
        long pid = -1;
        long peakRssKb = 0;
        boolean timedOut = false;
        final long deadlineNs = startNs + TimeUnit.SECONDS.toNanos(warmupSecs + runSecs + GRACE_SECS);
        try
        {
            while (!process.waitFor(POLL_MS, TimeUnit.MILLISECONDS))
            {
                if (pid < 0)
                {
                    pid = javaPid(process);
                }
                if (pid > 0)
                {
                    final long ticks = ProcFs.cpuTicks(pid, false);
                    if (ticks >= 0)
                    {
                        samples.add(new long[] {System.nanoTime(), ticks});
                    }
                    peakRssKb = Math.max(peakRssKb, ProcFs.peakRssKb(pid));
                }
                if (System.nanoTime() - deadlineNs > 0)
                {
                    timedOut = true;
                    process.descendants().forEach(ProcessHandle::destroy);
                    process.destroy();
                    process.waitFor(10, TimeUnit.SECONDS);
                    break;
                }
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            throw new IOException("interrupted while running " + name, ex);
        }
        final double wallSecs = (System.nanoTime() - startNs) / 1e9;
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("flow", name);
        result.put("origin", spec.origin());
        result.put("file", file);
        result.put("dir", spec.dir().toString());
        result.put("args", spec.args());
        result.put("env", spec.env());
        result.put("options", spec.options());
        result.put("exitCode", timedOut ? null : process.exitValue());
        result.put("wallSeconds", round(wallSecs, 1));
        final String text;
        synchronized (output)
        {
            text = output.toString();
        }
        final BenchOutput bench = BenchOutput.parse(text);
        if (timedOut || null == bench)
        {
            result.put("status", "failed");
            result.put("reason", timedOut ? "no report within " + (warmupSecs + runSecs + GRACE_SECS) + " s" :
                "no bench report in its output (exit code " + process.exitValue() + "): " + lastLines(text, 3));
        }
        else
        {
            result.put("status", "ok");
        }
        result.put("mbPerSec", null == bench ? null : bench.mbPerSec());
        result.put("eventsPerSec", null == bench ? null : bench.eventsPerSec());
        result.put("p50Ns", null == bench ? null : bench.p50Ns());
        result.put("p90Ns", null == bench ? null : bench.p90Ns());
        result.put("p99Ns", null == bench ? null : bench.p99Ns());
        result.put("p999Ns", null == bench ? null : bench.p999Ns());
        result.put("p9999Ns", null == bench ? null : bench.p9999Ns());
        result.put("maxNs", null == bench ? null : bench.maxNs());
        result.put("count", null == bench ? null : bench.count());
        result.put("gcCollections", null == bench ? null : bench.gcCollections());
        result.put("gcMs", null == bench ? null : bench.gcMs());
        final long gcLogged = gcLogCollections(text);
        result.put("gcCollectionsRun", gcLogged < 0 ? null : gcLogged);
        final double pauseMs = gcLogPauseMs(text);
        result.put("gcPauseMsRun", pauseMs < 0 ? null : round(pauseMs, 3));
        final double cpuAll = samples.isEmpty() ? Double.NaN : samples.get(samples.size() - 1)[1] / ticksPerSec;
        final double cpuMeasured = measuredCpu(samples, reportAtNs[0], runSecs);
        result.put("cpuSecondsTotal", Double.isNaN(cpuAll) ? null : round(cpuAll, 2));
        result.put("cpuSecondsMeasured", Double.isNaN(cpuMeasured) ? null : round(cpuMeasured, 2));
        final double gb = null == bench ? Double.NaN : bench.mbPerSec() * 1024 * 1024 * runSecs / 1e9;
        result.put("cpuSecondsPerGb", Double.isNaN(cpuMeasured) || !(gb > 0) ? null : round(cpuMeasured / gb, 3));
        result.put("peakRssBytes", peakRssKb > 0 ? peakRssKb * 1024 : null);
        result.put("log", log.getFileName().toString());
        result.put("percentiles", null == bench ? null : bench.distribution());
        return result;
    }

    /**
     * The collections in a JVM's unified GC log ({@code -Xlog:gc}): the number of distinct {@code GC(N)} ids (a
     * concurrent cycle logs several lines under one id).
     *
     * @param text the process's output.
     * @return the count, or -1 when the output has no GC log line.
     */
    static long gcLogCollections(final String text)
    {
        final Matcher m = GC_LOG.matcher(text);
        final Set<Long> ids = new HashSet<>();
        while (m.find())
        {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids.isEmpty() && !text.contains("][gc") ? -1 : ids.size();
    }

    /**
     * The total pause time in a JVM's unified GC log ({@code -Xlog:gc}): the sum of the durations ending its
     * {@code Pause ...} lines (young, mixed, full collections and the concurrent cycle's remark and cleanup).
     *
     * @param text the process's output.
     * @return milliseconds, or -1 when the output has no GC log line.
     */
    static double gcLogPauseMs(final String text)
    {
        if (!text.contains("][gc"))
        {
            return -1;
        }
        final Matcher m = GC_PAUSE.matcher(text);
        double ms = 0;
        while (m.find())
        {
            ms += Double.parseDouble(m.group(1));
        }
        return ms;
    }

    /** CPU seconds between the report's appearance and {@code runSecs} before it, interpolated between samples. */
    private double measuredCpu(final List<long[]> samples, final long reportAtNs, final long runSecs)
    {
        if (samples.size() < 2 || reportAtNs < 0)
        {
            return Double.NaN;
        }
        final double end = ticksAt(samples, reportAtNs);
        final double start = ticksAt(samples, reportAtNs - TimeUnit.SECONDS.toNanos(runSecs));
        return Double.isNaN(end) || Double.isNaN(start) ? Double.NaN : (end - start) / ticksPerSec;
    }

    private static double ticksAt(final List<long[]> samples, final long atNs)
    {
        if (atNs < samples.get(0)[0])
        {
            return Double.NaN;
        }
        for (int i = 1; i < samples.size(); i++)
        {
            final long[] a = samples.get(i - 1);
            final long[] b = samples.get(i);
            if (atNs <= b[0])
            {
                return a[1] + (b[1] - a[1]) * (double)(atNs - a[0]) / Math.max(1, b[0] - a[0]);
            }
        }
        return samples.get(samples.size() - 1)[1];
    }

    private static void read(final Process process, final StringBuilder output, final long[] reportAtNs,
        final Path log)
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)); PrintWriter file = new PrintWriter(Files.newBufferedWriter(log)))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                if (reportAtNs[0] < 0 && line.contains("Value Percentile TotalCount"))
                {
                    reportAtNs[0] = System.nanoTime();
                }
                file.println(line);
                synchronized (output)
                {
                    output.append(line).append('\n');
                }
            }
        }
        catch (final IOException ex)
        {
            synchronized (output)
            {
                output.append("(output not read: ").append(ex.getMessage()).append(")\n");
            }
        }
    }

    /**
     * The engine JVM under the launcher script: its descendant running {@code temblor.jar} (the launcher also runs
     * short-lived java probes), or -1 while there is none yet.
     */
    private static long javaPid(final Process process)
    {
        final Optional<ProcessHandle> java = process.descendants()
            .filter(p -> commandLine(p.pid()).contains("temblor.jar"))
            .findFirst();
        return java.map(ProcessHandle::pid).orElse(-1L);
    }

    private static String commandLine(final long pid)
    {
        try
        {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                StandardCharsets.UTF_8);
        }
        catch (final IOException | RuntimeException ex)
        {
            return "";
        }
    }

    private static double clockTicks()
    {
        try
        {
            final Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Double.parseDouble(text);
        }
        catch (final IOException | RuntimeException ex)
        {
            return 100;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private static String lastLines(final String text, final int n)
    {
        final String[] lines = text.strip().split("\n");
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - n), lines.length));
    }

    private static double round(final double v, final int digits)
    {
        final double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
