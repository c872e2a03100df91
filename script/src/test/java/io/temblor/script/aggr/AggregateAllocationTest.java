package io.temblor.script.aggr;

import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accumulate and emit allocate nothing on the heap in steady state (win functions once their store has grown). */
class AggregateAllocationTest
{
    private static final String[] FUNCTIONS = {"stats::count", "stats::min", "stats::max", "stats::sum", "stats::var",
        "stats::stdev", "stats::mean", "stats::hdr", "stats::dds", "win::first", "win::last", "win::collect_flattened",
        "win::collect_nested"};
    private static final int WINDOW = 100;
    private static final int MAX_BYTES = 1024;

    @Test
    void shouldNotAllocateWhenAccumulatingAndEmittingInSteadyState()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        final byte[] event = "{\"n\":[12.5,7,300000],\"p\":[\"0.5\",\"0.99\"],\"r\":{\"s\":\"text\",\"a\":[1,{\"b\":null}]}}"
            .getBytes(StandardCharsets.UTF_8);
        try (JsonParser parser = new JsonParser(); Arena arena = new Arena(); Arena state = new Arena())
        {
            final ValueContext ctx = new ValueContext(arena, null, state);
            final long[] regs = new long[16];
            final Aggregate[] aggregates = new Aggregate[FUNCTIONS.length];
            for (int i = 0; i < FUNCTIONS.length; i++)
            {
                aggregates[i] = Aggregates.lookup(FUNCTIONS[i]).create(AggregatesTest.SPAN);
                aggregates[i].init();
            }
            // regs[2..]: number, percentiles; regs[6..]: record
            assertEquals(JsonError.OK, parser.parse(event, 0, event.length));
            ctx.event(parser.tape());
            ctx.root(regs, 0);
            ctx.get(regs[0], "n", regs, 10);
            ctx.get(regs[0], "p", regs, 4);
            ctx.get(regs[0], "r", regs, 6);
            long checksum = 0;
            for (int round = 0; round < 40; round++)
            {
                final long start = threads.getThreadAllocatedBytes(thread);
                checksum += run(ctx, arena, aggregates, regs, 20_000);
                if (round >= 2 && threads.getThreadAllocatedBytes(thread) - start == 0)
                {
                    break;
                }
            }
            final long before = threads.getThreadAllocatedBytes(thread);
            checksum += run(ctx, arena, aggregates, regs, 100_000);
            final long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertTrue(checksum != 0);
            assertTrue(allocated < MAX_BYTES, "allocated " + allocated + " bytes over 100k accumulates per function");
            for (final Aggregate a : aggregates)
            {
                a.close();
            }
        }
    }

    private static long run(final ValueContext ctx, final Arena arena, final Aggregate[] aggregates, final long[] regs,
        final int events)
    {
        long checksum = 0;
        for (int e = 0; e < events; e++)
        {
            ctx.element(regs[10], e % 3, regs, 2);
            for (int i = 0; i < aggregates.length; i++)
            {
                final Aggregate a = aggregates[i];
                if (FUNCTIONS[i].startsWith("win::"))
                {
                    a.accumulate(ctx, regs, 6, 1);
                }
                else
                {
                    a.accumulate(ctx, regs, 2, 2);
                }
            }
            if (e % WINDOW == WINDOW - 1)
            {
                for (final Aggregate a : aggregates)
                {
                    a.emit(ctx, regs, 12);
                    checksum += regs[12] ^ regs[13];
                    a.init();
                }
                arena.reset();
            }
        }
        return checksum;
    }
}
