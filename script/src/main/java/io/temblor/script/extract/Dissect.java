package io.temblor.script.extract;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Span;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dissect|...|} with the semantics of Tremor's dissect library: literal delimiters between {@code %{field}}
 * extractions; {@code %{?name}} skips (but remembers) a value, {@code %{&name}} uses a remembered value as the key,
 * {@code %{+name}} appends to a previous value with the last padding as separator, {@code %{_}}/{@code %{_(x)}} skips
 * padding, {@code %{name:int|float|string}} converts.
 */
final class Dissect extends Extractor
{
    private static final int DELIMITER = 0;
    private static final int FIELD = 1;
    private static final int PADDING = 2;
    private static final double[] POWERS_OF_TEN = new double[23];

    static
    {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private record Command(int kind, String text, boolean ignore, boolean lookup, boolean add, char convert)
    {
    }

    private final List<Command> commands = new ArrayList<>();
    /** The commands for the byte path: kinds, UTF-8 texts (delimiters, padding, field names), flags. */
    private int[] kinds;
    private byte[][] texts;
    private boolean[] ignores;
    private char[] converts;
    /** True when no command needs the string path ({@code %{&name}} lookups and {@code %{+name}} appends). */
    private boolean bytePath;
    /** Fields that are kept (not {@code %{?name}} or {@code %{}}): the entries of the result record, at most. */
    private int fields;
    /** True when the output field names are all different (entries are appended without a lookup). */
    private boolean distinctNames;
    /** Constant-pool handles of the field names ({@link #intern}), or null to copy them into the arena per match. */
    private long[] names;

    Dissect(final Span span, final String rule)
    {
        super(span);
        final String error = compile(rule);
        if (null != error)
        {
            throw new CompileError(span, "Invalid tilde predicate pattern: " + error);
        }
        compileBytes();
    }

    private void compileBytes()
    {
        final int n = commands.size();
        kinds = new int[n];
        texts = new byte[n][];
        ignores = new boolean[n];
        converts = new char[n];
        bytePath = true;
        for (int i = 0; i < n; i++)
        {
            final Command c = commands.get(i);
            kinds[i] = c.kind;
            texts[i] = c.text.getBytes(StandardCharsets.UTF_8);
            ignores[i] = c.ignore;
            converts[i] = c.convert;
            bytePath &= !c.lookup && !c.add;
        }
        final java.util.Set<String> seen = new java.util.HashSet<>();
        distinctNames = true;
        fields = 0;
        for (final Command c : commands)
        {
            if (c.kind == FIELD && !c.ignore)
            {
                distinctNames &= seen.add(c.text);
                fields++;
            }
        }
    }

    @Override
    public void intern(final ValueContext constants)
    {
        final long[] handles = new long[commands.size()];
        final long[] slot = new long[2];
        for (int t = 0; t < handles.length; t++)
        {
            if (kinds[t] == FIELD && !ignores[t])
            {
                constants.newConstantString(commands.get(t).text, slot, 0);
                handles[t] = slot[0];
            }
        }
        names = handles;
    }

    /** Pattern::compile of the dissect crate (0.7); returns its error text or null. */
    private String compile(final String rule)
    {
        String pattern = rule;
        int idx = 0;
        boolean wasField = false;
        try
        {
            while (!pattern.isEmpty())
            {
                if (pattern.startsWith("%{"))
                {
                    final int close = pattern.indexOf('}');
                    final int nextOpen = pattern.indexOf("%{", 2);
                    if (close < 0 || (nextOpen >= 0 && nextOpen < close))
                    {
                        return "Unterminated patter at " + idx;
                    }
                    final Command c = field(pattern.substring(2, close), idx);
                    pattern = pattern.substring(close + 1);
                    if (c.kind == PADDING)
                    {
                        if (pattern.startsWith(c.text))
                        {
                            return "The padding at " + idx + " can't be followed up by a dilimiter that begins with it";
                        }
                        wasField = false;
                    }
                    else if (wasField)
                    {
                        return "A dilimiter needs to be provided between the two patterns at " + idx;
                    }
                    else
                    {
                        wasField = true;
                    }
                    commands.add(c);
                    idx += utf8Length(rule, rule.length() - pattern.length() - close - 1, close + 1);
                }
                else
                {
                    wasField = false;
                    final int next = pattern.indexOf("%{");
                    final String text = next < 0 ? pattern : pattern.substring(0, next);
                    commands.add(new Command(DELIMITER, unescape(text), false, false, false, 's'));
                    if (next < 0)
                    {
                        break;
                    }
                    idx += utf8Length(pattern, 0, next);
                    pattern = pattern.substring(next);
                }
            }
        }
        catch (final IllegalArgumentException ex)
        {
            return ex.getMessage();
        }
        return null;
    }

    /** Rust indexes by bytes: the UTF-8 length of {@code s[from, from + length)}. */
    private static int utf8Length(final String s, final int from, final int length)
    {
        return s.substring(from, from + length).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static Command field(final String body, final int idx)
    {
        if (body.isEmpty())
        {
            return new Command(FIELD, "", true, false, false, 's');
        }
        final char first = body.charAt(0);
        switch (first)
        {
            case '?':
                return new Command(FIELD, body.substring(1), true, false, false, 's');
            case '+':
                return new Command(FIELD, body.substring(1), false, false, true, 's');
            case '_':
                if (body.length() == 1)
                {
                    return new Command(PADDING, " ", false, false, false, 's');
                }
                if (body.startsWith("_(") && body.endsWith(")"))
                {
                    return new Command(PADDING, body.substring(2, body.length() - 1), false, false, false, 's');
                }
                throw new IllegalArgumentException("Invalid padding at " + idx);
            default:
                final boolean lookup = first == '&';
                final String rest = lookup ? body.substring(1) : body;
                final int colon = rest.indexOf(':');
                if (colon < 0)
                {
                    return new Command(FIELD, rest, false, lookup, false, 's');
                }
                final String type = rest.substring(colon + 1);
                final char convert = switch (type)
                {
                    case "int" -> 'i';
                    case "float" -> 'f';
                    case "string" -> 's';
                    // the crate prints the position and the type the other way round
                    default -> throw new IllegalArgumentException("Invalid type '" + idx + "' at " + type);
                };
                return new Command(FIELD, rest.substring(0, colon), false, lookup, false, convert);
        }
    }

    private static String unescape(final String s)
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
            switch (s.charAt(i))
            {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                default -> throw new IllegalArgumentException("Invalid escape sequence \\'" +
                    new String(Character.toChars(s.codePointAt(i))) + "' is not valid.");
            }
        }
        return out.toString();
    }

