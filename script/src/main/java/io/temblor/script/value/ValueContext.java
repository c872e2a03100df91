package io.temblor.script.value;

import io.temblor.json.NumberWriter;
import io.temblor.json.Tape;
import io.temblor.json.TapeDescriptor;
import io.temblor.offheap.ByteSink;
import io.temblor.offheap.Memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;

import static io.temblor.script.value.ValueDescriptor.CONTAINER_HEADER_BYTES;
import static io.temblor.script.value.ValueDescriptor.CONTAINER_KEYS_OFFSET;
import static io.temblor.script.value.ValueDescriptor.CONTAINER_SOURCE_OFFSET;
import static io.temblor.script.value.ValueDescriptor.ELEMENT_BYTES;
import static io.temblor.script.value.ValueDescriptor.ENTRY_BYTES;
import static io.temblor.script.value.ValueDescriptor.ENTRY_VALUE_OFFSET;
import static io.temblor.script.value.ValueDescriptor.STORE_ARENA;
import static io.temblor.script.value.ValueDescriptor.STORE_CONSTANT;
import static io.temblor.script.value.ValueDescriptor.STORE_IMMEDIATE;
import static io.temblor.script.value.ValueDescriptor.STORE_STATE;
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
 * Operations on values wherever they live: the current event's {@link Tape}, the event {@link Arena}, the constant
 * pool and the state store. Values are (handle, bits) pairs ({@link ValueDescriptor}); results are written into a
 * caller's {@code long[]} slot pair ({@code out[at]} = handle, {@code out[at + 1]} = bits) or a {@link ValueSlot},
 * never returned as objects. Nothing here allocates on the heap in steady state.
 *
 * <p>Copy on write at container granularity: only containers in the event arena change in place. Writing into a
 * tape, constant or state container first copies that one container into the arena (its entries still point where
 * they pointed), and the write returns the new handle, which the caller stores in place of the old one. To keep
 * Tremor's value semantics, arena containers count their holders (container slots they are stored in, plus
 * {@link #retain} calls for variables): one stored in two places is shared and is copied, one level, before a write.
 *
 * <p>Lifetimes: TAPE handles are valid until the tape's parser parses again, ARENA handles until
 * {@link Arena#reset()}. Not thread safe: one owner thread (the pipeline agent running the script) binds the event
 * ({@link #event(Tape)}), runs the operations and resets the arena.
 */
public final class ValueContext
{
    /** Status: done. */
    public static final int OK = 0;
    /** Status of {@link #setPath}: a key on the path names an existing value that is not a record. */
    public static final int NOT_A_RECORD = -1;

    /** Spare capacity given to a container copied into the arena, for the writes that usually follow. */
    static final int COPY_SPARE = 4;
    /** Capacity of a new empty record or array. */
    static final int NEW_CAPACITY = 4;
    /** Most keys of a tape record whose keys are indexed for lookups. */
    static final int INDEXED_KEYS = 32;
    /** Longest decimal of an int64 ({@code -9223372036854775808}). */
    private static final int MAX_LONG_DIGITS = 20;
    /** Longest copy done inline by {@link #copyBytes}. */
    private static final int SHORT_COPY_BYTES = 64;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final double EPSILON = Math.ulp(1.0);

    private final Arena arena;
    private final Arena constants;
    private Arena state;
    private final ByteSink builder = new ByteSink(1024);
    /** The builder's memory as raw fields (its segment's address and size), and the bytes appended so far. */
    private long textBase;
    private long textLimit;
    private long textPos;
    private final ValueWriter writer = new ValueWriter();
    private final byte[] number = new byte[NumberWriter.MAX_DOUBLE_LENGTH + 8];
    private final long[] scratch = new long[4];
    private long[] pathSlots = new long[64];
    private byte[] keyBytes = new byte[64];
    private MemorySegment keySegment = MemorySegment.ofArray(keyBytes);
    private long[] equalSlots = new long[64];
    private int slotTop;
    private Tape tape;
    /** Tape word index of the tape record whose keys are indexed ({@link #indexTapeRecord}), -1 for none. */
    private int indexedRecord = -1;
    private int indexedCount;
    private final long[] indexedPrefixes = new long[INDEXED_KEYS];
    private final int[] indexedKeyWords = new int[INDEXED_KEYS];
    /** Native address of the bound tape's words (set by {@link #event}). */
    private long tapeWords;
    /** Native address of the bound tape's string buffer (set by {@link #event}). */
    private long tapeStrings;
    /** Address of the bound tape's input positions (u32 per word). */
    private long tapePositions;

    /**
     * A context over an event arena, without constant pool or state store.
     *
     * @param arena the event arena.
     */
    public ValueContext(final Arena arena)
    {
        this(arena, null, null);
    }

    /**
     * A context over the three arena-like stores.
     *
     * @param arena the event arena (reset by the owner after each event).
     * @param constants the constant pool, or null.
     * @param state the state store, or null.
     */
    public ValueContext(final Arena arena, final Arena constants, final Arena state)
    {
        this.arena = arena;
        this.constants = constants;
        this.state = state;
        this.textBase = builder.segment().address();
        this.textLimit = builder.capacity();
    }

    /**
     * Binds the current event's tape; called again for every event parsed into it (lookups keep an index of a tape
     * record's keys until then).
     *
     * @param tape the parsed event.
     * @return this.
     */
    public ValueContext event(final Tape tape)
    {
        this.tape = tape;
        this.indexedRecord = -1;
        this.tapeWords = tape == null ? 0 : Memory.address(tape.words());
        this.tapeStrings = tape == null ? 0 : Memory.address(tape.strings());
        this.tapePositions = tape == null ? 0 : Memory.address(tape.positions());
        return this;
    }

    /**
     * The bound tape.
     *
     * @return the tape, or null.
     */
    public Tape tape()
    {
        return tape;
    }

    /**
     * The event arena.
     *
     * @return the arena.
     */
    public Arena arena()
    {
        return arena;
    }

    /** The constant pool (null without one): its blocks never change once written. */
    Arena constantPool()
    {
        return constants;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // reading the tape

    /**
     * The value of the bound tape's root.
     *
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void root(final long[] out, final int at)
    {
        tapeValue(Tape.ROOT_INDEX, out, at);
    }

    /**
     * The value whose first word is at a tape index: scalars become immediates, strings and containers TAPE handles.
     *
     * @param index tape word index.
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void tapeValue(final int index, final long[] out, final int at)
    {
        final Tape t = tape;
        final long word = t.word(index);
        switch ((byte)(word >>> TapeDescriptor.TAG_SHIFT))
        {
            case TapeDescriptor.TAG_START_OBJECT -> set(out, at, Values.handle(STORE_TAPE, TYPE_RECORD, index), 0);
            case TapeDescriptor.TAG_START_ARRAY -> set(out, at, Values.handle(STORE_TAPE, TYPE_ARRAY, index), 0);
            case TapeDescriptor.TAG_STRING ->
                set(out, at, Values.handle(STORE_TAPE, TYPE_STRING, word & TapeDescriptor.PAYLOAD_MASK), 0);
            case TapeDescriptor.TAG_INT64 -> set(out, at, Values.INT, t.word(index + 1));
            case TapeDescriptor.TAG_UINT64 -> set(out, at, Values.UINT, t.word(index + 1));
            case TapeDescriptor.TAG_DOUBLE -> set(out, at, Values.FLOAT, t.word(index + 1));
            case TapeDescriptor.TAG_TRUE -> set(out, at, Values.BOOL, 1);
            case TapeDescriptor.TAG_FALSE -> set(out, at, Values.BOOL, 0);
            case TapeDescriptor.TAG_NULL -> set(out, at, Values.NULL, 0);
            default -> throw new IllegalArgumentException("no value at tape index " + index);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // strings and binaries

    /**
     * The memory a string, binary or container handle points into (the tape's string buffer for TAPE strings, the
     * tape words are not exposed).
     *
     * @param handle a reference handle.
     * @return the segment, valid until that store grows or the tape is reparsed.
     */
    public MemorySegment segment(final long handle)
    {
        return switch (Values.store(handle))
        {
            case STORE_TAPE -> tape.strings();
            case STORE_ARENA -> arena.segment();
            case STORE_CONSTANT -> constants.segment();
            case STORE_STATE -> state.segment();
            default -> throw new IllegalArgumentException("not a reference: " + Long.toHexString(handle));
        };
    }

    /**
     * Byte length of a string or binary.
     *
     * @param handle the handle.
     * @return the length.
     */
    public int stringLength(final long handle)
    {
        return Memory.getInt(null, blockAddress(handle));
    }

    /**
     * The native address of a string's or binary's block (its u32 length, then its bytes) or of a container's block in
     * an arena-like store: every store is native memory. Valid until that store grows or the tape is reparsed.
     *
     * @param handle a reference handle.
     * @return the address.
     */
    public long blockAddress(final long handle)
    {
        final long index = Values.index(handle);
        return switch (Values.store(handle))
        {
            case STORE_TAPE -> tapeStrings + index;
            case STORE_ARENA -> arena.address() + index;
            case STORE_CONSTANT -> constants.address() + index;
            case STORE_STATE -> state.address() + index;
            default -> throw new IllegalArgumentException("not a reference: " + Long.toHexString(handle));
        };
    }

    /**
     * The native address of the bound tape's input positions ({@code Tape.positions()}: u32 per word, defined for
     * object keys and container start and end words).
     *
     * @return the address, 0 without a tape.
     */
    public long tapePositionsAddress()
    {
        return tapePositions;
    }

    /**
     * The native address of the bound tape's words, for raw walks of tape containers (see {@code TapeDescriptor}).
     *
     * @return the address, 0 without a tape.
     */
    public long tapeWordsAddress()
    {
        return tapeWords;
    }

    /**
     * The native address of the bound tape's string buffer (a tape string word's payload is an offset into it).
     *
     * @return the address, 0 without a tape.
     */
    public long tapeStringsAddress()
    {
        return tapeStrings;
    }

    /**
     * Offset of a string's first byte in {@link #segment(long)}.
     *
     * @param handle the handle.
     * @return the byte offset.
     */
    public long stringOffset(final long handle)
    {
        return Values.index(handle) + STRING_DATA_OFFSET;
    }

    /**
     * One byte of a string or binary.
     *
     * @param handle the handle.
     * @param i byte index.
     * @return the byte.
     */
    public byte stringByte(final long handle, final int i)
    {
        return segment(handle).get(ValueLayout.JAVA_BYTE, Values.index(handle) + STRING_DATA_OFFSET + i);
    }

    /**
     * Copies a string's bytes.
     *
     * @param handle the handle.
     * @param dst destination with room.
     * @param offset first index in dst.
     * @return bytes copied.
     */
    public int stringBytes(final long handle, final byte[] dst, final int offset)
    {
        final long at = blockAddress(handle);
        final int n = Memory.getInt(null, at);
        Objects.checkFromIndexSize(offset, n, dst.length);
        Memory.copy(null, at + STRING_DATA_OFFSET, dst, Memory.BYTE_ARRAY_OFFSET + offset, n);
        return n;
    }

    /**
     * Whether two string/binary values hold the same bytes, wherever they live.
     *
     * @param a a string handle.
     * @param b another.
     * @return true when equal.
     */
    public boolean stringEquals(final long a, final long b)
    {
        if (a == b)
        {
            return true;
        }
        final long ia = blockAddress(a);
        final long ib = blockAddress(b);
        final int n = Memory.getInt(null, ia);
        return n == Memory.getInt(null, ib) && equalBytes(null, ia + STRING_DATA_OFFSET, null, ib + STRING_DATA_OFFSET, n);
    }

    /**
     * Whether a string's bytes equal {@code value}.
     *
     * @param handle the string.
     * @param value the bytes.
     * @return true when equal.
     */
    public boolean stringEquals(final long handle, final byte[] value)
    {
        final MemorySegment s = segment(handle);
        final long i = Values.index(handle);
        final int n = s.get(U32, i);
        if (n != value.length)
        {
            return false;
        }
        for (int k = 0; k < n; k++)
        {
            if (s.get(ValueLayout.JAVA_BYTE, i + STRING_DATA_OFFSET + k) != value[k])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a string equals {@code value} (compared as UTF-8).
     *
     * @param handle the string.
     * @param value the chars.
     * @return true when equal.
     */
    public boolean stringEquals(final long handle, final CharSequence value)
    {
        final int n = encodeKey(value);
        final MemorySegment s = segment(handle);
        final long i = Values.index(handle);
        return s.get(U32, i) == n &&
            MemorySegment.mismatch(s, i + STRING_DATA_OFFSET, i + STRING_DATA_OFFSET + n, keySegment, 0, n) < 0;
    }

    /**
     * Compares two strings (or binaries) by unsigned bytes, as Tremor orders strings.
     *
     * @param a a string handle.
     * @param b another.
     * @return negative, 0 or positive.
     */
    public int compareStrings(final long a, final long b)
    {
        final MemorySegment sa = segment(a);
        final MemorySegment sb = segment(b);
        final long ia = Values.index(a) + STRING_DATA_OFFSET;
        final long ib = Values.index(b) + STRING_DATA_OFFSET;
        final int na = sa.get(U32, ia - STRING_DATA_OFFSET);
        final int nb = sb.get(U32, ib - STRING_DATA_OFFSET);
        final long m = MemorySegment.mismatch(sa, ia, ia + na, sb, ib, ib + nb);
        if (m < 0)
        {
            return 0;
        }
        if (m == na || m == nb)
        {
            return Integer.compare(na, nb);
        }
        return Integer.compare(sa.get(ValueLayout.JAVA_BYTE, ia + m) & 0xFF, sb.get(ValueLayout.JAVA_BYTE, ib + m) & 0xFF);
    }

    /**
     * 64-bit FNV-1a hash of a string's bytes (equal bytes hash alike in every store).
     *
     * @param handle the string.
     * @return the hash.
     */
    public long hash(final long handle)
    {
        final MemorySegment s = segment(handle);
        final long start = Values.index(handle) + STRING_DATA_OFFSET;
        final long end = start + s.get(U32, start - STRING_DATA_OFFSET);
        long h = FNV_OFFSET_BASIS;
        for (long p = start; p < end; p++)
        {
            h = (h ^ (s.get(ValueLayout.JAVA_BYTE, p) & 0xFF)) * FNV_PRIME;
        }
        return h;
    }

    /**
     * 64-bit FNV-1a hash of bytes, equal to {@link #hash(long)} of a string holding them.
     *
     * @param bytes the bytes.
     * @param offset first byte.
     * @param length byte count.
     * @return the hash.
     */
    public static long hash(final byte[] bytes, final int offset, final int length)
    {
        long h = FNV_OFFSET_BASIS;
        for (int p = offset; p < offset + length; p++)
        {
            h = (h ^ (bytes[p] & 0xFF)) * FNV_PRIME;
        }
        return h;
    }

    /**
     * Copies bytes into a new arena string.
     *
     * @param bytes UTF-8 bytes.
     * @param offset first byte.
     * @param length byte count.
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void newString(final byte[] bytes, final int offset, final int length, final long[] out, final int at)
    {
        newBytes(arena, STORE_ARENA, TYPE_STRING, bytes, offset, length, out, at);
    }

    /**
     * Encodes chars as UTF-8 into a new arena string.
     *
     * @param value the chars.
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void newString(final CharSequence value, final long[] out, final int at)
    {
        final int n = encodeKey(value);
        newBytes(arena, STORE_ARENA, TYPE_STRING, keyBytes, 0, n, out, at);
    }

    /**
     * Copies bytes into a new arena binary.
     *
     * @param bytes the bytes.
     * @param offset first byte.
     * @param length byte count.
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void newBinary(final byte[] bytes, final int offset, final int length, final long[] out, final int at)
    {
        newBytes(arena, STORE_ARENA, TYPE_BINARY, bytes, offset, length, out, at);
    }

    /**
     * Copies bytes from memory (an event ring's frame) into a new arena binary.
     *
     * @param source the memory.
     * @param offset first byte.
     * @param length byte count.
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void newBinary(final MemorySegment source, final long offset, final int length, final long[] out,
        final int at)
    {
        final long block = arena.allocate(STRING_DATA_OFFSET + (long)length);
        arena.putInt(block, length);
        MemorySegment.copy(source, offset, arena.segment(), block + STRING_DATA_OFFSET, length);
        set(out, at, Values.handle(STORE_ARENA, TYPE_BINARY, block), 0);
    }

    /**
     * Encodes chars as UTF-8 into a new constant-pool string (compile time; needs a constant pool).
     *
     * @param value the chars.
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void newConstantString(final CharSequence value, final long[] out, final int at)
    {
        final int n = encodeKey(value);
        newBytes(constants, STORE_CONSTANT, TYPE_STRING, keyBytes, 0, n, out, at);
    }

    /**
     * Concatenates two strings into a new arena string (Tremor's {@code +} on strings).
     *
     * @param a first string handle.
     * @param b second string handle.
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void concat(final long a, final long b, final long[] out, final int at)
    {
        final int na = stringLength(a);
        final int nb = stringLength(b);
        final long block = arena.allocate(STRING_DATA_OFFSET + (long)na + nb);
        arena.putInt(block, na + nb);
        MemorySegment.copy(segment(a), stringOffset(a), arena.segment(), block + STRING_DATA_OFFSET, na);
        MemorySegment.copy(segment(b), stringOffset(b), arena.segment(), block + STRING_DATA_OFFSET + na, nb);
        set(out, at, Values.handle(STORE_ARENA, TYPE_STRING, block), 0);
    }

    /**
     * Starts building a string (for interpolation): appends go to a reused builder buffer until
     * {@link #endString(long, long[], int)} copies them into the arena. Builds nest: an inner build started and ended
     * between two appends of an outer one leaves the outer's bytes intact.
     *
     * @return the mark to pass to {@code endString}.
     */
    public long beginString()
    {
        return textPos;
    }

    /** The address to append {@code bytes} more bytes at, growing the builder when they do not fit. */
    private long textReserve(final long bytes)
    {
        if (textPos + bytes > textLimit)
        {
            builder.position(textPos);
            final MemorySegment segment = builder.reserve(bytes);
            textBase = segment.address();
            textLimit = segment.byteSize();
        }
        return textBase + textPos;
    }

    /**
     * Appends bytes to the string being built.
     *
     * @param bytes the bytes.
     * @param offset first byte.
     * @param length byte count.
     * @return this.
     */
    public ValueContext appendBytes(final byte[] bytes, final int offset, final int length)
    {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        copyBytes(bytes, Memory.BYTE_ARRAY_OFFSET + offset, textReserve(length), length);
        textPos += length;
        return this;
    }

    /**
     * Appends a value's text to the string being built, as Tremor's interpolation renders it: strings raw, numbers and
     * literals as JSON text, arrays and records as compact JSON.
     *
     * @param handle the value's handle.
     * @param bits its bits.
     * @return this.
     */
    public ValueContext appendValue(final long handle, final long bits)
    {
        if (Values.type(handle) == TYPE_STRING)
        {
            final long at = blockAddress(handle);
            final int length = Memory.getInt(null, at);
            copyBytes(null, at + STRING_DATA_OFFSET, textReserve(length), length);
            textPos += length;
        }
        else if (Values.type(handle) == TYPE_INT)
        {
            appendLong(bits);
        }
        else
        {
            builder.position(textPos);
            writer.write(this, handle, bits, builder);
            textPos = builder.position();
            textBase = builder.segment().address();
            textLimit = builder.capacity();
        }
        return this;
    }

    /**
     * Appends an int64 in decimal.
     *
     * @param value the value.
     * @return this.
     */
    public ValueContext appendLong(final long value)
    {
        final int n = NumberWriter.writeLong(value, number, 0);
        copyBytes(number, Memory.BYTE_ARRAY_OFFSET, textReserve(n), n);
        textPos += n;
        return this;
    }

    /**
     * Appends a double as the shortest decimal that reads back to it.
     *
     * @param value a finite double.
     * @return this.
     */
    public ValueContext appendDouble(final double value)
    {
        final int n = NumberWriter.writeDouble(value, number, 0);
        copyBytes(number, Memory.BYTE_ARRAY_OFFSET, textReserve(n), n);
        textPos += n;
        return this;
    }

    /**
     * Finishes a build: copies the bytes appended since {@code mark} into a new arena string and rewinds the builder.
     *
     * @param mark from {@link #beginString()}.
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void endString(final long mark, final long[] out, final int at)
    {
        final int n = Math.toIntExact(textPos - mark);
        final long block = arena.allocate(STRING_DATA_OFFSET + (long)n);
        arena.putInt(block, n);
        copyBytes(null, textBase + mark, arena.address() + block + STRING_DATA_OFFSET, n);
        textPos = mark;
        set(out, at, Values.handle(STORE_ARENA, TYPE_STRING, block), 0);
    }

    /**
     * The room a value takes in {@link #join}: a string's length, the longest decimal of an int64 for an integer, -1 for
     * any other value (rendered by {@link #appendValue} instead).
     *
     * @param handle the value's handle.
     * @return bytes, or -1.
     */
    public int joinRoom(final long handle)
    {
        final int type = Values.type(handle);
        if (type == TYPE_STRING)
        {
            return stringLength(handle);
        }
        return type == TYPE_INT ? MAX_LONG_DIGITS : -1;
    }

    /**
     * Builds an interpolated string straight into one new arena string: {@code texts[0]}, the value in register pair
     * {@code regs[from]}, {@code texts[1]}, the pair at {@code from + 2}, ..., the last text. Each value is a string
     * (copied raw) or an integer (in decimal), as {@link #appendValue} renders them; the block is cut to the bytes
     * written.
     *
     * @param texts literal pieces, one more than the values.
     * @param regs registers holding the values.
     * @param from index of the first value's handle.
     * @param room at least the bytes written: the texts' lengths plus each value's {@link #joinRoom}.
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void join(final byte[][] texts, final long[] regs, final int from, final long room, final long[] out,
        final int at)
    {
        final int count = texts.length - 1;
        final long block = arena.allocate(STRING_DATA_OFFSET + room);
        final long start = arena.address() + block + STRING_DATA_OFFSET;
        long d = start;
        for (int i = 0; i < count; i++)
        {
            final byte[] text = texts[i];
            copyBytes(text, Memory.BYTE_ARRAY_OFFSET, d, text.length);
            d += text.length;
            final long handle = regs[from + 2 * i];
            if (Values.type(handle) == TYPE_STRING)
            {
                final long src = blockAddress(handle);
                final int n = Memory.getInt(null, src);
                copyBytes(null, src + STRING_DATA_OFFSET, d, n);
                d += n;
            }
            else
            {
                final int n = NumberWriter.writeLong(regs[from + 2 * i + 1], number, 0);
                copyBytes(number, Memory.BYTE_ARRAY_OFFSET, d, n);
                d += n;
            }
        }
        final byte[] last = texts[count];
        copyBytes(last, Memory.BYTE_ARRAY_OFFSET, d, last.length);
        d += last.length;
        final int n = (int)(d - start);
        arena.putInt(block, n);
        arena.extendLast(block, STRING_DATA_OFFSET + (long)n);
        set(out, at, Values.handle(STORE_ARENA, TYPE_STRING, block), 0);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // containers

    /**
     * Number of elements of an array, entries of a record, or bytes of a string/binary.
     *
     * @param handle the handle.
     * @return the length.
     */
    public int length(final long handle)
    {
        final int type = Values.type(handle);
        if (type == TYPE_STRING || type == TYPE_BINARY)
        {
            return stringLength(handle);
        }
        checkContainer(handle);
        if (Values.store(handle) == STORE_TAPE)
        {
            final int index = (int)Values.index(handle);
            return type == TYPE_RECORD && index == indexedRecord ? indexedCount : tapeLength(index);
        }
        return storeOf(handle).getInt(Values.index(handle));
    }

    /**
     * Creates an empty arena record.
     *
     * @param capacity entries before it has to grow (at least 1).
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void newRecord(final int capacity, final long[] out, final int at)
    {
        set(out, at, Values.handle(STORE_ARENA, TYPE_RECORD, newBlock(Math.max(1, capacity), ENTRY_BYTES)), 0);
    }

    /**
     * Creates an arena record from distinct keys known beforehand and values in registers, writing its block directly
     * (a record literal with constant keys): entry {@code i} holds {@code keys[i]} and the pair at
     * {@code regs[from + 2 * i]}, in that order.
     *
     * @param keys distinct string handles.
     * @param prefixes each key's {@link #keyPrefixOf}.
     * @param regs registers holding the values.
     * @param from index of the first value's handle.
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void newRecord(final long[] keys, final long[] prefixes, final long[] regs, final int from, final long[] out,
        final int at)
    {
        final int n = keys.length;
        final long block = newBlock(Math.max(1, n), ENTRY_BYTES);
        arena.putInt(block, n);
        for (int i = 0; i < n; i++)
        {
            // each value gains this record as a holder
            own(regs[from + 2 * i]);
        }
        long e = arena.address() + block + CONTAINER_HEADER_BYTES;
        long bits = 0;
        for (int i = 0; i < n; i++)
        {
            bits |= keyBit(prefixes[i]);
            Memory.putLong(null, e, keys[i]);
            Memory.putLong(null, e + 8, prefixes[i]);
            Memory.putLong(null, e + ENTRY_VALUE_OFFSET, regs[from + 2 * i]);
            Memory.putLong(null, e + ENTRY_VALUE_OFFSET + 8, regs[from + 2 * i + 1]);
            e += ENTRY_BYTES;
        }
        addKeyBits(arena.address() + block, bits);
        set(out, at, Values.handle(STORE_ARENA, TYPE_RECORD, block), 0);
    }

    /**
     * The prefix word a record entry keeps beside its key (compared before the key's bytes in lookups).
     *
     * @param key a string handle.
     * @return the prefix.
     */
    public long keyPrefixOf(final long key)
    {
        return keyPrefix(blockAddress(key));
    }

    /**
     * Creates an empty arena array.
     *
     * @param capacity elements before it has to grow (at least 1).
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void newArray(final int capacity, final long[] out, final int at)
    {
        set(out, at, Values.handle(STORE_ARENA, TYPE_ARRAY, newBlock(Math.max(1, capacity), ELEMENT_BYTES)), 0);
    }

    /**
     * Looks a key up in a record (linear scan; byte comparison, so keys in any store match).
     *
     * @param record a record handle.
     * @param key a string handle.
     * @param out slots receiving the value when found (untouched otherwise).
     * @param at index of the handle slot.
     * @return whether the key is present.
     */
    public boolean get(final long record, final long key, final long[] out, final int at)
    {
        final int pos = findKey(record, key);
        if (pos < 0)
        {
            return false;
        }
        entryValue(record, pos, out, at);
        return true;
    }

    /**
     * Looks a site's constant key up in a record, trying the position where the site found it last first.
     *
     * @param record a record handle.
     * @param site the lookup site.
     * @param out slots receiving the value when found (untouched otherwise).
     * @param at index of the handle slot.
     * @return whether the key is present.
     */
    public boolean get(final long record, final KeySite site, final long[] out, final int at)
    {
        final int pos = position(record, site);
        if (pos < 0)
        {
            return false;
        }
        entryValue(record, pos, out, at);
        return true;
    }

    /**
     * {@link #position(long, long)} of a site's constant key, trying the position where the site found it last first.
     *
     * @param record a record handle.
     * @param site the lookup site.
     * @return the key's position, or -1.
     */
    public int position(final long record, final KeySite site)
    {
        checkType(record, TYPE_RECORD);
        final int hint = site.hint;
        final long prefix = site.prefix;
        final int rest = site.rest;
        if (Values.store(record) == STORE_TAPE)
        {
            final int index = (int)Values.index(record);
            if (index == indexedRecord || indexTapeRecord(index))
            {
                if (hint < indexedCount && indexedPrefixes[hint] == prefix)
                {
                    final int k = indexedKeyWords[hint];
                    if (rest <= 0 || tapeKeyTailEquals(k, site))
                    {
                        return k;
                    }
                }
                final long[] prefixes = indexedPrefixes;
                for (int i = 0, n = indexedCount; i < n; i++)
                {
                    if (prefixes[i] == prefix)
                    {
                        final int k = indexedKeyWords[i];
                        if (rest <= 0 || tapeKeyTailEquals(k, site))
                        {
                            site.hint = i;
                            return k;
                        }
                    }
                }
                return -1;
            }
            return findKey(record, site.key);
        }
        final long block = blockAddress(record);
        if ((Memory.getLong(null, block + CONTAINER_KEYS_OFFSET) & site.keyBit) == 0)
        {
            return -1;
        }
        final int length = Memory.getInt(null, block);
        if (hint < length)
        {
            final long e = block + CONTAINER_HEADER_BYTES + (long)hint * ENTRY_BYTES;
            if (Memory.getLong(null, e + 8) == prefix && (rest <= 0 || arenaKeyTailEquals(e, site)))
            {
                return hint;
            }
        }
        long e = block + CONTAINER_HEADER_BYTES;
        for (int i = 0; i < length; i++, e += ENTRY_BYTES)
        {
            if (Memory.getLong(null, e + 8) == prefix && (rest <= 0 || arenaKeyTailEquals(e, site)))
            {
                site.hint = i;
                return i;
            }
        }
        return -1;
    }

    private boolean tapeKeyTailEquals(final int keyWord, final KeySite site)
    {
        final long w = Memory.getLong(null, tapeWords + ((long)keyWord << 3));
        return equalBytes(null, tapeStrings + (w & TapeDescriptor.PAYLOAD_MASK) + 8, site.tail,
            Memory.BYTE_ARRAY_OFFSET + 4, site.rest);
    }

    private boolean arenaKeyTailEquals(final long entry, final KeySite site)
    {
        final long key = Memory.getLong(null, entry);
        return key == site.key ||
            equalBytes(null, blockAddress(key) + 8, site.tail, Memory.BYTE_ARRAY_OFFSET + 4, site.rest);
    }

    /**
     * Looks a key given as UTF-8 bytes up in a record.
     *
     * @param record a record handle.
     * @param key the key's bytes.
     * @param out slots receiving the value when found (untouched otherwise).
     * @param at index of the handle slot.
     * @return whether the key is present.
     */
    public boolean get(final long record, final byte[] key, final long[] out, final int at)
    {
        final int n = copyKey(key);
        final int pos = find(record, 0, keyBytes, Memory.BYTE_ARRAY_OFFSET, n);
        if (pos < 0)
        {
            return false;
        }
        entryValue(record, pos, out, at);
        return true;
    }

    /**
     * Looks a key given as chars up in a record.
     *
     * @param record a record handle.
     * @param key the key.
     * @param out slots receiving the value when found (untouched otherwise).
     * @param at index of the handle slot.
     * @return whether the key is present.
     */
    public boolean get(final long record, final CharSequence key, final long[] out, final int at)
    {
        final int n = encodeKey(key);
        final int pos = find(record, 0, keyBytes, Memory.BYTE_ARRAY_OFFSET, n);
        if (pos < 0)
        {
            return false;
        }
        entryValue(record, pos, out, at);
        return true;
    }

    /**
     * Looks a key up in a record into a {@link ValueSlot}.
     *
     * @param record a record handle.
     * @param key a string handle.
     * @param out receives the value when found.
     * @return whether the key is present.
     */
    public boolean get(final long record, final long key, final ValueSlot out)
    {
        final long[] s = scratch;
        if (get(record, key, s, 0))
        {
            out.set(s[0], s[1]);
            return true;
        }
        return false;
    }

    /**
     * Sets a record's key to a value: replaces the value of an existing key, appends a new key. A record outside the
     * event arena is first copied into it; a full arena record grows by copying. {@code out} receives the record's
     * handle afterwards (the same one unless it was copied or grew).
     *
     * @param record a record handle.
     * @param key a string handle (stored as is: its store must live at least as long as the arena's contents).
     * @param valueHandle the value's handle.
     * @param valueBits the value's bits.
     * @param out slots receiving the record.
     * @param at index of the handle slot.
     */
    public void put(final long record, final long key, final long valueHandle, final long valueBits, final long[] out,
        final int at)
    {
        checkType(record, TYPE_RECORD);
        putAt(record, findKey(record, key), key, valueHandle, valueBits, out, at);
    }

    /**
     * Appends an entry to a record without looking the key up first: for callers that know the key is absent (an
     * extractor writing its distinct field names into a record it just created). Otherwise as {@link #put}.
     *
     * @param record a record handle.
     * @param key a string handle not present in the record.
     * @param valueHandle the value's handle.
     * @param valueBits the value's bits.
     * @param out slots receiving the record.
     * @param at index of the handle slot.
     */
    public void append(final long record, final long key, final long valueHandle, final long valueBits, final long[] out,
        final int at)
    {
        checkType(record, TYPE_RECORD);
        putAt(record, -1, key, valueHandle, valueBits, out, at);
    }

    /**
     * {@link #append} of a new arena string holding {@code bytes[offset, offset + length)}, in one step: for an
     * extractor filling a record it created with its distinct field names. The entry is written straight into the
     * record's block when the record is writable and has room, else as {@code append} does.
     *
     * @param record a record handle.
     * @param key a string handle not present in the record.
     * @param bytes the value's UTF-8 bytes.
     * @param offset first byte.
     * @param length byte count.
     * @param out slots receiving the record.
     * @param at index of the handle slot.
     */
    public void appendString(final long record, final long key, final byte[] bytes, final int offset, final int length,
        final long[] out, final int at)
    {
        checkType(record, TYPE_RECORD);
        Objects.checkFromIndexSize(offset, length, bytes.length);
        final long block = Values.index(record);
        if (!isWritable(record) || arena.getInt(block) == arena.getInt(block + 4))
        {
            newString(bytes, offset, length, scratch, 0);
            putAt(record, -1, key, scratch[0], scratch[1], out, at);
            return;
        }
        final long string = arena.allocate(STRING_DATA_OFFSET + (long)length);
        final long base = arena.address();
        Memory.putInt(null, base + string, length);
        copyBytes(bytes, Memory.BYTE_ARRAY_OFFSET + offset, base + string + STRING_DATA_OFFSET, length);
        final int n = Memory.getInt(null, base + block);
        final long e = base + block + CONTAINER_HEADER_BYTES + (long)n * ENTRY_BYTES;
        final long prefix = keyPrefix(blockAddress(key));
        Memory.putLong(null, e, key);
        Memory.putLong(null, e + 8, prefix);
        addKeyBits(base + block, keyBit(prefix));
        Memory.putLong(null, e + ENTRY_VALUE_OFFSET, Values.handle(STORE_ARENA, TYPE_STRING, string));
        Memory.putLong(null, e + ENTRY_VALUE_OFFSET + 8, 0);
        Memory.putInt(null, base + block, n + 1);
        set(out, at, record, 0);
    }

    /**
     * The position of a key in a record, for {@link #putAt} and {@link #entryValue}: callers that test for a key and
     * then write it look it up once.
     *
     * @param record a record handle.
     * @param key a string handle.
     * @return the key's iteration position ({@link #first}), or -1 when absent.
     */
    public int position(final long record, final long key)
    {
        return findKey(record, key);
    }

    /**
     * {@link #put} with the key's position already known: the value at {@code found} is replaced, or the entry is
     * appended when {@code found} is -1.
     *
     * @param record a record handle.
     * @param found the key's position in this record from {@link #position}, or -1 when absent.
     * @param key a string handle.
     * @param valueHandle the value's handle.
     * @param valueBits the value's bits.
     * @param out slots receiving the record.
     * @param at index of the handle slot.
     */
    public void putAt(final long record, final int found, final long key, final long valueHandle, final long valueBits,
        final long[] out, final int at)
    {
        checkType(record, TYPE_RECORD);
        long r = record;
        int pos = found;
        if (!isWritable(r))
        {
            r = copyContainer(r, COPY_SPARE);
        }
        long block = Values.index(r);
        if (pos < 0)
        {
            final int length = arena.getInt(block);
            if (length == arena.getInt(block + 4))
            {
                r = grow(r, length * 2);
                block = Values.index(r);
            }
            arena.putInt(block, length + 1);
            final long e = block + CONTAINER_HEADER_BYTES + (long)length * ENTRY_BYTES;
            final long prefix = keyPrefix(blockAddress(key));
            arena.putLong(e, key);
            arena.putLong(e + 8, prefix);
            addKeyBits(arena.address() + block, keyBit(prefix));
            // a new slot held nothing: the value gains a holder, no old value loses one
            own(valueHandle);
            arena.putLong(e + ENTRY_VALUE_OFFSET, valueHandle);
            arena.putLong(e + ENTRY_VALUE_OFFSET + 8, valueBits);
            set(out, at, r, 0);
            return;
        }
        if (Values.store(record) == STORE_TAPE)
        {
            pos = entryPosition(record, pos);
        }
        replaceSlot(block + CONTAINER_HEADER_BYTES + (long)pos * ENTRY_BYTES + ENTRY_VALUE_OFFSET, valueHandle, valueBits);
        set(out, at, r, 0);
    }

    /**
     * Removes a key from a record, keeping the order of the others. A record outside the arena is copied first, but
     * only when the key is present.
     *
     * @param record a record handle.
     * @param key a string handle.
     * @param out slots receiving the record's handle afterwards.
     * @param at index of the handle slot.
     * @return whether the key was present.
     */
    public boolean remove(final long record, final long key, final long[] out, final int at)
    {
        checkType(record, TYPE_RECORD);
        return removeAt(record, findKey(record, key), out, at);
    }

    /**
     * {@link #remove} with the key's position already known.
     *
     * @param record a record handle.
     * @param found the key's position in this record from {@link #position}, or -1 when absent.
     * @param out slots receiving the record's handle afterwards.
     * @param at index of the handle slot.
     * @return whether the key was present.
     */
    public boolean removeAt(final long record, final int found, final long[] out, final int at)
    {
        checkType(record, TYPE_RECORD);
        int pos = found;
        if (pos < 0)
        {
            set(out, at, record, 0);
            return false;
        }
        long r = record;
        if (Values.store(r) == STORE_TAPE)
        {
            pos = entryPosition(record, pos);
        }
        if (!isWritable(r))
        {
            r = copyContainer(r, COPY_SPARE);
        }
        final long block = Values.index(r);
        final int length = arena.getInt(block);
        final long e = block + CONTAINER_HEADER_BYTES + (long)pos * ENTRY_BYTES;
        disown(arena.getLong(e + ENTRY_VALUE_OFFSET));
        final long after = (long)(length - pos - 1) * ENTRY_BYTES;
        if (after > 0)
        {
            // the JDK's copy moves overlapping ranges as memmove does
            final long base = arena.address();
            Memory.copy(null, base + e + ENTRY_BYTES, null, base + e, after);
        }
        arena.putInt(block, length - 1);
        set(out, at, r, 0);
        return true;
    }

    /**
     * An array's i-th element (O(1) in the arena, a walk with O(1) container skips on the tape).
     *
     * @param array an array handle.
     * @param i zero-based index.
     * @param out slots receiving the element when it exists.
     * @param at index of the handle slot.
     * @return whether the element exists.
     */
    public boolean element(final long array, final int i, final long[] out, final int at)
    {
        checkType(array, TYPE_ARRAY);
        if (i < 0)
        {
            return false;
        }
        if (Values.store(array) == STORE_TAPE)
        {
            final Tape t = tape;
            int e = (int)Values.index(array) + 1;
            for (int j = 0; j < i; j++)
            {
                if (t.tag(e) == TapeDescriptor.TAG_END_ARRAY)
                {
                    return false;
                }
                e = t.skip(e);
            }
            if (t.tag(e) == TapeDescriptor.TAG_END_ARRAY)
            {
                return false;
            }
            tapeValue(e, out, at);
            return true;
        }
        final Arena s = storeOf(array);
        final long block = Values.index(array);
        if (i >= s.getInt(block))
        {
            return false;
        }
        final long e = block + CONTAINER_HEADER_BYTES + (long)i * ELEMENT_BYTES;
        set(out, at, s.getLong(e), s.getLong(e + 8));
        return true;
    }

    /**
     * Appends to an array (copied into the arena first when it lives elsewhere, grown by copying when full).
     *
     * @param array an array handle.
     * @param valueHandle the value's handle.
     * @param valueBits the value's bits.
     * @param out slots receiving the array's handle afterwards.
     * @param at index of the handle slot.
     */
    public void push(final long array, final long valueHandle, final long valueBits, final long[] out, final int at)
    {
        checkType(array, TYPE_ARRAY);
        long a = array;
        if (!isWritable(a))
        {
            a = copyContainer(a, COPY_SPARE);
        }
        long block = Values.index(a);
        final int length = arena.getInt(block);
        if (length == arena.getInt(block + 4))
        {
            a = grow(a, length * 2);
            block = Values.index(a);
        }
        arena.putInt(block, length + 1);
        final long e = block + CONTAINER_HEADER_BYTES + (long)length * ELEMENT_BYTES;
        arena.putLong(e, Values.NULL);
        replaceSlot(e, valueHandle, valueBits);
        set(out, at, a, 0);
    }

    /**
     * Replaces an array's i-th element (copying the array into the arena first when it lives elsewhere).
     *
     * @param array an array handle.
     * @param i zero-based index.
     * @param valueHandle the value's handle.
     * @param valueBits the value's bits.
     * @param out slots receiving the array's handle afterwards (untouched when out of range).
     * @param at index of the handle slot.
     * @return whether i was in range.
     */
    public boolean setElement(final long array, final int i, final long valueHandle, final long valueBits,
        final long[] out, final int at)
    {
        if (i < 0 || i >= length(array))
        {
            return false;
        }
        long a = array;
        if (!isWritable(a))
        {
            a = copyContainer(a, COPY_SPARE);
        }
        replaceSlot(Values.index(a) + CONTAINER_HEADER_BYTES + (long)i * ELEMENT_BYTES, valueHandle, valueBits);
        set(out, at, a, 0);
        return true;
    }

    /**
     * First iteration position of an array or record: pass it to {@link #entryValue}, {@link #entryKey} and
     * {@link #next}. Positions are tape word indexes for tape containers and entry indexes otherwise.
     *
     * @param container an array or record handle.
     * @return the position, or -1 when empty.
     */
    public int first(final long container)
    {
        checkContainer(container);
        if (Values.store(container) == STORE_TAPE)
        {
            final int p = (int)Values.index(container) + 1;
            return isTapeEnd(p) ? -1 : p;
        }
        return storeOf(container).getInt(Values.index(container)) > 0 ? 0 : -1;
    }

    /**
     * The iteration position after {@code pos}.
     *
     * @param container the container being iterated.
     * @param pos the current position.
     * @return the next position, or -1 at the end.
     */
    public int next(final long container, final int pos)
    {
        if (Values.store(container) == STORE_TAPE)
        {
            final int p = Values.type(container) == TYPE_RECORD ? tape.skip(pos + 1) : tape.skip(pos);
            return isTapeEnd(p) ? -1 : p;
        }
        return pos + 1 < storeOf(container).getInt(Values.index(container)) ? pos + 1 : -1;
    }

    /**
     * The key at an iteration position of a record.
     *
     * @param record the record.
     * @param pos a position from {@link #first}/{@link #next}.
     * @param out slots receiving the key (a string handle, bits 0).
     * @param at index of the handle slot.
     */
    public void entryKey(final long record, final int pos, final long[] out, final int at)
    {
        if (Values.store(record) == STORE_TAPE)
        {
            set(out, at, Values.handle(STORE_TAPE, TYPE_STRING, tape.payload(pos)), 0);
            return;
        }
        final long e = Values.index(record) + CONTAINER_HEADER_BYTES + (long)pos * ENTRY_BYTES;
        set(out, at, storeOf(record).getLong(e), 0);
    }

    /**
     * The value at an iteration position of a record or array.
     *
     * @param container the container.
     * @param pos a position from {@link #first}/{@link #next}.
     * @param out slots receiving the value.
     * @param at index of the handle slot.
     */
    public void entryValue(final long container, final int pos, final long[] out, final int at)
    {
        final boolean record = Values.type(container) == TYPE_RECORD;
        if (Values.store(container) == STORE_TAPE)
        {
            tapeValue(record ? pos + 1 : pos, out, at);
            return;
        }
        final long e = Values.index(container) + CONTAINER_HEADER_BYTES +
            (record ? (long)pos * ENTRY_BYTES + ENTRY_VALUE_OFFSET : (long)pos * ELEMENT_BYTES);
        final Arena s = storeOf(container);
        set(out, at, s.getLong(e), s.getLong(e + 8));
    }

    /**
     * Sets a value at a path of record keys under a root record ({@code let event.a.b = 1}): missing records on the
     * path are created, and only the records on the path are copied into the arena, so untouched siblings keep
     * pointing where they pointed.
     *
     * @param root the root record's handle.
     * @param keys string handles, {@code keys[0]} the first segment.
     * @param keyCount segments used (at least 1).
     * @param valueHandle the value's handle.
     * @param valueBits the value's bits.
     * @param out slots receiving the root's handle afterwards.
     * @param at index of the handle slot.
     * @return {@link #OK} or {@link #NOT_A_RECORD} (nothing changed then).
     * @throws IllegalArgumentException if keyCount is not in [1, keys.length].
     */
    public int setPath(final long root, final long[] keys, final int keyCount, final long valueHandle,
        final long valueBits, final long[] out, final int at)
    {
        if (keyCount < 1 || keyCount > keys.length)
        {
            throw new IllegalArgumentException("key count " + keyCount + " for " + keys.length + " keys");
        }
        if (Values.type(root) != TYPE_RECORD)
        {
            return NOT_A_RECORD;
        }
        if (pathSlots.length < 2 * keyCount + 2)
        {
            pathSlots = new long[2 * keyCount + 2];
        }
        final long[] slots = pathSlots;
        slots[0] = root;
        for (int d = 0; d < keyCount - 1; d++)
        {
            if (!get(slots[2 * d], keys[d], slots, 2 * d + 2))
            {
                break;
            }
            if (Values.type(slots[2 * d + 2]) != TYPE_RECORD)
            {
                return NOT_A_RECORD;
            }
        }
        return setIn(root, keys, 0, keyCount, valueHandle, valueBits, out, at);
    }

    private int setIn(final long container, final long[] keys, final int depth, final int keyCount,
        final long valueHandle, final long valueBits, final long[] out, final int at)
    {
        // copy a shared or foreign parent before descending, so its children gain the copy as a holder and are
        // themselves seen as shared when they are reached through two parents
        final long c = isWritable(container) ? container : copyContainer(container, COPY_SPARE);
        final long key = keys[depth];
        if (depth == keyCount - 1)
        {
            put(c, key, valueHandle, valueBits, out, at);
            return OK;
        }
        final long[] slots = pathSlots;
        final int s = 2 * depth;
        if (!get(c, key, slots, s))
        {
            newRecord(NEW_CAPACITY, slots, s);
        }
        setIn(slots[s], keys, depth + 1, keyCount, valueHandle, valueBits, slots, s);
        put(c, key, slots[s], slots[s + 1], out, at);
        return OK;
    }

    /**
     * The container itself when it may be written in place, else a one-level arena copy of it (with 0 holders: the
     * caller stores it where the original was). Interpreter writes through a path make each container writable
     * before reading the next one from it, as {@link #setPath} does, so sharing is seen all the way down.
     *
     * @param container an array or record handle.
     * @param out slots receiving the writable container.
     * @param at index of the handle slot.
     */
    public void writable(final long container, final long[] out, final int at)
    {
        checkContainer(container);
        set(out, at, isWritable(container) ? container : copyContainer(container, COPY_SPARE), 0);
    }

    /**
     * Deep-copies a value into the arena: containers and strings are copied, so the copy shares nothing with the
     * tape or any store (for handing a value to an owner that outlives the event or writes it).
     *
     * @param handle the value's handle.
     * @param bits its bits.
     * @param out slots receiving the copy.
     * @param at index of the handle slot.
     */
    public void copy(final long handle, final long bits, final long[] out, final int at)
    {
        final int type = Values.type(handle);
        if (Values.store(handle) == STORE_IMMEDIATE)
        {
            set(out, at, handle, bits);
            return;
        }
        if (type == TYPE_STRING || type == TYPE_BINARY)
        {
            final int n = stringLength(handle);
            final long block = arena.allocate(STRING_DATA_OFFSET + (long)n);
            arena.putInt(block, n);
            MemorySegment.copy(segment(handle), stringOffset(handle), arena.segment(), block + STRING_DATA_OFFSET, n);
            set(out, at, Values.handle(STORE_ARENA, type, block), 0);
            return;
        }
        final int n = length(handle);
        final boolean record = type == TYPE_RECORD;
        final long block = newBlock(Math.max(1, n), record ? ENTRY_BYTES : ELEMENT_BYTES);
        arena.putInt(block, n);
        final long[] s = scratch;
        int i = 0;
        for (int p = first(handle); p >= 0; p = next(handle, p))
        {
            if (record)
            {
                entryKey(handle, p, s, 2);
                copy(s[2], 0, s, 2);
                final long keyHandle = s[2];
                entryValue(handle, p, s, 0);
                copy(s[0], s[1], s, 0);
                final long e = block + CONTAINER_HEADER_BYTES + (long)i * ENTRY_BYTES;
                final long prefix = keyPrefix(blockAddress(keyHandle));
                arena.putLong(e, keyHandle);
                arena.putLong(e + 8, prefix);
                addKeyBits(arena.address() + block, keyBit(prefix));
                arena.putLong(e + ENTRY_VALUE_OFFSET, s[0]);
                arena.putLong(e + ENTRY_VALUE_OFFSET + 8, s[1]);
                own(s[0]);
            }
            else
            {
                entryValue(handle, p, s, 0);
                copy(s[0], s[1], s, 0);
                final long e = block + CONTAINER_HEADER_BYTES + (long)i * ELEMENT_BYTES;
                arena.putLong(e, s[0]);
                arena.putLong(e + 8, s[1]);
                own(s[0]);
            }
            i++;
        }
        set(out, at, Values.handle(STORE_ARENA, type, block), 0);
    }

    /**
     * Deep-copies a value into the constant pool or the state store (compile time for constants; at the end of an
     * event for state): the copy shares nothing with the tape, the event arena or the other stores.
     *
     * @param store {@link ValueDescriptor#STORE_CONSTANT} or {@link ValueDescriptor#STORE_STATE}.
     * @param handle the value's handle.
     * @param bits its bits.
     * @param out slots receiving the copy.
     * @param at index of the handle slot.
     */
    public void copyTo(final int store, final long handle, final long bits, final long[] out, final int at)
    {
        final Arena into = switch (store)
        {
            case STORE_CONSTANT -> constants;
            case STORE_STATE -> state;
            default -> throw new IllegalArgumentException("not a persistent store: " + store);
        };
        final int type = Values.type(handle);
        if (Values.store(handle) == STORE_IMMEDIATE)
        {
            set(out, at, handle, bits);
            return;
        }
        if (type == TYPE_STRING || type == TYPE_BINARY)
        {
            final int n = stringLength(handle);
            final long block = into.allocate(STRING_DATA_OFFSET + (long)n);
            into.putInt(block, n);
            MemorySegment.copy(segment(handle), stringOffset(handle), into.segment(), block + STRING_DATA_OFFSET, n);
            set(out, at, Values.handle(store, type, block), 0);
            return;
        }
        final int n = length(handle);
        final boolean record = type == TYPE_RECORD;
        final int slotBytes = record ? ENTRY_BYTES : ELEMENT_BYTES;
        final long block = into.allocate(CONTAINER_HEADER_BYTES + (long)Math.max(1, n) * slotBytes);
        into.putInt(block, n);
        into.putInt(block + 4, Math.max(1, n));
        into.putLong(block + ValueDescriptor.CONTAINER_OWNERS_OFFSET, 0);
        into.putLong(block + CONTAINER_KEYS_OFFSET, 0);
        final int base = slotTop;
        slots(4);
        slotTop += 4;
        try
        {
            int i = 0;
            for (int p = first(handle); p >= 0; p = next(handle, p))
            {
                final long e = block + CONTAINER_HEADER_BYTES + (long)i * slotBytes;
                if (record)
                {
                    entryKey(handle, p, equalSlots, base + 2);
                    copyTo(store, equalSlots[base + 2], 0, equalSlots, base + 2);
                    into.putLong(e, equalSlots[base + 2]);
                    final long prefix = keyPrefix(blockAddress(equalSlots[base + 2]));
                    into.putLong(e + 8, prefix);
                    addKeyBits(into.address() + block, keyBit(prefix));
                }
                entryValue(handle, p, equalSlots, base);
                copyTo(store, equalSlots[base], equalSlots[base + 1], equalSlots, base);
                final long valueAt = record ? e + ENTRY_VALUE_OFFSET : e;
                into.putLong(valueAt, equalSlots[base]);
                into.putLong(valueAt + 8, equalSlots[base + 1]);
                i++;
            }
        }
        finally
        {
            slotTop = base;
        }
        set(out, at, Values.handle(store, type, block), 0);
    }

    /**
     * Replaces the state store (the owner keeps two and alternates them, so values of the previous state stay readable
     * while the next one is copied).
     *
     * @param store the new state store.
     * @return the previous one.
     */
    public Arena swapState(final Arena store)
    {
        final Arena previous = state;
        state = store;
        return previous;
    }

    /**
     * Makes a container private to the caller: returned unchanged when it lives in the event arena with no holder,
     * otherwise copied (one level) into the arena. Expressions that build a changed value from an operand ({@code patch},
     * {@code merge}, {@code +}) use it so that no variable holding the operand sees the change.
     *
     * @param container an array or record handle.
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void exclusive(final long container, final long[] out, final int at)
    {
        exclusive(container, COPY_SPARE, out, at);
    }

    /**
     * {@link #exclusive(long, long[], int)} with room for {@code spare} more entries when it copies: for a caller
     * that knows how many it will add ({@code patch} with several inserts), so the copy does not grow again.
     *
     * @param container an array or record handle.
     * @param spare free slots a copy gets (at least 1).
     * @param out slots.
     * @param at index of the handle slot.
     */
    public void exclusive(final long container, final int spare, final long[] out, final int at)
    {
        checkContainer(container);
        final boolean mine = Values.store(container) == STORE_ARENA &&
            arena.getInt(Values.index(container) + ValueDescriptor.CONTAINER_OWNERS_OFFSET) == 0;
        set(out, at, mine ? container : copyContainer(container, Math.max(1, spare)), 0);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // equality

    /**
     * Deep equality with the semantics of Tremor's {@code ==} (tremor-script's {@code val_eq}): records compare as
     * unordered maps, arrays element-wise; strings and binaries by bytes (a string equals a binary with the same
     * bytes); numbers by value across int, uint and float: two integers compare exactly, and when a float is involved
     * both sides become doubles that are equal when they differ by less than {@code f64::EPSILON} (so
     * {@code 1 == 1.0}); null equals null, booleans compare as booleans, every other mix of types is unequal.
     *
     * @param a first handle.
     * @param aBits first bits.
     * @param b second handle.
     * @param bBits second bits.
     * @return whether equal.
     */
    public boolean equal(final long a, final long aBits, final long b, final long bBits)
    {
        final int ta = Values.type(a);
        final int tb = Values.type(b);
        switch (ta)
        {
            case TYPE_NULL:
                return tb == TYPE_NULL;
            case TYPE_BOOL:
                return tb == TYPE_BOOL && aBits == bBits;
            case TYPE_STRING, TYPE_BINARY:
                return (tb == TYPE_STRING || tb == TYPE_BINARY) && stringEquals(a, b);
            case TYPE_INT, TYPE_UINT, TYPE_FLOAT:
                return Values.isNumber(b) && numbersEqual(a, aBits, b, bBits);
            case TYPE_ARRAY:
                return tb == TYPE_ARRAY && (a == b || arraysEqual(a, b));
            case TYPE_RECORD:
                return tb == TYPE_RECORD && (a == b || recordsEqual(a, b));
            default:
                return false;
        }
    }

    private static boolean numbersEqual(final long a, final long aBits, final long b, final long bBits)
    {
        final int ta = Values.type(a);
        final int tb = Values.type(b);
        if (ta != TYPE_FLOAT && tb != TYPE_FLOAT)
        {
            // uint64 handles hold values above Long.MAX_VALUE, so an int and a uint are equal only on equal bits >= 0
            return aBits == bBits && (ta == tb || aBits >= 0);
        }
        final double da = Values.toDouble(a, aBits);
        final double db = Values.toDouble(b, bBits);
        return Math.abs(da - db) < EPSILON;
    }

    private boolean arraysEqual(final long a, final long b)
    {
        if (length(a) != length(b))
        {
            return false;
        }
        final long[] s = slots(4);
        final int base = slotTop;
        slotTop += 4;
        try
        {
            int pa = first(a);
            int pb = first(b);
            while (pa >= 0)
            {
                entryValue(a, pa, s, base);
                entryValue(b, pb, s, base + 2);
                if (!equal(s[base], s[base + 1], s[base + 2], s[base + 3]))
                {
                    return false;
                }
                pa = next(a, pa);
                pb = next(b, pb);
            }
            return true;
        }
        finally
        {
            slotTop = base;
        }
    }

    private boolean recordsEqual(final long a, final long b)
    {
        if (length(a) != length(b))
        {
            return false;
        }
        final long[] s = slots(4);
        final int base = slotTop;
        slotTop += 4;
        try
        {
            for (int p = first(a); p >= 0; p = next(a, p))
            {
                entryKey(a, p, s, base);
                final int q = findKey(b, s[base]);
                if (q < 0)
                {
                    return false;
                }
                entryValue(a, p, s, base);
                entryValue(b, q, s, base + 2);
                if (!equal(s[base], s[base + 1], s[base + 2], s[base + 3]))
                {
                    return false;
                }
            }
            return true;
        }
        finally
        {
            slotTop = base;
        }
    }

    private long[] slots(final int needed)
    {
        if (slotTop + needed > equalSlots.length)
        {
            equalSlots = Arrays.copyOf(equalSlots, equalSlots.length * 2);
        }
        return equalSlots;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // internals

    private static void set(final long[] out, final int at, final long handle, final long bits)
    {
        out[at] = handle;
        out[at + 1] = bits;
    }

    /**
     * Counts one more holder of an event-arena container (a variable that keeps it while the script may write
     * through another path); a container with two or more holders is copied before it is written. Containers in
     * other stores and scalars are ignored.
     *
     * @param handle the value's handle.
     */
    public void retain(final long handle)
    {
        own(handle);
    }

    /**
     * Counts one holder less of an event-arena container (the inverse of {@link #retain(long)}).
     *
     * @param handle the value's handle.
     */
    public void release(final long handle)
    {
        disown(handle);
    }

    /**
     * Holders counted for an event-arena container: container slots it is stored in plus retains.
     *
     * @param handle a container handle.
     * @return the count, 0 for values outside the event arena.
     */
    public int owners(final long handle)
    {
        if (Values.store(handle) != STORE_ARENA || !Values.isContainer(handle))
        {
            return 0;
        }
        return arena.getInt(Values.index(handle) + ValueDescriptor.CONTAINER_OWNERS_OFFSET);
    }

    private void own(final long handle)
    {
        if (Values.store(handle) == STORE_ARENA && Values.isContainer(handle))
        {
            final long o = Values.index(handle) + ValueDescriptor.CONTAINER_OWNERS_OFFSET;
            arena.putInt(o, arena.getInt(o) + 1);
        }
    }

    private void disown(final long handle)
    {
        if (Values.store(handle) == STORE_ARENA && Values.isContainer(handle))
        {
            final long o = Values.index(handle) + ValueDescriptor.CONTAINER_OWNERS_OFFSET;
            arena.putInt(o, Math.max(0, arena.getInt(o) - 1));
        }
    }

    /** Whether a container may be written in place: in the event arena and held from at most one place. */
    private boolean isWritable(final long container)
    {
        return Values.store(container) == STORE_ARENA &&
            arena.getInt(Values.index(container) + ValueDescriptor.CONTAINER_OWNERS_OFFSET) <= 1;
    }

    /** Stores a value into an arena slot, moving holder counts from the old value to the new one. */
    private void replaceSlot(final long slot, final long handle, final long bits)
    {
        final long old = arena.getLong(slot);
        if (old != handle)
        {
            own(handle);
            disown(old);
        }
        arena.putLong(slot, handle);
        arena.putLong(slot + 8, bits);
    }

    private Arena storeOf(final long handle)
    {
        return switch (Values.store(handle))
        {
            case STORE_ARENA -> arena;
            case STORE_CONSTANT -> constants;
            case STORE_STATE -> state;
            default -> throw new IllegalArgumentException("not an arena-like store: " + Long.toHexString(handle));
        };
    }

    private boolean isTapeEnd(final int index)
    {
        final byte tag = tape.tag(index);
        return tag == TapeDescriptor.TAG_END_OBJECT || tag == TapeDescriptor.TAG_END_ARRAY;
    }

    private int tapeLength(final int index)
    {
        final long word = tape.word(index);
        final int count = (int)(word >>> TapeDescriptor.COUNT_SHIFT) & TapeDescriptor.COUNT_MASK;
        if (count < TapeDescriptor.COUNT_MASK)
        {
            return count;
        }
        final boolean record = (byte)(word >>> TapeDescriptor.TAG_SHIFT) == TapeDescriptor.TAG_START_OBJECT;
        int n = 0;
        for (int p = index + 1; !isTapeEnd(p); p = tape.skip(record ? p + 1 : p))
        {
            n++;
        }
        return n;
    }

    /** The position of key bytes in a record ({@link #first}-style position), or -1. */
    /** {@link #find} of a key given as a string handle. */
    private int findKey(final long record, final long key)
    {
        final long at = blockAddress(key);
        return find(record, key, null, at + STRING_DATA_OFFSET, Memory.getInt(null, at));
    }

    /**
     * The position of a key in a record: the key's tape word index for tape records, the entry index otherwise; -1
     * when absent. Reads the stores' native memory directly (no segment views: this runs for every key access).
     *
     * @param record the record.
     * @param probe the key's handle when it has one (an entry holding the same handle matches at once), else 0.
     * @param keyBase base of the key's bytes ({@link Memory}): a byte[] or null for native memory.
     * @param keyAddress address of the key's first byte.
     * @param keyLen the key's byte length.
     */
    private int find(final long record, final long probe, final Object keyBase, final long keyAddress, final int keyLen)
    {
        checkType(record, TYPE_RECORD);
        // a candidate is first compared by the 8 bytes at its block (u32 length, then up to 4 key bytes, masked):
        // one load rejects nearly every other key, and decides keys of up to 4 bytes alone
        final long byteMask = keyLen >= 4 ? 0xFFFF_FFFFL : (1L << (keyLen << 3)) - 1;
        final long mask = 0xFFFF_FFFFL | (byteMask << 32);
        final long prefix = (keyLen & 0xFFFF_FFFFL) | ((Memory.getInt(keyBase, keyAddress) & byteMask) << 32);
        final int rest = keyLen - 4;
        if (Values.store(record) == STORE_TAPE)
        {
            final int index = (int)Values.index(record);
            if (index == indexedRecord || indexTapeRecord(index))
            {
                final long[] prefixes = indexedPrefixes;
                final int[] keyWords = indexedKeyWords;
                final long strings = tapeStrings;
                for (int i = 0, n = indexedCount; i < n; i++)
                {
                    if (prefixes[i] == prefix)
                    {
                        final int k = keyWords[i];
                        if (rest <= 0)
                        {
                            return k;
                        }
                        final long w = Memory.getLong(null, tapeWords + ((long)k << 3));
                        if (equalBytes(null, strings + (w & TapeDescriptor.PAYLOAD_MASK) + 8, keyBase, keyAddress + 4, rest))
                        {
                            return k;
                        }
                    }
                }
                return -1;
            }
            final long words = tapeWords;
            final long strings = tapeStrings;
            int k = index + 1;
            while (true)
            {
                final long w = Memory.getLong(null, words + ((long)k << 3));
                if ((byte)(w >>> TapeDescriptor.TAG_SHIFT) == TapeDescriptor.TAG_END_OBJECT)
                {
                    return -1;
                }
                final long at = strings + (w & TapeDescriptor.PAYLOAD_MASK);
                if ((Memory.getLong(null, at) & mask) == prefix &&
                    (rest <= 0 || equalBytes(null, at + 8, keyBase, keyAddress + 4, rest)))
                {
                    return k;
                }
                k = tapeSkip(words, k + 1);
            }
        }
        // arena-like records keep each key's prefix in the entry's key-bits word: no load through the key handle, and
        // a filter of the keys they have had
        final long block = blockAddress(record);
        if ((Memory.getLong(null, block + CONTAINER_KEYS_OFFSET) & keyBit(prefix)) == 0)
        {
            return -1;
        }
        final int length = Memory.getInt(null, block);
        long e = block + CONTAINER_HEADER_BYTES;
        for (int i = 0; i < length; i++, e += ENTRY_BYTES)
        {
            if (Memory.getLong(null, e + 8) == prefix)
            {
                final long key = Memory.getLong(null, e);
                if (key == probe || rest <= 0 || equalBytes(null, blockAddress(key) + 8, keyBase, keyAddress + 4, rest))
                {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * Indexes the keys of a tape record, for the lookups that follow in the same event (scripts read several fields
     * of the event record): each key's prefix ({@link #keyPrefix}) and tape word index in two arrays, scanned without
     * walking the tape. Records with more than {@link #INDEXED_KEYS} keys are not indexed.
     *
     * @return whether the record is now the indexed one.
     */
    private boolean indexTapeRecord(final int index)
    {
        final long words = tapeWords;
        final long strings = tapeStrings;
        final long[] prefixes = indexedPrefixes;
        final int[] keyWords = indexedKeyWords;
        int n = 0;
        for (int k = index + 1; ; k = tapeSkip(words, k + 1))
        {
            final long w = Memory.getLong(null, words + ((long)k << 3));
            if ((byte)(w >>> TapeDescriptor.TAG_SHIFT) == TapeDescriptor.TAG_END_OBJECT)
            {
                break;
            }
            if (n == INDEXED_KEYS)
            {
                return false;
            }
            prefixes[n] = keyPrefix(strings + (w & TapeDescriptor.PAYLOAD_MASK));
            keyWords[n++] = k;
        }
        indexedCount = n;
        indexedRecord = index;
        return true;
    }

    /**
     * A record entry's key fingerprint: the 8 bytes at the key's block (u32 length, then the first 4 bytes) with the
     * bytes past a shorter key cleared. Equal keys have equal prefixes, and keys of up to 4 bytes are equal exactly
     * when their prefixes are.
     *
     * @param at the address of the key's block.
     * @return the prefix.
     */
    /**
     * The bit a key sets in a record's key filter ({@code CONTAINER_KEYS_OFFSET}): one of 64, from its prefix word.
     *
     * @param prefix the key's prefix word ({@link #keyPrefixOf}).
     * @return a word with one bit set.
     */
    static long keyBit(final long prefix)
    {
        return 1L << ((prefix * 0x9E37_79B9_7F4A_7C15L) >>> 58);
    }

    /** Adds key bits to a record block's key filter. */
    private static void addKeyBits(final long blockAddress, final long bits)
    {
        final long at = blockAddress + CONTAINER_KEYS_OFFSET;
        Memory.putLong(null, at, Memory.getLong(null, at) | bits);
    }

    private static long keyPrefix(final long at)
    {
        final long word = Memory.getLong(null, at);
        final int length = (int)word;
        return length >= 4 ? word : word & (0xFFFF_FFFFL | (((1L << (length << 3)) - 1) << 32));
    }

    /** The tape index after the value at {@code index} (as {@link Tape#skip}, on the raw words). */
    static int tapeSkip(final long words, final int index)
    {
        final long w = Memory.getLong(null, words + ((long)index << 3));
        final byte tag = (byte)(w >>> TapeDescriptor.TAG_SHIFT);
        if (tag == TapeDescriptor.TAG_START_OBJECT || tag == TapeDescriptor.TAG_START_ARRAY)
        {
            return (int)(w & TapeDescriptor.INDEX_MASK);
        }
        return tag == TapeDescriptor.TAG_INT64 || tag == TapeDescriptor.TAG_UINT64 || tag == TapeDescriptor.TAG_DOUBLE ?
            index + 2 : index + 1;
    }

    /**
     * Copies a short run of bytes into native memory eight at a time, the last word (or for 4 to 7 bytes, the last
     * four) overlapping what is already copied instead of a byte loop (the JDK's copy is a stub call, which costs more
     * than the copy for the few bytes of a field or a key); long runs go to {@link Memory#copy}. Source and
     * destination must not overlap.
     */
    private static void copyBytes(final Object srcBase, final long src, final long dst, final int n)
    {
        if (n > SHORT_COPY_BYTES)
        {
            Memory.copy(srcBase, src, null, dst, n);
            return;
        }
        if (n >= Long.BYTES)
        {
            // whole words, then the last word again ending at the end (overlapping what is already copied)
            for (int i = 0; i + Long.BYTES < n; i += Long.BYTES)
            {
                Memory.putLong(null, dst + i, Memory.getLong(srcBase, src + i));
            }
            Memory.putLong(null, dst + n - Long.BYTES, Memory.getLong(srcBase, src + n - Long.BYTES));
        }
        else if (n >= Integer.BYTES)
        {
            Memory.putInt(null, dst, Memory.getInt(srcBase, src));
            Memory.putInt(null, dst + n - Integer.BYTES, Memory.getInt(srcBase, src + n - Integer.BYTES));
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                Memory.putByte(null, dst + i, Memory.getByte(srcBase, src + i));
            }
        }
    }

    /**
     * Whether n bytes at two (base, address) locations are equal: eight at a time, the last partial word compared as
     * the overlapping word that ends with the last byte (four-byte words for 4 to 7 bytes).
     */
    static boolean equalBytes(final Object aBase, final long a, final Object bBase, final long b, final int n)
    {
        if (n >= Long.BYTES)
        {
            int i = 0;
            for (; i + Long.BYTES <= n; i += Long.BYTES)
            {
                if (Memory.getLong(aBase, a + i) != Memory.getLong(bBase, b + i))
                {
                    return false;
                }
            }
            return i == n || Memory.getLong(aBase, a + n - Long.BYTES) == Memory.getLong(bBase, b + n - Long.BYTES);
        }
        if (n >= Integer.BYTES)
        {
            return Memory.getInt(aBase, a) == Memory.getInt(bBase, b) &&
                Memory.getInt(aBase, a + n - Integer.BYTES) == Memory.getInt(bBase, b + n - Integer.BYTES);
        }
        for (int i = 0; i < n; i++)
        {
            if (Memory.getByte(aBase, a + i) != Memory.getByte(bBase, b + i))
            {
                return false;
            }
        }
        return true;
    }

    /** Converts a tape record's key word index into its entry index (the entry index of the arena copy). */
    private int entryPosition(final long tapeRecord, final int keyIndex)
    {
        int i = 0;
        for (int k = (int)Values.index(tapeRecord) + 1; k != keyIndex; k = tape.skip(k + 1))
        {
            i++;
        }
        return i;
    }

    private long newBlock(final int capacity, final int slotBytes)
    {
        final long block = arena.allocate(CONTAINER_HEADER_BYTES + (long)capacity * slotBytes);
        arena.putInt(block, 0);
        arena.putInt(block + 4, capacity);
        arena.putLong(block + ValueDescriptor.CONTAINER_OWNERS_OFFSET, 0);
        arena.putLong(block + CONTAINER_KEYS_OFFSET, 0);
        return block;
    }

    /** Copies one container (not its children) into a new arena block with spare capacity. */
    private long copyContainer(final long container, final int spare)
    {
        final int type = Values.type(container);
        final boolean record = type == TYPE_RECORD;
        final int slotBytes = record ? ENTRY_BYTES : ELEMENT_BYTES;
        final boolean indexed = record && Values.store(container) == STORE_TAPE &&
            (int)Values.index(container) == indexedRecord;
        final int n = indexed ? indexedCount : length(container);
        final long block = newBlock(n + spare, slotBytes);
        arena.putInt(block, n);
        if (record)
        {
            arena.putInt(block + CONTAINER_SOURCE_OFFSET, Values.store(container) == STORE_TAPE ?
                (int)Values.index(container) : storeOf(container).getInt(Values.index(container) + CONTAINER_SOURCE_OFFSET));
        }
        if (indexed)
        {
            // the record's keys are indexed: their tape words and prefixes are known, no walk and no prefix loads
            final long[] s = scratch;
            final long[] prefixes = indexedPrefixes;
            final int[] keyWords = indexedKeyWords;
            final long words = tapeWords;
            long e = arena.address() + block + CONTAINER_HEADER_BYTES;
            long bits = 0;
            for (int i = 0; i < n; i++, e += ENTRY_BYTES)
            {
                final int k = keyWords[i];
                bits |= keyBit(prefixes[i]);
                Memory.putLong(null, e, Values.handle(STORE_TAPE, TYPE_STRING,
                    Memory.getLong(null, words + ((long)k << 3)) & TapeDescriptor.PAYLOAD_MASK));
                Memory.putLong(null, e + 8, prefixes[i]);
                tapeValue(k + 1, s, 0);
                Memory.putLong(null, e + ENTRY_VALUE_OFFSET, s[0]);
                Memory.putLong(null, e + ENTRY_VALUE_OFFSET + 8, s[1]);
            }
            addKeyBits(arena.address() + block, bits);
        }
        else if (Values.store(container) == STORE_TAPE)
        {
            final long[] s = scratch;
            long e = block + CONTAINER_HEADER_BYTES;
            for (int p = first(container); p >= 0; p = next(container, p))
            {
                if (record)
                {
                    final long key = tape.payload(p);
                    final long prefix = keyPrefix(tapeStrings + key);
                    arena.putLong(e, Values.handle(STORE_TAPE, TYPE_STRING, key));
                    arena.putLong(e + 8, prefix);
                    addKeyBits(arena.address() + block, keyBit(prefix));
                    tapeValue(p + 1, s, 0);
                    arena.putLong(e + ENTRY_VALUE_OFFSET, s[0]);
                    arena.putLong(e + ENTRY_VALUE_OFFSET + 8, s[1]);
                }
                else
                {
                    tapeValue(p, s, 0);
                    arena.putLong(e, s[0]);
                    arena.putLong(e + 8, s[1]);
                }
                e += slotBytes;
            }
        }
        else
        {
            final Arena from = storeOf(container);
            Memory.copy(null, from.address() + Values.index(container) + CONTAINER_HEADER_BYTES, null,
                arena.address() + block + CONTAINER_HEADER_BYTES, (long)n * slotBytes);
            final long valueOffset = record ? ENTRY_VALUE_OFFSET : 0;
            long bits = 0;
            for (int i = 0; i < n; i++)
            {
                final long e = block + CONTAINER_HEADER_BYTES + (long)i * slotBytes;
                own(arena.getLong(e + valueOffset));
                if (record)
                {
                    bits |= keyBit(arena.getLong(e + 8));
                }
            }
            if (record)
            {
                addKeyBits(arena.address() + block, bits);
            }
        }
        return Values.handle(STORE_ARENA, type, block);
    }

    /** Moves a full arena container into a new block of {@code capacity} (the old block is abandoned). */
    private long grow(final long container, final int capacity)
    {
        final int type = Values.type(container);
        final int slotBytes = type == TYPE_RECORD ? ENTRY_BYTES : ELEMENT_BYTES;
        final long old = Values.index(container);
        final int n = arena.getInt(old);
        final long block = newBlock(Math.max(capacity, 1), slotBytes);
        arena.putInt(block, n);
        arena.putInt(block + CONTAINER_SOURCE_OFFSET, arena.getInt(old + CONTAINER_SOURCE_OFFSET));
        arena.putLong(block + CONTAINER_KEYS_OFFSET, arena.getLong(old + CONTAINER_KEYS_OFFSET));
        Memory.copy(null, arena.address() + old + CONTAINER_HEADER_BYTES, null, arena.address() + block + CONTAINER_HEADER_BYTES,
            (long)n * slotBytes);
        return Values.handle(STORE_ARENA, type, block);
    }

    private static void newBytes(final Arena into, final int store, final int type, final byte[] bytes,
        final int offset, final int length, final long[] out, final int at)
    {
        final long block = into.allocate(STRING_DATA_OFFSET + (long)length);
        into.putInt(block, length);
        Objects.checkFromIndexSize(offset, length, bytes.length);
        copyBytes(bytes, Memory.BYTE_ARRAY_OFFSET + offset, into.address() + block + STRING_DATA_OFFSET, length);
        set(out, at, Values.handle(store, type, block), 0);
    }

    private int copyKey(final byte[] key)
    {
        ensureKeyCapacity(key.length);
        System.arraycopy(key, 0, keyBytes, 0, key.length);
        return key.length;
    }

    /** Encodes chars as UTF-8 into the key scratch (unpaired surrogates become U+FFFD). */
    private int encodeKey(final CharSequence value)
    {
        final int chars = value.length();
        ensureKeyCapacity(chars * 3);
        final byte[] b = keyBytes;
        int n = 0;
        for (int i = 0; i < chars; i++)
        {
            int c = value.charAt(i);
            if (c < 0x80)
            {
                b[n++] = (byte)c;
            }
            else if (c < 0x800)
            {
                b[n++] = (byte)(0xC0 | (c >>> 6));
                b[n++] = (byte)(0x80 | (c & 0x3F));
            }
            else
            {
                if (Character.isHighSurrogate((char)c) && i + 1 < chars && Character.isLowSurrogate(value.charAt(i + 1)))
                {
                    final int cp = Character.toCodePoint((char)c, value.charAt(++i));
                    b[n++] = (byte)(0xF0 | (cp >>> 18));
                    b[n++] = (byte)(0x80 | ((cp >>> 12) & 0x3F));
                    b[n++] = (byte)(0x80 | ((cp >>> 6) & 0x3F));
                    b[n++] = (byte)(0x80 | (cp & 0x3F));
                    continue;
                }
                if (Character.isSurrogate((char)c))
                {
                    c = 0xFFFD;
                }
                b[n++] = (byte)(0xE0 | (c >>> 12));
                b[n++] = (byte)(0x80 | ((c >>> 6) & 0x3F));
                b[n++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        return n;
    }

    private void ensureKeyCapacity(final int bytes)
    {
        if (bytes > keyBytes.length)
        {
            keyBytes = new byte[Math.max(bytes, keyBytes.length * 2)];
            keySegment = MemorySegment.ofArray(keyBytes);
        }
    }

    private static void checkType(final long handle, final int type)
    {
        if (Values.type(handle) != type)
        {
            throw new IllegalArgumentException("expected " + Values.typeName(type) + ", got " +
                Values.typeName(Values.type(handle)));
        }
    }

    private static void checkContainer(final long handle)
    {
        if (!Values.isContainer(handle))
        {
            throw new IllegalArgumentException("expected array or record, got " + Values.typeName(Values.type(handle)));
        }
    }
}
