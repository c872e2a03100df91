package io.temblor.json;

import io.temblor.offheap.Memory;

import java.lang.foreign.MemorySegment;

/**
 * A parsed document as bytes, so that one thread can parse and another use the result: the {@link Tape}'s words, the
 * input positions of its words, its strings and the root value's input text, behind a fixed header. A frame is written
 * by {@link #write} from a parser's tape and read back into another parser's tape by
 * {@link JsonParser#load(MemorySegment, long, int)}, which copies it (one bulk copy per part, far cheaper than
 * parsing). Frames are an in-process format between threads of one build: they are checked for consistent lengths,
 * not re-validated as JSON.
 *
 * <p>Layout (native byte order: frames never leave the process): magic u32, word count u32, string bytes u32, source
 * bytes u32, span start u32, span end u32, flags u32, reserved u32; then the words (8 bytes each), the positions (4
 * bytes per word), the string bytes and the source bytes (the input from its first byte to the end of the root
 * value).
 */
public final class TapeFrame
{
    /** Bytes before the words. */
    public static final int HEADER_LENGTH = 32;
    /** First four bytes of a frame: {@code TAP1}. */
    static final int MAGIC = 0x31504154;
    static final int WORDS_OFFSET = 4;
    static final int STRINGS_OFFSET = 8;
    static final int SOURCE_OFFSET = 12;
    static final int SPAN_START_OFFSET = 16;
    static final int SPAN_END_OFFSET = 20;
    static final int FLAGS_OFFSET = 24;
    /** Flag: every number's text is canonical. */
    static final int NUMBERS_CANONICAL = 1;
    /** Flag: the root's input text is its compact serialization ({@link Tape#canonical()}). */
    static final int CANONICAL = 2;

    private TapeFrame()
    {
    }

    /**
     * The length of the frame of a tape.
     *
     * @param tape a parser's tape after a successful parse.
     * @return the frame's length in bytes, or -1 when the tape holds no document, its root is a scalar (written as
     *     JSON text more cheaply) or the frame would exceed 2 GiB.
     */
    public static int length(final Tape tape)
    {
        if (tape.length == 0 || tape.spanEnd == 0)
        {
            return -1;
        }
        final long bytes = HEADER_LENGTH + tape.length * 12L + tape.stringsLength + tape.spanEnd;
        return bytes > Integer.MAX_VALUE - 64 ? -1 : (int)bytes;
    }

    /**
     * Writes the frame of a tape. The tape's owner thread.
     *
     * @param tape a tape whose {@link #length} is positive.
     * @param dst where to write.
     * @param offset at which offset ({@link #length} bytes must fit).
     * @return the bytes written.
     * @throws IllegalArgumentException when the tape has no frame.
     * @throws IndexOutOfBoundsException when the frame does not fit.
     */
    public static int write(final Tape tape, final MemorySegment dst, final long offset)
    {
        final int total = length(tape);
        if (total < 0)
        {
            throw new IllegalArgumentException("the tape has no frame (no document, a scalar root, or too large)");
        }
        java.util.Objects.checkFromIndexSize(offset, total, dst.byteSize());
        // raw accesses (segment accessors cost a tenth of a replay's parse here, see Tape)
        final Object base = Memory.base(dst);
        final long at = Memory.address(dst) + offset;
        final int words = tape.length;
        Memory.putInt(base, at, MAGIC);
        Memory.putInt(base, at + WORDS_OFFSET, words);
        Memory.putInt(base, at + STRINGS_OFFSET, tape.stringsLength);
        Memory.putInt(base, at + SOURCE_OFFSET, tape.spanEnd);
        Memory.putInt(base, at + SPAN_START_OFFSET, tape.spanStart);
        Memory.putInt(base, at + SPAN_END_OFFSET, tape.spanEnd);
        Memory.putInt(base, at + FLAGS_OFFSET, (tape.numbersCanonical ? NUMBERS_CANONICAL : 0) |
            (tape.canonical() ? CANONICAL : 0));
        Memory.putInt(base, at + FLAGS_OFFSET + 4, 0);
        long to = at + HEADER_LENGTH;
        Memory.copy(null, tape.wordsAddress, base, to, words * 8L);
        to += words * 8L;
        Memory.copy(null, tape.positionsAddress, base, to, words * 4L);
        to += words * 4L;
        Memory.copy(null, tape.stringsAddress, base, to, tape.stringsLength);
        to += tape.stringsLength;
        Memory.copy(tape.source, Memory.BYTE_ARRAY_OFFSET + tape.sourceBase, base, to, tape.spanEnd);
        return total;
    }

    /**
     * Whether bytes look like a tape frame (its magic and lengths add up to its length). Any thread.
     *
     * @param frame the bytes.
     * @param offset where the frame starts.
     * @param length its length.
     * @return true when the header is consistent with the length.
     */
    public static boolean isFrame(final MemorySegment frame, final long offset, final int length)
    {
        if (length < HEADER_LENGTH || offset < 0 || offset + length > frame.byteSize())
        {
            return false;
        }
        final Object base = Memory.base(frame);
        final long at = Memory.address(frame) + offset;
        if (Memory.getInt(base, at) != MAGIC)
        {
            return false;
        }
        final long words = Memory.getInt(base, at + WORDS_OFFSET) & 0xFFFF_FFFFL;
        final long strings = Memory.getInt(base, at + STRINGS_OFFSET) & 0xFFFF_FFFFL;
        final long source = Memory.getInt(base, at + SOURCE_OFFSET) & 0xFFFF_FFFFL;
        final long spanStart = Memory.getInt(base, at + SPAN_START_OFFSET) & 0xFFFF_FFFFL;
        final long spanEnd = Memory.getInt(base, at + SPAN_END_OFFSET) & 0xFFFF_FFFFL;
        return words >= 3 && spanEnd == source && spanStart < spanEnd &&
            HEADER_LENGTH + words * 12 + strings + source == length;
    }
}
