package io.temblor.script.stdlib;

import io.temblor.offheap.ByteSink;
import io.temblor.script.runtime.Builtin;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.temblor.script.stdlib.Stdlib.arg;
import static io.temblor.script.stdlib.Stdlib.b;
import static io.temblor.script.stdlib.Stdlib.h;
import static io.temblor.script.stdlib.Stdlib.isNumber;
import static io.temblor.script.stdlib.Stdlib.isString;
import static io.temblor.script.stdlib.Stdlib.setString;
import static io.temblor.script.stdlib.Stdlib.type;
import static io.temblor.script.value.ValueDescriptor.TYPE_ARRAY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BINARY;
import static io.temblor.script.value.ValueDescriptor.TYPE_FLOAT;
import static io.temblor.script.value.ValueDescriptor.TYPE_INT;
import static io.temblor.script.value.ValueDescriptor.TYPE_NULL;
import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;
import static io.temblor.script.value.ValueDescriptor.TYPE_UINT;

/**
 * Further modules: {@code std::array} (zip, unzip, flatten, coalesce), {@code std::record} (combine, extract, rename),
 * {@code std::base64}, {@code std::json}, {@code std::float}, {@code std::random}, {@code std::url}, {@code std::test},
 * {@code std::win}, {@code tremor::system} (more); {@code std::datetime} is {@link StdDatetime}. They build Java
 * objects and allocate on the heap.
 */
