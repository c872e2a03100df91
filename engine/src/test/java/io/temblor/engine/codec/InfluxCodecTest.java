package io.temblor.engine.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class InfluxCodecTest
{
    private static String decode(final CodecTesting t, final String line, final long ingestNs)
    {
        final byte[] b = CodecTesting.bytes(line);
        final Codec influx = Codecs.create("influx");
        assertEquals(Codec.OK, influx.decode(t.ctx, b, 0, b.length, ingestNs, t.v, 0), () -> influx.errorMessage());
        return t.render(t.v[0], t.v[1]);
    }

    @Test
    void shouldMatchTremorsDecoderTestsWhenLinesAreValid()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final String ts = ",\"timestamp\":1465839830100400200}";
            assertEquals("{\"fields\":{\"temperature\":82.0},\"measurement\":\"weather\",\"tags\":{\"location\":" +
                "\"us-midwest\"}" + ts, decode(t, "weather,location=us-midwest temperature=82 1465839830100400200", 0));
            assertEquals("{\"fields\":{\"temperature\":82},\"measurement\":\"weather\",\"tags\":{}" + ts,
                decode(t, "weather temperature=82i", 1465839830100400200L));
            assertEquals("{\"fields\":{\"bug_concentration\":98.0,\"temperature\":82.0},\"measurement\":\"weather\"," +
                "\"tags\":{\"location\":\"us-midwest\"}" + ts,
                decode(t, "weather,location=us-midwest temperature=82,bug_concentration=98 1465839830100400200", 0));
            assertEquals("{\"fields\":{\"temperature\":\"too warm\"},\"measurement\":\"weather\",\"tags\":{\"location\":" +
                "\"us-midwest\"}" + ts,
                decode(t, "weather,location=us-midwest temperature=\"too warm\" 1465839830100400200", 0));
            for (final String b : new String[] {"true", "True", "TRUE", "t", "T"})
            {
                assertEquals("{\"fields\":{\"too_hot\":true},\"measurement\":\"weather\",\"tags\":{\"location\":" +
                    "\"us-midwest\"}" + ts, decode(t, "weather,location=us-midwest too_hot=" + b + " 1465839830100400200", 0));
            }
            for (final String b : new String[] {"false", "False", "FALSE", "f", "F"})
            {
                assertEquals("{\"fields\":{\"too_hot\":false},\"measurement\":\"weather\",\"tags\":{\"location\":" +
                    "\"us-midwest\"}" + ts, decode(t, "weather,location=us-midwest too_hot=" + b + " 1465839830100400200", 0));
            }
        }
    }

    @Test
    void shouldUnescapeAsTremorWhenTokensHaveBackslashes()
    {
        try (CodecTesting t = new CodecTesting())
        {
            assertEquals("{\"location\":\"us,midwest\"}", tags(t, "weather,location=us\\,midwest temperature=82 1"));
            assertEquals("{\"temp=rature\":82.0}", fields(t, "weather,location=us-midwest temp\\=rature=82 1"));
            assertEquals("{\"location place\":\"us-midwest\"}", tags(t, "weather,location\\ place=us-midwest t=82 1"));
            decode(t, "wea\\,ther,location=us-midwest temperature=82 1", 0);
            assertEquals("\"wea,ther\"", measurement(t));
            decode(t, "wea\\ ther,location=us-midwest temperature=82 1", 0);
            assertEquals("\"wea ther\"", measurement(t));
            assertEquals("{\"temperature\":\"too\\\"hot\\\"\"}", fields(t, "w,l=u temperature=\"too\\\"hot\\\"\" 1"));
            assertEquals("{\"t\":\"too hot\\\\cold\"}", fields(t, "w,l=u t=\"too hot\\cold\" 1"));
            assertEquals("{\"t\":\"too hot\\\\cold\"}", fields(t, "w,l=u t=\"too hot\\\\cold\" 1"));
            assertEquals("{\"t\":\"too hot\\\\\\\\cold\"}", fields(t, "w,l=u t=\"too hot\\\\\\cold\" 1"));
            assertEquals("{\"t\":\"too hot\\\\\\\\cold\"}", fields(t, "w,l=u t=\"too hot\\\\\\\\cold\" 1"));
        }
    }

    private static String tags(final CodecTesting t, final String line)
    {
        decode(t, line, 0);
        t.ctx.get(t.v[0], "tags", t.v, 2);
        return t.render(t.v[2], t.v[3]);
    }

    private static String fields(final CodecTesting t, final String line)
    {
        decode(t, line, 0);
        t.ctx.get(t.v[0], "fields", t.v, 2);
        return t.render(t.v[2], t.v[3]);
    }

    private static String measurement(final CodecTesting t)
    {
        t.ctx.get(t.v[0], "measurement", t.v, 2);
        return t.render(t.v[2], t.v[3]);
    }

    @Test
    void shouldReturnNoValueWhenLinesAreEmptyOrComments()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec influx = Codecs.create("influx");
            for (final String s : new String[] {"", "  ", "  \n", " \t \n", "# bla", "  # bla", " \t \n# bla"})
            {
                final byte[] b = CodecTesting.bytes(s);
                assertEquals(Codec.NO_VALUE, influx.decode(t.ctx, b, 0, b.length, 0, t.v, 0), s);
            }
        }
    }

    @Test
    void shouldMatchTremorsMixedBagWhenEncoding()
    {
        try (CodecTesting t = new CodecTesting())
        {
            t.value("{\"measurement\":\"wea,\\\\ ther\",\"tags\":{},\"fields\":{\"temp=erature\":82.0," +
                "\"too\\\\ \\\\\\\\\\\\\\\"hot\\\"\":true},\"timestamp\":1465839830100400200}", 0);
            final String expected = "wea\\,\\\\\\ ther temp\\=erature=82.0,too\\\\\\ \\\\\\\\\\\\\\\"hot\\\"=true " +
                "1465839830100400200";
            assertEquals(expected, t.encode(Codecs.create("influx"), t.v[0], t.v[1]));
        }
    }

    @Test
    void shouldReproduceCanonicalLinesWhenRoundTripping()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec influx = Codecs.create("influx");
            final String[] lines = {
                "weather,location=us-midwest temperature=82.0 1465839830100400200",
                "weather,location=us\\,mid\\ west,season=summer a=-3i,b=\"x \\\" y\",c=true,d=1.5e-7,e=18446744073709551615i 1",
                "cpu,host=a\\ b usage_idle=99.5,usage_user=0.25 0",
                "m f=\"\" 18446744073709551615",
            };
            for (final String line : lines)
            {
                final byte[] b = line.getBytes(StandardCharsets.UTF_8);
                assertEquals(Codec.OK, influx.decode(t.ctx, b, 0, b.length, 0, t.v, 0), line);
                assertEquals(line, t.encode(influx, t.v[0], t.v[1]));
                final byte[] again = t.encodeBytes(influx, t.v[0], t.v[1]);
                assertEquals(Codec.OK, influx.decode(t.ctx, again, 0, again.length, 0, t.v, 2));
                assertEquals(t.render(t.v[0], t.v[1]), t.render(t.v[2], t.v[3]));
            }
        }
    }

    @Test
    void shouldReportAnErrorWhenLinesAreBad()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec influx = Codecs.create("influx");
            final String[] bad = {"weather", "weather,location", "weather,location=x", "weather temperature",
                "weather temperature=", "weather temperature=abc 1", "weather t=1 12a", "weather t=\"open 1",
                "weather t=\"x\"y 1", "weather t=1 -5", "weather t=99999999999999999999i 1", "weather,=x t=1 1\\",
                "w t=1\\2 1", "w t=-9223372036854775809i 1"};
            for (final String s : bad)
            {
                final byte[] b = CodecTesting.bytes(s);
                assertEquals(Codec.ERROR, influx.decode(t.ctx, b, 0, b.length, 0, t.v, 0), s);
                assertNotNull(influx.errorMessage(), s);
            }
            final byte[] invalidUtf8 = {'w', ' ', 't', '=', '"', (byte)0xFF, '"'};
            assertEquals(Codec.ERROR, influx.decode(t.ctx, invalidUtf8, 0, invalidUtf8.length, 0, t.v, 0));
            t.value("{\"measurement\":1,\"tags\":{},\"fields\":{},\"timestamp\":1}", 0);
            t.sink.reset();
            assertEquals(Codec.ERROR, influx.encode(t.ctx, t.v[0], t.v[1], t.sink));
            assertEquals(0, t.sink.position());
            t.value("{\"measurement\":\"m\",\"tags\":{},\"fields\":{\"a\":[1]},\"timestamp\":1}", 0);
            assertEquals(Codec.ERROR, influx.encode(t.ctx, t.v[0], t.v[1], t.sink));
            t.value("{\"measurement\":\"m\",\"tags\":{},\"fields\":{\"a\":1},\"timestamp\":-1}", 0);
            assertEquals(Codec.ERROR, influx.encode(t.ctx, t.v[0], t.v[1], t.sink));
            assertEquals(0, t.sink.position());
        }
    }
}
