package io.temblor.engine.qos;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The decisions of Tremor's {@code grouper::bucket} operator: events are grouped by class ({@code $class}); each class
 * keeps the most recently used {@code $cardinality} dimension values ({@code $dimensions}) in an LRU, and each kept
 * value a sliding window counter that lets {@code $rate} events pass per {@code $time_range} ms, counted in
 * {@code $windows} slots and advanced by the event's ingest time. An evicted value loses its window, exactly as in
 * Tremor, and starts afresh when it comes back. Per class it counts passed and overflowed events (Tremor's
 * {@code bucketing} metrics).
 *
 * <p>The window is Tremor's (crate {@code fenster}, {@code TimeWindow::inc_t}) to the bit: its settings are taken from
 * the event that creates the dimension entry and never change afterwards; the slot time is
 * {@code time_range / windows} ms in integer division; it remembers the time of its last advance ({@code 0} at first),
 * and an event whose whole ms since then are more than {@code slot * windows} empties it, else more than {@code slot}
 * advances it by {@code (ms - 1) / slot} slots and makes the event's time the last advance (the remainder is dropped);
 * the event passes when the count over all slots stays at most the rate. Times are unsigned 64-bit ns as in Tremor's
 * release build, so a time before the last advance wraps to a huge difference and empties the window.
 *
 * <p>Keys are exact: a class is found by its bytes, a dimension value by a 64-bit hash of its bytes and a comparison
 * of the bytes kept in the entry, so distinct values never share a window. The caller encodes {@code $dimensions}
 * (Tremor uses the value's compact JSON text, {@code null} when absent) and resolves the defaults of absent settings.
 *
 * <p>Memory: a class is a {@link Group}, created (and allocated) once on its first event. Its entry table grows by
 * doubling up to its cardinality; an evicted entry's key buffer and window array are reused by the entry that replaces
 * it, and only reallocated when the new key is longer than the buffer (buffers are sized in powers of two) or the new
 * window has more slots. So with steady key lengths and windows, decisions allocate nothing.
 *
 * <p>Not thread safe: one owner (a pipeline's operator).
 */
public final class BucketGrouper
{
    /** The event fits its window: route it to {@code out}. */
    public static final int PASS = 0;
    /** The event exceeds its window's rate: route it to {@code overflow}. */
    public static final int OVERFLOW = 1;
    /**
     * The dimension value is new and the event brings no usable settings to create its window (no {@code $rate}, or
     * {@code $windows} is 0, on which Tremor panics): route it to {@code err}. Counted neither as pass nor overflow.
     */
    public static final int ERROR = 2;
    /**
     * Outcome of {@link Group#decideKept}: the dimension value is not kept (new, or evicted); decide the event with
     * {@link Group#decide} and its settings. Nothing was counted.
     */
    public static final int NOT_KEPT = 3;

    /** Pass as {@code rate} when the event has no {@code $rate} (or one that is not a non-negative integer). */
    public static final long NO_RATE = -1;
    /** Tremor's default {@code $time_range} in ms. */
    public static final long DEFAULT_TIME_RANGE_MS = 1000;
    /** Tremor's default {@code $windows}. */
    public static final int DEFAULT_WINDOWS = 100;
    /** Tremor's default {@code $cardinality} (also used for a cardinality of 0). */
    public static final int DEFAULT_CARDINALITY = 1000;
    /** The largest cardinality kept; larger ones are clamped to it (Tremor's is unbounded). */
    public static final int MAX_CARDINALITY = 1 << 28;

    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final VarHandle LONG_LE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long hashMask;
    private Group[] table = new Group[16];
    private Group[] groups = new Group[8];
    private int groupCount;

    /** A grouper with no classes yet. */
    public BucketGrouper()
    {
        this(-1L);
    }

    /**
     * A grouper whose dimension hashes are masked, so tests can force collisions.
     *
     * @param hashMask the bits of the hash kept.
     */
    BucketGrouper(final long hashMask)
    {
        this.hashMask = hashMask;
    }

    /**
     * Decides one event: finds or creates its class, then decides in it (see {@link Group#decide}).
     *
     * @param classKey the class bytes ({@code $class}).
     * @param classOffset where they start.
     * @param classLength how many.
     * @param cardinality {@code $cardinality}, used only when the class is created ({@link #DEFAULT_CARDINALITY} when
     * absent; 0 or less also means the default, as in Tremor; at most {@link #MAX_CARDINALITY}).
     * @param dimKey the encoded dimensions.
     * @param dimOffset where they start.
     * @param dimLength how many.
     * @param rate {@code $rate}, or {@link #NO_RATE}.
     * @param timeRangeMs {@code $time_range} ({@link #DEFAULT_TIME_RANGE_MS} when absent).
     * @param windows {@code $windows} ({@link #DEFAULT_WINDOWS} when absent).
     * @param nowNs the event's ingest time in ns.
     * @return {@link #PASS}, {@link #OVERFLOW} or {@link #ERROR}.
     */
    public int decide(
        final byte[] classKey,
        final int classOffset,
        final int classLength,
        final int cardinality,
        final byte[] dimKey,
        final int dimOffset,
        final int dimLength,
        final long rate,
        final long timeRangeMs,
        final int windows,
        final long nowNs)
    {
        return group(classKey, classOffset, classLength, cardinality)
            .decide(dimKey, dimOffset, dimLength, rate, timeRangeMs, windows, nowNs);
    }

    /**
     * The class with these bytes, created with {@code cardinality} if it is new (the only allocation of a class).
     *
     * @param classKey the class bytes.
     * @param offset where they start.
     * @param length how many.
     * @param cardinality dimension values kept for a new class (0 or less means {@link #DEFAULT_CARDINALITY}).
     * @return the class.
     */
    public Group group(final byte[] classKey, final int offset, final int length, final int cardinality)
    {
        final long hash = hash(classKey, offset, length);
        final int mask = table.length - 1;
        int slot = (int)hash & mask;
        Group g;
        while ((g = table[slot]) != null)
        {
            if (g.nameHash == hash && Arrays.equals(g.name, 0, g.name.length, classKey, offset, offset + length))
            {
                return g;
            }
            slot = (slot + 1) & mask;
        }
        g = new Group(
            Arrays.copyOfRange(classKey, offset, offset + length),
            hash,
            cardinality > 0 ? Math.min(cardinality, MAX_CARDINALITY) : DEFAULT_CARDINALITY,
            hashMask);
        table[slot] = g;
        if (groupCount == groups.length)
        {
            groups = Arrays.copyOf(groups, groupCount * 2);
        }
        groups[groupCount++] = g;
        if (groupCount * 2 > table.length)
        {
            rehashGroups();
        }
        return g;
    }

    /**
     * Number of classes seen.
     *
     * @return the count.
     */
    public int groupCount()
    {
        return groupCount;
    }

    /**
     * The class at {@code index} in order of creation, for reporting metrics.
     *
     * @param index in {@code [0, groupCount())}.
     * @return the class.
     */
    public Group groupAt(final int index)
    {
        if (index < 0 || index >= groupCount)
        {
            throw new IndexOutOfBoundsException("group " + index + " of " + groupCount);
        }
        return groups[index];
    }

    private void rehashGroups()
    {
        final Group[] newTable = new Group[table.length * 2];
        final int mask = newTable.length - 1;
        for (int i = 0; i < groupCount; i++)
        {
            int slot = (int)groups[i].nameHash & mask;
            while (newTable[slot] != null)
            {
                slot = (slot + 1) & mask;
            }
            newTable[slot] = groups[i];
        }
        table = newTable;
    }

    /** A 64-bit hash of bytes: 8 bytes per step, multiply-xorshift mixing, MurmurHash3's fmix64 finaliser. */
    static long hash(final byte[] bytes, final int offset, final int length)
    {
        long h = 0x9E37_79B9_7F4A_7C15L ^ length;
        int i = offset;
        final int end = offset + length;
        for (; i + 8 <= end; i += 8)
        {
            h = (h ^ (long)LONG_LE.get(bytes, i)) * 0xC2B2_AE3D_27D4_EB4FL;
            h = Long.rotateLeft(h, 31);
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8)
        {
            tail |= (bytes[i] & 0xFFL) << shift;
        }
        h = (h ^ tail) * 0xC2B2_AE3D_27D4_EB4FL;
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * One class: the LRU of its dimension values with a window each, and its pass and overflow counts.
     *
     * <p>Entries live in parallel arrays indexed by entry number; the LRU is a doubly linked list through
     * {@code prev}/{@code next} (head most recent), and an open-addressing index with linear probing maps hashes to
     * entry numbers plus one (0 is empty), with backward-shift deletion on eviction. Each window is one
     * {@code long[]}:
     * <pre>
     *   [0] last advance (ns)   [1] max (rate)   [2] slot (ms)   [3] slot * windows (ms)
     *   [4] current slot        [5] sum of the other slots        [6] windows
     *   [7 .. 7 + windows)      event count per slot
     * </pre>
     */
    public static final class Group
    {
        private static final int LAST_TICK = 0;
        private static final int MAX = 1;
        private static final int SLOT_MS = 2;
        private static final int WINDOW_MS = 3;
        private static final int POS = 4;
        private static final int SUM = 5;
        private static final int SIZE = 6;
        private static final int SLOTS = 7;
        private static final int NIL = -1;
        private static final int MIN_KEY_BUFFER = 16;

        private final byte[] name;
        private final long nameHash;
        private final int cardinality;
        private final long hashMask;
        private long passCount;
        private long overflowCount;

        private int count;
        private long[] hashes;
        private byte[][] keys;
        private int[] keyLengths;
        private long[][] windows;
        private int[] prev;
        private int[] next;
        private int head = NIL;
        private int tail = NIL;
        private int[] index;

        Group(final byte[] name, final long nameHash, final int cardinality, final long hashMask)
        {
            this.name = name;
            this.nameHash = nameHash;
            this.cardinality = cardinality;
            this.hashMask = hashMask;
            allocate(Math.min(cardinality, 16));
        }

        /**
         * Decides one event of this class: finds its dimension value (making it the most recently used) or, if it is
         * new, creates its window from the settings given, evicting the least recently used value when the class
         * holds {@code cardinality} of them; then counts the event in the window.
         *
         * @param dimKey the encoded dimensions.
         * @param offset where they start.
         * @param length how many.
         * @param rate events allowed per time range, or {@link #NO_RATE}; used only for a new value.
         * @param timeRangeMs the window's length in ms (not negative); used only for a new value.
         * @param windowCount the window's slots; used only for a new value.
         * @param nowNs the event's ingest time in ns (unsigned).
         * @return {@link #PASS}, {@link #OVERFLOW} or {@link #ERROR}.
         */
        public int decide(
            final byte[] dimKey,
            final int offset,
            final int length,
            final long rate,
            final long timeRangeMs,
            final int windowCount,
            final long nowNs)
        {
            final long hash = hash(dimKey, offset, length) & hashMask;
            int entry = find(hash, dimKey, offset, length);
            if (entry != NIL)
            {
                if (entry != head)
                {
                    unlink(entry);
                    linkFirst(entry);
                }
            }
            else
            {
                if (rate < 0 || windowCount < 1 || timeRangeMs < 0)
                {
                    return ERROR;
                }
                entry = insert(hash, dimKey, offset, length, rate, timeRangeMs, windowCount);
            }
            if (inc(windows[entry], nowNs))
            {
                passCount++;
                return PASS;
            }
            overflowCount++;
            return OVERFLOW;
        }

        /**
         * Decides one event of this class if its dimension value is kept (making it the most recently used), without
         * the settings, which only a new value needs; so a caller reads them only for {@link #NOT_KEPT}.
         *
         * @param dimKey the encoded dimensions.
         * @param offset where they start.
         * @param length how many.
         * @param nowNs the event's ingest time in ns (unsigned).
         * @return {@link #PASS}, {@link #OVERFLOW} or {@link #NOT_KEPT}.
         */
        public int decideKept(final byte[] dimKey, final int offset, final int length, final long nowNs)
        {
            final long hash = hash(dimKey, offset, length) & hashMask;
            final int entry = find(hash, dimKey, offset, length);
            if (entry == NIL)
            {
                return NOT_KEPT;
            }
            if (entry != head)
            {
                unlink(entry);
                linkFirst(entry);
            }
            if (inc(windows[entry], nowNs))
            {
                passCount++;
                return PASS;
            }
            overflowCount++;
            return OVERFLOW;
        }

        /**
         * Events of this class that passed.
         *
         * @return the count.
         */
        public long passCount()
        {
            return passCount;
        }

        /**
         * Events of this class that overflowed.
         *
         * @return the count.
         */
        public long overflowCount()
        {
            return overflowCount;
        }

        /**
         * Dimension values currently kept.
         *
         * @return the count, at most {@link #cardinality()}.
         */
        public int size()
        {
            return count;
        }

        /**
         * Dimension values kept at most.
         *
         * @return the cardinality.
         */
        public int cardinality()
        {
            return cardinality;
        }

        /**
         * The class as text, for metric tags (allocates).
         *
         * @return the class decoded as UTF-8.
         */
        public String name()
        {
            return new String(name, StandardCharsets.UTF_8);
        }

        /**
         * Counts one event in a window, as fenster's {@code TimeWindow::inc_t}.
         *
         * @return whether it fits under the window's max.
         */
        private static boolean inc(final long[] w, final long nowNs)
        {
            final long deltaMs = Long.divideUnsigned(nowNs - w[LAST_TICK], NANOS_PER_MILLI);
            final int size = (int)w[SIZE];
            if (Long.compareUnsigned(deltaMs, w[WINDOW_MS]) > 0)
            {
                Arrays.fill(w, SLOTS, SLOTS + size, 0L);
                w[SUM] = 0;
                w[POS] = 0;
                w[LAST_TICK] = nowNs;
            }
            else if (deltaMs > w[SLOT_MS])
            {
                // deltaMs <= slot * windows here, so this is at most windows - 1 advances
                final long ticks = (deltaMs - 1) / w[SLOT_MS];
                int pos = (int)w[POS];
                long sum = w[SUM];
                for (long t = 0; t < ticks; t++)
                {
                    final long last = w[SLOTS + pos];
                    pos = pos + 1 == size ? 0 : pos + 1;
                    sum = sum - w[SLOTS + pos] + last;
                    w[SLOTS + pos] = 0;
                }
                w[POS] = pos;
                w[SUM] = sum;
                w[LAST_TICK] = nowNs;
            }
            final int current = SLOTS + (int)w[POS];
            if (Long.compareUnsigned(w[SUM] + w[current] + 1, w[MAX]) <= 0)
            {
                w[current]++;
                return true;
            }
            return false;
        }

        private int find(final long hash, final byte[] key, final int offset, final int length)
        {
            final int[] index = this.index;
            final int mask = index.length - 1;
            int slot = (int)mix(hash) & mask;
            int e;
            while ((e = index[slot]) != 0)
            {
                final int entry = e - 1;
                if (hashes[entry] == hash && keyLengths[entry] == length &&
                    Arrays.equals(keys[entry], 0, length, key, offset, offset + length))
                {
                    return entry;
                }
                slot = (slot + 1) & mask;
            }
            return NIL;
        }

        private int insert(
            final long hash,
            final byte[] key,
            final int offset,
            final int length,
            final long rate,
            final long timeRangeMs,
            final int windowCount)
        {
            final int entry;
            if (count < cardinality)
            {
                if (count == hashes.length)
                {
                    grow();
                }
                entry = count++;
            }
            else
            {
                entry = tail;
                unlink(entry);
                removeFromIndex(entry);
            }
            byte[] buffer = keys[entry];
            if (buffer == null || buffer.length < length)
            {
                buffer = new byte[Math.max(MIN_KEY_BUFFER, Integer.highestOneBit(Math.max(1, length - 1)) << 1)];
                keys[entry] = buffer;
            }
            System.arraycopy(key, offset, buffer, 0, length);
            keyLengths[entry] = length;
            hashes[entry] = hash;

            long[] w = windows[entry];
            if (w == null || w.length < SLOTS + windowCount)
            {
                w = new long[SLOTS + windowCount];
                windows[entry] = w;
            }
            else
            {
                Arrays.fill(w, SLOTS, SLOTS + windowCount, 0L);
            }
            final long slotMs = timeRangeMs / windowCount;
            w[LAST_TICK] = 0;
            w[MAX] = rate;
            w[SLOT_MS] = slotMs;
            w[WINDOW_MS] = slotMs * windowCount;
            w[POS] = 0;
            w[SUM] = 0;
            w[SIZE] = windowCount;

            addToIndex(entry);
            linkFirst(entry);
            return entry;
        }

        private void addToIndex(final int entry)
        {
            final int mask = index.length - 1;
            int slot = (int)mix(hashes[entry]) & mask;
            while (index[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            index[slot] = entry + 1;
        }

        /** Backward-shift deletion for linear probing (Knuth, TAOCP vol. 3, 6.4 Algorithm R). */
        private void removeFromIndex(final int entry)
        {
            final int[] index = this.index;
            final int mask = index.length - 1;
            int slot = (int)mix(hashes[entry]) & mask;
            while (index[slot] != entry + 1)
            {
                slot = (slot + 1) & mask;
            }
            int hole = slot;
            int probe = (hole + 1) & mask;
            int e;
            while ((e = index[probe]) != 0)
            {
                final int home = (int)mix(hashes[e - 1]) & mask;
                // move e into the hole unless its home lies cyclically in (hole, probe]
                if (((probe - home) & mask) >= ((probe - hole) & mask))
                {
                    index[hole] = e;
                    hole = probe;
                }
                probe = (probe + 1) & mask;
            }
            index[hole] = 0;
        }

        private void unlink(final int entry)
        {
            final int p = prev[entry];
            final int n = next[entry];
            if (p == NIL)
            {
                head = n;
            }
            else
            {
                next[p] = n;
            }
            if (n == NIL)
            {
                tail = p;
            }
            else
            {
                prev[n] = p;
            }
        }

        private void linkFirst(final int entry)
        {
            prev[entry] = NIL;
            next[entry] = head;
            if (head != NIL)
            {
                prev[head] = entry;
            }
            head = entry;
            if (tail == NIL)
            {
                tail = entry;
            }
        }

        private void allocate(final int capacity)
        {
            hashes = new long[capacity];
            keys = new byte[capacity][];
            keyLengths = new int[capacity];
            windows = new long[capacity][];
            prev = new int[capacity];
            next = new int[capacity];
            index = new int[Integer.highestOneBit(capacity * 2 - 1) << 1];
        }

        private void grow()
        {
            final int capacity = (int)Math.min(cardinality, 2L * hashes.length);
            hashes = Arrays.copyOf(hashes, capacity);
            keys = Arrays.copyOf(keys, capacity);
            keyLengths = Arrays.copyOf(keyLengths, capacity);
            windows = Arrays.copyOf(windows, capacity);
            prev = Arrays.copyOf(prev, capacity);
            next = Arrays.copyOf(next, capacity);
            index = new int[Integer.highestOneBit(capacity * 2 - 1) << 1];
            for (int i = 0; i < count; i++)
            {
                addToIndex(i);
            }
        }

        /** Spreads a (possibly masked) hash over the index slots. */
        private static long mix(final long hash)
        {
            final long h = hash * 0x9E37_79B9_7F4A_7C15L;
            return h ^ (h >>> 29);
        }
    }
}
