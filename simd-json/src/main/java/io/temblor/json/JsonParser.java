package io.temblor.json;

import io.temblor.offheap.Memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Parses JSON into a reused off-heap {@link Tape}: stage 1 ({@code StructuralIndexer}) finds the structurals and
 * validates UTF-8, stage 2 ({@code TapeBuilder}) validates the grammar and writes the tape. One per thread: only the
 * thread that created it may call it. Allocates nothing per parse once its buffers have grown to the largest document
 * seen. Invalid input is an expected outcome reported as a {@link JsonError} status with {@link #errorOffset()}; the
 * parser stays usable after any error.
 *
 * <p>Inputs: byte arrays (and segments over them) are read in place; native segments are first copied into a reused
 * array (one bulk copy, far cheaper than either stage), because both stages run on Java arrays: vector loads from
 * arrays and raw reads from them compile to less code than segment accesses (see {@link Tape}).
 *
 * <p>NDJSON: {@link #startDocuments(byte[], int, int)} indexes the buffer a window of lines at a time (stage 1), and
 * each {@link #nextDocument()} builds the next whitespace-separated root value into the same tape.
 */
public final class JsonParser implements AutoCloseable
{
    /** Default nesting limit. */
    public static final int DEFAULT_MAX_DEPTH = 1024;
    /** Returned by {@link #nextDocument()} when the stream has no more documents. */
    public static final int END_OF_DOCUMENTS = 1;

    private static final int MAX_STRUCTURALS = (1 << 29) - 4;
    private static final int INITIAL_TAPE_WORDS = 1024;
    private static final int INITIAL_STRING_BYTES = 4096;
    private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 64;
    /** Bytes of an NDJSON stream indexed at a time (then extended to the end of the line): fits in L2 with its tape. */
    private static final int WINDOW_BYTES = 64 * 1024;

    private final StructuralIndexer indexer;
    private final Tape tape;
    private final TapeBuilder builder;
    private MemorySegment lastSegment = MemorySegment.NULL;
    private byte[] lastSegmentArray;
    private int lastSegmentBase;
    private byte[] copy = new byte[0];
    /** Input of the current parse or stream: an array and the document's index in it. */
    private byte[] array;
    private int arrayBase;
    private int errorCode;
    private long errorOffset;

    /** NDJSON stream: total length, the indexed window [windowStart, windowEnd) and the structurals left in it. */
    private int streamLength;
    private int windowStart;
    private int windowEnd;
    private int docCount;
    private int docIndex;

    /** A parser with {@link #DEFAULT_MAX_DEPTH} and the configured {@link SimdWidth}. */
    public JsonParser()
    {
        this(DEFAULT_MAX_DEPTH);
    }

    /**
     * A parser with a nesting limit and the configured {@link SimdWidth}.
     *
     * @param maxDepth deepest nesting of arrays and objects accepted (at least 1).
     */
    public JsonParser(final int maxDepth)
    {
        this(maxDepth, SimdWidth.configured());
    }

    /**
     * A parser with a nesting limit and a vector width.
     *
     * @param maxDepth deepest nesting of arrays and objects accepted (at least 1).
     * @param width the stage 1 vector width.
     */
    public JsonParser(final int maxDepth, final SimdWidth width)
    {
        if (maxDepth < 1)
        {
            throw new IllegalArgumentException("maxDepth must be >= 1: " + maxDepth);
        }
        indexer = new StructuralIndexer(width);
        tape = new Tape(INITIAL_TAPE_WORDS, INITIAL_STRING_BYTES);
        builder = new TapeBuilder(tape, maxDepth, width);
    }

    /**
     * Parses {@code input[offset, offset + length)}, read in place.
     *
     * @param input the bytes.
     * @param offset first byte.
     * @param length byte count.
     * @return {@link JsonError#OK} with {@link #tape()} holding the document, or a negative {@link JsonError}.
     */
    public int parse(final byte[] input, final int offset, final int length)
    {
        java.util.Objects.checkFromIndexSize(offset, length, input.length);
        useArray(input, offset);
        return parseArray(length);
    }

    /**
     * Parses {@code input[offset, offset + length)}.
     *
     * @param input the bytes (native or heap segment).
     * @param offset first byte.
     * @param length byte count.
     * @return {@link JsonError#OK} with {@link #tape()} holding the document, or a negative {@link JsonError}.
     */
    public int parse(final MemorySegment input, final long offset, final long length)
    {
        if (!useSegment(input, offset, length))
        {
            return error(JsonError.CAPACITY, 0);
        }
        return parseArray((int)length);
    }

    /**
     * Reads a {@link TapeFrame} (a document another parser parsed) into this parser's tape, as if this parser had
     * parsed it: {@link #tape()} then holds the document, its strings and its root's input text. Copies the frame's
     * parts (no parsing); allocates only when the document is larger than any before.
     *
     * @param frame the frame's memory.
     * @param offset where it starts.
     * @param length its length.
     * @return {@link JsonError#OK}, or {@link JsonError#TAPE_ERROR} when the bytes are not a tape frame.
     */
    public int load(final MemorySegment frame, final long offset, final int length)
    {
        endStream();
        if (tape.wordsAddress == 0)
        {
            throw new IllegalStateException("JsonParser is closed");
        }
        tape.length = 0;
        if (!TapeFrame.isFrame(frame, offset, length))
        {
            return error(JsonError.TAPE_ERROR, 0);
        }
        final Object base = Memory.base(frame);
        final long from = Memory.address(frame) + offset;
        final int words = Memory.getInt(base, from + TapeFrame.WORDS_OFFSET);
        final int strings = Memory.getInt(base, from + TapeFrame.STRINGS_OFFSET);
        final int source = Memory.getInt(base, from + TapeFrame.SOURCE_OFFSET);
        final int flags = Memory.getInt(base, from + TapeFrame.FLAGS_OFFSET);
        tape.ensureCapacity(words, strings + StringParser.PADDING);
        long at = from + TapeFrame.HEADER_LENGTH;
        Memory.copy(base, at, null, tape.wordsAddress, words * 8L);
        at += words * 8L;
        Memory.copy(base, at, null, tape.positionsAddress, words * 4L);
        at += words * 4L;
        Memory.copy(base, at, null, tape.stringsAddress, strings);
        at += strings;
        if (copy.length < source)
        {
            copy = new byte[Math.max(source, 2 * copy.length)];
        }
        Memory.copy(base, at, copy, Memory.BYTE_ARRAY_OFFSET, source);
        tape.source = copy;
        tape.sourceBase = 0;
        tape.nonCanonical = null;
        tape.spanStart = Memory.getInt(base, from + TapeFrame.SPAN_START_OFFSET);
        tape.spanEnd = Memory.getInt(base, from + TapeFrame.SPAN_END_OFFSET);
        tape.numbersCanonical = (flags & TapeFrame.NUMBERS_CANONICAL) != 0;
        tape.canonicalState = (flags & TapeFrame.CANONICAL) != 0 ? 1 : 2;
        tape.stringsLength = strings;
        tape.length = words;
        errorCode = JsonError.OK;
        errorOffset = 0;
        return JsonError.OK;
    }

    private int parseArray(final int length)
    {
        endStream();
        final int count = stage1(length);
        if (count < 0)
        {
            return count;
        }
        final int status = builder.build(array, arrayBase, length, indexer.positions(), 0, count);
        if (status != JsonError.OK)
        {
            return error(status, builder.errorOffset());
        }
        if (builder.nextIndex() < count)
        {
            tape.length = 0;
            return error(JsonError.TRAILING_CONTENT, indexer.positions()[builder.nextIndex()]);
        }
        errorCode = JsonError.OK;
        errorOffset = 0;
        return JsonError.OK;
    }

    /**
     * Starts an NDJSON (or any whitespace-separated) stream of documents: runs stage 1 over the whole buffer.
     *
     * @param input the bytes.
     * @param offset first byte.
     * @param length byte count.
     * @return {@link JsonError#OK} or a negative {@link JsonError} of stage 1 (the stream is then empty).
     */
    public int startDocuments(final byte[] input, final int offset, final int length)
    {
        java.util.Objects.checkFromIndexSize(offset, length, input.length);
        useArray(input, offset);
        return startArray(length);
    }

    /**
     * Starts an NDJSON (or any whitespace-separated) stream of documents: runs stage 1 over the whole buffer.
     *
     * @param input the bytes.
     * @param offset first byte.
     * @param length byte count.
     * @return {@link JsonError#OK} or a negative {@link JsonError} of stage 1 (the stream is then empty).
     */
    public int startDocuments(final MemorySegment input, final long offset, final long length)
    {
        if (!useSegment(input, offset, length))
        {
            endStream();
            return error(JsonError.CAPACITY, 0);
        }
        return startArray((int)length);
    }

    /** Forgets the current NDJSON stream: {@link #nextDocument()} then reports its end. */
    private void endStream()
    {
        docCount = 0;
        docIndex = 0;
        streamLength = 0;
        windowStart = 0;
        windowEnd = 0;
    }

    private int startArray(final int length)
    {
        endStream();
        streamLength = length;
        final int status = nextWindow(0, WINDOW_BYTES);
        if (status != JsonError.OK)
        {
            return status;
        }
        errorCode = JsonError.OK;
        errorOffset = 0;
        return JsonError.OK;
    }

    /**
     * Indexes the stream from {@code from} to the end of the line that holds byte {@code from + size} (or the stream's
     * end). A stream is indexed a window at a time so that both stages of a document read input, positions and tape
     * from cache: indexing all of a large buffer first leaves stage 2 reading every byte back from memory. Lines are
     * safe cut points: a raw newline cannot occur inside a valid string, so no string, escape or UTF-8 sequence
     * crosses one (a document that does, spanning lines, is re-read in a larger window by {@link #nextDocument}).
     * A stage-1 error ends the stream.
     */
    private int nextWindow(final int from, final int size)
    {
        int end = (int)Math.min(streamLength, (long)from + size);
        while (end < streamLength && array[arrayBase + end - 1] != '\n')
        {
            end++;
        }
        windowStart = from;
        windowEnd = end;
        docIndex = 0;
        docCount = 0;
        final int count = stage1(from, end - from);
        if (count < 0)
        {
            errorOffset += from;
            windowEnd = streamLength;
            return count;
        }
        docCount = count;
        return JsonError.OK;
    }

    /**
     * Builds the next document of the stream started by {@code startDocuments} into {@link #tape()}.
     *
     * @return {@link JsonError#OK}, {@link #END_OF_DOCUMENTS} when none is left, or a negative {@link JsonError}
     *     (the stream then ends).
     */
    public int nextDocument()
    {
        int size = WINDOW_BYTES;
        while (true)
        {
            if (docIndex >= docCount)
            {
                if (windowEnd >= streamLength)
                {
                    tape.length = 0;
                    return END_OF_DOCUMENTS;
                }
                final int status = nextWindow(windowEnd, WINDOW_BYTES);
                if (status != JsonError.OK)
                {
                    return status;
                }
                continue;
            }
            final int status = builder.build(array, arrayBase + windowStart, windowEnd - windowStart,
                indexer.positions(), docIndex, docCount);
            if (status == JsonError.UNEXPECTED_END && windowEnd < streamLength)
            {
                // a document spanning lines past the window: index again from its start, in a larger window
                size *= 2;
                final int status2 = nextWindow(windowStart + indexer.positions()[docIndex], size);
                if (status2 != JsonError.OK)
                {
                    return status2;
                }
                continue;
            }
            if (status != JsonError.OK)
            {
                docIndex = docCount;
                windowEnd = streamLength;
                return error(status, windowStart + builder.errorOffset());
            }
            break;
        }
        docIndex = builder.nextIndex();
        errorCode = JsonError.OK;
        errorOffset = 0;
        return JsonError.OK;
    }

    /**
     * The tape of the last successful parse; rewritten by the next parse.
     *
     * @return the tape.
     */
    public Tape tape()
    {
        return tape;
    }

    /**
     * Status of the last parse.
     *
     * @return {@link JsonError#OK} or a negative {@link JsonError}.
     */
    public int errorCode()
    {
        return errorCode;
    }

    /**
     * Byte offset, relative to the parse's {@code offset}, of the structural (or string, number, literal) where the
     * last error was found; the input length for {@link JsonError#UNEXPECTED_END} and {@link JsonError#EMPTY}.
     *
     * @return the offset.
     */
    public long errorOffset()
    {
        return errorOffset;
    }

    /** Drops the references to the last input and frees the tape's native memory; the parser is unusable after. */
    @Override
    public void close()
    {
        lastSegment = MemorySegment.NULL;
        lastSegmentArray = null;
        array = null;
        endStream();
        tape.free();
    }

    private void useArray(final byte[] input, final int offset)
    {
        array = input;
        arrayBase = offset;
    }

    /**
     * Stage 2 reads Java arrays (see {@link Tape}): a segment over a byte[] is read in place, any other segment is
     * copied into a reused array that grows to the largest input seen.
     */
    private boolean useSegment(final MemorySegment input, final long offset, final long length)
    {
        if (offset < 0 || length < 0 || offset + length > input.byteSize())
        {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " size " + input.byteSize());
        }
        if (length > MAX_ARRAY_BYTES)
        {
            return false;
        }
        if (input != lastSegment)
        {
            lastSegment = input;
            lastSegmentArray = null;
            if (!input.isNative() && input.heapBase().orElse(null) instanceof byte[] bytes)
            {
                lastSegmentArray = bytes;
                lastSegmentBase = (int)input.address();
            }
        }
        if (lastSegmentArray != null)
        {
            useArray(lastSegmentArray, lastSegmentBase + (int)offset);
            return true;
        }
        if (copy.length < length)
        {
            copy = new byte[(int)Math.min(MAX_ARRAY_BYTES, Math.max(length, 2L * copy.length))];
        }
        MemorySegment.copy(input, ValueLayout.JAVA_BYTE, offset, copy, 0, (int)length);
        array = copy;
        arrayBase = 0;
        return true;
    }

    private int stage1(final int length)
    {
        return stage1(0, length);
    }

    /** Stage 1 over {@code array[arrayBase + from, + length)}; grows the tape for the result. */
    private int stage1(final int from, final int length)
    {
        if (tape.wordsAddress == 0)
        {
            throw new IllegalStateException("JsonParser is closed");
        }
        tape.length = 0;
        final int count = indexer.index(array, arrayBase + from, length);
        if (count < 0)
        {
            return error(count, indexer.errorOffset());
        }
        final long stringBytes = length + 4L * count + StringParser.PADDING;
        if (count > MAX_STRUCTURALS || stringBytes > MAX_ARRAY_BYTES)
        {
            return error(JsonError.CAPACITY, 0);
        }
        tape.ensureCapacity(2 * count + 4, (int)stringBytes);
        tape.source = array;
        tape.sourceBase = arrayBase + from;
        tape.nonCanonical = indexer.nonCanonical();
        return count;
    }

    private int error(final int code, final long offset)
    {
        errorCode = code;
        errorOffset = offset;
        tape.length = 0;
        return code;
    }
}
