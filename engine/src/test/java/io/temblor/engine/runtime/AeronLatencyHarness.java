package io.temblor.engine.runtime;

import io.temblor.offheap.EventRing;
import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.compile.TroyCompiler;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end latency through Aeron IPC in a real flow: metronome (at {@code temblor.latency.rate} events/s) -> pipeline
 * -> aeron sink -> aeron source -> pipeline -> a recording sink that puts {@code now - ingest_ns} of every event in an
 * HdrHistogram, after a warm-up. Prints p50/p90/p99/p99.9/p99.99/max. Not part of the normal test run (the class name
 * does not match surefire's includes) and asserts no timing: run it with
 * {@code ./mvnw -o -pl engine -am test -Dtest=AeronLatencyHarness -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtemblor.latency.seconds=10}, or through {@link #main}.
 *
 * <p>The ingest time is stamped when the metronome emits (not when it was due), so a late metronome (the runtime's
 * one thread busy or parked) is not counted: the figures are the path's latency, not a coordinated-omission-corrected
 * service time.
 */
public class AeronLatencyHarness
{
    /** Property: events per second. */
    static final String RATE_PROP = "temblor.latency.rate";
    /** Property: seconds measured (after the warm-up). */
    static final String SECONDS_PROP = "temblor.latency.seconds";
    /** Property: seconds of warm-up, not recorded. */
    static final String WARMUP_PROP = "temblor.latency.warmup.seconds";
    /** Property: the aeron channel. */
    static final String CHANNEL_PROP = "temblor.latency.channel";
    /** Property: the runtime's threading ({@code shared}, {@code dedicated}, {@code pool:N}; default: the runtime's). */
    static final String THREADS_PROP = "temblor.latency.threads";
    /** Property: the runtime threads' idle strategy (with {@link #THREADS_PROP}). */
    static final String THREAD_IDLE_PROP = "temblor.latency.thread.idle";
    /** Property: the embedded driver's idle strategy (the connector's {@code idle}). */
    static final String IDLE_PROP = "temblor.latency.idle";
    /**
     * Property: {@code true} runs the publishing half (metronome, pipeline, aeron sink) and the subscribing half (aeron
     * source, pipeline, recorder) as two runtimes, so two threads, instead of one flow on one thread.
     */
    static final String SPLIT_PROP = "temblor.latency.split";

    /** The recording sink: the histogram is written on the runtime's thread and read after the run. */
    static final class Recorder implements Agent, EventRing.FrameHandler
    {
        final Histogram histogram = new Histogram(60_000_000_000L, 3);
        private final EventRing[] in;
        private final LongSupplier clock;
        private final long warmupEndNs;
        private final long endNs;
        private final FlowRuntime runtime;
        long received;
        long recorded;
        private boolean ended;

        Recorder(final EventRing[] in, final LongSupplier clock, final long warmupNs, final long measureNs,
            final FlowRuntime runtime)
        {
            this.in = in;
            this.clock = clock;
            final long now = clock.getAsLong();
            this.warmupEndNs = now + warmupNs;
            this.endNs = warmupEndNs + measureNs;
            this.runtime = runtime;
        }

        @Override
        public int doWork()
        {
            int work = 0;
            for (final EventRing ring : in)
            {
                work += ring.poll(this, 256);
            }
            if (!ended && clock.getAsLong() > endNs)
            {
                ended = true;
                runtime.exit(0, 0);
            }
            return work;
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
            final long offset, final int length)
        {
            final long now = clock.getAsLong();
            received++;
            if (now >= warmupEndNs && now <= endNs)
            {
                histogram.recordValue(Math.max(0, now - ingestNs));
                recorded++;
            }
        }

        @Override
        public String roleName()
        {
            return "latency-recorder";
        }
    }

    /**
     * Runs the measurement and prints the result.
     *
     * @param args ignored (see the properties).
     * @throws Exception when the flow does not run.
     */
    public static void main(final String[] args) throws Exception
    {
        measure(System.out);
    }

    @Test
    void shouldMeasureEndToEndLatencyThroughAeronIpc() throws Exception
    {
        final Recorder recorder = measure(System.out);
        assertTrue(recorder.recorded > 0, "events were measured");
        assertEquals(recorder.recorded, recorder.histogram.getTotalCount());
    }

    private static FlowRuntime runtime(final String connectors, final Path dir)
    {
        final CompiledDeployment deployment = TroyCompiler.compile("define flow main\nflow\n" + connectors + "end;\n",
            List.of(dir), name ->
            {
                final AggregateFunction fn = Aggregates.lookup(name);
                return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
            }, "main", null);
        final String threads = System.getProperty(THREADS_PROP);
        return new FlowRuntime(deployment, new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir,
            null == threads ? Threading.defaults() : Threading.parse(threads, System.getProperty(THREAD_IDLE_PROP)));
    }

    static Recorder measure(final PrintStream report) throws Exception
    {
        final long rate = Long.getLong(RATE_PROP, 100_000L);
        final long seconds = Long.getLong(SECONDS_PROP, 10L);
        final long warmup = Long.getLong(WARMUP_PROP, 3L);
        final String channel = System.getProperty(CHANNEL_PROP, "aeron:ipc");
        final Recorder[] recorder = new Recorder[1];
        ConnectorRegistry.register("latency_recorder", ctx ->
        {
            recorder[0] = new Recorder(ctx.in(), ctx.clock(), warmup * 1_000_000_000L, seconds * 1_000_000_000L,
                ctx.runtime());
            ctx.agent(recorder[0]);
        });
        final boolean split = Boolean.getBoolean(SPLIT_PROP);
        final String idle = System.getProperty(IDLE_PROP, "backoff");
        final String aeron = "config = {\"channel\": \"" + channel + "\", \"stream_id\": 4242, \"idle\": \"" + idle + "\"}";
        final String publishing =
            "  define connector tick from metronome with config = {\"interval\": " + (1_000_000_000L / rate) + "} end;\n" +
            "  define connector send from aeron with " + aeron + " end;\n" +
            "  define pipeline before pipeline select event from in into out; end;\n" +
            "  create connector tick;\n  create connector send;\n  create pipeline before;\n" +
            "  connect /connector/tick to /pipeline/before;\n  connect /pipeline/before to /connector/send;\n";
        final String subscribing =
            "  define connector receive from aeron with " + aeron + " end;\n" +
            "  define connector record from latency_recorder;\n" +
            "  define pipeline after pipeline select event from in into out; end;\n" +
            "  create connector receive;\n  create connector record;\n  create pipeline after;\n" +
            "  connect /connector/receive to /pipeline/after;\n  connect /pipeline/after to /connector/record;\n";
        final Path dir = Files.createTempDirectory("temblor-latency");
        final FlowRuntime receiver = runtime(split ? subscribing : publishing + subscribing, dir);
        final FlowRuntime sender = split ? runtime(publishing, dir) : null;
        final long[] senderCode = {-2};
        final Thread sending = new Thread(() ->
        {
            try
            {
                senderCode[0] = null == sender ? 0 : sender.run((warmup + seconds + 30) * 1_000_000_000L);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        sending.start();
        final long code = receiver.run((warmup + seconds + 30) * 1_000_000_000L);
        if (null != sender)
        {
            sender.exit(0, 0);
        }
        sending.join();
        Files.deleteIfExists(dir);
        final Histogram h = recorder[0].histogram;
        report.printf(Locale.ROOT, "aeron latency (%s, driver idle %s, %d events/s, %d s after %d s warm-up, %s, " +
            "exit %d): %d events recorded of %d received%n", channel, idle, rate, seconds, warmup,
            (split ? "two runtimes" : "one runtime") + ", threads " + System.getProperty(THREADS_PROP, "default"), code,
            recorder[0].recorded, recorder[0].received);
        report.printf(Locale.ROOT, "  p50 %.1f us  p90 %.1f us  p99 %.1f us  p99.9 %.1f us  p99.99 %.1f us  max %.1f us%n",
            h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
            h.getValueAtPercentile(99.9) / 1e3, h.getValueAtPercentile(99.99) / 1e3, h.getMaxValue() / 1e3);
        report.println("  " + (null == sender ? "" : sender.summary() + ", ") + receiver.summary());
        return recorder[0];
    }
}
