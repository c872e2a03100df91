package io.temblor.engine.pipeline;

import io.temblor.engine.qos.BucketGrouper;
import io.temblor.json.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code grouper::bucket} inside a pipeline, over random events whose metadata a script sets from the event (class,
 * rate, dimensions of several JSON types, cardinality, time range, windows; sometimes no class or no rate): every event
 * leaves by exactly one of {@code out}, {@code overflow}, {@code err} (nothing lost), and the port is the one a
 * {@link BucketGrouper} decides when fed the same class bytes, dimension JSON and settings (the grouper itself is
 * checked against a reference model and the rate bound in {@code BucketGrouperTest}).
 */
class BucketOperatorTest
{
    private static final String QUERY = """
        define script meta
        script
          let $class = event.class;
          let $rate = event.rate;
          let $dimensions = event.dim;
          let $cardinality = event.card;
          let $time_range = event.range;
          let $windows = event.windows;
          event
        end;
        define operator b from grouper::bucket;
        create script meta;
        create operator b;
        select event from in into meta;
        select event from meta into b;
        select event from b into out;
        select event from b/overflow into out/overflow;
        select event from b/err into out/err;
        """;

    @Test
    void shouldSendEveryEventToTheGroupersDecisionAndLoseNone()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final String[] dims = {"\"a\"", "\"b\"", "1", "[1,2]", "{\"h\":\"x\"}", "null", "\"c\""};
        try (Pipeline pipeline = new Pipeline(QueryCases.compile(Path.of("."), QUERY)); JsonParser parser = new JsonParser())
        {
            final BucketGrouper model = new BucketGrouper();
            final int[] counts = new int[3];
            long now = 0;
            for (int i = 0; i < 20_000; i++)
            {
                now += random.nextInt(3_000_000);
                final boolean hasClass = random.nextInt(50) != 0;
                final boolean hasRate = random.nextInt(50) != 0;
                final String cls = "c" + random.nextInt(4);
                final String dim = dims[random.nextInt(dims.length)];
                final long rate = 1 + random.nextInt(20);
                final long range = 10 + random.nextInt(100);
                final long windows = 1 + random.nextInt(10);
                final long card = 1 + random.nextInt(5);
                final StringBuilder json = new StringBuilder("{");
                json.append(hasClass ? "\"class\":\"" + cls + "\"" : "\"class\":null");
                json.append(hasRate ? ",\"rate\":" + rate : ",\"rate\":null");
                json.append(",\"dim\":").append(dim).append(",\"card\":").append(card).append(",\"range\":")
                    .append(range).append(",\"windows\":").append(windows).append('}');
                final byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
                parser.parse(bytes, 0, bytes.length);
                final List<String> ports = new ArrayList<>();
                final long t = now;
                assertEquals(Pipeline.OK, pipeline.enqueue("in", parser.tape(), t, i,
                    (port, vh, vb, mh, mb, ns, id) -> ports.add(port)));
                assertEquals(1, ports.size(), "exactly one output, seed " + seed);
                final String expected;
                if (!hasClass)
                {
                    expected = "err";
                }
                else
                {
                    final byte[] c = cls.getBytes(StandardCharsets.UTF_8);
                    final byte[] d = dim.getBytes(StandardCharsets.UTF_8);
                    final int decision = model.decide(c, 0, c.length, (int)card, d, 0, d.length,
                        hasRate ? rate : BucketGrouper.NO_RATE, range, (int)windows, t);
                    expected = switch (decision)
                    {
                        case BucketGrouper.PASS -> "out";
                        case BucketGrouper.OVERFLOW -> "overflow";
                        default -> "err";
                    };
                }
                assertEquals(expected, ports.get(0), "event " + i + " " + json + ", seed " + seed);
                counts["out".equals(expected) ? 0 : "overflow".equals(expected) ? 1 : 2]++;
            }
            assertEquals(20_000, counts[0] + counts[1] + counts[2]);
            for (final int c : counts)
            {
                org.junit.jupiter.api.Assertions.assertTrue(c > 0, "every port is exercised, seed " + seed);
            }
        }
    }
}
