package io.temblor.bench.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What makes the comparison honest: on every event of every workload, Temblor, JSLT and the hand-written Jackson code
 * produce the same output (compared as Jackson trees: key order is free, {@code 1} and {@code 1.0} differ), and each
 * benchmark method runs its batch.
 */
class ScriptBenchmarkTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(ScriptWorkload.class)
    void shouldProduceSameOutputInEveryEngineWhenRunningEveryEvent(final ScriptWorkload workload) throws IOException
    {
        // given
        final ScriptWorkload.Events events = workload.events();
        try (TemblorTransform temblor = new TemblorTransform(workload, List.of(ScriptBenchmark.libDir()));
            JsltTransform jslt = new JsltTransform(workload);
            JacksonTransform jackson = new JacksonTransform(workload))
        {
            for (int i = 0; i < events.count(); i++)
            {
                // when
                final int start = events.starts()[i];
                final int length = events.lengths()[i];
                final JsonNode expected = tree(jackson, events, i);
                final JsonNode viaTemblor = tree(temblor, events, i);
                final JsonNode viaJslt = tree(jslt, events, i);

                // then
                final String event = workload.id() + " event " + (i + 1) + ": " +
                    new String(events.bytes(), start, Math.min(length, 200), StandardCharsets.UTF_8);
                assertEquals(expected, viaTemblor, "temblor vs jacksonHandwritten on " + event);
                assertEquals(expected, viaJslt, "jslt vs jacksonHandwritten on " + event);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ScriptWorkload.class)
    void shouldTransformWholeBatchWhenBenchmarkMethodsRun(final ScriptWorkload workload)
    {
        // given
        final ScriptBenchmark bench = new ScriptBenchmark();
        bench.workload = workload.id();
        bench.setup();
        try
        {
            // when
            final long temblor = bench.temblor();
            final long jslt = bench.jslt();
            final long jackson = bench.jacksonHandwritten();

            // then: every event produced output (compact JSON of the same trees: sizes within a few bytes per event)
            assertTrue(temblor > 10L * ScriptBenchmark.BATCH, "temblor wrote " + temblor);
            assertTrue(Math.abs(temblor - jackson) < 8L * ScriptBenchmark.BATCH, temblor + " vs " + jackson);
            assertTrue(Math.abs(jslt - jackson) < 8L * ScriptBenchmark.BATCH, jslt + " vs " + jackson);
        }
        finally
        {
            bench.tearDown();
        }
    }

    @ParameterizedTest
    @EnumSource(ScriptWorkload.class)
    void shouldWriteSameBytesWhenTemblorReadsBatchAsStream(final ScriptWorkload workload)
    {
        // given
        final ScriptBenchmark bench = new ScriptBenchmark();
        bench.workload = workload.id();
        bench.setup();
        try
        {
            // when: the benchmark's stream of events vs the events parsed one by one (checked against the peers above)
            final long streamed = bench.temblor();
            long single = 0;
            for (int i = 0; i < ScriptBenchmark.BATCH; i++)
            {
                single += bench.temblor.transform(bench.bytes, bench.starts[i], bench.lengths[i]);
            }

            // then
            assertEquals(single, streamed);
        }
        finally
        {
            bench.tearDown();
        }
    }

    @Test
    void shouldCoverEveryRuleOfClassificationWhenRunningBundledEvents() throws IOException
    {
        // the 100 events reach every branch kind: application rules, the index rules, the tag rule and the fallbacks
        final ScriptWorkload.Events events = ScriptWorkload.CLASSIFY.events();
        final java.util.Set<String> classes = new java.util.TreeSet<>();
        try (JacksonTransform jackson = new JacksonTransform(ScriptWorkload.CLASSIFY))
        {
            for (int i = 0; i < events.count(); i++)
            {
                classes.add(tree(jackson, events, i).path("meta").path("class").asText());
            }
        }
        assertTrue(classes.containsAll(List.of("applog_app1", "applog_app6", "syslog_app1", "syslog_app2")), classes.toString());
        assertTrue(classes.size() >= 6, classes.toString());
    }

    @Test
    void shouldLeaveSomeLinesUnparsedWhenRunningAccessLog() throws IOException
    {
        final ScriptWorkload.Events events = ScriptWorkload.DISSECT_KV.events();
        int unparsed = 0;
        int withoutAttrs = 0;
        try (JacksonTransform jackson = new JacksonTransform(ScriptWorkload.DISSECT_KV))
        {
            for (int i = 0; i < events.count(); i++)
            {
                final JsonNode out = tree(jackson, events, i);
                unparsed += out.has("unparsed") ? 1 : 0;
                withoutAttrs += !out.has("unparsed") && !out.has("attrs") ? 1 : 0;
            }
        }
        assertTrue(unparsed > 20 && unparsed < 200, "unparsed " + unparsed);
        assertEquals(0, withoutAttrs, "every access line has a request_id pair");
    }

    private static JsonNode tree(final ScriptTransform transform, final ScriptWorkload.Events events, final int i)
        throws IOException
    {
        final int written = transform.transform(events.bytes(), events.starts()[i], events.lengths()[i]);
        final byte[] out = transform.output();
        assertEquals(written, out.length);
        return MAPPER.readTree(out);
    }
}
