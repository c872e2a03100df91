package io.temblor.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.engine.log.Log;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code temblor run FLOW.troy} with its API options: an ephemeral port is logged and serves the running flow; a port
 * in use is a logged error and the flow still runs; bad options are usage errors; logs can be JSON.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlowApiIT
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void resetLog()
    {
        Log.configure(System.err, Log.Format.LOGFMT, Log.Level.INFO);
    }

    private int run(final String... args)
    {
        return RunCommand.run(args, new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr()
    {
        synchronized (err)
        {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    private static int freePort() throws Exception
    {
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            return probe.getLocalPort();
        }
    }

    @Test
    void shouldServeTheRunningFlowOnTheLoggedEphemeralPort(@TempDir final Path dir) throws Exception
    {
        // given: a flow that runs until an event arrives on its tcp_server
        final int listen = freePort();
        final Path flow = dir.resolve("flow.troy");
        Files.writeString(flow, "define flow main\nflow\n" +
            "  define connector input from tcp_server with codec = \"json\", preprocessors = [\"separate\"], " +
            "config = {\"url\": \"127.0.0.1:" + listen + "\"} end;\n" +
            "  define connector stop from exit;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  create connector input;\n  create connector stop;\n  create pipeline pass;\n" +
            "  connect /connector/input to /pipeline/pass;\n  connect /pipeline/pass to /connector/stop;\nend;\n");
        final int[] code = {-1};
        final Thread main = new Thread(() -> code[0] = run(flow.toString(), "--api", "127.0.0.1:0"));
        main.start();

        // when: the bound address is logged
        final Pattern address = Pattern.compile("level=info component=api msg=listening address=http://127\\.0\\.0\\.1:(\\d+)");
        Matcher m = address.matcher(stderr());
        while (!m.find())
        {
            Thread.onSpinWait();
            m = address.matcher(stderr());
        }

        // then: it serves the flow
        final HttpClient client = HttpClient.newHttpClient();
        final URI flows = URI.create("http://127.0.0.1:" + m.group(1) + "/v1/flows/main/connectors/input");
        JsonNode input = null;
        while (null == input || !"running".equals(input.get("status").asText()))
        {
            final HttpResponse<String> response = client.send(HttpRequest.newBuilder(flows).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            input = new ObjectMapper().readTree(response.body());
        }
        assertEquals("pass", input.get("pipelines").get("out").get(0).get("alias").asText());

        // and the flow ends with the exit event, the API closed
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listen); OutputStream o = socket.getOutputStream())
        {
            o.write("{\"exit\":0}\n".getBytes(StandardCharsets.UTF_8));
            o.flush();
            main.join(30_000);
        }
        assertEquals(0, code[0], stderr());
        assertTrue(stderr().contains("temblor: stopped; "), stderr());
        assertTrue(stderr().contains("level=info component=runtime msg=stopped exit=0"), stderr());
        assertTrue(stderr().contains("level=info component=connector/input msg=\"connections accepted\" count=1 total=1"),
            stderr());
    }

    @Test
    void shouldRunTheFlowWithoutTheApiWhenItsPortIsInUse(@TempDir final Path dir) throws Exception
    {
        final Path flow = dir.resolve("flow.troy");
        Files.writeString(flow, """
            define flow main
            flow
              define connector tick from metronome with config = {"interval": 1000000} end;
              define connector stop from exit;
              create connector tick;
              create connector stop;
              define pipeline pass pipeline select {"exit": 0} from in into out; end;
              create pipeline pass;
              connect /connector/tick to /pipeline/pass;
              connect /pipeline/pass to /connector/stop;
            end;
            """);
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            assertEquals(0, run(flow.toString(), "--api", "127.0.0.1:" + taken.getLocalPort()), stderr());
            assertTrue(stderr().contains("level=error component=api msg=\"cannot listen on 127.0.0.1:" +
                taken.getLocalPort() + "; the flow runs without the API"), stderr());
            assertTrue(stderr().contains("temblor: stopped; connector/tick sent "), stderr());
        }
    }

    @Test
    void shouldWriteJsonLogsAndRunWithoutTheApi(@TempDir final Path dir) throws Exception
    {
        final Path flow = dir.resolve("flow.troy");
        Files.writeString(flow, """
            define flow main
            flow
              define connector tick from metronome with config = {"interval": 1000000} end;
              define connector stop from exit;
              define pipeline pass pipeline select {"exit": 0} from in into out; end;
              create connector tick;
              create connector stop;
              create pipeline pass;
              connect /connector/tick to /pipeline/pass;
              connect /pipeline/pass to /connector/stop;
            end;
            """);
        assertEquals(0, run(flow.toString(), "--no-api", "--log-format", "json", "--log-level", "info"), stderr());
        int records = 0;
        for (final String line : stderr().split("\n"))
        {
            if (line.startsWith("{"))
            {
                final JsonNode record = new ObjectMapper().readTree(line);
                assertEquals("runtime", record.get("component").asText(), line);
                assertTrue(record.get("ts").asText().endsWith("Z"), line);
                records++;
            }
        }
        assertEquals(2, records, stderr());
        assertTrue(!stderr().contains("component\":\"api"), "no API: " + stderr());
    }

    @Test
    void shouldRejectBadOperationsOptions(@TempDir final Path dir) throws Exception
    {
        final Path flow = dir.resolve("flow.troy");
        Files.writeString(flow, "define flow main flow end;\n");
        assertEquals(Main.EXIT_USAGE, run(flow.toString(), "--api", "nowhere"));
        assertTrue(stderr().contains("temblor run: --api: expected HOST:PORT, got `nowhere`"), stderr());
        assertEquals(Main.EXIT_USAGE, run(flow.toString(), "--log-level", "loud"));
        assertTrue(stderr().contains("unknown log level `loud`"), stderr());
        assertEquals(Main.EXIT_USAGE, run(flow.toString(), "--log-format"));
        assertTrue(stderr().contains("--log-format needs a value"), stderr());
    }
}
