package io.temblor.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.error.CompileError;
import io.temblor.script.value.ValueWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in operators through real pipelines: {@code qos::backpressure} (discard and pause, driven by contraflow
 * insights), {@code qos::percentile}, {@code generic::batch}, {@code qos::roundrobin} with closed outputs,
 * {@code generic::counter}, and configuration errors reported at compile time.
 */
class OperatorsTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    record Out(String port, JsonNode value)
    {
    }

    static final class Harness implements AutoCloseable
    {
        final Pipeline pipeline;
        final JsonParser parser = new JsonParser();
        final ByteSink sink = new ByteSink();
        final ValueWriter writer = new ValueWriter();

        Harness(final String query)
        {
            pipeline = new Pipeline(QueryCases.compile(Path.of("."), query));
        }

        List<Out> send(final String json, final long ingestNs)
        {
            final List<Out> outs = new ArrayList<>();
            final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            parser.parse(bytes, 0, bytes.length);
            final int status = pipeline.enqueue("in", parser.tape(), ingestNs, ingestNs, (port, vh, vb, mh, mb, ns, id) ->
            {
                sink.reset();
                writer.write(pipeline.context(), vh, vb, sink);
                try
                {
                    outs.add(new Out(port, JSON.readTree(sink.toByteArray())));
                }
                catch (final java.io.IOException ex)
                {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            assertEquals(Pipeline.OK, status, () -> String.valueOf(pipeline.error()));
            return outs;
        }

        Insight insight(final int kind, final long nowNs, final long latencyNs)
        {
            final Insight insight = new Insight();
            insight.kind = kind;
            insight.nowNs = nowNs;
            insight.latencyNs = latencyNs;
            pipeline.contraflow(insight);
            return insight;
        }

        @Override
        public void close()
        {
            parser.close();
            sink.close();
            pipeline.close();
        }
    }

    private static final String ROUTES = "select event from op into out;\nselect event from op/overflow into out/overflow;";

    @Test
    void shouldDiscardDuringBackoffAfterAFailedDeliveryAndRecoverOnAck()
    {
        try (Harness h = new Harness("define operator bp from qos::backpressure with timeout = 100, steps = [1, 10] end;\n" +
            "create operator op from bp;\nselect event from in into op;\n" + ROUTES))
        {
            assertEquals("out", h.send("1", 0).get(0).port());
            h.insight(Insight.FAIL, 0, 0);
            // backing off 1 ms: the next event within it overflows, the one after it passes
            assertEquals("overflow", h.send("2", 500_000).get(0).port());
            assertEquals("out", h.send("3", 1_000_000).get(0).port());
            h.insight(Insight.ACK, 2_000_000, 1_000);
            assertEquals("out", h.send("4", 2_000_001).get(0).port());
            assertEquals("out", h.send("5", 2_000_002).get(0).port());
            // a slow delivery (latency over the timeout) counts as a failure
            h.insight(Insight.ACK, 3_000_000, 200_000_000);
            assertEquals("overflow", h.send("6", 3_000_001).get(0).port());
        }
    }

    @Test
    void shouldTurnTheFirstFailureIntoATriggerAndTheRecoveryIntoARestoreWhenPausing()
    {
        try (Harness h = new Harness("define operator bp from qos::backpressure with timeout = 100, method = \"pause\" end;\n" +
            "create operator op from bp;\nselect event from in into op;\n" + ROUTES))
        {
            assertEquals(Insight.TRIGGER, h.insight(Insight.FAIL, 0, 0).kind);
            assertEquals("out", h.send("1", 1).get(0).port(), "pause mode never discards");
            assertEquals(Insight.RESTORE, h.insight(Insight.ACK, 10, 0).kind);
        }
    }

    @Test
    void shouldLowerThePassedShareOnFailuresAndRaiseItOnAcks()
    {
        try (Harness h = new Harness("define operator p from qos::percentile with timeout = 100, step_down = 0.25 end;\n" +
            "create operator op from p;\nselect event from in into op;\n" + ROUTES))
        {
            for (int i = 0; i < 3; i++)
            {
                h.insight(Insight.FAIL, i, 0);
            }
            int passed = 0;
            for (int i = 0; i < 2000; i++)
            {
                passed += "out".equals(h.send(String.valueOf(i), i).get(0).port()) ? 1 : 0;
            }
            assertTrue(passed > 350 && passed < 650, "about a quarter should pass: " + passed);
            for (int i = 0; i < 1000; i++)
            {
                h.insight(Insight.ACK, i, 0);
            }
            for (int i = 0; i < 100; i++)
            {
                assertEquals("out", h.send(String.valueOf(i), i).get(0).port());
            }
        }
    }

    @Test
    void shouldBatchEventsIntoArrays()
    {
        try (Harness h = new Harness("define operator b from generic::batch with count = 3 end;\n" +
            "create operator op from b;\nselect event from in into op;\nselect event from op into out;"))
        {
            assertTrue(h.send("{\"a\":1}", 0).isEmpty());
            assertTrue(h.send("{\"a\":2}", 1).isEmpty());
            final List<Out> outs = h.send("{\"a\":3}", 2);
            assertEquals(1, outs.size());
            assertEquals("[{\"a\":1},{\"a\":2},{\"a\":3}]", outs.get(0).value().toString());
            assertTrue(h.send("4", 3).isEmpty(), "a new batch starts");
        }
    }

    @Test
    void shouldRoundRobinOverOpenOutputsAndOverflowWhenAllAreClosed()
    {
        try (Harness h = new Harness("define operator rr from qos::roundrobin with outputs = [\"a\", \"b\"] end;\n" +
            "create operator op from rr;\nselect event from in into op;\nselect event from op/a into out/a;\n" +
            "select event from op/b into out/b;\n" + ROUTES))
        {
            assertEquals("a", h.send("1", 0).get(0).port());
            assertEquals("b", h.send("2", 1).get(0).port());
            final Operators.RoundRobin rr = (Operators.RoundRobin)h.pipeline.operator("op");
            rr.output(0, false);
            assertEquals("b", h.send("3", 2).get(0).port());
            assertEquals("b", h.send("4", 3).get(0).port());
            rr.output(1, false);
            assertEquals("overflow", h.send("5", 4).get(0).port());
        }
    }

    @Test
    void shouldCountEvents()
    {
        try (Harness h = new Harness("define operator c from generic::counter;\ncreate operator op from c;\n" +
            "select event from in into op;\nselect event from op into out;"))
        {
            assertEquals("{\"count\":1,\"event\":\"x\"}", h.send("\"x\"", 0).get(0).value().toString());
            assertEquals("{\"count\":2,\"event\":7}", h.send("7", 1).get(0).value().toString());
        }
    }

    @Test
    void shouldReportBadOperatorConfigurationAtCompileTime()
    {
        final CompileError missing = assertThrows(CompileError.class, () -> new Pipeline(QueryCases.compile(Path.of("."),
            "define operator bp from qos::backpressure;\ncreate operator op from bp;\nselect event from in into op;")));
        assertTrue(missing.getMessage().contains("timeout"), missing.getMessage());
        final CompileError unknown = assertThrows(CompileError.class, () -> new Pipeline(QueryCases.compile(Path.of("."),
            "define operator x from nope::nothing;\ncreate operator op from x;\nselect event from in into op;")));
        assertTrue(unknown.getMessage().contains("not supported"), unknown.getMessage());
        assertTrue(unknown.render("define operator x from nope::nothing;\ncreate operator op from x;\n").contains("^"),
            "located at the create");
    }
}
