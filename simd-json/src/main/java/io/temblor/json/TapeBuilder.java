package io.temblor.json;

import io.temblor.offheap.Memory;

import static io.temblor.json.TapeDescriptor.COUNT_MASK;
import static io.temblor.json.TapeDescriptor.COUNT_SHIFT;
import static io.temblor.json.TapeDescriptor.TAG_SHIFT;

/**
 * Stage 2: walks the structural positions of stage 1 and writes one document's tape and strings, validating the
 * RFC 8259 grammar as it goes (a loop per value with a preallocated depth stack, see {@link #build}). One per parser;
 * reusable; not thread safe; allocates nothing per document.
 *
 * <p>Reads its input from a Java array and writes the native tape through {@link Memory} (raw addresses): the same
 * loop using {@code MemorySegment} accessors for the tape measured 17 to 24 instructions per input byte on a
 * literal-only document against about 5 with arrays or raw addresses (JDK 25, C2), because the JDK's shared segment
 * code stops inlining here.
 */
final class TapeBuilder
{
    private static final long ROOT_WORD = (long)TapeDescriptor.TAG_ROOT << TAG_SHIFT;
    private static final long OBJECT_WORD = (long)TapeDescriptor.TAG_START_OBJECT << TAG_SHIFT;
    private static final long ARRAY_WORD = (long)TapeDescriptor.TAG_START_ARRAY << TAG_SHIFT;
    private static final long END_OBJECT_WORD = (long)TapeDescriptor.TAG_END_OBJECT << TAG_SHIFT;
    private static final long END_ARRAY_WORD = (long)TapeDescriptor.TAG_END_ARRAY << TAG_SHIFT;
    private static final long STRING_WORD = (long)TapeDescriptor.TAG_STRING << TAG_SHIFT;
    private static final long TRUE_WORD = (long)TapeDescriptor.TAG_TRUE << TAG_SHIFT;
    private static final long FALSE_WORD = (long)TapeDescriptor.TAG_FALSE << TAG_SHIFT;
    private static final long NULL_WORD = (long)TapeDescriptor.TAG_NULL << TAG_SHIFT;

    /** "true", "alse", "null" read as little-endian ints. */
    private static final int TRUE_INT = 0x65757274;
    private static final int ALSE_INT = 0x65736c61;
    private static final int NULL_INT = 0x6c6c756e;

    /** Bytes that may follow a literal: whitespace and the structural operators. */
    private static final boolean[] TERMINATOR = new boolean[256];

    static
    {
        for (final char c : new char[]{' ', '\t', '\n', '\r', ',', ':', '[', ']', '{', '}'})
        {
            TERMINATOR[c] = true;
        }
    }

    private static final long BYTE_BASE = Memory.BYTE_ARRAY_OFFSET;
    private static final long INT_BASE = Memory.INT_ARRAY_OFFSET;
    private static final long INT64_WORD = (long)TapeDescriptor.TAG_INT64 << TAG_SHIFT;

    private final Tape tape;
    private final StringParser strings;
    private final NumberParser numbers = new NumberParser();
    private final int maxDepth;
    /** Per depth (1-based): tape index of the container start word, shifted left once, low bit set for arrays. */
    private final int[] scopes;
    /** Per depth: entries counted so far. */
    private final int[] counts;
    private int nextIndex;
    private long errorOffset;
    /** Whether every number of the document so far is written as {@link JsonWriter} writes it. */
    private boolean numbersCanonical;

    TapeBuilder(final Tape tape, final int maxDepth, final SimdWidth width)
    {
        this.tape = tape;
        strings = new StringParser(width);
        this.maxDepth = maxDepth;
        scopes = new int[maxDepth + 1];
        counts = new int[maxDepth + 1];
    }

    /** Index into the positions of the first structural after the last document built. */
    int nextIndex()
    {
        return nextIndex;
    }

    /** Byte offset (relative to the document base) of the last error. */
    long errorOffset()
    {
        return errorOffset;
    }

    private int fail(final int code, final long offset)
    {
        errorOffset = offset;
        tape.length = 0;
        return code;
    }

