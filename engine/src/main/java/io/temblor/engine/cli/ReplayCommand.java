package io.temblor.engine.cli;

import io.temblor.engine.replay.CaptureScan;
import io.temblor.engine.replay.ExpectDiff;
import io.temblor.engine.replay.JournalFeed;
import io.temblor.engine.replay.NetworkTarget;
import io.temblor.engine.replay.Pacer;
import io.temblor.engine.replay.ReplayDriver;
import io.temblor.engine.replay.ReplayFeed;
import io.temblor.engine.runtime.FlowRuntime;
import io.temblor.engine.runtime.ReplayPlan;
import io.temblor.engine.runtime.Threading;
import io.temblor.engine.runtime.VirtualClock;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.compile.TroyCompiler;
import io.temblor.script.error.CompileError;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code temblor replay DIR --flow FLOW.troy | --to URL [options]}: replays a capture into a flow's matching
 * connectors (decoded with each connector's own codec and preprocessors) or sends its raw frames to a network target,
 * paced by {@code --speed}/{@code --rate}, optionally in deterministic mode ({@code --virtual-time}: the engine's
 * clock follows the recorded ingest times). Prints a progress bar (a terminal) or periodic lines, then a summary
 * (events per connector port, events at each collected sink, throughput, latency percentiles); {@code --out} writes
 * the events reaching the collected sinks and {@code --expect} compares them with a file. Exit codes: 0 done (and
 * matching), 1 a mismatch or a replay that failed, 2 bad usage, a capture that does not open, a flow that does not
 * compile or has no matching source.
 */
final class ReplayCommand
{
    static final String USAGE = String.join("\n",
        "usage: temblor replay DIR (--flow FLOW.troy [--args ARGS.json] [--path DIR]... | --to URL [--stream N]",
        "                 [--aeron-dir DIR]) [--source-map CAPTURED=ALIAS]... [--speed 1x|10x|0.5x|max | --rate N/s]",
        "                 [--loop N] [--virtual-time] [--sink NAME]... [--out FILE] [--expect FILE]",
        "                 [--summary-json FILE] [--threads MODE] [--idle STRATEGY] [--timeout SECONDS] [--quiet]",
        "  URL: tcp://HOST:PORT | udp://HOST:PORT | aeron:udp?endpoint=HOST:PORT | aeron:ipc");
    /** Seconds between progress lines when the output is not a terminal. */
    static final long PLAIN_PROGRESS_NS = 5_000_000_000L;

    private ReplayCommand()
    {
    }

    /** The parsed command line. */
    private static final class Options
    {
        Path capture;
        Path flow;
        String flowArgs;
        final List<Path> path = new ArrayList<>();
        final Map<String, String> sourceMap = new LinkedHashMap<>();
        String to;
        int stream = 1001;
        Path aeronDir;
        String speed;
        String rate;
        int loops = 1;
        boolean virtualTime;
        final Set<String> sinks = new LinkedHashSet<>();
        Path out;
        Path expect;
        Path summaryJson;
        String threads;
        String idle;
        long timeoutNs;
        boolean quiet;
    }

    /**
     * Runs {@code temblor replay}.
     *
     * @param args the arguments after {@code replay}.
     * @param out standard output (progress and summary).
     * @param err standard error (errors).
     * @return the exit code.
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0 || List.of(args).contains("--help") || List.of(args).contains("-h"))
        {
            out.println(USAGE);
            return args.length == 0 ? Main.EXIT_USAGE : Main.EXIT_OK;
        }
        final Options o;
        final Pacer pacer;
        try
        {
            o = parse(args);
            pacer = Pacer.parse(o.speed, o.rate);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("temblor replay: " + ex.getMessage());
            err.println(USAGE);
            return Main.EXIT_USAGE;
        }
        if (!Files.isDirectory(o.capture))
        {
            err.println("temblor replay: no capture at " + o.capture + " (" +
                (Files.exists(o.capture) ? "not a directory" : "no such directory") + ")");
            return Main.EXIT_USAGE;
        }
        final ReplayFeed feed;
        try
        {
            feed = JournalFeed.open(o.capture);
        }
        catch (final RuntimeException ex)
        {
            err.println("temblor replay: cannot read the capture at " + o.capture + ": " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        final CaptureScan scan;
        try (feed)
        {
            scan = CaptureScan.of(feed);
        }
        if (scan.total() == 0)
        {
            err.println("temblor replay: the capture at " + o.capture + " holds no records");
            return Main.EXIT_USAGE;
        }
        final Supplier<ReplayFeed> feeds = () -> JournalFeed.open(o.capture);
        return null != o.to ? toNetwork(o, feeds, scan, pacer, out, err) : toFlow(o, feeds, scan, pacer, out, err);
    }

    private static Options parse(final String[] args)
    {
        final Options o = new Options();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (arg.startsWith("--") && !List.of("--virtual-time", "--quiet").contains(arg) && i + 1 >= args.length)
            {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            switch (arg)
            {
                case "--flow" -> o.flow = Path.of(args[++i]);
                case "--args" -> o.flowArgs = args[++i];
                case "--path" -> o.path.add(Path.of(args[++i]));
                case "--source-map" ->
                {
                    for (final String pair : args[++i].split(","))
                    {
                        final int eq = pair.indexOf('=');
                        if (eq <= 0 || eq == pair.length() - 1)
                        {
                            throw new IllegalArgumentException("--source-map needs CAPTURED=ALIAS, got `" + pair + "`");
                        }
                        o.sourceMap.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
                case "--to" -> o.to = args[++i];
                case "--stream" -> o.stream = (int)positive(arg, args[++i]);
                case "--aeron-dir" -> o.aeronDir = Path.of(args[++i]);
                case "--speed" -> o.speed = args[++i];
                case "--rate" -> o.rate = args[++i];
                case "--loop" -> o.loops = (int)Math.min(Integer.MAX_VALUE, positive(arg, args[++i]));
                case "--virtual-time" -> o.virtualTime = true;
                case "--sink" -> o.sinks.add(args[++i]);
                case "--out" -> o.out = Path.of(args[++i]);
                case "--expect" -> o.expect = Path.of(args[++i]);
                case "--summary-json" -> o.summaryJson = Path.of(args[++i]);
                case "--threads" -> o.threads = args[++i];
                case "--idle" -> o.idle = args[++i];
                case "--timeout" -> o.timeoutNs = positive(arg, args[++i]) * 1_000_000_000L;
                case "--quiet" -> o.quiet = true;
                default ->
                {
                    if (arg.startsWith("-") || null != o.capture)
                    {
                        throw new IllegalArgumentException("unexpected argument `" + arg + "`");
                    }
                    o.capture = Path.of(arg);
                }
            }
        }
        if (null == o.capture)
        {
            throw new IllegalArgumentException("the capture directory is missing");
        }
        if ((null == o.flow) == (null == o.to))
        {
            throw new IllegalArgumentException("give one of --flow FLOW.troy and --to URL");
        }
        if (null != o.to && (null != o.out || null != o.expect || !o.sinks.isEmpty() || o.virtualTime))
        {
            throw new IllegalArgumentException("--out, --expect, --sink and --virtual-time need --flow, not --to");
        }
        return o;
    }

    private static long positive(final String option, final String value)
    {
        try
        {
            final long n = Long.parseLong(value);
            if (n > 0)
            {
                return n;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive integer, got `" + value + "`");
    }

    /** {@code --to}: raw frames to a network target. */
    private static int toNetwork(final Options o, final Supplier<ReplayFeed> feeds, final CaptureScan scan, final Pacer pacer,
        final PrintStream out, final PrintStream err)
    {
        final NetworkTarget target;
        try
        {
            target = NetworkTarget.open(o.to, o.stream, o.aeronDir, scan.streams(), pacer.isMax());
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("temblor replay: " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        final ReplayDriver driver;
        try (target)
        {
            final Map<String, ReplayDriver.Sink> sinks = new LinkedHashMap<>(target.sinks());
            driver = new ReplayDriver(feeds, scan, sinks, pacer, o.loops, null);
            final Thread thread = new Thread(driver, "temblor-replay");
            thread.start();
            watch(driver, o, out, () -> false);
            target.flush();
        }
        catch (final IOException ex)
        {
            err.println("temblor replay: sending to " + o.to + " failed: " + ex.getMessage());
            return Main.EXIT_INVALID;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return Main.EXIT_INTERNAL;
        }
        final Map<String, Object> summary = summary(o, driver, null, null);
        print(summary, out);
        if (!writeSummary(o, summary, err))
        {
            return Main.EXIT_INVALID;
        }
        if (null != driver.failure())
        {
            err.println("temblor replay: sending to " + o.to + " failed after " + driver.records() + " frames: " +
                driver.failure().getMessage());
            return Main.EXIT_INVALID;
        }
        return Main.EXIT_OK;
    }

    /** {@code --flow}: the capture into the flow's matching connectors. */
    private static int toFlow(final Options o, final Supplier<ReplayFeed> feeds, final CaptureScan scan, final Pacer pacer,
        final PrintStream out, final PrintStream err)
    {
        final String source;
        final String entryArgs;
        final Threading threading;
        try
        {
            source = Files.readString(o.flow, StandardCharsets.UTF_8);
            entryArgs = null == o.flowArgs ? null : Files.readString(Path.of(o.flowArgs), StandardCharsets.UTF_8);
            // the replay's own thread is busy too (at --speed max it reads, and parses JSON events, as fast as the flow
            // takes them): on a machine with no more processors than the default pool, the flow's agents share one
            // thread so that the two busy threads have a core each
            threading = Threading.parse(null == o.threads &&
                Runtime.getRuntime().availableProcessors() <= Threading.DEFAULT_POOL ? "shared" : o.threads, o.idle);
        }
        catch (final IOException ex)
        {
            err.println("temblor replay: cannot read " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("temblor replay: " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        final CompiledDeployment deployment;
        try
        {
            deployment = TroyCompiler.compile(source, RunCommand.modulePath(o.flow, o.path), QueryRun::arity, "main",
                entryArgs);
        }
        catch (final CompileError ex)
        {
            err.println(ex.render(source));
            return Main.EXIT_USAGE;
        }
        // connectors of the deployment: alias -> whether something feeds it, and its type
        final Map<String, String> types = new LinkedHashMap<>();
        final Set<String> fed = new LinkedHashSet<>();
        for (final CompiledDeployment.Flow flow : deployment.flows())
        {
            for (final CompiledDeployment.Connector c : flow.connectors())
            {
                types.put(c.alias(), c.type());
            }
            for (final CompiledDeployment.Connection c : flow.connections())
            {
                if ("connector".equals(c.to().kind()))
                {
                    fed.add(c.to().alias());
                }
            }
        }
        final Map<String, String> matches;
        final Set<String> collected;
        try
        {
            matches = match(o, scan, types);
            collected = collected(o, types, fed, matches);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("temblor replay: " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        for (final String captured : scan.records().keySet())
        {
            if (!matches.containsKey(captured))
            {
                err.println("temblor replay: skipping captured source `" + captured + "` (" +
                    scan.records().get(captured) + " records): no connector of that alias (use --source-map)");
            }
        }
        final VirtualClock virtual = o.virtualTime ? new VirtualClock(scan.firstNs()) : null;
        final LongSupplier clock = null == virtual ? System::nanoTime : virtual;
        final ByteArrayOutputStream expectBuffer = null != o.expect && null == o.out ? new ByteArrayOutputStream() : null;
        final OutputStream output;
        try
        {
            output = null != o.out ? new BufferedOutputStream(Files.newOutputStream(o.out), 1 << 16) : expectBuffer;
        }
        catch (final IOException ex)
        {
            err.println("temblor replay: cannot write --out " + o.out + ": " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        final Set<String> eventFramed = new LinkedHashSet<>();
        matches.forEach((captured, alias) ->
        {
            if (scan.eventSources().contains(captured))
            {
                eventFramed.add(alias);
            }
        });
        final ReplayPlan plan = new ReplayPlan(new LinkedHashSet<>(matches.values()), eventFramed, collected, clock,
            !o.virtualTime, output);
        final FlowRuntime runtime;
        try
        {
            runtime = new FlowRuntime(deployment, InputStream.nullInputStream(), out, err,
                Path.of("").toAbsolutePath(), threading, plan);
        }
        catch (final CompileError ex)
        {
            err.println(ex.render(source));
            return Main.EXIT_USAGE;
        }
        final Map<String, ReplayDriver.Sink> sinks = new LinkedHashMap<>();
        matches.forEach((captured, alias) ->
        {
            final ReplayPlan.Target target = plan.target(alias);
            sinks.put(captured, new ReplayDriver.Sink()
            {
                @Override
                public void put(final long ingestNs, final long streamId, final DirectBuffer frame, final int offset,
                    final int length)
                {
                    target.put(ingestNs, streamId, frame, offset, length);
                }

                @Override
                public void end(final long ingestNs, final long streamId)
                {
                    target.end(ingestNs, streamId);
                }
            });
        });
        final ReplayDriver driver = new ReplayDriver(feeds, scan, sinks, pacer, o.loops, virtual);
        final long[] code = {-1};
        final Thread flowThread = new Thread(() ->
        {
            try
            {
                code[0] = runtime.run(0);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            finally
            {
                plan.cancel();
            }
        }, "temblor-replay-flow");
        final Thread driverThread = new Thread(driver, "temblor-replay");
        final long runEnd;
        final boolean flowEndedFirst;
        try
        {
            flowThread.start();
            driverThread.start();
            watch(driver, o, out, () -> !flowThread.isAlive());
            driverThread.join();
            flowEndedFirst = !flowThread.isAlive();
            runtime.exit(0, 0);
            flowThread.join();
            runEnd = System.nanoTime();
            if (null != output)
            {
                output.flush();
                if (null != o.out)
                {
                    output.close();
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return Main.EXIT_INTERNAL;
        }
        catch (final IOException ex)
        {
            err.println("temblor replay: cannot write --out " + o.out + ": " + ex.getMessage());
            return Main.EXIT_INVALID;
        }
        final Map<String, Object> summary = summary(o, driver, runtime, plan);
        long last = 0;
        for (final ReplayPlan.Collector c : plan.collectors())
        {
            last = Math.max(last, c.lastArrivalNs());
        }
        final long processedNs = Math.max(driver.elapsedNs(), (last > 0 ? last : runEnd) - driver.startNs());
        summary.put("processed_s", processedNs / 1e9);
        summary.put("processed_events_per_s", driver.records() * 1e9 / Math.max(1, processedNs));
        print(summary, out);
        if (!writeSummary(o, summary, err))
        {
            return Main.EXIT_INVALID;
        }
        if (flowEndedFirst && driver.records() < driver.total())
        {
            err.println("temblor replay: the flow stopped (exit code " + code[0] + ") after " + driver.records() +
                " of " + driver.total() + " frames");
        }
        else if (null != driver.failure())
        {
            err.println("temblor replay: the replay failed after " + driver.records() + " frames: " +
                driver.failure().getMessage());
            return Main.EXIT_INVALID;
        }
        if (runtime.agentErrors() > 0)
        {
            err.println("temblor replay: " + runtime.summary());
        }
        if (null != o.expect)
        {
            return expect(o, expectBuffer, out, err);
        }
        return Main.EXIT_OK;
    }

    /** Captured source -> connector alias: {@code --source-map} first, then the same alias (or its last part). */
    private static Map<String, String> match(final Options o, final CaptureScan scan, final Map<String, String> types)
    {
        for (final Map.Entry<String, String> e : o.sourceMap.entrySet())
        {
            if (!scan.records().containsKey(e.getKey()))
            {
                throw new IllegalArgumentException("--source-map " + e.getKey() + "=" + e.getValue() +
                    ": the capture has no source `" + e.getKey() + "` (captured: " + scan.records().keySet() + ")");
            }
            if (!types.containsKey(e.getValue()))
            {
                throw new IllegalArgumentException("--source-map " + e.getKey() + "=" + e.getValue() +
                    ": the flow has no connector `" + e.getValue() + "` (connectors: " + types.keySet() + ")");
            }
        }
        final Map<String, String> matches = new LinkedHashMap<>();
        for (final String captured : scan.records().keySet())
        {
            final String last = captured.substring(captured.lastIndexOf('/') + 1);
            final String alias = o.sourceMap.containsKey(captured) ? o.sourceMap.get(captured) :
                types.containsKey(captured) ? captured : types.containsKey(last) ? last : null;
            if (null != alias)
            {
                matches.put(captured, alias);
            }
        }
        if (matches.isEmpty())
        {
            throw new IllegalArgumentException("no captured source matches a connector of " + o.flow +
                " (captured: " + new TreeSet<>(scan.records().keySet()) + "; connectors: " +
                new TreeSet<>(types.keySet()) + "); map them with --source-map CAPTURED=ALIAS");
        }
        return matches;
    }

    /**
     * The sinks replaced by collectors: {@code --sink} names, besides replayed connectors that have inputs; with
     * {@code --out}/{@code --expect} and none of those, every fed connector but {@code exit}.
     */
    private static Set<String> collected(final Options o, final Map<String, String> types, final Set<String> fed,
        final Map<String, String> matches)
    {
        for (final String sink : o.sinks)
        {
            if (!fed.contains(sink))
            {
                throw new IllegalArgumentException("--sink " + sink + ": the flow has no connector `" + sink +
                    "` that events are sent to (sinks: " + new TreeSet<>(fed) + ")");
            }
        }
        final Set<String> collected = new LinkedHashSet<>(o.sinks);
        boolean replayedSink = false;
        for (final String alias : matches.values())
        {
            replayedSink |= fed.contains(alias);
        }
        if (collected.isEmpty() && !replayedSink && (null != o.out || null != o.expect))
        {
            for (final String alias : fed)
            {
                if (!"exit".equals(types.get(alias)))
                {
                    collected.add(alias);
                }
            }
        }
        return collected;
    }

    /** Progress until the driver is done (or the flow stopped, or the timeout passed). */
    private static void watch(final ReplayDriver driver, final Options o, final PrintStream out,
        final java.util.function.BooleanSupplier flowStopped) throws InterruptedException
    {
        final boolean terminal = null != System.console() && out == System.out;
        final long total = driver.total();
        final long started = System.nanoTime();
        long nextLine = started + (terminal ? 200_000_000L : PLAIN_PROGRESS_NS);
        long lastRecords = 0;
        long lastBytes = 0;
        long lastNs = started;
        boolean drew = false;
        while (!driver.isDone())
        {
            Thread.sleep(20);
            final long now = System.nanoTime();
            if (flowStopped.getAsBoolean() || (o.timeoutNs > 0 && now - started > o.timeoutNs))
            {
                driver.abort();
                continue;
            }
            if (!o.quiet && now >= nextLine)
            {
                final long records = driver.records();
                final long bytes = driver.bytes();
                final double seconds = (now - lastNs) / 1e9;
                final double rate = (records - lastRecords) / seconds;
                final String line = progress(records, total, rate, (bytes - lastBytes) / seconds);
                if (terminal)
                {
                    out.print("\r" + line + "   ");
                    drew = true;
                }
                else
                {
                    out.println("replay: " + line);
                }
                out.flush();
                lastRecords = records;
                lastBytes = bytes;
                lastNs = now;
                nextLine = now + (terminal ? 200_000_000L : PLAIN_PROGRESS_NS);
            }
        }
        if (drew)
        {
            out.println();
        }
    }

    static String progress(final long records, final long total, final double eventsPerSec, final double bytesPerSec)
    {
        final double fraction = total > 0 ? Math.min(1.0, records / (double)total) : 0;
        final int filled = (int)Math.round(fraction * 20);
        final String eta = eventsPerSec > 0 ? seconds((total - records) / eventsPerSec) : "?";
        return String.format(Locale.ROOT, "[%s%s] %5.1f%% %d/%d  %s ev/s  %s/s  ETA %s", "#".repeat(filled),
            ".".repeat(20 - filled), fraction * 100, records, total, si(eventsPerSec), bytes(bytesPerSec), eta);
    }

    private static String seconds(final double s)
    {
        final long total = Math.round(s);
        return String.format(Locale.ROOT, "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60);
    }

    private static String si(final double n)
    {
        return n >= 1e6 ? String.format(Locale.ROOT, "%.2fM", n / 1e6) : n >= 1e3 ?
            String.format(Locale.ROOT, "%.1fk", n / 1e3) : String.format(Locale.ROOT, "%.0f", n);
    }

    private static String bytes(final double n)
    {
        return n >= 1e6 ? String.format(Locale.ROOT, "%.1f MB", n / 1e6) : n >= 1e3 ?
            String.format(Locale.ROOT, "%.1f kB", n / 1e3) : String.format(Locale.ROOT, "%.0f B", n);
    }

    /** The summary as ordered values (rendered as text and as JSON). */
    private static Map<String, Object> summary(final Options o, final ReplayDriver driver, final FlowRuntime runtime,
        final ReplayPlan plan)
    {
        final Map<String, Object> s = new LinkedHashMap<>();
        final double seconds = driver.elapsedNs() / 1e9;
        s.put("capture", o.capture.toString());
        s.put("target", null != o.to ? o.to : o.flow.toString());
        s.put("pacing", null != o.rate ? o.rate : null == o.speed ? "1x" : o.speed);
        s.put("loops", (long)o.loops);
        s.put("virtual_time", o.virtualTime);
        s.put("records", driver.records());
        s.put("bytes", driver.bytes());
        s.put("skipped", driver.skipped());
        s.put("elapsed_s", seconds);
        s.put("events_per_s", driver.records() / Math.max(1e-9, seconds));
        s.put("mb_per_s", driver.bytes() / 1e6 / Math.max(1e-9, seconds));
        final Histogram late = driver.lateness();
        if (late.getTotalCount() > 0)
        {
            final Map<String, Object> pacing = new LinkedHashMap<>();
            pacing.put("p50_us", late.getValueAtPercentile(50) / 1e3);
            pacing.put("p99_us", late.getValueAtPercentile(99) / 1e3);
            pacing.put("max_us", late.getMaxValue() / 1e3);
            s.put("pacing_lateness", pacing);
        }
        if (null != runtime)
        {
            s.put("ports", ReplayPlan.ports(runtime));
            final Map<String, Object> sinks = new LinkedHashMap<>();
            final Histogram all = new Histogram(3_600_000_000_000L, 3);
            for (final ReplayPlan.Collector c : plan.collectors())
            {
                sinks.put(c.roleName(), c.events());
                all.add(c.latency());
            }
            s.put("sinks", sinks);
            if (!o.virtualTime && all.getTotalCount() > 0)
            {
                final Map<String, Object> latency = new LinkedHashMap<>();
                latency.put("p50_us", all.getValueAtPercentile(50) / 1e3);
                latency.put("p90_us", all.getValueAtPercentile(90) / 1e3);
                latency.put("p99_us", all.getValueAtPercentile(99) / 1e3);
                latency.put("p99.9_us", all.getValueAtPercentile(99.9) / 1e3);
                latency.put("max_us", all.getMaxValue() / 1e3);
                s.put("latency", latency);
            }
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static void print(final Map<String, Object> s, final PrintStream out)
    {
        out.println(String.format(Locale.ROOT, "replay: %d records (%s) in %.3f s: %s events/s, %.1f MB/s (pacing %s, " +
            "%d loop(s)%s)%s", (long)s.get("records"), bytes((long)s.get("bytes")), (double)s.get("elapsed_s"),
            si((double)s.get("events_per_s")), (double)s.get("mb_per_s"), s.get("pacing"), (long)s.get("loops"),
            (boolean)s.get("virtual_time") ? ", virtual time" : "",
            (long)s.get("skipped") > 0 ? "; skipped " + s.get("skipped") + " records of unmatched sources" : ""));
        if (s.containsKey("processed_s"))
        {
            out.println(String.format(Locale.ROOT, "  processed (replay start to last event at a sink): %.3f s, " +
                "%s events/s", (double)s.get("processed_s"), si((double)s.get("processed_events_per_s"))));
        }
        if (s.get("pacing_lateness") instanceof Map<?, ?> l)
        {
            out.println(String.format(Locale.ROOT, "  pacing: frames left p50 %.1f us, p99 %.1f us, max %.1f us after " +
                "their due time", l.get("p50_us"), l.get("p99_us"), l.get("max_us")));
        }
        if (s.get("ports") instanceof Map<?, ?> ports)
        {
            for (final Map.Entry<?, ?> e : ports.entrySet())
            {
                final StringBuilder line = new StringBuilder("  ").append(e.getKey()).append(':');
                ((Map<String, Long>)e.getValue()).forEach((k, v) -> line.append(' ').append(k).append(' ').append(v));
                out.println(line);
            }
        }
        if (s.get("sinks") instanceof Map<?, ?> sinks)
        {
            sinks.forEach((k, v) -> out.println("  sink " + k + ": " + v + " events"));
        }
        if (s.get("latency") instanceof Map<?, ?> l)
        {
            out.println(String.format(Locale.ROOT, "  latency (emission to sink): p50 %.1f us, p90 %.1f us, p99 %.1f us," +
                " p99.9 %.1f us, max %.1f us", l.get("p50_us"), l.get("p90_us"), l.get("p99_us"), l.get("p99.9_us"),
                l.get("max_us")));
        }
        out.flush();
    }

    private static boolean writeSummary(final Options o, final Map<String, Object> s, final PrintStream err)
    {
        if (null == o.summaryJson)
        {
            return true;
        }
        try
        {
            final StringBuilder json = new StringBuilder();
            json(json, s);
            Files.writeString(o.summaryJson, json.append('\n'), StandardCharsets.UTF_8);
            return true;
        }
        catch (final IOException ex)
        {
            err.println("temblor replay: cannot write --summary-json " + o.summaryJson + ": " + ex.getMessage());
            return false;
        }
    }

    /** Renders maps, strings, numbers and booleans as JSON. */
    static void json(final StringBuilder out, final Object value)
    {
        if (value instanceof Map<?, ?> map)
        {
            out.append('{');
            boolean first = true;
            for (final Map.Entry<?, ?> e : map.entrySet())
            {
                out.append(first ? "" : ",");
                first = false;
                json(out, String.valueOf(e.getKey()));
                out.append(':');
                json(out, e.getValue());
            }
            out.append('}');
        }
        else if (value instanceof String text)
        {
            out.append('"');
            for (int i = 0; i < text.length(); i++)
            {
                final char c = text.charAt(i);
                if (c == '"' || c == '\\')
                {
                    out.append('\\').append(c);
                }
                else if (c < 0x20)
                {
                    out.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                }
                else
                {
                    out.append(c);
                }
            }
            out.append('"');
        }
        else if (value instanceof Double d)
        {
            out.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "null");
        }
        else
        {
            out.append(value);
        }
    }

    private static int expect(final Options o, final ByteArrayOutputStream buffer, final PrintStream out,
        final PrintStream err)
    {
        final String expected;
        final String got;
        try
        {
            expected = Files.readString(o.expect, StandardCharsets.UTF_8);
            got = null != buffer ? buffer.toString(StandardCharsets.UTF_8) : Files.readString(o.out,
                StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            err.println("temblor replay: cannot read --expect " + o.expect + ": " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        final ExpectDiff diff = ExpectDiff.compare(expected, got);
        if (diff.differences() == 0)
        {
            out.println("expect: output matches " + o.expect);
            return Main.EXIT_OK;
        }
        out.println("expect: output differs from " + o.expect);
        diff.report().forEach(out::println);
        return Main.EXIT_INVALID;
    }
}
