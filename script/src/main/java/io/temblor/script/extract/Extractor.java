package io.temblor.script.extract;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Span;
import io.temblor.script.runtime.Env;
import io.temblor.script.runtime.Matching;
import io.temblor.script.value.Values;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;

/**
 * An extractor as a match pattern: only strings can match; on a match the extracted value (named captures for
 * {@code re}, {@code true} for {@code glob}, the parsed value for {@code json}, the decoded text for {@code base64},
 * a record of pairs for {@code kv}) is written to the result register when one is asked for. These build Java strings
 * from the tested bytes and allocate on the heap; {@code re} uses java.util.regex, which backtracks (the linear-time
 * engine the issue asks for is future work).
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
            case "re" -> new Re(span, regex(rule, span), false, false);
            case "rerg" -> new Re(span, regex(rule, span), false, true);
            case "glob" -> new Re(span, glob(rule, span), true, false);
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

    private static Pattern regex(final String rule, final Span span)
    {
        try
        {
            return Pattern.compile(rule.replace("(?P<", "(?<"));
        }
        catch (final PatternSyntaxException ex)
        {
            throw new CompileError(span, "Invalid tilde predicate pattern: " + ex.getDescription());
        }
    }

    private static Pattern glob(final String rule, final Span span)
    {
        final StringBuilder re = new StringBuilder("^");
        for (int i = 0; i < rule.length(); i++)
        {
            final char c = rule.charAt(i);
            switch (c)
            {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' ->
                {
                    final int end = rule.indexOf(']', i + 1);
                    if (end < 0)
                    {
                        throw new CompileError(span, "Invalid tilde predicate pattern: unclosed [ in glob");
                    }
                    String set = rule.substring(i + 1, end);
                    if (set.startsWith("!"))
                    {
                        set = "^" + set.substring(1);
                    }
                    re.append('[').append(set.replace("\\", "\\\\")).append(']');
                    i = end;
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regexOrFail(re.append('$').toString(), span, true);
    }

    private static Pattern regexOrFail(final String re, final Span span, final boolean dotAll)
    {
        try
        {
            return Pattern.compile(re, dotAll ? Pattern.DOTALL : 0);
        }
        catch (final PatternSyntaxException ex)
        {
            throw new CompileError(span, "Invalid tilde predicate pattern: " + ex.getDescription());
        }
    }

    @Override
    public boolean test(final Env e, final long h, final long b, final int out)
    {
        if (Values.type(h) != TYPE_STRING)
        {
            return false;
        }
        final byte[] bytes = new byte[e.ctx.stringLength(h)];
        e.ctx.stringBytes(h, bytes, 0);
        return extract(e, new String(bytes, StandardCharsets.UTF_8), out);
    }

    /**
     * Runs the extractor on a string.
     *
     * @param e runtime.
     * @param s the string.
     * @param out result register, or -1.
     * @return true on a match.
     */
    protected abstract boolean extract(Env e, String s, int out);

    /** {@code re} (named captures), {@code rerg} (each named group's captures over all matches) and {@code glob}. */
    static final class Re extends Extractor
    {
        private final Pattern pattern;
        private final boolean glob;
        private final boolean global;
        private final String[] groups;

        Re(final Span span, final Pattern pattern, final boolean glob, final boolean global)
        {
            super(span);
            this.pattern = pattern;
            this.glob = glob;
            this.global = global;
            this.groups = pattern.namedGroups().keySet().toArray(new String[0]);
        }

        @Override
        protected boolean extract(final Env e, final String s, final int out)
        {
            final java.util.regex.Matcher m = pattern.matcher(s);
            if (!m.find())
            {
                return false;
            }
            if (out < 0)
            {
                return true;
            }
            if (glob)
            {
                e.setBool(out, true);
                return true;
            }
            e.ctx.newRecord(Math.max(1, groups.length), e.regs, out);
            final long[] t = new long[6];
            if (global)
            {
                do
                {
                    for (final String g : groups)
                    {
                        final String v = m.group(g);
                        if (null == v)
                        {
                            continue;
                        }
                        e.ctx.newString(g, t, 0);
                        if (!e.ctx.get(e.regs[out], t[0], t, 4))
                        {
                            e.ctx.newArray(2, t, 4);
                        }
                        e.ctx.newString(v, t, 2);
                        e.ctx.push(t[4], t[2], 0, t, 4);
                        e.ctx.put(e.regs[out], t[0], t[4], 0, e.regs, out);
                    }
                }
                while (m.find());
                return true;
            }
            for (final String g : groups)
            {
                final String v = m.group(g);
                if (null != v)
                {
                    e.ctx.newString(g, t, 0);
                    e.ctx.newString(v, t, 2);
                    e.ctx.put(e.regs[out], t[0], t[2], 0, e.regs, out);
                }
            }
            return true;
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
