package io.temblor.script.stdlib;

import io.temblor.offheap.ByteSink;
import io.temblor.script.runtime.Builtin;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToLongFunction;

import static io.temblor.script.stdlib.Stdlib.arg;
import static io.temblor.script.stdlib.Stdlib.b;
import static io.temblor.script.stdlib.Stdlib.h;
import static io.temblor.script.stdlib.Stdlib.isInt;
import static io.temblor.script.stdlib.Stdlib.isNumber;
import static io.temblor.script.stdlib.Stdlib.isString;
import static io.temblor.script.stdlib.Stdlib.setString;
import static io.temblor.script.stdlib.Stdlib.type;
import static io.temblor.script.value.ValueDescriptor.TYPE_ARRAY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BINARY;
import static io.temblor.script.value.ValueDescriptor.TYPE_FLOAT;
import static io.temblor.script.value.ValueDescriptor.TYPE_NULL;
import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;

/**
 * Further modules: {@code std::array} (zip, unzip, flatten, coalesce), {@code std::record} (combine, extract, rename),
 * {@code std::base64}, {@code std::json} (encode), {@code std::float}, {@code std::random}, {@code std::url},
 * {@code std::datetime} (UTC calendar fields, format, parse), {@code std::test}, {@code tremor::system} (more).
 * They build Java objects and allocate on the heap.
 */
final class StdExtra
{
    private StdExtra()
    {
    }

