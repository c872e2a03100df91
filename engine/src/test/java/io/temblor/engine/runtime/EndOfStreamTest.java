package io.temblor.engine.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams end without losing their last bytes. Inbound: a server connection that closes ends its stream in the decode
 * agent, so a last line without a separator is decoded (TCP and UNIX sockets, real sockets on loopback). Outbound: on
 * the stop, a client's or a native file's postprocessor chain is finished after the drain, so {@code collect} sends
 * what it collected and {@code streaming-compress} writes the end of its stream.
 */
class EndOfStreamTest
{
    private static final int EVENTS = 500;

    /** Runs a flow on its own thread; it ends by its exit connector (or a 30 s timeout: -1). */
    private static Thread start(final String troy, final Path dir, final long[] code)
    {
        final FlowRuntime runtime = new FlowRuntime(RunningFlow.compile(troy, dir), new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir);
        final Thread thread = new Thread(() ->
        {
            try
            {
                code[0] = runtime.run(30_000_000_000L);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "flow");
        thread.start();
        return thread;
    }

    /** A server source whose events go to out.json; the event with `last` stops the flow. */
    private static String serverFlow(final String type, final String config)
    {
        return "define flow main\nflow\n" +
            "  define connector input from " + type + " with codec = \"json\", preprocessors = [\"separate\"], " +
            "config = " + config + " end;\n" +
            "  define connector output from file with config = {\"path\": \"out.json\", \"mode\": \"truncate\"} end;\n" +
            "  define connector stop from exit;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  define pipeline last pipeline select {\"exit\": 0} from in where present event.last into out; end;\n" +
            "  create connector input;\n  create connector output;\n  create connector stop;\n" +
            "  create pipeline pass;\n  create pipeline last;\n" +
            "  connect /connector/input to /pipeline/pass;\n  connect /pipeline/pass to /connector/output;\n" +
            "  connect /pipeline/pass to /pipeline/last;\n  connect /pipeline/last to /connector/stop;\nend;\n";
    }

    private static void sendAndClose(final SocketAddress address, final String text) throws Exception
    {
        try (SocketChannel channel = RunningFlow.connect(address))
        {
            final ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
        }
    }

    private static void assertLastUnterminatedLineDecoded(final String type, final String config,
        final SocketAddress address, final Path dir) throws Exception
    {
        final long[] code = {-2};
        final Thread flow = start(serverFlow(type, config), dir, code);
        // the first connection's last line has no newline either; it must not wait for (or mix with) the second's
        sendAndClose(address, "{\"n\":1}\n{\"n\":2}");
        sendAndClose(address, "{\"n\":3}\n{\"n\":4,\"last\":true}");
        flow.join(40_000);
        assertEquals(0, code[0], "the flow stopped on the last event (decoded only when its connection ended)");
        // in order within a connection; the two connections' events may interleave
        final List<String> out = new ArrayList<>(Files.readAllLines(dir.resolve("out.json")));
        assertTrue(out.indexOf("{\"n\":1}") < out.indexOf("{\"n\":2}"), out.toString());
        assertTrue(out.indexOf("{\"n\":3}") < out.indexOf("{\"n\":4,\"last\":true}"), out.toString());
        out.sort(null);
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4,\"last\":true}"), out);
    }

