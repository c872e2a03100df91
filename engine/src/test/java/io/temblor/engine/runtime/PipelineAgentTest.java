package io.temblor.engine.runtime;

import io.temblor.engine.pipeline.Pipeline;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.json.TapeFrame;
import io.temblor.offheap.EventRing;
import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.QueryCompiler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pipeline on its own agent thread between two rings: a million events go through in order with nothing lost,
 * through an outbound ring small enough to push back all the time; bad frames and failed events leave by err with the
 * reason; the agent thread allocates nothing per event.
 */
class PipelineAgentTest
{
    private static Pipeline pipeline(final String query)
    {
        return new Pipeline(QueryCompiler.compile(query, List.of(), name ->
        {
            final AggregateFunction fn = Aggregates.lookup(name);
            return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
        }));
    }

    @Test
    void shouldPassAMillionEventsInOrderThroughASmallOutboundRing() throws Exception
    {
        final int events = 1_000_000;
        final EventRing in = new EventRing(1 << 16);
        final EventRing out = new EventRing(1 << 12);
        final PipelineAgent agent = new PipelineAgent("pipeline", pipeline(
            "define script s script let event.seen = true; event end;\ncreate script s;\n" +
            "select event from in into s;\nselect event from s into out;"), in, out, PipelineAgent.DEFAULT_BATCH);
        final long[] received = {0};
        final long[] lastId = {-1};
        final boolean[] ordered = {true};
        final byte[] expectSuffix = ",\"seen\":true}".getBytes(StandardCharsets.UTF_8);
        final boolean[] content = {true};
        try (AgentRunner runner = new AgentRunner(new YieldingIdleStrategy(), Throwable::printStackTrace, null, agent))
        {
            AgentRunner.startOnThread(runner);
            final MemorySegment scratch = MemorySegment.ofArray(new byte[64]);
            final byte[] line = new byte[64];
            int sent = 0;
            while (received[0] < events)
            {
                while (sent < events)
                {
                    final byte[] text = ("{\"n\":" + sent + "}").getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(text, 0, line, 0, text.length);
                    MemorySegment.copy(line, 0, scratch, ValueLayout.JAVA_BYTE, 0, text.length);
                    if (!in.offer(1, sent, sent, scratch, 0, text.length))
                    {
                        break;
                    }
                    sent++;
                }
                out.poll((type, ingestNs, id, memory, offset, length) ->
                {
                    ordered[0] &= type == PipelineAgent.OUT && id == lastId[0] + 1 && ingestNs == id;
                    lastId[0] = id;
                    final byte last = memory.get(ValueLayout.JAVA_BYTE, offset + length - 2);
                    content[0] &= last == expectSuffix[expectSuffix.length - 2];
                    received[0]++;
                }, 256);
            }
        }
        assertEquals(events, received[0]);
        assertTrue(ordered[0], "in order, all by out");
        assertTrue(content[0], "every event went through the script");
        assertEquals(events, agent.eventsIn());
        assertEquals(events, agent.eventsOut());
        assertEquals(0, agent.errors());
    }

    @Test
    void shouldForwardCanonicalJsonAsItIsOnlyThroughAnIdentityPipeline()
    {
        assertTrue(pipeline("select event from in into out;").isDirectToOut("in"));
        assertTrue(!pipeline("select event from in where event.a > 1 into out;").isDirectToOut("in"));
        assertTrue(!pipeline("select event.a from in into out;").isDirectToOut("in"));
        assertTrue(!pipeline("select event from in into err;").isDirectToOut("in"));
        assertTrue(!pipeline("define script s script event end;\ncreate script s;\n" +
            "select event from in into s;\nselect event from s into out;").isDirectToOut("in"));

        // a canonical frame through the identity pipeline: the bytes as they are (here deliberately not compact, to
        // show they are not written again), on out without the flag; a plain frame is parsed and written as before
        assertEquals(List.of(PipelineAgent.OUT + " {\"a\": 1}", PipelineAgent.OUT + " {\"a\":2}"),
            run("select event from in into out;", "{\"a\": 1}", "{\"a\": 2}"));
        // any other pipeline parses a canonical frame as any other
        assertEquals(List.of(PipelineAgent.OUT + " {\"a\":2}"),
            run("select event from in where event.a > 1 into out;", "{\"a\": 1}", "{\"a\": 2}"));
    }