    static void register(final Map<String, Builtin> r)
    {
        r.put("array::coalesce", (e, a, n, at) -> arrayOp(e, a, at, 0));
        r.put("array::flatten", (e, a, n, at) ->
        {
            e.ctx.newArray(4, e.regs, at);
            flatten(e, h(e, a, 0), b(e, a, 0), at);
            return Builtin.OK;
        });
        r.put("array::zip", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_ARRAY || type(e, a, 1) != TYPE_ARRAY)
            {
                return Builtin.BAD_TYPE;
            }
            final ValueContext ctx = e.ctx;
            final int nl = ctx.length(h(e, a, 0));
            final int nr = ctx.length(h(e, a, 1));
            if (nl != nr)
            {
                return e.fail("Zipping two arrays requires them to have the same length, but the first array provided has " +
                    nl + " elements while the second one has " + nr + " elements");
            }
            ctx.newArray(Math.max(1, nl), e.regs, at);
            final long[] t = new long[6];
            for (int i = 0; i < nl; i++)
            {
                ctx.element(h(e, a, 0), i, t, 0);
                ctx.element(h(e, a, 1), i, t, 2);
                ctx.newArray(2, t, 4);
                ctx.push(t[4], t[0], t[1], t, 4);
                ctx.push(t[4], t[2], t[3], t, 4);
                ctx.push(e.regs[at], t[4], 0, e.regs, at);
            }
            return Builtin.OK;
        });
        r.put("array::unzip", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_ARRAY)
            {
                return Builtin.BAD_TYPE;
            }
            final ValueContext ctx = e.ctx;
            final long arr = h(e, a, 0);
            final int len = ctx.length(arr);
            final long[] t = new long[10];
            ctx.newArray(Math.max(1, len), t, 0);
            ctx.newArray(Math.max(1, len), t, 2);
            for (int i = 0; i < len; i++)
            {
                ctx.element(arr, i, t, 4);
                if (Values.type(t[4]) != TYPE_ARRAY || ctx.length(t[4]) != 2)
                {
                    return e.fail("Only arrays that consist of tuples (arrays of two elements) can be unzipped");
                }
                ctx.element(t[4], 0, t, 6);
                ctx.element(t[4], 1, t, 8);
                ctx.push(t[0], t[6], t[7], t, 0);
                ctx.push(t[2], t[8], t[9], t, 2);
            }
            ctx.newArray(2, e.regs, at);
            ctx.push(e.regs[at], t[0], 0, e.regs, at);
            ctx.push(e.regs[at], t[2], 0, e.regs, at);
            return Builtin.OK;
        });
        r.put("record::combine", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_RECORD || type(e, a, 1) != TYPE_RECORD)
            {
                return Builtin.BAD_TYPE;
            }
            io.temblor.script.runtime.Ops.binary(e, io.temblor.script.ast.BinOp.ADD, h(e, a, 0), 0, h(e, a, 1), 0, at, null);
            return Builtin.OK;
        });
        r.put("record::extract", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_RECORD || type(e, a, 1) != TYPE_ARRAY)
            {
                return Builtin.BAD_TYPE;
            }
            final ValueContext ctx = e.ctx;
            final long keys = h(e, a, 1);
            ctx.newRecord(4, e.regs, at);
            final long[] t = new long[4];
            for (int p = ctx.first(keys); p >= 0; p = ctx.next(keys, p))
            {
                ctx.entryValue(keys, p, t, 0);
                if (Values.type(t[0]) == TYPE_STRING && ctx.get(h(e, a, 0), t[0], t, 2))
                {
                    ctx.put(e.regs[at], t[0], t[2], t[3], e.regs, at);
                }
            }
            return Builtin.OK;
        });
        r.put("record::rename", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_RECORD || type(e, a, 1) != TYPE_RECORD)
            {
                return Builtin.BAD_TYPE;
            }
            final ValueContext ctx = e.ctx;
            final long rec = h(e, a, 0);
            ctx.newRecord(Math.max(1, ctx.length(rec)), e.regs, at);
            final long[] t = new long[6];
            for (int p = ctx.first(rec); p >= 0; p = ctx.next(rec, p))
            {
                ctx.entryKey(rec, p, t, 0);
                ctx.entryValue(rec, p, t, 2);
                long key = t[0];
                if (ctx.get(h(e, a, 1), key, t, 4) && Values.type(t[4]) == TYPE_STRING)
                {
                    key = t[4];
                }
                ctx.put(e.regs[at], key, t[2], t[3], e.regs, at);
            }
            return Builtin.OK;
        });
        r.put("base64::encode", (e, a, n, at) ->
        {
            final int t = type(e, a, 0);
            if (t != TYPE_STRING && t != TYPE_BINARY)
            {
                return Builtin.BAD_TYPE;
            }
            setString(e, at, Base64.getEncoder().encodeToString(bytes(e, h(e, a, 0))));
            return Builtin.OK;
        });
        r.put("base64::decode", (e, a, n, at) ->
        {
            if (!isString(e, a, 0))
            {
                return Builtin.BAD_TYPE;
            }
            try
            {
                final byte[] decoded = Base64.getDecoder().decode(arg(e, a, 0));
                e.ctx.newBinary(decoded, 0, decoded.length, e.regs, at);
                return Builtin.OK;
            }
            catch (final IllegalArgumentException ex)
            {
                return e.fail(ex.getMessage());
            }
        });
        r.put("binary::from_bytes", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_ARRAY)
            {
                return Builtin.BAD_TYPE;
            }
            final ValueContext ctx = e.ctx;
            final long arr = h(e, a, 0);
            final byte[] out = new byte[ctx.length(arr)];
            final long[] t = new long[2];
            for (int i = 0; i < out.length; i++)
            {
                ctx.element(arr, i, t, 0);
                if (!Values.isNumber(t[0]) || Values.type(t[0]) == TYPE_FLOAT || t[1] < 0 || t[1] > 255)
                {
                    return e.fail("Expected an array of bytes");
                }
                out[i] = (byte)t[1];
            }
            ctx.newBinary(out, 0, out.length, e.regs, at);
            return Builtin.OK;
        });
        r.put("string::into_binary", (e, a, n, at) ->
        {
            if (!isString(e, a, 0))
            {
                return Builtin.BAD_TYPE;
            }
            final byte[] bytes = bytes(e, h(e, a, 0));
            e.ctx.newBinary(bytes, 0, bytes.length, e.regs, at);
            return Builtin.OK;
        });
        r.put("string::reverse", (e, a, n, at) ->
        {
            if (!isString(e, a, 0))
            {
                return Builtin.BAD_TYPE;
            }
            setString(e, at, new StringBuilder(arg(e, a, 0)).reverse().toString());
            return Builtin.OK;
        });
        r.put("json::encode", (e, a, n, at) -> encode(e, a, at));
        r.put("json::encode_pretty", (e, a, n, at) -> encode(e, a, at));
        r.put("chash::sorted_serialize", (e, a, n, at) ->
        {
            final StringBuilder s = new StringBuilder();
            sorted(e, h(e, a, 0), b(e, a, 0), s);
            setString(e, at, s.toString());
            return Builtin.OK;
        });
        r.put("float::is_nan", (e, a, n, at) -> floatTest(e, a, at, 0));
        r.put("float::is_infinite", (e, a, n, at) -> floatTest(e, a, at, 1));
        r.put("float::is_finite", (e, a, n, at) -> floatTest(e, a, at, 2));
        r.put("url::encode", (e, a, n, at) ->
        {
            if (!isString(e, a, 0))
            {
                return Builtin.BAD_TYPE;
            }
            setString(e, at, URLEncoder.encode(arg(e, a, 0), StandardCharsets.UTF_8).replace("+", "%20"));
            return Builtin.OK;
        });
        r.put("url::decode", (e, a, n, at) ->
        {
            if (!isString(e, a, 0))
            {
                return Builtin.BAD_TYPE;
            }
            try
            {
                setString(e, at, URLDecoder.decode(arg(e, a, 0).replace("+", "%2B"), StandardCharsets.UTF_8));
                return Builtin.OK;
            }
            catch (final IllegalArgumentException ex)
            {
                return e.fail(ex.getMessage());
            }
        });
        random(r);
        ids(r);
        system(r);
        datetime(r);
        r.put("test::assert", (e, a, n, at) ->
        {
            if (e.ctx.equal(h(e, a, 1), b(e, a, 1), h(e, a, 2), b(e, a, 2)))
            {
                e.setBool(at, true);
                return Builtin.OK;
            }
            e.ctx.newArray(2, e.regs, at);
            e.ctx.push(e.regs[at], h(e, a, 1), b(e, a, 1), e.regs, at);
            e.ctx.push(e.regs[at], h(e, a, 2), b(e, a, 2), e.regs, at);
            return Builtin.OK;
        });
    }

    private static void random(final Map<String, Builtin> r)
    {
        r.put("random::bool", (e, a, n, at) ->
        {
            e.setBool(at, ThreadLocalRandom.current().nextBoolean());
            return Builtin.OK;
        });
        r.put("random::float", (e, a, n, at) ->
        {
            final ThreadLocalRandom rnd = ThreadLocalRandom.current();
            final double v;
            if (n == 0)
            {
                v = rnd.nextDouble();
            }
            else if (!isNumber(e, a, 0) || (n == 2 && !isNumber(e, a, 1)))
            {
                return Builtin.BAD_TYPE;
            }
            else
            {
                final double lo = n == 2 ? Values.toDouble(h(e, a, 0), b(e, a, 0)) : 0;
                final double hi = Values.toDouble(h(e, a, n - 1), b(e, a, n - 1));
                if (!(hi > lo))
                {
                    return e.fail("Invalid range: the upper bound must be greater than the lower bound");
                }
                v = rnd.nextDouble(lo, hi);
            }
            e.set(at, Values.FLOAT, Double.doubleToRawLongBits(v));
            return Builtin.OK;
        });
        r.put("random::integer", (e, a, n, at) ->
        {
            final ThreadLocalRandom rnd = ThreadLocalRandom.current();
            if (n == 0)
            {
                e.set(at, Values.INT, rnd.nextLong() & Long.MAX_VALUE);
                return Builtin.OK;
            }
            if (!isInt(e, a, 0) || (n == 2 && !isInt(e, a, 1)))
            {
                return Builtin.BAD_TYPE;
            }
            final long lo = n == 2 ? b(e, a, 0) : 0;
            final long hi = b(e, a, n - 1);
            if (hi <= lo)
            {
                return e.fail("Invalid range: the upper bound must be greater than the lower bound");
            }
            e.set(at, Values.INT, rnd.nextLong(lo, hi));
            return Builtin.OK;
        });
        r.put("random::string", (e, a, n, at) ->
        {
            if (!isInt(e, a, 0) || b(e, a, 0) < 0)
            {
                return Builtin.BAD_TYPE;
            }
            final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            final StringBuilder s = new StringBuilder();
            for (long i = 0; i < b(e, a, 0); i++)
            {
                s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
            }
            setString(e, at, s.toString());
            return Builtin.OK;
        });
    }

    private static void ids(final Map<String, Builtin> r)
    {
        for (final String module : new String[] {"cncf_otel", "google_logging"})
        {
            r.put(module + "::gen_span_id_string", (e, a, n, at) -> id(e, at, 8, 0));
            r.put(module + "::gen_trace_id_string", (e, a, n, at) -> id(e, at, 16, 0));
        }
        r.put("cncf_otel::gen_span_id_bytes", (e, a, n, at) -> id(e, at, 8, 1));
        r.put("cncf_otel::gen_trace_id_bytes", (e, a, n, at) -> id(e, at, 16, 1));
        r.put("cncf_otel::gen_span_id_array", (e, a, n, at) -> id(e, at, 8, 2));
        r.put("cncf_otel::gen_trace_id_array", (e, a, n, at) -> id(e, at, 16, 2));
    }

    /** A random non-zero id of {@code bytes} bytes as lower-case hex (0), binary (1) or an array of byte values (2). */
    private static int id(final Env e, final int at, final int bytes, final int form)
    {
        final byte[] id = new byte[bytes];
        do
        {
            ThreadLocalRandom.current().nextBytes(id);
        }
        while (java.util.Arrays.equals(id, new byte[bytes]));
        switch (form)
        {
            case 0 -> setString(e, at, java.util.HexFormat.of().formatHex(id));
            case 1 -> e.ctx.newBinary(id, 0, id.length, e.regs, at);
            default ->
            {
                e.ctx.newArray(bytes, e.regs, at);
                for (final byte b : id)
                {
                    e.ctx.push(e.regs[at], Values.INT, b & 0xFF, e.regs, at);
                }
            }
        }
        return Builtin.OK;
    }

    private static void system(final Map<String, Builtin> r)
    {
        r.put("system::hostname", (e, a, n, at) ->
        {
            String host;
            try
            {
                host = java.net.InetAddress.getLocalHost().getHostName();
            }
            catch (final java.net.UnknownHostException ex)
            {
                host = "localhost";
            }
            setString(e, at, host);
            return Builtin.OK;
        });
        r.put("system::ingest_ns", (e, a, n, at) ->
        {
            e.set(at, Values.INT, System.currentTimeMillis() * 1_000_000L);
            return Builtin.OK;
        });
        r.put("system::instance", (e, a, n, at) ->
        {
            setString(e, at, "temblor");
            return Builtin.OK;
        });
        r.put("system::version", (e, a, n, at) ->
        {
            setString(e, at, "0.1.0");
            return Builtin.OK;
        });
    }

    private static void datetime(final Map<String, Builtin> r)
    {
        field(r, "datetime::year", d -> d.getYear());
        field(r, "datetime::month", d -> d.getMonthValue());
        field(r, "datetime::day_of_month", d -> d.getDayOfMonth());
        field(r, "datetime::day_of_year", d -> d.getDayOfYear());
        field(r, "datetime::hour", d -> d.getHour());
        field(r, "datetime::minute", d -> d.getMinute());
        field(r, "datetime::second", d -> d.getSecond());
        field(r, "datetime::iso_week", d -> d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        field(r, "datetime::subsecond_millis", d -> d.getNano() / 1_000_000);
        field(r, "datetime::subsecond_micros", d -> d.getNano() / 1_000);
        field(r, "datetime::subsecond_nanos", d -> d.getNano());
        r.put("datetime::rfc3339", (e, a, n, at) -> formatWith(e, a, at, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        r.put("datetime::rfc2822", (e, a, n, at) -> formatWith(e, a, at, DateTimeFormatter.RFC_1123_DATE_TIME));
        r.put("datetime::format", (e, a, n, at) ->
        {
            if (!isInt(e, a, 0) || !isString(e, a, 1))
            {
                return Builtin.BAD_TYPE;
            }
            try
            {
                return formatWith(e, a, at, io.temblor.script.extract.Extractor.strftime(arg(e, a, 1)));
            }
            catch (final IllegalArgumentException ex)
            {
                return e.fail(ex.getMessage());
            }
        });
        r.put("datetime::parse", (e, a, n, at) ->
        {
            if (!isString(e, a, 0) || !isString(e, a, 1))
            {
                return Builtin.BAD_TYPE;
            }
            final long[] nanos = new long[1];
            try
            {
                if (!io.temblor.script.extract.Extractor.parseDatetime(arg(e, a, 0), arg(e, a, 1), nanos))
                {
                    return e.fail("Datetime Parse Error");
                }
            }
            catch (final IllegalArgumentException ex)
            {
                return e.fail(ex.getMessage());
            }
            e.set(at, Values.INT, nanos[0]);
            return Builtin.OK;
        });
    }

    private static ZonedDateTime utc(final long nanos)
    {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
            .atZone(ZoneOffset.UTC);
    }

    private static void field(final Map<String, Builtin> r, final String name, final ToLongFunction<ZonedDateTime> f)
    {
        r.put(name, (e, a, n, at) ->
        {
            if (!isInt(e, a, 0))
            {
                return Builtin.BAD_TYPE;
            }
            e.set(at, Values.INT, f.applyAsLong(utc(b(e, a, 0))));
            return Builtin.OK;
        });
    }

    private static int formatWith(final Env e, final int a, final int at, final DateTimeFormatter formatter)
    {
        if (!isInt(e, a, 0))
        {
            return Builtin.BAD_TYPE;
        }
        setString(e, at, formatter.format(utc(b(e, a, 0))));
        return Builtin.OK;
    }

    private static int floatTest(final Env e, final int a, final int at, final int what)
    {
        if (!isNumber(e, a, 0))
        {
            return Builtin.BAD_TYPE;
        }
        final double d = Values.toDouble(h(e, a, 0), b(e, a, 0));
        e.setBool(at, what == 0 ? Double.isNaN(d) : what == 1 ? Double.isInfinite(d) : Double.isFinite(d));
        return Builtin.OK;
    }

    private static int arrayOp(final Env e, final int a, final int at, final int what)
    {
        if (type(e, a, 0) != TYPE_ARRAY)
        {
            return Builtin.BAD_TYPE;
        }
        final ValueContext ctx = e.ctx;
        final long arr = h(e, a, 0);
        ctx.newArray(Math.max(1, ctx.length(arr)), e.regs, at);
        final long[] t = new long[2];
        for (int p = ctx.first(arr); p >= 0; p = ctx.next(arr, p))
        {
            ctx.entryValue(arr, p, t, 0);
            if (Values.type(t[0]) != TYPE_NULL)
            {
                ctx.push(e.regs[at], t[0], t[1], e.regs, at);
            }
        }
        return Builtin.OK;
    }

    private static void flatten(final Env e, final long h, final long b, final int at)
    {
        final ValueContext ctx = e.ctx;
        if (Values.type(h) != TYPE_ARRAY)
        {
            ctx.push(e.regs[at], h, b, e.regs, at);
            return;
        }
        final long[] t = new long[2];
        for (int p = ctx.first(h); p >= 0; p = ctx.next(h, p))
        {
            ctx.entryValue(h, p, t, 0);
            flatten(e, t[0], t[1], at);
        }
    }

    private static byte[] bytes(final Env e, final long h)
    {
        final byte[] out = new byte[e.ctx.stringLength(h)];
        e.ctx.stringBytes(h, out, 0);
        return out;
    }

    private static void stringArray(final Env e, final int at, final List<String> parts)
    {
        final ValueContext ctx = e.ctx;
        ctx.newArray(Math.max(1, parts.size()), e.regs, at);
        final long[] t = new long[2];
        for (final String p : parts)
        {
            ctx.newString(p, t, 0);
            ctx.push(e.regs[at], t[0], 0, e.regs, at);
        }
    }

    private static int encode(final Env e, final int a, final int at)
    {
        try (ByteSink sink = new ByteSink(256))
        {
            new ValueWriter().write(e.ctx, h(e, a, 0), b(e, a, 0), sink);
            final byte[] bytes = sink.toByteArray();
            e.ctx.newString(bytes, 0, bytes.length, e.regs, at);
        }
        return Builtin.OK;
    }

    private static void sorted(final Env e, final long h, final long b, final StringBuilder out)
    {
        final ValueContext ctx = e.ctx;
        final int type = Values.type(h);
        if (type == TYPE_RECORD)
        {
            final List<String> keys = new ArrayList<>();
            final long[] t = new long[4];
            for (int p = ctx.first(h); p >= 0; p = ctx.next(h, p))
            {
                ctx.entryKey(h, p, t, 0);
                keys.add(Stdlib.string(e, t[0]));
            }
            keys.sort(null);
            out.append('{');
            for (int i = 0; i < keys.size(); i++)
            {
                ctx.get(h, keys.get(i), t, 2);
                out.append(i > 0 ? "," : "").append(quote(keys.get(i))).append(':');
                sorted(e, t[2], t[3], out);
            }
            out.append('}');
        }
        else if (type == TYPE_ARRAY)
        {
            final long[] t = new long[2];
            out.append('[');
            for (int p = ctx.first(h), i = 0; p >= 0; p = ctx.next(h, p), i++)
            {
                ctx.entryValue(h, p, t, 0);
                out.append(i > 0 ? "," : "");
                sorted(e, t[0], t[1], out);
            }
            out.append(']');
        }
        else
        {
            try (ByteSink sink = new ByteSink(64))
            {
                new ValueWriter().write(ctx, h, b, sink);
                out.append(new String(sink.toByteArray(), StandardCharsets.UTF_8));
            }
        }
    }

    private static String quote(final String s)
    {
        final StringBuilder q = new StringBuilder("\"");
        for (final char c : s.toCharArray())
        {
            if (c == '"' || c == '\\')
            {
                q.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                q.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
