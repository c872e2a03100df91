package io.temblor.json;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A parsed document as bytes, so that one thread can parse and another use the result: the {@link Tape}'s words, the
 * input positions of its words, its strings and the root value's input text, behind a fixed header. A frame is written
 * by {@link #write} from a parser's tape and read back into another parser's tape by
 * {@link JsonParser#load(MemorySegment, long, int)}, which copies it (one bulk copy per part, far cheaper than
 * parsing). Frames are an in-process format between threads of one build: they are checked for consistent lengths,
 * not re-validated as JSON.
 *
 * <p>Layout (little-endian): magic u32, word count u32, string bytes u32, source bytes u32, span start u32, span end
 * u32, flags u32, reserved u32; then the words (8 bytes each), the positions (4 bytes per word), the string bytes and
 * the source bytes (the input from its first byte to the end of the root value).
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

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

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
     */
    public static int write(final Tape tape, final MemorySegment dst, final long offset)
    {
        final int total = length(tape);
        if (total < 0)
        {
            throw new IllegalArgumentException("the tape has no frame (no document, a scalar root, or too large)");
        }
        final int words = tape.length;
        dst.set(U32, offset, MAGIC);
        dst.set(U32, offset + WORDS_OFFSET, words);
        dst.set(U32, offset + STRINGS_OFFSET, tape.stringsLength);
        dst.set(U32, offset + SOURCE_OFFSET, tape.spanEnd);
        dst.set(U32, offset + SPAN_START_OFFSET, tape.spanStart);
        dst.set(U32, offset + SPAN_END_OFFSET, tape.spanEnd);
        dst.set(U32, offset + FLAGS_OFFSET, (tape.numbersCanonical ? NUMBERS_CANONICAL : 0) |
            (tape.canonical() ? CANONICAL : 0));
        dst.set(U32, offset + FLAGS_OFFSET + 4, 0);
        long at = offset + HEADER_LENGTH;
        MemorySegment.copy(tape.words(), 0, dst, at, words * 8L);
        at += words * 8L;
        MemorySegment.copy(tape.positions(), 0, dst, at, words * 4L);
        at += words * 4L;
        MemorySegment.copy(tape.strings(), 0, dst, at, tape.stringsLength);
        at += tape.stringsLength;
        MemorySegment.copy(tape.source, tape.sourceBase, dst, ValueLayout.JAVA_BYTE, at, tape.spanEnd);
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
        if (length < HEADER_LENGTH || offset < 0 || offset + length > frame.byteSize() ||
            frame.get(U32, offset) != MAGIC)
        {
            return false;
        }
        final long words = frame.get(U32, offset + WORDS_OFFSET) & 0xFFFF_FFFFL;
        final long strings = frame.get(U32, offset + STRINGS_OFFSET) & 0xFFFF_FFFFL;
        final long source = frame.get(U32, offset + SOURCE_OFFSET) & 0xFFFF_FFFFL;
        final long spanStart = frame.get(U32, offset + SPAN_START_OFFSET) & 0xFFFF_FFFFL;
        final long spanEnd = frame.get(U32, offset + SPAN_END_OFFSET) & 0xFFFF_FFFFL;
        return words >= 3 && spanEnd == source && spanStart < spanEnd &&
            HEADER_LENGTH + words * 12 + strings + source == length;
    }

    static int get(final MemorySegment frame, final long offset, final int field)
    {
        return frame.get(U32, offset + field);
    }
}