    /** Sends the first text as a CANONICAL_JSON frame, the second as a plain one; returns "type text" of the outputs. */
    private static List<String> run(final String query, final String canonical, final String plain)
    {
        final EventRing in = new EventRing(1 << 12);
        final EventRing out = new EventRing(1 << 12);
        final PipelineAgent agent = new PipelineAgent("pipeline", pipeline(query), in, out, 16);
        final MemorySegment c = MemorySegment.ofArray(canonical.getBytes(StandardCharsets.UTF_8));
        assertTrue(in.offer(PipelineAgent.OUT | PipelineAgent.CANONICAL_JSON, 0, 0, c, 0, (int)c.byteSize()));
        final MemorySegment p = MemorySegment.ofArray(plain.getBytes(StandardCharsets.UTF_8));
        assertTrue(in.offer(PipelineAgent.OUT, 0, 1, p, 0, (int)p.byteSize()));
        while (agent.doWork() > 0)
        {
            // run until idle
        }
        final List<String> got = new ArrayList<>();
        out.poll((type, ingestNs, id, memory, offset, length) ->
        {
            final byte[] bytes = new byte[length];
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
            got.add(type + " " + new String(bytes, StandardCharsets.UTF_8));
        }, 100);
        agent.onClose();
        return got;
    }

    /** The outputs ("type text") of frames sent into a new agent running a query, in order. */
    private static List<String> outputs(final String query, final List<Integer> types, final List<byte[]> payloads)
    {
        final EventRing in = new EventRing(1 << 16);
        final EventRing out = new EventRing(1 << 16);
        final PipelineAgent agent = new PipelineAgent("pipeline", pipeline(query), in, out, 16);
        final List<String> got = new ArrayList<>();
        for (int i = 0; i < types.size(); i++)
        {
            final MemorySegment b = MemorySegment.ofArray(payloads.get(i));
            assertTrue(in.offer(types.get(i), 0, i, b, 0, (int)b.byteSize()));
            while (agent.doWork() > 0)
            {
                // run until idle
            }
            out.poll((type, ingestNs, id, memory, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
                got.add(type + " " + new String(bytes, StandardCharsets.UTF_8));
            }, 100);
        }
        agent.onClose();
        return got;
    }

    /** The tape frame of a JSON text, as another thread (a replay) writes it. */
    private static byte[] tapeFrame(final String json)
    {
        try (JsonParser parser = new JsonParser())
        {
            final byte[] text = json.getBytes(StandardCharsets.UTF_8);
            assertEquals(JsonError.OK, parser.parse(text, 0, text.length), json);
            final byte[] frame = new byte[TapeFrame.length(parser.tape())];
            TapeFrame.write(parser.tape(), MemorySegment.ofArray(frame), 0);
            return frame;
        }
    }

    @Test
    void shouldGiveTheSameOutputForATapeFrameAsForItsJsonText()
    {
        final List<String> events = List.of(
            "{\"a\":1,\"b\":{\"c\":[1,2,{\"d\":\"x\"}]},\"s\":\"t\"}",
            "{\"a\": 1, \"b\": {\"c\": [1, 2.50, {\"d\": \"\\u0078\"}]}, \"s\" : \"t\"}",
            "{\"application\":\"app1\",\"tags\":[\"tag1\",\"tag2\"],\"f\":1e3}");
        // unchanged events and every kind of change: a new field, a nested write, patch, merge, a new value, a part
        final List<String> queries = List.of(
            "select event from in into out;",
            "define script s script let $class = \"c\"; event end;\ncreate script s;\n" +
                "select event from in into s;\nselect event from s into out;",
            "define script s script let event.x = 1; event end;\ncreate script s;\n" +
                "select event from in into s;\nselect event from s into out;",
            "define script s script let event.b.c = \"changed\"; event end;\ncreate script s;\n" +
                "select event from in into s;\nselect event from s into out;",
            "define script s script patch event of insert \"p\" => [1] end end;\ncreate script s;\n" +
                "select event from in into s;\nselect event from s into out;",
            "define script s script merge event of {\"a\": null, \"m\": true} end end;\ncreate script s;\n" +
                "select event from in into s;\nselect event from s into out;",
            "define script s script {\"new\": event.a} end;\ncreate script s;\n" +
                "select event from in into s;\nselect event from s into out;",
            "select event.b from in into out;",
            "define script s script let $class = \"c\"; let $rate = 10; event end;\ncreate script s;\n" +
                "define operator g from grouper::bucket;\ncreate operator g;\n" +
                "select event from in into s;\nselect event from s into g;\nselect event from g into out;\n" +
                "select event from g/overflow into out;");
        for (final String query : queries)
        {
            final List<Integer> plainTypes = new ArrayList<>();
            final List<Integer> tapeTypes = new ArrayList<>();
            final List<byte[]> texts = new ArrayList<>();
            final List<byte[]> tapes = new ArrayList<>();
            for (final String event : events)
            {
                plainTypes.add(PipelineAgent.OUT);
                tapeTypes.add(PipelineAgent.OUT | PipelineAgent.TAPE);
                texts.add(event.getBytes(StandardCharsets.UTF_8));
                tapes.add(tapeFrame(event));
            }
            final List<String> expected = outputs(query, plainTypes, texts);
            assertTrue(expected.size() >= events.size() - 1, query);
            assertEquals(expected, outputs(query, tapeTypes, tapes), query);
        }
        // an unchanged canonical event leaves as the very bytes it came as
        assertEquals(List.of(PipelineAgent.OUT + " " + events.get(0)), outputs(queries.get(1),
            List.of(PipelineAgent.OUT | PipelineAgent.TAPE), List.of(tapeFrame(events.get(0)))));
    }

