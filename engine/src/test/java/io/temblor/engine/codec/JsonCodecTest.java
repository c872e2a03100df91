package io.temblor.engine.codec;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonCodecTest
{
    @Test
    void shouldDecodeTremorsExampleWhenWhitespaceIsPresent()
    {
        try (CodecTesting t = new CodecTesting())
        {
            t.value("{ \"snot\": \"badger\" }", 0);
            assertEquals("{\"snot\":\"badger\"}", t.encode(t.json, t.v[0], t.v[1]));
        }
    }

    @Test
    void shouldEncodeBinaryAsPaddedBase64AsTremorValueDoes()
    {
        try (CodecTesting t = new CodecTesting())
        {
            t.ctx.newBinary(new byte[] {(byte)0xff, 0, 1, 2}, 0, 4, t.v, 0);
            assertEquals("\"/wABAg==\"", t.encode(t.json, t.v[0], t.v[1]));
            assertEquals("\"/wABAg==\"", t.encode(t.sorted, t.v[0], t.v[1]));
        }
    }

    @Test
    void shouldKeepTheLastValueWhenKeysAreDuplicated()
    {
        try (CodecTesting t = new CodecTesting())
        {
            t.value("{\"key\": 1, \"key\":2}", 0);
            assertEquals("{\"key\":2}", t.encode(t.json, t.v[0], t.v[1]));
            assertEquals("{\"key\":2}", t.encode(t.sorted, t.v[0], t.v[1]));
        }
    }

    @Test
    void shouldSortKeysByBytesWhenModeIsSorted()
    {
        try (CodecTesting t = new CodecTesting())
        {
            t.value("{\"b\":[{\"z\":1,\"a\":null}],\"a\":{\"y\":true,\"x\":1.5},\"B\":\"\\u00e9\"}", 0);
            assertEquals("{\"B\":\"é\",\"a\":{\"x\":1.5,\"y\":true},\"b\":[{\"a\":null,\"z\":1}]}",
                new String(t.encodeBytes(t.sorted, t.v[0], t.v[1]), StandardCharsets.UTF_8));
            assertEquals("sorted-json", t.sorted.name());
        }
    }

    @Test
    void shouldRoundTripWhenDecodingFromASegment()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final byte[] b = CodecTesting.bytes("xx[1,-2,3.25,\"s\",{\"k\":[]},false]");
            assertEquals(Codec.OK, t.json.decode(t.ctx, MemorySegment.ofArray(b), 2, b.length - 2, 0, t.v, 0));
            assertEquals("[1,-2,3.25,\"s\",{\"k\":[]},false]", t.encode(t.json, t.v[0], t.v[1]));
        }
    }

    @Test
    void shouldRoundTripWhenValuesAreGenerated()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Random random = new Random(42);
            for (int i = 0; i < 2000; i++)
            {
                t.arena.reset();
                Generated.value(t.ctx, random, 3, t.v, 0, true);
                final byte[] encoded = t.encodeBytes(t.json, t.v[0], t.v[1]);
                assertEquals(Codec.OK, t.json.decode(t.ctx, encoded, 0, encoded.length, 0, t.v, 2));
                assertTrue(t.ctx.equal(t.v[0], t.v[1], t.v[2], t.v[3]), () -> new String(encoded));
            }
        }
    }

    @Test
    void shouldReportAnErrorWhenInputIsBad()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final String[] bad = {"{\"a\":", "[1,2", "", "{\"a\" 1}", "nul", "\"abc", "[1] 2"};
            for (final String s : bad)
            {
                final byte[] b = CodecTesting.bytes(s);
                assertEquals(Codec.ERROR, t.json.decode(t.ctx, b, 0, b.length, 0, t.v, 0), s);
                assertNotNull(t.json.errorMessage(), s);
            }
            final byte[] invalidUtf8 = {'"', (byte)0xC3, (byte)0x28, '"'};
            assertEquals(Codec.ERROR, t.json.decode(t.ctx, invalidUtf8, 0, invalidUtf8.length, 0, t.v, 0));
        }
    }

    @Test
    void shouldNeverThrowWhenInputIsRandom()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Random random = new Random(7);
            final byte[] alphabet = CodecTesting.bytes("{}[]\",:0123456789.e-tfnulrasx \\");
            for (int i = 0; i < 5000; i++)
            {
                t.arena.reset();
                final byte[] b = new byte[random.nextInt(24)];
                for (int k = 0; k < b.length; k++)
                {
                    b[k] = random.nextInt(8) == 0 ? (byte)random.nextInt() : alphabet[random.nextInt(alphabet.length)];
                }
                final int status = t.json.decode(t.ctx, b, 0, b.length, 0, t.v, 0);
                assertTrue(status == Codec.OK || status == Codec.ERROR && t.json.errorMessage() != null);
            }
        }
    }
}