    /**
     * The byte path, for patterns without lookups and appends: the same walk as the string path on the UTF-8 bytes
     * (a delimiter found in UTF-8 is found at the same character), field ends kept as positions in the runtime's
     * scratch, numbers parsed from the bytes, and the record built only after the whole input matched. Allocates
     * nothing, except that a number the fast parsers do not take goes through Rust's rules on a string.
     */
    @Override
    protected boolean extract(final Env e, final byte[] text, final int length, final int out)
    {
        if (!bytePath)
        {
            return super.extract(e, text, length, out);
        }
        // converted numbers are kept as (handle, bits) pairs in scratch registers, parsed once
        final int v = e.scratch(2 * kinds.length);
        try
        {
            if (!match(e, text, length, v))
            {
                return false;
            }
            if (out >= 0)
            {
                build(e, text, out, v);
            }
            return true;
        }
        finally
        {
            e.release(v);
        }
    }

    /** The walk of the byte path: field bounds into {@code e.marks}, converted numbers into {@code e.tmp[v ..]}. */
    private boolean match(final Env e, final byte[] text, final int length, final int v)
    {
        final int[] kinds = this.kinds;
        final byte[][] texts = this.texts;
        final boolean[] ignores = this.ignores;
        final char[] converts = this.converts;
        final int n = kinds.length;
        final int[] m = e.marks(2 * n);
        int p = 0;
        for (int t = 0; t < n; t++)
        {
            final byte[] c = texts[t];
            if (kinds[t] == DELIMITER)
            {
                if (!startsWith(text, p, length, c))
                {
                    return false;
                }
                p += c.length;
                continue;
            }
            if (kinds[t] == PADDING)
            {
                while (c.length > 0 && startsWith(text, p, length, c))
                {
                    p += c.length;
                }
                continue;
            }
            final int end;
            if (t + 1 == n)
            {
                end = length;
            }
            else
            {
                int i = indexOf(text, p, length, texts[t + 1]);
                if (kinds[t + 1] == PADDING && i < 0)
                {
                    if (t + 2 == n)
                    {
                        i = length;
                    }
                    else if (kinds[t + 2] == DELIMITER)
                    {
                        i = indexOf(text, p, length, texts[t + 2]);
                    }
                    else
                    {
                        return false;
                    }
                }
                if (i < 0)
                {
                    return false;
                }
                end = i;
            }
            m[2 * t] = p;
            m[2 * t + 1] = end;
            if (!ignores[t] && converts[t] != 's' && !number(e, text, p, end, converts[t], e.tmp, v + 2 * t))
            {
                return false;
            }
            if (t + 1 == n)
            {
                p = end;
                break;
            }
            if (kinds[t + 1] == DELIMITER)
            {
                // the delimiter that ends the field was found where it starts: it is passed without comparing again
                p = end + texts[++t].length;
            }
            else
            {
                p = end;
            }
        }
        return p == length;
    }

