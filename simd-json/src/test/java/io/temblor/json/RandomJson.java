package io.temblor.json;

import java.util.SplittableRandom;

/** Generates random valid JSON text: nested containers, escapes, unicode and numbers at the edges. */
final class RandomJson
{
    private static final String[] EDGE_NUMBERS = {
        "0", "-0", "-0.0", "0.0", "1", "-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "18446744073709551615", "18446744073709551616", "123456789012345678901234567890", "1e308",
        "1.7976931348623157e308", "4.9e-324", "2.2250738585072014E-308", "2.2250738585072011e-308",
        "9007199254740993", "9007199254740993.0", "0.1", "1E+2", "1e-2", "123.456e-7", "0.30000000000000004",
        "100000000000000000000000000000000000000000000000000000000000001e-60", "5e-324", "1.0e-400",
    };
    private static final String[] WORDS = {"", "a", "key", "ключ", "鍵", "😀", "tab\there", "quote\"d", "back\\slash",
        "line\nfeed", "nul\u0000l", "é", "\u007f", "\u2028", "\uD834\uDD1E"};

    private RandomJson()
    {
    }

    static void value(final SplittableRandom random, final StringBuilder out, final int depth)
    {
        whitespace(random, out);
        final int kind = depth > 6 ? 2 + random.nextInt(5) : random.nextInt(8);
        switch (kind)
        {
            case 0 -> object(random, out, depth);
            case 1 -> array(random, out, depth);
            case 2 -> string(random, out);
            case 3 -> number(random, out);
            case 4 -> out.append(random.nextBoolean() ? "true" : "false");
            case 5 -> out.append("null");
            case 6 -> object(random, out, depth);
            default -> array(random, out, depth);
        }
        whitespace(random, out);
    }

    private static void object(final SplittableRandom random, final StringBuilder out, final int depth)
    {
        out.append('{');
        final int n = random.nextInt(depth > 6 ? 1 : 6);
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
            {
                out.append(',');
            }
            whitespace(random, out);
            string(random, out);
            whitespace(random, out);
            out.append(':');
            value(random, out, depth + 1);
        }
        whitespace(random, out);
        out.append('}');
    }

    private static void array(final SplittableRandom random, final StringBuilder out, final int depth)
    {
        out.append('[');
        final int n = random.nextInt(depth > 6 ? 1 : 6);
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
            {
                out.append(',');
            }
            value(random, out, depth + 1);
        }
        whitespace(random, out);
        out.append(']');
    }

    private static void whitespace(final SplittableRandom random, final StringBuilder out)
    {
        if (random.nextInt(4) == 0)
        {
            final int n = random.nextInt(4);
            for (int i = 0; i < n; i++)
            {
                out.append(" \t\n\r".charAt(random.nextInt(4)));
            }
        }
    }

    static void string(final SplittableRandom random, final StringBuilder out)
    {
        out.append('"');
        final int parts = random.nextInt(5);
        for (int p = 0; p < parts; p++)
        {
            final String word = random.nextInt(3) == 0 ? randomText(random) : WORDS[random.nextInt(WORDS.length)];
            for (int i = 0; i < word.length(); i++)
            {
                final char c = word.charAt(i);
                if (Character.isHighSurrogate(c))
                {
                    // a surrogate pair is written as two u-escapes or raw, never split
                    final char low = word.charAt(++i);
                    if (random.nextBoolean())
                    {
                        out.append(String.format("\\u%04x\\u%04X", (int)c, (int)low));
                    }
                    else
                    {
                        out.append(c).append(low);
                    }
                }
                else if (c == '"' || c == '\\')
                {
                    out.append('\\').append(c);
                }
                else if (c < 0x20 || random.nextInt(10) == 0)
                {
                    escape(random, out, c);
                }
                else
                {
                    out.append(c);
                }
            }
        }
        out.append('"');
    }

    private static void escape(final SplittableRandom random, final StringBuilder out, final char c)
    {
        switch (c)
        {
            case '\n' -> out.append("\\n");
            case '\t' -> out.append("\\t");
            case '\r' -> out.append("\\r");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '/' -> out.append(random.nextBoolean() ? "\\/" : "/");
            default -> out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int)c));
        }
    }

    private static String randomText(final SplittableRandom random)
    {
        final StringBuilder text = new StringBuilder();
        final int n = random.nextInt(90);
        for (int i = 0; i < n; i++)
        {
            final int pick = random.nextInt(10);
            if (pick < 6)
            {
                text.append((char)(0x20 + random.nextInt(0x5F)));
            }
            else if (pick < 8)
            {
                text.append((char)(0xA0 + random.nextInt(0x2000)));
            }
            else if (pick < 9)
            {
                text.appendCodePoint(0x10000 + random.nextInt(0xFFFFF));
            }
            else
            {
                text.append((char)random.nextInt(0x20));
            }
        }
        return text.toString();
    }

    private static void number(final SplittableRandom random, final StringBuilder out)
    {
        switch (random.nextInt(6))
        {
            case 0 -> out.append(EDGE_NUMBERS[random.nextInt(EDGE_NUMBERS.length)]);
            case 1 -> out.append(random.nextLong());
            case 2 -> out.append(random.nextInt(1000) - 500);
            case 3 ->
            {
                final double d = Double.longBitsToDouble(random.nextLong());
                out.append(Double.isFinite(d) ? Double.toString(d) : "1.5");
            }
            case 4 -> out.append(random.nextInt(100_000)).append('.').append(random.nextInt(1000))
                .append(random.nextBoolean() ? "e" : "E").append(random.nextInt(80) - 40);
            default -> out.append(Long.toUnsignedString(random.nextLong() | Long.MIN_VALUE));
        }
    }
}
