package io.temblor.engine.codec;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds preprocessors and postprocessors by Tremor's names ({@code docs/codecs.md} lists them). */
public final class Interceptors
{
    private Interceptors()
    {
    }

    /**
     * A new preprocessor.
     *
     * @param name {@code separate} ({@code separator}, {@code max_length}, {@code buffered}), {@code remove-empty},
     *     {@code length-prefixed} / {@code textual-length-prefixed} ({@code max_length}, a Temblor addition),
     *     {@code base64}, {@code decompress} ({@code algorithm}: {@code autodetect} (default), {@code gzip},
     *     {@code zlib}, {@code xz2}, {@code snappy}, {@code lz4}, {@code zstd}; {@code br} is refused),
     *     {@code gzip}, {@code zlib} (Temblor shorthands), {@code ingest-ns}.
     * @param config options (may be null).
     * @return the preprocessor (single-threaded).
     * @throws IllegalArgumentException for an unknown name or a bad config.
     */
    public static Preprocessor preprocessor(final String name, final Map<String, ?> config)
    {
        final Map<String, ?> c = config == null ? Map.of() : config;
        return switch (name)
        {
            case "separate" ->
            {
                allowOnly(name, c, "separator", "max_length", "buffered");
                yield new Preprocessors.Separate(separator(c), intOption(c, "max_length", 0),
                    boolOption(c, "buffered", true));
            }
            case "remove-empty" -> new Preprocessors.RemoveEmpty();
            case "length-prefixed" -> new Preprocessors.LengthPrefixed(false, intOption(c, "max_length", 0));
            case "textual-length-prefixed" -> new Preprocessors.LengthPrefixed(true, intOption(c, "max_length", 0));
            case "base64" -> new Preprocessors.Base64Decode();
            case "decompress" ->
            {
                final Object a = c.get("algorithm");
                if (a == null || "autodetect".equals(a))
                {
                    yield new Preprocessors.Decompress(Compression.NONE);
                }
                yield new Preprocessors.Decompress(algorithm("decompress", a.toString()));
            }
            case "gzip" -> new Preprocessors.Decompress(Compression.GZIP);
            case "zlib" -> new Preprocessors.Decompress(Compression.ZLIB);
            case "ingest-ns" -> new Preprocessors.IngestNs();
            default -> throw new IllegalArgumentException(name + " Preprocessor not found.");
        };
    }

    /**
     * A new postprocessor.
     *
     * @param name {@code separate} ({@code separator}), {@code length-prefixed}, {@code textual-length-prefixed},
     *     {@code base64}, {@code compress} ({@code algorithm}: {@code gzip}, {@code zlib}, {@code xz2},
     *     {@code snappy}, {@code lz4}, {@code zstd}; {@code level} for xz2, zstd and lz4), {@code streaming-compress}
     *     (the same options, one stream ended at finish), {@code gzip}, {@code zlib} (Temblor shorthands),
     *     {@code ingest-ns}, {@code chunk} ({@code max_bytes}, required), {@code collect} ({@code max_bytes}).
     * @param config options (may be null).
     * @return the postprocessor (single-threaded).
     * @throws IllegalArgumentException for an unknown name or a bad config.
     */
    public static Postprocessor postprocessor(final String name, final Map<String, ?> config)
    {
        final Map<String, ?> c = config == null ? Map.of() : config;
        return switch (name)
        {
            case "separate" ->
            {
                allowOnly(name, c, "separator");
                yield new Postprocessors.Separate(separator(c));
            }
            case "length-prefixed" -> new Postprocessors.LengthPrefixed(false);
            case "textual-length-prefixed" -> new Postprocessors.LengthPrefixed(true);
            case "base64" -> new Postprocessors.Base64Encode();
            case "gzip" -> new Postprocessors.Compress(Compression.GZIP, Compression.DEFAULT_LEVEL);
            case "zlib" -> new Postprocessors.Compress(Compression.ZLIB, Compression.DEFAULT_LEVEL);
            case "compress", "streaming-compress" ->
            {
                final Object a = c.get("algorithm");
                if (a == null)
                {
                    throw new IllegalArgumentException(name + " Invalid config: Missing algorithm");
                }
                final int algorithm = algorithm(name, a.toString());
                final int level = level(name, algorithm, c.get("level"));
                yield "compress".equals(name) ? new Postprocessors.Compress(algorithm, level) :
                    new Postprocessors.StreamingCompress(algorithm, level);
            }
            case "ingest-ns" -> new Postprocessors.IngestNs();
            case "chunk" ->
            {
                if (config == null)
                {
                    throw new IllegalArgumentException("chunk Missing config");
                }
                allowOnly(name, c, "max_bytes");
                if (!c.containsKey("max_bytes"))
                {
                    throw new IllegalArgumentException("chunk Invalid config: missing field `max_bytes`");
                }
                final int max = intOption(c, "max_bytes", 0);
                if (max == 0)
                {
                    throw new IllegalArgumentException("chunk Invalid config: `max_bytes` must be > 0");
                }
                yield new Postprocessors.Chunk(max);
            }
            case "collect" ->
            {
                allowOnly(name, c, "max_bytes");
                yield new Postprocessors.Collect(intOption(c, "max_bytes", 0));
            }
            default -> throw new IllegalArgumentException(name + " Postprocessor not found.");
        };
    }

