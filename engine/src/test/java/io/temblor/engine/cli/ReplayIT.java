package io.temblor.engine.cli;

import io.temblor.offheap.journal.JournalReader;
import io.temblor.offheap.journal.JournalSettings;
import io.temblor.offheap.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Capture and replay through the real launcher (issue 6's bars 1, 2, 3 and 6): a TCP capture replayed byte-identical
 * per connection, deterministic windows in virtual time, pacing at 1x, and the replay speed into Tremor's
 * {@code throughput-logging-json} flow.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ReplayIT
{
    private static final Path ROOT = Path.of(System.getProperty("temblor.root", "..")).toAbsolutePath().normalize();
    private static final Path BENCH = Path.of(System.getProperty("temblor.shared", "../../shared"), "conformance",
        "tremor", "tremor-cli", "tests", "bench").toAbsolutePath().normalize();
    /** Threads of their own for the readers and the launcher waits (the common pool may have one thread only). */
    /** Bytes per line of the bar 1 capture: also the tcp_server's read buffer. */
    private static final int LINE = 32;
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r ->
    {
        final Thread thread = new Thread(r, "replay-it");
        thread.setDaemon(true);
        return thread;
    });
    private static final Path DATA = BENCH.resolve("../../../demo/data/data.json.xz").normalize();

    @TempDir
    Path dir;

    private record Run(int status, String out, String err)
    {
    }

    private static Process start(final Path workDir, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("bin/temblor").toString());
        command.addAll(Arrays.asList(args));
        final ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        return builder.start();
    }

    private static Run run(final Path workDir, final String... args) throws Exception
    {
        final File err = File.createTempFile("temblor-err", ".txt");
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("bin/temblor").toString());
        command.addAll(Arrays.asList(args));
        final ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(err);
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        final Process process = builder.start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "temblor did not stop");
        final String stderr = Files.readString(err.toPath());
        Files.delete(err.toPath());
        return new Run(process.exitValue(), out, stderr);
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return probe.getLocalPort();
        }
    }

    /** A server accepting {@code connections} connections and reading each to its end. */
    private static List<CompletableFuture<byte[]>> receive(final ServerSocket server, final int connections)
    {
        final List<CompletableFuture<byte[]>> received = new ArrayList<>();
        for (int i = 0; i < connections; i++)
        {
            final Socket socket;
            try
            {
                socket = server.accept();
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
            received.add(CompletableFuture.supplyAsync(() ->
            {
                try (socket; InputStream in = socket.getInputStream())
                {
                    return in.readAllBytes();
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException(ex);
                }
            }, POOL));
        }
        return received;
    }

    @Test
    void shouldReplayAMillionFramesCapturedFromTcpByteIdenticalPerConnection() throws Exception
    {
        // given: a flow capturing its tcp source, read 32 bytes at a time (`buf_size`), so that each 32-byte line
        // the clients send is (at least) one frame of the capture: two clients send 500 000 lines each, one after
        // the other; the last line of the second makes the flow exit
        final int port = freePort();
        Files.writeString(dir.resolve("flow.troy"), String.join("\n",
            "define flow main",
            "flow",
            "  define connector in from tcp_server",
            "  with codec = \"json\", preprocessors = [\"separate\"],",
            "    config = {\"url\": \"127.0.0.1:" + port + "\", \"buf_size\": " + LINE + "} end;",
            "  define connector stop from exit;",
            "  define pipeline main",
            "  pipeline",
            "    select {\"exit\": 0} from in where event.x == \"last!!\" into out;",
            "  end;",
            "  create connector in;",
            "  create connector stop;",
            "  create pipeline main;",
            "  connect /connector/in to /pipeline/main;",
            "  connect /pipeline/main to /connector/stop;",
            "end;",
            "deploy flow main;", ""));
        final byte[][] sent = new byte[2][];
        for (int c = 0; c < 2; c++)
        {
            final StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 500_000; i++)
            {
                lines.append(String.format("{\"c\":%d,\"n\":%06d,\"x\":\"%s\"}\n", c, i,
                    c == 1 && i == 499_999 ? "last!!" : "abcdef"));
            }
            sent[c] = lines.toString().getBytes(StandardCharsets.UTF_8);
            assertEquals(500_000L * LINE, sent[c].length);
        }
        final Path capture = dir.resolve("capture");
        final Process flow = start(dir, "run", "flow.troy", "--capture", capture.toString(), "--no-api");
        for (int c = 0; c < 2; c++)
        {
            Socket socket = null;
            for (int attempt = 0; null == socket; attempt++)
            {
                try
                {
                    socket = new Socket(InetAddress.getLoopbackAddress(), port);
                }
                catch (final IOException ex)
                {
                    assertTrue(attempt < 600 && flow.isAlive(), "the flow does not listen: " + ex);
                    Thread.sleep(100);
                }
            }
            try (Socket connected = socket; OutputStream out = connected.getOutputStream())
            {
                // many writes, so the source reads (and captures) many frames
                for (int at = 0; at < sent[c].length; at += 1000)
                {
                    out.write(sent[c], at, Math.min(1000, sent[c].length - at));
                }
            }
        }
        assertTrue(flow.waitFor(120, TimeUnit.SECONDS), "the capturing flow did not exit");
        final String flowErr = new String(flow.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, flow.exitValue(), flowErr);
        final Run info = run(dir, "capture", "info", capture.toString());
        System.out.println("bar 1 capture: " + info.out().strip());
        long frames = 0;
        try (JournalReader reader = JournalReader.open(capture))
        {
            while (reader.next())
            {
                assertTrue(reader.frameLength() <= LINE, "a frame longer than the read buffer");
                frames++;
            }
        }
        System.out.println("bar 1: " + frames + " frames captured");
        assertTrue(frames >= 1_000_000, frames + " frames");

        // when: replayed as fast as possible to a tcp server of the test
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress()))
        {
            final CompletableFuture<Run> replay = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return run(dir, "replay", capture.toString(), "--to", "tcp://127.0.0.1:" + server.getLocalPort(),
                        "--speed", "max");
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
            }, POOL);
            final List<CompletableFuture<byte[]>> received = receive(server, 2);
            final Run r = replay.get(300, TimeUnit.SECONDS);
            assertEquals(0, r.status(), r.out() + r.err());
            System.out.println("bar 1 replay: " + r.out().strip());
            // then: one connection per recorded connection, each byte-identical and in order
            final byte[] first = received.get(0).get(60, TimeUnit.SECONDS);
            final byte[] second = received.get(1).get(60, TimeUnit.SECONDS);
            final boolean inOrder = first.length > 0 && first[5] == '0';
            assertArrayEquals(sent[0], inOrder ? first : second);
            assertArrayEquals(sent[1], inOrder ? second : first);
        }
    }

    /** Events of two kinds 10 ms apart, limited to 2 per second per kind, counted in 1 s tumbling windows. */
    @Test
    void shouldGiveIdenticalWindowOutputOnFiveMaxSpeedReplaysAndOneAtRealSpeed() throws Exception
    {
        // given: 5 s of lines imported at 100 events/s (frames are whole events: replayed without the separator)
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 500; i++)
        {
            lines.append("{\"kind\":\"").append(i % 3 == 0 ? "a" : "b").append("\",\"i\":").append(i).append("}\n");
        }
        Files.writeString(dir.resolve("events.ndjson"), lines);
        final Path capture = dir.resolve("capture");
        final Run imported = run(dir, "capture", "import", "events.ndjson", "--out", capture.toString(), "--rate",
            "100/s");
        assertEquals(0, imported.status(), imported.out() + imported.err());
        Files.writeString(dir.resolve("flow.troy"), ReplayCommandTest.WINDOW_FLOW);
        final List<String> outputs = new ArrayList<>();
        for (int run = 0; run < 6; run++)
        {
            final Path out = dir.resolve("out" + run + ".json");
            final Run r = run(dir, "replay", capture.toString(), "--flow", "flow.troy", "--virtual-time", "--speed",
                run < 5 ? "max" : "1x", "--sink", "out", "--out", out.toString(), "--quiet");
            assertEquals(0, r.status(), r.out() + r.err());
            outputs.add(Files.readString(out));
        }
        assertTrue(outputs.get(0).lines().count() >= 4, outputs.get(0));
        for (int run = 1; run < 6; run++)
        {
            assertEquals(outputs.get(0), outputs.get(run), "replay " + run);
        }
    }

    @Test
    void shouldReproduceRecordedGapsWithinAMillisecondAtP99AtRealSpeed() throws Exception
    {
        // given: 10 000 frames of 6 bytes imported at 1 000 events/s (1 ms apart)
        final int frames = 10_000;
        final int width = 6;
        final long gapNs = 1_000_000L;
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < frames; i++)
        {
            lines.append(String.format("%06d", i)).append('\n');
        }
        Files.writeString(dir.resolve("frames.ndjson"), lines);
        final Path capture = dir.resolve("capture");
        final Run imported = run(dir, "capture", "import", "frames.ndjson", "--out", capture.toString(), "--rate",
            "1000/s");
        assertEquals(0, imported.status(), imported.out() + imported.err());
        // when: replayed at 1x to a server that stamps each line's arrival; it polls a non-blocking channel without
        // sleeping, so that its own wake-up delays do not count as the replay's pacing error
        final long[] arrivals = new long[frames];
        try (ServerSocketChannel server = ServerSocketChannel.open())
        {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            final int port = ((InetSocketAddress)server.getLocalAddress()).getPort();
            final CompletableFuture<Run> replay = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return run(dir, "replay", capture.toString(), "--to", "tcp://127.0.0.1:" + port, "--speed", "1x");
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
            }, POOL);
            long received = 0;
            try (SocketChannel socket = server.accept())
            {
                socket.configureBlocking(false);
                final ByteBuffer buffer = ByteBuffer.allocate(65536);
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                int n;
                while ((n = socket.read(buffer.clear())) >= 0 && System.nanoTime() - deadline < 0)
                {
                    if (n == 0)
                    {
                        Thread.onSpinWait();
                        continue;
                    }
                    final long now = System.nanoTime();
                    // a frame has arrived when its last byte has
                    for (long b = received + 1; b <= received + n; b++)
                    {
                        if (b % width == 0)
                        {
                            arrivals[(int)(b / width) - 1] = now;
                        }
                    }
                    received += n;
                }
            }
            final Run r = replay.get(120, TimeUnit.SECONDS);
            assertEquals(0, r.status(), r.out() + r.err());
            assertEquals((long)frames * width, received);
            System.out.println("bar 3 replay: " + r.out().strip());
        }
        // then
        final long[] errors = new long[frames - 1];
        for (int i = 1; i < frames; i++)
        {
            errors[i - 1] = Math.abs(arrivals[i] - arrivals[i - 1] - gapNs);
        }
        Arrays.sort(errors);
        final long p99 = errors[(int)Math.ceil(errors.length * 0.99) - 1];
        System.out.printf("bar 3: |arrival gap - recorded gap| p50 %.1f us, p99 %.1f us, max %.1f us%n",
            errors[errors.length / 2] / 1e3, p99 / 1e3, errors[errors.length - 1] / 1e3);
        assertTrue(p99 <= 1_000_000L, "p99 of the gap error is " + p99 / 1e3 + " us");
    }

    @Test
    void shouldReplayIntoTheThroughputLoggingJsonFlowAndPrintItsRate() throws Exception
    {
        // given: the flow's data imported (one frame per line) as the capture of its bench connector
        final Process xz = new ProcessBuilder("xz", "-dc", DATA.toString()).redirectOutput(dir.resolve("data.json")
            .toFile()).start();
        assertTrue(xz.waitFor(30, TimeUnit.SECONDS));
        final List<String> lines = Files.readAllLines(dir.resolve("data.json")).stream().filter(l -> !l.isBlank())
            .toList();
        final Path capture = dir.resolve("capture");
        final Run imported = run(dir, "capture", "import", "data.json", "--out", capture.toString(), "--source",
            "bench");
        assertEquals(0, imported.status(), imported.out() + imported.err());
        // 10 million events: long enough for the JIT to settle, so the printed rate is the sustained one
        final int loops = 10_000_000 / lines.size();
        // when
        final Path summary = dir.resolve("summary.json");
        final Run r = run(BENCH.resolve("throughput-logging-json"), "replay", capture.toString(), "--flow", "main.troy",
            "--path", "../../lib", "--speed", "max", "--loop", String.valueOf(loops), "--summary-json",
            summary.toString());
        // then: every event reached the bench connector's sink side, and the rate is printed
        assertEquals(0, r.status(), r.out() + r.err());
        System.out.println("bar 6: " + r.out().strip());
        final long events = (long)loops * lines.size();
        assertTrue(r.out().contains("replay: " + events + " records"), r.out());
        assertTrue(r.out().contains("sink connector/bench/collect: " + events + " events"), r.out());
        assertTrue(r.out().contains("pipeline/main: in " + events + " out " + events + " err 0"), r.out());
        final Matcher rate = Pattern.compile("\"processed_events_per_s\":([0-9.]+)").matcher(Files.readString(summary));
        assertTrue(rate.find() && Double.parseDouble(rate.group(1)) > 0, Files.readString(summary));
    }

    @Test
    void shouldFailClearlyOnAnUnreachableTarget() throws Exception
    {
        final Path capture = dir.resolve("capture");
        try (JournalWriter writer = JournalWriter.open(capture, JournalSettings.DEFAULT))
        {
            writer.append("in", 1, "x\n".getBytes(StandardCharsets.UTF_8), null);
        }
        final int port = freePort();
        final Run r = run(dir, "replay", capture.toString(), "--to", "tcp://127.0.0.1:" + port);
        assertEquals(2, r.status());
        assertTrue(r.err().contains("cannot reach --to tcp://127.0.0.1:" + port), r.err());
    }
}