    @Test
    void shouldSendAMalformedTapeFrameAndAFailedTapeEventToErr()
    {
        final byte[] good = tapeFrame("{\"b\":\"no a\"}");
        final byte[] cut = java.util.Arrays.copyOf(good, good.length - 1);
        final List<String> got = outputs("select event from in where event.a > 1 into out;",
            List.of(PipelineAgent.OUT | PipelineAgent.TAPE, PipelineAgent.OUT | PipelineAgent.TAPE),
            List.of(cut, good));
        assertEquals(2, got.size(), got.toString());
        assertTrue(got.get(0).startsWith(PipelineAgent.ERR + " {\"error\":\"malformed tape frame of " + cut.length +
            " bytes\""), got.get(0));
        assertTrue(got.get(1).startsWith(PipelineAgent.ERR + " {\"error\":"), got.get(1));
        assertTrue(got.get(1).endsWith(",\"event\":\"{\\\"b\\\":\\\"no a\\\"}\"}"), got.get(1));
    }

    @Test
    void shouldSendBadFramesAndFailedEventsToErrWithTheReason()
    {
        final EventRing in = new EventRing(1 << 12);
        final EventRing out = new EventRing(1 << 12);
        final PipelineAgent agent = new PipelineAgent("pipeline", pipeline("select event from in where event.a > 1 into out;"),
            in, out, 16);
        for (final String text : List.of("{\"a\":2}", "{\"a\": tru", "{}", "{\"a\":3}"))
        {
            final MemorySegment b = MemorySegment.ofArray(text.getBytes(StandardCharsets.UTF_8));
            assertTrue(in.offer(1, 0, 0, b, 0, (int)b.byteSize()));
        }
        while (agent.doWork() > 0)
        {
            // run until idle
        }
        final List<String> got = new ArrayList<>();
        out.poll((type, ingestNs, id, memory, offset, length) ->
        {
            final byte[] bytes = new byte[length];
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
            got.add(type + " " + new String(bytes, StandardCharsets.UTF_8));
        }, 100);
        assertEquals(4, got.size());
        assertEquals(PipelineAgent.OUT + " {\"a\":2}", got.get(0));
        assertTrue(got.get(1).startsWith(PipelineAgent.ERR + " {\"error\":\"invalid JSON"), got.get(1));
        assertTrue(got.get(2).startsWith(PipelineAgent.ERR + " {\"error\":\"Error:") &&
            got.get(2).contains("Trying to access a non existing event key `a`"), got.get(2));
        assertEquals(PipelineAgent.OUT + " {\"a\":3}", got.get(3));
        assertEquals(2, agent.errors());
        agent.onClose();
    }

