package io.temblor.engine.runtime;

import io.temblor.engine.codec.ChunkHandler;
import io.temblor.engine.codec.Codecs;
import io.temblor.engine.codec.Postprocessor;
import io.temblor.offheap.EventRing;
import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.compile.TroyCompiler;
import io.temblor.script.error.CompileError;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench connector in a small flow (bench -> passthrough pipeline -> bench) stopped by {@code iters}: it counts
 * every replayed event and its encoded bytes, reads xz and base64 data and chunks, prints Tremor's report, and
 * rejects bad configuration with a clear message.
 */
class BenchConnectorTest
{
    private static final Pattern TOTAL = Pattern.compile("#\\[Max +=  +(\\d+), Total count +=  +(\\d+)]");
    private static final Pattern DATA = Pattern.compile("Throughput {3}\\(data\\): ([0-9.]+) MB/s");
    private static final Pattern EVENTS = Pattern.compile("Throughput \\(events\\): ([0-9.]+)k events/s");
    private static final Pattern PERCENTILE = Pattern.compile(" +(\\d+) (\\d\\.\\d{5}) +(\\d+) +([0-9.]+|inf)");

    private static String run(final Path dir, final String codec, final String config) throws Exception
    {
        final String flow = """
            define flow main
            flow
              define connector bench from bench
              with
                codec = "CODEC",
                config = CONFIG
              end;
              define pipeline pass pipeline select event from in into out; end;
              create connector bench;
              create pipeline pass;
              connect /connector/bench to /pipeline/pass;
              connect /pipeline/pass to /connector/bench;
            end;
            """.replace("CODEC", codec).replace("CONFIG", config);
        final CompiledDeployment deployment = TroyCompiler.compile(flow, List.of(dir), name ->
        {
            final AggregateFunction fn = Aggregates.lookup(name);
            return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
        }, "main", null);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final FlowRuntime runtime = new FlowRuntime(deployment, new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8), dir);
        assertEquals(0, runtime.run(30_000_000_000L), "the bench did not end its run");
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long group(final Pattern pattern, final String text, final int group)
    {
        final Matcher m = pattern.matcher(text);
        assertTrue(m.find(), "no " + pattern + " in\n" + text);
        return Long.parseLong(m.group(group));
    }

