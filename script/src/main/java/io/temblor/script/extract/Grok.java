package io.temblor.script.extract;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Span;
import io.temblor.script.runtime.Env;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code grok|%{PATTERN:field} ...|}: expands grok references from a built-in subset of the standard pattern set into
 * one regular expression and extracts the named fields as strings. The subset covers the common log building blocks
 * (numbers, words, IPs, hosts, URIs, paths, quoted strings, log levels); a missing pattern is a compile error.
 */
final class Grok extends Extractor
{
    private static final Map<String, String> PATTERNS = new HashMap<>();
    private static final Pattern REFERENCE = Pattern.compile("%\\{(\\w+)(?::([\\w.@\\-\\[\\]]+))?(?::\\w+)?}");

    static
    {
        def("USERNAME", "[a-zA-Z0-9._-]+");
        def("USER", "%{USERNAME}");
        def("INT", "(?:[+-]?(?:[0-9]+))");
        def("BASE10NUM", "(?<![0-9.+-])(?>[+-]?(?:(?:[0-9]+(?:\\.[0-9]+)?)|(?:\\.[0-9]+)))");
        def("NUMBER", "(?:%{BASE10NUM})");
        def("BASE16NUM", "(?<![0-9A-Fa-f])(?:[+-]?(?:0x)?(?:[0-9A-Fa-f]+))");
        def("POSINT", "\\b(?:[1-9][0-9]*)\\b");
        def("NONNEGINT", "\\b(?:[0-9]+)\\b");
        def("WORD", "\\b\\w+\\b");
        def("NOTSPACE", "\\S+");
        def("SPACE", "\\s*");
        def("DATA", ".*?");
        def("GREEDYDATA", ".*");
        def("QUOTEDSTRING", "(?>(?<!\\\\)(?>\"(?>\\\\.|[^\\\\\"]+)+\"|\"\"|(?>'(?>\\\\.|[^\\\\']+)+')|''))");
        def("QS", "%{QUOTEDSTRING}");
        def("IPV4", "(?<![0-9])(?:(?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])[.](?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])[.]" +
            "(?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])[.](?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]))(?![0-9])");
        def("IPV6", "(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}");
        def("IP", "(?:%{IPV6}|%{IPV4})");
        def("HOSTNAME", "\\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(?:\\.?|\\b)");
        def("HOST", "%{HOSTNAME}");
        def("IPORHOST", "(?:%{IP}|%{HOSTNAME})");
        def("HOSTPORT", "%{IPORHOST}:%{POSINT}");
        def("PATH", "(?:%{UNIXPATH}|%{WINPATH})");
        def("UNIXPATH", "(?>/(?>[\\w_%!$@:.,~-]+|\\\\.)*)+");
        def("WINPATH", "(?>[A-Za-z]+:|\\\\)(?:\\\\[^\\\\?*]*)+");
        def("URIPROTO", "[A-Za-z]+(?:\\+[A-Za-z+]+)?");
        def("URIHOST", "%{IPORHOST}(?::%{POSINT})?");
        def("URIPATH", "(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%_\\-]*)+");
        def("URIPARAM", "\\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\\-\\[\\]<>]*");
        def("URIPATHPARAM", "%{URIPATH}(?:%{URIPARAM})?");
        def("URI", "%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?");
        def("MONTHDAY", "(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])");
        def("MONTHNUM", "(?:0?[1-9]|1[0-2])");
        def("YEAR", "(?>\\d\\d){1,2}");
        def("HOUR", "(?:2[0123]|[01]?[0-9])");
        def("MINUTE", "(?:[0-5][0-9])");
        def("SECOND", "(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)");
        def("TIME", "(?!<[0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])");
        def("LOGLEVEL", "(?:[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo|INFO|[Ww]arn?(?:ing)?|" +
            "WARN?(?:ING)?|[Ee]rr?(?:or)?|ERR?(?:OR)?|[Cc]rit?(?:ical)?|CRIT?(?:ICAL)?|[Ff]atal|FATAL|[Ss]evere|SEVERE|" +
            "EMERG(?:ENCY)?|[Ee]merg(?:ency)?)");
    }

    private final Pattern pattern;
    private final List<String> fields = new ArrayList<>();

    Grok(final Span span, final String rule)
    {
        super(span);
        final String re = expand(rule.strip(), span, 0);
        try
        {
            this.pattern = Pattern.compile(re);
        }
        catch (final PatternSyntaxException ex)
        {
            throw new CompileError(span, "Invalid tilde predicate pattern: " + ex.getDescription());
        }
    }

    private static void def(final String name, final String re)
    {
        PATTERNS.put(name, re);
    }

    private String expand(final String rule, final Span span, final int depth)
    {
        if (depth > 20)
        {
            throw new CompileError(span, "Invalid tilde predicate pattern: grok patterns nest too deeply");
        }
        final Matcher m = REFERENCE.matcher(rule);
        final StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find())
        {
            out.append(rule, last, m.start());
            final String definition = PATTERNS.get(m.group(1));
            if (null == definition)
            {
                throw new CompileError(span, "Invalid tilde predicate pattern: grok pattern " + m.group(1) + " is not known");
            }
            final String inner = expand(definition, span, depth + 1);
            if (null != m.group(2) && depth == 0)
            {
                out.append("(?<g").append(fields.size()).append('>').append(inner).append(')');
                fields.add(m.group(2));
            }
            else
            {
                out.append("(?:").append(inner).append(')');
            }
            last = m.end();
        }
        out.append(rule.substring(last));
        return out.toString();
    }

    @Override
    protected boolean extract(final Env e, final String s, final int out)
    {
        final Matcher m = pattern.matcher(s);
        if (!m.find())
        {
            return false;
        }
        if (out >= 0)
        {
            e.ctx.newRecord(Math.max(1, fields.size()), e.regs, out);
            final long[] t = new long[4];
            for (int i = 0; i < fields.size(); i++)
            {
                final String v = m.group("g" + i);
                if (null != v)
                {
                    e.ctx.newString(fields.get(i), t, 0);
                    e.ctx.newString(v, t, 2);
                    e.ctx.put(e.regs[out], t[0], t[2], 0, e.regs, out);
                }
            }
        }
        return true;
    }
}