    @Test
    void shouldSendAnEventWithANonFiniteFloatToErrAndGoOn()
    {
        final EventRing in = new EventRing(1 << 12);
        final EventRing out = new EventRing(1 << 12);
        final PipelineAgent agent = new PipelineAgent("pipeline/p", pipeline(
            "use std::float;\nselect {\"v\": float::parse(event)} from in into out;"), in, out, 16);
        for (final String text : List.of("\"1.5\"", "\"inf\"", "\"NaN\"", "\"2\""))
        {
            final MemorySegment b = MemorySegment.ofArray(text.getBytes(StandardCharsets.UTF_8));
            assertTrue(in.offer(1, 0, 0, b, 0, (int)b.byteSize()));
        }
        while (agent.doWork() > 0)
        {
            // run until idle
        }
        final List<String> got = new ArrayList<>();
        out.poll((type, ingestNs, id, memory, offset, length) ->
        {
            final byte[] bytes = new byte[length];
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
            got.add(type + " " + new String(bytes, StandardCharsets.UTF_8));
        }, 100);
        assertEquals(4, got.size(), got.toString());
        assertEquals(PipelineAgent.OUT + " {\"v\":1.5}", got.get(0));
        assertEquals(PipelineAgent.ERR + " {\"error\":\"pipeline/p: cannot pass on the event leaving by `out`: " +
            "not a finite double: Infinity (JSON has no NaN or infinite numbers)\"}", got.get(1));
        assertTrue(got.get(2).startsWith(PipelineAgent.ERR + " {\"error\":\"pipeline/p: cannot pass on") &&
            got.get(2).contains("NaN"), got.get(2));
        assertEquals(PipelineAgent.OUT + " {\"v\":2.0}", got.get(3));
        assertEquals(2, agent.errors());
        agent.onClose();
    }

    @Test
    void shouldAllocateNothingPerEventOnTheAgentThread()
    {
        final EventRing in = new EventRing(1 << 20);
        final EventRing out = new EventRing(1 << 20);
        final PipelineAgent agent = new PipelineAgent("pipeline", pipeline("select event from in into out;"), in, out, 256);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        final MemorySegment event = MemorySegment.ofArray("{\"app\":\"x\",\"n\":12345,\"tags\":[1,2]}"
            .getBytes(StandardCharsets.UTF_8));
        final EventRing.FrameHandler drain = (type, ns, id, memory, offset, length) ->
        {
        };
        long allocated = 0;
        for (int round = 0; round < 30; round++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 10_000; i++)
            {
                in.offer(1, i, i, event, 0, (int)event.byteSize());
                if (i % 200 == 199)
                {
                    while (agent.doWork() > 0)
                    {
                        out.poll(drain, 1000);
                    }
                    out.poll(drain, 1000);
                }
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
            if (round > 5 && allocated == 0)
            {
                break;
            }
        }
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 10 000 events");
        agent.onClose();
    }
    /** Runs the agent until idle and returns every outbound frame as {@code type} and bytes. */
    private static List<Object[]> drain(final PipelineAgent agent, final EventRing out)
    {
        while (agent.doWork() > 0)
        {
            // run until idle
        }
        final List<Object[]> got = new ArrayList<>();
        out.poll((type, ingestNs, id, memory, offset, length) ->
        {
            final byte[] bytes = new byte[length];
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
            got.add(new Object[] {type, bytes});
        }, 100);
        return got;
    }

    private static String text(final Object bytes)
    {
        return new String((byte[])bytes, StandardCharsets.UTF_8);
    }

    @Test
    void shouldCarryABinaryFrameThroughThePipelineAsABinaryValue()
    {
        // given: bytes that are not UTF-8, in a binary frame; the script sees a binary value
        final EventRing in = new EventRing(1 << 12);
        final EventRing out = new EventRing(1 << 12);
        final PipelineAgent agent = new PipelineAgent("pipeline", pipeline(
            "define script s script\nuse std::type;\n" +
            "match type::is_binary(event) of case true => event case _ => \"not binary\" end\nend;\n" +
            "create script s;\nselect event from in into s;\nselect event from s into out;"), in, out, 16);
        final byte[] sent = {0, (byte)0xff, (byte)0xfe, 10, (byte)0xc3, 0x28, 0};
        final MemorySegment b = MemorySegment.ofArray(sent);

        // when
        assertTrue(in.offer(PipelineAgent.OUT | PipelineAgent.BINARY, 5, 9, b, 0, sent.length));
        final List<Object[]> got = drain(agent, out);

        // then: the same bytes leave in a binary frame by out
        assertEquals(1, got.size());
        assertEquals(PipelineAgent.OUT | PipelineAgent.BINARY, got.get(0)[0]);
        assertArrayEquals(sent, (byte[])got.get(0)[1]);
        assertEquals(0, agent.errors());
        agent.onClose();
    }

