package io.temblor.engine.codec;

import io.temblor.offheap.ByteSink;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shared fixtures: one arena and context, JSON in and sorted JSON out for readable expectations. */
final class CodecTesting implements AutoCloseable
{
    final Arena arena = new Arena();
    final ValueContext ctx = new ValueContext(arena);
    final Codec json = Codecs.create("json");
    final Codec sorted = Codecs.create("json", java.util.Map.of("mode", "sorted"));
    final ByteSink sink = new ByteSink();
    final long[] v = new long[8];

    static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Parses JSON into v[at]. */
    void value(final String text, final int at)
    {
        final byte[] b = bytes(text);
        assertEquals(Codec.OK, json.decode(ctx, b, 0, b.length, 0, v, at), () -> json.errorMessage());
    }

    /** Sorted compact JSON of a value. */
    String render(final long h, final long bits)
    {
        sink.reset();
        assertEquals(Codec.OK, sorted.encode(ctx, h, bits, sink));
        return new String(sink.toByteArray(), StandardCharsets.UTF_8);
    }

    String encode(final Codec codec, final long h, final long bits)
    {
        sink.reset();
        assertEquals(Codec.OK, codec.encode(ctx, h, bits, sink), () -> codec.errorMessage());
        return new String(sink.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    /** Decodes one input with a codec into v[0] (asserting success) and renders the value as sorted JSON. */
    String decodeLine(final Codec codec, final String line)
    {
        final byte[] b = bytes(line);
        assertEquals(Codec.OK, codec.decode(ctx, b, 0, b.length, 0, v, 0), () -> codec.errorMessage());
        return render(v[0], v[1]);
    }

    /** Encodes a value with a codec (asserting success) and reads the bytes as UTF-8. */
    String encodeUtf8(final Codec codec, final long h, final long bits)
    {
        return new String(encodeBytes(codec, h, bits), StandardCharsets.UTF_8);
    }

    byte[] encodeBytes(final Codec codec, final long h, final long bits)
    {
        sink.reset();
        assertEquals(Codec.OK, codec.encode(ctx, h, bits, sink), () -> codec.errorMessage());
        return sink.toByteArray();
    }

    @Override
    public void close()
    {
        sink.close();
        arena.close();
    }
}
