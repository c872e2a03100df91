package io.temblor.engine.codec;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MsgPackCodecTest
{
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void shouldWriteRmpsSmallestFormsWhenEncoding()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec mp = Codecs.create("msgpack");
            final String[][] cases = {
                {"{\"snot\":\"badger\"}", "81a4736e6f74a6626164676572"},
                {"[null,true,false,0,127,128,255,256,65535,65536,-1,-32,-33,-128,-129,-32768,-32769]",
                    "dc0011c0c3c2007fcc80ccffcd0100cdffffce00010000ffe0d0dfd080d1ff7fd18000d2ffff7fff"},
                {"1.5", "cb3ff8000000000000"},
                {"18446744073709551615", "cfffffffffffffffff"},
                {"-9223372036854775808", "d38000000000000000"},
                {"4294967296", "cf0000000100000000"},
                {"[]", "90"},
                {"{}", "80"},
            };
            for (final String[] c : cases)
            {
                t.value(c[0], 0);
                assertEquals(c[1], HEX.formatHex(t.encodeBytes(mp, t.v[0], t.v[1])), c[0]);
                final byte[] b = HEX.parseHex(c[1]);
                assertEquals(Codec.OK, mp.decode(t.ctx, b, 0, b.length, 0, t.v, 2), () -> mp.errorMessage());
                assertTrue(t.ctx.equal(t.v[0], t.v[1], t.v[2], t.v[3]), c[0]);
            }
            t.ctx.newString("x".repeat(32), t.v, 0);
            assertEquals("d920", HEX.formatHex(t.encodeBytes(mp, t.v[0], t.v[1])).substring(0, 4));
            t.ctx.newBinary(new byte[] {1, 2}, 0, 2, t.v, 0);
            assertEquals("c4020102", HEX.formatHex(t.encodeBytes(mp, t.v[0], t.v[1])));
        }
    }

    @Test
    void shouldDecodeEveryFormWhenOtherEncodersProduceThem()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec mp = Codecs.create("msgpack");
            final String[][] cases = {
                {"ca3fc00000", "1.5"},
                {"d90161", "\"a\""},
                {"da000161", "\"a\""},
                {"db0000000161", "\"a\""},
                {"dd0000000101", "[1]"},
                {"de0001a16101", "{\"a\":1}"},
                {"df00000001a16101", "{\"a\":1}"},
                {"82a16101a16102", "{\"a\":2}"},
                {"d0ff", "-1"},
                {"cc05", "5"},
            };
            for (final String[] c : cases)
            {
                final byte[] b = HEX.parseHex(c[0]);
                assertEquals(Codec.OK, mp.decode(t.ctx, b, 0, b.length, 0, t.v, 0), c[0]);
                assertEquals(c[1], t.render(t.v[0], t.v[1]), c[0]);
            }
        }
    }

    @Test
    void shouldRoundTripWhenValuesAreGenerated()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec mp = Codecs.create("msgpack");
            final Random random = new Random(3);
            for (int i = 0; i < 2000; i++)
            {
                t.arena.reset();
                Generated.value(t.ctx, random, 3, t.v, 0, false);
                final byte[] encoded = t.encodeBytes(mp, t.v[0], t.v[1]);
                assertEquals(Codec.OK, mp.decode(t.ctx, encoded, 0, encoded.length, 0, t.v, 2), () -> mp.errorMessage());
                assertTrue(t.ctx.equal(t.v[0], t.v[1], t.v[2], t.v[3]));
                assertEquals(HEX.formatHex(encoded), HEX.formatHex(t.encodeBytes(mp, t.v[2], t.v[3])));
            }
        }
    }

    @Test
    void shouldReportAnErrorWhenInputIsBad()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec mp = Codecs.create("msgpack");
            final String[] bad = {"", "81a4736e6f74", "a5616263", "dc0002c0", "cd01", "c1", "d40100", "c7000a",
                "8101c0", "a2c328", "c0c0", "dbffffffff", "ddffffffff", "dfffffffff"};
            for (final String s : bad)
            {
                final byte[] b = HEX.parseHex(s);
                assertEquals(Codec.ERROR, mp.decode(t.ctx, b, 0, b.length, 0, t.v, 0), s);
                assertNotNull(mp.errorMessage(), s);
            }
            final Random random = new Random(11);
            for (int i = 0; i < 20000; i++)
            {
                t.arena.reset();
                final byte[] b = new byte[random.nextInt(16)];
                random.nextBytes(b);
                final int status = mp.decode(t.ctx, b, 0, b.length, 0, t.v, 0);
                assertTrue(status == Codec.OK || status == Codec.ERROR && mp.errorMessage() != null);
            }
        }
    }
}
