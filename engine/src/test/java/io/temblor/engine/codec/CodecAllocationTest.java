package io.temblor.engine.codec;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecAllocationTest
{
    private static final int EVENTS = 100_000;

    private static long perEvent(final CodecTesting t, final Codec codec, final byte[] line)
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        // warm-up until the JIT has compiled the loop
        for (int round = 0; round < 3; round++)
        {
            run(t, codec, line, EVENTS);
        }
        final long before = threads.getThreadAllocatedBytes(thread);
        run(t, codec, line, EVENTS);
        return (threads.getThreadAllocatedBytes(thread) - before) / EVENTS;
    }

    private static void run(final CodecTesting t, final Codec codec, final byte[] line, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            t.arena.reset();
            t.sink.reset();
            assertEquals(Codec.OK, codec.decode(t.ctx, line, 0, line.length, 1, t.v, 0));
            assertEquals(Codec.OK, codec.encode(t.ctx, t.v[0], t.v[1], t.sink));
        }
    }

    @Test
    void shouldNotAllocatePerEventWhenDecodingAndEncoding()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final byte[] json = CodecTesting.bytes("{\"host\":\"web-1\",\"status\":200,\"latency\":0.25,\"tags\":[\"a\"," +
                "\"b\"],\"ok\":true,\"nested\":{\"k\":null}}");
            final byte[] influx = CodecTesting.bytes("cpu,host=web-1,region=eu usage_idle=99.5,usage_user=0.25,n=3i," +
                "s=\"x y\",b=true 1465839830100400200");
            t.value(new String(json, java.nio.charset.StandardCharsets.UTF_8), 0);
            final byte[] msgpack = t.encodeBytes(Codecs.create("msgpack"), t.v[0], t.v[1]);
            final byte[] statsd = CodecTesting.bytes("web.requests.latency:-12.5|g|@0.25");
            final byte[] dog = CodecTesting.bytes("web.latency:1.5:2:0.25|d|@0.5|#env:prod,region:eu|c:abc123");
            final byte[] dogEvent = CodecTesting.bytes("_e{4,6}:Test|A Test|d:1663016695|h:a.example.com|t:warning|#a:b");
            final byte[] dogCheck = CodecTesting.bytes("_sc|Redis connection|2|d:1663016695|#env:dev|m:timed out");
            final String[] names = {"json", "influx", "msgpack", "statsd", "dogstatsd", "dogstatsd", "dogstatsd"};
            final byte[][] lines = {json, influx, msgpack, statsd, dog, dogEvent, dogCheck};
            for (int i = 0; i < names.length; i++)
            {
                final long bytes = perEvent(t, Codecs.create(names[i]), lines[i]);
                final long sorted = i == 0 ? perEvent(t, t.sorted, json) : 0;
                assertTrue(bytes < 8 && sorted < 8, names[i] + ": " + bytes + " B/event, sorted json " + sorted);
            }
        }
    }
}
