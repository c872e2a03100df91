package io.temblor.engine.runtime;

import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.compile.TroyCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deployments run to their end: Tremor's flow cases (metronome, pipelines, exit) exit within Tremor's 10 s, and a file
 * to file flow copies every event, in order, with nothing lost, before the exit connector ends the run.
 */
class FlowRuntimeTest
{
    private static CompiledDeployment compile(final String source, final Path dir)
    {
        return compile(source, dir, null);
    }

    private static CompiledDeployment compile(final String source, final Path dir, final String args)
    {
        return TroyCompiler.compile(source, List.of(dir), name ->
        {
            final AggregateFunction fn = Aggregates.lookup(name);
            return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
        }, "main", args);
    }

    @Test
    void shouldRunTremorsFlowCasesToTheirExit() throws Exception
    {
        final Path flows = Path.of(System.getProperty("temblor.shared", "../../shared"), "conformance", "tremor", "tests",
            "flows");
        final List<String> ran = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(flows))
        {
            for (final Path dir : dirs.sorted().toList())
            {
                final Path troy = dir.resolve("flow.troy");
                // the case Tremor's runner skips; flow args come from config.json where the case has one
                if (!Files.isRegularFile(troy) || dir.getFileName().toString().equals("pipeline_basic") ||
                    dir.getFileName().toString().startsWith("_"))
                {
                    continue;
                }
                final Path config = dir.resolve("config.json");
                final CompiledDeployment deployment = compile(Files.readString(troy, StandardCharsets.UTF_8), dir,
                    Files.isRegularFile(config) ? Files.readString(config, StandardCharsets.UTF_8) : null);
                final FlowRuntime runtime = new FlowRuntime(deployment, new ByteArrayInputStream(new byte[0]),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir);
                assertEquals(0, runtime.run(10_000_000_000L), dir + " did not exit within 10 s");
                ran.add(dir.getFileName().toString());
            }
        }
        assertTrue(ran.size() >= 9, "ran " + ran);
    }

    @Test
    void shouldCopyEveryEventFromFileToFileInOrder(@TempDir final Path dir) throws Exception
    {
        final StringBuilder in = new StringBuilder();
        for (int i = 0; i < 20_000; i++)
        {
            in.append("{\"n\":").append(i).append(i == 19_999 ? ",\"last\":true" : "").append("}\n");
        }
        Files.writeString(dir.resolve("in.json"), in.toString());
        final String flow = """
            define flow main
            flow
              define connector input from file with config = {"path": "in.json", "mode": "read"} end;
              define connector output from file with config = {"path": "out.json", "mode": "truncate"} end;
              define connector stop from exit;
              define pipeline pass pipeline select event from in into out; end;
              define pipeline last pipeline select {"exit": 0} from in where present event.last into out; end;
              create connector input;
              create connector output;
              create connector stop;
              create pipeline pass;
              create pipeline last;
              connect /connector/input to /pipeline/pass;
              connect /pipeline/pass to /connector/output;
              connect /pipeline/pass to /pipeline/last;
              connect /pipeline/last to /connector/stop;
            end;
            """;
        final FlowRuntime runtime = new FlowRuntime(compile(flow, dir), new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir);
        assertEquals(0, runtime.run(20_000_000_000L));
        final List<String> out = Files.readAllLines(dir.resolve("out.json"));
        assertEquals(20_000, out.size());
        for (int i = 0; i < out.size(); i++)
        {
            assertEquals("{\"n\":" + i + (i == 19_999 ? ",\"last\":true" : "") + "}", out.get(i));
        }
    }

    @Test
    void shouldRouteANamedOutputPortToItsConnectionWhenItIsThePipelinesOnlyOne(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("in.json"), "{\"n\":1}\n\"exit\"\n{\"n\":2}\n");
        final String flow = """
            define flow main
            flow
              define connector input from file with codec = "json", preprocessors = ["separate"],
                config = {"path": "in.json", "mode": "read"} end;
              define connector output from file with codec = "json", postprocessors = ["separate"],
                config = {"path": "out.json", "mode": "truncate"} end;
              define connector stop from exit;
              define pipeline split
              into out, exit
              pipeline
                select event from in where event != "exit" into out;
                select {"exit": 7} from in where event == "exit" into exit;
              end;
              create connector input;
              create connector output;
              create connector stop;
              create pipeline split;
              connect /connector/input to /pipeline/split;
              connect /pipeline/split to /connector/output;
              connect /pipeline/split/exit to /connector/stop;
            end;
            """;
        final FlowRuntime runtime = new FlowRuntime(compile(flow, dir), new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir);
        assertEquals(7, runtime.run(10_000_000_000L), "the exit port's event reached the exit connector");
        assertTrue(Files.readAllLines(dir.resolve("out.json")).contains("{\"n\":1}"));
    }

    @Test
    void shouldCarryEventsFromATcpServerThroughAPipelineToATcpClientInOrder(@TempDir final Path dir) throws Exception
    {
        final int events = 10_000;
        try (java.net.ServerSocket collector = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()))
        {
            final int listen;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()))
            {
                listen = probe.getLocalPort();
            }
            final String flow = "define flow main\nflow\n" +
                "  define connector input from tcp_server with codec = \"json\", preprocessors = [\"separate\"], " +
                "config = {\"url\": \"127.0.0.1:" + listen + "\"} end;\n" +
                "  define connector output from tcp_client with codec = \"json\", postprocessors = [\"separate\"], " +
                "config = {\"url\": \"127.0.0.1:" + collector.getLocalPort() + "\"} end;\n" +
                "  define pipeline tag pipeline select merge event of {\"tagged\": true} end from in into out; end;\n" +
                "  create connector input;\n  create connector output;\n  create pipeline tag;\n" +
                "  connect /connector/input to /pipeline/tag;\n  connect /pipeline/tag to /connector/output;\nend;\n";
            final FlowRuntime runtime = new FlowRuntime(compile(flow, dir), new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir);
            final long[] code = {-2};
            final Thread run = new Thread(() ->
            {
                try
                {
                    code[0] = runtime.run(30_000_000_000L);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            });
            run.start();
            final List<String> received = new ArrayList<>();
            final Thread reader = new Thread(() ->
            {
                try (java.net.Socket s = collector.accept(); java.io.BufferedReader r = new java.io.BufferedReader(
                    new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)))
                {
                    String line;
                    while (received.size() < events && null != (line = r.readLine()))
                    {
                        received.add(line);
                    }
                }
                catch (final java.io.IOException ex)
                {
                    // the assertion below reports what arrived
                }
            });
            reader.start();
            java.net.Socket sender = null;
            for (int attempt = 0; attempt < 100 && null == sender; attempt++)
            {
                try
                {
                    sender = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), listen);
                }
                catch (final java.io.IOException ex)
                {
                    Thread.sleep(50);
                }
            }
            assertTrue(null != sender, "the tcp_server connector listens");
            try (java.io.OutputStream os = new java.io.BufferedOutputStream(sender.getOutputStream()))
            {
                for (int i = 0; i < events; i++)
                {
                    os.write(("{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                }
                os.flush();
                reader.join(30_000);
            }
            finally
            {
                sender.close();
            }
            runtime.exit(0, 0);
            run.join(10_000);
            assertEquals(events, received.size());
            for (int i = 0; i < events; i++)
            {
                assertEquals("{\"n\":" + i + ",\"tagged\":true}", received.get(i));
            }
            assertEquals(0, code[0]);
        }
    }

    @Test
    void shouldCarryDatagramsFromAUdpServerThroughAPipelineToAUdpClient(@TempDir final Path dir) throws Exception
    {
        try (java.net.DatagramSocket collector = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
            java.net.DatagramSocket sender = new java.net.DatagramSocket())
        {
            collector.setSoTimeout(10_000);
            final int listen;
            try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress()))
            {
                listen = probe.getLocalPort();
            }
            final String flow = "define flow main\nflow\n" +
                "  define connector input from udp_server with codec = \"json\", " +
                "config = {\"url\": \"127.0.0.1:" + listen + "\"} end;\n" +
                "  define connector output from udp_client with codec = \"json\", " +
                "config = {\"url\": \"127.0.0.1:" + collector.getLocalPort() + "\"} end;\n" +
                "  define pipeline double pipeline select {\"twice\": event.n * 2} from in into out; end;\n" +
                "  create connector input;\n  create connector output;\n  create pipeline double;\n" +
                "  connect /connector/input to /pipeline/double;\n  connect /pipeline/double to /connector/output;\nend;\n";
            final FlowRuntime runtime = new FlowRuntime(compile(flow, dir), new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir);
            final Thread run = new Thread(() ->
            {
                try
                {
                    runtime.run(30_000_000_000L);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            });
            run.start();
            final java.net.InetSocketAddress target = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(),
                listen);
            final List<String> received = new ArrayList<>();
            final byte[] buffer = new byte[512];
            // datagrams sent before the server bound are lost by UDP itself: resend the first until one comes back
            for (int attempt = 0; attempt < 100 && received.isEmpty(); attempt++)
            {
                final byte[] first = "{\"n\":21}".getBytes(StandardCharsets.UTF_8);
                sender.send(new java.net.DatagramPacket(first, first.length, target));
                collector.setSoTimeout(100);
                try
                {
                    final java.net.DatagramPacket p = new java.net.DatagramPacket(buffer, buffer.length);
                    collector.receive(p);
                    received.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                }
                catch (final java.net.SocketTimeoutException ex)
                {
                    // not up yet
                }
            }
            collector.setSoTimeout(10_000);
            final byte[] second = "{\"n\":50}".getBytes(StandardCharsets.UTF_8);
            sender.send(new java.net.DatagramPacket(second, second.length, target));
            // replies to resent first datagrams may still be on their way: read until the second event's reply
            for (int i = 0; i < 100 && !received.get(received.size() - 1).equals("{\"twice\":100}"); i++)
            {
                final java.net.DatagramPacket p = new java.net.DatagramPacket(buffer, buffer.length);
                collector.receive(p);
                received.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            }
            runtime.exit(0, 0);
            run.join(10_000);
            assertEquals("{\"twice\":42}", received.get(0));
            assertEquals("{\"twice\":100}", received.get(received.size() - 1));
        }
    }

    @Test
    void shouldCountAndNameEventsASinkCannotEncode(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("in.json"), "\"not a metric\"\n{\"last\":true}\n");
        final String flow = """
            define flow main
            flow
              define connector input from file with config = {"path": "in.json", "mode": "read"} end;
              define connector output from file with codec = "influx", config = {"path": "out.txt", "mode": "truncate"} end;
              define connector stop from exit;
              define pipeline pass pipeline select event from in into out; end;
              define pipeline last pipeline select {"exit": 0} from in where present event.last into out; end;
              create connector input;
              create connector output;
              create connector stop;
              create pipeline pass;
              create pipeline last;
              connect /connector/input to /pipeline/pass;
              connect /pipeline/pass to /connector/output;
              connect /pipeline/pass to /pipeline/last;
              connect /pipeline/last to /connector/stop;
            end;
            """;
        final FlowRuntime runtime = new FlowRuntime(compile(flow, dir), new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir);
        assertEquals(0, runtime.run(20_000_000_000L));
        // neither a string nor {"last": true} is an influx metric: both are counted, none silently dropped
        assertTrue(runtime.summary().contains("connector/output wrote 0, connector/output failed 2 (last: "),
            runtime.summary());
    }

    @Test
    void shouldServeAUnixSocketEchoingRepliesAndSendToAUnixSocketClient(@TempDir final Path dir) throws Exception
    {
        // given: a collector the flow's unix_socket_client sends to, and a stale file where the server will listen
        final Path out = dir.resolve("out.sock");
        final Path in = dir.resolve("in.sock");
        try (java.nio.channels.ServerSocketChannel stale = java.nio.channels.ServerSocketChannel.open(
            java.net.StandardProtocolFamily.UNIX))
        {
            stale.bind(java.net.UnixDomainSocketAddress.of(in));
        }
        try (java.nio.channels.ServerSocketChannel collector = java.nio.channels.ServerSocketChannel.open(
            java.net.StandardProtocolFamily.UNIX))
        {
            collector.bind(java.net.UnixDomainSocketAddress.of(out));
            final String flow = "define flow main\nflow\n" +
                "  define connector input from unix_socket_server with codec = \"json\", preprocessors = [\"separate\"], " +
                "postprocessors = [\"separate\"], config = {\"path\": \"in.sock\", \"permissions\": \"=600\"} end;\n" +
                "  define connector output from unix_socket_client with codec = \"json\", postprocessors = [\"separate\"], " +
                "config = {\"path\": \"out.sock\", \"buf_size\": 1024} end;\n" +
                "  define pipeline tag pipeline select merge event of {\"tagged\": true} end from in into out; end;\n" +
                "  create connector input;\n  create connector output;\n  create pipeline tag;\n" +
                "  connect /connector/input to /pipeline/tag;\n  connect /pipeline/tag to /connector/output;\n" +
                "  connect /pipeline/tag to /connector/input;\nend;\n";
            try (RunningFlow running = RunningFlow.start(flow, dir);
                java.nio.channels.SocketChannel sender = RunningFlow.connect(java.net.UnixDomainSocketAddress.of(in)))
            {
                // when
                final StringBuilder sent = new StringBuilder();
                final StringBuilder expected = new StringBuilder();
                for (int i = 0; i < 1000; i++)
                {
                    sent.append("{\"n\":").append(i).append("}\n");
                    expected.append("{\"n\":").append(i).append(",\"tagged\":true}\n");
                }
                final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(sent.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining())
                {
                    sender.write(bytes);
                }

                // then: the client's peer and the sender (the reply) both get every event, in order
                final String echoed = readText(sender, expected.length());
                final String forwarded;
                try (java.nio.channels.SocketChannel peer = collector.accept())
                {
                    forwarded = readText(peer, expected.length());
                }
                assertEquals(expected.toString(), echoed);
                assertEquals(expected.toString(), forwarded);
                assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                    Files.getPosixFilePermissions(in));
            }
            assertTrue(!Files.exists(in), "the server's socket file is removed when the flow stops");
        }
    }

    @Test
    void shouldRejectUnixSocketAndNativeFileConfigurationsWithAClearError(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("plain.txt"), "not a socket");
        final String[][] cases = {
            {"unix_socket_server", "{}", "connector s: `config.path`, the socket's path, is required"},
            {"unix_socket_server", "{\"path\": \"plain.txt\"}", "exists and is not a socket"},
            {"unix_socket_server", "{\"path\": \"a.sock\", \"permissions\": \"rwz\"}",
                "`config.permissions` must be octal like"},
            {"unix_socket_server", "{\"path\": \"b.sock\", \"buf_size\": -1}",
                "`config.buf_size` must be a positive integer"},
            {"unix_socket_client", "{\"path\": 3}", "`config.path`, the socket's path, is required"},
            {"native_file", "{\"path\": \"x\", \"fd\": 1}", "set one of `config.path` (a file) and `config.fd`"},
            {"native_file", "{\"fd\": 3}", "`config.fd` must be 1 (stdout) or 2 (stderr), got `3`"},
            {"native_file", "{\"path\": \"x\", \"mode\": \"read\"}", "`config.mode` must be write, truncate or append"},
            {"native_file", "{\"path\": \"no/dir/x\"}", "No such file or directory (errno 2)"},
        };
        for (final String[] c : cases)
        {
            final String flow = "define flow main\nflow\n  define connector s from " + c[0] + " with config = " + c[1] +
                " end;\n  create connector s;\nend;\n";
            final io.temblor.script.error.CompileError error = org.junit.jupiter.api.Assertions.assertThrows(
                io.temblor.script.error.CompileError.class, () -> new FlowRuntime(compile(flow, dir),
                    new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()), dir));
            assertTrue(error.getMessage().contains(c[2]), c[1] + ": " + error.getMessage());
        }
        assertEquals("not a socket", Files.readString(dir.resolve("plain.txt")));
    }

    @Test
    void shouldWriteEventsWithWritevAndAppendWhenAsked(@TempDir final Path dir) throws Exception
    {
        final StringBuilder in = new StringBuilder();
        for (int i = 0; i < 5000; i++)
        {
            in.append("{\"n\":").append(i).append(i == 4999 ? ",\"last\":true" : "").append("}\n");
        }
        Files.writeString(dir.resolve("in.json"), in.toString());
        Files.writeString(dir.resolve("out.json"), "kept\n");
        final String flow = """
            define flow main
            flow
              define connector input from file with config = {"path": "in.json", "mode": "read"} end;
              define connector output from native_file with config = {"path": "out.json", "mode": "append"} end;
              define connector stop from exit;
              define pipeline pass pipeline select event from in into out; end;
              define pipeline last pipeline select {"exit": 0} from in where present event.last into out; end;
              create connector input;
              create connector output;
              create connector stop;
              create pipeline pass;
              create pipeline last;
              connect /connector/input to /pipeline/pass;
              connect /pipeline/pass to /connector/output;
              connect /pipeline/pass to /pipeline/last;
              connect /pipeline/last to /connector/stop;
            end;
            """;
        final FlowRuntime runtime = new FlowRuntime(compile(flow, dir), new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir);
        assertEquals(0, runtime.run(20_000_000_000L));
        assertEquals("kept\n" + in, Files.readString(dir.resolve("out.json")));
        assertTrue(runtime.summary().contains("connector/output wrote 5000"), runtime.summary());
    }

    private static String readText(final java.nio.channels.SocketChannel channel, final int length) throws Exception
    {
        channel.configureBlocking(false);
        final java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(length);
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (buffer.hasRemaining() && System.nanoTime() < deadline)
        {
            final int read = channel.read(buffer);
            if (read < 0)
            {
                break;
            }
            if (read == 0)
            {
                Thread.sleep(2);
            }
        }
        channel.configureBlocking(true);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }
}
