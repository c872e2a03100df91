package io.temblor.script.value;

import io.temblor.json.JsonWriter;
import io.temblor.json.NumberWriter;
import io.temblor.json.SimdWidth;
import io.temblor.json.Tape;
import io.temblor.json.TapeDescriptor;
import io.temblor.offheap.ByteSink;
import io.temblor.offheap.Memory;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

import static io.temblor.script.value.ValueDescriptor.CONTAINER_HEADER_BYTES;
import static io.temblor.script.value.ValueDescriptor.CONTAINER_SOURCE_OFFSET;
import static io.temblor.script.value.ValueDescriptor.ELEMENT_BYTES;
import static io.temblor.script.value.ValueDescriptor.ENTRY_BYTES;
import static io.temblor.script.value.ValueDescriptor.ENTRY_VALUE_OFFSET;
import static io.temblor.script.value.ValueDescriptor.STORE_ARENA;
import static io.temblor.script.value.ValueDescriptor.STORE_CONSTANT;
import static io.temblor.script.value.ValueDescriptor.STORE_TAPE;
import static io.temblor.script.value.ValueDescriptor.STRING_DATA_OFFSET;
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
 * Serializes any value (immediate, tape, arena, constant or state, nested in any mix) as compact JSON into a
 * {@link ByteSink}, byte for byte as {@code io.temblor.json.JsonWriter} writes a tape: strings escaped per RFC 8259
 * (quote, backslash and control characters; other UTF-8 as is), integers exact, floats as the shortest decimal that
 * reads back as a float ({@link NumberWriter}). Binaries, which JSON lacks, are written as arrays of byte values
 * (as serde serializes bytes, Tremor's {@code string} and {@code binary} codecs), or, for a writer made with
 * {@link #ValueWriter(boolean) base64 binaries}, as strings of their standard base64 with padding (as Tremor's
 * {@code json} codec writes them).
 *
 * <p>This is the emit path of every event, so it reads the stores and the tape as raw native memory and writes into
 * the sink's memory directly, reserving room once per string or scalar; strings are copied 32 bytes at a time with
 * the Vector API, each block checked for bytes that need escaping (eight bytes at a time with the SWAR "has zero byte" /
 * "has byte less than n" tests of Hacker's Delight 6-1 when the configured SIMD width is scalar). Reusable and
 * allocation free in steady state; not thread safe: one owner thread.
 */
public final class ValueWriter
{
    /** Worst case bytes per string byte: a control character as \\u00XX. */
    private static final int MAX_ESCAPE_BYTES = 6;
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final long QUOTES = 0x2222_2222_2222_2222L;
    private static final long BACKSLASHES = 0x5C5C_5C5C_5C5C_5C5CL;
    private static final long SPACES = 0x2020_2020_2020_2020L;
    /** Room reserved before a structural byte or a literal: the longest of them ({@code false} plus a comma). */
    private static final int SMALL = 8;
    /** Strings are scanned 32 bytes at a time with the Vector API unless the configured SIMD width is scalar. */
    private static final boolean VECTOR = SimdWidth.configured() != SimdWidth.SCALAR;
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_256;
    private static final int VECTOR_BYTES = 32;
    /** The standard base64 alphabet (RFC 4648 section 4). */
    private static final byte[] BASE64 =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
    /** All of native memory, for vector loads and stores at raw addresses. */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private final byte[] number = new byte[NumberWriter.MAX_DOUBLE_LENGTH + 8];
    /** Per tape nesting level: whether the container is an object. */
    private boolean[] inObject = new boolean[64];
    /** Whether a canonical document's input is copied (tests turn it off to compare with the tape walk). */
    boolean passthrough = true;
    /** Whether binaries are written as base64 strings rather than arrays of byte values. */
    private final boolean base64Binaries;
    /** Input copies made for tape containers and member runs (tests check that the copies happen). */
    long inputCopies;
    private ByteSink sink;
    /**
     * Constant-pool containers already written, by handle (open addressing, 0 marks a free slot), each with where its
     * JSON starts in {@code constantJson} and how long it is: the pool never changes, so each is rendered once and
     * copied afterwards. Tied to one pool ({@code constantOwner}); another pool clears it.
     */
    private long[] constantKeys = new long[16];
    private int[] constantStarts = new int[16];
    private int[] constantLengths = new int[16];
    private int constantCount;
    private byte[] constantJson = new byte[256];
    private int constantJsonLength;
    private Arena constantOwner;
    /** The sink's memory: bytes go to {@code base + pos}; {@code limit} is its capacity. */
    private long base;
    private long pos;
    private long limit;

    /**
     * A writer of binaries as arrays of byte values.
     */
    public ValueWriter()
    {
        this(false);
    }

    /**
     * A writer.
     *
     * @param base64Binaries true: binaries as strings of their standard base64 with padding (Tremor's JSON form of
     *                       bytes); false: as arrays of byte values.
     */
    public ValueWriter(final boolean base64Binaries)
    {
        this.base64Binaries = base64Binaries;
    }

    /**
     * Writes a value.
     *
     * @param context resolves the value's stores.
     * @param handle the value's handle.
     * @param bits its bits.
     * @param sink destination (appended to).
     * @return bytes written.
     */
    public long write(final ValueContext context, final long handle, final long bits, final ByteSink sink)
    {
        this.sink = sink;
        final MemorySegment segment = sink.segment();
        base = segment.address();
        limit = segment.byteSize();
        pos = sink.position();
        final long start = pos;
        try
        {
            writeValue(context, handle, bits);
        }
        finally
        {
            sink.position(pos);
            this.sink = null;
        }
        return pos - start;
    }

    private void ensure(final long bytes)
    {
        if (pos + bytes > limit)
        {
            sink.position(pos);
            final MemorySegment segment = sink.reserve(bytes);
            base = segment.address();
            limit = segment.byteSize();
        }
    }

    private void put(final int b)
    {
        Memory.putByte(null, base + pos++, (byte)b);
    }

    private void literal(final byte[] bytes, final int length)
    {
        ensure(length);
        Memory.copy(bytes, Memory.BYTE_ARRAY_OFFSET, null, base + pos, length);
        pos += length;
    }

    private void writeValue(final ValueContext context, final long handle, final long bits)
    {
        switch (Values.type(handle))
        {
            case TYPE_NULL -> nullLiteral();
            case TYPE_BOOL -> bool(bits != 0);
            case TYPE_INT -> literal(number, NumberWriter.writeLong(bits, number, 0));
            case TYPE_UINT -> literal(number, NumberWriter.writeUnsignedLong(bits, number, 0));
            case TYPE_FLOAT -> literal(number, NumberWriter.writeDouble(Double.longBitsToDouble(bits), number, 0));
            case TYPE_STRING ->
            {
                final long at = context.blockAddress(handle);
                string(at + STRING_DATA_OFFSET, Memory.getInt(null, at));
            }
            case TYPE_BINARY -> writeBinary(context, handle);
            case TYPE_ARRAY, TYPE_RECORD ->
            {
                if (Values.store(handle) == STORE_TAPE)
                {
                    final int index = (int)Values.index(handle);
                    final Tape tape = context.tape();
                    if (passthrough && tape.canonical())
                    {
                        // a canonical document's containers (the root too: an unchanged event) are their input text,
                        // from '{' or '[' to the closer
                        final long words = context.tapeWordsAddress();
                        final long positions = context.tapePositionsAddress();
                        final int endWord = (int)(Memory.getLong(null, words + ((long)index << 3)) & TapeDescriptor.INDEX_MASK) - 1;
                        final int from = Memory.getInt(null, positions + ((long)index << 2));
                        copyInput(tape, from, Memory.getInt(null, positions + ((long)endWord << 2)) + 1);
                    }
                    else
                    {
                        writeTape(context, index);
                    }
                }
                else
                {
                    writeContainer(context, handle);
                }
            }
            default -> throw new IllegalArgumentException("unknown value type " + Values.type(handle));
        }
    }

    private void nullLiteral()
    {
        ensure(SMALL);
        final long d = base + pos;
        Memory.putByte(null, d, (byte)'n');
        Memory.putByte(null, d + 1, (byte)'u');
        Memory.putByte(null, d + 2, (byte)'l');
        Memory.putByte(null, d + 3, (byte)'l');
        pos += 4;
    }

    private void bool(final boolean value)
    {
        ensure(SMALL);
        final long d = base + pos;
        if (value)
        {
            Memory.putByte(null, d, (byte)'t');
            Memory.putByte(null, d + 1, (byte)'r');
            Memory.putByte(null, d + 2, (byte)'u');
            Memory.putByte(null, d + 3, (byte)'e');
            pos += 4;
        }
        else
        {
            Memory.putByte(null, d, (byte)'f');
            Memory.putByte(null, d + 1, (byte)'a');
            Memory.putByte(null, d + 2, (byte)'l');
            Memory.putByte(null, d + 3, (byte)'s');
            Memory.putByte(null, d + 4, (byte)'e');
            pos += 5;
        }
    }

    /** An arena, constant or state container: its entries are read straight from the block. */
    private void writeContainer(final ValueContext context, final long handle)
    {
        if (Values.store(handle) == STORE_CONSTANT)
        {
            writeConstant(context, handle);
            return;
        }
        writeEntries(context, handle);
    }

    /** A constant-pool container: its JSON as rendered the first time. */
    private void writeConstant(final ValueContext context, final long handle)
    {
        final Arena pool = context.constantPool();
        if (pool != constantOwner)
        {
            Arrays.fill(constantKeys, 0);
            constantCount = 0;
            constantJsonLength = 0;
            constantOwner = pool;
        }
        final int slot = constantSlot(handle);
        if (constantKeys[slot] == handle)
        {
            final int n = constantLengths[slot];
            ensure(n);
            Memory.copy(constantJson, Memory.BYTE_ARRAY_OFFSET + constantStarts[slot], null, base + pos, n);
            pos += n;
            return;
        }
        final long start = pos;
        writeEntries(context, handle);
        final int n = Math.toIntExact(pos - start);
        if (constantJsonLength + n > constantJson.length)
        {
            constantJson = Arrays.copyOf(constantJson, Math.max(constantJson.length * 2, constantJsonLength + n));
        }
        Memory.copy(null, base + start, constantJson, Memory.BYTE_ARRAY_OFFSET + constantJsonLength, n);
        if (2 * (constantCount + 1) > constantKeys.length)
        {
            growConstants();
        }
        // nested constants written meanwhile may have moved the table: look the slot up again
        final int free = constantSlot(handle);
        constantKeys[free] = handle;
        constantStarts[free] = constantJsonLength;
        constantLengths[free] = n;
        constantCount++;
        constantJsonLength += n;
    }

    /** The slot holding {@code handle}, or the free slot where it goes. */
    private int constantSlot(final long handle)
    {
        final int mask = constantKeys.length - 1;
        int slot = (int)((handle * 0x9E37_79B9_7F4A_7C15L) >>> 40) & mask;
        while (constantKeys[slot] != 0 && constantKeys[slot] != handle)
        {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void growConstants()
    {
        final long[] keys = constantKeys;
        final int[] starts = constantStarts;
        final int[] lengths = constantLengths;
        constantKeys = new long[keys.length * 2];
        constantStarts = new int[keys.length * 2];
        constantLengths = new int[keys.length * 2];
        for (int i = 0; i < keys.length; i++)
        {
            if (keys[i] != 0)
            {
                final int slot = constantSlot(keys[i]);
                constantKeys[slot] = keys[i];
                constantStarts[slot] = starts[i];
                constantLengths[slot] = lengths[i];
            }
        }
    }

    /** A container's entries read straight from its block. */
    private void writeEntries(final ValueContext context, final long handle)
    {
        final boolean record = Values.type(handle) == TYPE_RECORD;
        final long block = context.blockAddress(handle);
        if (record && passthrough && Values.store(handle) == STORE_ARENA)
        {
            final int source = Memory.getInt(null, block + CONTAINER_SOURCE_OFFSET);
            final Tape tape = context.tape();
            if (source != 0 && tape != null && source < tape.length() && tape.canonical() &&
                (byte)(Memory.getLong(null, context.tapeWordsAddress() + ((long)source << 3)) >>> TapeDescriptor.TAG_SHIFT) ==
                    TapeDescriptor.TAG_START_OBJECT)
            {
                writeMembers(context, tape, block, source);
                return;
            }
        }
        final int length = Memory.getInt(null, block);
        ensure(SMALL);
        put(record ? '{' : '[');
        long e = block + CONTAINER_HEADER_BYTES;
        for (int i = 0; i < length; i++)
        {
            if (i > 0)
            {
                ensure(SMALL);
                put(',');
            }
            if (record)
            {
                final long keyAt = context.blockAddress(Memory.getLong(null, e));
                string(keyAt + STRING_DATA_OFFSET, Memory.getInt(null, keyAt));
                put(':');
                final long value = Memory.getLong(null, e + ENTRY_VALUE_OFFSET);
                if (Values.type(value) == TYPE_STRING)
                {
                    // the usual value, without the call and the type switch
                    final long valueAt = context.blockAddress(value);
                    string(valueAt + STRING_DATA_OFFSET, Memory.getInt(null, valueAt));
                }
                else
                {
                    writeValue(context, value, Memory.getLong(null, e + ENTRY_VALUE_OFFSET + 8));
                }
                e += ENTRY_BYTES;
            }
            else
            {
                writeValue(context, Memory.getLong(null, e), Memory.getLong(null, e + 8));
                e += ELEMENT_BYTES;
            }
        }
        ensure(SMALL);
        put(record ? '}' : ']');
    }

    /**
     * A record copied from a tape record (word {@code source}) of a canonical document: the members it still has as
     * the tape has them (same key string, same value), in the tape's order, are copied from the input in runs (a run
     * of adjacent tape members is one copy, commas included); the others are written as {@link #writeEntries} writes
     * them. Each entry is checked against the tape, so the source word is only a hint: a member whose value changed,
     * a key from elsewhere or entries out of the tape's order are written normally. Members the record no longer has
     * are passed over; after an entry whose tape key is not found ahead, no further run is tried (linear time).
     */
    private void writeMembers(final ValueContext context, final Tape tape, final long block, final int source)
    {
        final long words = context.tapeWordsAddress();
        final long positions = context.tapePositionsAddress();
        final int endWord = (int)(Memory.getLong(null, words + ((long)source << 3)) & TapeDescriptor.INDEX_MASK) - 1;
        final int length = Memory.getInt(null, block);
        ensure(SMALL);
        put('{');
        // k: the first tape member not passed yet; runStart: input offset of the open run (-1: none); runNext: the
        // tape word after the open run's last member
        int k = source + 1;
        int runStart = -1;
        int runNext = 0;
        long e = block + CONTAINER_HEADER_BYTES;
        for (int i = 0; i < length; i++, e += ENTRY_BYTES)
        {
            final long key = Memory.getLong(null, e);
            final long value = Memory.getLong(null, e + ENTRY_VALUE_OFFSET);
            final long bits = Memory.getLong(null, e + ENTRY_VALUE_OFFSET + 8);
            if (k < endWord && Values.store(key) == STORE_TAPE)
            {
                final long s = Values.index(key);
                int m = k;
                while (m < endWord && (Memory.getLong(null, words + ((long)m << 3)) & TapeDescriptor.PAYLOAD_MASK) != s)
                {
                    m = ValueContext.tapeSkip(words, m + 1);
                }
                if (m >= endWord)
                {
                    k = endWord;
                }
                else if (sameAsTape(words, m + 1, value, bits))
                {
                    final int next = ValueContext.tapeSkip(words, m + 1);
                    k = next;
                    if (runStart >= 0 && m == runNext)
                    {
                        runNext = next;
                        continue;
                    }
                    if (runStart >= 0)
                    {
                        endRun(tape, positions, runStart, runNext, endWord);
                    }
                    if (i > 0)
                    {
                        ensure(SMALL);
                        put(',');
                    }
                    runStart = Memory.getInt(null, positions + ((long)m << 2));
                    runNext = next;
                    continue;
                }
            }
            if (runStart >= 0)
            {
                endRun(tape, positions, runStart, runNext, endWord);
                runStart = -1;
            }
            if (i > 0)
            {
                ensure(SMALL);
                put(',');
            }
            final long keyAt = context.blockAddress(key);
            string(keyAt + STRING_DATA_OFFSET, Memory.getInt(null, keyAt));
            put(':');
            writeValue(context, value, bits);
        }
        if (runStart >= 0)
        {
            endRun(tape, positions, runStart, runNext, endWord);
        }
        ensure(SMALL);
        put('}');
    }

    /** Copies a run of members from its first key to before the comma after its last one (or the record's closer). */
    private void endRun(final Tape tape, final long positions, final int runStart, final int runNext, final int endWord)
    {
        final int end = Memory.getInt(null, positions + ((long)runNext << 2));
        copyInput(tape, runStart, runNext < endWord ? end - 1 : end);
    }

    /** Copies input bytes [from, to) of the tape's document (offsets relative to its position base). */
    private void copyInput(final Tape tape, final int from, final int to)
    {
        final int n = to - from;
        inputCopies++;
        ensure(n);
        Memory.copy(tape.source(), Memory.BYTE_ARRAY_OFFSET + tape.positionBase() + from, null, base + pos, n);
        pos += n;
    }

    /** Whether a value is the tape's value at word {@code v} (the same tape string or container, or an equal scalar). */
    private static boolean sameAsTape(final long words, final int v, final long handle, final long bits)
    {
        final long word = Memory.getLong(null, words + ((long)v << 3));
        final byte tag = (byte)(word >>> TapeDescriptor.TAG_SHIFT);
        return switch (Values.type(handle))
        {
            case TYPE_STRING -> tag == TapeDescriptor.TAG_STRING && Values.store(handle) == STORE_TAPE &&
                (word & TapeDescriptor.PAYLOAD_MASK) == Values.index(handle);
            case TYPE_ARRAY, TYPE_RECORD -> Values.store(handle) == STORE_TAPE && Values.index(handle) == v;
            case TYPE_INT -> tag == TapeDescriptor.TAG_INT64 && Memory.getLong(null, words + ((long)(v + 1) << 3)) == bits;
            case TYPE_UINT -> tag == TapeDescriptor.TAG_UINT64 && Memory.getLong(null, words + ((long)(v + 1) << 3)) == bits;
            case TYPE_FLOAT -> tag == TapeDescriptor.TAG_DOUBLE && Memory.getLong(null, words + ((long)(v + 1) << 3)) == bits;
            case TYPE_BOOL -> tag == (bits != 0 ? TapeDescriptor.TAG_TRUE : TapeDescriptor.TAG_FALSE);
            case TYPE_NULL -> tag == TapeDescriptor.TAG_NULL;
            default -> false;
        };
    }

    /** A tape container, walked word by word as {@code JsonWriter} does. */
    private void writeTape(final ValueContext context, final int index)
    {
        final long words = context.tapeWordsAddress();
        final long strings = context.tapeStringsAddress();
        final int end = (int)(Memory.getLong(null, words + ((long)index << 3)) & TapeDescriptor.INDEX_MASK);
        boolean[] stack = inObject;
        int depth = 0;
        boolean object = false;
        boolean needComma = false;
        boolean expectKey = false;
        int i = index;
        while (i < end)
        {
            final long word = Memory.getLong(null, words + ((long)i << 3));
            final byte tag = (byte)(word >>> TapeDescriptor.TAG_SHIFT);
            ensure(SMALL);
            if (needComma && tag != TapeDescriptor.TAG_END_OBJECT && tag != TapeDescriptor.TAG_END_ARRAY)
            {
                put(',');
            }
            switch (tag)
            {
                case TapeDescriptor.TAG_START_OBJECT, TapeDescriptor.TAG_START_ARRAY ->
                {
                    put(tag);
                    if (depth + 1 >= stack.length)
                    {
                        stack = Arrays.copyOf(stack, stack.length * 2);
                        inObject = stack;
                    }
                    stack[depth++] = object;
                    object = tag == TapeDescriptor.TAG_START_OBJECT;
                    needComma = false;
                    expectKey = object;
                    i++;
                }
                case TapeDescriptor.TAG_END_OBJECT, TapeDescriptor.TAG_END_ARRAY ->
                {
                    put(tag);
                    object = stack[--depth];
                    needComma = true;
                    expectKey = object;
                    i++;
                }
                case TapeDescriptor.TAG_STRING ->
                {
                    final long at = strings + (word & TapeDescriptor.PAYLOAD_MASK);
                    string(at + TapeDescriptor.STRING_LENGTH_BYTES, Memory.getInt(null, at));
                    if (expectKey)
                    {
                        put(':');
                        needComma = false;
                        expectKey = false;
                    }
                    else
                    {
                        needComma = true;
                        expectKey = object;
                    }
                    i++;
                }
                default ->
                {
                    i += writeTapeScalar(tag, words, i);
                    needComma = true;
                    expectKey = object;
                }
            }
        }
    }

    private int writeTapeScalar(final byte tag, final long words, final int i)
    {
        switch (tag)
        {
            case TapeDescriptor.TAG_INT64 ->
            {
                literal(number, NumberWriter.writeLong(Memory.getLong(null, words + ((long)(i + 1) << 3)), number, 0));
                return 2;
            }
            case TapeDescriptor.TAG_UINT64 ->
            {
                literal(number, NumberWriter.writeUnsignedLong(Memory.getLong(null, words + ((long)(i + 1) << 3)), number, 0));
                return 2;
            }
            case TapeDescriptor.TAG_DOUBLE ->
            {
                final double d = Double.longBitsToDouble(Memory.getLong(null, words + ((long)(i + 1) << 3)));
                literal(number, NumberWriter.writeDouble(d, number, 0));
                return 2;
            }
            case TapeDescriptor.TAG_TRUE ->
            {
                bool(true);
                return 1;
            }
            case TapeDescriptor.TAG_FALSE ->
            {
                bool(false);
                return 1;
            }
            case TapeDescriptor.TAG_NULL ->
            {
                nullLiteral();
                return 1;
            }
            default -> throw new IllegalStateException("unexpected tape tag '" + (char)tag + "' at " + i);
        }
    }

    /**
     * A quoted, escaped string from native memory. Leaves at least 8 reserved bytes after the closing quote, so a key's
     * colon needs no room check.
     */
    private void string(final long src, final int length)
    {
        ensure((long)length * MAX_ESCAPE_BYTES + 2 + VECTOR_BYTES);
        long d = base + pos;
        Memory.putByte(null, d++, (byte)'"');
        d = VECTOR ? copyVector(src, length, d) : copySwar(src, length, d);
        Memory.putByte(null, d++, (byte)'"');
        pos = d - base;
    }

    /**
     * Copies a string's bytes 32 at a time: each block is stored whole (room for it is reserved), then checked for a
     * byte that needs escaping; the copy resumes after the first such byte, written escaped. Loads may run up to 31
     * bytes past the string: every store keeps that much readable after its data (the tape's string buffer has
     * padding, arenas keep {@link Arena#READ_SLACK}).
     */
    static long copyVector(final long src, final int length, final long to)
    {
        long d = to;
        int i = 0;
        while (i < length)
        {
            final ByteVector v = ByteVector.fromMemorySegment(SPECIES, ALL, src + i, ByteOrder.LITTLE_ENDIAN);
            v.intoMemorySegment(ALL, d, ByteOrder.LITTLE_ENDIAN);
            long special = v.eq((byte)'"').or(v.eq((byte)'\\')).or(v.and((byte)0xE0).eq((byte)0)).toLong();
            final int rest = length - i;
            if (rest < VECTOR_BYTES)
            {
                special &= (1L << rest) - 1;
            }
            if (special == 0)
            {
                final int n = Math.min(rest, VECTOR_BYTES);
                i += n;
                d += n;
                continue;
            }
            final int k = Long.numberOfTrailingZeros(special);
            d = JsonWriter.putEscaped(Memory.getByte(null, src + i + k) & 0xFF, d + k);
            i += k + 1;
        }
        return d;
    }

    /**
     * {@link #copyVector} without the Vector API: eight bytes at a time while none of them needs escaping (a byte
     * below 0x20, a quote or a backslash; bytes from 0x80 up never match), byte by byte through a word that has one.
     * The last 1 to 7 bytes are one word too: the 8 bytes ending at the string's end (or, for strings under 4 bytes,
     * starting at its u32 length prefix, which every string block has; blocks are at least 8 bytes), shifted so the
     * tail is in the low bytes and copied whole when it needs no escape.
     */
    static long copySwar(final long src, final int length, final long to)
    {
        long d = to;
        long p = src;
        final long end = src + length;
        while (p + Long.BYTES <= end)
        {
            final long x = Memory.getLong(null, p);
            if (needsEscape(x) == 0)
            {
                Memory.putLong(null, d, x);
                d += Long.BYTES;
                p += Long.BYTES;
                continue;
            }
            for (final long stop = p + Long.BYTES; p < stop; p++)
            {
                d = JsonWriter.putEscaped(Memory.getByte(null, p) & 0xFF, d);
            }
        }
        final int rest = (int)(end - p);
        if (rest > 0)
        {
            final long x = length >= STRING_DATA_OFFSET ?
                Memory.getLong(null, end - Long.BYTES) >>> ((Long.BYTES - rest) << 3) :
                Memory.getLong(null, src - STRING_DATA_OFFSET) >>> (STRING_DATA_OFFSET << 3);
            if ((needsEscape(x) & ((1L << (rest << 3)) - 1)) == 0)
            {
                Memory.putLong(null, d, x);
                d += rest;
                p = end;
            }
        }
        for (; p < end; p++)
        {
            d = JsonWriter.putEscaped(Memory.getByte(null, p) & 0xFF, d);
        }
        return d;
    }

    /** The high bit of each byte of a word that needs escaping in a JSON string (exact for the lowest such byte). */
    private static long needsEscape(final long x)
    {
        final long quote = x ^ QUOTES;
        final long backslash = x ^ BACKSLASHES;
        return ((x - SPACES) | (quote - ONES) | (backslash - ONES)) & ~x & HIGH_BITS;
    }

    private void writeBinary(final ValueContext context, final long handle)
    {
        final long at = context.blockAddress(handle);
        final int n = Memory.getInt(null, at);
        if (base64Binaries)
        {
            writeBase64(at + STRING_DATA_OFFSET, n);
            return;
        }
        ensure(SMALL);
        put('[');
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
            {
                ensure(SMALL);
                put(',');
            }
            literal(number, NumberWriter.writeLong(Memory.getByte(null, at + STRING_DATA_OFFSET + i) & 0xFF, number, 0));
        }
        ensure(SMALL);
        put(']');
    }
    /** Writes {@code n} bytes at a native address as a JSON string of their standard base64 with padding. */
    private void writeBase64(final long from, final int n)
    {
        ensure(2 + 4L * ((n + 2) / 3));
        put('"');
        int i = 0;
        for (; i + 3 <= n; i += 3)
        {
            final int w = (Memory.getByte(null, from + i) & 0xFF) << 16 |
                (Memory.getByte(null, from + i + 1) & 0xFF) << 8 | Memory.getByte(null, from + i + 2) & 0xFF;
            put(BASE64[w >>> 18]);
            put(BASE64[w >>> 12 & 0x3F]);
            put(BASE64[w >>> 6 & 0x3F]);
            put(BASE64[w & 0x3F]);
        }
        if (i < n)
        {
            final int b0 = Memory.getByte(null, from + i) & 0xFF;
            final int b1 = i + 1 < n ? Memory.getByte(null, from + i + 1) & 0xFF : 0;
            put(BASE64[b0 >>> 2]);
            put(BASE64[(b0 & 0x03) << 4 | b1 >>> 4]);
            put(i + 1 < n ? BASE64[(b1 & 0x0F) << 2] : '=');
            put('=');
        }
        put('"');
    }
}
