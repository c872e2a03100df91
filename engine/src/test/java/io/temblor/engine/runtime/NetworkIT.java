package io.temblor.engine.runtime;

import io.temblor.engine.codec.Codec;
import io.temblor.engine.codec.Codecs;
import io.temblor.offheap.ByteSink;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;
import io.temblor.transport.TcpClientAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon's network paths over real loopback sockets, in-process: every codec through TCP and UDP round trips, a
 * million events through tcp_server -> script -> tcp_client in order, peers that go away and come back, and malformed
 * input reaching the err port while the flow keeps running.
 */
class NetworkIT
{
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Events in each codec's own format (the bytes a peer would send). */
    private static Map<String, List<byte[]>> samples()
    {
        final Map<String, List<byte[]>> samples = new LinkedHashMap<>();
        samples.put("json", utf8("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{\"d\":1.5}}", "[1,2,3]", "\"text\""));
        samples.put("string", utf8("hello world", "ünïcödé ✓ line"));
        samples.put("influx", utf8("weather,location=us-midwest temperature=82 1465839830100400200",
            "cpu,host=a usage=0.5,idle=99.5 1465839830100400201"));
        samples.put("msgpack", List.of(msgpackOf("{\"a\":1,\"b\":[true,null,\"x\"]}"), msgpackOf("[1,\"two\",3.5]")));
        samples.put("statsd", utf8("gorets:1|c", "glork:320|ms", "gaugor:333|g", "uniques:765|s"));
        samples.put("dogstatsd", utf8("page.views:1|c|#env:prod,region:eu", "latency:12|ms|@0.5"));
        samples.put("syslog", utf8("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed"));
        samples.put("csv", utf8("a,b,\"c,d\"", "1,2,3"));
        if (codecExists("yaml"))
        {
            samples.put("yaml", utf8("a: 1\nb:\n- x\n- y\n"));
        }
        return samples;
    }

