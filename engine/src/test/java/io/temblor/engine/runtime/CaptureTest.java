package io.temblor.engine.runtime;

import io.temblor.engine.codec.Interceptors;
import io.temblor.offheap.EventRing;
import io.temblor.offheap.journal.JournalReader;
import io.temblor.offheap.journal.JournalSettings;
import io.temblor.offheap.journal.JournalWriter;
import io.temblor.transport.PeerDirectory;
import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.compile.TroyCompiler;
import io.temblor.script.error.CompileError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Capture: {@code --capture} records what sources receive (raw bytes before preprocessors, or the events of sources
 * that make them), and the {@code capture} sink records the events it is sent.
 */
class CaptureTest
{
    private static final long TIMEOUT_NS = 20_000_000_000L;

    @TempDir
    Path dir;

    private FlowRuntime runtime(final String flow, final JournalWriter capture)
    {
        final CompiledDeployment deployment = TroyCompiler.compile(flow, List.of(dir), name ->
        {
            final AggregateFunction fn = Aggregates.lookup(name);
            return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
        }, "main", null);
        final PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new FlowRuntime(deployment, new ByteArrayInputStream(new byte[0]), sink, sink, dir,
            Threading.defaults(), capture);
    }

    private record Rec(String source, long ingestNs, String frame, String meta)
    {
    }

    private static List<Rec> read(final Path journal)
    {
        final List<Rec> records = new ArrayList<>();
        try (JournalReader r = JournalReader.open(journal))
        {
            while (r.next())
            {
                final byte[] f = new byte[r.frameLength()];
                r.frame().getBytes(r.frameOffset(), f);
                final byte[] m = new byte[r.metaLength()];
                r.meta().getBytes(r.metaOffset(), m);
                records.add(new Rec(r.source().toString(), r.ingestNs(), new String(f, StandardCharsets.UTF_8),
                    new String(m, StandardCharsets.UTF_8)));
            }
        }
        return records;
    }

    private static final String COPY_FLOW = "define flow main\nflow\n" +
        "  define connector input from file with codec = \"json\", config = {\"path\": \"in.json\", \"mode\": \"read\"} end;\n" +
        "  define connector output from file with config = {\"path\": \"out.json\", \"mode\": \"truncate\"} end;\n" +
        "  define connector rec from capture with config = {\"dir\": \"sink-capture\", \"roll\": \"hourly\"} end;\n" +
        "  define connector stop from exit;\n" +
        "  define pipeline pass pipeline select event from in into out; end;\n" +
        "  define pipeline last pipeline select {\"exit\": 0} from in where present event.last into out; end;\n" +
        "  create connector input; create connector output; create connector rec; create connector stop;\n" +
        "  create pipeline pass; create pipeline last;\n" +
        "  connect /connector/input to /pipeline/pass;\n" +
        "  connect /pipeline/pass to /connector/output;\n" +
        "  connect /pipeline/pass to /connector/rec;\n" +
        "  connect /pipeline/pass to /pipeline/last;\n" +
        "  connect /pipeline/last to /connector/stop;\n" +
        "end;\ndeploy flow main;\n";

