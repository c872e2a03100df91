package io.temblor.engine.runtime;

import io.temblor.engine.codec.Codecs;
import io.temblor.engine.codec.Interceptors;
import io.temblor.engine.pipeline.Pipeline;
import io.temblor.offheap.EventRing;
import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.QueryCompiler;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The steady data path allocates (almost) nothing per event, measured per agent with the thread's allocation counter
 * over 200 000 events after a warm-up: source (stdin chunks, metronome, raw chunks through the decode agent), pipeline,
 * sink (writer, encode agent). The bound is an allocation property, not a timing: a few bytes per event cover the
 * counter's own granularity (TLAB refills are not counted, objects are).
 */
class DataPathAllocationTest
{
    private static final int WARM_UP = 100_000;
    private static final int MEASURED = 200_000;
    /** Bytes per event any one agent may allocate in steady state. */
    private static final double BOUND = 2.0;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    static byte[] demoLines() throws IOException
    {
        final Path data = Path.of(System.getProperty("temblor.shared", "../../shared"), "conformance", "tremor", "demo",
            "data", "data.json.xz");
        try (InputStream in = new XZInputStream(Files.newInputStream(data)))
        {
            return in.readAllBytes();
        }
    }

    private static Pipeline pipeline(final String query)
    {
        return new Pipeline(QueryCompiler.compile(query, List.of(), name ->
        {
            final AggregateFunction fn = Aggregates.lookup(name);
            return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
        }));
    }

    /** Runs agents in turn on this thread, adding up what each allocates. */
    private static final class Meter
    {
        private final Map<Agent, long[]> bytes = new LinkedHashMap<>();

        Meter(final Agent... agents)
        {
            for (final Agent agent : agents)
            {
                bytes.put(agent, new long[1]);
            }
        }

        void cycle() throws Exception
        {
            for (final Map.Entry<Agent, long[]> e : bytes.entrySet())
            {
                final long before = THREADS.getCurrentThreadAllocatedBytes();
                e.getKey().doWork();
                e.getValue()[0] += THREADS.getCurrentThreadAllocatedBytes() - before;
            }
        }

        void reset()
        {
            bytes.values().forEach(b -> b[0] = 0);
        }

        String check(final long events)
        {
            final StringBuilder out = new StringBuilder();
            bytes.forEach((agent, b) -> out.append(agent.roleName()).append(' ')
                .append(String.format("%.3f", (double)b[0] / events)).append(" B/event; "));
            bytes.forEach((agent, b) -> assertTrue(b[0] <= BOUND * events, out.toString()));
            return out.toString();
        }
    }

    /** Endless copies of the demo lines (up to a total), allocating nothing per read. */
    private static final class Replay extends InputStream
    {
        private final byte[] data;
        private long left;
        private int at;

        Replay(final byte[] data, final long total)
        {
            this.data = data;
            this.left = total;
        }

        @Override
        public int read()
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(final byte[] b, final int off, final int len)
        {
            if (left <= 0)
            {
                return -1;
            }
            final int n = (int)Math.min(Math.min(len, data.length - at), left);
            System.arraycopy(data, at, b, off, n);
            at = (at + n) % data.length;
            left -= n;
            return n;
        }
    }