    /**
     * Builds the document whose first structural is {@code positions[start]}; {@code count} structurals exist in total
     * and the input is {@code input[base, base + length)}. The tape must have room for 2 * count + 4 words and the
     * string buffer for length + 4 * count + {@link StringParser#PADDING} bytes.
     *
     * <p>The loop has the shape of simdjson's stage 2 rather than one state switch per structural: each turn of the
     * outer loop handles one value; after a scalar, the inner loop consumes commas and closing brackets until the
     * next value starts (an object member's key and colon are read on the way), so a run of scalars in one container
     * takes no state dispatch at all. The current container's kind and entry count are locals, saved in
     * {@code scopes}/{@code counts} only when a child opens. Positions and input bytes are read without bounds checks:
     * stage 1 guarantees every position below {@code count} lies in the input.
     */
    int build(final byte[] input, final int base, final int length, final int[] positions,
        final int start, final int count)
    {
        final long words = tape.wordsAddress;
        final long stringsAddress = tape.stringsAddress;
        final long positionsAddress = tape.positionsAddress;
        final int[] scopes = this.scopes;
        final int[] counts = this.counts;
        final int end = base + length;
        final long in = BYTE_BASE + base;
        final int mode = strings.mode();
        int idx = start;
        int w = 1;
        int s = 0;
        int depth = 0;
        int entries = 0;
        // the byte that closes the current container
        int closer = 0;
        if (idx >= count)
        {
            return end(JsonError.EMPTY, idx, length);
        }
        int p = position(positions, idx++);
        byte c = Memory.getByte(input, in + p);
        // structurals of this document end before stop: a root scalar ends the document at once (the after-value
        // loop finds idx >= 0), a root container at its closer (where the depth comes back to 0)
        final int stop = c == '{' || c == '[' ? count : 0;
        tape.spanStart = p;
        tape.canonicalState = 0;
        numbersCanonical = true;
        while (true)
        {
            // a value starts at p; afterwards either a key follows (an object just opened) or commas/closers do
            boolean key = false;
            switch (c)
            {
                case '{', '[' ->
                {
                    if (idx < stop && Memory.getByte(input, in + position(positions, idx)) == c + 2)
                    {
                        // an empty container ({} and [] are common): both words at once, no scope to open and close
                        // (the depth limit counts it as a level like any other container)
                        if (depth >= maxDepth)
                        {
                            return fail(JsonError.DEPTH_ERROR, p);
                        }
                        Memory.putInt(null, positionsAddress + ((long)w << 2), p);
                        p = position(positions, idx++);
                        Memory.putInt(null, positionsAddress + ((long)(w + 1) << 2), p);
                        put(words, w, (c == '[' ? ARRAY_WORD : OBJECT_WORD) | (w + 2));
                        put(words, w + 1, (c == '[' ? END_ARRAY_WORD : END_OBJECT_WORD) | w);
                        w += 2;
                        if (depth == 0)
                        {
                            return finish(words, w, idx, p, s);
                        }
                        break;
                    }
                    if (depth >= maxDepth)
                    {
                        return fail(JsonError.DEPTH_ERROR, p);
                    }
                    counts[depth] = entries;
                    depth++;
                    closer = c + 2;
                    scopes[depth] = (w << 1) | (c == '[' ? 1 : 0);
                    Memory.putInt(null, positionsAddress + ((long)w << 2), p);
                    w++;
                    // not empty: read the first member or element (a missing one is an error found below)
                    entries = 1;
                    if (c == '{')
                    {
                        key = true;
                    }
                    else
                    {
                        if (idx >= stop)
                        {
                            return end(JsonError.UNEXPECTED_END, idx, length);
                        }
                        p = position(positions, idx++);
                        c = Memory.getByte(input, in + p);
                        continue;
                    }
                }
                case '"' ->
                {
                    final int r = StringParser.parse(mode, input, base + p + 1, end, stringsAddress, s);
                    if (r < 0)
                    {
                        return fail(r, p);
                    }
                    put(words, w++, STRING_WORD | s);
                    s = r;
                }
                case 't' ->
                {
                    if (!literal(input, in, p, length, TRUE_INT))
                    {
                        return fail(JsonError.T_ATOM_ERROR, p);
                    }
                    put(words, w++, TRUE_WORD);
                }
                case 'f' ->
                {
                    if (!literal(input, in, p + 1, length, ALSE_INT))
                    {
                        return fail(JsonError.F_ATOM_ERROR, p);
                    }
                    put(words, w++, FALSE_WORD);
                }
                case 'n' ->
                {
                    if (!literal(input, in, p, length, NULL_INT))
                    {
                        return fail(JsonError.N_ATOM_ERROR, p);
                    }
                    put(words, w++, NULL_WORD);
                }
                default ->
                {
                    if (!number(input, in, p, length, c, words, w))
                    {
                        return fail(c == '-' || (c >= '0' && c <= '9') ? JsonError.NUMBER_ERROR : JsonError.TAPE_ERROR, p);
                    }
                    w += 2;
                }
            }
            if (!key)
            {
                // after a value: commas and closers until the next value (or key) starts
                while (true)
                {
                    if (idx >= stop)
                    {
                        return depth == 0 ? finish(words, w, idx, p, s) : end(JsonError.UNEXPECTED_END, idx, length);
                    }
                    p = position(positions, idx++);
                    c = Memory.getByte(input, in + p);
                    if (c == ',')
                    {
                        entries++;
                        key = closer == '}';
                        break;
                    }
                    if (c != closer)
                    {
                        return fail(JsonError.TAPE_ERROR, p);
                    }
                    Memory.putInt(null, positionsAddress + ((long)w << 2), p);
                    w = closeScope(words, scopes[depth], entries, w);
                    depth--;
                    if (depth == 0)
                    {
                        return finish(words, w, idx, p, s);
                    }
                    entries = counts[depth];
                    closer = (scopes[depth] & 1) != 0 ? ']' : '}';
                }
            }
            if (key)
            {
                // "key" ':' before the member's value; fewer than three structurals left is an error, found in order
                // by truncatedMember
                if (idx + 2 >= stop)
                {
                    return truncatedMember(input, base, length, positions, idx, stop, s);
                }
                p = position(positions, idx++);
                if (Memory.getByte(input, in + p) != '"')
                {
                    return fail(JsonError.TAPE_ERROR, p);
                }
                final int r = StringParser.parse(mode, input, base + p + 1, end, stringsAddress, s);
                if (r < 0)
                {
                    return fail(r, p);
                }
                Memory.putInt(null, positionsAddress + ((long)w << 2), p);
                put(words, w++, STRING_WORD | s);
                s = r;
                p = position(positions, idx++);
                if (Memory.getByte(input, in + p) != ':')
                {
                    return fail(JsonError.TAPE_ERROR, p);
                }
                p = position(positions, idx++);
                c = Memory.getByte(input, in + p);
                continue;
            }
            if (idx >= stop)
            {
                return end(JsonError.UNEXPECTED_END, idx, length);
            }
            p = position(positions, idx++);
            c = Memory.getByte(input, in + p);
        }
    }

