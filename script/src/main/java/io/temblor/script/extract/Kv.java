package io.temblor.script.extract;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Span;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.ValueContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code kv|pattern|} with the semantics of Tremor's kv library: the input is split by every field separator in turn
 * (sorted, each splitting the pieces of the one before), each piece by every key separator the same way, and a piece
 * that splits into exactly two parts is a pair (a later duplicate key wins); no pair at all is no match. The pattern
 * names the separators: {@code %{key}SEP%{val}} adds a key separator, any other text a field separator; the defaults
 * are {@code " "} and {@code ":"}. Works on the string's bytes in the runtime's scratch arrays and copies keys and
 * values straight into the arena: nothing is allocated on the heap per event.
 */
final class Kv extends Extractor
{
    private static final String KEY = "%{key}";
    private static final String VAL = "%{val}";
    /** Entries a record of pairs is created with (most lines carry up to this many pairs, so it rarely grows). */
    private static final int NEW_CAPACITY = 8;

    private final byte[][] fieldSeparators;
    private final byte[][] keySeparators;

    Kv(final Span span, final String rule)
    {
        super(span);
        final TreeSet<String> fields = new TreeSet<>();
        final TreeSet<String> keys = new TreeSet<>();
        int i = 0;
        while (i < rule.length())
        {
            if (rule.startsWith(KEY, i))
            {
                i += KEY.length();
                final int val = rule.indexOf(VAL, i);
                if (val < 0)
                {
                    throw invalid(span, "invalid pattern at character " + i);
                }
                if (val > i)
                {
                    keys.add(unescape(rule.substring(i, val), span));
                }
                i = val + VAL.length();
                continue;
            }
            final int key = rule.indexOf(KEY, i);
            final int end = key < 0 ? rule.length() : key;
            fields.add(unescape(rule.substring(i, end), span));
            i = end;
        }
        if (fields.isEmpty())
        {
            fields.add(" ");
        }
        if (keys.isEmpty())
        {
            keys.add(":");
        }
        for (final String f : fields)
        {
            if (keys.stream().anyMatch(k -> k.contains(f)) || fields.stream().anyMatch(g -> !g.equals(f) && g.contains(f)))
            {
                throw invalid(span, doubleSeparator(f));
            }
        }
        for (final String k : keys)
        {
            if (fields.stream().anyMatch(f -> f.contains(k)) || keys.stream().anyMatch(g -> !g.equals(k) && g.contains(k)))
            {
                throw invalid(span, doubleSeparator(k));
            }
        }
        this.fieldSeparators = bytes(fields);
        this.keySeparators = bytes(keys);
    }

    private static CompileError invalid(final Span span, final String message)
    {
        return new CompileError(span, "Invalid tilde predicate pattern: " + message);
    }

    private static String doubleSeparator(final String separator)
    {
        return "The seperator '" + separator + "' is used for both key value seperation as well as pair seperation.";
    }