final class StdExtra
{
    private static final String INSTANCE = System.getProperty("temblor.instance", "tremor");

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
                if (Values.type(t[4]) != TYPE_ARRAY)
                {
                    final StringBuilder debug = new StringBuilder("Only arrays that consist of tuples (arrays of two " +
                        "elements) can be unzipped but this array contained: ");
                    Rendering.debug(ctx, t[4], t[5], debug);
                    return e.fail(debug.toString());
                }
                if (ctx.length(t[4]) != 2)
                {
                    return e.fail("Only arrays that consist of tuples (arrays of two elements) can be unzipped but this " +
                        "array contained " + ctx.length(t[4]) + " elements");
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
            // the left record's entries, then the right's (replacing in place): Rust's chain().collect()
            final ValueContext ctx = e.ctx;
            ctx.newRecord(Math.max(1, ctx.length(h(e, a, 0)) + ctx.length(h(e, a, 1))), e.regs, at);
            final long[] t = new long[4];
            for (int side = 0; side < 2; side++)
            {
                final long rec = h(e, a, side);
                for (int p = ctx.first(rec); p >= 0; p = ctx.next(rec, p))
                {
                    ctx.entryKey(rec, p, t, 0);
                    ctx.entryValue(rec, p, t, 2);
                    ctx.put(e.regs[at], t[0], t[2], t[3], e.regs, at);
                }
            }
            return Builtin.OK;
        });
        r.put("record::extract", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_RECORD || type(e, a, 1) != TYPE_ARRAY)
            {
                return Builtin.BAD_TYPE;
            }
            // the record's entries (in its order) whose key is one of the strings in the array
            final ValueContext ctx = e.ctx;
            final long rec = h(e, a, 0);
            final long keys = h(e, a, 1);
            ctx.newRecord(4, e.regs, at);
            final long[] t = new long[6];
            for (int p = ctx.first(rec); p >= 0; p = ctx.next(rec, p))
            {
                ctx.entryKey(rec, p, t, 0);
                boolean wanted = false;
                for (int q = ctx.first(keys); q >= 0 && !wanted; q = ctx.next(keys, q))
                {
                    ctx.entryValue(keys, q, t, 4);
                    wanted = Values.type(t[4]) == TYPE_STRING && ctx.stringEquals(t[0], t[4]);
                }
                if (wanted)
                {
                    ctx.entryValue(rec, p, t, 2);
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
            // binaries only, as Tremor's typed argument
            if (type(e, a, 0) != TYPE_BINARY)
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
            final java.io.ByteArrayOutputStream decoded = new java.io.ByteArrayOutputStream();
            final String error = io.temblor.script.extract.Codecs.base64Decode(bytes(e, h(e, a, 0)), decoded);
            if (null != error)
            {
                return e.fail(error);
            }
            e.ctx.newBinary(decoded.toByteArray(), 0, decoded.size(), e.regs, at);
            return Builtin.OK;
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
                    return e.fail("array contains non bytes");
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
        r.put("json::encode_pretty", (e, a, n, at) ->
        {
            setString(e, at, JsonText.pretty(e.ctx, h(e, a, 0), b(e, a, 0)));
            return Builtin.OK;
        });
        r.put("json::decode", (e, a, n, at) ->
        {
            if (!isString(e, a, 0))
            {
                return Builtin.BAD_TYPE;
            }
            final String error = io.temblor.script.extract.JsonReader.read(e.ctx, bytes(e, h(e, a, 0)), e.regs, at);
            return null == error ? Builtin.OK : e.fail(error);
        });
        r.put("chash::sorted_serialize", (e, a, n, at) ->
        {
            final StringBuilder s = new StringBuilder();
            JsonText.sorted(e.ctx, h(e, a, 0), b(e, a, 0), s);
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
            setString(e, at, io.temblor.script.extract.Codecs.percentEncode(arg(e, a, 0)));
            return Builtin.OK;
        });
        r.put("url::decode", (e, a, n, at) ->
        {
            if (!isString(e, a, 0))
            {
                return Builtin.BAD_TYPE;
            }
            final String decoded = io.temblor.script.extract.Codecs.percentDecode(arg(e, a, 0));
            if (null == decoded)
            {
                return e.fail("Could not urldecode value: " + arg(e, a, 0));
            }
            setString(e, at, decoded);
            return Builtin.OK;
        });
        random(r);
        ids(r);
        system(r);
        StdDatetime.register(r);
        // the cardinality of the window the script runs in: scripts outside windows see 0, as Tremor's default context
        r.put("win::cardinality", (e, a, n, at) ->
        {
            e.set(at, Values.INT, e.cardinality);
            return Builtin.OK;
        });
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
            // Tremor: none, (high) or (low, high); half open; the messages and arity checks of std_lib/random.rs
            final ThreadLocalRandom rnd = ThreadLocalRandom.current();
            final double v;
            if (n > 2)
            {
                return e.badArity(n);
            }
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
                    return e.fail(n == 2 ? "Invalid arguments. First argument must be lower than second argument" :
                        "Invalid arguments. Single argument value must be > 0.0.");
                }
                v = rnd.nextDouble(lo, hi);
            }
            e.set(at, Values.FLOAT, Double.doubleToRawLongBits(v));
            return Builtin.OK;
        });
        r.put("random::integer", (e, a, n, at) ->
        {
            final ThreadLocalRandom rnd = ThreadLocalRandom.current();
            if (n > 2)
            {
                return e.badArity(n);
            }
            if (n == 0)
            {
                e.set(at, Values.INT, rnd.nextLong());
                return Builtin.OK;
            }
            // one bound: a u64 above 0; two bounds: both i64
            final boolean i64 = type(e, a, 0) == TYPE_INT && (n == 1 ? b(e, a, 0) >= 0 : type(e, a, 1) == TYPE_INT);
            if (!i64 && !(n == 1 && type(e, a, 0) == TYPE_UINT))
            {
                return Builtin.BAD_TYPE;
            }
            final long lo = n == 2 ? b(e, a, 0) : 0;
            final long hi = b(e, a, n - 1);
            if (n == 1 && hi == 0)
            {
                return e.fail("Invalid arguments. Single argument value must be > 0.");
            }
            if (n == 2 && hi <= lo)
            {
                return e.fail("Invalid arguments. First argument must be lower than second argument");
            }
            long v = n == 1 && hi < 0 ? -1 : rnd.nextLong(lo, hi);
            while (Long.compareUnsigned(v, hi) >= 0 && n == 1)
            {
                // a bound above i64::MAX: draw u64s until one is below it
                v = rnd.nextLong();
            }
            e.set(at, n == 1 ? Values.unsignedHandle(v) : Values.INT, v);
            return Builtin.OK;
        });
        r.put("random::string", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_INT || b(e, a, 0) < 0)
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
            e.set(at, Values.INT, e.ingestNs >= 0 ? e.ingestNs : System.currentTimeMillis() * 1_000_000L);
            return Builtin.OK;
        });
        r.put("system::instance", (e, a, n, at) ->
        {
            // Tremor's default instance name, so scripts that test it behave the same; -Dtemblor.instance=NAME sets it
            setString(e, at, INSTANCE);
            return Builtin.OK;
        });
        r.put("system::version", (e, a, n, at) ->
        {
            setString(e, at, "0.1.0");
            return Builtin.OK;
        });
    }

    private static int floatTest(final Env e, final int a, final int at, final int what)
    {
        if (!isNumber(e, a, 0))
        {
            // value-trait's try_cast_f64 ends in try_as_i128
            return e.fail("Expected type i128, got " + Rendering.valueType(h(e, a, 0)));
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
}