    /**
     * The error of an object member that starts at structural {@code idx} with fewer than three structurals left
     * (key, colon, value): the first of a missing or wrong key, a bad key string, a missing or wrong colon, a missing
     * value, as the member loop would find them.
     */
    private int truncatedMember(final byte[] input, final int base, final int length, final int[] positions,
        final int idx, final int count, final int s)
    {
        int i = idx;
        if (i >= count)
        {
            return end(JsonError.UNEXPECTED_END, i, length);
        }
        int p = position(positions, i++);
        if (input[base + p] != '"')
        {
            return fail(JsonError.TAPE_ERROR, p);
        }
        final int r = strings.parse(input, base + p + 1, base + length, tape.stringsAddress, s);
        if (r < 0)
        {
            return fail(r, p);
        }
        if (i >= count)
        {
            return end(JsonError.UNEXPECTED_END, i, length);
        }
        p = position(positions, i++);
        if (input[base + p] != ':')
        {
            return fail(JsonError.TAPE_ERROR, p);
        }
        return end(JsonError.UNEXPECTED_END, i, length);
    }

    /**
     * Writes the number at p as two tape words at w. Integers of up to 18 digits are read here (the common case); the
     * number parser goes on after them when a fraction or exponent follows, and reads everything else from the start.
     */
    private boolean number(final byte[] input, final long in, final int p, final int length, final byte c,
        final long words, final int w)
    {
        final boolean negative = c == '-';
        final int first = negative ? p + 1 : p;
        int i = first;
        long value = 0;
        while (i < length)
        {
            final int d = Memory.getByte(input, in + i) - '0';
            if (d < 0 || d > 9)
            {
                break;
            }
            value = value * 10 + d;
            i++;
        }
        final int digits = i - first;
        if (digits > 0 && digits <= 18 && (digits == 1 || Memory.getByte(input, in + first) != '0')
            && (i == length || TERMINATOR[Memory.getByte(input, in + i) & 0xFF]) && !(negative && value == 0))
        {
            put(words, w, INT64_WORD);
            put(words, w + 1, negative ? -value : value);
            return true;
        }
        final long next;
        final int after = i < length ? Memory.getByte(input, in + i) : ' ';
        if (digits > 0 && digits <= 18 && (digits == 1 || Memory.getByte(input, in + first) != '0')
            && (after == '.' || (after | 0x20) == 'e'))
        {
            // a fraction or an exponent follows valid integer digits: the number parser goes on from here
            next = numbers.afterInteger(input, in, negative, first, i, value, length);
        }
        else
        {
            next = c != '-' && (c < '0' || c > '9') ? JsonError.NUMBER_ERROR : numbers.parse(input, in, p, length);
        }
        if (next < 0)
        {
            return false;
        }
        if (numbersCanonical && !canonicalNumber(input, in, negative, first, i, (int)next, numbers.type()))
        {
            numbersCanonical = false;
        }
        put(words, w, (long)numbers.type() << TAG_SHIFT);
        put(words, w + 1, numbers.bits());
        return true;
    }

