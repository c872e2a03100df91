package io.temblor.script.extract;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Span;
import io.temblor.script.runtime.Env;
import io.temblor.script.regex.Regex;
import io.temblor.script.regex.RegexSyntaxException;
import io.temblor.script.runtime.Matching;
import io.temblor.script.value.Values;

import java.nio.charset.StandardCharsets;

import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;

/**
 * An extractor as a match pattern: only strings can match; on a match the extracted value (named captures for
 * {@code re}, {@code true} for {@code glob}, the parsed value for {@code json}, the decoded text for {@code base64},
 * a record of pairs for {@code kv}) is written to the result register when one is asked for. The tested string's
 * bytes are copied into the runtime's scratch array; extractors that work on those bytes ({@link Kv}) allocate nothing,
 * the others build Java strings from them and allocate on the heap. {@code re}, {@code rerg}, {@code glob} and
 * {@code grok} run on RE2/J (see {@link Regex}): linear in the input, so no event can make them backtrack
 * catastrophically.
 */
public abstract class Extractor extends Matching.Pattern
{
    /**
     * An extractor.
     *
     * @param span source.
     */
    protected Extractor(final Span span)
    {
        super(span);
    }

    /**
     * Compiles an extractor.
     *
     * @param name the extractor's name ({@code re}, {@code glob}, ...).
     * @param rule the text between the bars.
     * @param span source, for errors.
     * @return the extractor.
     * @throws CompileError for unknown extractors and bad rules.
     */
    public static Extractor compile(final String name, final String rule, final Span span)
    {
        return switch (name.toLowerCase(java.util.Locale.ROOT))
        {
            case "re" -> new Re(span, regex(rule, span), false);
            case "rerg" -> new Re(span, regex(rule, span), true);
            case "glob" -> new Glob(span, rule);
            case "json" -> new Json(span);
            case "base64" -> new Base64Text(span);
            case "kv" -> new Kv(span, rule);
            case "cidr" -> new Network(span, rule);
            case "influx" -> new Influx(span);
            case "datetime" -> new Datetime(span, rule);
            case "grok" -> new Grok(span, rule);
            case "dissect" -> new Dissect(span, rule);
            default -> throw new CompileError(span, "Invalid tilde predicate pattern: Unsupported extractor " + name);
        };
    }

    /**
     * Parses a datetime with a chrono format as Tremor does (shared with {@code datetime::parse}).
     *
     * @param text the text.
     * @param format the format.
     * @return nanoseconds since the epoch.
     * @throws Strftime.ParseError when the text does not match the format.
     * @throws ArithmeticException when the instant does not fit the nanoseconds of an i64.
     */
    public static long parseDatetime(final String text, final String format) throws Strftime.ParseError
    {
        return Strftime.parse(text, format, Strftime.hasTz(format));
    }

    private static Regex regex(final String rule, final Span span)
    {
        try
        {
            return Regex.compile(rule);
        }
        catch (final RegexSyntaxException ex)
        {
            throw new CompileError(span, "Invalid tilde predicate pattern: " + ex.getMessage());
        }
    }

    @Override
    public boolean test(final Env e, final long h, final long b, final int out)
    {
        if (Values.type(h) != TYPE_STRING)
        {
            return false;
        }
        final int length = e.ctx.stringLength(h);
        final byte[] text = e.text(length);
        e.ctx.stringBytes(h, text, 0);
        return extract(e, text, length, out);
    }

    /**
     * Runs the extractor on a string's UTF-8 bytes; by default decodes them and calls
     * {@link #extract(Env, String, int)}. Extractors that work on bytes override this and allocate nothing.
     *
     * @param e runtime.
     * @param text the bytes (the runtime's scratch array: valid only during this call).
     * @param length number of bytes.
     * @param out result register, or -1.
     * @return true on a match.
     */
    protected boolean extract(final Env e, final byte[] text, final int length, final int out)
    {
        return extract(e, new String(text, 0, length, StandardCharsets.UTF_8), out);
    }

    /**
     * The UTF-8 bytes of a string value (a copy).
     *
     * @param e runtime.
     * @param h the string's handle.
     * @return the bytes.
     */
    static byte[] text(final Env e, final long h)
    {
        final byte[] bytes = new byte[e.ctx.stringLength(h)];
        e.ctx.stringBytes(h, bytes, 0);
        return bytes;
    }

