package io.temblor.engine.codec;

import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.util.Random;

/** Random values for round trips. */
final class Generated
{
    private static final String[] WORDS = {"a", "snot", "badger", "é", "quote\"d", "back\\slash", "tab\t", "", "日本",
        "k9", "long key with spaces"};

    private Generated()
    {
    }

    /** A random value (no binaries unless asked: JSON has none) into out[at]. */
    static void value(final ValueContext ctx, final Random r, final int depth, final long[] out, final int at,
        final boolean json)
    {
        final int kind = r.nextInt(depth > 0 ? 9 : 7);
        switch (kind)
        {
            case 0 -> set(out, at, Values.NULL, 0);
            case 1 -> set(out, at, Values.BOOL, r.nextInt(2));
            case 2 -> set(out, at, Values.INT, r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(300) - 150);
            case 3 -> set(out, at, Values.FLOAT, Double.doubleToRawLongBits(r.nextInt(2) == 0 ? r.nextDouble() * 1e6 :
                r.nextInt(1000) / 8.0));
            case 4 -> ctx.newString(WORDS[r.nextInt(WORDS.length)], out, at);
            case 5 ->
            {
                if (json)
                {
                    set(out, at, Values.UINT, Long.MIN_VALUE + r.nextInt(1000));
                }
                else
                {
                    final byte[] b = new byte[r.nextInt(300)];
                    r.nextBytes(b);
                    ctx.newBinary(b, 0, b.length, out, at);
                }
            }
            case 6 -> ctx.newString("x".repeat(r.nextInt(8) == 0 ? 70000 : r.nextInt(40)), out, at);
            case 7 ->
            {
                final int n = r.nextInt(20);
                final long[] t = new long[4];
                ctx.newArray(n, t, 0);
                for (int i = 0; i < n; i++)
                {
                    value(ctx, r, depth - 1, t, 2, json);
                    ctx.push(t[0], t[2], t[3], t, 0);
                }
                set(out, at, t[0], 0);
            }
            default ->
            {
                final int n = r.nextInt(20);
                final long[] t = new long[6];
                ctx.newRecord(n, t, 0);
                for (int i = 0; i < n; i++)
                {
                    ctx.newString(WORDS[r.nextInt(WORDS.length)] + i, t, 4);
                    value(ctx, r, depth - 1, t, 2, json);
                    ctx.put(t[0], t[4], t[2], t[3], t, 0);
                }
                set(out, at, t[0], 0);
            }
        }
    }

    private static void set(final long[] out, final int at, final long h, final long b)
    {
        out[at] = h;
        out[at + 1] = b;
    }
}