    /**
     * Off the integer fast path: whether the number text [first - sign, next) is what {@link NumberWriter} prints for
     * its value. Integers: digits only and not "-0". Doubles, conservatively: plain decimals (no exponent) of at most 15
     * digits in all, at least 1e-4, with no trailing zero in the fraction except a lone ".0" after a non-zero integer
     * part; such a decimal is the shortest one that reads back to its double (15 digits always round-trip) and the
     * writer lays it out plainly.
     */
    private static boolean canonicalNumber(final byte[] input, final long in, final boolean negative, final int first,
        final int intEnd, final int next, final byte type)
    {
        final boolean zeroInt = Memory.getByte(input, in + first) == '0';
        if (type != TapeDescriptor.TAG_DOUBLE)
        {
            return intEnd == next && !(negative && zeroInt);
        }
        if (intEnd == first || intEnd >= next || Memory.getByte(input, in + intEnd) != '.' || next - first > 16)
        {
            return false;
        }
        int leadingZeros = 0;
        boolean nonZero = !zeroInt;
        for (int k = intEnd + 1; k < next; k++)
        {
            final byte b = Memory.getByte(input, in + k);
            if (b < '0' || b > '9')
            {
                return false;
            }
            if (b != '0')
            {
                nonZero = true;
            }
            else if (!nonZero)
            {
                leadingZeros++;
            }
        }
        final byte lastDigit = Memory.getByte(input, in + next - 1);
        if (lastDigit == '0')
        {
            // only "N.0" with N non-zero
            return !zeroInt && next == intEnd + 2;
        }
        return !zeroInt || leadingZeros <= 3;
    }

    private int end(final int code, final int idx, final int length)
    {
        nextIndex = idx;
        return fail(code, length);
    }

    /** positions[idx] without a bounds check: idx is below count + 2, and the array holds count + 2 entries. */
    private static int position(final int[] positions, final int idx)
    {
        return Memory.getInt(positions, INT_BASE + ((long)idx << 2));
    }

    /**
     * Ends the document; {@code last} is the position of its last structural (the root's closer, or a scalar),
     * {@code stringBytes} the string buffer's bytes in use.
     */
    private int finish(final long words, final int w, final int idx, final int last, final int stringBytes)
    {
        tape.stringsLength = stringBytes;
        final byte rootTag = (byte)(Memory.getLong(null, words + Long.BYTES) >>> TAG_SHIFT);
        tape.spanEnd = rootTag == TapeDescriptor.TAG_START_OBJECT || rootTag == TapeDescriptor.TAG_START_ARRAY ? last + 1 : 0;
        tape.numbersCanonical = numbersCanonical;
        put(words, 0, ROOT_WORD | w);
        put(words, w, ROOT_WORD);
        tape.length = w + 1;
        nextIndex = idx;
        return JsonError.OK;
    }

    /** Writes the end word at {@code w}, patches the start word, returns the index after the end word. */
    private static int closeScope(final long words, final int scope, final int entries, final int w)
    {
        final int startIndex = scope >>> 1;
        final boolean array = (scope & 1) != 0;
        put(words, w, (array ? END_ARRAY_WORD : END_OBJECT_WORD) | startIndex);
        final long count = Math.min(entries, COUNT_MASK);
        put(words, startIndex, (array ? ARRAY_WORD : OBJECT_WORD) | (count << COUNT_SHIFT) | (w + 1));
        return w + 1;
    }

    /** Writes tape word {@code index} (native memory at {@code words}). */
    private static void put(final long words, final int index, final long value)
    {
        Memory.putLong(null, words + ((long)index << 3), value);
    }

    /** Whether the 4 bytes at {@code at} are {@code expected} and are followed by the end or a terminator. */
    private static boolean literal(final byte[] input, final long in, final int at, final int length, final int expected)
    {
        if (at + 4 > length || Memory.getInt(input, in + at) != expected)
        {
            return false;
        }
        return at + 4 == length || TERMINATOR[Memory.getByte(input, in + at + 4) & 0xFF];
    }
}