    private void build(final Env e, final byte[] text, final int out, final int v)
    {
        final ValueContext ctx = e.ctx;
        final int[] kinds = this.kinds;
        final boolean[] ignores = this.ignores;
        final char[] converts = this.converts;
        final int n = kinds.length;
        ctx.newRecord(Math.max(1, fields), e.regs, out);
        final int s = e.scratch(4);
        try
        {
            final long[] k = e.tmp;
            final int[] m = e.marks;
            for (int t = 0; t < n; t++)
            {
                if (kinds[t] != FIELD || ignores[t])
                {
                    continue;
                }
                if (names != null)
                {
                    k[s] = names[t];
                }
                else
                {
                    ctx.newString(texts[t], 0, texts[t].length, k, s);
                }
                if (converts[t] == 's' && distinctNames)
                {
                    ctx.appendString(e.regs[out], k[s], text, m[2 * t], m[2 * t + 1] - m[2 * t], e.regs, out);
                    continue;
                }
                if (converts[t] == 's')
                {
                    ctx.newString(text, m[2 * t], m[2 * t + 1] - m[2 * t], k, s + 2);
                }
                else
                {
                    k[s + 2] = k[v + 2 * t];
                    k[s + 3] = k[v + 2 * t + 1];
                }
                if (distinctNames)
                {
                    ctx.append(e.regs[out], k[s], k[s + 2], k[s + 3], e.regs, out);
                }
                else
                {
                    ctx.put(e.regs[out], k[s], k[s + 2], k[s + 3], e.regs, out);
                }
            }
        }
        finally
        {
            e.release(s);
        }
    }

    /**
     * Parses {@code text[from, to)} as Rust's {@code i64} ('i') or {@code f64} ('f') {@code from_str} would, writing
     * the value into {@code out[at]} when out is given. Plain decimals are parsed here; anything else (a {@code +}
     * sign, exponents, {@code inf}, ...) goes through {@link Numbers} on a string, so the same inputs match.
     *
     * @return false when Rust's parser would reject it.
     */
    private static boolean number(final Env e, final byte[] text, final int from, final int to, final char convert,
        final long[] out, final int at)
    {
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        int i = from;
        final boolean negative = i < to && text[i] == '-';
        if (negative)
        {
            i++;
        }
        for (; i < to; i++)
        {
            final int c = text[i];
            if (c >= '0' && c <= '9')
            {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
            }
            else if (c == '.' && convert == 'f' && fraction < 0)
            {
                fraction = i;
            }
            else
            {
                break;
            }
        }
        final int decimals = fraction < 0 ? 0 : to - fraction - 1;
        if (i == to && digits > 0 && digits <= 15 && decimals <= 22)
        {
            if (out != null)
            {
                if (convert == 'i')
                {
                    out[at] = Values.INT;
                    out[at + 1] = negative ? -mantissa : mantissa;
                }
                else
                {
                    // an integer below 2^53 divided by an exact power of ten: one correctly rounded operation
                    final double v = decimals == 0 ? (double)mantissa : (double)mantissa / POWERS_OF_TEN[decimals];
                    out[at] = Values.FLOAT;
                    out[at + 1] = Double.doubleToRawLongBits(negative ? -v : v);
                }
            }
            return true;
        }
        // anything else as Rust's i64/f64 from_str, on a string (cold)
        final String s = new String(text, from, to - from, StandardCharsets.UTF_8);
        final long[] v = new long[1];
        if (null != (convert == 'i' ? Numbers.parseLong(s, v) : Numbers.parseDouble(s, v)))
        {
            return false;
        }
        if (out != null)
        {
            out[at] = convert == 'i' ? Values.INT : Values.FLOAT;
            out[at + 1] = v[0];
        }
        return true;
    }

