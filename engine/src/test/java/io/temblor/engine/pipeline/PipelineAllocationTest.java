package io.temblor.engine.pipeline;

import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.QueryCompiler;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tremor's throughput-logging pipeline (classification script, {@code grouper::bucket}) allocates at most
 * {@link #MAX_BYTES_PER_EVENT} heap bytes per event in steady state. The pipeline and the events are the bench's
 * ({@code bench/src/main/resources/io/temblor/bench/pipeline/throughput-logging.trickle} over Tremor's 100 bench log
 * events), read from the source tree ({@code temblor.root}, default {@code ..}).
 */
class PipelineAllocationTest
{
    private static final Path ROOT = Path.of(System.getProperty("temblor.root", "..")).toAbsolutePath().normalize();
    private static final Path QUERY =
        ROOT.resolve("bench/src/main/resources/io/temblor/bench/pipeline/throughput-logging.trickle");
    private static final Path EVENTS = ROOT.resolve("bench/src/main/resources/io/temblor/bench/script/logs.ndjson");
    private static final long MAX_BYTES_PER_EVENT = 16;
    private static final int MEASURED_EVENTS = 200_000;
    private static final long STEP_NS = 1_000;

    @Test
    void shouldAllocateAtMostSixteenBytesPerEventWhenRunningThroughputLoggingInSteadyState() throws IOException
    {
        // every event leaves by out (pass or overflow)
        measure(Files.readString(QUERY, StandardCharsets.UTF_8), MEASURED_EVENTS);
    }

    @Test
    void shouldAllocateAtMostSixteenBytesPerEventInAWindowedGroupBySelect() throws IOException
    {
        // tumbling windows of 50 events per application: groups close, are pooled and come back
        measure("define window w from tumbling with size = 50 end;\n" +
            "select {\"app\": event.application, \"n\": aggr::stats::count(), \"mean\": aggr::stats::mean(event.aint)," +
            " \"tags\": aggr::win::collect_flattened(event.tags)} from in[w] group by set(event.application) into out;",
            MEASURED_EVENTS / 50 - 10);
    }

    /** Runs the query over the bench events (one parser per event) until warm, then asserts bytes per event. */
    private static void measure(final String query, final long minOutputs) throws IOException
    {
        // given: one parser per event, each holding its event's tape
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        final List<byte[]> lines = lines(Files.readAllBytes(EVENTS));
        assertEquals(100, lines.size());
        final JsonParser[] parsers = new JsonParser[lines.size()];
        final Counter counter = new Counter();
        try (Pipeline pipeline = new Pipeline(QueryCompiler.compile(query, List.of(), PipelineAllocationTest::arity)))
        {
            for (int i = 0; i < parsers.length; i++)
            {
                parsers[i] = new JsonParser();
                final byte[] line = lines.get(i);
                assertEquals(JsonError.OK, parsers[i].parse(line, 0, line.length));
            }
            final long[] now = {0};
            // warm-up until a round allocates nothing (JIT compiled), at most 40 rounds
            for (int round = 0; round < 40; round++)
            {
                final long start = threads.getThreadAllocatedBytes(thread);
                run(pipeline, parsers, 20_000, now, counter);
                if (round >= 4 && threads.getThreadAllocatedBytes(thread) - start == 0)
                {
                    break;
                }
            }

            // when
            final long countBefore = counter.count;
            final long before = threads.getThreadAllocatedBytes(thread);
            run(pipeline, parsers, MEASURED_EVENTS, now, counter);
            final long allocated = threads.getThreadAllocatedBytes(thread) - before;

            // then: no event failed, the outputs came, and little was allocated
            assertTrue(counter.count - countBefore >= minOutputs, "outputs: " + (counter.count - countBefore));
            assertEquals(0, counter.errors);
            final double perEvent = allocated / (double)MEASURED_EVENTS;
            System.out.printf("pipeline allocation: %d bytes over %d events (%.3f B/event)%n", allocated,
                MEASURED_EVENTS, perEvent);
            assertTrue(perEvent <= MAX_BYTES_PER_EVENT,
                "allocated " + allocated + " bytes over " + MEASURED_EVENTS + " events (" + perEvent + " B/event)");
        }
        finally
        {
            for (final JsonParser p : parsers)
            {
                if (null != p)
                {
                    p.close();
                }
            }
        }
    }

    private static void run(final Pipeline pipeline, final JsonParser[] parsers, final int events, final long[] now,
        final Counter counter)
    {
        long t = now[0];
        for (int i = 0; i < events; i++)
        {
            t += STEP_NS;
            if (pipeline.enqueue("in", parsers[i % parsers.length].tape(), t, t, counter) != Pipeline.OK)
            {
                counter.errors++;
            }
        }
        now[0] = t;
    }

    private static int[] arity(final String name)
    {
        final AggregateFunction fn = Aggregates.lookup(name);
        return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
    }

    private static List<byte[]> lines(final byte[] bytes)
    {
        final List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++)
        {
            if (i == bytes.length || bytes[i] == '\n')
            {
                if (i > start)
                {
                    lines.add(java.util.Arrays.copyOfRange(bytes, start, i));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    /** Counts output events by port. */
    private static final class Counter implements Pipeline.Outputs
    {
        long count;
        long errors;

        @Override
        public void onOutput(final String port, final long valueH, final long valueB, final long metaH,
            final long metaB, final long ingestNs, final long id)
        {
            if ("out".equals(port))
            {
                count++;
            }
            else
            {
                errors++;
            }
        }
    }
}
