package io.temblor.engine.cli;

import io.temblor.offheap.journal.JournalSettings;
import io.temblor.offheap.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplayCommandTest
{
    /** A tcp source reading JSON lines, a passthrough pipeline, and a file sink. */
    static final String LINES_FLOW = String.join("\n",
        "define flow main",
        "flow",
        "  define connector in from tcp_server",
        "  with codec = \"json\", preprocessors = [\"separate\"], config = {\"url\": \"127.0.0.1:1\"} end;",
        "  define connector out from file",
        "  with codec = \"json\", config = {\"path\": \"never-written.json\", \"mode\": \"truncate\"} end;",
        "  define pipeline main",
        "  pipeline",
        "    select {\"n\": event.n, \"doubled\": event.n * 2} from in into out;",
        "  end;",
        "  create connector in;",
        "  create connector out;",
        "  create pipeline main;",
        "  connect /connector/in to /pipeline/main;",
        "  connect /pipeline/main to /connector/out;",
        "end;",
        "deploy flow main;",
        "");

    /**
     * Events classified by a script, rate-limited by {@code grouper::bucket} (2 per second per kind), then counted
     * per kind in tumbling windows of 1 s of ingest time.
     */
    static final String WINDOW_FLOW = String.join("\n",
        "define flow main",
        "flow",
        "  define connector in from tcp_server",
        "  with codec = \"json\", preprocessors = [\"separate\"], config = {\"url\": \"127.0.0.1:1\"} end;",
        "  define connector out from file",
        "  with codec = \"json\", config = {\"path\": \"never-written.json\", \"mode\": \"truncate\"} end;",
        "  define pipeline main",
        "  pipeline",
        "    define script classify",
        "    script",
        "      let $class = event.kind;",
        "      let $rate = 2;",
        "      event",
        "    end;",
        "    define operator grouper from grouper::bucket;",
        "    define window w from tumbling with interval = 1000000000 end;",
        "    create script classify;",
        "    create operator grouper;",
        "    create stream limited;",
        "    select event from in into classify;",
        "    select event from classify into grouper;",
        "    select event from grouper into limited;",
        "    select {\"kind\": event.kind, \"n\": aggr::stats::count()} from limited[w] group by set(event.kind) into out;",
        "  end;",
        "  create connector in;",
        "  create connector out;",
        "  create pipeline main;",
        "  connect /connector/in to /pipeline/main;",
        "  connect /pipeline/main to /connector/out;",
        "end;",
        "deploy flow main;",
        "");

    @TempDir
    Path dir;

    /** The result of one command. */
    record Result(int status, String out, String err)
    {
    }

    static Result replay(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final String[] all = new String[args.length + 1];
        all[0] = "replay";
        System.arraycopy(args, 0, all, 1, args.length);
        final int status = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Writes a capture: one record per frame, of one source, ingest times {@code gapNs} apart from 1e12. */
    static Path capture(final Path dir, final String source, final long gapNs, final List<String> frames)
    {
        try (JournalWriter writer = JournalWriter.open(dir, JournalSettings.DEFAULT))
        {
            long t = 1_000_000_000_000L;
            for (final String frame : frames)
            {
                writer.append(source, t, frame.getBytes(StandardCharsets.UTF_8), null);
                t += gapNs;
            }
        }
        return dir;
    }

    private Path write(final String name, final String text) throws IOException
    {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void shouldDecodeReplayedChunksWithTheConnectorsPreprocessorsAndCollectTheSink() throws IOException
    {
        // given: three events split across chunks as a tcp read would cut them
        final Path capture = capture(dir.resolve("cap"), "in", 1_000_000L,
            List.of("{\"n\":1}\n{\"n\"", ":2}\n", "{\"n\":3}\n"));
        final Path flow = write("flow.troy", LINES_FLOW);
        final Path output = dir.resolve("out.ndjson");
        // when
        final Result r = replay(capture.toString(), "--flow", flow.toString(), "--speed", "max", "--sink", "out",
            "--out", output.toString(), "--quiet");
        // then: the events the live source would have made, decoded and transformed, in order
        assertEquals(Main.EXIT_OK, r.status(), r.err());
        assertEquals("{\"n\":1,\"doubled\":2}\n{\"n\":2,\"doubled\":4}\n{\"n\":3,\"doubled\":6}\n",
            Files.readString(output));
        assertTrue(r.out().contains("replay: 3 records"), r.out());
        assertTrue(r.out().contains("sink connector/out/collect: 3 events"), r.out());
        assertTrue(r.out().contains("connector/in: out 3"), r.out());
        assertTrue(r.out().contains("latency (emission to sink): p50"), r.out());
        assertTrue(Files.notExists(Path.of("never-written.json")));
    }

    @Test
    void shouldPassExpectWhenValuesMatchAndPrintTheFirstDifferencesWhenNot() throws IOException
    {
        final Path capture = capture(dir.resolve("cap"), "in", 1_000_000L, List.of("{\"n\":1}\n{\"n\":2}\n"));
        final Path flow = write("flow.troy", LINES_FLOW);
        // key order does not matter: compared as JSON values
        final Path good = write("good.json", "{\"doubled\":2,\"n\":1}\n{\"n\":2,\"doubled\":4}\n");
        final Path bad = write("bad.json", "{\"n\":1,\"doubled\":2}\n{\"n\":2,\"doubled\":5}\n{\"n\":3,\"doubled\":6}\n");

        final Result ok = replay(capture.toString(), "--flow", flow.toString(), "--speed", "max", "--expect",
            good.toString(), "--quiet");
        final Result mismatch = replay(capture.toString(), "--flow", flow.toString(), "--speed", "max", "--expect",
            bad.toString(), "--quiet");

        assertEquals(Main.EXIT_OK, ok.status(), ok.out() + ok.err());
        assertTrue(ok.out().contains("expect: output matches"), ok.out());
        assertEquals(Main.EXIT_INVALID, mismatch.status(), mismatch.out() + mismatch.err());
        assertTrue(mismatch.out().contains("expect: 2 differing line(s); expected 3 events, got 2"), mismatch.out());
        assertTrue(mismatch.out().contains("line 2:\n    expected {\"n\":2,\"doubled\":5}\n    got      " +
            "{\"n\":2,\"doubled\":4}"), mismatch.out());
        assertTrue(mismatch.out().contains("line 3:\n    expected {\"n\":3,\"doubled\":6}\n    got      (nothing"),
            mismatch.out());
    }

    @Test
    void shouldGiveTheSameWindowedOutputOnEveryVirtualTimeReplay() throws IOException
    {
        // given: 5 s of events of two kinds, 10 ms apart, each kind limited to 2 per second
        final List<String> frames = new ArrayList<>();
        for (int i = 0; i < 500; i++)
        {
            frames.add("{\"kind\":\"" + (i % 3 == 0 ? "a" : "b") + "\",\"i\":" + i + "}\n");
        }
        final Path capture = capture(dir.resolve("cap"), "in", 10_000_000L, frames);
        final Path flow = write("flow.troy", WINDOW_FLOW);
        // when: replayed three times as fast as possible in virtual time
        final List<String> outputs = new ArrayList<>();
        for (int run = 0; run < 3; run++)
        {
            final Path output = dir.resolve("out" + run + ".ndjson");
            final Result r = replay(capture.toString(), "--flow", flow.toString(), "--virtual-time", "--speed", "max",
                "--sink", "out", "--out", output.toString(), "--quiet");
            assertEquals(Main.EXIT_OK, r.status(), r.err());
            outputs.add(Files.readString(output));
        }
        // then: windows closed on the recorded time line (at machine speed, wall time would close none), each
        // holding what the bucket let through in a recorded second: at most 2 per kind
        final String[] lines = outputs.get(0).split("\n");
        assertTrue(lines.length >= 6, outputs.get(0));
        for (final String line : lines)
        {
            assertTrue(line.matches("\\{\"kind\":\"[ab]\",\"n\":[12]\\}"), outputs.get(0));
        }
        assertEquals(outputs.get(0), outputs.get(1));
        assertEquals(outputs.get(0), outputs.get(2));
    }

    @Test
    void shouldSendTheRawFramesToATcpTargetInOrder() throws Exception
    {
        final List<String> frames = new ArrayList<>();
        final StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 5000; i++)
        {
            final String frame = "frame " + i + (i % 7 == 0 ? "\n" : "|");
            frames.add(frame);
            expected.append(frame);
        }
        final Path capture = capture(dir.resolve("cap"), "in", 1000L, frames);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() ->
            {
                try (Socket socket = server.accept(); InputStream in = socket.getInputStream())
                {
                    return in.readAllBytes();
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException(ex);
                }
            });
            final Result r = replay(capture.toString(), "--to", "tcp://127.0.0.1:" + server.getLocalPort(), "--speed",
                "max", "--quiet");
            assertEquals(Main.EXIT_OK, r.status(), r.err());
            assertArrayEquals(expected.toString().getBytes(StandardCharsets.UTF_8), received.get(30, TimeUnit.SECONDS));
            assertTrue(r.out().contains("replay: 5000 records"), r.out());
        }
    }

    @Test
    void shouldRepeatTheCaptureWithLoopAndKeepStreamsApart() throws IOException
    {
        // given: two recorded connections of one source, interleaved, each cutting its lines elsewhere
        final Path capture = dir.resolve("cap");
        try (JournalWriter writer = JournalWriter.open(capture, JournalSettings.DEFAULT))
        {
            final String[][] records = {{"1", "{\"n\":1"}, {"2", "{\"n\":10}\n{\"n\""}, {"1", "}\n{\"n\":2}\n"},
                {"2", ":20}\n"}};
            long t = 1_000;
            for (final String[] r : records)
            {
                writer.append("in", t++, r[1].getBytes(StandardCharsets.UTF_8),
                    ("{\"connector\":\"tcp_server\",\"stream\":" + r[0] + "}").getBytes(StandardCharsets.UTF_8));
            }
        }
        final Path flow = write("flow.troy", LINES_FLOW);
        final Path output = dir.resolve("out.ndjson");
        // when
        final Result r = replay(capture.toString(), "--flow", flow.toString(), "--speed", "max", "--loop", "3",
            "--sink", "out", "--out", output.toString(), "--quiet");
        // then: each connection's lines decoded whole, three times over
        assertEquals(Main.EXIT_OK, r.status(), r.err());
        final List<String> lines = Files.readAllLines(output);
        assertEquals(12, lines.size(), lines.toString());
        assertEquals(List.of(1L, 2L, 10L, 20L), lines.stream().map(l -> l.replaceAll("^\\{\"n\":(\\d+),.*$", "$1"))
            .map(Long::parseLong).distinct().sorted().toList());
        assertTrue(r.out().contains("replay: 12 records"), r.out());
    }

    @Test
    void shouldSendOneDatagramPerFrameToAUdpTarget() throws Exception
    {
        final Path capture = capture(dir.resolve("cap"), "in", 1000L, List.of("alpha", "beta", "gamma"));
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            socket.setSoTimeout(10_000);
            final Result r = replay(capture.toString(), "--to", "udp://127.0.0.1:" + socket.getLocalPort(),
                "--rate", "100/s", "--quiet");
            assertEquals(Main.EXIT_OK, r.status(), r.err());
            final List<String> got = new ArrayList<>();
            for (int i = 0; i < 3; i++)
            {
                final java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[100], 100);
                socket.receive(packet);
                got.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
            }
            assertEquals(List.of("alpha", "beta", "gamma"), got);
        }
    }

    @Test
    void shouldTreatTheEventsOfAnEventSourceAsOneStream() throws Exception
    {
        // given: a bench capture, whose records carry each event's id as their stream
        final Path capture = dir.resolve("cap");
        final StringBuilder expected = new StringBuilder();
        try (JournalWriter writer = JournalWriter.open(capture, JournalSettings.DEFAULT))
        {
            for (int i = 0; i < 50; i++)
            {
                final String event = "{\"i\":" + i + "}";
                expected.append(event);
                writer.append("bench", 1_000L + i, event.getBytes(StandardCharsets.UTF_8),
                    ("{\"connector\":\"bench\",\"stream\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
        }
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            final CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() ->
            {
                try (Socket socket = server.accept(); InputStream in = socket.getInputStream())
                {
                    return in.readAllBytes();
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException(ex);
                }
            });
            // when
            final Result r = replay(capture.toString(), "--to", "tcp://127.0.0.1:" + server.getLocalPort(), "--speed",
                "max", "--quiet");
            // then: one connection carries every event, in order
            assertEquals(Main.EXIT_OK, r.status(), r.err());
            assertEquals(expected.toString(), new String(received.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        }
    }

    /** A bench connector's events into a pipeline (which the replay feeds parsed, as tape frames) and back. */
    private static String benchFlow()
    {
        return String.join("\n",
            "define flow main",
            "flow",
            "  define connector bench from bench",
            "  with codec = \"json\", config = {\"path\": \"never-read.json\"} end;",
            "  define connector out from file",
            "  with codec = \"json\", config = {\"path\": \"never-written.json\", \"mode\": \"truncate\"} end;",
            "  define pipeline main",
            "  pipeline",
            "    define script s",
            "    script",
            "      match event.a of case 1 => let event.b = \"x\" case _ => null end;",
            "      let $class = \"c\";",
            "      event",
            "    end;",
            "    create script s;",
            "    select event from in into s;",
            "    select event from s into out;",
            "  end;",
            "  create connector bench;",
            "  create connector out;",
            "  create pipeline main;",
            "  connect /connector/bench to /pipeline/main;",
            "  connect /pipeline/main to /connector/out;",
            "end;",
            "deploy flow main;",
            "");
    }

    @Test
    void shouldReplayAJsonEventSourceIntoAPipelineParsedOnTheReplaysThread() throws IOException
    {
        // given: changed and unchanged events, one not compact, one not JSON, one with a scalar root
        final Path capture = capture(dir.resolve("cap"), "bench", 1_000L, List.of("{\"a\":1}",
            "{\"a\": 2,  \"c\" : [1, 2.50, \"\\u0078\"]}", "{\"a\": tru", "{\"a\":3,\"d\":{\"e\":[]}}", "7"));
        final Path output = dir.resolve("out.ndjson");
        // when
        final Result r = replay(capture.toString(), "--flow", write("flow.troy", benchFlow()).toString(), "--speed",
            "max", "--sink", "out", "--out", output.toString(), "--quiet");
        // then: what the pipeline makes of the JSON text; the bad frame is the pipeline's error (as when it parses)
        assertEquals(Main.EXIT_OK, r.status(), r.out() + r.err());
        assertEquals("{\"a\":1,\"b\":\"x\"}\n{\"a\":2,\"c\":[1,2.5,\"x\"]}\n{\"a\":3,\"d\":{\"e\":[]}}\n",
            Files.readString(output));
        // the frame that is not JSON is the pipeline's error (an error event to err); the scalar root fails the script
        // (a field of a number) as when the pipeline parses the text itself
        assertTrue(r.out().contains("pipeline/main: in 5 out 4 err 1"), r.out());
    }

    @Test
    void shouldReportAMissingCaptureDirectory()
    {
        final Result r = replay(dir.resolve("nope").toString(), "--to", "tcp://127.0.0.1:9");
        assertEquals(Main.EXIT_USAGE, r.status());
        assertTrue(r.err().contains("no capture at " + dir.resolve("nope") + " (no such directory)"), r.err());
    }

    @Test
    void shouldListBothSidesWhenNoCapturedSourceMatches() throws IOException
    {
        final Path capture = capture(dir.resolve("cap"), "elsewhere", 1000L, List.of("{}\n"));
        final Path flow = write("flow.troy", LINES_FLOW);
        final Result r = replay(capture.toString(), "--flow", flow.toString());
        assertEquals(Main.EXIT_USAGE, r.status());
        assertTrue(r.err().contains("no captured source matches a connector of " + flow +
            " (captured: [elsewhere]; connectors: [in, out]); map them with --source-map CAPTURED=ALIAS"), r.err());
        // and the map makes it match
        final Result mapped = replay(capture.toString(), "--flow", flow.toString(), "--source-map", "elsewhere=in",
            "--speed", "max", "--sink", "out", "--quiet");
        assertEquals(Main.EXIT_OK, mapped.status(), mapped.err());
        final Result badMap = replay(capture.toString(), "--flow", flow.toString(), "--source-map", "elsewhere=nothere");
        assertEquals(Main.EXIT_USAGE, badMap.status());
        assertTrue(badMap.err().contains("the flow has no connector `nothere` (connectors: [in, out])"), badMap.err());
    }

    @Test
    void shouldRejectBadSpeedRateAndLoop() throws IOException
    {
        final Path capture = capture(dir.resolve("cap"), "in", 1000L, List.of("{}\n"));
        final Result speed = replay(capture.toString(), "--to", "tcp://127.0.0.1:9", "--speed", "fast");
        final Result zero = replay(capture.toString(), "--to", "tcp://127.0.0.1:9", "--speed", "0x");
        final Result rate = replay(capture.toString(), "--to", "tcp://127.0.0.1:9", "--rate", "-5/s");
        final Result both = replay(capture.toString(), "--to", "tcp://127.0.0.1:9", "--rate", "5/s", "--speed", "2x");
        final Result loop = replay(capture.toString(), "--to", "tcp://127.0.0.1:9", "--loop", "0");
        assertEquals(Main.EXIT_USAGE, speed.status());
        assertTrue(speed.err().contains("bad --speed `fast`: expected a factor like 1x, 10x, 0.5x, or max"), speed.err());
        assertTrue(zero.err().contains("bad --speed `0x`"), zero.err());
        assertTrue(rate.err().contains("bad --rate `-5/s`: expected events per second like 1000/s"), rate.err());
        assertTrue(both.err().contains("--speed and --rate cannot be combined"), both.err());
        assertTrue(loop.err().contains("--loop needs a positive integer, got `0`"), loop.err());
        assertEquals(Main.EXIT_USAGE, rate.status());
    }

    @Test
    void shouldReportAnUnreachableTarget() throws IOException
    {
        final Path capture = capture(dir.resolve("cap"), "in", 1000L, List.of("{}\n"));
        final int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            closedPort = probe.getLocalPort();
        }
        final Result r = replay(capture.toString(), "--to", "tcp://127.0.0.1:" + closedPort);
        final Result scheme = replay(capture.toString(), "--to", "http://127.0.0.1:80");
        assertEquals(Main.EXIT_USAGE, r.status());
        assertTrue(r.err().contains("cannot reach --to tcp://127.0.0.1:" + closedPort + ": Connection refused"), r.err());
        assertTrue(scheme.err().contains("bad --to `http://127.0.0.1:80`: expected tcp://HOST:PORT"), scheme.err());
    }
}
