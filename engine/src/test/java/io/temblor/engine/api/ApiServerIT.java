package io.temblor.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.engine.runtime.FlowRuntime;
import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.TroyCompiler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API over real HTTP on loopback, against a flow running in-process: every endpoint's JSON, 404s and 405s, and
 * Prometheus text that parses and whose counters move while events flow.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiServerIT
{
    private static final String FLOW = """
        define flow api_test
        flow
          define connector tick from metronome with config = {"interval": 1000000} end;
          define connector sink from `null`;
          define pipeline main pipeline select event from in into out; end;
          create connector tick;
          create connector sink;
          create pipeline main;
          connect /connector/tick to /pipeline/main;
          connect /pipeline/main to /connector/sink;
        end;
        deploy flow api_test;
        """;
    /** A sample line: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile(
        "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*)})? " +
        "(-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private FlowRuntime runtime;
    private ApiServer api;
    private Thread run;
    private String base;

    @BeforeEach
    void start(@TempDir final Path dir) throws Exception
    {
        runtime = new FlowRuntime(TroyCompiler.compile(FLOW, List.of(dir), name ->
        {
            final AggregateFunction fn = Aggregates.lookup(name);
            return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
        }, "main", null), new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir);
        api = ApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), runtime, "1.2.3");
        base = "http://127.0.0.1:" + api.address().getPort();
        run = new Thread(() ->
        {
            try
            {
                runtime.run(50_000_000_000L);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        run.start();
    }

    @AfterEach
    void stop() throws Exception
    {
        runtime.exit(0, 0);
        run.join(10_000);
        api.close();
    }

    private HttpResponse<String> get(final String path) throws IOException, InterruptedException
    {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(final String path, final int status) throws Exception
    {
        final HttpResponse<String> response = get(path);
        assertEquals(status, response.statusCode(), path + ": " + response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""), path);
        return json.readTree(response.body());
    }

    private JsonNode awaitRunning() throws Exception
    {
        while (true)
        {
            final HttpResponse<String> response = get("/v1/status");
            if (response.statusCode() == 200 && json.readTree(response.body()).get("all_running").asBoolean())
            {
                return json.readTree(response.body());
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void shouldReportVersionAndStatusAsTremorDoes() throws Exception
    {
        assertEquals(json.readTree("{\"version\":\"1.2.3\",\"debug\":false}"), getJson("/v1/version", 200));
        assertEquals(json.readTree("{\"all_running\":true,\"num_flows\":1,\"flows\":{\"running\":1}}"), awaitRunning());

        runtime.exit(0, 0);
        run.join(10_000);
        assertEquals(json.readTree("{\"all_running\":false,\"num_flows\":1,\"flows\":{\"stopped\":1}}"),
            getJson("/v1/status", 503));
        assertEquals("stopped", getJson("/v1/flows/api_test", 200).get("status").asText());
    }

    @Test
    void shouldDescribeFlowsAndConnectors() throws Exception
    {
        awaitRunning();
        assertEquals(json.readTree("[{\"alias\":\"api_test\",\"status\":\"running\",\"connectors\":[\"tick\",\"sink\"]}]"),
            getJson("/v1/flows", 200));
        assertEquals(json.readTree("{\"alias\":\"api_test\",\"status\":\"running\",\"connectors\":[\"tick\",\"sink\"]}"),
            getJson("/v1/flows/api_test/", 200));
        final JsonNode tick = json.readTree("{\"alias\":\"tick\",\"status\":\"running\",\"connectivity\":\"connected\"," +
            "\"pipelines\":{\"out\":[{\"alias\":\"main\",\"port\":\"in\"}]}}");
        final JsonNode sink = json.readTree("{\"alias\":\"sink\",\"status\":\"running\",\"connectivity\":\"connected\"," +
            "\"pipelines\":{\"in\":[{\"alias\":\"main\",\"port\":\"out\"}]}}");
        assertEquals(json.createArrayNode().add(tick).add(sink), getJson("/v1/flows/api_test/connectors", 200));
        assertEquals(sink, getJson("/v1/flows/api_test/connectors/sink", 200));
    }

    @Test
    void shouldAnswerUnknownIdsWith404AndOtherMethodsWith405() throws Exception
    {
        assertEquals(json.readTree("{\"code\":404,\"error\":\"Flow nope not found\"}"), getJson("/v1/flows/nope", 404));
        assertEquals(json.readTree("{\"code\":404,\"error\":\"Flow nope not found\"}"),
            getJson("/v1/flows/nope/connectors", 404));
        assertEquals(json.readTree("{\"code\":404,\"error\":\"Connector nope not found in Flow api_test\"}"),
            getJson("/v1/flows/api_test/connectors/nope", 404));
        assertEquals(404, getJson("/v1/nothing", 404).get("code").asInt());
        assertEquals(404, getJson("/v2/status", 404).get("code").asInt());
        assertEquals(404, getJson("/v1/flows/api_test/pipelines", 404).get("code").asInt());
        final HttpResponse<String> patch = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/flows/api_test"))
            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"status\":\"paused\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(405, patch.statusCode());
        assertEquals("GET, HEAD", patch.headers().firstValue("Allow").orElse(""));
        assertEquals(405, json.readTree(patch.body()).get("code").asInt());
    }

    @Test
    void shouldServePrometheusTextWhoseCountersMoveAsEventsFlow() throws Exception
    {
        awaitRunning();
        final Map<String, Double> first = scrape();
        final String ticks = "temblor_connector_events_total{flow=\"api_test\",connector=\"tick\",port=\"out\"," +
            "direction=\"out\"}";
        final String sunk = "temblor_connector_events_total{flow=\"api_test\",connector=\"sink\",port=\"in\"," +
            "direction=\"in\"}";
        final String piped = "temblor_pipeline_events_total{flow=\"api_test\",pipeline=\"main\",port=\"in\"," +
            "direction=\"in\"}";
        final String latencies = "temblor_pipeline_latency_seconds_count{flow=\"api_test\",pipeline=\"main\"}";
        Map<String, Double> later = scrape();
        while (later.get(ticks) <= first.get(ticks) || later.get(sunk) <= first.get(sunk) ||
            later.get(latencies) <= first.get(latencies))
        {
            Thread.onSpinWait();
            later = scrape();
        }
        assertTrue(later.get(piped) > first.get(piped), later.toString());
        assertTrue(later.get("temblor_connector_bytes_total{flow=\"api_test\",connector=\"tick\",port=\"out\"," +
            "direction=\"out\"}") > 0, later.toString());
        assertTrue(later.get("temblor_pipeline_latency_seconds{flow=\"api_test\",pipeline=\"main\",quantile=\"0.99\"}") > 0,
            later.toString());
        final double fill = later.get("temblor_ring_fill_ratio{flow=\"api_test\"," +
            "ring=\"connector/tick/out->pipeline/main/in\"}");
        assertTrue(fill >= 0 && fill <= 1, later.toString());
        assertTrue(later.keySet().stream().anyMatch(k -> k.startsWith("temblor_gc_collections_total{gc=")), later.toString());
        assertEquals(0, later.get("temblor_connector_failures_total{flow=\"api_test\",connector=\"sink\"}"));
    }

    /** Reads /metrics, checking every line is a comment or a sample of the family declared before it. */
    private Map<String, Double> scrape() throws Exception
    {
        final HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        final Map<String, Double> samples = new HashMap<>();
        String family = null;
        for (final String line : response.body().split("\n"))
        {
            if (line.startsWith("# HELP "))
            {
                continue;
            }
            if (line.startsWith("# TYPE "))
            {
                final String[] parts = line.split(" ");
                assertEquals(4, parts.length, line);
                assertTrue(List.of("counter", "gauge", "summary").contains(parts[3]), line);
                family = parts[2];
                continue;
            }
            final Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample: " + line);
            assertTrue(null != family && m.group(1).startsWith(family), line + " outside its family " + family);
            assertEquals(null, samples.put(line.substring(0, line.lastIndexOf(' ')), Double.parseDouble(m.group(4))),
                "sample twice: " + line);
        }
        return samples;
    }

    @Test
    void shouldFailToBindAPortInUseWithAClearError() throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            assertThrows(BindException.class, () -> ApiServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()), runtime, "1"));
        }
    }

    @Test
    void shouldParseHostAndPort()
    {
        assertEquals(new InetSocketAddress("127.0.0.1", 9898), ApiServer.parseAddress("127.0.0.1:9898"));
        assertEquals(0, ApiServer.parseAddress("[::1]:0").getPort());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ApiServer.parseAddress("9898")).getMessage()
            .contains("HOST:PORT"));
        assertThrows(IllegalArgumentException.class, () -> ApiServer.parseAddress("localhost:http"));
        assertThrows(IllegalArgumentException.class, () -> ApiServer.parseAddress("localhost:70000"));
    }
}
