package io.temblor.script.runtime;

import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.compile.ScriptCompiler;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScriptInstanceTest
{
    private static final String CLASSIFY = """
        let event.class = match event of
          case %{level == "error"} => "bad"
          case %{present tags, level == "info"} => "ok"
          case _ => "unknown"
        end;
        let event.summary = "#{event.level}: #{event.msg} (#{event.n + 1})";
        let state = match state of case null => 1 case _ => state + 1 end;
        patch event of upsert "seen" => state; erase "tags" end
        """;

    @Test
    void shouldKeepStateAcrossEventsWhenScriptUpdatesIt()
    {
        assertEquals(List.of("{\"level\":\"info\",\"msg\":\"m\",\"n\":1,\"class\":\"ok\",\"summary\":\"info: m (2)\",\"seen\":1}",
            "{\"level\":\"error\",\"msg\":\"x\",\"n\":2,\"class\":\"bad\",\"summary\":\"error: x (3)\",\"seen\":2}"),
            TestScripts.run(CLASSIFY, "{\"level\":\"info\",\"msg\":\"m\",\"n\":1,\"tags\":[1]}",
                "{\"level\":\"error\",\"msg\":\"x\",\"n\":2}"));
    }

    @Test
    void shouldReportErrorAndGoOnWhenOneEventFails()
    {
        assertEquals(List.of("error: Trying to access a non existing event key `a`", "1"),
            TestScripts.run("event.a", "{}", "{\"a\": 1}"));
    }

    @Test
    void shouldAllocateNothingPerEventWhenWarmedUp() throws Exception
    {
        // measured in a fresh JVM: in a JVM that already ran hundreds of other scripts, polluted type profiles can stop
        // the JIT from scalar-replacing MemorySegment views inside the value model (observed: ~500 B/event), which
        // is not what this test measures
        final List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent"))
            {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ScriptInstanceTest.class.getName());
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "probe timed out");
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("ALLOCATED (\\d+) EVENTS (\\d+)").matcher(output);
        assertTrue(m.find(), output);
        final long allocated = Long.parseLong(m.group(1));
        final long count = Long.parseLong(m.group(2));
        System.out.printf("ScriptInstanceTest: %.3f bytes allocated per event over %d events%n", (double)allocated / count,
            count);
        assertTrue(allocated < 16L * count, "allocated " + allocated + " bytes for " + count + " events");
    }

    /**
     * The allocation probe run in a child JVM: prints the bytes allocated by the measuring thread.
     *
     * @param args unused.
     */
    public static void main(final String[] args)
    {
        final byte[][] events = {
            "{\"level\":\"info\",\"msg\":\"started\",\"n\":1,\"tags\":[\"a\",\"b\"]}".getBytes(StandardCharsets.UTF_8),
            "{\"level\":\"error\",\"msg\":\"disk full\",\"n\":2}".getBytes(StandardCharsets.UTF_8),
            "{\"level\":\"debug\",\"msg\":\"tick\",\"n\":3}".getBytes(StandardCharsets.UTF_8),
        };
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        // one parser per event shape: alternating shapes through one JsonParser currently allocates in simd-json
        // (about 72 B/parse, measured separately), which is not what this test measures
        final JsonParser[] parsers = {new JsonParser(), new JsonParser(), new JsonParser()};
        try (ScriptInstance instance = ScriptCompiler.compile(CLASSIFY, List.of()).newInstance(); ByteSink sink = new ByteSink())
        {
            long written = 0;
            // warm up until a round runs allocation free (C2 has compiled the hot paths; on two busy cores that can
            // take several rounds), at most 40 rounds; the measured window below is separate from the warm-up
            final int round = 20_000;
            for (int r = 0; r < 40; r++)
            {
                final long start = threads.getThreadAllocatedBytes(thread);
                for (int i = 0; i < round; i++)
                {
                    written += runOnce(instance, parsers[i % events.length], sink, events[i % events.length]);
                }
                if (r >= 2 && threads.getThreadAllocatedBytes(thread) - start == 0)
                {
                    break;
                }
            }
            final int count = 100_000;
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < count; i++)
            {
                written += runOnce(instance, parsers[i % events.length], sink, events[i % events.length]);
            }
            final long allocated = threads.getThreadAllocatedBytes(thread) - before;
            System.out.println("ALLOCATED " + allocated + " EVENTS " + count + " WRITTEN " + written);
        }
        finally
        {
            for (final JsonParser parser : parsers)
            {
                parser.close();
            }
        }
    }

    private static long runOnce(final ScriptInstance instance, final JsonParser parser, final ByteSink sink, final byte[] event)
    {
        parser.parse(event, 0, event.length);
        final int outcome = instance.run(parser.tape());
        assertEquals(ScriptInstance.EMIT, outcome);
        assertNull(instance.port());
        sink.reset();
        return instance.writeValue(sink);
    }
}