    private static long jsonNumber(final String json, final String key)
    {
        final Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), "no " + key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    private static String lines(final int n)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            text.append("{\"n\":").append(i).append(",\"s\":\"").append("x".repeat(i)).append("\"}\n");
        }
        return text.toString();
    }

    @Test
    void shouldCountEveryEventOfItsIterationsAndPrintTremorsReport(@TempDir final Path dir) throws Exception
    {
        // given: 10 compact JSON lines replayed 50 times
        final String data = lines(10);
        Files.writeString(dir.resolve("data.json"), data);

        // when
        final String report = run(dir, "json", "{\"path\": \"data.json\", \"iters\": 50}");

        // then: every event measured once, the report parses back
        assertEquals(500, group(TOTAL, report, 2), report);
        assertTrue(group(TOTAL, report, 1) > 0);
        final Matcher events = EVENTS.matcher(report);
        assertTrue(events.find() && Double.parseDouble(events.group(1)) > 0, report);
        assertTrue(DATA.matcher(report).find(), report);
        assertTrue(report.startsWith("     Value Percentile TotalCount 1/(1-Percentile)\n\n"), report);
        assertTrue(report.contains("#[Buckets    =           30, SubBuckets     =         3968]"), report);
        assertTrue(report.contains("GC (measured period): "), report);
        final List<Long> counts = new ArrayList<>();
        final Matcher line = PERCENTILE.matcher(report);
        String lastQuantile = null;
        while (line.find())
        {
            counts.add(Long.parseLong(line.group(3)));
            lastQuantile = line.group(4);
        }
        assertTrue(counts.size() > 2, report);
        assertEquals(500L, counts.get(counts.size() - 1));
        assertEquals("inf", lastQuantile);
        for (int i = 1; i < counts.size(); i++)
        {
            assertTrue(counts.get(i) >= counts.get(i - 1), "total counts must not decrease: " + counts);
        }
    }

    @Test
    void shouldCountTheEncodedBytesInTheStructuredReport(@TempDir final Path dir) throws Exception
    {
        final String data = lines(7);
        Files.writeString(dir.resolve("data.json"), data);

        final String report = run(dir, "json", "{\"path\": \"data.json\", \"iters\": 3, \"structured\": true}");

        assertTrue(report.startsWith("{\"mean\":"), report);
        assertEquals(21, jsonNumber(report, "count"));
        // each line is compact JSON: the bytes counted are the lines' without their newlines, three times
        assertEquals(3L * (data.length() - 7), jsonNumber(report, "bytes"));
        assertTrue(report.contains("\"gc\":{\"collections\":"), report);
    }

    @Test
    void shouldReadXzCompressedData(@TempDir final Path dir) throws Exception
    {
        final String data = lines(20);
        try (OutputStream xz = new XZOutputStream(Files.newOutputStream(dir.resolve("data.json.xz")), new LZMA2Options()))
        {
            xz.write(data.getBytes(StandardCharsets.UTF_8));
        }

        final String report = run(dir, "json", "{\"path\": \"data.json.xz\", \"iters\": 4, \"structured\": true}");

        assertEquals(80, jsonNumber(report, "count"));
        assertEquals(4L * (data.length() - 20), jsonNumber(report, "bytes"));
    }

    @Test
    void shouldDecodeBase64LinesWithTheCodec(@TempDir final Path dir) throws Exception
    {
        // given: msgpack records, base64 encoded one per line, as Tremor's data.msgpack.xz
        final byte[][] records = {
            {(byte)0x81, (byte)0xA1, 'a', 0x01},
            {(byte)0x81, (byte)0xA1, 'b', (byte)0xA2, 'h', 'i'},
        };
        final StringBuilder text = new StringBuilder();
        for (final byte[] r : records)
        {
            text.append(Base64.getEncoder().encodeToString(r)).append('\n');
        }
        Files.writeString(dir.resolve("data.msgpack"), text);

        // when
        final String report = run(dir, "msgpack",
            "{\"path\": \"data.msgpack\", \"base64\": true, \"iters\": 5, \"structured\": true}");

        // then: the sink re-encodes to the same msgpack bytes
        assertEquals(10, jsonNumber(report, "count"));
        assertEquals(5L * (records[0].length + records[1].length), jsonNumber(report, "bytes"));
    }

    @Test
    void shouldSplitIntoChunksAndPassBinaryThrough(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("data.bin"), "abcdefghij");

        final String report = run(dir, "binary",
            "{\"path\": \"data.bin\", \"chunk_size\": 4, \"iters\": 2, \"structured\": true}");

        assertEquals(6, jsonNumber(report, "count"));
        assertEquals(20, jsonNumber(report, "bytes"));
    }

    @Test
    void shouldSplitLinesAndChunks()
    {
        final byte[] data = "a\r\nbc\n\nd".getBytes(StandardCharsets.UTF_8);
        final List<String> lines = BenchConnector.elements(data, 0, false).stream()
            .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("a", "bc", "", "d"), lines);
        final List<String> chunks = BenchConnector.elements(data, 3, false).stream()
            .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("a\r\n", "bc\n", "\nd"), chunks);
    }

    @Test
    void shouldNameTheLineThatIsNotBase64()
    {
        final byte[] data = "YWJj\n*not base64*\n".getBytes(StandardCharsets.UTF_8);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> BenchConnector.elements(data, 0, true));
        assertTrue(ex.getMessage().startsWith("line 2 is not base64"), ex.getMessage());
    }

    @Test
    void shouldSendElementsThatDoNotDecodeToTheErrPort()
    {
        final List<byte[]> elements = List.of("weather,location=us temp=1i 1".getBytes(StandardCharsets.UTF_8),
            "not influx at all".getBytes(StandardCharsets.UTF_8));
        final BenchConnector.Frames frames = BenchConnector.Frames.decode(elements, null,
            Codecs.create("influx", Map.of()));
        assertEquals(2, frames.count());
        assertEquals(1, frames.ok());
        assertEquals(PipelineAgent.OUT, frames.type(0));
        assertEquals(PipelineAgent.ERR, frames.type(1));
        assertTrue(frames.firstFailure().startsWith("element 2: "), frames.firstFailure());
    }

    @Test
    void shouldDecodeEachEmittedEventWithTheCodecAgain()
    {
        final List<byte[]> elements = List.of("weather,location=us temp=1i".getBytes(StandardCharsets.UTF_8));
        final BenchConnector.Frames frames = BenchConnector.Frames.decode(elements, null,
            Codecs.create("influx", Map.of()));
        assertTrue(frames.decodeEach(0));
        assertEquals("weather,location=us temp=1i", new String(frames.memory().asSlice(frames.offset(0),
            frames.length(0)).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
        // a line without a timestamp takes the event's ingest time: each emission is decoded anew
        final String first = decoded(frames, 11);
        final String second = decoded(frames, 22);
        assertTrue(first.contains("\"timestamp\":11"), first);
        assertTrue(second.contains("\"timestamp\":22"), second);
        assertTrue(second.contains("\"measurement\":\"weather\""), second);
        frames.close();
    }

    @Test
    void shouldKeepJsonElementsAsTheirFrames()
    {
        final BenchConnector.Frames frames = BenchConnector.Frames.decode(
            List.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8)), null, null);
        assertFalse(frames.decodeEach(0));
        assertEquals(PipelineAgent.OUT, frames.type(0));
        frames.close();
    }

    private static String decoded(final BenchConnector.Frames frames, final long ingestNs)
    {
        final int n = frames.decode(0, ingestNs);
        assertTrue(n > 0, frames.decodeError());
        return new String(frames.decoded().asSlice(0, n).toArray(ValueLayout.JAVA_BYTE),
            StandardCharsets.UTF_8);
    }

    @Test
    void shouldRejectBadConfiguration(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("data.json"), lines(2));
        assertTrue(assertThrows(CompileError.class, () -> run(dir, "json", "{\"iters\": 1}")).getMessage()
            .contains("`config.path` (the data file) is required"));
        assertTrue(assertThrows(CompileError.class, () -> run(dir, "json", "{\"path\": \"data.json\", \"source\": 1}"))
            .getMessage().contains("unknown `config.source`"));
        assertTrue(assertThrows(CompileError.class, () -> run(dir, "json", "{\"path\": \"data.json\", \"iters\": -1}"))
            .getMessage().contains("`config.iters` must be a non-negative integer"));
        assertTrue(assertThrows(CompileError.class, () -> run(dir, "json", "{\"path\": \"missing.json\"}"))
            .getMessage().contains("cannot read `config.path`"));
        Files.writeString(dir.resolve("empty.json"), "");
        assertTrue(assertThrows(CompileError.class, () -> run(dir, "json", "{\"path\": \"empty.json\"}"))
            .getMessage().contains("holds no data"));
    }

    @Test
    void shouldOverrideTheSecondsFromTheEnvironmentValue()
    {
        final BenchConnector.Settings settings = BenchConnector.settings(
            Map.of("path", "x", "warmup_secs", 5L, "stop_after_secs", 25L));
        assertEquals(settings, settings.withSeconds(null));
        final BenchConnector.Settings quick = settings.withSeconds("1,4");
        assertEquals(1, quick.warmupSecs());
        assertEquals(4, quick.stopAfterSecs());
        assertEquals("x", quick.path());
        assertThrows(IllegalArgumentException.class, () -> settings.withSeconds("4"));
        assertThrows(IllegalArgumentException.class, () -> settings.withSeconds("a,b"));
        assertThrows(IllegalArgumentException.class, () -> settings.withSeconds("-1,2"));
    }

    @Test
    void shouldSizeTheHistogramAsTremorsReportShowsIt()
    {
        // Tremor's documented report: 1..100e9 ns at 2 significant figures has 30 buckets and 3968 counters
        assertEquals(30, BenchConnector.buckets(BenchConnector.HIGHEST_NS, 2));
        assertEquals(3968, BenchConnector.countsLength(BenchConnector.HIGHEST_NS, 2));
    }

    @Test
    void shouldFormatTheReportLikeTremor()
    {
        final Histogram h = new Histogram(BenchConnector.LOWEST_NS, BenchConnector.HIGHEST_NS, 2);
        for (int i = 1; i <= 100; i++)
        {
            h.recordValue(i * 1000L);
        }
        final String text = BenchConnector.text(h, 2L * 1024 * 1024, 4000, 2.0);
        assertTrue(text.contains("\n\nThroughput   (data): 1.0 MB/s\nThroughput (events): 2.0k events/s\n"), text);
        assertTrue(text.contains("#[Max        =       100351, Total count    =          100]"), text);
        assertTrue(text.contains("       50175 0.50000         50           2.00\n"), text);
        assertTrue(text.contains(" 1.00000        100            inf\n"), text);
    }

    /** Passes chunks on unchanged and counts them. */
    private static final class CountingPostprocessor implements Postprocessor
    {
        int chunks;

        @Override
        public String name()
        {
            return "counting";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler out)
        {
            chunks++;
            out.onChunk(ingestNs, data, offset, length);
            return OK;
        }

        @Override
        public String errorMessage()
        {
            return null;
        }
    }

    /** Five JSON events through a bench sink with the given warm-up (no stop condition, so it never reports). */
    private static BenchConnector.Blackhole sinkFiveEvents(final long warmupSecs, final CountingPostprocessor post)
    {
        final EventRing ring = new EventRing(64 * 1024);
        final BenchConnector.Settings settings = new BenchConnector.Settings("x", 0, 0, 0, false, false, 0, 3,
            warmupSecs);
        final BenchConnector.Blackhole sink = new BenchConnector.Blackhole("bench/sink", new EventRing[] {ring},
            settings, 0, new BenchConnector.LongEpochClock(), new FrameEncoder(Codecs.create("json")), post,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), null);
        sink.onStart();
        final BenchConnector.LongEpochClock clock = new BenchConnector.LongEpochClock();
        for (int i = 0; i < 5; i++)
        {
            final byte[] event = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            assertTrue(ring.offer(PipelineAgent.OUT, clock.nanoTime(), i, MemorySegment.ofArray(event), 0, event.length));
        }
        assertEquals(5, sink.doWork());
        sink.onClose();
        return sink;
    }

    @Test
    void shouldEncodeWarmUpEventsWithoutCountingThem()
    {
        // given: a warm-up that lasts the whole test
        final CountingPostprocessor post = new CountingPostprocessor();

        // when
        final BenchConnector.Blackhole sink = sinkFiveEvents(3600, post);

        // then: the events went through the codec and the postprocessor (the measured path is warmed up), but are
        // neither counted nor their bytes measured
        assertEquals(5, post.chunks);
        assertEquals(0, sink.count());
        assertEquals(0, sink.bytes());
        assertFalse(sink.finished());
    }

    @Test
    void shouldCountEventsAndBytesOnceTheWarmUpIsOver()
    {
        // given: no warm-up
        final CountingPostprocessor post = new CountingPostprocessor();

        // when
        final BenchConnector.Blackhole sink = sinkFiveEvents(0, post);

        // then: every event counted with its encoded bytes ({"n":0} .. {"n":4}: 7 bytes each)
        assertEquals(5, post.chunks);
        assertEquals(5, sink.count());
        assertEquals(35, sink.bytes());
    }

    @Test
    void shouldStampPacedEventsWithTheirScheduledTimeSoALateSourceCountsAsLatency() throws Exception
    {
        // given: a source paced at one event per millisecond whose first duty cycle comes 20 ms late
        final EventRing ring = new EventRing(64 * 1024);
        final BenchConnector.Frames frames = BenchConnector.Frames.decode(
            List.of("{\"n\":1}".getBytes(StandardCharsets.UTF_8)), null, null);
        final BenchConnector.Settings settings = new BenchConnector.Settings("x", 1_000_000, 0, 0, false, false, 0, 3,
            0);
        final BenchConnector.Blaster source = new BenchConnector.Blaster("bench/source", new EventRing[] {ring},
            new EventRing[] {new EventRing(1024)}, frames, settings, 0, new BenchConnector.LongEpochClock());
        source.onStart();
        Thread.sleep(20);

        // when: the late duty cycle catches up with the events that fell due meanwhile
        final int emitted = source.doWork();
        final List<Long> stamps = new ArrayList<>();
        ring.poll((type, ingestNs, id, memory, offset, length) -> stamps.add(ingestNs), 1000);

        // then: they went out together, but each carries the time it was due: exactly one interval apart
        assertTrue(emitted >= 2, "emitted " + emitted);
        assertEquals(emitted, stamps.size());
        for (int i = 1; i < stamps.size(); i++)
        {
            assertEquals(1_000_000L, stamps.get(i) - stamps.get(i - 1), "stamps " + stamps);
        }
    }

    @Test
    void shouldRestartTheScheduleWhenTheWarmUpEndsSoItsBacklogIsNotChargedToMeasuredEvents() throws Exception
    {
        // given: a source paced at one event per millisecond with a 1 s warm-up, whose first duty cycle comes after it
        final EventRing ring = new EventRing(256 * 1024);
        final BenchConnector.Frames frames = BenchConnector.Frames.decode(
            List.of("{\"n\":1}".getBytes(StandardCharsets.UTF_8)), null, null);
        final BenchConnector.Settings settings = new BenchConnector.Settings("x", 1_000_000, 0, 0, false, false, 0, 3,
            1);
        final BenchConnector.LongEpochClock clock = new BenchConnector.LongEpochClock();
        final BenchConnector.Blaster source = new BenchConnector.Blaster("bench/source", new EventRing[] {ring},
            new EventRing[] {new EventRing(1024)}, frames, settings, 0, clock);
        final long startNs = clock.nanoTime();
        source.onStart();
        Thread.sleep(1_050);

        // when
        source.doWork();
        final List<Long> stamps = new ArrayList<>();
        ring.poll((type, ingestNs, id, memory, offset, length) -> stamps.add(ingestNs), 1000);

        // then: the first measured event is due when the warm-up ended, not a second earlier with the backlog
        assertFalse(stamps.isEmpty());
        assertTrue(stamps.get(0) - startNs >= 1_000_000_000L, "first stamp " + (stamps.get(0) - startNs) + " ns in");
    }
}
