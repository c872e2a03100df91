package io.temblor.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code metrics} connector reports, in Tremor's format, the port counts of the connectors with a
 * {@code metrics_interval_s} and of the pipelines with {@code #!config metrics_interval_s}; a flow watching those
 * reports stops once they show every event of a file went through, and the counts it saw are exact.
 */
class MetricsConnectorTest
{
    private static final int EVENTS = 100;

    private static CompiledDeployment compile(final String source, final Path dir)
    {
        return TroyCompiler.compile(source, List.of(dir), name ->
        {
            final AggregateFunction fn = Aggregates.lookup(name);
            return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
        }, "main", null);
    }

    private static String run(final String flow, final Path dir) throws Exception
    {
        final FlowRuntime runtime = new FlowRuntime(compile(flow, dir), new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir);
        final ByteArrayOutputStream report = new ByteArrayOutputStream();
        runtime.reportTo(new PrintStream(report, true, StandardCharsets.UTF_8));
        assertEquals(0, runtime.run(30_000_000_000L), "the flow did not exit");
        return report.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReportExactPortCountsOfConnectorsAndPipelines(@TempDir final Path dir) throws Exception
    {
        // given
        final StringBuilder in = new StringBuilder();
        for (int i = 0; i < EVENTS; i++)
        {
            in.append("{\"n\":").append(i).append("}\n");
        }
        Files.writeString(dir.resolve("in.json"), in.toString());
        final String flow = """
            define flow main
            flow
              define connector input from file with metrics_interval_s = 1,
                config = {"path": "in.json", "mode": "read"} end;
              define connector output from file with metrics_interval_s = 1,
                config = {"path": "out.json", "mode": "truncate"} end;
              define connector reports from file with config = {"path": "metrics.json", "mode": "truncate"} end;
              define connector metrics from metrics;
              define connector stop from exit;
              define pipeline pass
              pipeline
                #!config metrics_interval_s = 1
                select event from in into out;
              end;
              define pipeline watch pipeline select event from in into out; end;
              define pipeline done
              pipeline
                select {"exit": 0} from in
                where event.measurement == "connector_events" and event.tags.`connector` == "main::output"
                  and event.fields.count == 100
                into out;
              end;
              create connector input;
              create connector output;
              create connector reports;
              create connector metrics;
              create connector stop;
              create pipeline pass;
              create pipeline watch;
              create pipeline done;
              connect /connector/input to /pipeline/pass;
              connect /pipeline/pass to /connector/output;
              connect /connector/metrics to /pipeline/watch;
              connect /pipeline/watch to /connector/reports;
              connect /connector/metrics to /pipeline/done;
              connect /pipeline/done to /connector/stop;
            end;
            """;

        // when
        run(flow, dir);

        // then: the latest count of every series, and counts only grow
        assertEquals(EVENTS, Files.readAllLines(dir.resolve("out.json")).size());
        final ObjectMapper json = new ObjectMapper();
        final Map<String, Long> latest = new HashMap<>();
        for (final String line : Files.readAllLines(dir.resolve("metrics.json")))
        {
            final JsonNode event = json.readTree(line);
            assertTrue(event.get("timestamp").isIntegralNumber() && event.get("timestamp").asLong() > 0, line);
            final JsonNode tags = event.get("tags");
            final String series = event.get("measurement").asText() + " " + tags.path("connector").asText() +
                tags.path("pipeline").asText() + " " + tags.path("node").asText() + " " + tags.path("direction").asText() +
                " " + tags.get("port").asText();
            final long count = event.get("fields").get("count").asLong();
            assertTrue(count >= latest.getOrDefault(series, 0L), "count went down: " + line);
            latest.put(series, count);
            if ("connector_events".equals(event.get("measurement").asText()))
            {
                assertEquals("main", tags.get("flow").asText(), line);
            }
        }
        assertEquals(EVENTS, latest.get("connector_events main::input   out"), latest.toString());
        assertEquals(0, latest.get("connector_events main::input   err"), latest.toString());
        assertEquals(EVENTS, latest.get("connector_events main::output   in"), latest.toString());
        assertEquals(EVENTS, latest.get("events main::pass in input in"), latest.toString());
        assertEquals(EVENTS, latest.get("events main::pass out output out"), latest.toString());
        assertEquals(0, latest.get("events main::pass err output err"), latest.toString());
        assertTrue(latest.keySet().stream().noneMatch(k -> k.contains("reports") || k.contains("watch")),
            "only connectors and pipelines with an interval report: " + latest);
    }

    @Test
    void shouldForwardMetricsEventsSentToItAndCountOthersAsFailures(@TempDir final Path dir) throws Exception
    {
        final String flow = """
            define flow main
            flow
              define connector tick from metronome with config = {"interval": 1000000} end;
              define connector metrics from metrics;
              define connector reports from file with config = {"path": "metrics.json", "mode": "truncate"} end;
              define connector stop from exit;
              define pipeline make
              pipeline
                select {"measurement": "custom", "tags": {"id": event.id}, "fields": {"value": 1}, "timestamp": 7}
                from in where event.id != 1 and event.id < 4 into out;
                select {"not": "a metric"} from in where event.id == 1 into out;
              end;
              define pipeline watch pipeline select event from in into out; end;
              define pipeline done pipeline select {"exit": 0} from in where event.tags.id == 3 into out; end;
              create connector tick;
              create connector metrics;
              create connector reports;
              create connector stop;
              create pipeline make;
              create pipeline watch;
              create pipeline done;
              connect /connector/tick to /pipeline/make;
              connect /pipeline/make to /connector/metrics;
              connect /connector/metrics to /pipeline/watch;
              connect /pipeline/watch to /connector/reports;
              connect /connector/metrics to /pipeline/done;
              connect /pipeline/done to /connector/stop;
            end;
            """;
        final String summary = run(flow, dir);
        final List<String> lines = Files.readAllLines(dir.resolve("metrics.json"));
        assertEquals(3, lines.size(), lines.toString());
        // the invalid event (id 1) comes before the one that stops the flow (id 3), so it is always counted
        final int[] ids = {0, 2, 3};
        for (int i = 0; i < 3; i++)
        {
            final JsonNode event = new ObjectMapper().readTree(lines.get(i));
            assertEquals("custom", event.get("measurement").asText());
            assertEquals(ids[i], event.get("tags").get("id").asInt());
        }
        assertTrue(summary.contains("connector/metrics failed 1 (last: invalid metrics data"), summary);
    }
}
