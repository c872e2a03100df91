package io.temblor.engine.qos;

import java.util.Arrays;

/**
 * Token buckets for many keys: each key may pass {@code rate} events per second on average and up to {@code burst} at
 * once. Kept as the generic cell rate algorithm (GCRA), which is a token bucket stored as one number per key: the
 * theoretical arrival time (TAT) of the key's next conforming event. An event at time {@code t} passes when
 * {@code max(TAT, t) - t <= (burst - 1) * interval}, and then moves TAT to {@code max(TAT, t) + interval}, where
 * {@code interval} is the time one token takes to refill ({@code ceil(1e9 / rate)} ns, so a key never passes more than
 * the rate). This is exactly a bucket of {@code burst} tokens refilled one token per interval, without a division or a
 * floating-point step per decision.
 *
 * <p>Keys are 64-bit hashes chosen by the caller (for example of a class and its dimensions); two keys with the same hash
 * share a bucket. They live in an open-addressing table sized once for {@code maxKeys}: a key whose TAT is not after the
 * current time is indistinguishable from an absent key (a full bucket), so when the table is full such keys are dropped
 * without changing any decision. Only when {@code maxKeys} keys all hold partly used buckets is a new key refused
 * ({@link #FULL}). Times are the caller's (an event's ingest time in ns, so replays decide the same), and must not go
 * backwards: a time before a key's earlier events only makes its bucket look emptier (never more passes than the rate).
 *
 * <p>Not thread safe: one owner (a pipeline's operator). Allocation free after construction.
 */
public final class TokenBuckets
{
    /** The event conforms: pass it. */
    public static final int PASS = 0;
    /** The event exceeds its key's rate: overflow. */
    public static final int OVERFLOW = 1;
    /** The key is new and the table holds {@code maxKeys} keys that are all still limiting: no decision possible. */
    public static final int FULL = 2;

    /** The lowest rate: one event per 10^6 seconds (an interval that still leaves room for ns times). */
    public static final double MIN_RATE = 1e-6;

    private static final long FREE = 0;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long interval;
    private final long tolerance;
    private final int maxKeys;
    private final int mask;
    /** Keys (FREE marks an empty slot; the key 0 is stored as {@link #zeroKeyTat} instead). */
    private long[] keys;
    private long[] tats;
    /** The spare pair of arrays a purge rebuilds the table into. */
    private long[] spareKeys;
    private long[] spareTats;
    private int count;
    /** After a purge that left the table full: no key can expire before this time, so no purge is tried before it. */
    private long nextPurgeNanos = Long.MIN_VALUE;
    private boolean zeroKeyPresent;
    private long zeroKeyTat;

    /**
     * Buckets for up to {@code maxKeys} keys at once.
     *
     * @param rate tokens per second (at least {@link #MIN_RATE}).
     * @param burst bucket capacity in events (at least 1).
     * @param maxKeys keys tracked at once (at least 1).
     */
    public TokenBuckets(final double rate, final long burst, final int maxKeys)
    {
        if (!(rate >= MIN_RATE) || Double.isInfinite(rate))
        {
            throw new IllegalArgumentException("rate must be at least " + MIN_RATE + " events per second: " + rate);
        }
        if (burst < 1)
        {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
        if (maxKeys < 1 || maxKeys > 1 << 28)
        {
            throw new IllegalArgumentException("maxKeys must be in [1, 2^28]: " + maxKeys);
        }
        this.interval = Math.max(1L, (long)Math.ceil(NANOS_PER_SECOND / rate));
        long t;
        try
        {
            t = Math.multiplyExact(burst - 1, interval);
        }
        catch (final ArithmeticException e)
        {
            t = Long.MAX_VALUE / 2;
        }
        this.tolerance = t;
        this.maxKeys = maxKeys;
        final int slots = Integer.highestOneBit(maxKeys * 2 - 1) << 1;
        this.mask = slots - 1;
        keys = new long[slots];
        tats = new long[slots];
        spareKeys = new long[slots];
        spareTats = new long[slots];
    }

    /**
     * The nanoseconds one token takes to refill.
     *
     * @return the interval.
     */
    public long intervalNanos()
    {
        return interval;
    }

    /**
     * Keys currently tracked.
     *
     * @return the count.
     */
    public int size()
    {
        return count + (zeroKeyPresent ? 1 : 0);
    }

    /**
     * Decides one event.
     *
     * @param key the event's key hash.
     * @param nowNanos the event's time in ns.
     * @return {@link #PASS}, {@link #OVERFLOW} or {@link #FULL}.
     */
    public int acquire(final long key, final long nowNanos)
    {
        if (key == FREE)
        {
            final long tat = zeroKeyPresent ? zeroKeyTat : nowNanos;
            final int decision = decide(tat, nowNanos);
            if (decision == PASS)
            {
                zeroKeyTat = Math.max(tat, nowNanos) + interval;
                zeroKeyPresent = true;
            }
            return decision;
        }
        int slot = slotOf(key);
        if (keys[slot] == key)
        {
            final long tat = tats[slot];
            final int decision = decide(tat, nowNanos);
            if (decision == PASS)
            {
                tats[slot] = Math.max(tat, nowNanos) + interval;
            }
            return decision;
        }
        // a new key: its bucket is full, so the event passes once there is room for the key
        if (count >= maxKeys)
        {
            if (nowNanos < nextPurgeNanos)
            {
                return FULL;
            }
            purge(nowNanos);
            if (count >= maxKeys)
            {
                return FULL;
            }
            slot = slotOf(key);
        }
        keys[slot] = key;
        tats[slot] = nowNanos + interval;
        count++;
        return PASS;
    }

    private int decide(final long tat, final long nowNanos)
    {
        return Math.max(tat, nowNanos) - nowNanos <= tolerance ? PASS : OVERFLOW;
    }

    /** The slot holding {@code key}, or the free slot where it would go (linear probing). */
    private int slotOf(final long key)
    {
        int slot = (int)((key * 0x9E37_79B9_7F4A_7C15L) >>> 40) & mask;
        while (keys[slot] != FREE && keys[slot] != key)
        {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Drops every key whose bucket is full again at {@code nowNanos} (TAT not after it): no decision changes. */
    private void purge(final long nowNanos)
    {
        final long[] oldKeys = keys;
        final long[] oldTats = tats;
        keys = spareKeys;
        tats = spareTats;
        spareKeys = oldKeys;
        spareTats = oldTats;
        Arrays.fill(keys, FREE);
        count = 0;
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < oldKeys.length; i++)
        {
            if (oldKeys[i] != FREE && oldTats[i] > nowNanos)
            {
                final int slot = slotOf(oldKeys[i]);
                keys[slot] = oldKeys[i];
                tats[slot] = oldTats[i];
                earliest = Math.min(earliest, oldTats[i]);
                count++;
            }
        }
        nextPurgeNanos = earliest;
        if (zeroKeyPresent && zeroKeyTat <= nowNanos)
        {
            zeroKeyPresent = false;
        }
    }
}
