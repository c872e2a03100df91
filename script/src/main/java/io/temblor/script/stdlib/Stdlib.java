package io.temblor.script.stdlib;

import io.temblor.script.runtime.Builtin;
import io.temblor.script.runtime.Env;
import io.temblor.script.runtime.Ops;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static io.temblor.script.value.ValueDescriptor.TYPE_ARRAY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BINARY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BOOL;
import static io.temblor.script.value.ValueDescriptor.TYPE_FLOAT;
import static io.temblor.script.value.ValueDescriptor.TYPE_INT;
import static io.temblor.script.value.ValueDescriptor.TYPE_NULL;
import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;
import static io.temblor.script.value.ValueDescriptor.TYPE_UINT;

/**
 * The registry of builtins by Tremor name ({@code module::function}, the target of {@code intrinsic fn ... as}) and the
 * argument helpers the module classes share. Registration happens once in the static initializer; lookups are
 * thread safe.
 */
public final class Stdlib
{
    private static final Map<String, Builtin> REGISTRY = new HashMap<>();

    static
    {
        StdCore.register(REGISTRY);
        StdMore.register(REGISTRY);
        StdExtra.register(REGISTRY);
        StdRe.register(REGISTRY);
    }

    private Stdlib()
    {
    }

    /**
     * The builtin of a Tremor name.
     *
     * @param name e.g. {@code string::format}.
     * @return the builtin or null when not implemented.
     */
    public static Builtin lookup(final String name)
    {
        return REGISTRY.get(name);
    }

    /**
     * A builtin bound to the value of its first argument when that is a literal string known at compile time (the
     * {@code re} functions compile their regex once, here).
     *
     * @param name the Tremor name.
     * @param first the literal first argument.
     * @return the bound builtin, or null when the function has no such form (then {@link #lookup} applies).
     */
    public static Builtin bind(final String name, final String first)
    {
        return name.startsWith("re::") ? StdRe.bind(name, first) : null;
    }

    /**
     * The performance advice Tremor gives for a builtin, if any.
     *
     * @param name the Tremor name.
     * @return the warning text or null.
     */
    public static String warning(final String name)
    {
        return switch (name)
        {
            case "array::push" -> "`array::push(the_array, element)` can be replaced by `the_array + [element]` for better " +
                "performance";
            case "array::concatenate" -> "`array::concatenate(one_array, two_array)` can be replaced by `one_array + " +
                "two_array` for better performance";
            case "record::contains" -> "`record::contains(the_record, the_key)` can be replaced by `present " +
                "the_record[the_key]` for better performance";
            case "record::combine" -> "`record::combine(one_record, two_record)` can be replaced by `merge one_record of " +
                "two_record end` for better performance";
            case "system::nanotime" -> "`nanotime` requires a call to the operating system's time subsystem for each " +
                "invocation, using `ingest_ns` as an alternative where possible is preferable.";
            default -> null;
        };
    }

    /**
     * The number of arguments Tremor's implementation of a builtin takes. It is the count the library declares, except
     * where the two differ in Tremor ({@code win::cardinality} is declared with one argument and takes none).
     *
     * @param name the Tremor name.
     * @param declared the count of the {@code intrinsic fn} declaration.
     * @param open whether the declaration is variadic (then the builtin checks the count itself).
     * @return the count, or -1 when the builtin checks it.
     */
    public static int arity(final String name, final int declared, final boolean open)
    {
        if (open)
        {
            return -1;
        }
        return "win::cardinality".equals(name) ? 0 : declared;
    }

    /**
     * Whether a builtin depends only on its arguments (Tremor folds those on literal arguments at compile time).
     *
     * @param name the Tremor name.
     * @return false for clocks, randomness, the event origin, windows, {@code url} and {@code test} (Tremor's
     *     {@code tremor_fn!} functions, which it never folds).
     */
    public static boolean isPure(final String name)
    {
        return !(name.startsWith("system::") || name.startsWith("random::") || name.startsWith("origin::") ||
            name.startsWith("time::") || name.startsWith("win::") || name.startsWith("url::") || name.startsWith("test::"));
    }

    /**
     * The time zones {@code std::datetime} knows, in the order of chrono-tz's list that numbers them in Tremor.
     *
     * @return the zone names.
     */
    public static java.util.List<String> timezones()
    {
        return StdDatetime.zones();
    }

    /**
     * Names of all implemented builtins.
     *
     * @return the names.
     */
    public static java.util.Set<String> names()
    {
        return java.util.Collections.unmodifiableSet(REGISTRY.keySet());
    }

    static long h(final Env e, final int args, final int i)
    {
        return e.regs[args + 2 * i];
    }

    static long b(final Env e, final int args, final int i)
    {
        return e.regs[args + 2 * i + 1];
    }

    static int type(final Env e, final int args, final int i)
    {
        return Values.type(e.regs[args + 2 * i]);
    }

    static boolean isString(final Env e, final int args, final int i)
    {
        return type(e, args, i) == TYPE_STRING;
    }

    static boolean isInt(final Env e, final int args, final int i)
    {
        final int t = type(e, args, i);
        return t == TYPE_INT || t == TYPE_UINT;
    }

    static boolean isNumber(final Env e, final int args, final int i)
    {
        final int t = type(e, args, i);
        return t == TYPE_INT || t == TYPE_UINT || t == TYPE_FLOAT;
    }

    static String string(final Env e, final long handle)
    {
        final ValueContext ctx = e.ctx;
        final byte[] bytes = new byte[ctx.stringLength(handle)];
        ctx.stringBytes(handle, bytes, 0);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String arg(final Env e, final int args, final int i)
    {
        return string(e, h(e, args, i));
    }

    static void setString(final Env e, final int at, final String s)
    {
        final byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        e.ctx.newString(bytes, 0, bytes.length, e.regs, at);
    }

    static void setInt(final Env e, final int at, final long v)
    {
        e.set(at, Values.INT, v);
    }

    static String typeName(final long h)
    {
        return Ops.typeName(h);
    }

    static boolean isType(final long h, final int type)
    {
        return Values.type(h) == type;
    }

    static int[] types()
    {
        return new int[] {TYPE_NULL, TYPE_BOOL, TYPE_INT, TYPE_UINT, TYPE_FLOAT, TYPE_STRING, TYPE_BINARY, TYPE_ARRAY,
            TYPE_RECORD};
    }
}