    private static String unescape(final String s, final Span span)
    {
        final StringBuilder out = new StringBuilder(s.length());
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
                throw invalid(span, "Unterminated escape at the end of line or of a delimiter %{ can't be escaped");
            }
            final char next = s.charAt(i);
            switch (next)
            {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                default -> throw invalid(span, "Invalid escape sequence \\'" + next + "' is not valid.");
            }
        }
        return out.toString();
    }

    private static byte[][] bytes(final TreeSet<String> separators)
    {
        final List<byte[]> list = new ArrayList<>();
        for (final String s : separators)
        {
            list.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return list.toArray(new byte[0][]);
    }

    @Override
    protected boolean extract(final Env e, final String s, final int out)
    {
        final byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return extract(e, bytes, bytes.length, out);
    }

    @Override
    protected boolean extract(final Env e, final byte[] text, final int length, final int out)
    {
        if (fieldSeparators.length == 1 && keySeparators.length == 1)
        {
            return extractSimple(e, text, length, out);
        }
        // the pieces are (start, end) pairs in e.marks: fields from 0, each field's key/value parts after them
        int[] marks = e.marks(4);
        marks[0] = 0;
        marks[1] = length;
        final int fields = split(e, text, 0, 1, fieldSeparators);
        marks = e.marks;
        final ValueContext ctx = e.ctx;
        final int s = out >= 0 ? e.scratch(4) : -1;
        boolean any = false;
        try
        {
            for (int f = 0; f < fields; f++)
            {
                final int parts = 2 * fields;
                e.marks(2 * parts + 2);
                marks = e.marks;
                marks[parts] = marks[2 * f];
                marks[parts + 1] = marks[2 * f + 1];
                if (split(e, text, parts, 1, keySeparators) != 2)
                {
                    continue;
                }
                marks = e.marks;
                if (!any && out >= 0)
                {
                    ctx.newRecord(Math.max(4, fields), e.regs, out);
                }
                any = true;
                if (out >= 0)
                {
                    final long[] t = e.tmp;
                    ctx.newString(text, marks[parts], marks[parts + 1] - marks[parts], t, s);
                    ctx.newString(text, marks[parts + 2], marks[parts + 3] - marks[parts + 2], t, s + 2);
                    ctx.put(e.regs[out], t[s], t[s + 2], t[s + 3], e.regs, out);
                }
            }
        }
        finally
        {
            if (s >= 0)
            {
                e.release(s);
            }
        }
        return any;
    }

    /**
     * One field and one key separator (the usual patterns) in one pass: a piece between field separators is a pair
     * when the key separator occurs in it exactly once (splitting it gives two parts), as in the general path.
     */
    private boolean extractSimple(final Env e, final byte[] text, final int length, final int out)
    {
        final byte[] fieldSep = fieldSeparators[0];
        final byte[] keySep = keySeparators[0];
        final boolean singleBytes = fieldSep.length == 1 && keySep.length == 1;
        final byte fieldByte = fieldSep[0];
        final byte keyByte = keySep[0];
        final ValueContext ctx = e.ctx;
        final int s = out >= 0 ? e.scratch(4) : -1;
        boolean any = false;
        try
        {
            int start = 0;
            while (true)
            {
                final int f;
                final int k;
                final boolean pair;
                if (singleBytes)
                {
                    // one pass over the piece: key separators are counted up to the field separator that ends it
                    int key = -1;
                    int keys = 0;
                    int j = ByteScan.indexOfEither(text, start, length, fieldByte, keyByte);
                    while (j >= 0 && text[j] == keyByte)
                    {
                        if (keys++ == 0)
                        {
                            key = j;
                        }
                        j = ByteScan.indexOfEither(text, j + 1, length, fieldByte, keyByte);
                    }
                    f = j;
                    k = key;
                    pair = keys == 1;
                }
                else
                {
                    f = indexOf(text, start, length, fieldSep);
                    k = indexOf(text, start, f < 0 ? length : f, keySep);
                    pair = k >= 0 && indexOf(text, k + keySep.length, f < 0 ? length : f, keySep) < 0;
                }
                final int end = f < 0 ? length : f;
                if (pair)
                {
                    if (out >= 0)
                    {
                        if (!any)
                        {
                            ctx.newRecord(NEW_CAPACITY, e.regs, out);
                        }
                        final long[] t = e.tmp;
                        ctx.newString(text, start, k - start, t, s);
                        ctx.newString(text, k + keySep.length, end - k - keySep.length, t, s + 2);
                        ctx.put(e.regs[out], t[s], t[s + 2], t[s + 3], e.regs, out);
                    }
                    any = true;
                }
                if (f < 0)
                {
                    return any;
                }
                start = f + fieldSep.length;
            }
        }
        finally
        {
            if (s >= 0)
            {
                e.release(s);
            }
        }
    }

    /**
     * Splits the pieces at {@code e.marks[from ..]} by each separator in turn, as Tremor's {@code multi_split}: the
     * pieces end up at the same place, in order.
     *
     * @return the number of pieces.
     */
    private static int split(final Env e, final byte[] text, final int from, final int pieces, final byte[][] separators)
    {
        int count = pieces;
        for (final byte[] sep : separators)
        {
            // pieces at [from, from + 2 * count); the new ones are written after them, then moved down
            int w = from + 2 * count;
            for (int p = 0; p < count; p++)
            {
                final int[] m = e.marks;
                int start = m[from + 2 * p];
                final int end = m[from + 2 * p + 1];
                for (int i = indexOf(text, start, end, sep); i >= 0; i = indexOf(text, start, end, sep))
                {
                    w = add(e, w, start, i);
                    start = i + sep.length;
                }
                w = add(e, w, start, end);
            }
            final int[] m = e.marks;
            final int produced = (w - from - 2 * count) / 2;
            System.arraycopy(m, from + 2 * count, m, from, 2 * produced);
            count = produced;
        }
        return count;
    }

    private static int add(final Env e, final int w, final int start, final int end)
    {
        final int[] m = e.marks(w + 2);
        m[w] = start;
        m[w + 1] = end;
        return w + 2;
    }

    private static int indexOf(final byte[] text, final int from, final int end, final byte[] sep)
    {
        return ByteScan.indexOf(text, from, end, sep);
    }
}
