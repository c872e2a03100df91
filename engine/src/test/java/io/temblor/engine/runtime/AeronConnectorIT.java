package io.temblor.engine.runtime;

import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.compile.TroyCompiler;
import io.temblor.script.error.CompileError;
import io.temblor.transport.AeronDriverHolder;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code aeron} connector in real flows with the embedded media driver: events go file -> pipeline -> aeron sink
 * -> aeron source -> pipeline -> file once each and in order, over IPC and UDP loopback, as JSON and msgpack; a sink
 * with no subscriber yet holds its events until one comes; bytes that do not decode and messages without a header
 * reach the source's {@code err} port with the reason; bad configuration is a clear error.
 */
class AeronConnectorIT
{
    /** UDP ports of this class (other classes use others). */
    private static final int UDP_PORT = 40_521;
    private static final long RUN_TIMEOUT_NS = 60_000_000_000L;

    @AfterEach
    void driverStopsWithItsLastUser()
    {
        assertFalse(AeronDriverHolder.isEmbeddedRunning(), "every lease on the embedded driver was closed");
    }

    private static CompiledDeployment compile(final String source, final Path dir)
    {
        return TroyCompiler.compile(source, List.of(dir), name ->
        {
            final AggregateFunction fn = Aggregates.lookup(name);
            return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
        }, "main", null);
    }

    private static FlowRuntime runtime(final String flow, final Path dir)
    {
        return new FlowRuntime(compile(flow, dir), new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir);
    }

    /** A loop through Aeron in one flow: the exit comes with the last event, after it crossed the stream. */
    private static String loopFlow(final String channel, final int streamId, final String codec)
    {
        final String with = "codec = \"" + codec + "\", config = {\"channel\": \"" + channel + "\", \"stream_id\": " +
            streamId + "}";
        return "define flow main\nflow\n" +
            "  define connector input from file with config = {\"path\": \"in.json\", \"mode\": \"read\"} end;\n" +
            "  define connector output from file with config = {\"path\": \"out.json\", \"mode\": \"truncate\"} end;\n" +
            "  define connector send from aeron with " + with + " end;\n" +
            "  define connector receive from aeron with " + with + " end;\n" +
            "  define connector stop from exit;\n" +
            "  define pipeline before pipeline select event from in into out; end;\n" +
            "  define pipeline after pipeline select event from in into out; end;\n" +
            "  define pipeline last pipeline select {\"exit\": 0} from in where present event.last into out; end;\n" +
            "  create connector input;\n  create connector output;\n  create connector send;\n" +
            "  create connector receive;\n  create connector stop;\n" +
            "  create pipeline before;\n  create pipeline after;\n  create pipeline last;\n" +
            "  connect /connector/input to /pipeline/before;\n  connect /pipeline/before to /connector/send;\n" +
            "  connect /connector/receive to /pipeline/after;\n  connect /pipeline/after to /connector/output;\n" +
            "  connect /pipeline/after to /pipeline/last;\n  connect /pipeline/last to /connector/stop;\n" +
            "end;\n";
    }

