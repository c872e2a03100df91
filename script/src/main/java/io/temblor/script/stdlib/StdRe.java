package io.temblor.script.stdlib;

import io.temblor.script.regex.Regex;
import io.temblor.script.regex.RegexSyntaxException;
import io.temblor.script.runtime.Builtin;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.ValueContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.temblor.script.stdlib.Stdlib.h;
import static io.temblor.script.stdlib.Stdlib.isString;

/**
 * {@code std::re}: {@code replace}, {@code replace_all}, {@code is_match} and {@code split} with Rust regex syntax and
 * semantics, matched in linear time by RE2/J ({@link Regex}). A regex given as a literal is compiled once, when the
 * script is compiled ({@link #bind}); an invalid literal then fails each call at run time, as in Tremor, unless all
 * arguments are literals and the call is folded into a compile error. Regexes computed at run time are compiled on
 * first use and kept in a small shared cache. The texts are copied out of the value store as UTF-8 bytes.
 */
final class StdRe
{
    /** Entries of the cache of regexes computed at run time before it is emptied. */
    static final int CACHE_CAPACITY = 256;

    private static final Map<String, Regex> CACHE = new ConcurrentHashMap<>();

    private static final int REPLACE = 0;
    private static final int REPLACE_ALL = 1;
    private static final int IS_MATCH = 2;
    private static final int SPLIT = 3;

    private StdRe()
    {
    }

    static void register(final Map<String, Builtin> r)
    {
        r.put("re::replace", (e, a, n, at) -> dynamic(e, a, at, REPLACE));
        r.put("re::replace_all", (e, a, n, at) -> dynamic(e, a, at, REPLACE_ALL));
        r.put("re::is_match", (e, a, n, at) -> dynamic(e, a, at, IS_MATCH));
        r.put("re::split", (e, a, n, at) -> dynamic(e, a, at, SPLIT));
    }

    /**
     * The builtin bound to a regex known at compile time.
     *
     * @param name the Tremor name.
     * @param regex the literal first argument.
     * @return the bound builtin, or null when the name is not a {@code re} function or the regex does not compile.
     */
    static Builtin bind(final String name, final String regex)
    {
        final int op = switch (name)
        {
            case "re::replace" -> REPLACE;
            case "re::replace_all" -> REPLACE_ALL;
            case "re::is_match" -> IS_MATCH;
            case "re::split" -> SPLIT;
            default -> -1;
        };
        if (op < 0)
        {
            return null;
        }
        final Regex compiled;
        try
        {
            compiled = Regex.compile(regex);
        }
        catch (final RegexSyntaxException ex)
        {
            return null;
        }
        return (e, a, n, at) -> isString(e, a, 0) ? run(e, a, at, op, compiled) : Builtin.BAD_TYPE;
    }

    private static int dynamic(final Env e, final int a, final int at, final int op)
    {
        if (!isString(e, a, 0))
        {
            return Builtin.BAD_TYPE;
        }
        final String source = Stdlib.arg(e, a, 0);
        Regex regex = CACHE.get(source);
        if (null == regex)
        {
            try
            {
                regex = Regex.compile(source);
            }
            catch (final RegexSyntaxException ex)
            {
                return e.fail(ex.getMessage());
            }
            if (CACHE.size() >= CACHE_CAPACITY)
            {
                CACHE.clear();
            }
            CACHE.put(source, regex);
        }
        return run(e, a, at, op, regex);
    }

    private static int run(final Env e, final int a, final int at, final int op, final Regex regex)
    {
        if (!isString(e, a, 1) || ((op == REPLACE || op == REPLACE_ALL) && !isString(e, a, 2)))
        {
            return Builtin.BAD_TYPE;
        }
        final byte[] input = bytes(e.ctx, h(e, a, 1));
        switch (op)
        {
            case IS_MATCH -> e.setBool(at, regex.isMatch(input));
            case SPLIT ->
            {
                final int[] pieces = regex.split(input);
                e.ctx.newArray(pieces.length / 2, e.regs, at);
                final int t = e.scratch(2);
                for (int i = 0; i < pieces.length; i += 2)
                {
                    e.ctx.newString(input, pieces[i], pieces[i + 1] - pieces[i], e.tmp, t);
                    e.ctx.push(e.regs[at], e.tmp[t], e.tmp[t + 1], e.regs, at);
                }
                e.release(t);
            }
            default ->
            {
                final byte[] out = regex.replace(input, bytes(e.ctx, h(e, a, 2)), op == REPLACE_ALL);
                e.ctx.newString(out, 0, out.length, e.regs, at);
            }
        }
        return Builtin.OK;
    }

    private static byte[] bytes(final ValueContext ctx, final long handle)
    {
        final byte[] bytes = new byte[ctx.stringLength(handle)];
        ctx.stringBytes(handle, bytes, 0);
        return bytes;
    }
}
