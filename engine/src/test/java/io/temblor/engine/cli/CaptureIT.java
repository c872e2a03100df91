package io.temblor.engine.cli;

import io.temblor.offheap.journal.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Capture through the real launcher: an NDJSON import gives its lines back with {@code capture cat --frames}, and a
 * capturing flow killed with SIGKILL mid-stream keeps every event its downstream acknowledged, in order, in a journal
 * that reads cleanly and that the next run appends to.
 */
class CaptureIT
{
    private static final Path ROOT = Path.of(System.getProperty("temblor.root", "..")).toAbsolutePath().normalize();

    private static ProcessBuilder temblor(final Path dir, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("bin/temblor").toString());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.directory(dir.toFile());
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        return builder;
    }

    @Test
    @Timeout(120)
    void shouldGiveBackImportedLinesThroughTheLauncher(@TempDir final Path dir) throws Exception
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5_000; i++)
        {
            text.append("{\"seq\":").append(i).append(",\"pad\":\"").append("x".repeat(i % 17)).append("\"}\n");
        }
        text.append("not json\n\n  {\"spaced\" : true}  \n");
        final byte[] input = text.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("in.ndjson"), input);

        final Process imported = temblor(dir, "capture", "import", "in.ndjson", "--out", "cap", "--rate", "5000/s")
            .redirectErrorStream(true).start();
        final String importOut = new String(imported.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, imported.waitFor(), importOut);

        final File err = File.createTempFile("temblor-err", ".txt");
        final Process cat = temblor(dir, "capture", "cat", "cap", "--frames").redirectError(err).start();
        final byte[] frames = cat.getInputStream().readAllBytes();
        assertEquals(0, cat.waitFor(), Files.readString(err.toPath()));
        Files.delete(err.toPath());
        assertArrayEquals(input, frames);
    }

    /** The test's downstream server: every line it reads is acknowledged, in order. */
    private static final class Downstream implements AutoCloseable
    {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();
        private final Thread thread;

        Downstream() throws IOException
        {
            thread = new Thread(() ->
            {
                while (!server.isClosed())
                {
                    try (Socket s = server.accept();
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.UTF_8)))
                    {
                        String line;
                        while ((line = in.readLine()) != null)
                        {
                            received.add(line);
                        }
                    }
                    catch (final IOException ex)
                    {
                        // closed, or the engine died: accept the next connection
                    }
                    ended.incrementAndGet();
                }
            }, "downstream");
            thread.setDaemon(true);
            thread.start();
        }

        int port()
        {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException
        {
            server.close();
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            return probe.getLocalPort();
        }
    }

    private static Socket connect(final int port, final File err) throws Exception
    {
        for (int i = 0; i < 600; i++)
        {
            try
            {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            }
            catch (final IOException ex)
            {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the flow never listened: " + Files.readString(err.toPath()));
    }

    private static void awaitReceived(final Downstream downstream, final int count, final File err) throws Exception
    {
        for (int i = 0; i < 1200 && downstream.received.size() < count; i++)
        {
            Thread.sleep(50);
        }
        assertTrue(downstream.received.size() >= count, "downstream received " + downstream.received.size() +
            ": " + Files.readString(err.toPath()));
    }

    /** The journal's frames of one source (raw TCP chunks), in order. */
    private static List<String> journalFrames(final Path capture, final String source)
    {
        final List<String> frames = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(capture))
        {
            while (reader.next())
            {
                if (source.contentEquals(reader.source()))
                {
                    final byte[] b = new byte[reader.frameLength()];
                    reader.frame().getBytes(reader.frameOffset(), b);
                    frames.add(new String(b, StandardCharsets.UTF_8));
                }
            }
        }
        return frames;
    }

    /** Chunks joined and split into lines (a last line without its newline is left out). */
    private static List<String> lines(final List<String> frames)
    {
        final List<String> lines = new ArrayList<>(List.of(String.join("", frames).split("\n", -1)));
        lines.remove(lines.size() - 1);
        return lines;
    }

    @Test
    @Timeout(240)
    void shouldKeepEveryAcknowledgedEventWhenTheCapturingEngineIsKilled(@TempDir final Path dir) throws Exception
    {
        try (Downstream downstream = new Downstream())
        {
            // given: tcp_server -> pipeline -> tcp_client (to the test's server), run with --capture
            final int port = freePort();
            final String flow = "define flow main\nflow\n" +
                "  define connector in from tcp_server with codec = \"json\", preprocessors = [\"separate\"], " +
                "config = {\"url\": \"127.0.0.1:" + port + "\"} end;\n" +
                "  define connector out from tcp_client with codec = \"json\", postprocessors = [\"separate\"], " +
                "config = {\"url\": \"127.0.0.1:" + downstream.port() + "\"} end;\n" +
                "  define pipeline pass pipeline select event from in into out; end;\n" +
                "  create connector in;\n  create connector out;\n  create pipeline pass;\n" +
                "  connect /connector/in to /pipeline/pass;\n  connect /pipeline/pass to /connector/out;\nend;\n" +
                "deploy flow main;\n";
            Files.writeString(dir.resolve("flow.troy"), flow);
            final File err = File.createTempFile("temblor-err", ".txt");
            final Process engine = temblor(dir, "run", "flow.troy", "--no-api", "--capture", "cap",
                "--capture-roll", "hourly").redirectError(err).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            final Socket sender = connect(port, err);
            final AtomicBoolean sending = new AtomicBoolean(true);
            final Thread streaming = new Thread(() ->
            {
                try (OutputStream os = sender.getOutputStream())
                {
                    for (int i = 0; sending.get(); i++)
                    {
                        os.write(("{\"seq\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                        if (i % 64 == 0)
                        {
                            os.flush();
                            Thread.onSpinWait();
                        }
                    }
                }
                catch (final IOException ex)
                {
                    // the engine was killed
                }
            }, "sender");
            streaming.start();

            // when: the engine's JVM is killed (SIGKILL) while events stream through it
            awaitReceived(downstream, 20_000, err);
            final List<ProcessHandle> jvms = engine.toHandle().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).toList();
            assertEquals(1, jvms.size(), "the engine JVM among " + engine.toHandle().descendants().toList());
            jvms.get(0).destroyForcibly();
            assertTrue(engine.waitFor(30, TimeUnit.SECONDS), "the launcher ended after the kill");
            sending.set(false);
            streaming.join(10_000);
            // what the dead engine had sent is read to the end of its connection before it counts as acknowledged
            for (int i = 0; i < 1200 && downstream.ended.get() < 1; i++)
            {
                Thread.sleep(50);
            }
            assertEquals(1, downstream.ended.get(), "the downstream connection ended");
            final List<String> acknowledged = new ArrayList<>(downstream.received);

            // then: every acknowledged event is in the journal, in order, and the journal reads to its end cleanly
            final List<String> firstRun = journalFrames(dir.resolve("cap"), "in");
            final List<String> journal = lines(firstRun);
            assertTrue(journal.size() >= acknowledged.size(), journal.size() + " in the journal, " +
                acknowledged.size() + " acknowledged");
            for (int i = 0; i < journal.size(); i++)
            {
                assertEquals("{\"seq\":" + i + "}", journal.get(i), "journal line " + i);
            }
            for (int i = 0; i < acknowledged.size(); i++)
            {
                assertEquals("{\"seq\":" + i + "}", acknowledged.get(i), "acknowledged line " + i);
            }

            // and a new run with the same --capture appends after what was there
            final Process again = temblor(dir, "run", "flow.troy", "--no-api", "--capture", "cap",
                "--capture-roll", "hourly").redirectError(err).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            final int ackedBefore = downstream.received.size();
            try (Socket second = connect(port, err); OutputStream os = second.getOutputStream())
            {
                for (int i = 0; i < 100; i++)
                {
                    os.write(("{\"seq\":" + (1_000_000 + i) + "}\n").getBytes(StandardCharsets.UTF_8));
                }
                os.flush();
                awaitReceived(downstream, ackedBefore + 100, err);
                assertEquals("{\"seq\":1000099}", downstream.received.get(ackedBefore + 99));
            }
            again.destroy();
            assertTrue(again.waitFor(30, TimeUnit.SECONDS), "the second run stopped on SIGTERM");
            final List<String> after = journalFrames(dir.resolve("cap"), "in");
            assertEquals(firstRun, after.subList(0, firstRun.size()));
            final List<String> secondRun = lines(after.subList(firstRun.size(), after.size()));
            assertEquals(100, secondRun.size(), Files.readString(err.toPath()));
            for (int i = 0; i < 100; i++)
            {
                assertEquals("{\"seq\":" + (1_000_000 + i) + "}", secondRun.get(i));
            }
            Files.delete(err.toPath());
        }
    }
}
