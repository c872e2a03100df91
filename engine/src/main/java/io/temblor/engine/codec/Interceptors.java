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
     *     {@code base64}, {@code decompress} ({@code algorithm}: {@code autodetect}, {@code gzip}, {@code zlib}),
     *     {@code gzip}, {@code zlib}, {@code ingest-ns}.
     * @param config options (may be null).
     * @return the preprocessor (single-threaded).
     * @throws IllegalArgumentException for an unknown name or a bad config.
     */
    public static Preprocessor preprocessor(final String name, final Map<String, ?> config)
    {
        final Map<String, ?> c = config == null ? Map.of() : config;
        return switch (name)
        {
            case "separate" -> new Preprocessors.Separate(separator(c), intOption(c, "max_length", 0),
                boolOption(c, "buffered", true));
            case "remove-empty" -> new Preprocessors.RemoveEmpty();
            case "length-prefixed" -> new Preprocessors.LengthPrefixed(false, intOption(c, "max_length", 0));
            case "textual-length-prefixed" -> new Preprocessors.LengthPrefixed(true, intOption(c, "max_length", 0));
            case "base64" -> new Preprocessors.Base64Decode();
            case "decompress" ->
            {
                final Object a = c.get("algorithm");
                if (a == null || "autodetect".equals(a))
                {
                    yield new Preprocessors.Decompress(Preprocessors.Decompress.AUTODETECT);
                }
                yield switch (a.toString())
                {
                    case "gzip" -> new Preprocessors.Decompress(Preprocessors.Decompress.GZIP);
                    case "zlib" -> new Preprocessors.Decompress(Preprocessors.Decompress.ZLIB);
                    default -> throw new IllegalArgumentException("decompress Invalid config: Unknown compression " +
                        "algorithm: " + a + " (Temblor decodes gzip and zlib)");
                };
            }
            case "gzip" -> new Preprocessors.Decompress(Preprocessors.Decompress.GZIP);
            case "zlib" -> new Preprocessors.Decompress(Preprocessors.Decompress.ZLIB);
            case "ingest-ns" -> new Preprocessors.IngestNs();
            default -> throw new IllegalArgumentException(name + " Preprocessor not found.");
        };
    }

    /**
     * A new postprocessor.
     *
     * @param name {@code separate} ({@code separator}), {@code length-prefixed}, {@code textual-length-prefixed},
     *     {@code base64}, {@code compress} ({@code algorithm}: {@code gzip} or {@code zlib}), {@code gzip},
     *     {@code zlib}.
     * @param config options (may be null).
     * @return the postprocessor (single-threaded).
     * @throws IllegalArgumentException for an unknown name or a bad config.
     */
    public static Postprocessor postprocessor(final String name, final Map<String, ?> config)
    {
        final Map<String, ?> c = config == null ? Map.of() : config;
        return switch (name)
        {
            case "separate" -> new Postprocessors.Separate(separator(c));
            case "length-prefixed" -> new Postprocessors.LengthPrefixed(false);
            case "textual-length-prefixed" -> new Postprocessors.LengthPrefixed(true);
            case "base64" -> new Postprocessors.Base64Encode();
            case "gzip" -> new Postprocessors.Compress(true);
            case "zlib" -> new Postprocessors.Compress(false);
            case "compress" ->
            {
                final Object a = c.get("algorithm");
                if (a == null)
                {
                    throw new IllegalArgumentException("compress Invalid config: Missing algorithm");
                }
                yield switch (a.toString())
                {
                    case "gzip" -> new Postprocessors.Compress(true);
                    case "zlib" -> new Postprocessors.Compress(false);
                    default -> throw new IllegalArgumentException("compress Invalid config: Unknown compression " +
                        "algorithm: " + a + " (Temblor encodes gzip and zlib)");
                };
            }
            default -> throw new IllegalArgumentException(name + " Postprocessor not found.");
        };
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
