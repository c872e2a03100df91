package io.temblor.json;

import io.temblor.offheap.ExpandableSegment;
import io.temblor.offheap.Memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The parsed form of one JSON document: a tape of 64-bit words laid out as {@link TapeDescriptor} draws, and a string
 * buffer. Read-only for its users; the owning {@link JsonParser} rewrites it on every parse, so everything read from
 * it is valid until that parser's next parse. Only the parser's thread may read it (or another thread after a
 * happens-before edge from the parse and before the next one).
 *
 * <p>Storage: both buffers are native memory ({@link ExpandableSegment}) that grows only when a document needs more
 * than any before, so there is no garbage per parse. The hot paths read and write them as raw addresses through
 * {@link Memory} (single instructions, like array stores); {@code MemorySegment} accessors were measured four to five
 * times costlier per value in the big stage 2 loop, where shared JDK code paths see both heap and native segments
 * and stop inlining. {@link #words()} and {@link #strings()} are the segments themselves (little-endian).
 */
public final class Tape
{
    /** Index of the document's root value (the word after the opening root word). */
    public static final int ROOT_INDEX = 1;
    /** Returned by navigation methods when there is no such value. */
    public static final int NO_INDEX = -1;

    /** Whether accessors check indexes against the tape length: on unless temblor.json.boundsChecks=false. */
    public static final boolean SHOULD_BOUNDS_CHECK =
        !"false".equals(System.getProperty("temblor.json.boundsChecks"));

    static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final ExpandableSegment wordBuffer;
    private final ExpandableSegment stringBuffer;
    /** Per tape word, u32: the input offset of an object key's opening quote or of a container's bracket. */
    private final ExpandableSegment positionBuffer;
    /** Address of word 0 (native memory, read and written through {@link Memory}). */
    long wordsAddress;
    /** Address of byte 0 of the string buffer. */
    long stringsAddress;
    /** Address of the position of word 0 (see {@link #positions()}). */
    long positionsAddress;
    int length;
    /** The array the current document was parsed from, with the offset of byte 0 of the indexed input in it. */
    byte[] source;
    int sourceBase;
    /** Stage 1's non-canonical byte masks over the indexed input (see {@code StructuralIndexer#nonCanonical()}). */
    long[] nonCanonical;
    /** The root value's input bytes, relative to sourceBase: [spanStart, spanEnd); spanEnd is 0 for a scalar root. */
    int spanStart;
    int spanEnd;
    /** False when the document has a number whose text is not what the writer prints for it (set by stage 2). */
    boolean numbersCanonical;
    /** {@link #canonical()} of the current document: 0 not computed yet, 1 true, 2 false. */
    int canonicalState;
    /** Bytes of the string buffer the current document uses (set by stage 2 and {@link TapeFrame#load}). */
    int stringsLength;
    private MemorySegment wordsView;
    private MemorySegment stringsView;
    private MemorySegment positionsView;

    Tape(final int initialWords, final int initialStringBytes)
    {
        wordBuffer = new ExpandableSegment((long)initialWords * Long.BYTES);
        stringBuffer = new ExpandableSegment(initialStringBytes);
        positionBuffer = new ExpandableSegment((long)initialWords * Integer.BYTES);
        remap();
    }

    void ensureCapacity(final int wordCount, final int stringBytes)
    {
        wordBuffer.ensureCapacity((long)wordCount * Long.BYTES);
        stringBuffer.ensureCapacity(stringBytes);
        positionBuffer.ensureCapacity((long)wordCount * Integer.BYTES);
        remap();
    }

    private void remap()
    {
        wordsView = wordBuffer.segment();
        stringsView = stringBuffer.segment();
        wordsAddress = wordsView.address();
        stringsAddress = stringsView.address();
        positionsView = positionBuffer.segment();
        positionsAddress = positionsView.address();
    }

    /** Frees the native memory; the parser that owns this tape must not be used afterwards. */
    void free()
    {
        wordBuffer.close();
        stringBuffer.close();
        positionBuffer.close();
        wordsAddress = 0;
        positionsAddress = 0;
        stringsAddress = 0;
        length = 0;
    }

    /**
     * Number of words of the current document's tape, both root words included; 0 when the last parse failed.
     *
     * @return the length in words.
     */
    public int length()
    {
        return length;
    }

    /**
     * Index of the root value.
     *
     * @return {@link #ROOT_INDEX}.
     */
    public int rootIndex()
    {
        return ROOT_INDEX;
    }

    /**
     * The word at an index.
     *
     * @param index word index.
     * @return the word.
     */
    public long word(final int index)
    {
        if (SHOULD_BOUNDS_CHECK)
        {
            checkIndex(index);
        }
        return Memory.getLong(null, wordsAddress + ((long)index << 3));
    }

    /**
     * The tag of the word at an index (one of the {@code TAG_} constants of {@link TapeDescriptor}).
     *
     * @param index word index.
     * @return the tag.
     */
    public byte tag(final int index)
    {
        return (byte)(word(index) >>> TapeDescriptor.TAG_SHIFT);
    }

    /**
     * The 56-bit payload of the word at an index.
     *
     * @param index word index.
     * @return the payload.
     */
    public long payload(final int index)
    {
        return word(index) & TapeDescriptor.PAYLOAD_MASK;
    }

    /**
     * The raw 64 bits of the number whose tag word is at {@code index} (int64, uint64 or double bits).
     *
     * @param index index of an 'l', 'u' or 'd' word.
     * @return the value word.
     */
    public long numberBits(final int index)
    {
        return word(index + 1);
    }

    /**
     * The index just after the value at {@code index}: O(1) for containers (their start word holds it).
     *
     * @param index index of a value's first word.
     * @return the index of the next word after the value.
     */
    public int skip(final int index)
    {
        final long w = word(index);
        return switch ((byte)(w >>> TapeDescriptor.TAG_SHIFT))
        {
            case TapeDescriptor.TAG_START_OBJECT, TapeDescriptor.TAG_START_ARRAY, TapeDescriptor.TAG_ROOT ->
                (int)(w & TapeDescriptor.INDEX_MASK);
            case TapeDescriptor.TAG_INT64, TapeDescriptor.TAG_UINT64, TapeDescriptor.TAG_DOUBLE -> index + 2;
            default -> index + 1;
        };
    }

    /**
     * Byte offset in {@link #strings()} of the first UTF-8 byte of the string at {@code index}.
     *
     * @param index index of a string word.
     * @return the byte offset.
     */
    public int stringOffset(final int index)
    {
        return (int)(word(index) & TapeDescriptor.PAYLOAD_MASK) + TapeDescriptor.STRING_LENGTH_BYTES;
    }

    /**
     * UTF-8 byte length of the string at {@code index}.
     *
     * @param index index of a string word.
     * @return the byte length.
     */
    public int stringLength(final int index)
    {
        return Memory.getInt(null, stringsAddress + (word(index) & TapeDescriptor.PAYLOAD_MASK));
    }

    /**
     * The string buffer (length prefixes and unescaped UTF-8 bytes) as a segment; valid until the next parse.
     *
     * @return the segment.
     */
    public MemorySegment strings()
    {
        return stringsView;
    }

    /**
     * The tape words as a segment of little-endian longs; valid until the next parse.
     *
     * @return the segment (at least {@link #length()} words).
     */
    public MemorySegment words()
    {
        return wordsView;
    }

    /**
     * Where tape words came from in the input, one little-endian u32 per word, defined for three kinds of word only: an
     * object key's string word holds the offset of the key's opening quote, a container's start and end words the
     * offsets of its brackets, all relative to {@link #positionBase()} in {@link #source()} (other words hold stale
     * data).
     * With {@link #canonical()}, an object member's input text runs from its key's position up to the next key's
     * position less one (the comma) or up to the object's closing bracket, and is the member's compact serialization:
     * a writer can copy runs of unchanged members from the input. Valid until the next parse.
     *
     * @return the segment (at least {@link #length()} entries).
     */
    public MemorySegment positions()
    {
        return positionsView;
    }

    /**
     * The offset in {@link #source()} that {@link #positions()} are relative to.
     *
     * @return the offset.
     */
    public int positionBase()
    {
        return sourceBase;
    }

    /**
     * Whether the current document's root is a container whose input bytes are exactly its compact serialization (no
     * whitespace between tokens, no escape in a string, every number written as the writer writes it), so that
     * copying {@link #sourceLength()} bytes of {@link #source()} from {@link #sourceOffset()} serializes it. Computed at
     * the first call per document from stage 1's masks; false for scalar roots and after a failed parse. Owner thread.
     *
     * @return whether the root's input text is canonical.
     */
    public boolean canonical()
    {
        if (length == 0)
        {
            return false;
        }
        int state = canonicalState;
        if (state == 0)
        {
            state = computeCanonical() ? 1 : 2;
            canonicalState = state;
        }
        return state == 1;
    }

    private boolean computeCanonical()
    {
        if (spanEnd == 0 || !numbersCanonical)
        {
            return false;
        }
        final long[] masks = nonCanonical;
        final int first = spanStart >> 6;
        final int last = (spanEnd - 1) >> 6;
        // the bytes of the first and last block outside the span do not count
        final long head = -1L << spanStart;
        final long tail = -1L >>> (63 - ((spanEnd - 1) & 63));
        long any;
        if (first == last)
        {
            any = masks[first] & head & tail;
        }
        else
        {
            any = masks[first] & head | masks[last] & tail;
            for (int b = first + 1; b < last; b++)
            {
                any |= masks[b];
            }
        }
        return any == 0;
    }

    /**
     * The array the current document was read from (the caller's array, or the parser's copy of a native input); valid
     * until the next parse, and not to be written.
     *
     * @return the source array.
     */
    public byte[] source()
    {
        return source;
    }

    /**
     * Offset in {@link #source()} of the root value's first byte.
     *
     * @return the offset.
     */
    public int sourceOffset()
    {
        return sourceBase + spanStart;
    }

    /**
     * Length of the root value's input text (0 for a scalar root).
     *
     * @return the length in bytes.
     */
    public int sourceLength()
    {
        return spanEnd - spanStart;
    }

    private void checkIndex(final int index)
    {
        if (index < 0 || index >= length)
        {
            throw new IndexOutOfBoundsException("tape index " + index + " length " + length);
        }
    }
}
