package io.temblor.script.stdlib;

import io.temblor.script.runtime.Builtin;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import static io.temblor.script.stdlib.Stdlib.arg;
import static io.temblor.script.stdlib.Stdlib.b;
import static io.temblor.script.stdlib.Stdlib.h;
import static io.temblor.script.stdlib.Stdlib.isInt;
import static io.temblor.script.stdlib.Stdlib.isString;
import static io.temblor.script.stdlib.Stdlib.setString;
import static io.temblor.script.stdlib.Stdlib.type;
import static io.temblor.script.value.ValueDescriptor.TYPE_BINARY;

/**
 * More of the standard library: {@code std::string} (text functions), {@code tremor::system}, {@code tremor::chash} (the
 * jump consistent hash over SipHash-1-3, as Tremor's jumphash crate) and {@code tremor::origin}. These build Java
 * strings and allocate on the heap.
 */
final class StdMore
{
    /**
     * {@code tremor::system::nanotime()} is nanoseconds since the Unix epoch, as in Tremor; the monotonic clock plus
     * this offset (taken once) gives that without allocating per call.
     */
    private static final long EPOCH_NANOS_AT_ZERO = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    private static final long JUMP_K1 = 8_390_880_576_440_238_080L;
    private static final long JUMP_K2 = 128_034_676_764_530L;

    private StdMore()
    {
    }

    @FunctionalInterface
    private interface StringFn
    {
        String apply(String s);
    }

    private static Builtin text(final StringFn f)
    {
        return (e, a, n, at) ->
        {
            if (!isString(e, a, 0))
            {
                return Builtin.BAD_TYPE;
            }
            setString(e, at, f.apply(arg(e, a, 0)));
            return Builtin.OK;
        };
    }