    /**
     * Runs the extractor on a string (extractors that work on the UTF-8 bytes override {@link #test} instead).
     *
     * @param e runtime.
     * @param s the string.
     * @param out result register, or -1.
     * @return true on a match.
     */
    protected boolean extract(final Env e, final String s, final int out)
    {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " runs on bytes");
    }

    /**
     * {@code re} (a record of the named groups of the first match) and {@code rerg} (a record of arrays: each named
     * group's captures over all matches). Runs on the UTF-8 bytes and copies captures out as bytes; the regex is
     * compiled once, with the script.
     */
    static final class Re extends Extractor
    {
        private final Regex regex;
        private final boolean global;
        private final int[] groups;
        private final byte[][] names;

        Re(final Span span, final Regex regex, final boolean global)
        {
            super(span);
            this.regex = regex;
            this.global = global;
            int named = 0;
            for (int g = 1; g <= regex.groupCount(); g++)
            {
                named += null == regex.groupName(g) ? 0 : 1;
            }
            groups = new int[named];
            names = new byte[named][];
            int i = 0;
            for (int g = 1; g <= regex.groupCount(); g++)
            {
                if (null != regex.groupName(g))
                {
                    groups[i] = g;
                    names[i++] = regex.groupName(g).getBytes(StandardCharsets.UTF_8);
                }
            }
        }

        @Override
        public boolean test(final Env e, final long h, final long b, final int out)
        {
            if (Values.type(h) != TYPE_STRING)
            {
                return false;
            }
            final byte[] text = text(e, h);
            final Regex.Matches m = regex.matches(text);
            if (out < 0)
            {
                return m.next();
            }
            if (global)
            {
                // as Tremor's execute_rerg: with a result wanted, every string matches (with {} when nothing did)
                all(e, text, m, out);
                return true;
            }
            if (!m.next())
            {
                return false;
            }
            e.ctx.newRecord(Math.max(1, groups.length), e.regs, out);
            final int t = e.scratch(4);
            final long[] tmp = e.tmp;
            for (int i = 0; i < groups.length; i++)
            {
                final int start = m.start(groups[i]);
                if (start >= 0)
                {
                    e.ctx.newString(names[i], 0, names[i].length, tmp, t);
                    e.ctx.newString(text, start, m.end(groups[i]) - start, tmp, t + 2);
                    e.ctx.put(e.regs[out], tmp[t], tmp[t + 2], 0, e.regs, out);
                }
            }
            e.release(t);
            return true;
        }

        private void all(final Env e, final byte[] text, final Regex.Matches m, final int out)
        {
            e.ctx.newRecord(Math.max(1, groups.length), e.regs, out);
            final int t = e.scratch(6);
            final long[] tmp = e.tmp;
            while (m.next())
            {
                for (int i = 0; i < groups.length; i++)
                {
                    final int start = m.start(groups[i]);
                    if (start < 0)
                    {
                        continue;
                    }
                    e.ctx.newString(names[i], 0, names[i].length, tmp, t);
                    if (!e.ctx.get(e.regs[out], tmp[t], tmp, t + 4))
                    {
                        e.ctx.newArray(2, tmp, t + 4);
                    }
                    e.ctx.newString(text, start, m.end(groups[i]) - start, tmp, t + 2);
                    e.ctx.push(tmp[t + 4], tmp[t + 2], 0, tmp, t + 4);
                    e.ctx.put(e.regs[out], tmp[t], tmp[t + 4], 0, e.regs, out);
                }
            }
            e.release(t);
        }
    }

    /**
     * {@code glob}: shell wildcards ({@code *}, {@code ?}, {@code [...]}, {@code [!...]}) over the whole string,
     * translated once into an RE2/J pattern (linear time). As in Tremor, a rule that is a literal followed by one
     * {@code *} (or one {@code *} followed by a literal) is a plain prefix (suffix) test, brackets included.
     */
    static final class Glob extends Extractor
    {
        private final com.google.re2j.Pattern pattern;
        private final byte[] prefix;
        private final byte[] suffix;

        Glob(final Span span, final String rule)
        {
            super(span);
            final boolean literalPrefix = rule.length() > 1 && rule.endsWith("*") &&
                rule.substring(0, rule.length() - 1).chars().noneMatch(c -> c == '*' || c == '?');
            final boolean literalSuffix = !literalPrefix && rule.length() > 1 && rule.startsWith("*") &&
                rule.substring(1).chars().noneMatch(c -> c == '*' || c == '?');
            this.prefix = literalPrefix ? rule.substring(0, rule.length() - 1).getBytes(StandardCharsets.UTF_8) : null;
            this.suffix = literalSuffix ? rule.substring(1).getBytes(StandardCharsets.UTF_8) : null;
            this.pattern = literalPrefix || literalSuffix ? null : compileGlob(rule, span);
        }

        private static com.google.re2j.Pattern compileGlob(final String rule, final Span span)
        {
            final StringBuilder re = new StringBuilder();
            for (int i = 0; i < rule.length(); i++)
            {
                final char c = rule.charAt(i);
                switch (c)
                {
                    case '*' -> re.append(".*");
                    case '?' -> re.append('.');
                    case '[' ->
                    {
                        int first = i + 1;
                        final boolean negated = first < rule.length() && rule.charAt(first) == '!';
                        if (negated)
                        {
                            first++;
                        }
                        final int end = rule.indexOf(']', first + 1);
                        if (end < 0)
                        {
                            throw new CompileError(span, "Invalid tilde predicate pattern: unclosed [ in glob");
                        }
                        re.append(negated ? "[^" : "[");
                        for (int k = first; k < end; k++)
                        {
                            final char m = rule.charAt(k);
                            if (m == '-' && k > first && k < end - 1)
                            {
                                re.append('-');
                            }
                            else
                            {
                                re.append("\\x{").append(Integer.toHexString(m)).append('}');
                            }
                        }
                        re.append(']');
                        i = end;
                    }
                    default -> re.append("\\x{").append(Integer.toHexString(c)).append('}');
                }
            }
            try
            {
                return com.google.re2j.Pattern.compile(re.toString(), com.google.re2j.Pattern.DOTALL);
            }
            catch (final com.google.re2j.PatternSyntaxException ex)
            {
                throw new CompileError(span, "Invalid tilde predicate pattern: " + ex.getDescription());
            }
        }

        @Override
        public boolean test(final Env e, final long h, final long b, final int out)
        {
            if (Values.type(h) != TYPE_STRING || !matches(text(e, h)))
            {
                return false;
            }
            if (out >= 0)
            {
                e.setBool(out, true);
            }
            return true;
        }

        private boolean matches(final byte[] text)
        {
            if (null != prefix)
            {
                return text.length >= prefix.length && java.util.Arrays.equals(text, 0, prefix.length, prefix, 0,
                    prefix.length);
            }
            if (null != suffix)
            {
                return text.length >= suffix.length && java.util.Arrays.equals(text, text.length - suffix.length,
                    text.length, suffix, 0, suffix.length);
            }
            return pattern.matches(text);
        }
    }

    /** {@code json||}: the string parsed as JSON. */
    static final class Json extends Extractor
    {
        Json(final Span span)
        {
            super(span);
        }

        @Override
        protected boolean extract(final Env e, final String s, final int out)
        {
            final long[] v = new long[2];
            if (null != JsonReader.read(e.ctx, s.getBytes(StandardCharsets.UTF_8), v, 0))
            {
                return false;
            }
            if (out >= 0)
            {
                e.set(out, v[0], v[1]);
            }
            return true;
        }
    }

    /** {@code base64||}: the decoded text. */
    static final class Base64Text extends Extractor
    {
        Base64Text(final Span span)
        {
            super(span);
        }

        @Override
        protected boolean extract(final Env e, final String s, final int out)
        {
            // Tremor's base64 engine; the decoded bytes must be UTF-8 when the text is wanted
            final java.io.ByteArrayOutputStream decoded = new java.io.ByteArrayOutputStream();
            if (null != Codecs.base64Decode(s.getBytes(StandardCharsets.UTF_8), decoded))
            {
                return false;
            }
            if (out >= 0)
            {
                final byte[] bytes = decoded.toByteArray();
                try
                {
                    StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
                }
                catch (final java.nio.charset.CharacterCodingException ex)
                {
                    return false;
                }
                e.ctx.newString(bytes, 0, bytes.length, e.regs, out);
            }
            return true;
        }
    }
}
