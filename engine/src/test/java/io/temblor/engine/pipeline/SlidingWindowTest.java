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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sliding windows (Temblor's; Tremor has none) against a brute-force model: for random event sequences, random groups
 * and random window lengths (by count and by time), every event emits the count, sum and collected values of exactly
 * the events of its group in the window after it entered, in arrival order; long runs exercise the store compaction.
 */
class SlidingWindowTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldMatchTheModelForWindowsByCountAndByTime() throws Exception
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 40; round++)
        {
            final boolean byCount = random.nextBoolean();
            final long length = byCount ? 1 + random.nextInt(8) : 1 + random.nextInt(20);
            final int groups = 1 + random.nextInt(3);
            final String query = "define window w from sliding with " + (byCount ? "size" : "interval") + " = " + length +
                " end;\nselect {\"n\": aggr::stats::count(), \"s\": aggr::stats::sum(event.v), " +
                "\"all\": aggr::win::collect_flattened(event.v), \"g\": group[0]} from in[w] group by event.g into out;";
            final int events = 50 + random.nextInt(300);
            final List<long[]> input = new ArrayList<>();
            long time = 0;
            for (int i = 0; i < events; i++)
            {
                time += random.nextInt(4);
                input.add(new long[] {time, random.nextInt(groups), random.nextInt(100)});
            }
            final List<JsonNode> got = run(query, input);
            final Map<Long, Deque<long[]>> windows = new HashMap<>();
            assertEquals(events, got.size(), "seed " + seed);
            for (int i = 0; i < events; i++)
            {
                final long[] e = input.get(i);
                final Deque<long[]> w = windows.computeIfAbsent(e[1], k -> new ArrayDeque<>());
                w.addLast(e);
                while (byCount ? w.size() > length : w.peekFirst()[0] <= e[0] - length)
                {
                    w.removeFirst();
                }
                final JsonNode out = got.get(i);
                final String where = "seed " + seed + " round " + round + " event " + i + ": " + out;
                assertEquals(w.size(), out.get("n").asInt(), where);
                assertEquals(e[1], out.get("g").asLong(), where);
                double sum = 0;
                int k = 0;
                for (final long[] x : w)
                {
                    sum += x[2];
                    assertEquals(x[2], out.get("all").get(k++).asLong(), where);
                }
                assertEquals(sum, out.get("s").asDouble(), 0.0, where);
            }
        }
    }

    @Test
    void shouldKeepMemoryBoundedOverLongRuns() throws Exception
    {
        final String query = "define window w from sliding with size = 5 end;\n" +
            "select aggr::win::collect_flattened(event) from in[w] into out;";
        final List<long[]> input = new ArrayList<>();
        for (int i = 0; i < 20_000; i++)
        {
            input.add(new long[] {i, 0, i});
        }
        final List<JsonNode> got = run(query, input);
        final JsonNode last = got.get(got.size() - 1);
        assertEquals(5, last.size());
        assertEquals(19_999, last.get(4).get("v").asLong());
        assertEquals(19_995, last.get(0).get("v").asLong());
    }

    @Test
    void shouldRejectSlidingWindowsInTiltFramesAndWithStateScripts()
    {
        final CompileError tilt = assertThrows(CompileError.class, () -> QueryCases.compile(Path.of("."),
            "define window a from sliding with size = 2 end;\ndefine window b from tumbling with size = 2 end;\n" +
            "select aggr::stats::count() from in[a, b] into out;"));
        assertTrue(tilt.getMessage().contains("tilt frame"), tilt.getMessage());
        final CompileError state = assertThrows(CompileError.class, () -> QueryCases.compile(Path.of("."),
            "define window a from sliding state 0 script true end;\nselect aggr::stats::count() from in[a] into out;"));
        assertTrue(state.getMessage().contains("Sliding windows"), state.getMessage());
    }

    @Test
    void shouldRunTheExampleOfTheDocs() throws Exception
    {
        final String doc = java.nio.file.Files.readString(Path.of("..", "docs", "pipelines.md"));
        final int start = doc.indexOf("```trickle\n", doc.indexOf("## Sliding windows")) + "```trickle\n".length();
        final String query = doc.substring(start, doc.indexOf("```", start));
        final List<JsonNode> got = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline(QueryCases.compile(Path.of("."), query)); JsonParser parser = new JsonParser())
        {
            for (int i = 0; i < 4; i++)
            {
                final byte[] bytes = ("{\"service\":\"a\",\"ms\":" + (10 * i) + "}").getBytes(StandardCharsets.UTF_8);
                parser.parse(bytes, 0, bytes.length);
                final ValueWriter writer = new ValueWriter();
                try (ByteSink sink = new ByteSink())
                {
                    assertEquals(Pipeline.OK, pipeline.enqueue("in", parser.tape(), i * 2_000_000_000L, i,
                        (port, vh, vb, mh, mb, ns, id) ->
                        {
                            writer.write(pipeline.context(), vh, vb, sink);
                            got.add(parse(sink.toByteArray()));
                        }));
                }
            }
        }
        // 5 s window over events 2 s apart: 1, 2, 3, then 3 events (the first left)
        assertEquals(List.of(1, 2, 3, 3), got.stream().map(n -> n.get("n").asInt()).toList());
        assertEquals(20.0, got.get(3).get("mean_ms").asDouble(), 0.0);
    }

    private static JsonNode parse(final byte[] bytes)
    {
        try
        {
            return JSON.readTree(bytes);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static List<JsonNode> run(final String query, final List<long[]> input) throws Exception
    {
        final List<JsonNode> got = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline(QueryCases.compile(Path.of("."), query)); JsonParser parser = new JsonParser();
            ByteSink sink = new ByteSink())
        {
            final ValueWriter writer = new ValueWriter();
            for (final long[] e : input)
            {
                final byte[] bytes = ("{\"g\":" + e[1] + ",\"v\":" + e[2] + "}").getBytes(StandardCharsets.UTF_8);
                parser.parse(bytes, 0, bytes.length);
                final int status = pipeline.enqueue("in", parser.tape(), e[0], e[0], (port, vh, vb, mh, mb, ns, id) ->
                {
                    sink.reset();
                    writer.write(pipeline.context(), vh, vb, sink);
                    try
                    {
                        got.add(JSON.readTree(sink.toByteArray()));
                    }
                    catch (final java.io.IOException ex)
                    {
                        throw new java.io.UncheckedIOException(ex);
                    }
                });
                assertEquals(Pipeline.OK, status, () -> String.valueOf(pipeline.error()));
            }
        }
        return got;
    }
}
