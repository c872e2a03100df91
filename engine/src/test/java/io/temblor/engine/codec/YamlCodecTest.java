package io.temblor.engine.codec;

import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static java.nio.charset.StandardCharsets.UTF_8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YamlCodecTest
{
    private final Codec yaml = Codecs.create("yaml");

    @Test
    void shouldEncodeTremorsSeedAndReadItBackWhenRoundTripping()
    {
        try (CodecTesting t = new CodecTesting())
        {
            // given Tremor's codec test value
            t.value("{\"snot\":\"badger\"}", 0);

            // when
            final String text = t.encodeUtf8(yaml, t.v[0], t.v[1]);

            // then
            assertEquals("snot: badger\n", text);
            assertEquals("{\"snot\":\"badger\"}", t.decodeLine(yaml, text));
        }
    }

    @Test
    void shouldResolveCoreSchemaScalarsWhenDecoding()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final String doc = "a: 1\nb: -2.5\nc: true\nd: ~\ne: 'true'\nf: 0x1F\ng: [x, 2]\nh: {i: null}\n" +
                "j: 18446744073709551615\n3: three\n";
            assertEquals("{\"3\":\"three\",\"a\":1,\"b\":-2.5,\"c\":true,\"d\":null,\"e\":\"true\",\"f\":31," +
                "\"g\":[\"x\",2],\"h\":{\"i\":null},\"j\":18446744073709551615}", t.decodeLine(yaml, doc));
            final byte[] inf = CodecTesting.bytes(".inf");
            assertEquals(Codec.OK, yaml.decode(t.ctx, inf, 0, inf.length, 0, t.v, 0));
            assertEquals(ValueDescriptor.TYPE_FLOAT, Values.type(t.v[0]));
            assertTrue(Double.isInfinite(Values.doubleValue(t.v[1])));
            assertEquals("null", t.decodeLine(yaml, ""));
            assertEquals("[1,\"two\"]", t.decodeLine(yaml, "- 1\n- two\n"));
        }
    }

    @Test
    void shouldReportTheReasonWhenTheInputIsNotOneYamlDocument()
    {
        try (CodecTesting t = new CodecTesting())
        {
            for (final String bad : new String[] {"a: [1, 2\n", "--- 1\n--- 2\n", "? [a, b]\n: c\n", "a: *nope\n",
                "\tx: 1\n"})
            {
                final byte[] b = CodecTesting.bytes(bad);
                assertEquals(Codec.ERROR, yaml.decode(t.ctx, b, 0, b.length, 0, t.v, 0), bad);
                assertTrue(yaml.errorMessage().startsWith("invalid yaml: "), yaml.errorMessage());
            }
            final byte[] notUtf8 = {'a', ':', ' ', (byte)0xC3, (byte)0x28};
            assertEquals(Codec.ERROR, yaml.decode(t.ctx, notUtf8, 0, notUtf8.length, 0, t.v, 0));
            assertEquals("invalid utf-8", yaml.errorMessage());
            assertEquals(3, yaml.errorOffset());
        }
    }

    @Test
    void shouldReadBackEveryRandomValueWhenRoundTripping()
    {
        final Random random = new Random(42);
        try (CodecTesting t = new CodecTesting())
        {
            for (int i = 0; i < 300; i++)
            {
                // given a random value (binaries, uints, unicode and escapes included)
                t.arena.reset();
                Generated.value(t.ctx, random, 3, t.v, 0, false);

                // when it goes through yaml
                final byte[] text = t.encodeBytes(yaml, t.v[0], t.v[1]);
                final int status = yaml.decode(t.ctx, text, 0, text.length, 0, t.v, 2);

                // then the same value comes back
                assertEquals(Codec.OK, status, yaml::errorMessage);
                assertTrue(t.ctx.equal(t.v[0], t.v[1], t.v[2], t.v[3]), () -> new String(text, UTF_8));
            }
        }
    }

    @Test
    void shouldRoundTripBinaryAsYamlBinary()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final byte[] data = {0, 1, (byte)0xFF, 'x'};
            t.ctx.newBinary(data, 0, data.length, t.v, 0);
            final String text = t.encodeUtf8(yaml, t.v[0], t.v[1]);
            assertTrue(text.startsWith("!!binary"), text);
            final byte[] b = CodecTesting.bytes(text);
            assertEquals(Codec.OK, yaml.decode(t.ctx, b, 0, b.length, 0, t.v, 2));
            assertEquals(ValueDescriptor.TYPE_BINARY, Values.type(t.v[2]));
            assertTrue(t.ctx.equal(t.v[0], t.v[1], t.v[2], t.v[3]));
        }
    }
}
