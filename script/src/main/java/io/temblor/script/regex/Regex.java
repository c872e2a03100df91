package io.temblor.script.regex;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A compiled regular expression in the syntax of Rust's regex crate, matched by RE2/J: time linear in the input (no
 * backtracking), whatever the pattern. Texts are UTF-8 byte arrays and all positions are byte offsets, so captures can
 * be copied out as bytes without decoding. Successive matches follow Rust's iteration rule (an empty match right
 * after the previous match is skipped). Immutable and thread safe; compile once (at script compile time) and share.
 */
public final class Regex
{
    private final String source;
    private final Pattern pattern;
    private final String[] groupNames;
    private final Map<String, Integer> groupsByName = new HashMap<>();

    private Regex(final String source, final Pattern pattern, final String[] groupNames)
    {
        this.source = source;
        this.pattern = pattern;
        this.groupNames = groupNames;
        for (int g = 0; g < groupNames.length; g++)
        {
            if (null != groupNames[g])
            {
                groupsByName.put(groupNames[g], g);
            }
        }
    }

    /**
     * Compiles a pattern written for Rust's regex crate.
     *
     * @param source the pattern.
     * @return the regex.
     * @throws RegexSyntaxException with Rust's error text when Rust would reject the pattern, or when it uses what
     *                              RE2/J cannot run in linear time (look-around-like word boundaries, huge counts).
     */
    public static Regex compile(final String source)
    {
        final RustSyntax.Result translated = RustSyntax.translate(source);
        try
        {
            return new Regex(source, Pattern.compile(translated.re2()), translated.names());
        }
        catch (final PatternSyntaxException ex)
        {
            throw RegexSyntaxException.of(source, "not supported by Temblor's linear-time regex engine (RE2/J): " +
                ex.getDescription());
        }
    }

    /**
     * The pattern as written.
     *
     * @return the source.
     */
    public String source()
    {
        return source;
    }

    /**
     * Number of capture groups, without the whole match.
     *
     * @return the count.
     */
    public int groupCount()
    {
        return groupNames.length - 1;
    }

    /**
     * The name of a group.
     *
     * @param group 1-based group index.
     * @return the name, or null for an unnamed group.
     */
    public String groupName(final int group)
    {
        return groupNames[group];
    }

    /**
     * The index of a named group.
     *
     * @param name the name.
     * @return the 1-based index, or -1 when no group has that name.
     */
    public int groupIndex(final String name)
    {
        final Integer g = groupsByName.get(name);
        return null == g ? -1 : g;
    }

    /**
     * Starts a search.
     *
     * @param text UTF-8 text (not copied; must not change during the search).
     * @return the iterator over the matches, positioned before the first one.
     */
    public Matches matches(final byte[] text)
    {
        return new Matches(pattern.matcher(text), text);
    }

    /**
     * Whether the pattern matches anywhere in the text ({@code is_match}).
     *
     * @param text UTF-8 text.
     * @return true on a match.
     */
    public boolean isMatch(final byte[] text)
    {
        return pattern.matcher(text).find();
    }

    /**
     * Replaces the first match or all matches, expanding {@code $1}, {@code $name}, {@code ${name}} and {@code $$} in
     * the replacement as Rust's {@code Regex::replace} does (unknown or unmatched groups expand to nothing).
     *
     * @param text UTF-8 text.
     * @param replacement UTF-8 replacement template.
     * @param all replace every match ({@code replace_all}) or only the first.
     * @return the new text, or {@code text} itself when nothing matched.
     */
    public byte[] replace(final byte[] text, final byte[] replacement, final boolean all)
    {
        final Matches m = matches(text);
        if (!m.next())
        {
            return text;
        }
        final Template template = new Template(replacement);
        byte[] out = new byte[text.length + replacement.length + 16];
        int length = 0;
        int copied = 0;
        do
        {
            out = grow(out, length, m.start() - copied);
            System.arraycopy(text, copied, out, length, m.start() - copied);
            length += m.start() - copied;
            for (int i = 0; i < template.parts; i++)
            {
                final int from;
                final int to;
                final byte[] source;
                final int group = template.group[i];
                if (group == Template.LITERAL)
                {
                    source = replacement;
                    from = template.from[i];
                    to = template.to[i];
                }
                else
                {
                    if (group < 0 || group > groupCount() || m.start(group) < 0)
                    {
                        continue;
                    }
                    source = text;
                    from = m.start(group);
                    to = m.end(group);
                }
                out = grow(out, length, to - from);
                System.arraycopy(source, from, out, length, to - from);
                length += to - from;
            }
            copied = m.end();
        }
        while (all && m.next());
        out = grow(out, length, text.length - copied);
        System.arraycopy(text, copied, out, length, text.length - copied);
        length += text.length - copied;
        return length == out.length ? out : Arrays.copyOf(out, length);
    }

    private static byte[] grow(final byte[] buffer, final int length, final int more)
    {
        return length + more <= buffer.length ? buffer : Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }

