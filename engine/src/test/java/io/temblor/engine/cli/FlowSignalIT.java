package io.temblor.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM through the real launcher while a flow runs (metronome every millisecond -> pipeline -> file): the process
 * ends within seconds, and every event the metronome emitted is in the file, in order, without a gap: what was
 * accepted is drained before the stop.
 */
class FlowSignalIT
{
    private static final Path ROOT = Path.of(System.getProperty("temblor.root", "..")).toAbsolutePath().normalize();

    @Test
    void shouldDrainEverythingAcceptedWhenTerminated(@TempDir final Path dir) throws Exception
    {
        final String flow = """
            define flow main
            flow
              define connector tick from metronome with config = {"interval": 1000000} end;
              define connector sink from file with config = {"path": "out.json", "mode": "truncate"} end;
              define pipeline pass pipeline select {"id": event.id} from in into out; end;
              create connector tick;
              create connector sink;
              create pipeline pass;
              connect /connector/tick to /pipeline/pass;
              connect /pipeline/pass to /connector/sink;
            end;
            """;
        Files.writeString(dir.resolve("flow.troy"), flow);
        final ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("bin/temblor").toString(), "run", "flow.troy");
        builder.directory(dir.toFile());
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        final File err = File.createTempFile("temblor-err", ".txt");
        builder.redirectError(err);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        final Process process = builder.start();
        final Path out = dir.resolve("out.json");
        // wait until events flow, then terminate
        for (int i = 0; i < 200 && (!Files.exists(out) || Files.size(out) < 1000); i++)
        {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(out) && Files.size(out) >= 1000, "events reached the file: " + Files.readString(err.toPath()));
        process.destroy();
        assertTrue(process.waitFor(15, TimeUnit.SECONDS), "stopped after SIGTERM");
        final String stderr = Files.readString(err.toPath());
        Files.delete(err.toPath());
        assertTrue(!stderr.contains("Exception"), stderr);
        final List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertTrue(lines.size() > 10, "lines: " + lines.size());
        // everything the metronome handed on was written: the summary printed at the stop says how many
        final java.util.regex.Matcher sent = java.util.regex.Pattern.compile("connector/tick sent (\\d+)").matcher(stderr);
        final java.util.regex.Matcher wrote = java.util.regex.Pattern.compile("connector/sink wrote (\\d+)").matcher(stderr);
        assertTrue(sent.find() && wrote.find(), "summary on stderr: " + stderr);
        assertEquals(Long.parseLong(sent.group(1)), Long.parseLong(wrote.group(1)), stderr);
        assertEquals(Long.parseLong(sent.group(1)), lines.size(), stderr);
        for (int i = 0; i < lines.size(); i++)
        {
            assertEquals("{\"id\":" + i + "}", lines.get(i), "line " + i + " of " + lines.size());
        }
    }

    @Test
    void shouldWriteEveryEventTheTcpServerAcceptedWhenTerminatedMidStream(@TempDir final Path dir) throws Exception
    {
        // given: tcp_server -> pipeline -> native_file, run by the launcher; a sender streams events
        final int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()))
        {
            port = probe.getLocalPort();
        }
        final String flow = "define flow main\nflow\n" +
            "  define connector input from tcp_server with codec = \"json\", preprocessors = [\"separate\"], " +
            "config = {\"url\": \"127.0.0.1:" + port + "\"} end;\n" +
            "  define connector sink from native_file with config = {\"path\": \"out.json\", \"mode\": \"truncate\"} end;\n" +
            "  define pipeline pass pipeline select {\"seq\": event.seq} from in into out; end;\n" +
            "  create connector input;\n  create connector sink;\n  create pipeline pass;\n" +
            "  connect /connector/input to /pipeline/pass;\n  connect /pipeline/pass to /connector/sink;\nend;\n";
        Files.writeString(dir.resolve("flow.troy"), flow);
        final ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("bin/temblor").toString(), "run", "flow.troy");
        builder.directory(dir.toFile());
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        final File err = File.createTempFile("temblor-err", ".txt");
        builder.redirectError(err);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        final Process process = builder.start();
        final Path out = dir.resolve("out.json");
        java.net.Socket sender = null;
        for (int i = 0; i < 400 && null == sender; i++)
        {
            try
            {
                sender = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port);
            }
            catch (final java.io.IOException ex)
            {
                Thread.sleep(50);
            }
        }
        assertTrue(null != sender, "the flow listens: " + Files.readString(err.toPath()));
        final java.net.Socket connection = sender;
        final Thread streaming = new Thread(() ->
        {
            try (java.io.OutputStream os = connection.getOutputStream())
            {
                for (int i = 0; i < 10_000_000; i++)
                {
                    os.write(("{\"seq\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            catch (final java.io.IOException ex)
            {
                // the flow stopped reading and went away: expected
            }
        });
        streaming.start();
        // when: events are being written, terminate
        for (int i = 0; i < 200 && (!Files.exists(out) || Files.size(out) < 100_000); i++)
        {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(out) && Files.size(out) >= 100_000, "events reached the file: " +
            Files.readString(err.toPath()));
        process.destroy();
        assertTrue(process.waitFor(15, TimeUnit.SECONDS), "stopped after SIGTERM");
        connection.close();
        streaming.join(10_000);
        // then: every event the server's decoder accepted is in the file, in order, without a gap
        final String stderr = Files.readString(err.toPath());
        Files.delete(err.toPath());
        assertTrue(!stderr.contains("Exception"), stderr);
        final java.util.regex.Matcher decoded = java.util.regex.Pattern.compile("connector/input/decode decoded (\\d+)")
            .matcher(stderr);
        final java.util.regex.Matcher wrote = java.util.regex.Pattern.compile("connector/sink wrote (\\d+)").matcher(stderr);
        assertTrue(decoded.find() && wrote.find(), "summary on stderr: " + stderr);
        final List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(Long.parseLong(decoded.group(1)), Long.parseLong(wrote.group(1)), stderr);
        assertEquals(Long.parseLong(decoded.group(1)), lines.size(), stderr);
        for (int i = 0; i < lines.size(); i++)
        {
            assertEquals("{\"seq\":" + i + "}", lines.get(i), "line " + i + " of " + lines.size());
        }
    }
}