    static void register(final Map<String, Builtin> r)
    {
        r.put("system::nanotime", (e, a, n, at) ->
        {
            e.set(at, Values.INT, System.nanoTime() + EPOCH_NANOS_AT_ZERO);
            return Builtin.OK;
        });
        r.put("string::lowercase", text(s -> s.toLowerCase(Locale.ROOT)));
        r.put("string::uppercase", text(s -> s.toUpperCase(Locale.ROOT)));
        r.put("string::trim", text(s -> Texts.trim(s, true, true)));
        r.put("string::trim_start", text(s -> Texts.trim(s, true, false)));
        r.put("string::trim_end", text(s -> Texts.trim(s, false, true)));
        r.put("string::capitalize", text(Texts::capitalize));
        r.put("string::is_empty", (e, a, n, at) ->
        {
            if (!isString(e, a, 0))
            {
                return Builtin.BAD_TYPE;
            }
            e.setBool(at, e.ctx.stringLength(h(e, a, 0)) == 0);
            return Builtin.OK;
        });
        r.put("string::contains", (e, a, n, at) -> twoStrings(e, a, at, 0));
        r.put("string::starts_with", (e, a, n, at) -> twoStrings(e, a, at, 1));
        r.put("string::ends_with", (e, a, n, at) -> twoStrings(e, a, at, 2));
        r.put("string::split", (e, a, n, at) ->
        {
            if (!isString(e, a, 0) || !isString(e, a, 1))
            {
                return Builtin.BAD_TYPE;
            }
            final ValueContext ctx = e.ctx;
            ctx.newArray(4, e.regs, at);
            final int t = e.scratch(2);
            for (final String part : Texts.split(arg(e, a, 0), arg(e, a, 1)))
            {
                final byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                ctx.newString(bytes, 0, bytes.length, e.tmp, t);
                ctx.push(e.regs[at], e.tmp[t], 0, e.regs, at);
            }
            e.release(t);
            return Builtin.OK;
        });
        r.put("string::replace", (e, a, n, at) ->
        {
            if (!isString(e, a, 0) || !isString(e, a, 1) || !isString(e, a, 2))
            {
                return Builtin.BAD_TYPE;
            }
            setString(e, at, Texts.replace(arg(e, a, 0), arg(e, a, 1), arg(e, a, 2)));
            return Builtin.OK;
        });
        r.put("string::substr", (e, a, n, at) ->
        {
            // positions are usize in Tremor: negative ones (and u64 beyond i64) are bad types
            final int int64 = io.temblor.script.value.ValueDescriptor.TYPE_INT;
            if (!isString(e, a, 0) || type(e, a, 1) != int64 || type(e, a, 2) != int64 || b(e, a, 1) < 0 || b(e, a, 2) < 0)
            {
                return Builtin.BAD_TYPE;
            }
            setString(e, at, Texts.substr(arg(e, a, 0), b(e, a, 1), b(e, a, 2)));
            return Builtin.OK;
        });
        r.put("string::from_utf8_lossy", (e, a, n, at) ->
        {
            final int t = type(e, a, 0);
            if (t != TYPE_BINARY)
            {
                return Builtin.BAD_TYPE;
            }
            final byte[] bytes = new byte[e.ctx.stringLength(h(e, a, 0))];
            e.ctx.stringBytes(h(e, a, 0), bytes, 0);
            setString(e, at, new String(bytes, StandardCharsets.UTF_8));
            return Builtin.OK;
        });
        r.put("chash::jump", (e, a, n, at) ->
        {
            if (!isString(e, a, 0) || !isU32(e, a, 1))
            {
                return Builtin.BAD_TYPE;
            }
            return jump(e, at, JUMP_K1, JUMP_K2, h(e, a, 0), b(e, a, 1));
        });
        r.put("chash::jump_with_keys", (e, a, n, at) ->
        {
            // keys are u64, the slot count a u32 (Tremor's as_u64/as_u32)
            if (!isU64(e, a, 0) || !isU64(e, a, 1) || !isString(e, a, 2) || !isU32(e, a, 3))
            {
                return Builtin.BAD_TYPE;
            }
            return jump(e, at, b(e, a, 0), b(e, a, 1), h(e, a, 2), b(e, a, 3));
        });
        r.put("binary::into_bytes", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_BINARY)
            {
                return e.fail("cannot convert a non-binary into an array of bytes");
            }
            final long bin = h(e, a, 0);
            final int len = e.ctx.stringLength(bin);
            e.ctx.newArray(Math.max(1, len), e.regs, at);
            for (int i = 0; i < len; i++)
            {
                e.ctx.push(e.regs[at], Values.INT, e.ctx.stringByte(bin, i) & 0xFF, e.regs, at);
            }
            return Builtin.OK;
        });
        r.put("binary::len", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_BINARY)
            {
                return Builtin.BAD_TYPE;
            }
            e.set(at, Values.INT, e.ctx.stringLength(h(e, a, 0)));
            return Builtin.OK;
        });
        origin(r);
    }

    private static int twoStrings(final Env e, final int a, final int at, final int what)
    {
        if (!isString(e, a, 0) || !isString(e, a, 1))
        {
            return Builtin.BAD_TYPE;
        }
        final String s = arg(e, a, 0);
        final String x = arg(e, a, 1);
        e.setBool(at, what == 0 ? s.contains(x) : what == 1 ? s.startsWith(x) : s.endsWith(x));
        return Builtin.OK;
    }

    private static int jump(final Env e, final int at, final long k0, final long k1, final long key, final long slots)
    {
        final int n = e.ctx.stringLength(key);
        final byte[] bytes = new byte[n + 1];
        e.ctx.stringBytes(key, bytes, 0);
        bytes[n] = (byte)0xFF;
        long h = sipHash13(k0, k1, bytes);
        long bucket = -1;
        long j = 0;
        while (j < slots)
        {
            bucket = j;
            h = h * 2862933555777941757L + 1;
            j = (long)((bucket + 1) * ((double)(1L << 31) / (double)((h >>> 33) + 1)));
        }
        // the crate returns the bucket as u32: no slots give -1 as u32
        e.set(at, Values.INT, bucket & 0xFFFF_FFFFL);
        return Builtin.OK;
    }

    /** SipHash-1-3 (Aumasson and Bernstein, "SipHash: a fast short-input PRF"). */
    static long sipHash13(final long k0, final long k1, final byte[] m)
    {
        final long[] v = {k0 ^ 0x736f6d6570736575L, k1 ^ 0x646f72616e646f6dL, k0 ^ 0x6c7967656e657261L,
            k1 ^ 0x7465646279746573L};
        final int words = m.length / 8;
        for (int i = 0; i < words; i++)
        {
            long w = 0;
            for (int k = 7; k >= 0; k--)
            {
                w = (w << 8) | (m[8 * i + k] & 0xFF);
            }
            v[3] ^= w;
            round(v);
            v[0] ^= w;
        }
        long last = ((long)m.length) << 56;
        for (int k = m.length - 1; k >= 8 * words; k--)
        {
            last |= ((long)(m[k] & 0xFF)) << (8 * (k - 8 * words));
        }
        v[3] ^= last;
        round(v);
        v[0] ^= last;
        v[2] ^= 0xFF;
        round(v);
        round(v);
        round(v);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void round(final long[] v)
    {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13);
        v[1] ^= v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17);
        v[1] ^= v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }

    private static boolean isU64(final Env e, final int a, final int i)
    {
        final int t = type(e, a, i);
        return t == io.temblor.script.value.ValueDescriptor.TYPE_UINT || (isInt(e, a, i) && b(e, a, i) >= 0);
    }

    private static boolean isU32(final Env e, final int a, final int i)
    {
        return type(e, a, i) == io.temblor.script.value.ValueDescriptor.TYPE_INT && b(e, a, i) >= 0 &&
            b(e, a, i) <= 0xFFFF_FFFFL;
    }

    private static void origin(final Map<String, Builtin> r)
    {
        r.put("origin::scheme", (e, a, n, at) -> originString(e, at, e.originScheme));
        r.put("origin::host", (e, a, n, at) -> originString(e, at, e.originHost));
        r.put("origin::port", (e, a, n, at) ->
        {
            e.set(at, e.originPort < 0 ? Values.NULL : Values.INT, Math.max(0, e.originPort));
            return Builtin.OK;
        });
        r.put("origin::path", (e, a, n, at) ->
        {
            final long[] path = new long[2];
            originPath(e, path);
            e.set(at, path[0], path[1]);
            return Builtin.OK;
        });
        r.put("origin::as_uri_string", (e, a, n, at) ->
        {
            if (null == e.originScheme)
            {
                e.set(at, Values.NULL, 0);
                return Builtin.OK;
            }
            final StringBuilder s = new StringBuilder(e.originScheme).append("://").append(e.originHost);
            if (e.originPort >= 0)
            {
                s.append(':').append(e.originPort);
            }
            if (null != e.originPath)
            {
                for (final String p : e.originPath)
                {
                    s.append('/').append(p);
                }
            }
            setString(e, at, s.toString());
            return Builtin.OK;
        });
        r.put("origin::as_uri_record", (e, a, n, at) ->
        {
            if (null == e.originScheme)
            {
                e.set(at, Values.NULL, 0);
                return Builtin.OK;
            }
            final ValueContext ctx = e.ctx;
            ctx.newRecord(4, e.regs, at);
            final int t = e.scratch(4);
            put(e, at, t, "scheme", e.originScheme);
            put(e, at, t, "host", e.originHost);
            ctx.newString("port", e.tmp, t);
            ctx.put(e.regs[at], e.tmp[t], e.originPort < 0 ? Values.NULL : Values.INT, Math.max(0, e.originPort), e.regs, at);
            ctx.newString("path", e.tmp, t);
            final long[] path = new long[2];
            originPath(e, path);
            ctx.put(e.regs[at], e.tmp[t], path[0], path[1], e.regs, at);
            e.release(t);
            return Builtin.OK;
        });
    }

    private static void put(final Env e, final int at, final int t, final String key, final String value)
    {
        final ValueContext ctx = e.ctx;
        ctx.newString(key, e.tmp, t);
        ctx.newString(value, e.tmp, t + 2);
        ctx.put(e.regs[at], e.tmp[t], e.tmp[t + 2], 0, e.regs, at);
    }

    private static int originString(final Env e, final int at, final String value)
    {
        if (null == value)
        {
            e.set(at, Values.NULL, 0);
        }
        else
        {
            setString(e, at, value);
        }
        return Builtin.OK;
    }

    private static void originPath(final Env e, final long[] out)
    {
        final ValueContext ctx = e.ctx;
        if (null == e.originPath)
        {
            out[0] = Values.NULL;
            out[1] = 0;
            return;
        }
        ctx.newArray(Math.max(1, e.originPath.length), out, 0);
        final long[] s = new long[2];
        for (final String p : e.originPath)
        {
            ctx.newString(p, s, 0);
            ctx.push(out[0], s[0], 0, out, 0);
        }
    }
}
