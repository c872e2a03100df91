package io.temblor.engine.codec;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StringCodecTest
{
    @Test
    void shouldRoundTripWhenInputIsUtf8()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec string = Codecs.create("string");
            final byte[] b = CodecTesting.bytes("snot badger é 日本 \"q\"");
            assertEquals(Codec.OK, string.decode(t.ctx, b, 0, b.length, 0, t.v, 0));
            assertArrayEquals(b, t.encodeBytes(string, t.v[0], t.v[1]));
            assertEquals(Codec.OK, string.decode(t.ctx, MemorySegment.ofArray(b), 0, b.length, 0, t.v, 0));
            assertArrayEquals(b, t.encodeBytes(string, t.v[0], t.v[1]));
            t.value("{\"a\":[1,2.5]}", 0);
            assertEquals("{\"a\":[1,2.5]}", t.encode(string, t.v[0], t.v[1]));
        }
    }

    @Test
    void shouldReportAnErrorWhenInputIsNotUtf8()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec string = Codecs.create("string");
            final byte[][] bad = {{(byte)0xC3, 0x28}, {'a', (byte)0xE2, (byte)0x82}, {(byte)0xED, (byte)0xA0, (byte)0x80},
                {(byte)0xC0, (byte)0x80}, {(byte)0xF4, (byte)0x90, (byte)0x80, (byte)0x80}, {(byte)0xFF}};
            for (final byte[] b : bad)
            {
                assertEquals(Codec.ERROR, string.decode(t.ctx, b, 0, b.length, 0, t.v, 0));
                assertEquals("invalid utf-8", string.errorMessage());
            }
            assertEquals(1, string.errorOffset() + 1);
        }
    }

    @Test
    void shouldKeepAnyBytesWhenCodecIsBinary()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec binary = Codecs.create("binary");
            final byte[] b = {0, (byte)0xFF, (byte)0xC3, 0x28};
            assertEquals(Codec.OK, binary.decode(t.ctx, b, 0, b.length, 0, t.v, 0));
            assertArrayEquals(b, t.encodeBytes(binary, t.v[0], t.v[1]));
            t.ctx.newString("snot badger", t.v, 0);
            assertEquals("snot badger", t.encode(binary, t.v[0], t.v[1]));
            t.value("[1]", 0);
            assertEquals("[1]", t.encode(binary, t.v[0], t.v[1]));
        }
    }
}