    private static List<String> events(final int count, final boolean rich)
    {
        final List<String> lines = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final String more = ",\"s\":\"é" + i + "\",\"f\":1.5,\"a\":[1,[true,null]],\"r\":{\"k\":" + (-i - 1) + "}";
            lines.add("{\"n\":" + i + (rich ? more : "") +
                (i == count - 1 ? ",\"last\":true" : "") + "}");
        }
        return lines;
    }

    /** Every event once, in order; a failure names the first difference instead of printing thousands of lines. */
    private static void assertSameLines(final List<String> expected, final List<String> actual)
    {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++)
        {
            assertEquals(expected.get(i), actual.get(i), "line " + (i + 1));
        }
        assertEquals(expected.size(), actual.size(), "lines");
    }

    private static void assertLoop(final String channel, final int streamId, final String codec, final boolean rich,
        final Path dir) throws Exception
    {
        final List<String> sent = events(20_000, rich);
        Files.write(dir.resolve("in.json"), sent);
        final FlowRuntime runtime = runtime(loopFlow(channel, streamId, codec), dir);
        assertEquals(0, runtime.run(RUN_TIMEOUT_NS), "the flow exits with its last event");
        assertSameLines(sent, Files.readAllLines(dir.resolve("out.json")));
        final String summary = runtime.summary();
        assertTrue(summary.contains("connector/send/publication published 20000"), summary);
        assertTrue(summary.contains("connector/receive/subscription received 20000"), summary);
    }

    @Test
    @Timeout(120)
    void shouldCarryEveryEventOnceInOrderOverIpc(@TempDir final Path dir) throws Exception
    {
        assertLoop("aeron:ipc", 1001, "json", false, dir);
    }

    @Test
    @Timeout(120)
    void shouldCarryEveryEventOnceInOrderOverUdpLoopback(@TempDir final Path dir) throws Exception
    {
        assertLoop("aeron:udp?endpoint=127.0.0.1:" + UDP_PORT, 1002, "json", true, dir);
    }

    @Test
    @Timeout(120)
    void shouldCarryMsgPackEncodedEventsOverIpc(@TempDir final Path dir) throws Exception
    {
        assertLoop("aeron:ipc", 1003, "msgpack", true, dir);
    }

    @Test
    @Timeout(120)
    void shouldHoldEventsOfASinkStartedBeforeAnySubscriber(@TempDir final Path dir) throws Exception
    {
        // given a flow publishing 5 000 events with nobody subscribed
        final List<String> sent = events(5_000, false);
        Files.write(dir.resolve("in.json"), sent);
        final String channel = "{\"channel\": \"aeron:ipc\", \"stream_id\": 1004}";
        final FlowRuntime publisher = runtime("define flow main\nflow\n" +
            "  define connector input from file with config = {\"path\": \"in.json\", \"mode\": \"read\"} end;\n" +
            "  define connector send from aeron with config = " + channel + " end;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  create connector input;\n  create connector send;\n  create pipeline pass;\n" +
            "  connect /connector/input to /pipeline/pass;\n  connect /pipeline/pass to /connector/send;\nend;\n", dir);
        final AtomicLong publisherExit = new AtomicLong(-2);
        final Thread publishing = new Thread(() ->
        {
            try
            {
                publisherExit.set(publisher.run(RUN_TIMEOUT_NS));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        publishing.start();
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (!publisher.summary().contains("published 0 (one held: no subscriber)"))
        {
            assertTrue(System.nanoTime() < deadline, "the publication holds its first event: " + publisher.summary());
            Thread.sleep(10);
        }

        // when a subscriber comes
        final FlowRuntime subscriber = runtime("define flow main\nflow\n" +
            "  define connector receive from aeron with config = " + channel + " end;\n" +
            "  define connector output from file with config = {\"path\": \"out.json\", \"mode\": \"truncate\"} end;\n" +
            "  define connector stop from exit;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  define pipeline last pipeline select {\"exit\": 0} from in where present event.last into out; end;\n" +
            "  create connector receive;\n  create connector output;\n  create connector stop;\n" +
            "  create pipeline pass;\n  create pipeline last;\n" +
            "  connect /connector/receive to /pipeline/pass;\n  connect /pipeline/pass to /connector/output;\n" +
            "  connect /pipeline/pass to /pipeline/last;\n  connect /pipeline/last to /connector/stop;\nend;\n", dir);
        final long code = subscriber.run(RUN_TIMEOUT_NS);
        publisher.exit(0, 0);
        publishing.join(30_000);

        // then it gets every event, in order
        assertEquals(0, code);
        assertSameLines(sent, Files.readAllLines(dir.resolve("out.json")));
        assertEquals(0, publisherExit.get());
        assertTrue(publisher.summary().contains("connector/send/publication published 5000"), publisher.summary());
    }

    @Test
    @Timeout(120)
    void shouldSendBytesThatDoNotDecodeToTheErrPortWithTheReason(@TempDir final Path dir) throws Exception
    {
        final FlowRuntime runtime = runtime("define flow main\nflow\n" +
            "  define connector receive from aeron with config = {\"channel\": \"aeron:ipc\", \"stream_id\": 1005} end;\n" +
            "  define connector output from file with config = {\"path\": \"out.json\", \"mode\": \"truncate\"} end;\n" +
            "  define connector errors from file with config = {\"path\": \"err.json\", \"mode\": \"truncate\"} end;\n" +
            "  define connector stop from exit;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  define pipeline fail pipeline select event from in into out; end;\n" +
            "  define pipeline last pipeline select {\"exit\": 0} from in where present event.last into out; end;\n" +
            "  create connector receive;\n  create connector output;\n  create connector errors;\n" +
            "  create connector stop;\n  create pipeline pass;\n  create pipeline fail;\n  create pipeline last;\n" +
            "  connect /connector/receive to /pipeline/pass;\n  connect /connector/receive/err to /pipeline/fail;\n" +
            "  connect /pipeline/pass to /connector/output;\n  connect /pipeline/fail to /connector/errors;\n" +
            "  connect /pipeline/pass to /pipeline/last;\n  connect /pipeline/last to /connector/stop;\nend;\n", dir);
        final AtomicLong exit = new AtomicLong(-2);
        final Thread running = new Thread(() ->
        {
            try
            {
                exit.set(runtime.run(RUN_TIMEOUT_NS));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        running.start();
        final AeronDriverHolder.Lease lease = AeronDriverHolder.embedded(new BackoffIdleStrategy(),
            AeronDriverHolder.DRIVER_TIMEOUT_MS_DEFAULT);
        try (Publication raw = lease.aeron().addPublication("aeron:ipc", 1005))
        {
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (!raw.isConnected())
            {
                assertTrue(System.nanoTime() < deadline, "the flow subscribes");
                Thread.sleep(10);
            }
            publish(raw, message(11, "{\"n\":1}"));
            publish(raw, message(12, "{\"n\": oops"));
            publish(raw, new byte[] {'a', 'b'});
            publish(raw, message(13, "{\"n\":2,\"last\":true}"));
            running.join(60_000);
        }
        finally
        {
            lease.close();
        }
        assertEquals(0, exit.get());
        assertEquals(List.of("{\"n\":1}", "{\"n\":2,\"last\":true}"), Files.readAllLines(dir.resolve("out.json")));
        final List<String> errors = Files.readAllLines(dir.resolve("err.json"));
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("{\"error\":\"") && !errors.get(0).contains("header"), errors.get(0));
        assertTrue(errors.get(1).contains("Aeron message shorter than its 8-byte ingest_ns header, dropped: 2 bytes, starting `ab`"),
            errors.get(1));
        assertTrue(runtime.summary().contains("connector/receive/decode failed 2"), runtime.summary());
    }

    private static byte[] message(final long ingestNs, final String json)
    {
        final byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer bytes = ByteBuffer.allocate(8 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(ingestNs).put(payload);
        return bytes.array();
    }

    private static void publish(final Publication publication, final byte[] message) throws InterruptedException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (publication.offer(buffer) < 0)
        {
            assertTrue(System.nanoTime() < deadline, "offer");
            Thread.sleep(1);
        }
    }

    private static String errorOf(final String config, final Path dir)
    {
        final String flow = "define flow main\nflow\n" +
            "  define connector a from aeron with config = " + config + " end;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  create connector a;\n  create pipeline pass;\n" +
            "  connect /connector/a to /pipeline/pass;\nend;\n";
        return assertThrows(CompileError.class, () -> runtime(flow, dir)).getMessage();
    }

    @Test
    @Timeout(60)
    void shouldReportBadConfigurationClearly(@TempDir final Path dir) throws Exception
    {
        assertTrue(errorOf("{\"stream_id\": 1}", dir).contains("connector a: `config.channel` must be an Aeron channel"));
        assertTrue(errorOf("{\"channel\": \"udp://x\", \"stream_id\": 1}", dir)
            .contains("bad `config.channel` `udp://x`"));
        assertTrue(errorOf("{\"channel\": \"aeron:tcp?endpoint=x:1\", \"stream_id\": 1}", dir)
            .contains("the media must be ipc or udp"));
        assertTrue(errorOf("{\"channel\": \"aeron:udp\", \"stream_id\": 1}", dir)
            .contains("a udp channel needs endpoint=host:port"));
        assertTrue(errorOf("{\"channel\": \"aeron:ipc\"}", dir).contains("`config.stream_id` must be a 32-bit integer"));
        assertTrue(errorOf("{\"channel\": \"aeron:ipc\", \"stream_id\": 1, \"idle\": \"nap\"}", dir)
            .contains("unknown `config.idle` `nap`"));
        assertTrue(errorOf("{\"channel\": \"aeron:ipc\", \"stream_id\": 1, \"media_driver\": 3}", dir)
            .contains("`config.media_driver` must be \"embedded\" or {\"dir\""));
        final String missing = errorOf("{\"channel\": \"aeron:ipc\", \"stream_id\": 1, \"media_driver\": {\"dir\": \"nope\"}}",
            dir);
        assertTrue(missing.contains("no Aeron media driver directory at " + dir.resolve("nope")), missing);
        // the driver refuses what the parser let through: an endpoint that does not resolve
        final String refused = errorOf("{\"channel\": \"aeron:udp?endpoint=no.such.host.invalid:1\", \"stream_id\": 1}",
            dir);
        assertTrue(refused.contains("cannot subscribe to `aeron:udp?endpoint=no.such.host.invalid:1` stream 1"), refused);
    }

    @Test
    @Timeout(60)
    void shouldReportAnExternalDriverThatDoesNotAnswer(@TempDir final Path dir) throws Exception
    {
        final Path stale = dir.resolve("stale");
        CloseHelper.close(MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(stale.toString())
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(false)));
        final String error = errorOf("{\"channel\": \"aeron:ipc\", \"stream_id\": 1, \"driver_timeout_ms\": 500, " +
            "\"media_driver\": {\"dir\": \"stale\"}}", dir);
        assertTrue(error.contains("the Aeron media driver at " + stale + " did not respond within 500 ms"), error);
    }

    @Test
    @Timeout(120)
    void shouldUseAnExternalDriverByDirectory(@TempDir final Path dir) throws Exception
    {
        final Path driverDir = dir.resolve("driver");
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(driverDir.toString())
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true)
            .ipcTermBufferLength(1 << 20)))
        {
            final List<String> sent = events(1_000, false);
            Files.write(dir.resolve("in.json"), sent);
            final String flow = loopFlow("aeron:ipc", 1006, "json").replace("\"stream_id\": 1006}",
                "\"stream_id\": 1006, \"media_driver\": {\"dir\": \"" + driverDir + "\"}}");
            final FlowRuntime runtime = runtime(flow, dir);
            assertEquals(0, runtime.run(RUN_TIMEOUT_NS));
            assertSameLines(sent, Files.readAllLines(dir.resolve("out.json")));
            assertTrue(driver.context().aeronDirectory().isDirectory());
        }
    }
}
