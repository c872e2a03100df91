package io.temblor.engine.runtime;

import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.compile.TroyCompiler;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every threading mode runs a flow to its end with nothing lost and in order: the exit comes from another thread than
 * the writer's, so the drain must wait for every thread. Rings keep one producer and one consumer thread (EventRing
 * checks it under {@code -ea}, which the tests run with). An agent that throws is reported by name and counted, and the
 * others go on; bad {@code --threads}/{@code --idle} values are refused with what is accepted.
 */
class ThreadingTest
{
    private static final String COPY_FLOW = """
        define flow main
        flow
          define connector input from file with config = {"path": "in.json", "mode": "read"} end;
          define connector output from file with config = {"path": "out.json", "mode": "truncate"} end;
          define connector stop from exit;
          define pipeline pass pipeline select event from in into out; end;
          define pipeline last pipeline select {"exit": 3} from in where present event.last into out; end;
          create connector input;
          create connector output;
          create connector stop;
          create pipeline pass;
          create pipeline last;
          connect /connector/input to /pipeline/pass;
          connect /pipeline/pass to /connector/output;
          connect /pipeline/pass to /pipeline/last;
          connect /pipeline/last to /connector/stop;
        end;
        """;

    private static CompiledDeployment compile(final String source, final Path dir)
    {
        return TroyCompiler.compile(source, List.of(dir), name ->
        {
            final AggregateFunction fn = Aggregates.lookup(name);
            return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
        }, "main", null);
    }

    @ParameterizedTest
    @CsvSource({"shared, backoff", "dedicated, yield", "pool:2, busy-spin", "pool:3, sleep", "pool:1, backoff"})
    void shouldCopyEveryEventInOrderAndDrainEveryThread(final String threads, final String idle,
        @TempDir final Path dir) throws Exception
    {
        final int events = 50_000;
        final StringBuilder in = new StringBuilder();
        for (int i = 0; i < events; i++)
        {
            in.append("{\"n\":").append(i).append(i == events - 1 ? ",\"last\":true" : "").append("}\n");
        }
        Files.writeString(dir.resolve("in.json"), in.toString());
        final ByteArrayOutputStream report = new ByteArrayOutputStream();
        final FlowRuntime runtime = new FlowRuntime(compile(COPY_FLOW, dir), new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir,
            Threading.parse(threads, idle));
        runtime.reportTo(new PrintStream(report, true, StandardCharsets.UTF_8));
        assertEquals(3, runtime.run(30_000_000_000L), "exit code of the exit event");
        final List<String> out = Files.readAllLines(dir.resolve("out.json"));
        assertEquals(events, out.size());
        for (int i = 0; i < out.size(); i++)
        {
            assertEquals("{\"n\":" + i + (i == events - 1 ? ",\"last\":true" : "") + "}", out.get(i));
        }
        final String summary = report.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("connector/input sent " + events) && summary.contains("connector/output wrote " +
            events), summary);
        assertEquals(0, runtime.agentErrors(), summary);
        final String layout = runtime.layout();
        final long threadCount = layout.split("; ").length;
        switch (runtime.threading().mode())
        {
            case SHARED -> assertEquals(1, threadCount, layout);
            // two pipelines, file source and its decode agent, file writer, exit
            case DEDICATED -> assertEquals(6, threadCount, layout);
            case POOL -> assertEquals(Math.min(runtime.threading().threads(), 4), threadCount, layout);
            default -> throw new AssertionError(layout);
        }
    }

    @Test
    void shouldRunTheSourceAndThePipelineItFeedsOnDifferentThreadsOfTheDefaultPool(@TempDir final Path dir)
        throws Exception
    {
        Files.writeString(dir.resolve("in.json"), "{\"n\":0,\"last\":true}\n");
        final FlowRuntime runtime = new FlowRuntime(compile(COPY_FLOW, dir), new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir,
            Threading.parse("pool:2", null));
        assertEquals(3, runtime.run(30_000_000_000L));
        // stages: input (source and decode) 0, pass 1, last and output 2, stop 3
        assertEquals("temblor-0: pipeline/last, connector/input, connector/input/decode, connector/output; " +
            "temblor-1: pipeline/pass, connector/stop", runtime.layout());
    }

    @Test
    void shouldReportAnAgentThatThrowsAndKeepTheOthersRunning(@TempDir final Path dir) throws Exception
    {
        final String flow = """
            define flow main
            flow
              define connector tick from metronome with config = {"interval": 1000000} end;
              define connector stop from exit;
              define pipeline later pipeline
                select {"exit": 0} from in where event.id == 20 into out;
              end;
              create connector tick;
              create connector stop;
              create pipeline later;
              connect /connector/tick to /pipeline/later;
              connect /pipeline/later to /connector/stop;
            end;
            """;
        for (final String threads : new String[] {"shared", "dedicated", "pool:2"})
        {
            final ByteArrayOutputStream report = new ByteArrayOutputStream();
            final FlowRuntime runtime = new FlowRuntime(compile(flow, dir), new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir,
                Threading.parse(threads, null));
            runtime.reportTo(new PrintStream(report, true, StandardCharsets.UTF_8));
            final AtomicLong calls = new AtomicLong();
            runtime.addAgent(new Agent()
            {
                @Override
                public int doWork()
                {
                    throw new IllegalStateException("boom " + calls.incrementAndGet());
                }

                @Override
                public String roleName()
                {
                    return "test/boom";
                }
            });
            assertEquals(0, runtime.run(30_000_000_000L), threads + ": the metronome and pipeline went on");
            final String text = report.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("temblor: agent test/boom failed: java.lang.IllegalStateException: boom 1"), text);
            assertTrue(text.contains("further errors of this agent are only counted"), text);
            assertTrue(runtime.agentErrors() >= 1, text);
            assertTrue(text.contains("agent errors " + runtime.agentErrors() + " (last: test/boom: "), text);
            assertTrue(text.contains("connector/tick sent"), text);
        }
    }

    @Test
    void shouldRefuseUnknownThreadingValuesWithWhatIsAccepted()
    {
        assertEquals("--threads must be shared, dedicated or pool:N, got `many`",
            assertThrows(IllegalArgumentException.class, () -> Threading.parse("many", null)).getMessage());
        assertEquals("--threads pool:N needs a thread count, got `pool:x`",
            assertThrows(IllegalArgumentException.class, () -> Threading.parse("pool:x", null)).getMessage());
        assertEquals("--threads pool:N needs 1 to 256 threads, got 0",
            assertThrows(IllegalArgumentException.class, () -> Threading.parse("pool:0", null)).getMessage());
        assertEquals("--idle must be backoff, yield, busy-spin or sleep, got `nap`",
            assertThrows(IllegalArgumentException.class, () -> Threading.parse("shared", "nap")).getMessage());
        assertEquals("pool:4, idle busy-spin", Threading.parse("POOL:4", "busy-spin").toString());
        assertEquals("dedicated, idle sleep", Threading.parse("dedicated", "sleep").toString());
    }
}