    @Test
    @Timeout(60)
    void shouldRoundTripTheBinaryCodecOverTcp(@TempDir final Path dir) throws Exception
    {
        // given: random events that are not UTF-8 (each starts with 0xff), one empty, one with a newline only
        final long seed = System.nanoTime();
        final java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        final List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            final byte[] event = new byte[1 + random.nextInt(3000)];
            random.nextBytes(event);
            event[0] = (byte)0xff;
            sent.add(event);
        }
        sent.add(new byte[0]);
        sent.add(new byte[] {'\n'});
        final int listen = RunningFlow.freePort();
        try (ServerSocket collector = new ServerSocket(0, 50, LOOPBACK);
            RunningFlow flow = RunningFlow.start(pass("tcp", "binary", url(listen), url(collector.getLocalPort()),
                "length-prefixed"), dir);
            Socket sender = connect(listen))
        {
            // when: tcp_server(binary, length-prefixed) -> pipeline -> tcp_client(binary, length-prefixed)
            final DataOutputStream out = new DataOutputStream(new BufferedOutputStream(sender.getOutputStream()));
            for (final byte[] event : sent)
            {
                out.writeLong(event.length);
                out.write(event);
            }
            out.flush();
            collector.setSoTimeout(10_000);
            try (Socket peer = collector.accept())
            {
                peer.setSoTimeout(10_000);
                final DataInputStream in = new DataInputStream(peer.getInputStream());
                // then: the same events, byte for byte, in order
                for (int i = 0; i < sent.size(); i++)
                {
                    final byte[] got = new byte[(int)in.readLong()];
                    in.readFully(got);
                    assertTrue(Arrays.equals(sent.get(i), got), "event " + i + " differs (seed " + seed + ")");
                }
            }
        }
    }

    private static boolean codecExists(final String name)
    {
        try
        {
            Codecs.create(name, null);
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    private static List<byte[]> utf8(final String... texts)
    {
        final List<byte[]> out = new ArrayList<>();
        for (final String t : texts)
        {
            out.add(t.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static byte[] msgpackOf(final String json)
    {
        try (Arena arena = new Arena(); ByteSink sink = new ByteSink())
        {
            final ValueContext ctx = new ValueContext(arena);
            final long[] v = new long[2];
            final byte[] b = json.getBytes(StandardCharsets.UTF_8);
            assertEquals(Codec.OK, Codecs.create("json", null).decode(ctx, b, 0, b.length, 0, v, 0));
            assertEquals(Codec.OK, Codecs.create("msgpack", null).encode(ctx, v[0], v[1], sink));
            return sink.toByteArray();
        }
    }

    /** What a codec reads from bytes, as sorted JSON (how sent and received events are compared). */
    private static String meaning(final String codecName, final byte[] bytes)
    {
        try (Arena arena = new Arena(); ByteSink sink = new ByteSink())
        {
            final ValueContext ctx = new ValueContext(arena);
            final long[] v = new long[2];
            final Codec codec = Codecs.create(codecName, null);
            if (codec.decode(ctx, bytes, 0, bytes.length, 0, v, 0) != Codec.OK)
            {
                return "<does not decode: " + codec.errorMessage() + ">";
            }
            final Codec sorted = Codecs.create("json", Map.of("mode", "sorted"));
            assertEquals(Codec.OK, sorted.encode(ctx, v[0], v[1], sink));
            return new String(sink.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    private static String pass(final String kind, final String codec, final String inConfig, final String outConfig,
        final String framing)
    {
        return "define flow main\nflow\n" +
            "  define connector input from " + kind + "_server with codec = \"" + codec + "\"" +
            (framing.isEmpty() ? "" : ", preprocessors = [\"" + framing + "\"]") + ", config = " + inConfig + " end;\n" +
            "  define connector output from " + kind + "_client with codec = \"" + codec + "\"" +
            (framing.isEmpty() ? "" : ", postprocessors = [\"" + framing + "\"]") + ", config = " + outConfig + " end;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  create connector input;\n  create connector output;\n  create pipeline pass;\n" +
            "  connect /connector/input to /pipeline/pass;\n  connect /pipeline/pass to /connector/output;\nend;\n";
    }

    private static String url(final int port)
    {
        return "{\"url\": \"127.0.0.1:" + port + "\"}";
    }

    @Test
    @Timeout(180)
    void shouldRoundTripEveryCodecOverTcp(@TempDir final Path dir) throws Exception
    {
        final List<String> failures = new ArrayList<>();
        for (final Map.Entry<String, List<byte[]>> sample : samples().entrySet())
        {
            final String codec = sample.getKey();
            final List<byte[]> sent = sample.getValue();
            final int listen = RunningFlow.freePort();
            try (ServerSocket collector = new ServerSocket(0, 50, LOOPBACK);
                RunningFlow flow = RunningFlow.start(pass("tcp", codec, url(listen), url(collector.getLocalPort()),
                    "length-prefixed"), dir);
                Socket sender = connect(listen))
            {
                // length-prefixed framing (a big-endian u64 length) carries binary codecs and newlines alike
                final DataOutputStream out = new DataOutputStream(new BufferedOutputStream(sender.getOutputStream()));
                for (final byte[] event : sent)
                {
                    out.writeLong(event.length);
                    out.write(event);
                }
                out.flush();
                collector.setSoTimeout(10_000);
                try (Socket peer = collector.accept())
                {
                    peer.setSoTimeout(10_000);
                    final DataInputStream in = new DataInputStream(peer.getInputStream());
                    for (int i = 0; i < sent.size(); i++)
                    {
                        final byte[] got = new byte[(int)in.readLong()];
                        in.readFully(got);
                        compare(codec, "tcp", i, sent.get(i), got, failures);
                    }
                }
            }
            catch (final IOException ex)
            {
                failures.add(codec + " over tcp: " + ex);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    @Timeout(180)
    void shouldRoundTripEveryCodecOverUdp(@TempDir final Path dir) throws Exception
    {
        final List<String> failures = new ArrayList<>();
        for (final Map.Entry<String, List<byte[]>> sample : samples().entrySet())
        {
            final String codec = sample.getKey();
            final List<byte[]> sent = sample.getValue();
            final int listen = RunningFlow.freePort();
            try (DatagramSocket collector = new DatagramSocket(0, LOOPBACK);
                DatagramSocket sender = new DatagramSocket();
                RunningFlow flow = RunningFlow.start(pass("udp", codec, url(listen), url(collector.getLocalPort()), ""),
                    dir))
            {
                final InetSocketAddress target = new InetSocketAddress(LOOPBACK, listen);
                final byte[] buffer = new byte[65_536];
                // datagrams sent before the server binds are lost by UDP itself: send the first until it comes back
                final byte[] first = sent.get(0);
                byte[] got = null;
                collector.setSoTimeout(100);
                for (int attempt = 0; attempt < 100 && null == got; attempt++)
                {
                    sender.send(new DatagramPacket(first, first.length, target));
                    try
                    {
                        final DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                        collector.receive(p);
                        got = Arrays.copyOf(p.getData(), p.getLength());
                    }
                    catch (final SocketTimeoutException ex)
                    {
                        // not bound yet
                    }
                }
                compare(codec, "udp", 0, first, null == got ? new byte[0] : got, failures);
                // drain echoes of repeated first datagrams, then send the rest one by one
                collector.setSoTimeout(200);
                drain(collector, buffer);
                collector.setSoTimeout(10_000);
                for (int i = 1; i < sent.size(); i++)
                {
                    sender.send(new DatagramPacket(sent.get(i), sent.get(i).length, target));
                    final DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    collector.receive(p);
                    compare(codec, "udp", i, sent.get(i), Arrays.copyOf(p.getData(), p.getLength()), failures);
                }
            }
            catch (final IOException ex)
            {
                failures.add(codec + " over udp: " + ex);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static void drain(final DatagramSocket socket, final byte[] buffer) throws IOException
    {
        while (true)
        {
            try
            {
                socket.receive(new DatagramPacket(buffer, buffer.length));
            }
            catch (final SocketTimeoutException ex)
            {
                return;
            }
        }
    }

    private static void compare(final String codec, final String transport, final int index, final byte[] sent,
        final byte[] got, final List<String> failures)
    {
        final String want = meaning(codec, sent);
        final String have = meaning(codec, got);
        if (!want.equals(have))
        {
            failures.add(codec + " over " + transport + ", event " + index + ": sent " + want + " (" +
                new String(sent, StandardCharsets.UTF_8) + "), got " + have + " (" +
                new String(got, StandardCharsets.UTF_8) + ")");
        }
    }

    private static Socket connect(final int port) throws Exception
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (true)
        {
            try
            {
                return new Socket(LOOPBACK, port);
            }
            catch (final IOException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw ex;
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    @Timeout(120)
    void shouldCarryAMillionEventsThroughAScriptInOrder(@TempDir final Path dir) throws Exception
    {
        final int events = 1_000_000;
        final int listen = RunningFlow.freePort();
        try (ServerSocket collector = new ServerSocket(0, 50, LOOPBACK))
        {
            final String troy = "define flow main\nflow\n" +
                "  define connector input from tcp_server with codec = \"json\", preprocessors = [\"separate\"], " +
                "config = " + url(listen) + " end;\n" +
                "  define connector output from tcp_client with codec = \"json\", postprocessors = [\"separate\"], " +
                "config = " + url(collector.getLocalPort()) + " end;\n" +
                "  define pipeline mark\n  pipeline\n" +
                "    define script stamp\n    script\n      let event.even = event.seq % 2 == 0;\n      event\n    end;\n" +
                "    create script stamp;\n" +
                "    select event from in into stamp;\n    select event from stamp into out;\n  end;\n" +
                "  create connector input;\n  create connector output;\n  create pipeline mark;\n" +
                "  connect /connector/input to /pipeline/mark;\n  connect /pipeline/mark to /connector/output;\nend;\n";
            final long start = System.nanoTime();
            final long[] received = {0};
            final String[] problem = {null};
            final Thread reader = new Thread(() ->
            {
                try (Socket peer = collector.accept(); BufferedReader in = new BufferedReader(
                    new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8), 1 << 16))
                {
                    String line;
                    while (received[0] < events && null != (line = in.readLine()))
                    {
                        final long n = received[0];
                        final String want = "{\"seq\":" + n + ",\"even\":" + (n % 2 == 0) + "}";
                        if (!want.equals(line))
                        {
                            problem[0] = "event " + n + ": want " + want + ", got " + line;
                            return;
                        }
                        received[0]++;
                    }
                }
                catch (final IOException ex)
                {
                    problem[0] = "reader: " + ex;
                }
            });
            reader.start();
            try (RunningFlow flow = RunningFlow.start(troy, dir); Socket sender = connect(listen))
            {
                final OutputStream out = new BufferedOutputStream(sender.getOutputStream(), 1 << 16);
                final byte[] line = new byte[32];
                for (int i = 0; i < events; i++)
                {
                    int n = 0;
                    for (final byte b : "{\"seq\":".getBytes(StandardCharsets.US_ASCII))
                    {
                        line[n++] = b;
                    }
                    final String digits = Integer.toString(i);
                    for (int d = 0; d < digits.length(); d++)
                    {
                        line[n++] = (byte)digits.charAt(d);
                    }
                    line[n++] = '}';
                    line[n++] = '\n';
                    out.write(line, 0, n);
                }
                out.flush();
                reader.join(90_000);
            }
            final long elapsedNs = System.nanoTime() - start;
            assertEquals(null, problem[0]);
            assertEquals(events, received[0]);
            assertTrue(elapsedNs < TimeUnit.SECONDS.toNanos(60), "took " + elapsedNs / 1_000_000 + " ms");
        }
    }

    @Test
    @Timeout(120)
    void shouldSendEventsAcceptedWhileTheServerWasAwayOnceItIsBack(@TempDir final Path dir) throws Exception
    {
        // given: tcp_server -> pass -> tcp_client with Tremor's retry settings; the collector is the client's peer
        final int listen = RunningFlow.freePort();
        final int collectorPort = RunningFlow.freePort();
        final String troy = "define flow main\nflow\n" +
            "  define connector input from tcp_server with codec = \"json\", preprocessors = [\"separate\"], " +
            "config = " + url(listen) + " end;\n" +
            "  define connector output from tcp_client with codec = \"json\", postprocessors = [\"separate\"], " +
            "config = " + url(collectorPort) + ", reconnect = {\"retry\": {\"interval_ms\": 20, \"growth_rate\": 1.5, " +
            "\"randomized\": false}} end;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  create connector input;\n  create connector output;\n  create pipeline pass;\n" +
            "  connect /connector/input to /pipeline/pass;\n  connect /pipeline/pass to /connector/output;\nend;\n";
        ServerSocket collector = new ServerSocket();
        collector.setReuseAddress(true);
        collector.bind(new InetSocketAddress(LOOPBACK, collectorPort));
        try (RunningFlow flow = RunningFlow.start(troy, dir))
        {
            final TcpClientAgent client = (TcpClientAgent)flow.runtime.agents().stream()
                .filter(a -> a instanceof TcpClientAgent).findFirst().orElseThrow();
            final List<String> got = new ArrayList<>();
            // when: a first sender's events arrive; then the collector goes away
            try (Socket sender = connect(listen))
            {
                send(sender, 0, 500);
                collector.setSoTimeout(10_000);
                try (Socket peer = collector.accept())
                {
                    readLines(peer, 500, got);
                }
                collector.close();
            }
            RunningFlow.await("the client to see its peer gone", 10_000, () -> !client.isConnected());
            // a second sender (the server keeps serving after its first client left) sends while the peer is away
            try (Socket sender = connect(listen))
            {
                send(sender, 500, 1500);
                final long failures = client.connectFailures();
                RunningFlow.await("reconnect attempts", 10_000, () -> client.connectFailures() >= failures + 3);
            }
            // then: the collector comes back on the same port and gets every event accepted meanwhile, in order
            collector = new ServerSocket();
            collector.setReuseAddress(true);
            collector.bind(new InetSocketAddress(LOOPBACK, collectorPort));
            collector.setSoTimeout(20_000);
            try (Socket peer = collector.accept())
            {
                readLines(peer, 1500, got);
            }
            for (int i = 0; i < 1500; i++)
            {
                assertEquals("{\"seq\":" + i + "}", got.get(i));
            }
            assertEquals(0, client.undeliveredFrames());
            assertTrue(client.connects() >= 2);
        }
        finally
        {
            collector.close();
        }
    }

    @Test
    @Timeout(60)
    void shouldReportEventsToErrWhenTheClientGivesUpReconnecting(@TempDir final Path dir) throws Exception
    {
        final int listen = RunningFlow.freePort();
        final int nobody = RunningFlow.freePort();
        final String troy = "define flow main\nflow\n" +
            "  define connector input from tcp_server with codec = \"json\", preprocessors = [\"separate\"], " +
            "config = " + url(listen) + " end;\n" +
            "  define connector output from tcp_client with codec = \"json\", postprocessors = [\"separate\"], " +
            "config = " + url(nobody) + ", reconnect = {\"retry\": {\"interval_ms\": 10, \"max_retries\": 2}} end;\n" +
            "  define connector errors from file with config = {\"path\": \"errors.json\", \"mode\": \"truncate\"} end;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  create connector input;\n  create connector output;\n  create connector errors;\n  create pipeline pass;\n" +
            "  create pipeline errs from pass;\n" +
            "  connect /connector/input to /pipeline/pass;\n  connect /pipeline/pass to /connector/output;\n" +
            "  connect /connector/output/err to /pipeline/errs;\n  connect /pipeline/errs to /connector/errors;\nend;\n";
        try (RunningFlow flow = RunningFlow.start(troy, dir); Socket sender = connect(listen))
        {
            send(sender, 0, 3);
            final Path errors = dir.resolve("errors.json");
            RunningFlow.await("three error events", 10_000, () -> lines(errors).size() == 3);
            final List<String> reported = lines(errors);
            for (int i = 0; i < 3; i++)
            {
                assertTrue(reported.get(i).startsWith("{\"error\":\"not delivered") &&
                    reported.get(i).contains("{\\\"seq\\\":" + i + "}"), reported.get(i));
            }
        }
    }

    @Test
    @Timeout(60)
    void shouldSendMalformedFramesToErrAndKeepRunning(@TempDir final Path dir) throws Exception
    {
        // given: a json server (lines of at most 64 bytes) and a string server, both erring into one file
        final int json = RunningFlow.freePort();
        final int text = RunningFlow.freePort();
        final String troy = "define flow main\nflow\n" +
            "  define connector jsonin from tcp_server with codec = \"json\", preprocessors = [{\"name\": \"separate\", " +
            "\"config\": {\"max_length\": 64}}], config = " + url(json) + " end;\n" +
            "  define connector textin from tcp_server with codec = \"string\", preprocessors = [\"separate\"], " +
            "config = " + url(text) + " end;\n" +
            "  define connector good from file with config = {\"path\": \"good.json\", \"mode\": \"truncate\"} end;\n" +
            "  define connector bad from file with config = {\"path\": \"bad.json\", \"mode\": \"truncate\"} end;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  create connector jsonin;\n  create connector textin;\n  create connector good;\n  create connector bad;\n" +
            "  create pipeline pass;\n  create pipeline errs from pass;\n" +
            "  connect /connector/jsonin to /pipeline/pass;\n  connect /connector/textin to /pipeline/pass;\n" +
            "  connect /pipeline/pass to /connector/good;\n" +
            "  connect /connector/jsonin/err to /pipeline/errs;\n  connect /connector/textin/err to /pipeline/errs;\n" +
            "  connect /pipeline/errs to /connector/bad;\nend;\n";
        try (RunningFlow flow = RunningFlow.start(troy, dir))
        {
            final Path good = dir.resolve("good.json");
            final Path bad = dir.resolve("bad.json");
            // when
            try (Socket sender = connect(json))
            {
                final OutputStream out = sender.getOutputStream();
                out.write(("{\"n\":1}\n{not json\n{\"n\":2}\n{\"long\":\"" + "x".repeat(100) + "\"}\n{\"n\":3}\n")
                    .getBytes(StandardCharsets.UTF_8));
                out.flush();
                RunningFlow.await("json events", 10_000, () -> lines(good).size() == 3 && lines(bad).size() == 2,
                    () -> lines(good) + " / " + lines(bad));
            }
            try (Socket sender = connect(text))
            {
                final OutputStream out = sender.getOutputStream();
                out.write("before\n".getBytes(StandardCharsets.UTF_8));
                out.write(new byte[] {'b', 'a', 'd', (byte)0xff, (byte)0xfe, '\n'});
                out.write("after\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                RunningFlow.await("string events", 10_000, () -> lines(good).size() == 5 && lines(bad).size() == 3,
                    () -> lines(good) + " / " + lines(bad));
            }
            // then: good events all arrived, in order; each bad frame is on err with its reason
            assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "\"before\"", "\"after\""), lines(good));
            final List<String> errors = lines(bad);
            assertTrue(errors.get(0).startsWith("{\"error\":") && !errors.get(0).contains("max_length"), errors.get(0));
            assertTrue(errors.get(1).contains("64"), "oversized frame names the limit: " + errors.get(1));
            assertTrue(errors.get(2).contains("invalid utf-8"), errors.get(2));
        }
    }

    private static List<String> lines(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }

    private static void send(final Socket socket, final int from, final int to) throws IOException
    {
        final OutputStream out = new BufferedOutputStream(socket.getOutputStream());
        for (int i = from; i < to; i++)
        {
            out.write(("{\"seq\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    private static void readLines(final Socket socket, final int until, final List<String> into) throws IOException
    {
        socket.setSoTimeout(20_000);
        final BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
            StandardCharsets.UTF_8));
        String line;
        while (into.size() < until && null != (line = in.readLine()))
        {
            into.add(line);
        }
    }
}
