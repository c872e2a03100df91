package io.temblor.json;

import java.lang.foreign.MemorySegment;

/**
 * Parses JSON into a reused off-heap {@link Tape}: stage 1 ({@code StructuralIndexer}) finds the structurals and
 * validates UTF-8, stage 2 ({@code TapeBuilder}) validates the grammar and writes the tape. One per thread: only the
 * thread that created it may call it. Allocates nothing per parse once its buffers have grown to the largest document
 * seen. Invalid input is an expected outcome reported as a {@link JsonError} status with {@link #errorOffset()}; the
 * parser stays usable after any error.
 *
 * <p>NDJSON: {@link #startDocuments(byte[], int, int)} runs stage 1 once over the whole buffer, then each
 * {@link #nextDocument()} builds the next whitespace-separated root value into the same tape.
 */
public final class JsonParser implements AutoCloseable
{
    /** Default nesting limit. */
    public static final int DEFAULT_MAX_DEPTH = 1024;
    /** Returned by {@link #nextDocument()} when the stream has no more documents. */
    public static final int END_OF_DOCUMENTS = 1;

    private static final int MAX_STRUCTURALS = (1 << 29) - 4;
    private static final long INITIAL_TAPE_WORDS = 1024;
    private static final long INITIAL_STRING_BYTES = 4096;

    private final StructuralIndexer indexer;
    private final Tape tape;
    private final TapeBuilder builder;
    private byte[] cachedArray;
    private MemorySegment cachedSegment = MemorySegment.NULL;
    private int errorCode;
    private long errorOffset;

    private MemorySegment docInput = MemorySegment.NULL;
    private long docOffset;
    private long docLength;
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
        builder = new TapeBuilder(tape, maxDepth);
    }

    /**
     * Parses {@code input[offset, offset + length)}; the array is wrapped once and the wrapper reused while the same
     * array is passed again.
     *
     * @param input the bytes.
     * @param offset first byte.
     * @param length byte count.
     * @return {@link JsonError#OK} with {@link #tape()} holding the document, or a negative {@link JsonError}.
     */
    public int parse(final byte[] input, final int offset, final int length)
    {
        return parse(wrap(input), offset, length);
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
        docCount = 0;
        docIndex = 0;
        docInput = MemorySegment.NULL;
        final int count = stage1(input, offset, length);
        if (count < 0)
        {
            return count;
        }
        final int status = builder.build(input, offset, length, indexer.positions(), 0, count);
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
        return startDocuments(wrap(input), offset, length);
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
        docCount = 0;
        docIndex = 0;
        docInput = MemorySegment.NULL;
        final int count = stage1(input, offset, length);
        if (count < 0)
        {
            return count;
        }
        docInput = input;
        docOffset = offset;
        docLength = length;
        docCount = count;
        errorCode = JsonError.OK;
        errorOffset = 0;
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
        if (docIndex >= docCount)
        {
            tape.length = 0;
            return END_OF_DOCUMENTS;
        }
        final int status = builder.build(docInput, docOffset, docLength, indexer.positions(), docIndex, docCount);
        if (status != JsonError.OK)
        {
            docIndex = docCount;
            return error(status, builder.errorOffset());
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

    /** Frees the off-heap tape. */
    @Override
    public void close()
    {
        tape.close();
        cachedArray = null;
        cachedSegment = MemorySegment.NULL;
        docInput = MemorySegment.NULL;
    }

    private MemorySegment wrap(final byte[] input)
    {
        if (input != cachedArray)
        {
            cachedSegment = MemorySegment.ofArray(input);
            cachedArray = input;
        }
        return cachedSegment;
    }

    private int stage1(final MemorySegment input, final long offset, final long length)
    {
        tape.length = 0;
        if (offset < 0 || length < 0 || offset + length > input.byteSize())
        {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " size " + input.byteSize());
        }
        if (length > Integer.MAX_VALUE - 64)
        {
            return error(JsonError.CAPACITY, 0);
        }
        final int count = indexer.index(input, offset, length);
        if (count < 0)
        {
            return error(count, indexer.errorOffset());
        }
        if (count > MAX_STRUCTURALS)
        {
            return error(JsonError.CAPACITY, 0);
        }
        tape.ensureCapacity(2L * count + 4, length + 4L * count + StringParser.PADDING);
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
