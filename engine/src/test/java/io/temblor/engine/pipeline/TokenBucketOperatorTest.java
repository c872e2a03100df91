package io.temblor.engine.pipeline;

import io.temblor.engine.qos.TokenShaper;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.compile.QueryCompiler;
import io.temblor.script.error.CompileError;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketOperatorTest
{
    private static final long MS = 1_000_000L;

    private static String shapeQuery(final long rate, final long periodMs, final long burst, final long queueBytes)
    {
        return "define operator tb from qos::token_bucket with rate = " + rate + ", period = " + periodMs +
            ", burst = " + burst + ", mode = \"shape\", queue_bytes = " + queueBytes + " end;\n" +
            "create operator tb;\n" +
            "select event from in into tb;\n" +
            "select event from tb into out;\n" +
            "select event from tb/overflow into out/overflow;\n";
    }

    /** An event that left the pipeline, rendered while it was valid, and the time of the call it left in. */
    private record Out(String port, String value, String meta, long ingestNs, long id, long atNs)
    {
    }

    /** Drives a pipeline as a source would: events at ingest times, ticks, and the end-of-input flush. */
    private static final class Driver implements AutoCloseable
    {
        final Pipeline pipeline;
        final JsonParser parser = new JsonParser();
        final ByteSink sink = new ByteSink();
        final ValueWriter writer = new ValueWriter();
        final List<Out> outs = new ArrayList<>();
        final long[] t = new long[8];
        final Pipeline.Outputs outputs;
        long now;

        Driver(final String query)
        {
            pipeline = new Pipeline(QueryCompiler.compile(query, List.of(), name -> null));
            outputs = (port, valueH, valueB, metaH, metaB, ingestNs, id) ->
                outs.add(new Out(port, json(valueH, valueB), json(metaH, metaB), ingestNs, id, now));
        }

        String json(final long handle, final long bits)
        {
            sink.reset();
            writer.write(pipeline.context(), handle, bits, sink);
            return new String(sink.toByteArray(), StandardCharsets.UTF_8);
        }

        TokenBucketOperator tb()
        {
            return (TokenBucketOperator)pipeline.operator("tb");
        }

        /** Sends an event with metadata {@code {"seq": id}}; returns its value and metadata as JSON. */
        String[] send(final String event, final long ingestNs, final long id)
        {
            now = ingestNs;
            final byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            assertEquals(JsonError.OK, parser.parse(bytes, 0, bytes.length), event);
            final ValueContext ctx = pipeline.context();
            pipeline.resetArena();
            ctx.event(parser.tape());
            final long[] s = t;
            ctx.root(s, 0);
            ctx.newRecord(4, s, 2);
            ctx.newString("seq", s, 4);
            ctx.put(s[2], s[4], Values.INT, id, s, 2);
            final String[] rendered = {json(s[0], s[1]), json(s[2], s[3])};
            assertEquals(Pipeline.OK, pipeline.enqueueValue("in", s[0], s[1], s[2], s[3], ingestNs, id, outputs));
            return rendered;
        }

        void tick(final long atNs)
        {
            now = atNs;
            assertEquals(Pipeline.OK, pipeline.tick(atNs, outputs));
        }

        /** Ticks at the times the operator names until it holds nothing (as {@code bin/temblor run} does). */
        void flush()
        {
            final TokenBucketOperator tb = tb();
            for (int guard = 0; tb.heldEvents() > 0; guard++)
            {
                assertTrue(guard < 1_000_000, "flush does not end");
                tick(Math.max(now, tb.nextReleaseNs(now)));
            }
        }

        @Override
        public void close()
        {
            pipeline.close();
            parser.close();
            sink.close();
        }
    }

    @Test
    void shouldQueueReleaseAndOverflowWhenShapingThroughATrickleQuery()
    {
        // given: 2 events per 10 ms, burst 2, a queue of 80 bytes (two frames of 40: header, ingest time, id, JSON)
        try (Driver d = new Driver(shapeQuery(2, 10, 2, 80)))
        {
            // when: ten events within 10 ns
            for (int i = 0; i < 10; i++)
            {
                d.send("{\"n\":" + i + "}", i, i);
            }
            // then: the burst passes, two wait, the rest overflow at once
            assertEquals(List.of("out:0", "out:1", "overflow:4", "overflow:5", "overflow:6", "overflow:7",
                "overflow:8", "overflow:9"), summary(d.outs));
            assertEquals(2, d.tb().heldEvents());
            // when: a tick before the next token, then the flush
            d.tick(4 * MS);
            assertEquals(8, d.outs.size());
            d.flush();
            // then: the queued events leave in order, one token (5 ms) apart, with their metadata and ids
            assertEquals(10, d.outs.size());
            assertEquals(new Out("out", "{\"n\":2}", "{\"seq\":2}", 2, 2, 5 * MS), d.outs.get(8));
            assertEquals(new Out("out", "{\"n\":3}", "{\"seq\":3}", 3, 3, 10 * MS), d.outs.get(9));
        }
    }

    @Test
    void shouldReleaseQueuedEventsInOrderOnEventsAndTicks()
    {
        // given: 1 event per ms, burst 3, a roomy queue
        try (Driver d = new Driver(shapeQuery(1, 1, 3, 1 << 16)))
        {
            // when: 8 events at once, then one more after 2 ms, then a tick that releases several at once
            for (int i = 0; i < 8; i++)
            {
                d.send("[" + i + "]", 0, i);
            }
            d.send("[8]", 2 * MS, 8);
            d.tick(5 * MS);
            // then: 3 at once, 2 more with the later event (after it was queued), 3 on the tick, in order
            assertEquals(List.of("out:0", "out:1", "out:2", "out:3", "out:4", "out:5", "out:6", "out:7"),
                summary(d.outs));
            assertEquals(List.of(0L, 0L, 0L, 2 * MS, 2 * MS, 5 * MS, 5 * MS, 5 * MS),
                d.outs.stream().map(Out::atNs).toList());
            d.flush();
            assertEquals("out:8", summary(d.outs).get(8));
        }
    }

    @Test
    void shouldReadPeriodAndBurstWhenPolicing()
    {
        // given: police mode, 2 per 10 ms, burst 1 (one every 5 ms)
        try (Driver d = new Driver("define operator tb from qos::token_bucket with rate = 2, period = 10, burst = 1 end;\n" +
            "create operator tb;\n" +
            "select event from in into tb;\n" +
            "select event from tb into out;\n" +
            "select event from tb/overflow into out/overflow;\n"))
        {
            // when
            d.send("0", 0, 0);
            d.send("1", 4 * MS, 1);
            d.send("2", 5 * MS, 2);
            // then
            assertEquals(List.of("out:0", "overflow:1", "out:2"), summary(d.outs));
            assertEquals(0, d.tb().heldEvents());
        }
    }

    @Test
    void shouldRunTheExampleOfTheDocsWhenCompiled() throws java.io.IOException
    {
        // given: the trickle example of docs/pipelines.md
        final String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "pipelines.md"));
        final int start = doc.indexOf("```trickle\n", doc.indexOf("## qos::token_bucket")) + "```trickle\n".length();
        final String query = doc.substring(start, doc.indexOf("```", start)).replace("shaper", "tb");
        try (Driver d = new Driver(query))
        {
            // when: three events at once
            for (int i = 0; i < 3; i++)
            {
                d.send("[" + i + "]", i, i);
            }
            d.flush();
            // then: the burst of two, then the third 5 ms later
            assertEquals(List.of("out:0", "out:1", "out:2"), summary(d.outs));
            assertEquals(5 * MS, d.outs.get(2).atNs());
        }
    }

    @Test
    void shouldRejectInvalidConfiguration()
    {
        for (final String with : List.of("rate = 1.5, mode = \"shape\"", "rate = 0, mode = \"shape\"",
            "mode = \"drop\"", "period = 0", "burst = 0", "mode = \"shape\", queue_bytes = 8"))
        {
            final String query = "define operator tb from qos::token_bucket with " + with + " end;\n" +
                "create operator tb;\nselect event from in into tb;\nselect event from tb into out;\n";
            final CompileError error = assertThrows(CompileError.class, () ->
                new Pipeline(QueryCompiler.compile(query, List.of(), name -> null)).close(), with);
            assertTrue(error.getMessage().contains("qos::token_bucket"), error.getMessage());
        }
    }

    @Test
    void shouldShapeAsTheModelSaysWhenArrivalsAndSizesAreRandom()
    {
        final long seed = Long.getLong("temblor.test.seed", 0x5EED_70CBL);
        final SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 40; round++)
        {
            // given: a random rate, period, burst and queue size
            final long rate = 1 + random.nextInt(5);
            final long periodMs = 1 + random.nextInt(20);
            final long periodNs = periodMs * MS;
            final long burst = 1 + random.nextInt(8);
            final int queueBytes = 512 + 4 * random.nextInt(1024);
            final String where = "seed " + seed + " round " + round + " (rate " + rate + " per " + periodMs +
                " ms, burst " + burst + ", queue " + queueBytes + " B)";
            try (Driver d = new Driver(shapeQuery(rate, periodMs, burst, queueBytes)))
            {
                final TokenShaper shaper = d.tb().shaper();
                final Map<Long, String[]> sent = new HashMap<>();
                final Map<Long, Boolean> overflowExpected = new HashMap<>();
                long now = random.nextLong(1L << 40);
                final int events = 500 + random.nextInt(500);
                for (long id = 0; id < events; id++)
                {
                    now += random.nextLong(3 * periodNs / rate + 1);
                    if (random.nextInt(4) == 0)
                    {
                        d.tick(now);
                        now += random.nextLong(periodNs / rate + 1);
                    }
                    final String event = randomEvent(random, id);
                    // when: the frame would not fit, the event must overflow (the queue is never empty then: events
                    // are far smaller than the queue)
                    final int frame = 16 + 3 + utf8(json(d, event)) + utf8("{\"seq\":" + id + "}");
                    final boolean full = !shaper.hasRoomFor(frame);
                    sent.put(id, d.send(event, now, id));
                    overflowExpected.put(id, full);
                }
                d.flush();
                // then: nothing lost, overflow exactly when full, out in order, byte for byte
                assertEquals(events, d.outs.size(), where);
                long lastOut = -1;
                final List<Long> releases = new ArrayList<>();
                for (final Out o : d.outs)
                {
                    final String[] in = sent.remove(o.id());
                    assertTrue(null != in, where + ": event " + o.id() + " left twice or was never sent");
                    assertEquals(overflowExpected.get(o.id()), "overflow".equals(o.port()), where + ": event " + o.id());
                    assertEquals(in[0], o.value(), where + ": event " + o.id());
                    assertEquals(in[1], o.meta(), where + ": event " + o.id());
                    if ("out".equals(o.port()))
                    {
                        assertTrue(o.id() > lastOut, where + ": event " + o.id() + " left after " + lastOut);
                        lastOut = o.id();
                        releases.add(o.atNs());
                    }
                }
                assertTrue(sent.isEmpty(), where);
                // and: no window of W ns releases more than burst + W * rate / period events (plus one)
                for (int last = 0; last < releases.size(); last++)
                {
                    for (int first = 0; first < last; first++)
                    {
                        final long window = releases.get(last) - releases.get(first);
                        assertTrue(last - first + 1 <= burst + window * rate / periodNs + 1,
                            where + ": " + (last - first + 1) + " released in " + window + " ns");
                    }
                }
            }
        }
    }

    private static String json(final Driver d, final String event)
    {
        final byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        d.parser.parse(bytes, 0, bytes.length);
        d.pipeline.context().event(d.parser.tape());
        d.pipeline.context().root(d.t, 0);
        return d.json(d.t[0], d.t[1]);
    }

    private static int utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String randomEvent(final SplittableRandom random, final long id)
    {
        final StringBuilder text = new StringBuilder();
        final int length = random.nextInt(8) == 0 ? random.nextInt(200) : random.nextInt(30);
        for (int i = 0; i < length; i++)
        {
            text.append(switch (random.nextInt(12))
            {
                case 0 -> "\\\"";
                case 1 -> "\\n";
                case 2 -> "\\u0001";
                case 3 -> "é";
                case 4 -> "\uD83D\uDE00";
                default -> (char)('a' + random.nextInt(26));
            });
        }
        return switch (random.nextInt(4))
        {
            case 0 -> "\"" + text + "\"";
            case 1 -> "[" + id + ", 1.5e-3, -0.0, true, null, 18446744073709551615, {\"k\": \"" + text + "\"}]";
            default -> "{\"id\": " + id + ", \"text\": \"" + text + "\", \"f\": " + random.nextDouble() * 1e6 +
                ", \"nested\": {\"a\": [" + random.nextLong() + ", {}], \"b\": []}}";
        };
    }

    @Test
    void shouldAllocateNothingWhenShapingAStreamOfEvents()
    {
        // given: 1 event per 1 ms with a burst of 8 and events every 0.9 ms on average, so events queue, some overflow
        // and the queue releases on events
        try (Driver d = new Driver(shapeQuery(1, 1, 8, 4096)))
        {
            final byte[][] events = {
                "{\"level\":\"info\",\"msg\":\"user logged in\",\"n\":1,\"tags\":[\"a\",\"b\"]}".getBytes(StandardCharsets.UTF_8),
                "{\"level\":\"error\",\"msg\":\"disk \\\"full\\\"\",\"n\":2.5,\"tags\":[]}".getBytes(StandardCharsets.UTF_8),
            };
            final JsonParser[] parsers = {new JsonParser(), new JsonParser()};
            final long[] counts = new long[3];
            final Pipeline.Outputs outputs = (port, valueH, valueB, metaH, metaB, ingestNs, id) ->
                counts["out".equals(port) ? 0 : 1]++;
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long thread = Thread.currentThread().threadId();
            long now = 0;
            long id = 0;
            try
            {
                // warm up until three rounds in a row run allocation free (C2 has compiled the hot paths and stopped
                // recompiling them; on two busy cores that can take several rounds), at most 40 rounds
                int clean = 0;
                for (int r = 0; r < 40 && clean < 3; r++)
                {
                    final long start = threads.getThreadAllocatedBytes(thread);
                    for (int i = 0; i < 20_000; i++)
                    {
                        now += 450_000 + (i & 7) * 100_000;
                        send(d.pipeline, parsers[i & 1], events[i & 1], now, id++, outputs);
                    }
                    clean = threads.getThreadAllocatedBytes(thread) - start == 0 ? clean + 1 : 0;
                }
                // when
                final long before = threads.getThreadAllocatedBytes(thread);
                final long outBefore = counts[0];
                final long overflowBefore = counts[1];
                for (int i = 0; i < 100_000; i++)
                {
                    now += 450_000 + (i & 7) * 100_000;
                    send(d.pipeline, parsers[i & 1], events[i & 1], now, id++, outputs);
                }
                final long allocated = threads.getThreadAllocatedBytes(thread) - before;
                // then
                assertTrue(counts[0] - outBefore > 50_000 && counts[1] - overflowBefore > 0,
                    "out " + (counts[0] - outBefore) + " overflow " + (counts[1] - overflowBefore));
                assertTrue(d.tb().heldEvents() > 0);
                // at most 0.1 B/event: anything allocated per event would be >= 16 B/event; a few KB is the JIT
                // recompiling a method once on a loaded machine (seen at 3.3 KB with three builds running)
                assertTrue(allocated < 10_000, "allocated " + allocated + " bytes over 100 000 shaped events");
            }
            finally
            {
                for (final JsonParser parser : parsers)
                {
                    parser.close();
                }
            }
        }
    }

    private static void send(final Pipeline pipeline, final JsonParser parser, final byte[] event, final long now,
        final long id, final Pipeline.Outputs outputs)
    {
        parser.parse(event, 0, event.length);
        pipeline.enqueue("in", parser.tape(), now, id, outputs);
    }

    private static List<String> summary(final List<Out> outs)
    {
        final List<String> s = new ArrayList<>();
        for (final Out o : outs)
        {
            s.add(o.port() + ":" + o.id());
        }
        return s;
    }
}