    /**
     * Splits the text at the matches ({@code Regex::split}): the pieces between matches, including empty ones at
     * both ends.
     *
     * @param text UTF-8 text.
     * @return start and end offset of each piece, as pairs.
     */
    public int[] split(final byte[] text)
    {
        final Matches m = matches(text);
        int[] pieces = new int[8];
        int n = 0;
        int last = 0;
        while (m.next())
        {
            if (n + 2 > pieces.length)
            {
                pieces = Arrays.copyOf(pieces, pieces.length * 2);
            }
            pieces[n++] = last;
            pieces[n++] = m.start();
            last = m.end();
        }
        if (n + 2 > pieces.length)
        {
            pieces = Arrays.copyOf(pieces, pieces.length + 2);
        }
        pieces[n++] = last;
        pieces[n++] = text.length;
        return n == pieces.length ? pieces : Arrays.copyOf(pieces, n);
    }

    @Override
    public String toString()
    {
        return source;
    }

    /**
     * Successive matches over one text, with Rust's rule for empty matches: the search goes on at the end of the last
     * match, and an empty match at exactly that position is skipped (the search moves one character on). Not thread
     * safe; one per search.
     */
    public static final class Matches
    {
        private final Matcher matcher;
        private final byte[] text;
        private int at;
        private int lastEnd = -1;
        private int start;
        private int end;

        Matches(final Matcher matcher, final byte[] text)
        {
            this.matcher = matcher;
            this.text = text;
        }

        /**
         * Advances to the next match.
         *
         * @return false when there is none.
         */
        public boolean next()
        {
            while (at <= text.length)
            {
                if (!matcher.find(at))
                {
                    at = text.length + 1;
                    return false;
                }
                final int s = matcher.start();
                final int e = matcher.end();
                if (s == e && e == lastEnd)
                {
                    at = nextCharacter(text, at);
                    continue;
                }
                start = s;
                end = e;
                lastEnd = e;
                at = e;
                return true;
            }
            return false;
        }

        /**
         * Start of the match.
         *
         * @return byte offset.
         */
        public int start()
        {
            return start;
        }

        /**
         * End of the match (exclusive).
         *
         * @return byte offset.
         */
        public int end()
        {
            return end;
        }

        /**
         * Start of a group in the current match.
         *
         * @param group 1-based group index (0 for the whole match).
         * @return byte offset, or -1 when the group did not take part in the match.
         */
        public int start(final int group)
        {
            return group == 0 ? start : matcher.start(group);
        }

        /**
         * End of a group in the current match.
         *
         * @param group 1-based group index (0 for the whole match).
         * @return byte offset (exclusive), or -1 when the group did not take part in the match.
         */
        public int end(final int group)
        {
            return group == 0 ? end : matcher.end(group);
        }

        private static int nextCharacter(final byte[] text, final int at)
        {
            int i = at + 1;
            while (i < text.length && (text[i] & 0xC0) == 0x80)
            {
                i++;
            }
            return i;
        }
    }

    /** A parsed replacement template: literal byte ranges and group references, as Rust's interpolation reads them. */
    private final class Template
    {
        static final int LITERAL = Integer.MIN_VALUE;

        int parts;
        int[] group = new int[8];
        int[] from = new int[8];
        int[] to = new int[8];

        Template(final byte[] r)
        {
            int literalStart = 0;
            int i = 0;
            while (i < r.length)
            {
                if (r[i] != '$')
                {
                    i++;
                    continue;
                }
                if (i + 1 < r.length && r[i + 1] == '$')
                {
                    add(LITERAL, literalStart, i + 1);
                    i += 2;
                    literalStart = i;
                    continue;
                }
                final int[] ref = reference(r, i);
                if (null == ref)
                {
                    i++;
                    continue;
                }
                add(LITERAL, literalStart, i);
                add(ref[0], 0, 0);
                i = ref[1];
                literalStart = i;
            }
            add(LITERAL, literalStart, r.length);
        }

        private void add(final int g, final int f, final int t)
        {
            if (g == LITERAL && f == t)
            {
                return;
            }
            if (parts == group.length)
            {
                group = Arrays.copyOf(group, parts * 2);
                from = Arrays.copyOf(from, parts * 2);
                to = Arrays.copyOf(to, parts * 2);
            }
            group[parts] = g;
            from[parts] = f;
            to[parts] = t;
            parts++;
        }

        /** {group (or -1 for a name without group), end} of the reference at {@code i}, or null when there is none. */
        private int[] reference(final byte[] r, final int i)
        {
            if (i + 1 >= r.length)
            {
                return null;
            }
            final int nameStart;
            final int nameEnd;
            final int end;
            if (r[i + 1] == '{')
            {
                int j = i + 2;
                while (j < r.length && r[j] != '}')
                {
                    j++;
                }
                if (j >= r.length)
                {
                    return null;
                }
                nameStart = i + 2;
                nameEnd = j;
                end = j + 1;
            }
            else
            {
                int j = i + 1;
                while (j < r.length && isNameByte(r[j]))
                {
                    j++;
                }
                if (j == i + 1)
                {
                    return null;
                }
                nameStart = i + 1;
                nameEnd = j;
                end = j;
            }
            final String name = new String(r, nameStart, nameEnd - nameStart, java.nio.charset.StandardCharsets.UTF_8);
            return new int[] {groupOf(name), end};
        }

        private int groupOf(final String name)
        {
            if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9'))
            {
                try
                {
                    return Integer.parseInt(name);
                }
                catch (final NumberFormatException ex)
                {
                    return -1;
                }
            }
            return groupIndex(name);
        }

        private static boolean isNameByte(final byte b)
        {
            return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
        }
    }
}