    @Test
    void shouldRecordRawBytesOfSourcesAndEventsOfTheCaptureSink() throws Exception
    {
        // given
        final String input = "{\"a\":1}\n{\"a\": 2}\n{\"a\":3,\"last\":true}\n";
        Files.writeString(dir.resolve("in.json"), input);
        final Path journal = dir.resolve("all");
        final long before = System.currentTimeMillis() * 1_000_000L;

        // when
        try (JournalWriter capture = JournalWriter.open(journal, JournalSettings.DEFAULT))
        {
            assertEquals(0, runtime(COPY_FLOW, capture).run(TIMEOUT_NS));
        }

        // then the source's raw bytes (whitespace and all) are in the run's capture, with its metadata
        final List<Rec> raw = read(journal);
        final StringBuilder bytes = new StringBuilder();
        for (final Rec rec : raw)
        {
            assertEquals("input", rec.source());
            assertEquals("{\"connector\":\"file\",\"path\":\"in.json\",\"stream\":0}", rec.meta());
            assertTrue(rec.ingestNs() >= before - 1_000_000_000L, "ingest time is epoch ns: " + rec.ingestNs());
            bytes.append(rec.frame());
        }
        assertEquals(input, bytes.toString());

        // and the capture sink holds the events it was sent, as JSON, under its alias
        final List<Rec> events = read(dir.resolve("sink-capture"));
        assertEquals(List.of("{\"a\":1}", "{\"a\":2}", "{\"a\":3,\"last\":true}"),
            events.stream().map(Rec::frame).toList());
        assertTrue(events.stream().allMatch(e -> e.source().equals("rec") && e.meta().contains("\"capture\"")));
    }

