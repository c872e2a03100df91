package io.temblor.script.extract;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Span;
import io.temblor.script.runtime.Env;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kv|pattern|}, as the tremor-kv crate: the pattern names the field separators (text between pairs) and the
 * key/value separators (text between {@code %{key}} and {@code %{val}}), by default {@code " "} and {@code ":"}; the
 * string is split at every field separator, each field at every key separator, and fields of exactly two parts are the
 * pairs (the last of a repeated key wins). No pair, no match. Cold path; builds Java strings.
 */
final class Kv extends Extractor
{
    private static final String KEY = "%{key}";
    private static final String VAL = "%{val}";

    private final List<String> fieldSeparators = new ArrayList<>();
    private final List<String> keySeparators = new ArrayList<>();

    Kv(final Span span, final String pattern)
    {
        super(span);
        final String error = compile(pattern);
        if (null != error)
        {
            throw new CompileError(span, "Invalid tilde predicate pattern: " + error);
        }
    }

    /** Pattern::compile; returns the crate's error text or null. */
    private String compile(final String pattern)
    {
        int i = 0;
        try
        {
            while (true)
            {
                final String rest = pattern.substring(i);
                if (rest.startsWith(KEY))
                {
                    i += KEY.length();
                    final int val = pattern.indexOf(VAL, i);
                    if (val < 0)
                    {
                        return "invalid pattern at character " + i;
                    }
                    if (val != i)
                    {
                        keySeparators.add(escapes(pattern.substring(i, val)));
                    }
                    i = val + VAL.length();
                }
                else if (rest.contains(KEY))
                {
                    final int key = pattern.indexOf(KEY, i);
                    if (key != i)
                    {
                        fieldSeparators.add(escapes(pattern.substring(i, key)));
                    }
                    i = key;
                }
                else
                {
                    if (!rest.isEmpty())
                    {
                        fieldSeparators.add(escapes(rest));
                    }
                    break;
                }
            }
        }
        catch (final IllegalArgumentException ex)
        {
            return ex.getMessage();
        }
        if (fieldSeparators.isEmpty())
        {
            fieldSeparators.add(" ");
        }
        if (keySeparators.isEmpty())
        {
            keySeparators.add(":");
        }
        normalize(fieldSeparators);
        normalize(keySeparators);
        for (final String fs : fieldSeparators)
        {
            if (keySeparators.stream().anyMatch(ks -> ks.contains(fs)) ||
                fieldSeparators.stream().anyMatch(fs2 -> !fs2.equals(fs) && fs2.contains(fs)))
            {
                return doubleSeparator(fs);
            }
        }
        for (final String ks : keySeparators)
        {
            if (fieldSeparators.stream().anyMatch(fs -> fs.contains(ks)) ||
                keySeparators.stream().anyMatch(ks2 -> !ks2.equals(ks) && ks2.contains(ks)))
            {
                return doubleSeparator(ks);
            }
        }
        return null;
    }

    private static String doubleSeparator(final String s)
    {
        return "The seperator '" + s + "' is used for both key value seperation as well as pair seperation.";
    }

    /** sort (by bytes, as Rust sorts strings) and dedup. */
    private static void normalize(final List<String> separators)
    {
        separators.sort((a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (int i = separators.size() - 1; i > 0; i--)
        {
            if (separators.get(i).equals(separators.get(i - 1)))
            {
                separators.remove(i);
            }
        }
    }

    /** handle_escapes: {@code \\}, {@code \n}, {@code \t}, {@code \r}. */
    private static String escapes(final String s)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c != '\\')
            {
                out.append(c);
                continue;
            }
            if (++i >= s.length())
            {
                throw new IllegalArgumentException("Unterminated escape at the end of line or of a delimiter %{ can't be " +
                    "escaped");
            }
            final int d = s.codePointAt(i);
            switch (d)
            {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                default -> throw new IllegalArgumentException("Invalid escape sequence \\'" +
                    new String(Character.toChars(d)) + "' is not valid.");
            }
        }
        return out.toString();
    }

    /** multi_split: splits every part at each separator in turn, keeping empty parts (Rust's str::split). */
    private static List<String> split(final String input, final List<String> separators)
    {
        List<String> parts = List.of(input);
        for (final String separator : separators)
        {
            final List<String> next = new ArrayList<>();
            for (final String part : parts)
            {
                int from = 0;
                for (int i = part.indexOf(separator); i >= 0; i = part.indexOf(separator, from))
                {
                    next.add(part.substring(from, i));
                    from = i + separator.length();
                }
                next.add(part.substring(from));
            }
            parts = next;
        }
        return parts;
    }

    @Override
    protected boolean extract(final Env e, final String s, final int out)
    {
        final Map<String, String> pairs = new LinkedHashMap<>();
        for (final String field : split(s, fieldSeparators))
        {
            final List<String> kv = split(field, keySeparators);
            if (kv.size() == 2)
            {
                pairs.put(kv.get(0), kv.get(1));
            }
        }
        if (pairs.isEmpty())
        {
            return false;
        }
        if (out >= 0)
        {
            final long[] t = new long[4];
            e.ctx.newRecord(pairs.size(), e.regs, out);
            for (final Map.Entry<String, String> pair : pairs.entrySet())
            {
                e.ctx.newString(pair.getKey(), t, 0);
                e.ctx.newString(pair.getValue(), t, 2);
                e.ctx.put(e.regs[out], t[0], t[2], 0, e.regs, out);
            }
        }
        return true;
    }
}
