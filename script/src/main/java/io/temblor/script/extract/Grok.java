package io.temblor.script.extract;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Span;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.Values;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;

/**
 * {@code grok|%{PATTERN:alias} ...|}: expands grok references with the standard pattern set (the Rust grok crate's,
 * which Tremor uses; {@code grok.patterns} beside this class) into one regular expression, matched with RE2/J in linear
 * time. Expansion and result follow grok 2.0 as Tremor calls it ({@code compile(rule, true)}): every reference with an
 * alias, at any depth of the expansion, becomes a capture named by its alias (the whole text after the first
 * {@code :}, so {@code %{NUMBER:n:int}} gives {@code n:int}); when an alias repeats, the last one wins and the
 * earlier captures keep their generated names {@code name0}, {@code name1}, ...; named groups written in the rule are
 * captured under their own names; groups that did not take part in the match are left out.
 */
final class Grok extends Extractor
{
    /** The standard patterns by name. */
    static final Map<String, String> PATTERNS = load();

    private static final int MAX_EXPANSIONS = 1024;
    private static final Pattern REFERENCE =
        Pattern.compile("%\\{(([A-z0-9]+)(?::([A-z0-9_:;/\\s.]+))?)(?:=([^{}]+))?\\}");

    private final Pattern pattern;
    private final int[] groups;
    private final byte[][] names;

    Grok(final Span span, final String rule)
    {
        super(span);
        final Map<String, String> aliases = new HashMap<>();
        final String expanded = expand(rule, aliases);
        final String re = null == expanded ? null : dropDuplicateNames(expanded);
        if (null == re)
        {
            throw new CompileError(span, "Invalid tilde predicate pattern: Failed to compile logstash grok pattern `" +
                rule + "`");
        }
        try
        {
            this.pattern = Pattern.compile(re);
        }
        catch (final PatternSyntaxException ex)
        {
            throw new CompileError(span, "Invalid tilde predicate pattern: Failed to compile logstash grok pattern `" +
                rule + "`");
        }
        final Map<String, String> byCapture = new HashMap<>();
        aliases.forEach((alias, capture) -> byCapture.put(capture, alias));
        final Map<Integer, String> ordered = new TreeMap<>();
        pattern.namedGroups().forEach((capture, index) -> ordered.put(index, byCapture.getOrDefault(capture, capture)));
        final Map<String, Integer> fields = new LinkedHashMap<>();
        ordered.forEach((index, name) -> fields.put(name, index));
        groups = new int[fields.size()];
        names = new byte[fields.size()][];
        int i = 0;
        for (final Map.Entry<String, Integer> f : fields.entrySet())
        {
            groups[i] = f.getValue();
            names[i++] = f.getKey().getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Expands the references of a rule as grok 2.0 does: repeatedly the leftmost {@code %{...}} (which may come from an
     * earlier expansion), replacing every identical reference in turn.
     *
     * @param rule the rule.
     * @param aliases receives alias to generated capture name.
     * @return the regular expression, or null when a pattern is unknown or the expansion does not end.
     */
    static String expand(final String rule, final Map<String, String> aliases)
    {
        final Map<String, String> patterns = new HashMap<>(PATTERNS);
        String re = rule;
        int index = 0;
        for (int iteration = 0; ; iteration++)
        {
            final Matcher m = REFERENCE.matcher(re);
            if (!m.find())
            {
                return re;
            }
            if (iteration >= MAX_EXPANSIONS)
            {
                return null;
            }
            final String raw = m.group(2);
            String name = m.group(1);
            if (null != m.group(4))
            {
                patterns.put(raw, m.group(4));
                name = name + "=" + m.group(4);
            }
            final String definition = patterns.get(raw);
            if (null == definition)
            {
                return null;
            }
            final String reference = "%{" + name + "}";
            final int count = occurrences(re, reference);
            for (int k = 0; k < count; k++)
            {
                final String replacement;
                if (null == m.group(3))
                {
                    replacement = "(?:" + definition + ")";
                }
                else
                {
                    aliases.put(m.group(3), "name" + index);
                    replacement = "(?P<name" + index + ">" + definition + ")";
                }
                final int at = re.indexOf(reference);
                re = re.substring(0, at) + replacement + re.substring(at + reference.length());
                index++;
            }
        }
    }

    /**
     * Oniguruma allows a group name twice and grok then reports the first group of that name; RE2 rejects it, so the
     * later groups of a name lose their name (they still group and capture).
     *
     * @param re the expanded expression.
     * @return the expression with unique group names.
     */
    static String dropDuplicateNames(final String re)
    {
        final StringBuilder out = new StringBuilder(re.length());
        final java.util.Set<String> seen = new java.util.HashSet<>();
        boolean inClass = false;
        for (int i = 0; i < re.length(); i++)
        {
            final char c = re.charAt(i);
            if (c == '\\' && i + 1 < re.length())
            {
                out.append(c).append(re.charAt(++i));
                continue;
            }
            if (inClass)
            {
                inClass = c != ']';
                out.append(c);
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                out.append(c);
                if (i + 1 < re.length() && re.charAt(i + 1) == '^')
                {
                    out.append(re.charAt(++i));
                }
                if (i + 1 < re.length() && re.charAt(i + 1) == ']')
                {
                    out.append(re.charAt(++i));
                }
                continue;
            }
            final int open = re.startsWith("(?P<", i) ? 4 : re.startsWith("(?<", i) && i + 3 < re.length() &&
                re.charAt(i + 3) != '=' && re.charAt(i + 3) != '!' ? 3 : 0;
            final int close = open == 0 ? -1 : re.indexOf('>', i + open);
            if (close > 0 && !seen.add(re.substring(i + open, close)))
            {
                out.append('(');
                i = close;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static int occurrences(final String text, final String part)
    {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length()))
        {
            count++;
        }
        return count;
    }

    private static Map<String, String> load()
    {
        final Map<String, String> patterns = new HashMap<>();
        try (InputStream in = Grok.class.getResourceAsStream("grok.patterns"))
        {
            if (null == in)
            {
                throw new IllegalStateException("grok.patterns is missing from the class path");
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); null != line; line = reader.readLine())
            {
                if (line.isEmpty() || line.startsWith("#"))
                {
                    continue;
                }
                final int space = line.indexOf(' ');
                patterns.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return patterns;
    }

    /**
     * Names of the standard patterns (for tests).
     *
     * @return the names.
     */
    static List<String> patternNames()
    {
        return new ArrayList<>(PATTERNS.keySet());
    }

    @Override
    public boolean test(final Env e, final long h, final long b, final int out)
    {
        if (Values.type(h) != TYPE_STRING)
        {
            return false;
        }
        final byte[] text = text(e, h);
        final Matcher m = pattern.matcher(text);
        if (!m.find())
        {
            return false;
        }
        if (out >= 0)
        {
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
        }
        return true;
    }
}
