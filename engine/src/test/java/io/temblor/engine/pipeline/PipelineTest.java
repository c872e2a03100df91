package io.temblor.engine.pipeline;

import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shared value context between operators: an event sent to two branches is not changed for one by the other's
 * writes; values that a stateful script emits (which may hold its state) stay readable downstream while other
 * operators' state stores are installed; an operator's error fails the event and the next event goes through.
 */
class PipelineTest
{
    private static List<String> run(final String query, final String... events)
    {
        final List<String> out = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline(QueryCases.compile(Path.of("."), query)); JsonParser parser = new JsonParser();
            ByteSink sink = new ByteSink())
        {
            final ValueWriter writer = new ValueWriter();
            long i = 0;
            for (final String event : events)
            {
                final byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
                parser.parse(bytes, 0, bytes.length);
                final int status = pipeline.enqueue("in", parser.tape(), i, i, (port, vh, vb, mh, mb, ns, id) ->
                {
                    sink.reset();
                    writer.write(pipeline.context(), vh, vb, sink);
                    out.add(port + ":" + new String(sink.toByteArray(), StandardCharsets.UTF_8));
                });
                if (status == Pipeline.ERROR)
                {
                    out.add("error:" + pipeline.error().getMessage());
                }
                i++;
            }
        }
        return out;
    }

    @Test
    void shouldNotLetOneBranchChangeTheEventTheOtherBranchSees()
    {
        final String query = """
            define script writer script let event.x = 1; event end;
            define script reader script event end;
            create stream mid;
            create script w from writer;
            create script r from reader;
            select {"a": event} from in into mid;
            select event from mid into r;
            select event from mid into w;
            select event from w into out;
            select event from r into out;
            """;
        final List<String> out = run(query, "1", "2");
        // Tremor's order: the branch selected last runs first, so the writer changes the event before the reader
        assertEquals(List.of("out:{\"a\":1}", "out:{\"a\":1,\"x\":1}", "out:{\"a\":2}", "out:{\"a\":2,\"x\":1}"), out);
    }

    @Test
    void shouldKeepValuesThatHoldScriptStateReadableDownstream()
    {
        final String query = """
            define script collect state ["kept", {"in": "state"}] script {"all": state, "e": event} end;
            define script count state 0 script let state = state + 1; {"n": state, "seen": event} end;
            create script c from collect;
            create script n from count;
            select event from in into c;
            select event from c into n;
            select event from n into out;
            """;
        final List<String> out = run(query, "1", "2", "3");
        final String kept = "\"all\":[\"kept\",{\"in\":\"state\"}]";
        assertEquals(List.of("out:{\"n\":1,\"seen\":{" + kept + ",\"e\":1}}", "out:{\"n\":2,\"seen\":{" + kept +
            ",\"e\":2}}", "out:{\"n\":3,\"seen\":{" + kept + ",\"e\":3}}"), out);
    }

    @Test
    void shouldFailOnlyTheEventWhoseWhereClauseFails()
    {
        final List<String> out = run("select event from in where event.a > 1 into out;", "{\"a\":2}", "{}", "{\"a\":3}");
        assertEquals(3, out.size());
        assertEquals("out:{\"a\":2}", out.get(0));
        assertEquals("error:Trying to access a non existing event key `a`", out.get(1));
        assertEquals("out:{\"a\":3}", out.get(2));
    }
}