    @Test
    void shouldSendABinaryBuiltByAScriptAsABinaryFrameAndANestedOneAsNumbers()
    {
        // given: a script that replaces a JSON event with a binary, and one that nests it in a record
        final EventRing in = new EventRing(1 << 12);
        final EventRing out = new EventRing(1 << 12);
        final PipelineAgent agent = new PipelineAgent("pipeline", pipeline(
            "select <<1, 2, 3>> from in where event.top into out;\n" +
            "select {\"b\": <<1, 2, 3>>} from in where not event.top into out;"), in, out, 16);
        for (final String frame : List.of("{\"top\":true}", "{\"top\":false}"))
        {
            final MemorySegment b = MemorySegment.ofArray(frame.getBytes(StandardCharsets.UTF_8));
            assertTrue(in.offer(PipelineAgent.OUT, 0, 0, b, 0, (int)b.byteSize()));
        }

        // when
        final List<Object[]> got = drain(agent, out);

        // then
        assertEquals(2, got.size());
        assertEquals(PipelineAgent.OUT | PipelineAgent.BINARY, got.get(0)[0]);
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[])got.get(0)[1]);
        assertEquals(PipelineAgent.OUT, got.get(1)[0]);
        assertEquals("{\"b\":[1,2,3]}", text(got.get(1)[1]));
        agent.onClose();
    }

    @Test
    void shouldSendABinaryEventAnOperatorFailsToErrWithItsBase64()
    {
        final EventRing in = new EventRing(1 << 12);
        final EventRing out = new EventRing(1 << 12);
        final PipelineAgent agent = new PipelineAgent("pipeline", pipeline(
            "select event from in where event.a > 1 into out;"), in, out, 16);
        final byte[] sent = {(byte)0xff, 0, 1};
        assertTrue(in.offer(PipelineAgent.OUT | PipelineAgent.BINARY, 0, 0, MemorySegment.ofArray(sent), 0, 3));

        final List<Object[]> got = drain(agent, out);

        assertEquals(1, got.size());
        assertEquals(PipelineAgent.ERR, got.get(0)[0]);
        assertTrue(text(got.get(0)[1]).startsWith("{\"error\":\"Error:"), text(got.get(0)[1]));
        assertTrue(text(got.get(0)[1]).endsWith(",\"event\":\"/wAB\"}"), text(got.get(0)[1]));
        assertEquals(1, agent.errors());
        agent.onClose();
    }

    @Test
    void shouldRouteBinaryFramesByTheirPort()
    {
        // given: out and err go to their own rings
        final EventRing in = new EventRing(1 << 12);
        final EventRing outRing = new EventRing(1 << 12);
        final EventRing errRing = new EventRing(1 << 12);
        final PipelineAgent agent = new PipelineAgent("pipeline", pipeline(
            "select <<7>> from in into err;\nselect <<8>> from in into out;"), new EventRing[] {in},
            new EventRing[][] {{}, {outRing}, {errRing}, {}}, 16);
        assertTrue(in.offer(PipelineAgent.OUT, 0, 0, MemorySegment.ofArray("{}".getBytes(StandardCharsets.UTF_8)), 0, 2));

        // when
        final List<Object[]> out = drain(agent, outRing);
        final List<Object[]> err = drain(agent, errRing);

        // then: each by its port, flagged binary, counted on its port
        assertEquals(1, out.size());
        assertEquals(PipelineAgent.OUT | PipelineAgent.BINARY, out.get(0)[0]);
        assertArrayEquals(new byte[] {8}, (byte[])out.get(0)[1]);
        assertEquals(1, err.size());
        assertEquals(PipelineAgent.ERR | PipelineAgent.BINARY, err.get(0)[0]);
        assertArrayEquals(new byte[] {7}, (byte[])err.get(0)[1]);
        assertEquals(1, agent.ports()[1].events());
        assertEquals(1, agent.ports()[2].events());
        agent.onClose();
    }
}
