package io.temblor.script.aggr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.error.Location;
import io.temblor.script.error.Span;
import io.temblor.script.runtime.ScriptError;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expected values are those of Tremor's own tests (tremor-script/src/std_lib/stats.rs and win.rs). */
class AggregatesTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final Span SPAN = new Span(new Location(1, 1, 0), new Location(1, 10, 9));

    private final JsonParser parser = new JsonParser();
    private final Arena arena = new Arena();
    private final Arena constants = new Arena();
    private final Arena state = new Arena();
    private final ValueContext ctx = new ValueContext(arena, constants, state);
    private final ValueWriter writer = new ValueWriter();
    private final ByteSink sink = new ByteSink();
    private final long[] regs = new long[16];
    private final List<Aggregate> created = new ArrayList<>();

    @AfterEach
    void close()
    {
        created.forEach(Aggregate::close);
        parser.close();
        arena.close();
        constants.close();
        state.close();
        sink.close();
    }

    private Aggregate create(final String name)
    {
        final Aggregate a = Aggregates.lookup(name).create(SPAN);
        created.add(a);
        a.init();
        return a;
    }

    /** Accumulates the elements of a JSON array as the arguments, then resets the event arena. */
    private void acc(final Aggregate a, final String argsJson)
    {
        final byte[] bytes = argsJson.getBytes(StandardCharsets.UTF_8);
        assertEquals(JsonError.OK, parser.parse(bytes, 0, bytes.length));
        ctx.event(parser.tape());
        ctx.root(regs, 0);
        final long array = regs[0];
        int n = 0;
        for (int p = ctx.first(array); p >= 0; p = ctx.next(array, p))
        {
            ctx.entryValue(array, p, regs, 2 + 2 * n++);
        }
        a.accumulate(ctx, regs, 2, n);
        arena.reset();
    }

    private void accAll(final Aggregate a, final int... values)
    {
        for (final int v : values)
        {
            acc(a, "[" + v + "]");
        }
    }

    private String emit(final Aggregate a)
    {
        a.emit(ctx, regs, 0);
        sink.reset();
        writer.write(ctx, regs[0], regs[1], sink);
        final String json = new String(sink.toByteArray(), StandardCharsets.UTF_8);
        arena.reset();
        return json;
    }

    private static void assertBadType(final String message, final Runnable call)
    {
        final ScriptError e = assertThrows(ScriptError.class, call::run);
        assertEquals(message, e.getMessage());
        assertSame(SPAN, e.inner());
    }

    @Test
    void shouldDescribeArityAndNamesWhenLookedUp()
    {
        final String[][] table = {
            {"stats::count", "0", "0"}, {"stats::min", "1", "1"}, {"stats::max", "1", "1"}, {"stats::sum", "1", "1"},
            {"stats::var", "1", "1"}, {"stats::stdev", "1", "1"}, {"stats::mean", "1", "1"}, {"stats::hdr", "1", "2"},
            {"stats::dds", "1", "2"}, {"win::first", "1", "1"}, {"win::last", "1", "1"},
            {"win::collect_flattened", "1", "1"}, {"win::collect_nested", "1", "1"},
        };
        for (final String[] row : table)
        {
            final AggregateFunction f = Aggregates.lookup(row[0]);
            assertEquals(row[0], f.name());
            assertEquals(Integer.parseInt(row[1]), f.minArity(), row[0]);
            assertEquals(Integer.parseInt(row[2]), f.maxArity(), row[0]);
        }
        assertNull(Aggregates.lookup("stats::median"));
        assertNull(Aggregates.lookup("win::cardinality"));
        assertNull(Aggregates.lookup("count"));
    }

    @Test
    void shouldCountAndMergeCounts()
    {
        final Aggregate a = create("stats::count");
        assertEquals("0", emit(a));
        acc(a, "[]");
        acc(a, "[]");
        acc(a, "[]");
        assertEquals("3", emit(a));
        final Aggregate b = create("stats::count");
        acc(b, "[]");
        b.merge(a);
        assertEquals("4", emit(b));
        b.init();
        assertEquals("0", emit(b));
    }

    @Test
    void shouldTakeMinAsFloatAndRejectNull()
    {
        final Aggregate a = create("stats::min");
        assertEquals("0.0", emit(a));
        assertBadType("Bad type passed to function stats::min/1", () -> acc(a, "[null]"));
        accAll(a, 1, 2, 3);
        assertEquals("1.0", emit(a));
        acc(a, "[-2.5]");
        assertEquals("-2.5", emit(a));
    }

    @Test
    void shouldMergeMinWithTremorsOptionOrdering()
    {
        final Aggregate a = create("stats::min");
        accAll(a, 3, 2);
        final Aggregate b = create("stats::min");
        accAll(b, 1);
        a.merge(b);
        assertEquals("1.0", emit(a));
        // None < Some(_): an empty min never takes a merged value, and merging an empty one empties it
        final Aggregate empty = create("stats::min");
        empty.merge(a);
        assertEquals("0.0", emit(empty));
        a.merge(create("stats::min"));
        assertEquals("0.0", emit(a));
    }

    @Test
    void shouldTakeMaxAndMergeIntoEmpty()
    {
        final Aggregate a = create("stats::max");
        assertBadType("Bad type passed to function stats::max/1", () -> acc(a, "[\"x\"]"));
        accAll(a, 1, 2, 3);
        assertEquals("3.0", emit(a));
        final Aggregate b = create("stats::max");
        b.merge(a);
        assertEquals("3.0", emit(b));
        b.merge(create("stats::max"));
        assertEquals("3.0", emit(b));
    }

    @Test
    void shouldSumIntegersAsFloat()
    {
        final Aggregate a = create("stats::sum");
        assertEquals("0.0", emit(a));
        assertBadType("Bad type passed to function stats::sum/1", () -> acc(a, "[null]"));
        accAll(a, 1, 2, 3);
        assertEquals("6.0", emit(a));
        acc(a, "[4]");
        a.merge(create("stats::mean"));
        assertEquals("10.0", emit(a));
        final Aggregate b = create("stats::sum");
        acc(b, "[0.5]");
        a.merge(b);
        assertEquals("10.5", emit(a));
        acc(a, "[18446744073709551615]");
        assertEquals("1.8446744073709552e19", emit(a));
    }

    @Test
    void shouldAverageAndBeNullWhenEmpty()
    {
        final Aggregate a = create("stats::mean");
        assertEquals("null", emit(a));
        assertBadType("Bad type passed to function stats::mean/1", () -> acc(a, "[true]"));
        accAll(a, 1, 2, 3);
        assertEquals("2.0", emit(a));
        acc(a, "[4]");
        a.merge(create("stats::mean"));
        assertEquals("2.5", emit(a));
        final Aggregate b = create("stats::mean");
        accAll(b, 10);
        a.merge(b);
        assertEquals("4.0", emit(a));
    }

    @Test
    void shouldComputeVarianceAndMergeAsTremor()
    {
        final Aggregate a = create("stats::var");
        assertEquals("0.0", emit(a));
        assertBadType("Bad type passed to function stats::var/1", () -> acc(a, "[null]"));
        accAll(a, 2, 4, 19, 9);
        assertEquals(173.0 / 3.0, number(a), 1e-12);
        final Aggregate b = create("stats::var");
        accAll(b, 2, 4);
        b.merge(a);
        assertEquals(43.066_666_666_666_67, number(b), 1e-12);
        final Aggregate c = create("stats::var");
        accAll(c, 2, 4);
        assertEquals(2.0, number(c), 0.0);
        b.merge(c);
        assertEquals(33.928_571_428_571_43, number(b), 1e-12);
    }

    @Test
    void shouldComputeStdevAndNameVarInErrors()
    {
        final Aggregate a = create("stats::stdev");
        assertEquals("0.0", emit(a));
        assertBadType("Bad type passed to function stats::var/1", () -> acc(a, "[null]"));
        accAll(a, 2, 4, 19);
        assertEquals(Math.sqrt(259.0 / 3.0), number(a), 1e-12);
        final Aggregate b = create("stats::stdev");
        b.merge(a);
        assertEquals(Math.sqrt(259.0 / 3.0), number(b), 1e-12);
        // a var is not a stdev: Tremor's downcast fails and nothing is merged
        final Aggregate v = create("stats::var");
        accAll(v, 100, 200);
        b.merge(v);
        assertEquals(Math.sqrt(259.0 / 3.0), number(b), 1e-12);
    }

    private double number(final Aggregate a)
    {
        a.emit(ctx, regs, 0);
        assertEquals(Values.FLOAT, regs[0]);
        return Values.doubleValue(regs[1]);
    }

    private static final String HDR_100 = "{\"count\":100,\"min\":1,\"max\":100,\"mean\":50.5,\"stdev\":28.86607004772212," +
        "\"var\":833.25,\"percentiles\":{\"0.5\":50,\"0.9\":90,\"0.95\":95,\"0.99\":99,\"0.999\":100,\"0.9999\":100}}";
    private static final String PERCENTILES_6 = "[\"0.5\",\"0.9\",\"0.95\",\"0.99\",\"0.999\",\"0.9999\"]";

    @Test
    void shouldBuildHdrRecordAsTremor()
    {
        final Aggregate a = create("stats::hdr");
        final ScriptError e = assertThrows(ScriptError.class,
            () -> acc(a, "[0,[\"snot\",\"0.9\",\"0.95\",\"0.99\",\"0.999\",\"0.9999\"]]"));
        assertEquals("Runtime error in function stats::hdr/2: Provided percentile 'snot' isn't a float: " +
            "ParseFloatError { kind: Invalid }", e.getMessage());
        for (int i = 1; i <= 100; i++)
        {
            acc(a, "[" + i + "," + PERCENTILES_6 + "]");
        }
        assertEquals(HDR_100, emit(a));
        final Aggregate b = create("stats::hdr");
        b.merge(a);
        assertEquals(HDR_100, emit(b));
    }

    @Test
    void shouldEmitZerosWhenHdrEmpty()
    {
        assertEquals("{\"count\":0,\"min\":0,\"max\":0,\"mean\":0.0,\"stdev\":0.0,\"var\":0.0,\"percentiles\":{\"0.5\":0," +
            "\"0.9\":0,\"0.95\":0,\"0.99\":0,\"0.999\":0,\"0.9999\":0,\"0.99999\":0}}", emit(create("stats::hdr")));
    }

    @Test
    void shouldSkipNegativeAndNonNumbersAndKeepPercentilesWhenHdrInit()
    {
        final Aggregate a = create("stats::hdr");
        acc(a, "[5.9,[\"0.5\",0.9,\"1\"]]");
        acc(a, "[-1]");
        acc(a, "[\"x\"]");
        acc(a, "[null,[\"0.1\"]]");
        assertEquals("{\"count\":1,\"min\":5,\"max\":5,\"mean\":5.0,\"stdev\":0.0,\"var\":0.0,\"percentiles\":{\"0.5\":5," +
            "\"1\":5}}", emit(a));
        a.init();
        acc(a, "[1000]");
        assertEquals("{\"count\":1,\"min\":1000,\"max\":1003,\"mean\":1002.0,\"stdev\":0.0,\"var\":0.0,\"percentiles\":" +
            "{\"0.5\":1003,\"1\":1003}}", emit(a));
    }

    @Test
    void shouldMergeHdrAcrossCountsAndRanges()
    {
        final Aggregate a = create("stats::hdr");
        final Aggregate b = create("stats::hdr");
        for (int i = 0; i < 10_000; i++)
        {
            acc(a, "[" + (i % 100) + ",[\"0.5\",\"0.99\"]]");
        }
        acc(b, "[100000]");
        a.merge(b);
        final String json = emit(a);
        assertTrue(json.startsWith("{\"count\":10001,\"min\":0,\"max\":100351,"), json);
    }

    @Test
    void shouldSaturateHdrValuesAboveLongRange()
    {
        final Aggregate a = create("stats::hdr");
        acc(a, "[1e300,[\"1\"]]");
        a.emit(ctx, regs, 0);
        assertTrue(emit(a).startsWith("{\"count\":1,\"min\":"));
    }

    private static final String DDS_100 = "{\"count\":100,\"sum\":5050.0,\"min\":1.0,\"max\":100.0,\"mean\":50.5," +
        "\"percentiles\":{\"0.5\":50.0,\"0.9\":89.2,\"0.95\":94.7,\"0.99\":98.6,\"0.999\":98.6,\"0.9999\":98.6}}";

    @Test
    void shouldBuildDdsRecordAsTremor()
    {
        final Aggregate a = create("stats::dds");
        final ScriptError e = assertThrows(ScriptError.class,
            () -> acc(a, "[0,[\"snot\",\"0.9\",\"0.95\",\"0.99\",\"0.999\",\"0.9999\"]]"));
        assertEquals("Runtime error in function stats::dds/2: Provided percentile 'snot' isn't a float: " +
            "invalid float literal", e.getMessage());
        for (int i = 1; i <= 100; i++)
        {
            acc(a, "[" + i + "," + PERCENTILES_6 + "]");
        }
        assertEquals(DDS_100, emit(a));
        final Aggregate b = create("stats::dds");
        b.merge(a);
        assertEquals(DDS_100, emit(b));
    }

    @Test
    void shouldEmitZerosWhenDdsEmpty()
    {
        assertEquals("{\"count\":0,\"sum\":0.0,\"min\":0.0,\"max\":0.0,\"mean\":0.0,\"percentiles\":{\"0.5\":0.0," +
            "\"0.9\":0.0,\"0.95\":0.0,\"0.99\":0.0,\"0.999\":0.0,\"0.9999\":0.0,\"0.99999\":0.0}}",
            emit(create("stats::dds")));
    }

    @Test
    void shouldFailDdsEmitWhenPercentileOutOfRange()
    {
        final Aggregate a = create("stats::dds");
        acc(a, "[1,[\"1.5\"]]");
        final ScriptError e = assertThrows(ScriptError.class, () -> emit(a));
        assertEquals("Runtime error in function stats::dds/2: Unable to calculate percentile '1.5'", e.getMessage());
        final Aggregate empty = create("stats::dds");
        final ScriptError parse = assertThrows(ScriptError.class, () -> acc(empty, "[1,[\"\"]]"));
        assertEquals("Runtime error in function stats::dds/2: Provided percentile '' isn't a float: " +
            "cannot parse float from empty string", parse.getMessage());
    }

    @Test
    void shouldMatchSequentialDdsWhenMergedAcrossCacheAndSketch() throws Exception
    {
        // count, min, max and sum of merged dds equal those of the concatenated input (Tremor's dds_prop)
        final java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 20; round++)
        {
            final Aggregate a = create("stats::dds");
            final Aggregate b = create("stats::dds");
            final int na = random.nextInt(Dds.MAX_CACHE * 2);
            final int nb = random.nextInt(Dds.MAX_CACHE * 2);
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            final double[] values = new double[na + nb];
            for (int i = 0; i < values.length; i++)
            {
                values[i] = random.nextDouble() * 1000;
            }
            for (int i = 0; i < na; i++)
            {
                acc(a, "[" + values[i] + ",[\"0.5\"]]");
            }
            for (int i = na; i < values.length; i++)
            {
                acc(b, "[" + values[i] + ",[\"0.5\"]]");
            }
            if (random.nextBoolean())
            {
                // an emitted window holds a sketch, as a tilt frame's source does
                emit(b);
            }
            a.merge(b);
            for (final double v : values)
            {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            final JsonNode json = MAPPER.readTree(emit(a));
            assertEquals(values.length, json.get("count").asLong());
            if (values.length > 0)
            {
                assertEquals(min, json.get("min").asDouble());
                assertEquals(max, json.get("max").asDouble());
                assertEquals(sum, json.get("sum").asDouble(), Math.abs(sum) * 1e-12);
            }
        }
    }

    @Test
    void shouldKeepFirstAndMergeEarlierFirst()
    {
        final Aggregate a = create("win::first");
        assertEquals("null", emit(a));
        accAll(a, 1, 2, 3);
        assertEquals("1", emit(a));
        a.init();
        accAll(a, 4, 3);
        assertEquals("4", emit(a));

        final Aggregate x = create("win::first");
        final Aggregate y = create("win::first");
        accAll(x, 1, 2);
        accAll(y, 3);
        x.merge(y);
        assertEquals("1", emit(x));
        final Aggregate z = create("win::first");
        z.merge(y);
        assertEquals("3", emit(z));
    }

    @Test
    void shouldKeepLastAndMergeLaterLast()
    {
        final Aggregate a = create("win::last");
        accAll(a, 1, 2, 3);
        assertEquals("3", emit(a));
        a.init();
        assertEquals("null", emit(a));
        accAll(a, 4, 2);
        assertEquals("2", emit(a));

        final Aggregate x = create("win::last");
        final Aggregate y = create("win::last");
        accAll(x, 1, 2);
        accAll(y, 3);
        x.merge(y);
        assertEquals("3", emit(x));
        x.merge(create("win::last"));
        assertEquals("3", emit(x));
    }

    @Test
    void shouldRetainContainersBeyondTheEventWhenFirstOrLast()
    {
        final Aggregate first = create("win::first");
        final Aggregate last = create("win::last");
        final String v1 = "{\"a\":[1,\"two\",{\"b\":null}],\"s\":\"text\"}";
        final String v2 = "[\"x\",{\"y\":[true,2.5]}]";
        acc(first, "[" + v1 + "]");
        acc(last, "[" + v1 + "]");
        acc(first, "[" + v2 + "]");
        acc(last, "[" + v2 + "]");
        // the tape of the last parse is overwritten
        acc(create("stats::count"), "[[\"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\",{\"qqqqqqqqqqqq\":1}]]");
        assertEquals(v1, emit(first));
        assertEquals(v2, emit(last));
        final Aggregate merged = create("win::first");
        merged.merge(first);
        assertEquals(v1, emit(merged));
    }

    @Test
    void shouldRetainArenaAndStateValues()
    {
        final Aggregate a = create("win::collect_flattened");
        // an arena array holding a string of the context's state store
        final Arena previous = ctx.swapState(state);
        ctx.newString("kept", regs, 4);
        ctx.copyTo(io.temblor.script.value.ValueDescriptor.STORE_STATE, regs[4], regs[5], regs, 4);
        ctx.swapState(previous);
        ctx.newArray(2, regs, 2);
        ctx.push(regs[2], regs[4], regs[5], regs, 2);
        ctx.push(regs[2], Values.INT, 7, regs, 2);
        a.accumulate(ctx, regs, 2, 1);
        a.accumulate(ctx, regs, 4, 1);
        arena.reset();
        assertEquals("[[\"kept\",7],\"kept\"]", emit(a));
    }

    @Test
    void shouldCollectAndFlattenWhenMerged()
    {
        final Aggregate a = create("win::collect_flattened");
        assertEquals("[]", emit(a));
        accAll(a, 1, 2, 3);
        assertEquals("[1,2,3]", emit(a));
        a.init();
        accAll(a, 4, 3);
        assertEquals("[4,3]", emit(a));

        final Aggregate x = create("win::collect_flattened");
        final Aggregate y = create("win::collect_flattened");
        accAll(x, 1, 2);
        acc(y, "[\"three\"]");
        acc(y, "[[4]]");
        x.merge(y);
        assertEquals("[1,2,\"three\",[4]]", emit(x));
        final Aggregate z = create("win::collect_flattened");
        z.merge(x);
        z.merge(y);
        assertEquals("[1,2,\"three\",[4],\"three\",[4]]", emit(z));
    }

    @Test
    void shouldNestOneLevelPerTiltFrameWhenCollectNested()
    {
        final Aggregate w1 = create("win::collect_nested");
        final Aggregate w2 = create("win::collect_nested");
        final Aggregate w3 = create("win::collect_nested");
        acc(w1, "[1]");
        acc(w1, "[\"a\"]");
        w2.merge(w1);
        w1.init();
        acc(w1, "[{\"b\":2}]");
        w2.merge(w1);
        assertEquals("[[1,\"a\"],[{\"b\":2}]]", emit(w2));
        w3.merge(w2);
        w3.merge(w2);
        assertEquals("[[[1,\"a\"],[{\"b\":2}]],[[1,\"a\"],[{\"b\":2}]]]", emit(w3));
        w2.init();
        assertEquals("[]", emit(w2));
        // a collect_nested does not merge a collect_flattened
        final Aggregate flat = create("win::collect_flattened");
        accAll(flat, 9);
        w2.merge(flat);
        assertEquals("[]", emit(w2));
    }
}