    @Test
    void shouldRecordThePeerAndStreamOfEachTcpChunk() throws Exception
    {
        // given a capturing tcp_server flow that exits on an event with "last"
        final int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()))
        {
            port = probe.getLocalPort();
        }
        final String flow = "define flow main\nflow\n" +
            "  define connector in from tcp_server with preprocessors = [\"separate\"], " +
            "config = {\"url\": \"127.0.0.1:" + port + "\"} end;\n" +
            "  define connector stop from exit;\n" +
            "  define pipeline last pipeline select {\"exit\": 0} from in where present event.last into out; end;\n" +
            "  create connector in; create connector stop; create pipeline last;\n" +
            "  connect /connector/in to /pipeline/last;\n  connect /pipeline/last to /connector/stop;\n" +
            "end;\ndeploy flow main;\n";
        final Path journal = dir.resolve("tcp");
        final int localPort;
        try (JournalWriter capture = JournalWriter.open(journal, JournalSettings.DEFAULT))
        {
            final FlowRuntime runtime = runtime(flow, capture);
            final Thread sender = new Thread(() ->
            {
                for (int i = 0; i < 400; i++)
                {
                    try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port))
                    {
                        s.getOutputStream().write("{\"a\":1}\n{\"last\":true}\n".getBytes(StandardCharsets.UTF_8));
                        s.getOutputStream().flush();
                        Thread.sleep(500);
                        return;
                    }
                    catch (final Exception ex)
                    {
                        try
                        {
                            Thread.sleep(25);
                        }
                        catch (final InterruptedException ie)
                        {
                            return;
                        }
                    }
                }
            });
            sender.start();
            assertEquals(0, runtime.run(TIMEOUT_NS));
            sender.join(10_000);
            localPort = port;
        }
        final List<Rec> records = read(journal);
        assertTrue(!records.isEmpty());
        final StringBuilder bytes = new StringBuilder();
        for (final Rec rec : records)
        {
            assertEquals("in", rec.source());
            assertTrue(rec.meta().matches("\\{\"connector\":\"tcp_server\",\"url\":\"127.0.0.1:" + localPort +
                "\",\"peer\":\"127.0.0.1:\\d+\",\"stream\":1}"), rec.meta());
            bytes.append(rec.frame());
        }
        assertEquals("{\"a\":1}\n{\"last\":true}\n", bytes.toString());
    }

    @Test
    void shouldRecordTheEventsOfSourcesThatMakeThem() throws Exception
    {
        final String flow = "define flow main\nflow\n" +
            "  define connector tick from metronome with config = {\"interval\": 1000000} end;\n" +
            "  define connector stop from exit;\n" +
            "  define pipeline p pipeline select {\"exit\": 0} from in where event.id >= 2 into out; end;\n" +
            "  create connector tick; create connector stop; create pipeline p;\n" +
            "  connect /connector/tick to /pipeline/p;\n" +
            "  connect /pipeline/p to /connector/stop;\n" +
            "end;\ndeploy flow main;\n";
        final Path journal = dir.resolve("ticks");
        try (JournalWriter capture = JournalWriter.open(journal, JournalSettings.DEFAULT))
        {
            assertEquals(0, runtime(flow, capture).run(TIMEOUT_NS));
        }
        final List<Rec> ticks = read(journal);
        assertTrue(ticks.size() >= 3, ticks.toString());
        for (int i = 0; i < 3; i++)
        {
            assertEquals("tick", ticks.get(i).source());
            assertTrue(ticks.get(i).frame().contains("\"id\":" + i), ticks.get(i).frame());
            assertTrue(ticks.get(i).meta().startsWith("{\"connector\":\"metronome\""), ticks.get(i).meta());
        }
    }

    @Test
    void shouldAllocateNothingPerChunkWhenTheDecodeAgentCaptures() throws Exception
    {
        // given: the demo data's lines, one raw frame each (as a socket delivers them), into a capturing decode agent
        final byte[] data = DataPathAllocationTest.demoLines();
        final List<int[]> lines = new ArrayList<>();
        for (int start = 0, i = 0; i < data.length; i++)
        {
            if (data[i] == '\n')
            {
                lines.add(new int[] {start, i + 1 - start});
                start = i + 1;
            }
        }
        final MemorySegment memory = MemorySegment.ofArray(data);
        final EventRing raw = new EventRing(1 << 20);
        final EventRing out = new EventRing(1 << 20);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (JournalWriter journal = JournalWriter.open(dir.resolve("alloc"), JournalSettings.DEFAULT))
        {
            final CodecAgents.Decode decode = new CodecAgents.Decode("connector/in/decode", raw, new EventRing[] {out},
                new EventRing[0], () -> Interceptors.preprocessor("separate", Map.of()), null);
            decode.capture = new CaptureTap(journal, "in", "\"connector\":\"tcp_server\"");
            decode.capture.peers(new PeerDirectory()
            {
                @Override
                public void recordPeers()
                {
                }

                @Override
                public String peer(final long id)
                {
                    return "127.0.0.1:5000";
                }

                @Override
                public void forgetPeer(final long id)
                {
                }
            });
            final long[] sent = new long[1];
            final long[] allocated = new long[1];
            final EventRing.FrameHandler drop = (type, ingestNs, id, m, offset, length) ->
            {
            };
            final Runnable cycle = () ->
            {
                final int[] line = lines.get((int)(sent[0] % lines.size()));
                if (raw.offer(1, System.nanoTime(), 3, memory, line[0], line[1]))
                {
                    sent[0]++;
                }
                final long before = threads.getCurrentThreadAllocatedBytes();
                decode.doWork();
                allocated[0] += threads.getCurrentThreadAllocatedBytes() - before;
                out.poll(drop, 64);
            };
            while (sent[0] < 100_000)
            {
                cycle.run();
            }
            allocated[0] = 0;
            final long from = sent[0];
            while (sent[0] < from + 200_000)
            {
                cycle.run();
            }

            // then the decode agent with its capture allocates (almost) nothing per chunk
            final double perChunk = (double)allocated[0] / (sent[0] - from);
            assertTrue(perChunk <= 2.0, "capturing decode agent allocated " + perChunk + " B/chunk");
            assertEquals(0, decode.failed(), decode.lastFailure());
            decode.onClose();
        }
        long records = 0;
        try (JournalReader r = JournalReader.open(dir.resolve("alloc")))
        {
            while (r.next())
            {
                records++;
            }
        }
        assertTrue(records >= 299_000, records + " records");
    }

    @Test
    void shouldRecordEveryEventTheBenchConnectorSends() throws Exception
    {
        Files.writeString(dir.resolve("data.json"), "{\"a\":1}\n{\"b\":2}\n");
        final String flow = "define flow main\nflow\n" +
            "  define connector load from bench with codec = \"json\", " +
            "config = {\"path\": \"data.json\", \"iters\": 3} end;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  create connector load; create pipeline pass;\n" +
            "  connect /connector/load to /pipeline/pass;\n  connect /pipeline/pass to /connector/load;\n" +
            "end;\ndeploy flow main;\n";
        final Path journal = dir.resolve("bench");
        try (JournalWriter capture = JournalWriter.open(journal, JournalSettings.DEFAULT))
        {
            assertEquals(0, runtime(flow, capture).run(TIMEOUT_NS));
        }
        final List<Rec> records = read(journal);
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}", "{\"a\":1}", "{\"b\":2}", "{\"a\":1}", "{\"b\":2}"),
            records.stream().map(Rec::frame).toList());
        for (int i = 0; i < records.size(); i++)
        {
            assertEquals("load", records.get(i).source());
            assertEquals("{\"connector\":\"bench\",\"path\":\"data.json\",\"stream\":" + i + "}",
                records.get(i).meta());
        }
    }

    @Test
    void shouldPrefixSourcesWithTheFlowWhenSeveralFlowsAreDeployed() throws Exception
    {
        final String flow = "define flow main\nflow\n" +
            "  define connector tick from metronome with config = {\"interval\": 1000000} end;\n" +
            "  define connector stop from exit;\n" +
            "  define pipeline p pipeline select {\"exit\": 0} from in where event.id >= 5 into out; end;\n" +
            "  create connector tick; create connector stop; create pipeline p;\n" +
            "  connect /connector/tick to /pipeline/p;\n" +
            "  connect /pipeline/p to /connector/stop;\n" +
            "end;\ndeploy flow a from main;\ndeploy flow b from main;\n";
        final Path journal = dir.resolve("nested");
        try (JournalWriter capture = JournalWriter.open(journal, JournalSettings.DEFAULT))
        {
            assertEquals(0, runtime(flow, capture).run(TIMEOUT_NS));
        }
        final List<String> sources = read(journal).stream().map(Rec::source).distinct().sorted().toList();
        assertTrue(sources.contains("a/tick") || sources.contains("b/tick"), sources.toString());
        assertTrue(List.of("a/tick", "b/tick").containsAll(sources), sources.toString());
    }

    @Test
    void shouldCountAndReportOnceAFailedAppendAndGoOn() throws Exception
    {
        final JournalWriter closed = JournalWriter.open(dir.resolve("closed"), JournalSettings.DEFAULT);
        closed.close();
        final CaptureTap tap = new CaptureTap(closed, "in", "\"connector\":\"file\"");
        final PrintStream stderr = System.err;
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try
        {
            tap.record(1, 0, new byte[] {1, 2}, 0, 2);
            tap.record(2, 0, new byte[] {3}, 0, 1);
        }
        finally
        {
            System.setErr(stderr);
        }
        assertEquals(2, tap.failed());
        assertTrue(tap.lastFailure().contains("is closed"), tap.lastFailure());
        final String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("capture of in to " + dir.resolve("closed") + " failed"), printed);
        assertEquals(1, printed.lines().count(), printed);
    }

    @Test
    void shouldRejectACaptureSinkWithoutDirOrWithBadSettings()
    {
        for (final String config : List.of("{}", "{\"dir\": \"x\", \"roll\": \"weekly\"}",
            "{\"dir\": \"x\", \"retention\": \"lots\"}", "{\"dir\": \"x\", \"size\": 1}"))
        {
            final String flow = "define flow main\nflow\n" +
                "  define connector rec from capture with config = " + config + " end;\n" +
                "  define connector tick from metronome;\n" +
                "  define pipeline p pipeline select event from in into out; end;\n" +
                "  create connector rec; create connector tick; create pipeline p;\n" +
                "  connect /connector/tick to /pipeline/p;\n" +
                "  connect /pipeline/p to /connector/rec;\n" +
                "end;\ndeploy flow main;\n";
            final CompileError e = assertThrows(CompileError.class, () -> runtime(flow, null), config);
            assertTrue(e.getMessage().contains("connector rec"), e.getMessage());
        }
    }
}