    @Test
    void shouldAllocateNothingPerEventFromStdinThroughDecodeAPipelineAndAWriter() throws Exception
    {
        final byte[] lines = demoLines();
        final long perLine = lines.length / 100;
        final EventRing raw = new EventRing(1 << 20);
        final EventRing a = new EventRing(1 << 20);
        final EventRing b = new EventRing(1 << 20);
        final CodecAgents.Decode decode = new CodecAgents.Decode("connector/in/decode", raw, new EventRing[] {a},
            new EventRing[0], () -> Interceptors.preprocessor("separate", Map.of()), null);
        final StdioConnector.Stdin source = new StdioConnector.Stdin("connector/in", new EventRing[] {a},
            new Replay(lines, (WARM_UP + MEASURED + 1000) * perLine * 2), raw, decode);
        final PipelineAgent pipe = new PipelineAgent("pipeline/main", pipeline("select event from in into out;"),
            new EventRing[] {a}, new EventRing[][] {{}, {b}, {b}, {}}, PipelineAgent.DEFAULT_BATCH);
        final Connectors.Writer writer = new Connectors.Writer("connector/out", new EventRing[] {b},
            OutputStream.nullOutputStream(), Codecs.create("json", Map.of()));
        final Meter meter = new Meter(source, decode, pipe, writer);
        source.onStart();
        while (writer.written < WARM_UP)
        {
            meter.cycle();
        }
        meter.reset();
        final long readerBefore = THREADS.getThreadAllocatedBytes(source.readerThread().threadId());
        final long from = writer.written;
        while (writer.written < from + MEASURED)
        {
            meter.cycle();
        }
        final long events = writer.written - from;
        final long reader = THREADS.getThreadAllocatedBytes(source.readerThread().threadId()) - readerBefore;
        final String report = meter.check(events) + "reader thread " + String.format("%.3f", (double)reader / events);
        System.out.println("stdin -> decode(separate) -> pipeline -> writer(json codec): " + report);
        assertTrue(reader <= BOUND * events, report);
        assertEquals(0, decode.failed(), decode.lastFailure());
        assertEquals(0, writer.failed(), writer.lastFailure());
        source.onClose();
        decode.onClose();
        pipe.onClose();
        writer.onClose();
    }

