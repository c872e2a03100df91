package io.temblor.script.stdlib;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rust's {@code str} operations where Java's differ, for {@code std::string}: whitespace is Unicode's
 * {@code White_Space} property ({@code char::is_whitespace}), positions are chars (code points), an empty pattern
 * matches between every two chars. Cold paths over Java strings.
 */
final class Texts
{
    private Texts()
    {
    }

    /**
     * Rust's {@code char::is_whitespace}: the Unicode {@code White_Space} property.
     *
     * @param c a code point.
     * @return whether it is white space.
     */
    static boolean isWhiteSpace(final int c)
    {
        return switch (c)
        {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200A;
        };
    }

    /**
     * Rust's {@code trim}, {@code trim_start} and {@code trim_end}.
     *
     * @param s the text.
     * @param start whether to trim the start.
     * @param end whether to trim the end.
     * @return the trimmed text.
     */
    static String trim(final String s, final boolean start, final boolean end)
    {
        int from = 0;
        int to = s.length();
        while (start && from < to && isWhiteSpace(s.codePointAt(from)))
        {
            from += Character.charCount(s.codePointAt(from));
        }
        while (end && to > from && isWhiteSpace(s.codePointBefore(to)))
        {
            to -= Character.charCount(s.codePointBefore(to));
        }
        return s.substring(from, to);
    }

    /**
     * Tremor's {@code string::capitalize}: the first char's full upper-case mapping ({@code ß} becomes {@code SS}).
     *
     * @param s the text.
     * @return the capitalized text.
     */
    static String capitalize(final String s)
    {
        if (s.isEmpty())
        {
            return s;
        }
        final int first = Character.charCount(s.codePointAt(0));
        return s.substring(0, first).toUpperCase(Locale.ROOT) + s.substring(first);
    }

    /**
     * Tremor's {@code string::substr}: the chars from {@code start} (0 when past the end) to {@code end} (the end when
     * past it); the whole input when start comes after end.
     *
     * @param s the text.
     * @param start the first char.
     * @param end the char after the last.
     * @return the part.
     */
    static String substr(final String s, final long start, final long end)
    {
        final int from = charIndex(s, start, 0);
        final int to = charIndex(s, end, s.length());
        return from <= to ? s.substring(from, to) : s;
    }

    /** The UTF-16 index of the n-th char, or the default when there is none (Rust's {@code char_indices().nth(n)}). */
    private static int charIndex(final String s, final long n, final int missing)
    {
        final int count = s.codePointCount(0, s.length());
        return n < count ? s.offsetByCodePoints(0, (int)n) : missing;
    }

    /**
     * Rust's {@code str::replace}: every match left to right; an empty pattern matches before every char and at the end.
     *
     * @param s the text.
     * @param from the pattern.
     * @param to the replacement.
     * @return the new text.
     */
    static String replace(final String s, final String from, final String to)
    {
        if (!from.isEmpty())
        {
            return s.replace(from, to);
        }
        final StringBuilder out = new StringBuilder(to);
        s.codePoints().forEach(c -> out.appendCodePoint(c).append(to));
        return out.toString();
    }

    /**
     * Rust's {@code str::split}: the parts between matches; an empty separator splits between every two chars and
     * yields empty parts at both ends.
     *
     * @param s the text.
     * @param separator the separator.
     * @return the parts.
     */
    static List<String> split(final String s, final String separator)
    {
        final List<String> parts = new ArrayList<>();
        if (separator.isEmpty())
        {
            parts.add("");
            s.codePoints().forEach(c -> parts.add(new String(Character.toChars(c))));
            parts.add("");
            return parts;
        }
        int from = 0;
        for (int i = s.indexOf(separator); i >= 0; i = s.indexOf(separator, from))
        {
            parts.add(s.substring(from, i));
            from = i + separator.length();
        }
        parts.add(s.substring(from));
        return parts;
    }
}