    @Test
    void shouldDecodeTheLastUnterminatedLineOfATcpConnectionWhenItCloses(@TempDir final Path dir) throws Exception
    {
        final int port = RunningFlow.freePort();
        assertLastUnterminatedLineDecoded("tcp_server", "{\"url\": \"127.0.0.1:" + port + "\"}",
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), dir);
    }

    @Test
    void shouldDecodeTheLastUnterminatedLineOfAUnixSocketConnectionWhenItCloses(@TempDir final Path dir)
        throws Exception
    {
        final Path socket = dir.resolve("in.sock");
        assertLastUnterminatedLineDecoded("unix_socket_server", "{\"path\": \"in.sock\"}",
            UnixDomainSocketAddress.of(socket), dir);
    }

    /** in.json (EVENTS lines, the last with `last`) -> sink; the flow stops after the last event. */
    private static String sinkFlow(final Path dir, final String sink) throws IOException
    {
        final StringBuilder in = new StringBuilder();
        for (int i = 0; i < EVENTS; i++)
        {
            in.append("{\"n\":").append(i).append(i == EVENTS - 1 ? ",\"last\":true" : "").append("}\n");
        }
        Files.writeString(dir.resolve("in.json"), in.toString());
        return "define flow main\nflow\n" +
            "  define connector input from file with config = {\"path\": \"in.json\", \"mode\": \"read\"} end;\n" +
            "  define connector output from " + sink + " end;\n" +
            "  define connector stop from exit;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  define pipeline last pipeline select {\"exit\": 0} from in where present event.last into out; end;\n" +
            "  create connector input;\n  create connector output;\n  create connector stop;\n" +
            "  create pipeline pass;\n  create pipeline last;\n" +
            "  connect /connector/input to /pipeline/pass;\n  connect /pipeline/pass to /connector/output;\n" +
            "  connect /pipeline/pass to /pipeline/last;\n  connect /pipeline/last to /connector/stop;\nend;\n";
    }

    private static List<String> expectedLines()
    {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++)
        {
            lines.add("{\"n\":" + i + (i == EVENTS - 1 ? ",\"last\":true" : "") + "}");
        }
        return lines;
    }

    @Test
    void shouldSendWhatCollectHoldsWhenATcpClientStops(@TempDir final Path dir) throws Exception
    {
        try (ServerSocket collector = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            final AtomicReference<String> received = new AtomicReference<>();
            final Thread reader = new Thread(() ->
            {
                try (Socket peer = collector.accept(); InputStream in = peer.getInputStream())
                {
                    received.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                catch (final IOException ex)
                {
                    received.set("failed: " + ex);
                }
            }, "collector");
            reader.start();
            final long[] code = {-2};
            start(sinkFlow(dir, "tcp_client with codec = \"json\", postprocessors = [\"separate\", \"collect\"], " +
                "config = {\"url\": \"127.0.0.1:" + collector.getLocalPort() + "\"}"), dir, code).join(40_000);
            reader.join(10_000);
            assertEquals(0, code[0]);
            assertEquals(String.join("\n", expectedLines()) + "\n", received.get());
        }
    }

    @Test
    void shouldSendWhatCollectHoldsAsOneDatagramWhenAUdpClientStops(@TempDir final Path dir) throws Exception
    {
        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            collector.setSoTimeout(30_000);
            final long[] code = {-2};
            final Thread flow = start(sinkFlow(dir, "udp_client with codec = \"json\", " +
                "postprocessors = [\"separate\", \"collect\"], config = {\"url\": \"127.0.0.1:" +
                collector.getLocalPort() + "\"}"), dir, code);
            final DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
            collector.receive(packet);
            flow.join(40_000);
            assertEquals(0, code[0]);
            assertEquals(String.join("\n", expectedLines()) + "\n",
                new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldEndTheCompressedStreamWhenANativeFileStops(@TempDir final Path dir) throws Exception
    {
        final long[] code = {-2};
        start(sinkFlow(dir, "native_file with codec = \"json\", postprocessors = [\"separate\", " +
            "{\"name\": \"streaming-compress\", \"config\": {\"algorithm\": \"gzip\"}}], " +
            "config = {\"path\": \"out.json.gz\"}"), dir, code).join(40_000);
        assertEquals(0, code[0]);
        final byte[] file = Files.readAllBytes(dir.resolve("out.json.gz"));
        assertTrue(file.length > 0);
        // a gzip stream without its end fails here ("Unexpected end of ZLIB input stream")
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file)))
        {
            assertEquals(String.join("\n", expectedLines()) + "\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