    private static int algorithm(final String interceptor, final String name)
    {
        final int algorithm = Compression.byName(name);
        if (algorithm < 0)
        {
            throw new IllegalArgumentException(interceptor + " Invalid config: Unknown compression algorithm: " + name);
        }
        final String unavailable = Compression.unavailable(algorithm);
        if (unavailable != null)
        {
            throw new IllegalArgumentException(interceptor + " Invalid config: " + unavailable);
        }
        return algorithm;
    }

    private static int level(final String interceptor, final int algorithm, final Object level)
    {
        if (level == null)
        {
            return Compression.DEFAULT_LEVEL;
        }
        if (!(level instanceof Long || level instanceof Integer))
        {
            throw new IllegalArgumentException(interceptor + " Invalid config: level must be an integer: " + level);
        }
        final long l = ((Number)level).longValue();
        final String error = Compression.checkLevel(algorithm, l);
        if (error != null)
        {
            throw new IllegalArgumentException(interceptor + " Invalid config: " + error);
        }
        return (int)Math.min(l, 1 << 20);
    }

    private static void allowOnly(final String interceptor, final Map<String, ?> c, final String... keys)
    {
        for (final String key : c.keySet())
        {
            boolean known = false;
            for (final String k : keys)
            {
                known |= k.equals(key);
            }
            if (!known)
            {
                throw new IllegalArgumentException(interceptor + " Invalid config: unknown field `" + key +
                    "`, expected one of " + String.join(", ", keys));
            }
        }
    }

    private static byte separator(final Map<String, ?> c)
    {
        final Object s = c.get("separator");
        if (s == null)
        {
            return '\n';
        }
        final byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
        if (b.length != 1)
        {
            throw new IllegalArgumentException("separate Invalid config: Invalid 'separator': \"" + s +
                "\", must be 1 byte.");
        }
        return b[0];
    }

    private static int intOption(final Map<String, ?> c, final String key, final int defaultValue)
    {
        final Object v = c.get(key);
        if (v == null)
        {
            return defaultValue;
        }
        if (v instanceof Number n && n.longValue() >= 0)
        {
            return (int)Math.min(Integer.MAX_VALUE, n.longValue());
        }
        throw new IllegalArgumentException("Invalid config: " + key + " must be a non-negative integer: " + v);
    }

    private static boolean boolOption(final Map<String, ?> c, final String key, final boolean defaultValue)
    {
        final Object v = c.get(key);
        if (v == null)
        {
            return defaultValue;
        }
        if (v instanceof Boolean b)
        {
            return b;
        }
        throw new IllegalArgumentException("Invalid config: " + key + " must be a boolean: " + v);
    }
}
