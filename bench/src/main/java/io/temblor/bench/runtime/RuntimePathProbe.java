package io.temblor.bench.runtime;

import io.temblor.engine.runtime.FlowRuntime;
import io.temblor.engine.runtime.Threading;
import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.compile.TroyCompiler;
import org.tukaani.xz.XZInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a flow in process and measures its data path: the lines of Tremor's {@code demo/data/data.json.xz}, replayed
 * from memory as standard input, go through a pipeline into a sink (the same {@code stdio} connector, as Tremor's
 * bench connector is source and sink) that counts events and bytes. Prints events/s, MB/s and the collections of
 * the measured window for each threading mode.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.temblor.bench.runtime.RuntimePathProbe \
 *       [passthrough|passthrough-encode|logging] [warmup_s] [measure_s] [rate_per_s|0] [mode ...]
 * </pre>
 *
 * {@code passthrough}: {@code select event from in into out} with the JSON passed through to the sink;
 * {@code passthrough-encode}: the same with the sink encoding through the JSON codec; {@code logging}: Tremor's
 * throughput-logging pipeline (classification script and {@code grouper::bucket}). A rate other than 0 paces the
 * source (events per second) for GC checks. Modes default to {@code shared dedicated pool:2}.
 */
public final class RuntimePathProbe
{
    private RuntimePathProbe()
    {
    }

    /** Counts what the sink writes (one write per event). */
    private static final class Counter extends OutputStream
    {
        private volatile long events;
        private volatile long bytes;

        @Override
        public void write(final int b)
        {
            bytes = bytes + 1;
        }

        @Override
        public void write(final byte[] b, final int off, final int len)
        {
            bytes = bytes + len;
            events = events + 1;
        }
    }

    /** Endless copies of the data, optionally paced to a rate of lines per second. */
    private static final class Replay extends InputStream
    {
        private final byte[] data;
        private final int lines;
        private final long rate;
        private final long start = System.nanoTime();
        private long sentLines;
        private volatile boolean closed;
        private int at;

        Replay(final byte[] data, final long rate)
        {
            this.data = data;
            this.rate = rate;
            int n = 0;
            for (final byte b : data)
            {
                n += b == '\n' ? 1 : 0;
            }
            this.lines = n;
        }

        @Override
        public int read()
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(final byte[] b, final int off, final int len)
        {
            if (closed)
            {
                return -1;
            }
            if (rate > 0)
            {
                // one whole copy of the data at a time, when the schedule allows it
                if (at == 0)
                {
                    final long due = start + sentLines * 1_000_000_000L / rate;
                    while (System.nanoTime() < due)
                    {
                        LockSupport.parkNanos(100_000L);
                    }
                    sentLines += lines;
                }
            }
            final int n = Math.min(len, data.length - at);
            System.arraycopy(data, at, b, off, n);
            at = (at + n) % data.length;
            return n;
        }

        @Override
        public void close()
        {
            closed = true;
        }
    }

    private static String flow(final String kind, final Path root) throws IOException
    {
        final String codec = "passthrough-encode".equals(kind) ?
            " with codec = {\"name\": \"json\", \"config\": {\"mode\": \"unsorted\"}} end" : "";
        final String connector = "define connector bench from stdio" + (codec.isEmpty() ? "" : codec) + ";\n" +
            "  create connector bench;\n";
        if ("logging".equals(kind))
        {
            final String troy = Files.readString(root.resolve(
                "conformance/tremor/tremor-cli/tests/bench/throughput-logging-json/main.troy"), StandardCharsets.UTF_8);
            return troy.replace("use bench;\n", "").replace("create connector bench from bench::bench;\n", connector);
        }
        return "define flow main\nflow\n  " + connector +
            "  define pipeline main pipeline select event from in into out; end;\n  create pipeline main;\n" +
            "  connect /connector/bench to /pipeline/main;\n  connect /pipeline/main to /connector/bench;\nend;\n" +
            "deploy flow main;\n";
    }

    private static long gcCount()
    {
        long n = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    /**
     * Runs the probe.
     *
     * @param args kind, warm-up seconds, measured seconds, rate, modes.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final String kind = args.length > 0 ? args[0] : "passthrough";
        final double warmup = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        final double measure = args.length > 2 ? Double.parseDouble(args[2]) : 5;
        final long rate = args.length > 3 ? Long.parseLong(args[3]) : 0;
        final List<String> modes = args.length > 4 ? List.of(args).subList(4, args.length) :
            List.of("shared", "dedicated", "pool:2");
        final Path root = Path.of(System.getProperty("temblor.shared", "/work/shared"));
        final byte[] data;
        try (InputStream in = new XZInputStream(Files.newInputStream(
            root.resolve("conformance/tremor/demo/data/data.json.xz"))))
        {
            data = in.readAllBytes();
        }
        final String source = flow(kind, root);
        final CompiledDeployment deployment = TroyCompiler.compile(source, List.of(root), name ->
        {
            final AggregateFunction fn = Aggregates.lookup(name);
            return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
        }, "main", null);
        int lines = 0;
        for (final byte b : data)
        {
            lines += b == '\n' ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%s: %d lines, %.1f B/line; warm-up %.0f s, measured %.0f s%s%n", kind,
            lines, data.length / (double)Math.max(1, lines), warmup, measure,
            rate > 0 ? ", paced at " + rate + " events/s" : "");
        for (final String mode : modes)
        {
            final String[] parts = mode.split("/");
            final Threading threading = Threading.parse(parts[0], parts.length > 1 ? parts[1] : null);
            final Counter counter = new Counter();
            final Replay replay = new Replay(data, rate);
            final FlowRuntime runtime = new FlowRuntime(deployment, replay, new PrintStream(counter, false),
                Path.of("."), threading);
            final Thread run = new Thread(() ->
            {
                try
                {
                    runtime.run(0);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }, "probe-run");
            run.start();
            Thread.sleep((long)(warmup * 1000));
            final long e0 = counter.events;
            final long b0 = counter.bytes;
            final long g0 = gcCount();
            final long t0 = System.nanoTime();
            Thread.sleep((long)(measure * 1000));
            final long e1 = counter.events;
            final long b1 = counter.bytes;
            final long t1 = System.nanoTime();
            final long g1 = gcCount();
            replay.close();
            runtime.exit(0, 0);
            run.join();
            final double seconds = (t1 - t0) / 1e9;
            System.out.printf(Locale.ROOT, "  %-22s %10.0f events/s %8.1f MB/s out  gc %d  [%s]%n", threading,
                (e1 - e0) / seconds, (b1 - b0) / seconds / 1e6, g1 - g0, runtime.layout());
        }
    }
}
