package io.temblor.engine.qos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BucketGrouperTest
{
    private static final long MS = 1_000_000L;

    /** fenster's TimeWindow, transcribed plainly: a ring of counts, a sum of the other slots, a tick loop. */
    private static final class RefWindow
    {
        private final int size;
        private final long slotTime;
        private final long windowTime;
        private final long max;
        private long[] buffer;
        private long sum;
        private int pos;
        private long lastTick;
        private final List<Long> passes = new ArrayList<>();

        RefWindow(final int size, final long slotTime, final long max)
        {
            this.size = size;
            this.slotTime = slotTime;
            this.windowTime = slotTime * size;
            this.max = max;
            this.buffer = new long[size];
        }

        boolean incT(final long now)
        {
            long delta = Long.divideUnsigned(now - lastTick, MS);
            if (Long.compareUnsigned(delta, windowTime) > 0)
            {
                buffer = new long[size];
                sum = 0;
                pos = 0;
                lastTick = now;
            }
            else if (Long.compareUnsigned(delta, slotTime) > 0)
            {
                while (Long.compareUnsigned(delta, slotTime) > 0)
                {
                    delta -= slotTime;
                    tick();
                }
                lastTick = now;
            }
            if (Long.compareUnsigned(sum + buffer[pos] + 1, max) <= 0)
            {
                buffer[pos]++;
                passes.add(now);
                return true;
            }
            return false;
        }

        private void tick()
        {
            final long last = buffer[pos];
            pos = (pos + 1) % size;
            sum = sum - buffer[pos] + last;
            buffer[pos] = 0;
        }
    }

    /** Tremor's operator: a map of classes, each an access-ordered LinkedHashMap of windows evicting its eldest. */
    private static final class Reference
    {
        private static final class RefClass
        {
            final int capacity;
            final LinkedHashMap<String, RefWindow> cache = new LinkedHashMap<>(16, 0.75f, true);
            long pass;
            long overflow;

            RefClass(final int capacity)
            {
                this.capacity = capacity;
            }
        }

        final Map<String, RefClass> classes = new HashMap<>();
        final List<RefWindow> allWindows = new ArrayList<>();

        int decide(
            final String cls, final int cardinality, final String dims, final long rate, final long timeRangeMs,
            final int windows, final long now)
        {
            final RefClass c = classes.computeIfAbsent(cls, k -> new RefClass(cardinality > 0 ? cardinality : 1000));
            RefWindow w = c.cache.get(dims);
            if (w == null)
            {
                if (rate < 0 || windows < 1)
                {
                    return BucketGrouper.ERROR;
                }
                if (c.cache.size() == c.capacity)
                {
                    c.cache.remove(c.cache.keySet().iterator().next());
                }
                w = new RefWindow(windows, timeRangeMs / windows, rate);
                allWindows.add(w);
                c.cache.put(dims, w);
            }
            if (w.incT(now))
            {
                c.pass++;
                return BucketGrouper.PASS;
            }
            c.overflow++;
            return BucketGrouper.OVERFLOW;
        }
    }

    @Test
    void shouldDecideAsTremorModelWhenEventsAreRandom()
    {
        final long seed = 0x5EED_B0C4L;
        final SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 400; round++)
        {
            final String where = "seed " + seed + " round " + round;
            // given: a few classes, dimension values of many lengths, random settings, mostly rising times
            final boolean collide = random.nextBoolean();
            final BucketGrouper grouper = collide ? new BucketGrouper(0x3) : new BucketGrouper();
            final Reference reference = new Reference();
            final int classCount = 1 + random.nextInt(3);
            final int dimCount = 1 + random.nextInt(14);
            final String[] dims = new String[dimCount];
            for (int d = 0; d < dimCount; d++)
            {
                dims[d] = "d" + d + "x".repeat(random.nextInt(3) == 0 ? random.nextInt(40) : 0);
            }
            final int[] cardinality = new int[classCount];
            for (int c = 0; c < classCount; c++)
            {
                cardinality[c] = random.nextInt(10);
            }
            final long rate = random.nextInt(6);
            final int windows = 1 + random.nextInt(10);
            final long timeRangeMs = random.nextInt(80);
            final boolean monotonic = random.nextInt(4) != 0;
            long now = random.nextBoolean() ? 0 : random.nextLong(1L << 50);
            int in = 0;
            int passed = 0;
            int overflow = 0;
            int error = 0;
            for (int i = 0; i < 3_000; i++)
            {
                switch (random.nextInt(6))
                {
                    case 0 -> now += random.nextLong(2 * MS);
                    case 1 -> now += random.nextLong((timeRangeMs + 1) * 2 * MS);
                    case 2 -> now += random.nextLong(1000);
                    case 3 -> now += monotonic ? 0 : -random.nextLong(20 * MS);
                    default -> { }
                }
                final int c = random.nextInt(classCount);
                final String dim = dims[random.nextInt(dimCount)];
                // settings of later events for a known value are ignored; some events bring none
                final long eventRate = random.nextInt(20) == 0 ? BucketGrouper.NO_RATE :
                    random.nextInt(10) == 0 ? random.nextInt(6) : rate;
                final int eventWindows = random.nextInt(40) == 0 ? 0 : random.nextInt(10) == 0 ? 1 : windows;
                final byte[] classKey = ("class" + c).getBytes(StandardCharsets.UTF_8);
                final byte[] dimKey = ("[" + dim + "]").getBytes(StandardCharsets.UTF_8);
                // when
                final int decision = grouper.decide(classKey, 0, classKey.length, cardinality[c],
                    dimKey, 1, dimKey.length - 2, eventRate, timeRangeMs, eventWindows, now);
                // then
                assertEquals(reference.decide("class" + c, cardinality[c], dim, eventRate, timeRangeMs,
                    eventWindows, now), decision, where + " event " + i);
                in++;
                switch (decision)
                {
                    case BucketGrouper.PASS -> passed++;
                    case BucketGrouper.OVERFLOW -> overflow++;
                    default -> error++;
                }
            }
            assertEquals(in, passed + overflow + error, where);
            long groupPass = 0;
            long groupOverflow = 0;
            for (int g = 0; g < grouper.groupCount(); g++)
            {
                final BucketGrouper.Group group = grouper.groupAt(g);
                final Reference.RefClass refClass = reference.classes.get(group.name());
                assertEquals(refClass.pass, group.passCount(), where);
                assertEquals(refClass.overflow, group.overflowCount(), where);
                assertEquals(refClass.cache.size(), group.size(), where);
                groupPass += group.passCount();
                groupOverflow += group.overflowCount();
            }
            assertEquals(reference.classes.size(), grouper.groupCount(), where);
            assertEquals(passed, groupPass, where);
            assertEquals(overflow, groupOverflow, where);
            if (monotonic)
            {
                for (final RefWindow w : reference.allWindows)
                {
                    assertRateBound(w, where);
                }
            }
        }
    }

    /**
     * While a window lives (until evicted), an event it passed at {@code p} still counts at {@code t} whenever
     * {@code t - p <= (windows - 1) * slot - 1 ms}: the last advance is less than a slot plus 1 ms before {@code p},
     * and a pass leaves the count only after {@code windows} advances, each owing more than a slot of elapsed time,
     * or after more than {@code windows * slot} whole ms without an advance. So no such span holds more than
     * {@code rate} passes. (Tremor's window drops the remainder of each advance and rounds to whole ms, so a full
     * {@code time_range} span can hold more.)
     */
    private static void assertRateBound(final RefWindow w, final String where)
    {
        final long span = (w.size - 1) * w.slotTime * MS - MS;
        final List<Long> times = w.passes;
        int first = 0;
        for (int last = 0; span >= 0 && last < times.size(); last++)
        {
            while (times.get(last) - times.get(first) > span)
            {
                first++;
            }
            assertTrue(last - first + 1 <= w.max,
                where + ": " + (last - first + 1) + " passes in " + span + " ns, rate " + w.max);
        }
    }

    @Test
    void shouldKeepDistinctValuesApartWhenAllHashesCollide()
    {
        // given: every dimension hash masked to 0
        final BucketGrouper grouper = new BucketGrouper(0);
        final byte[] cls = "c".getBytes(StandardCharsets.UTF_8);
        final byte[] a = "\"a\"".getBytes(StandardCharsets.UTF_8);
        final byte[] b = "\"b\"".getBytes(StandardCharsets.UTF_8);
        // when / then: each value has its own window of one event
        assertEquals(BucketGrouper.PASS, grouper.decide(cls, 0, 1, 0, a, 0, 3, 1, 1000, 100, 0));
        assertEquals(BucketGrouper.PASS, grouper.decide(cls, 0, 1, 0, b, 0, 3, 1, 1000, 100, 0));
        assertEquals(BucketGrouper.OVERFLOW, grouper.decide(cls, 0, 1, 0, a, 0, 3, 1, 1000, 100, 0));
        assertEquals(BucketGrouper.OVERFLOW, grouper.decide(cls, 0, 1, 0, b, 0, 3, 1, 1000, 100, 0));
        assertEquals(2, grouper.groupAt(0).size());
    }

    @Test
    void shouldForgetEvictedValueWhenCardinalityIsReached()
    {
        // given: two values kept, one event per second each
        final BucketGrouper grouper = new BucketGrouper();
        final byte[] cls = "test".getBytes(StandardCharsets.UTF_8);
        final BucketGrouper.Group group = grouper.group(cls, 0, cls.length, 2);
        // when / then
        assertEquals(BucketGrouper.PASS, decide(group, "a"));
        assertEquals(BucketGrouper.PASS, decide(group, "b"));
        assertEquals(BucketGrouper.OVERFLOW, decide(group, "a"));
        // c evicts b, the least recently used
        assertEquals(BucketGrouper.PASS, decide(group, "c"));
        assertEquals(BucketGrouper.OVERFLOW, decide(group, "a"));
        // b comes back with a fresh window and evicts c (a was used after it)
        assertEquals(BucketGrouper.PASS, decide(group, "b"));
        assertEquals(BucketGrouper.OVERFLOW, decide(group, "a"));
        assertEquals(BucketGrouper.PASS, decide(group, "c"));
        assertEquals(2, group.size());
        assertEquals(5, group.passCount());
        assertEquals(3, group.overflowCount());
    }

    @Test
    void shouldReportErrorOnlyWhenNewValueHasNoRate()
    {
        final BucketGrouper grouper = new BucketGrouper();
        final byte[] cls = "test".getBytes(StandardCharsets.UTF_8);
        final byte[] dim = "null".getBytes(StandardCharsets.UTF_8);
        assertEquals(BucketGrouper.ERROR, grouper.decide(cls, 0, 4, 0, dim, 0, 4, BucketGrouper.NO_RATE, 1000, 100, 1));
        // the class exists from now on (Tremor creates it before looking at the rate), with nothing counted
        assertEquals(1, grouper.groupCount());
        assertEquals(BucketGrouper.PASS, grouper.decide(cls, 0, 4, 0, dim, 0, 4, 2, 1000, 100, 1));
        // a known value needs no rate, and keeps the one it was created with
        assertEquals(BucketGrouper.PASS, grouper.decide(cls, 0, 4, 0, dim, 0, 4, BucketGrouper.NO_RATE, 1000, 100, 1));
        assertEquals(BucketGrouper.OVERFLOW, grouper.decide(cls, 0, 4, 0, dim, 0, 4, 100, 1000, 100, 1));
        // Tremor's own unit test: after ten seconds the window is empty again
        assertEquals(BucketGrouper.PASS, grouper.decide(cls, 0, 4, 0, dim, 0, 4, 2, 1000, 100, 10_000_000_002L));
        assertEquals(3, grouper.groupAt(0).passCount());
        assertEquals(1, grouper.groupAt(0).overflowCount());
        // windows = 0 would panic in Tremor: an error for a new value
        assertEquals(BucketGrouper.ERROR, grouper.decide(cls, 0, 4, 0, cls, 0, 4, 2, 1000, 0, 1));
    }

    @Test
    void shouldDecideKeptValuesWithoutSettingsWhenDecidingKept()
    {
        // given: a class with one value kept, 1 event per second, and cardinality 1
        final BucketGrouper grouper = new BucketGrouper();
        final byte[] cls = "test".getBytes(StandardCharsets.UTF_8);
        final BucketGrouper.Group group = grouper.group(cls, 0, cls.length, 1);
        final byte[] a = "a".getBytes(StandardCharsets.UTF_8);
        final byte[] b = "b".getBytes(StandardCharsets.UTF_8);

        // when / then: a new value is not decided (nor counted) until decide gives its settings
        assertEquals(BucketGrouper.NOT_KEPT, group.decideKept(a, 0, 1, 7));
        assertEquals(0, group.size());
        assertEquals(BucketGrouper.PASS, group.decide(a, 0, 1, 1, 1000, 100, 7));
        assertEquals(BucketGrouper.OVERFLOW, group.decideKept(a, 0, 1, 8));
        // b evicts a, which is then no longer kept
        assertEquals(BucketGrouper.PASS, group.decide(b, 0, 1, 1, 1000, 100, 9));
        assertEquals(BucketGrouper.NOT_KEPT, group.decideKept(a, 0, 1, 10));
        assertEquals(BucketGrouper.OVERFLOW, group.decideKept(b, 0, 1, 11));
        assertEquals(2, group.passCount());
        assertEquals(2, group.overflowCount());
    }

    @Test
    void shouldAdvanceWindowSlotsAsTremorWhenTimePasses()
    {
        // given: 2 events per 100 ms in 10 slots of 10 ms
        final BucketGrouper grouper = new BucketGrouper();
        final byte[] cls = "c".getBytes(StandardCharsets.UTF_8);
        final BucketGrouper.Group group = grouper.group(cls, 0, 1, 0);
        final byte[] dim = "null".getBytes(StandardCharsets.UTF_8);
        // when / then
        assertEquals(BucketGrouper.PASS, group.decide(dim, 0, 4, 2, 100, 10, 5 * MS));
        assertEquals(BucketGrouper.PASS, group.decide(dim, 0, 4, 2, 100, 10, 9 * MS));
        assertEquals(BucketGrouper.OVERFLOW, group.decide(dim, 0, 4, 2, 100, 10, 50 * MS));
        // 50 whole ms since the last advance at 50 ms: 4 more advances (8), both passes of slot 0 still count
        assertEquals(BucketGrouper.OVERFLOW, group.decide(dim, 0, 4, 2, 100, 10, 101 * MS - 1));
        // 20 whole ms: one advance only (the remainder is dropped)
        assertEquals(BucketGrouper.OVERFLOW, group.decide(dim, 0, 4, 2, 100, 10, 121 * MS));
        // 21 whole ms: two advances, the tenth drops slot 0
        assertEquals(BucketGrouper.PASS, group.decide(dim, 0, 4, 2, 100, 10, 142 * MS));
    }

    private static int decide(final BucketGrouper.Group group, final String dim)
    {
        final byte[] key = dim.getBytes(StandardCharsets.UTF_8);
        return group.decide(key, 0, key.length, 1, 1000, 100, 7);
    }

    /** Metadata a conformance case's scripts set on one event. */
    private record Meta(String cls, long rate, JsonNode dims, int cardinality, int windows)
    {
    }

    @Test
    void shouldPassWhatTremorPassesInDimensionsCase() throws IOException
    {
        assertConformance("dimensions",
            e -> new Meta("test", 1, e.get("logger_name"), 0, BucketGrouper.DEFAULT_WINDOWS));
    }

    @Test
    void shouldPassWhatTremorPassesInLruCase() throws IOException
    {
        assertConformance("lru", e -> new Meta("test", 1, e.get("logger_name"), 2, 1));
    }

    @Test
    void shouldPassWhatTremorPassesInMultiDimensionsCase() throws IOException
    {
        final ObjectMapper mapper = new ObjectMapper();
        assertConformance("multi_dimensions", e -> new Meta("test", 1,
            mapper.createArrayNode().add(e.get("type")).add(e.get("application")), 0, BucketGrouper.DEFAULT_WINDOWS));
    }

    @Test
    void shouldPassWhatTremorPassesInDefaultRuleCase() throws IOException
    {
        assertConformance("default_rule", e -> new Meta("default", 250, null, 0, BucketGrouper.DEFAULT_WINDOWS));
    }

    @Test
    void shouldPassWhatTremorPassesInExampleRuleCase() throws IOException
    {
        assertConformance("example_rule", e ->
        {
            final String message = e.get("short_message").asText();
            if (message.contains("INFO"))
            {
                return new Meta("info", 2, null, 0, BucketGrouper.DEFAULT_WINDOWS);
            }
            if (message.contains("ERROR"))
            {
                return new Meta("error", 3, null, 0, BucketGrouper.DEFAULT_WINDOWS);
            }
            return new Meta(null, BucketGrouper.NO_RATE, null, 0, BucketGrouper.DEFAULT_WINDOWS);
        });
    }

    @Test
    void shouldPassWhatTremorPassesInLayeredLimitingCase() throws IOException
    {
        // given: two bucket operators in a row; the second keeps the first one's dimensions unless there is a host
        final ObjectMapper mapper = new ObjectMapper();
        final List<JsonNode> in = read(mapper, "layered_limiting", "in");
        final BucketGrouper layer1 = new BucketGrouper();
        final BucketGrouper layer2 = new BucketGrouper();
        final byte[] cls = "default".getBytes(StandardCharsets.UTF_8);
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++)
        {
            final JsonNode e = in.get(i);
            final byte[] dims1 = mapper.writeValueAsBytes(e.has("application") ? e.get("application") : NullNode.instance);
            if (layer1.decide(cls, 0, cls.length, 0, dims1, 0, dims1.length, 5, BucketGrouper.DEFAULT_TIME_RANGE_MS,
                BucketGrouper.DEFAULT_WINDOWS, i) != BucketGrouper.PASS)
            {
                continue;
            }
            final byte[] dims2 = e.has("host") ? mapper.writeValueAsBytes(e.get("host")) : dims1;
            if (layer2.decide(cls, 0, cls.length, 0, dims2, 0, dims2.length, 1, BucketGrouper.DEFAULT_TIME_RANGE_MS,
                BucketGrouper.DEFAULT_WINDOWS, i) == BucketGrouper.PASS)
            {
                out.add(e.get("guid").asText());
            }
        }
        assertEquals(guids(read(mapper, "layered_limiting", "out")), out);
    }

    /** Feeds a case's events (ingest time i ns for event i) and compares the passed events with its expected out. */
    private static void assertConformance(final String name, final Function<JsonNode, Meta> script) throws IOException
    {
        final ObjectMapper mapper = new ObjectMapper();
        final List<JsonNode> in = read(mapper, name, "in");
        final BucketGrouper grouper = new BucketGrouper();
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++)
        {
            final Meta meta = script.apply(in.get(i));
            if (meta.cls() == null)
            {
                continue; // err
            }
            final byte[] cls = meta.cls().getBytes(StandardCharsets.UTF_8);
            final byte[] dims = mapper.writeValueAsBytes(meta.dims() == null ? NullNode.instance : meta.dims());
            final int decision = grouper.decide(cls, 0, cls.length, meta.cardinality(), dims, 0, dims.length,
                meta.rate(), BucketGrouper.DEFAULT_TIME_RANGE_MS, meta.windows(), i);
            if (decision == BucketGrouper.PASS)
            {
                out.add(in.get(i).get("guid").asText());
            }
        }
        final List<String> expected = guids(read(mapper, name, "out"));
        assertFalse(expected.isEmpty());
        assertEquals(expected, out, name);
    }

    private static List<JsonNode> read(final ObjectMapper mapper, final String name, final String file)
        throws IOException
    {
        final Path path = Path.of(System.getProperty("temblor.shared", "../../shared"),
            "conformance", "tremor", "tests", "queries", name, file);
        final List<JsonNode> events = new ArrayList<>();
        for (final String line : Files.readAllLines(path))
        {
            if (!line.isBlank())
            {
                events.add(mapper.readTree(line));
            }
        }
        return events;
    }

    private static List<String> guids(final List<JsonNode> events)
    {
        final List<String> guids = new ArrayList<>();
        for (final JsonNode e : events)
        {
            guids.add(e.get("guid").asText());
        }
        return guids;
    }

    @Test
    void shouldAllocateNothingWhenValuesChurnThroughLru()
    {
        // given: 5000 values over 3 classes that keep 1000 each, so most decisions evict
        final BucketGrouper grouper = new BucketGrouper();
        final byte[][] classes = new byte[3][];
        for (int c = 0; c < classes.length; c++)
        {
            classes[c] = ("class-" + c).getBytes(StandardCharsets.UTF_8);
        }
        final byte[][] dims = new byte[5000][];
        for (int d = 0; d < dims.length; d++)
        {
            dims[d] = ("\"host-" + d + "-" + "y".repeat(d % 20) + "\"").getBytes(StandardCharsets.UTF_8);
        }
        final SplittableRandom random = new SplittableRandom(11);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        long now = 0;
        long passed = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            final byte[] cls = classes[i % 3];
            final byte[] dim = dims[random.nextInt(dims.length)];
            passed += grouper.decide(cls, 0, cls.length, 1000, dim, 0, dim.length, 3, 100, 10, now += 20_000) ==
                BucketGrouper.PASS ? 1 : 0;
        }
        // when
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++)
        {
            final byte[] cls = classes[i % 3];
            final byte[] dim = dims[random.nextInt(dims.length)];
            passed += grouper.decide(cls, 0, cls.length, 1000, dim, 0, dim.length, 3, 100, 10, now += 20_000) ==
                BucketGrouper.PASS ? 1 : 0;
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // then
        assertTrue(passed > 0);
        assertEquals(1000, grouper.groupAt(0).size());
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 1M decisions");
    }
}
