package io.temblor.engine.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class CsvCodecTest
{
    @Test
    void shouldMatchTremorsVectorsWhenDecodingAndEncoding()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec csv = Codecs.create("csv");
            assertEquals("csv", csv.name());
            assertEquals("[\"a\",\"b\",\"c\",\"123\"]", t.decodeLine(csv, "a,b,c,123"));
            t.value("[\"a\",\"b\",\"c\",123]", 0);
            assertEquals("a,b,c,123", t.encodeUtf8(csv, t.v[0], t.v[1]));
        }
    }

    @Test
    void shouldReadTheFirstRecordAsCsvCoreWhenInputIsQuotedOrMultiline()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec csv = Codecs.create("csv");
            assertEquals("[\"a,b\",\"say \\\"hi\\\"\",\"\"]", t.decodeLine(csv, "\"a,b\",\"say \"\"hi\"\"\",\"\""));
            assertEquals("[\"a\",\"b\"]", t.decodeLine(csv, "\r\n\na,b\r\nc,d\n"));
            assertEquals("[\"line\\none\",\"x\"]", t.decodeLine(csv, "\"line\none\",x\ny"));
            assertEquals("[\"a\",\"\",\"\"]", t.decodeLine(csv, "a,,"));
            assertEquals("[\"\",\"a\"]", t.decodeLine(csv, ",a\n"));
            assertEquals("[\"a\",\"\"]", t.decodeLine(csv, "a,\n"));
            assertEquals("[\" a \",\"b\\\"c\"]", t.decodeLine(csv, " a ,b\"c"));
            assertEquals("[\"abcd\",\"x\"]", t.decodeLine(csv, "\"ab\"cd,x"));
            assertEquals("[\"open, to the end\\n\"]", t.decodeLine(csv, "\"open, to the end\n"));
            assertEquals("[\"日本\",\"é\"]", t.decodeLine(csv, "\uFEFF日本,é"));
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
                t.decodeLine(csv, line);
                assertEquals(line, t.encodeUtf8(csv, t.v[0], t.v[1]));
            }
            t.value("[1.0,-0.0,0.1,1e20,1.5e-7,-3,18446744073709551615,true,null,\"\"]", 0);
            assertEquals("1,-0,0.1,100000000000000000000,0.00000015,-3,18446744073709551615,true,null,",
                t.encodeUtf8(csv, t.v[0], t.v[1]));
            t.value("[]", 0);
            assertEquals("", t.encodeUtf8(csv, t.v[0], t.v[1]));
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