    @Test
    void shouldAllocateNothingPerEventFromRawChunksThroughDecodePipelineAndEncode() throws Exception
    {
        final byte[] lines = demoLines();
        final MemorySegment chunk = MemorySegment.ofArray(lines);
        final EventRing raw = new EventRing(1 << 20);
        final EventRing a = new EventRing(1 << 20);
        final EventRing b = new EventRing(1 << 20);
        final EventRing bytes = new EventRing(1 << 20);
        final CodecAgents.Decode decode = new CodecAgents.Decode("connector/in/decode", raw, new EventRing[] {a},
            new EventRing[0], () -> Interceptors.preprocessor("separate", Map.of()), Codecs.create("json", Map.of()));
        final PipelineAgent pipe = new PipelineAgent("pipeline/main", pipeline("select event from in into out;"),
            new EventRing[] {a}, new EventRing[][] {{}, {b}, {b}, {}}, PipelineAgent.DEFAULT_BATCH);
        final CodecAgents.Encode encode = new CodecAgents.Encode("connector/out/encode", new EventRing[] {b}, bytes,
            Interceptors.postprocessor("separate", Map.of()), Codecs.create("json", Map.of()));
        final long[] received = new long[1];
        final Connectors.Sink sink = new Connectors.Sink("connector/out/transport", new EventRing[] {bytes})
        {
            @Override
            public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
                final long offset, final int length)
            {
                received[0] += length;
            }
        };
        final Agent feeder = new Agent()
        {
            @Override
            public int doWork()
            {
                return raw.offer(1, 0, 7, chunk, 0, lines.length) ? 1 : 0;
            }

            @Override
            public String roleName()
            {
                return "transport";
            }
        };
        final Meter meter = new Meter(feeder, decode, pipe, encode, sink);
        while (pipe.eventsOut() < WARM_UP)
        {
            meter.cycle();
        }
        meter.reset();
        final long from = pipe.eventsOut();
        while (pipe.eventsOut() < from + MEASURED)
        {
            meter.cycle();
        }
        final String report = meter.check(pipe.eventsOut() - from);
        System.out.println("raw chunks -> decode(separate, json) -> pipeline -> encode(json, separate): " + report);
        assertEquals(0, decode.failed(), decode.lastFailure());
        assertEquals(0, encode.failed(), encode.lastFailure());
        assertTrue(received[0] > 0);
        decode.onClose();
        pipe.onClose();
        encode.onClose();
    }

    @Test
    void shouldAllocateNothingPerEventForBinaryEventsFromDecodeThroughThePipelineToEncode() throws Exception
    {
        // given: a chunk of 500 length-prefixed frames of random bytes (not UTF-8), decoded by the binary codec
        final java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        final java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
        final java.io.DataOutputStream data = new java.io.DataOutputStream(frames);
        long payload = 0;
        for (int i = 0; i < 500; i++)
        {
            final byte[] bytes = new byte[16 + random.nextInt(200)];
            random.nextBytes(bytes);
            bytes[0] = (byte)0xff;
            data.writeLong(bytes.length);
            data.write(bytes);
            payload += bytes.length;
        }
        final byte[] lines = frames.toByteArray();
        final MemorySegment chunk = MemorySegment.ofArray(lines);
        final EventRing raw = new EventRing(1 << 20);
        final EventRing a = new EventRing(1 << 20);
        final EventRing b = new EventRing(1 << 20);
        final EventRing bytes = new EventRing(1 << 20);
        final CodecAgents.Decode decode = new CodecAgents.Decode("connector/in/decode", raw, new EventRing[] {a},
            new EventRing[0], () -> Interceptors.preprocessor("length-prefixed", Map.of()),
            Codecs.create("binary", Map.of()));
        final PipelineAgent pipe = new PipelineAgent("pipeline/main", pipeline("select event from in into out;"),
            new EventRing[] {a}, new EventRing[][] {{}, {b}, {b}, {}}, PipelineAgent.DEFAULT_BATCH);
        final CodecAgents.Encode encode = new CodecAgents.Encode("connector/out/encode", new EventRing[] {b}, bytes,
            Interceptors.postprocessor("length-prefixed", Map.of()), Codecs.create("binary", Map.of()));
        final long[] received = new long[1];
        final boolean[] feeding = {true};
        final Connectors.Sink sink = new Connectors.Sink("connector/out/transport", new EventRing[] {bytes})
        {
            @Override
            public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
                final long offset, final int length)
            {
                received[0] += length;
            }
        };
        final Agent feeder = new Agent()
        {
            @Override
            public int doWork()
            {
                return feeding[0] && raw.offer(1, 0, 7, chunk, 0, lines.length) ? 1 : 0;
            }

            @Override
            public String roleName()
            {
                return "transport";
            }
        };
        final Meter meter = new Meter(feeder, decode, pipe, encode, sink);
        while (pipe.eventsOut() < WARM_UP)
        {
            meter.cycle();
        }
        meter.reset();
        final long from = pipe.eventsOut();
        while (pipe.eventsOut() < from + MEASURED)
        {
            meter.cycle();
        }
        final String report = meter.check(pipe.eventsOut() - from);
        System.out.println("raw chunks -> decode(length-prefixed, binary) -> pipeline -> encode(binary, " +
            "length-prefixed): " + report);
        assertEquals(0, decode.failed(), decode.lastFailure());
        assertEquals(0, encode.failed(), encode.lastFailure());
        assertEquals(0, pipe.errors());
        // then: with the feeder stopped and the agents drained, whole chunks came out byte for byte in length
        feeding[0] = false;
        for (int still = 0; still < 100; )
        {
            final long before = received[0];
            meter.cycle();
            still = received[0] == before ? still + 1 : 0;
        }
        assertEquals(0, received[0] % lines.length, "bytes out " + received[0] + " in whole chunks of " + lines.length);
        assertEquals(lines.length, payload + 8 * 500);
        decode.onClose();
        pipe.onClose();
        encode.onClose();
    }

    @Test
    void shouldAllocateNothingPerEventFromAReplayWritingTapeFramesThroughThePipeline() throws Exception
    {
        // given: the replay's target of a JSON event source (the bench connector's demo lines) into a pipeline running
        // the classification script of Tremor's throughput-logging-json flow
        final byte[] data = demoLines();
        final List<int[]> lines = new java.util.ArrayList<>();
        for (int start = 0, end; start < data.length; start = end + 1)
        {
            end = start;
            while (end < data.length && data[end] != '\n')
            {
                end++;
            }
            if (end > start)
            {
                lines.add(new int[] {start, end - start});
            }
        }
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(data);
        final EventRing in = new EventRing(1 << 20);
        final EventRing out = new EventRing(1 << 20);
        final ReplayPlan plan = new ReplayPlan(java.util.Set.of("bench"), java.util.Set.of(), java.util.Set.of(),
            System::nanoTime, false, null);
        final ReplayPlan.Target target = new ReplayPlan.Target(plan, "bench", new EventRing[] {in}, PipelineAgent.OUT,
            false, new io.temblor.engine.runtime.metrics.EventCounters("out", io.temblor.engine.runtime.metrics.EventCounters.OUT), true);
        final PipelineAgent pipe = new PipelineAgent("pipeline/main", pipeline(
            "define script s script match event.application of case \"app1\" => let $class = \"a\" " +
            "case _ => let $class = \"default\" end; let $rate = 1000000; event end;\n" +
            "define operator g from grouper::bucket;\ncreate script s;\ncreate operator g;\n" +
            "select event from in into s;\nselect event from s into g;\nselect event from g into out;"),
            new EventRing[] {in}, new EventRing[][] {{}, {out}, {out}, {}}, PipelineAgent.DEFAULT_BATCH);
        final long[] received = new long[1];
        final Connectors.Sink sink = new Connectors.Sink("connector/bench/collect", new EventRing[] {out})
        {
            @Override
            public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
                final long offset, final int length)
            {
                received[0]++;
            }
        };
        final int[] next = {0};
        final Agent replay = new Agent()
        {
            @Override
            public int doWork()
            {
                // keeps the ring fuller than the share above which the target parses (a pipeline that is behind)
                int n = 0;
                while (in.size() < in.capacity() / 4)
                {
                    final int[] line = lines.get(next[0]++ % lines.size());
                    target.put(0, 0, buffer, line[0], line[1]);
                    n++;
                }
                return n;
            }

            @Override
            public String roleName()
            {
                return "replay";
            }
        };
        final Meter meter = new Meter(replay, pipe, sink);
        // when
        while (pipe.eventsOut() < WARM_UP)
        {
            meter.cycle();
        }
        meter.reset();
        final long from = pipe.eventsOut();
        final long tapesFrom = target.tapeFrames();
        while (pipe.eventsOut() < from + MEASURED)
        {
            meter.cycle();
        }
        // then
        final String report = meter.check(pipe.eventsOut() - from);
        System.out.println("replay (tape frames) -> pipeline -> collector: " + report);
        assertTrue(target.tapeFrames() - tapesFrom >= MEASURED, "the target wrote tape frames");
        assertEquals(0, pipe.errors());
        assertTrue(received[0] >= MEASURED);
        target.end(0, 0);
        pipe.onClose();
    }

    @Test
    void shouldAllocateNothingPerEventFromAMetronome() throws Exception
    {
        final EventRing a = new EventRing(1 << 20);
        final EventRing b = new EventRing(1 << 20);
        final Connectors.Metronome source = new Connectors.Metronome("connector/tick", new EventRing[] {a}, 1,
            System::nanoTime);
        final PipelineAgent pipe = new PipelineAgent("pipeline/main", pipeline("select event from in into out;"),
            new EventRing[] {a}, new EventRing[][] {{}, {b}, {b}, {}}, PipelineAgent.DEFAULT_BATCH);
        final Connectors.Writer writer = new Connectors.Writer("connector/out", new EventRing[] {b},
            OutputStream.nullOutputStream(), null);
        final Meter meter = new Meter(source, pipe, writer);
        while (writer.written < WARM_UP)
        {
            meter.cycle();
        }
        meter.reset();
        final long from = writer.written;
        while (writer.written < from + MEASURED)
        {
            meter.cycle();
        }
        System.out.println("metronome -> pipeline -> writer: " + meter.check(writer.written - from));
    }
}
