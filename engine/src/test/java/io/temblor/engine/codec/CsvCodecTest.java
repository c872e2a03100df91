package io.temblor.engine.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class CsvCodecTest
{
    private static String decode(final CodecTesting t, final Codec codec, final String line)
    {
        final byte[] b = CodecTesting.bytes(line);
        assertEquals(Codec.OK, codec.decode(t.ctx, b, 0, b.length, 0, t.v, 0), () -> codec.errorMessage());
        return t.render(t.v[0], t.v[1]);
    }

    private static String encode(final CodecTesting t, final Codec codec, final long h, final long bits)
    {
        return new String(t.encodeBytes(codec, h, bits), StandardCharsets.UTF_8);
    }

    @Test
    void shouldMatchTremorsVectorsWhenDecodingAndEncoding()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec csv = Codecs.create("csv");
            assertEquals("csv", csv.name());
            assertEquals("[\"a\",\"b\",\"c\",\"123\"]", decode(t, csv, "a,b,c,123"));
            t.value("[\"a\",\"b\",\"c\",123]", 0);
            assertEquals("a,b,c,123", encode(t, csv, t.v[0], t.v[1]));
        }
    }

    @Test
    void shouldReadTheFirstRecordAsCsvCoreWhenInputIsQuotedOrMultiline()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec csv = Codecs.create("csv");
            assertEquals("[\"a,b\",\"say \\\"hi\\\"\",\"\"]", decode(t, csv, "\"a,b\",\"say \"\"hi\"\"\",\"\""));
            assertEquals("[\"a\",\"b\"]", decode(t, csv, "\r\n\na,b\r\nc,d\n"));
            assertEquals("[\"line\\none\",\"x\"]", decode(t, csv, "\"line\none\",x\ny"));
            assertEquals("[\"a\",\"\",\"\"]", decode(t, csv, "a,,"));
            assertEquals("[\"\",\"a\"]", decode(t, csv, ",a\n"));
            assertEquals("[\"a\",\"\"]", decode(t, csv, "a,\n"));
            assertEquals("[\" a \",\"b\\\"c\"]", decode(t, csv, " a ,b\"c"));
            assertEquals("[\"abcd\",\"x\"]", decode(t, csv, "\"ab\"cd,x"));
            assertEquals("[\"open, to the end\\n\"]", decode(t, csv, "\"open, to the end\n"));
            assertEquals("[\"日本\",\"é\"]", decode(t, csv, "\uFEFF日本,é"));
            for (final String empty : new String[] {"", "\n", "\r\n\r\n", "\uFEFF"})
            {
                final byte[] b = CodecTesting.bytes(empty);
                assertEquals(Codec.NO_VALUE, csv.decode(t.ctx, b, 0, b.length, 0, t.v, 0));
            }
        }
    }

    @Test
    void shouldReproduceCanonicalLinesWhenRoundTripping()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec csv = Codecs.create("csv");
            final String[] lines = {"a,b,c,123", "\"a,b\",\"say \"\"hi\"\"\",", ",,", "\"\"", "日本,\"line\none\",\"cr\r\"",
                " spaced ,x"};
            for (final String line : lines)
            {
                decode(t, csv, line);
                assertEquals(line, encode(t, csv, t.v[0], t.v[1]));
            }
            t.value("[1.0,-0.0,0.1,1e20,1.5e-7,-3,18446744073709551615,true,null,\"\"]", 0);
            assertEquals("1,-0,0.1,100000000000000000000,0.00000015,-3,18446744073709551615,true,null,",
                encode(t, csv, t.v[0], t.v[1]));
            t.value("[]", 0);
            assertEquals("", encode(t, csv, t.v[0], t.v[1]));
        }
    }

    @Test
    void shouldReportAnErrorWhenInputIsBad()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec csv = Codecs.create("csv");
            final byte[] invalidUtf8 = {'a', ',', '"', 'b', (byte)0xFF, '"'};
            assertEquals(Codec.ERROR, csv.decode(t.ctx, invalidUtf8, 0, invalidUtf8.length, 0, t.v, 0));
            assertNotNull(csv.errorMessage());
            assertEquals(2, csv.errorOffset());
            final byte[] truncated = {'a', ',', (byte)0xE6, (byte)0x97};
            assertEquals(Codec.ERROR, csv.decode(t.ctx, truncated, 0, truncated.length, 0, t.v, 0));
            // only the first record is read (and checked), as Tremor
            final byte[] secondBad = {'a', '\n', (byte)0xFF};
            assertEquals(Codec.OK, csv.decode(t.ctx, secondBad, 0, secondBad.length, 0, t.v, 0));
            for (final String s : new String[] {"{}", "\"a\"", "1", "[[1]]", "[{\"a\":1}]"})
            {
                t.value(s, 0);
                t.sink.reset();
                assertEquals(Codec.ERROR, csv.encode(t.ctx, t.v[0], t.v[1], t.sink), s);
                assertNotNull(csv.errorMessage(), s);
                assertEquals(0, t.sink.position(), s);
            }
        }
    }
}