    private static boolean startsWith(final byte[] text, final int at, final int length, final byte[] prefix)
    {
        return ByteScan.startsWith(text, at, length, prefix, 0);
    }

    private static int indexOf(final byte[] text, final int from, final int length, final byte[] needle)
    {
        return ByteScan.indexOf(text, from, length, needle);
    }

    @Override
    protected boolean extract(final Env e, final String input, final int out)
    {
        final Map<String, Object> result = new LinkedHashMap<>();
        final Map<String, String> ignored = new HashMap<>();
        String data = input;
        String lastSep = " ";
        for (int t = 0; t < commands.size(); t++)
        {
            final Command c = commands.get(t);
            if (c.kind == DELIMITER)
            {
                if (!data.startsWith(c.text))
                {
                    return false;
                }
                data = data.substring(c.text.length());
                continue;
            }
            if (c.kind == PADDING)
            {
                lastSep = c.text;
                while (!c.text.isEmpty() && data.startsWith(c.text))
                {
                    data = data.substring(c.text.length());
                }
                continue;
            }
            String name = c.text;
            if (c.lookup)
            {
                name = ignored.remove(c.text);
                if (null == name || name.isEmpty())
                {
                    return false;
                }
            }
            final String value;
            final Command next = t + 1 < commands.size() ? commands.get(t + 1) : null;
            if (null == next)
            {
                value = data;
                data = "";
            }
            else
            {
                int i = data.indexOf(next.text);
                if (next.kind == PADDING && i < 0)
                {
                    final Command after = t + 2 < commands.size() ? commands.get(t + 2) : null;
                    if (null == after)
                    {
                        i = data.length();
                    }
                    else if (after.kind == DELIMITER)
                    {
                        i = data.indexOf(after.text);
                    }
                    else
                    {
                        return false;
                    }
                }
                if (i < 0)
                {
                    return false;
                }
                value = data.substring(0, i);
                data = data.substring(i);
            }
            if (c.ignore)
            {
                ignored.put(name, value);
            }
            else if (c.add)
            {
                // appending moves the key to the end; only strings can be appended to
                final Object old = result.remove(name);
                if (null != old && !(old instanceof String))
                {
                    return false;
                }
                result.put(name, null == old ? value : old + lastSep + value);
            }
            else
            {
                final long[] v = new long[1];
                if (c.convert == 's')
                {
                    result.put(name, value);
                }
                else if (null != (c.convert == 'i' ? Numbers.parseLong(value, v) : Numbers.parseDouble(value, v)))
                {
                    return false;
                }
                else
                {
                    result.put(name, c.convert == 'i' ? (Object)v[0] : (Object)Double.longBitsToDouble(v[0]));
                }
            }
            if (null == next)
            {
                break;
            }
        }
        if (!data.isEmpty())
        {
            return false;
        }
        if (out >= 0)
        {
            final ValueContext ctx = e.ctx;
            ctx.newRecord(Math.max(1, result.size()), e.regs, out);
            final long[] k = new long[4];
            for (final Map.Entry<String, Object> entry : result.entrySet())
            {
                ctx.newString(entry.getKey(), k, 0);
                final Object v = entry.getValue();
                if (v instanceof Long l)
                {
                    k[2] = Values.INT;
                    k[3] = l;
                }
                else if (v instanceof Double d)
                {
                    k[2] = Values.FLOAT;
                    k[3] = Double.doubleToRawLongBits(d);
                }
                else
                {
                    ctx.newString((String)v, k, 2);
                }
                ctx.put(e.regs[out], k[0], k[2], k[3], e.regs, out);
            }
        }
        return true;
    }
}
