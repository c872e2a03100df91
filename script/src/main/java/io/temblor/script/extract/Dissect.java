package io.temblor.script.extract;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Span;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

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

    private record Command(int kind, String text, boolean ignore, boolean lookup, boolean add, char convert)
    {
    }

    private final List<Command> commands = new ArrayList<>();

    Dissect(final Span span, final String rule)
    {
        super(span);
        final String error = compile(rule);
        if (null != error)
        {
            throw new CompileError(span, "Invalid tilde predicate pattern: " + error);
        }
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
                switch (c.convert)
                {
                    case 'i' ->
                    {
                        if (null != Numbers.parseLong(value, v))
                        {
                            return false;
                        }
                        result.put(name, v[0]);
                    }
                    case 'f' ->
                    {
                        if (null != Numbers.parseDouble(value, v))
                        {
                            return false;
                        }
                        result.put(name, Double.longBitsToDouble(v[0]));
                    }
                    default -> result.put(name, value);
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
