package io.temblor.script.compile;

import io.temblor.script.stdlib.Stdlib;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tremor's {@code std} and {@code tremor} modules, built into the compiler so that {@code use std::string;} works
 * without Tremor's library folder. A bundled module is the source text of its {@code .tremor} resource under
 * {@code io/temblor/script/lib/} (Temblor's own declarations: constants, functions written in tremor-script, the
 * {@code use} lines of {@code std} and {@code tremor}) plus what the compiler declares itself: an
 * {@code intrinsic fn} for every builtin of the module (the {@link #INTRINSICS} table, Tremor's signatures) and, for
 * {@code std::datetime::timezones}, a constant per time zone of chrono-tz's list (Tremor's numbering). The module
 * path is searched first, so a folder on it may replace a bundled module (a file with the same name) or add modules
 * under {@code std/} or {@code tremor/}, as Tremor's module path allows. Compile time only; thread safe.
 */
final class BundledModules
{
    /** The pseudo folder bundled modules are reported in (messages about cyclic {@code use}). */
    static final Path ORIGIN = Path.of("<bundled>");

    /**
     * The builtins of each bundled module with their arity as Tremor declares them: {@code name/n}, or {@code name/n+}
     * for n fixed arguments followed by any number more. The builtin of {@code f} in {@code std::x} is {@code x::f}.
     * All have an implementation ({@link #UNIMPLEMENTED} is empty); one without would be a compile error that says so.
     */
    static final String[][] INTRINSICS = {
        {"std::array", "coalesce/1", "concatenate/2", "contains/2", "flatten/1", "is_empty/1", "join/2", "len/1", "push/2",
            "reverse/1", "sort/1", "unzip/1", "zip/2"},
        {"std::base64", "decode/1", "encode/1"},
        {"std::binary", "from_bytes/1", "into_bytes/1", "len/1"},
        {"std::datetime", "day_of_month/1", "day_of_year/1", "format/2", "hour/1", "iso_week/1", "minute/1", "month/1",
            "parse/2", "rfc2822/1", "rfc3339/1", "second/1", "subsecond_micros/1", "subsecond_millis/1",
            "subsecond_nanos/1", "with_timezone/2", "year/1"},
        {"std::float", "is_finite/1", "is_infinite/1", "is_nan/1", "parse/1"},
        {"std::integer", "parse/1"},
        {"std::json", "decode/1", "encode/1", "encode_pretty/1"},
        {"std::math", "ceil/1", "floor/1", "max/2", "min/2", "round/1", "trunc/1"},
        {"std::path", "try_default/3"},
        {"std::random", "bool/0", "float/0+", "integer/0+", "string/1"},
        {"std::range", "range/2"},
        {"std::re", "is_match/2", "replace/3", "replace_all/3", "split/2"},
        {"std::record", "combine/2", "contains/2", "extract/2", "from_array/1", "is_empty/1", "keys/1", "len/1",
            "rename/2", "to_array/1", "values/1"},
        {"std::string", "bytes/1", "capitalize/1", "contains/2", "format/1+", "from_utf8_lossy/1", "into_binary/1",
            "is_empty/1", "len/1", "lowercase/1", "replace/3", "reverse/1", "split/2", "substr/3", "trim/1", "trim_end/1",
            "trim_start/1", "uppercase/1"},
        {"std::test", "assert/3"},
        {"std::type", "as_string/1", "is_array/1", "is_binary/1", "is_bool/1", "is_float/1", "is_integer/1", "is_null/1",
            "is_number/1", "is_record/1", "is_string/1"},
        {"std::url", "decode/1", "encode/1"},
        {"std::win", "cardinality/1"},
        {"tremor::chash", "jump/2", "jump_with_keys/4", "sorted_serialize/1"},
        {"tremor::origin", "as_uri_record/0", "as_uri_string/0", "host/0", "path/0", "port/0", "scheme/0"},
        {"tremor::system", "hostname/0", "ingest_ns/0", "instance/0", "nanotime/0", "version/0"},
    };

    /** Declared builtins without an implementation yet. */
    static final List<String> UNIMPLEMENTED = List.of();

    private static final String TIMEZONES = "std::datetime::timezones";
    private static final String RESOURCES = "/io/temblor/script/lib/";
    private static final Map<String, String[]> BY_MODULE = new HashMap<>();

    static
    {
        for (final String[] module : INTRINSICS)
        {
            BY_MODULE.put(module[0], module);
        }
    }

    private BundledModules()
    {
    }

    /**
     * The source of a bundled module.
     *
     * @param path the module path ({@code std}, {@code string}).
     * @return the source text, or null when no such module is bundled.
     */
    static String source(final List<String> path)
    {
        final String name = String.join("::", path);
        final String resource = resource(RESOURCES + String.join("/", path) + ".tremor");
        final String[] intrinsics = BY_MODULE.get(name);
        if (null == resource && null == intrinsics && !TIMEZONES.equals(name))
        {
            return null;
        }
        final StringBuilder source = new StringBuilder(null == resource ? "" : resource).append('\n');
        if (null != intrinsics)
        {
            final String module = path.get(path.size() - 1);
            for (int i = 1; i < intrinsics.length; i++)
            {
                source.append(intrinsic(module, intrinsics[i])).append('\n');
            }
        }
        if (TIMEZONES.equals(name))
        {
            final List<String> zones = timezones();
            for (int i = 0; i < zones.size(); i++)
            {
                source.append("const ").append(constantName(zones.get(i))).append(" = ").append(i).append(";\n");
            }
        }
        return source.toString();
    }

    /**
     * Where a bundled module is reported to come from.
     *
     * @param path the module path.
     * @return a pseudo file under {@link #ORIGIN}.
     */
    static Path file(final List<String> path)
    {
        return ORIGIN.resolve(String.join("/", path) + ".tremor");
    }

    private static String intrinsic(final String module, final String signature)
    {
        final int slash = signature.indexOf('/');
        final String fn = signature.substring(0, slash);
        final boolean open = signature.endsWith("+");
        final int fixed = Integer.parseInt(signature.substring(slash + 1, open ? signature.length() - 1 :
            signature.length()));
        final StringBuilder decl = new StringBuilder("intrinsic fn ").append(fn).append('(');
        for (int a = 1; a <= fixed; a++)
        {
            decl.append(a > 1 ? ", " : "").append("arg").append(a);
        }
        if (open)
        {
            decl.append(fixed > 0 ? ", " : "").append("...");
        }
        return decl.append(") as ").append(module).append("::").append(fn).append(';').toString();
    }

    /**
     * The time zones of {@code std::datetime::timezones}, in the order that numbers them: chrono-tz's zone list, as
     * Tremor numbers them, so a number means the same zone to {@code datetime::with_timezone} as in Tremor.
     *
     * @return the zone names.
     */
    static List<String> timezones()
    {
        return Stdlib.timezones();
    }

    /**
     * The constant of a zone: upper case, {@code /} and {@code -} as {@code _}, {@code +} as {@code _PLUS_} and a
     * {@code -} before a digit as {@code _MINUS_} ({@code Etc/GMT-1} is {@code ETC_GMT_MINUS_1}).
     *
     * @param zone the zone name.
     * @return the constant name.
     */
    static String constantName(final String zone)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < zone.length(); i++)
        {
            final char c = zone.charAt(i);
            if (c == '+')
            {
                out.append("_PLUS_");
            }
            else if (c == '-' && i + 1 < zone.length() && Character.isDigit(zone.charAt(i + 1)))
            {
                out.append("_MINUS_");
            }
            else if (c == '/' || c == '-')
            {
                out.append('_');
            }
            else
            {
                out.append(Character.toUpperCase(c));
            }
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }

    private static String resource(final String name)
    {
        try (InputStream in = BundledModules.class.getResourceAsStream(name))
        {
            return null == in ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
