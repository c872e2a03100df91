package io.temblor.engine.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class StatsdCodecTest
{
    @Test
    void shouldMatchTremorsVectorsWhenDecodingAndEncoding()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec statsd = Codecs.create("statsd");
            final String[][] vectors = {
                {"gorets:1|c", "{\"metric\":\"gorets\",\"type\":\"c\",\"value\":1}"},
                {"glork:320|ms", "{\"metric\":\"glork\",\"type\":\"ms\",\"value\":320}"},
                {"gaugor:333|g", "{\"metric\":\"gaugor\",\"type\":\"g\",\"value\":333}"},
                {"uniques:765|s", "{\"metric\":\"uniques\",\"type\":\"s\",\"value\":765}"},
                {"horst:42.23|h", "{\"metric\":\"horst\",\"type\":\"h\",\"value\":42.23}"},
                {"sam:7|c|@0.1", "{\"metric\":\"sam\",\"sample_rate\":0.1,\"type\":\"c\",\"value\":7}"},
                {"addy:+123|g", "{\"action\":\"add\",\"metric\":\"addy\",\"type\":\"g\",\"value\":123}"},
                {"subastian:-234|g", "{\"action\":\"sub\",\"metric\":\"subastian\",\"type\":\"g\",\"value\":234}"},
                {"foo:1620649445.3351967|h", "{\"metric\":\"foo\",\"type\":\"h\",\"value\":1620649445.3351967}"},
                {"foo1:12345|c", "{\"metric\":\"foo1\",\"type\":\"c\",\"value\":12345}"},
                {"foo2:1234567890|c", "{\"metric\":\"foo2\",\"type\":\"c\",\"value\":1234567890}"},
            };
            for (final String[] vector : vectors)
            {
                assertEquals(vector[1], t.decodeLine(statsd, vector[0]), vector[0]);
                assertEquals(vector[0], t.encodeUtf8(statsd, t.v[0], t.v[1]), vector[0]);
            }
        }
    }

    @Test
    void shouldReproduceCanonicalLinesWhenRoundTripping()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec statsd = Codecs.create("statsd");
            final String[] lines = {"a.b.c:-5|c", "x:18446744073709551615|ms|@1.0", "g:-1.5|g|@0.25", "g:+0.5|g",
                "h:1.5e-7|h", "s:0|s|@1e-7", "日本:1|c", ":1|c", "big:-9223372036854775808|c",
                "m:9223372036854775808|g"};
            for (final String line : lines)
            {
                t.decodeLine(statsd, line);
                assertEquals(line, t.encodeUtf8(statsd, t.v[0], t.v[1]));
            }
            assertEquals("{\"action\":\"sub\",\"metric\":\"g\",\"sample_rate\":0.25,\"type\":\"g\",\"value\":1.5}",
                t.decodeLine(statsd, "g:-1.5|g|@0.25"));
            assertEquals("{\"action\":\"sub\",\"metric\":\"m\",\"type\":\"g\",\"value\":9223372036854775808}",
                t.decodeLine(statsd, "m:-9223372036854775808|g"));
            assertEquals("m:-9223372036854775808|g", t.encodeUtf8(statsd, t.v[0], t.v[1]));
        }
    }

    @Test
    void shouldFollowTremorWhenLinesAreUnusual()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec statsd = Codecs.create("statsd");
            // an unknown type with nothing after it: no type field (and encode then fails)
            assertEquals("{\"metric\":\"a\",\"value\":1}", t.decodeLine(statsd, "a:1|"));
            // '+' outside a gauge is dropped
            assertEquals("{\"metric\":\"a\",\"type\":\"c\",\"value\":1}", t.decodeLine(statsd, "a:+1|c"));
            assertEquals("{\"metric\":\"a\",\"type\":\"c\",\"value\":-1}", t.decodeLine(statsd, "a:-1|c"));
            t.value("{\"metric\":\"a\",\"type\":\"c\",\"value\":1,\"sample_rate\":2}", 0);
            assertEquals("a:1|c|@2", t.encodeUtf8(statsd, t.v[0], t.v[1]));
            t.value("{\"metric\":\"a\",\"type\":\"c\",\"value\":1,\"sample_rate\":\"x\"}", 0);
            assertEquals("a:1|c", t.encodeUtf8(statsd, t.v[0], t.v[1]));
            t.value("{\"metric\":\"a\",\"type\":\"c\",\"action\":\"add\",\"value\":1.0}", 0);
            assertEquals("a:1.0|c", t.encodeUtf8(statsd, t.v[0], t.v[1]));
        }
    }

    @Test
    void shouldReportAnErrorWhenInputIsBad()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec statsd = Codecs.create("statsd");
            final String[] bad = {"", "gorets", "gorets:1", "gorets:|c", "gorets:x|c", "gorets:1|c|", "gorets:1|cx",
                "gorets:1|c|@", "gorets:1|c|@x", "gorets:1e3|c", "gorets:1.2.3|c", "gorets:18446744073709551616|c",
                "gorets:-9223372036854775809|c", "a:1|x", "a:1|m"};
            for (final String s : bad)
            {
                final byte[] b = CodecTesting.bytes(s);
                assertEquals(Codec.ERROR, statsd.decode(t.ctx, b, 0, b.length, 0, t.v, 0), s);
                assertNotNull(statsd.errorMessage(), s);
            }
            final byte[] invalidUtf8 = {'a', (byte)0xC3, ':', '1', '|', 'c'};
            assertEquals(Codec.ERROR, statsd.decode(t.ctx, invalidUtf8, 0, invalidUtf8.length, 0, t.v, 0));
            assertEquals(1, statsd.errorOffset());
            final String[] badValues = {"1", "{\"type\":\"c\",\"value\":1}", "{\"metric\":1,\"type\":\"c\",\"value\":1}",
                "{\"metric\":\"a\",\"value\":1}", "{\"metric\":\"a\",\"type\":\"c\",\"value\":\"1\"}",
                "{\"metric\":\"a\",\"type\":\"c\"}"};
            for (final String s : badValues)
            {
                t.value(s, 0);
                t.sink.reset();
                assertEquals(Codec.ERROR, statsd.encode(t.ctx, t.v[0], t.v[1], t.sink), s);
                assertNotNull(statsd.errorMessage(), s);
                assertEquals(0, t.sink.position(), s);
            }
        }
    }
}
