package io.temblor.json;

import io.temblor.offheap.Memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stage 1 of the parser, after simdjson (Langdale &amp; Lemire, "Parsing Gigabytes of JSON per Second", VLDB Journal
 * 2019): validates UTF-8 and records the offset of every structural byte in {@link #positions()}. Structurals are the
 * operators {@code { } [ ] : ,} outside strings, the opening quote of every string and the first byte of every other
 * scalar (a byte outside strings that is neither whitespace, an operator nor a quote, not preceded by another such
 * byte).
 *
 * <p>The input is processed in 64-byte blocks: vector compares turn a block into 64-bit masks (one bit per byte) and
 * the bit tricks below derive escaped bytes, string interiors and scalar starts from them, carrying three bits of state
 * from block to block. A backslash escapes the following byte wherever it occurs (outside strings that only matters for
 * invalid JSON, which stage 2 rejects). The last partial block is copied into a 64-byte scratch padded with spaces, so
 * nothing past the input is read.
 *
 * <p>One instance per parser, confined to the parser's thread; reusable and allocation free once {@link #positions()}
 * has grown to the largest input.
 */
final class StructuralIndexer
{
    /** Bytes per step: one bit of a {@code long} mask per byte. */
    static final int BLOCK_BYTES = 64;
    /** Slack at the end of {@link #positions()}: two sentinels and the overshoot of the unrolled flattening. */
    static final int POSITIONS_SLACK = 64;
    /** Largest input length the {@code int} positions can describe. */
    static final long MAX_LENGTH = Integer.MAX_VALUE - 2 * POSITIONS_SLACK;

    private static final long INT_BASE = Memory.INT_ARRAY_OFFSET;
    private static final VectorSpecies<Byte> S256 = ByteVector.SPECIES_256;
    private static final VectorSpecies<Byte> S512 = ByteVector.SPECIES_512;
    /** Bits at even positions (0, 2, ...) of a block. */
    private static final long EVEN_BITS = 0x5555_5555_5555_5555L;
    /** Bits at odd positions (1, 3, ...) of a block. */
    private static final long ODD_BITS = ~EVEN_BITS;

    private final SimdWidth width;
    /** Bytes of context kept in front of a block copied to the scratch (the UTF-8 check reads three back). */
    private static final int SCRATCH_PREFIX = 16;

    private final byte[] scratch = new byte[SCRATCH_PREFIX + BLOCK_BYTES];
    /** Native inputs of {@link #index(MemorySegment, long, long)} are copied here first. */
    private byte[] copy = new byte[0];
    private int[] positions = new int[1024 + POSITIONS_SLACK];
    /**
     * Per 64-byte block of the last indexed input: the bytes that keep a document from being its own compact form,
     * whitespace outside strings and every backslash (bit i = byte 64 * block + i; bits past the end are set).
     */
    private long[] nonCanonical = new long[1024 / BLOCK_BYTES + 2];
    private long errorOffset;

    // state carried from block to block during one index() call
    private long prevInString;     // all ones if the indexed input ended inside a string
    private long escapedIn;        // block carries from the full blocks into the scratch block (see indexVector)
    private long inStringIn;
    private long scalarIn;
    private long pending;
    private int pendingBase;
    private boolean utf8Open;      // a multi-byte sequence at the end of the previous block continues in the next
    private byte[] input;          // the input of the running call, for the exact offset of a UTF-8 error
    private int inputOffset;
    private int inputEnd;

    /**
     * Creates an indexer for one width.
     *
     * @param width the vector width (or scalar) to run.
     */
    StructuralIndexer(final SimdWidth width)
    {
        this.width = Objects.requireNonNull(width, "width");
    }

    /**
     * The width this indexer runs.
     *
     * @return the width.
     */
    SimdWidth width()
    {
        return width;
    }

    /**
     * Indexes {@code input[offset, offset + length)} of a segment: segments over a byte[] are read in place, native
     * ones are first copied into a reused array (the parser itself always passes arrays). Owner thread only.
     *
     * @param input  the input.
     * @param offset offset of the first byte.
     * @param length bytes to index.
     * @return as {@link #index(byte[], int, int)}.
     * @throws IndexOutOfBoundsException if the range is not inside the input.
     */
    int index(final MemorySegment input, final long offset, final long length)
    {
        Objects.checkFromIndexSize(offset, length, input.byteSize());
        if (length > MAX_LENGTH)
        {
            errorOffset = 0;
            return JsonError.CAPACITY;
        }
        if (!input.isNative() && input.heapBase().orElse(null) instanceof byte[] bytes)
        {
            return index(bytes, (int)(input.address() + offset), (int)length);
        }
        if (copy.length < length)
        {
            copy = new byte[(int)length];
        }
        MemorySegment.copy(input, ValueLayout.JAVA_BYTE, offset, copy, 0, (int)length);
        return index(copy, 0, (int)length);
    }

    /**
     * Indexes {@code input[offset, offset + length)}: validates UTF-8 and finds the structurals. Owner thread only.
     *
     * @param input  the input.
     * @param offset offset of the first byte.
     * @param length bytes to index.
     * @return the number of structurals (>= 0), or {@link JsonError#UTF8_ERROR}, {@link JsonError#UNCLOSED_STRING} or
     *     {@link JsonError#CAPACITY}, with {@link #errorOffset()} then holding the byte offset relative to {@code offset}
     *     (the first byte of the ill-formed UTF-8 sequence, or the opening quote of the unclosed string).
     * @throws IndexOutOfBoundsException if the range is not inside the input.
     */
    int index(final byte[] input, final int offset, final int length)
    {
        Objects.checkFromIndexSize(offset, length, input.length);
        errorOffset = -1;
        if (length > MAX_LENGTH)
        {
            errorOffset = 0;
            return JsonError.CAPACITY;
        }
        if (positions.length < length + POSITIONS_SLACK)
        {
            positions = new int[length + POSITIONS_SLACK];
        }
        if (nonCanonical.length < length / BLOCK_BYTES + 2)
        {
            nonCanonical = new long[length / BLOCK_BYTES + 2];
        }
        prevInString = 0;
        utf8Open = false;
        this.input = input;
        inputOffset = offset;
        inputEnd = offset + length;

        final int count = switch (width)
        {
            case W512 -> indexVector(input, offset, length, true);
            case W256 -> indexVector(input, offset, length, false);
            case SCALAR -> indexScalar(input, offset, length);
        };
        this.input = null;
        if (count < 0)
        {
            return count;
        }
        if (prevInString != 0)
        {
            // everything after the opening quote of the unclosed string is inside it, so that quote is the last structural
            errorOffset = positions[count - 1];
            return JsonError.UNCLOSED_STRING;
        }
        positions[count] = length;
        positions[count + 1] = length;
        return count;
    }

    /**
     * Structural offsets (relative to the indexed offset) of the last successful {@link #index} call, followed by two
     * sentinels equal to the length. The array is reused (and replaced when it grows) by the next call.
     *
     * @return the positions array.
     */
    int[] positions()
    {
        return positions;
    }

    /**
     * Per 64-byte block of the last successful {@link #index} call (block 0 starts at the indexed offset): whitespace
     * outside strings and backslashes, bit i standing for byte i of the block. Replaced when it grows.
     *
     * @return the mask array.
     */
    long[] nonCanonical()
    {
        return nonCanonical;
    }

    /**
     * Byte offset (relative to the indexed offset) of the error returned by the last {@link #index} call.
     *
     * @return the offset, or -1 after success.
     */
    long errorOffset()
    {
        return errorOffset;
    }

    private int indexScalar(final byte[] in, final int offset, final int length)
    {
        final int end = offset + length;
        final int bad = Utf8Validator.validate(in, offset, end);
        if (bad >= 0)
        {
            errorOffset = bad - offset;
            return JsonError.UTF8_ERROR;
        }
        final int[] pos = positions;
        final long[] nc = nonCanonical;
        Arrays.fill(nc, 0, length / BLOCK_BYTES + 2, 0L);
        int n = 0;
        boolean escaped = false;
        boolean inString = false;
        boolean scalar = false;
        for (int p = offset; p < end; p++)
        {
            final byte c = in[p];
            final boolean isEscaped = escaped;
            escaped = c == '\\' && !isEscaped;
            final boolean quote = c == '"' && !isEscaped;
            if (c == '\\')
            {
                nc[(p - offset) >> 6] |= 1L << (p - offset);
            }
            if (inString)
            {
                inString = !quote;
                scalar = false;
            }
            else if (quote)
            {
                pos[n++] = p - offset;
                inString = true;
                scalar = false;
            }
            else if (c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',')
            {
                pos[n++] = p - offset;
                scalar = false;
            }
            else if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            {
                nc[(p - offset) >> 6] |= 1L << (p - offset);
                scalar = false;
            }
            else
            {
                if (!scalar)
                {
                    pos[n++] = p - offset;
                }
                scalar = true;
            }
        }
        if ((length & (BLOCK_BYTES - 1)) != 0)
        {
            nc[length >> 6] |= -1L << length;
        }
        prevInString = inString ? -1L : 0L;
        return n;
    }

    /**
     * A vector kernel over the whole input: the full blocks straight from the input, then the partial last block from
     * the scratch (padded with spaces) through the same compiled loop. The loop thus reads one array with no
     * per-block choice, so C2 hoists its bounds checks (measured: a quarter fewer instructions per byte than choosing
     * the source per block), and the tail needs no path of its own (which would run once per document, never get
     * compiled by C2, and allocate its vectors).
     */
    private int indexVector(final byte[] in, final int offset, final int length, final boolean wide)
    {
        escapedIn = 0;
        inStringIn = 0;
        scalarIn = 0;
        pending = 0;
        pendingBase = 0;
        final int full = length & -BLOCK_BYTES;
        int n = wide ? blocks512(in, offset, offset + full, 0, 0) : blocks256(in, offset, offset + full, 0, 0);
        if (n >= 0 && full < length)
        {
            fillScratch(in, offset + full, offset + length);
            final int to = SCRATCH_PREFIX + BLOCK_BYTES;
            n = wide ? blocks512(scratch, SCRATCH_PREFIX, to, full, n) : blocks256(scratch, SCRATCH_PREFIX, to, full, n);
        }
        if (n < 0)
        {
            return n;
        }
        n = flatten(positions, n, pendingBase, pending);
        prevInString = inStringIn;
        if (utf8Open)
        {
            return utf8Error();
        }
        return n;
    }

    /**
     * Indexes the full blocks {@code src[from, to)}, whose first byte is at offset {@code base} of the input, carrying
     * the block-to-block state in and out through fields: one loop with every carry in a local, so C2 compiles it as
     * one unit (per-block calls and field carries cost more than the classification itself). Blocks with a byte
     * &gt;= 0x80 take the out-of-line UTF-8 check.
     */
    private int blocks256(final byte[] src, final int from, final int to, final int base, final int count)
    {
        final int[] pos = positions;
        final long[] nc = nonCanonical;
        long escapedIn = this.escapedIn;
        long inStringIn = this.inStringIn;
        long scalarIn = this.scalarIn;
        // the previous block's structurals, flattened one block late (simdjson's order: the bit scan of one block
        // overlaps the vector work of the next instead of waiting for it)
        long pending = this.pending;
        int pendingBase = this.pendingBase;
        int n = count;
        for (int at = from; at < to; at += BLOCK_BYTES)
        {
            final ByteVector lo = ByteVector.fromArray(S256, src, at);
            final ByteVector hi = ByteVector.fromArray(S256, src, at + 32);
            // any byte >= 0x80: one mask of both halves' OR, as only "any" matters
            final long high = lo.or(hi).lt((byte)0).toLong();
            final long backslash = lo.eq((byte)'\\').toLong() | hi.eq((byte)'\\').toLong() << 32;
            final long quoteBytes = lo.eq((byte)'"').toLong() | hi.eq((byte)'"').toLong() << 32;
            final long ws = lo.eq((byte)' ').or(lo.eq((byte)'\t')).or(lo.eq((byte)'\n')).or(lo.eq((byte)'\r')).toLong()
                | hi.eq((byte)' ').or(hi.eq((byte)'\t')).or(hi.eq((byte)'\n')).or(hi.eq((byte)'\r')).toLong() << 32;
            // Setting bit 5 (0x20) maps '[' (0x5B) onto '{' (0x7B) and ']' (0x5D) onto '}' (0x7D), and no other byte onto
            // either, so four compares cover the six operators.
            final ByteVector loFolded = lo.or((byte)0x20);
            final ByteVector hiFolded = hi.or((byte)0x20);
            final long op = loFolded.eq((byte)'{').or(loFolded.eq((byte)'}')).or(lo.eq((byte)':')).or(lo.eq((byte)',')).toLong()
                | hiFolded.eq((byte)'{').or(hiFolded.eq((byte)'}')).or(hi.eq((byte)':')).or(hi.eq((byte)',')).toLong() << 32;

            // Escaped bytes: a byte is escaped when it follows a run of backslashes of odd length. Langdale & Lemire
            // 2019, section 3.1.1: adding a run's first bit to the backslash mask carries past the run and sets the bit
            // just after it; the run length is odd exactly when that bit's parity differs from the start's, so runs
            // starting on even and odd bits are added separately. An escaped backslash neither starts nor extends a
            // run. The carry out of bit 63 (Hacker's Delight 2-13: the top bit of (a & b) | ((a | b) & ~(a + b)), with
            // b a subset of a) escapes byte 0 of the next block.
            long escaped = escapedIn;
            if ((backslash | escapedIn) != 0)
            {
                escaped = escaped(backslash, escapedIn);
                escapedIn = escapeCarry(backslash, escapedIn);
            }
            // Inside strings: the prefix XOR of the unescaped quotes sets every bit from an opening quote up to (not
            // including) its closing quote. simdjson uses a carry-less multiply by all ones; Java has none, so the
            // log-step shift-xor ladder does it (Hacker's Delight 5-2, parallel prefix). The top bit, spread by the
            // arithmetic shift, is the in-string state carried into the next block.
            final long quote = quoteBytes & ~escaped;
            final long inString = prefixXor(quote) ^ inStringIn;
            inStringIn = inString >> 63;
            // no carry: the whitespace and backslashes of this block alone
            nc[(base + (at - from)) >> 6] = (ws & ~inString) | backslash;
            // Scalar starts (simdjson): a byte outside strings that is no whitespace, operator or quote, not preceded
            // by another such byte (the previous block's last byte carried in as bit 0 of the shifted mask).
            final long scalar = ~(ws | op | quote | inString);
            final long follows = scalar << 1 | scalarIn;
            scalarIn = scalar >>> 63;
            final long bits = (op & ~inString) | (quote & inString) | (scalar & ~follows);

            n = flatten(pos, n, pendingBase, pending);
            pending = bits;
            pendingBase = base + (at - from);
            // last, so that no vector is live across the call (every vector register is caller-saved)
            if ((high != 0 || utf8Open) && !utf8Block(src, at, inputOffset + pendingBase, high))
            {
                return utf8Error();
            }
        }
        this.escapedIn = escapedIn;
        this.inStringIn = inStringIn;
        this.scalarIn = scalarIn;
        this.pending = pending;
        this.pendingBase = pendingBase;
        return n;
    }

    /** {@link #blocks256} with one 512-bit load per block (and the structurals flattened in the same block). */
    private int blocks512(final byte[] src, final int from, final int to, final int base, final int count)
    {
        final int[] pos = positions;
        final long[] nc = nonCanonical;
        long escapedIn = this.escapedIn;
        long inStringIn = this.inStringIn;
        long scalarIn = this.scalarIn;
        int n = count;
        for (int at = from; at < to; at += BLOCK_BYTES)
        {
            final int block = base + (at - from);
            final ByteVector v = ByteVector.fromArray(S512, src, at);
            final long high = v.lt((byte)0).toLong();
            if ((high != 0 || utf8Open) && !utf8Block(src, at, inputOffset + block, high))
            {
                return utf8Error();
            }
            final long backslash = v.eq((byte)'\\').toLong();
            final long quoteBytes = v.eq((byte)'"').toLong();
            final long ws = v.eq((byte)' ').or(v.eq((byte)'\t')).or(v.eq((byte)'\n')).or(v.eq((byte)'\r')).toLong();
            final ByteVector folded = v.or((byte)0x20);
            final long op = folded.eq((byte)'{').or(folded.eq((byte)'}')).or(v.eq((byte)':')).or(v.eq((byte)',')).toLong();

            long escaped = escapedIn;
            if ((backslash | escapedIn) != 0)
            {
                escaped = escaped(backslash, escapedIn);
                escapedIn = escapeCarry(backslash, escapedIn);
            }
            final long quote = quoteBytes & ~escaped;
            final long inString = prefixXor(quote) ^ inStringIn;
            inStringIn = inString >> 63;
            nc[block >> 6] = (ws & ~inString) | backslash;
            final long scalar = ~(ws | op | quote | inString);
            final long follows = scalar << 1 | scalarIn;
            scalarIn = scalar >>> 63;
            n = flatten(pos, n, block, (op & ~inString) | (quote & inString) | (scalar & ~follows));
        }
        this.escapedIn = escapedIn;
        this.inStringIn = inStringIn;
        this.scalarIn = scalarIn;
        return n;
    }

    /**
     * Out of line: UTF-8 check of the full block at {@code p} (which has a high byte, or continues an open sequence).
     * The lookup check reads the three bytes before the block, so the first block is checked from the scratch.
     */
    private boolean utf8Block(final byte[] src, final int at, final int p, final long high)
    {
        if (high == 0)
        {
            // all ASCII: valid exactly when no sequence was left open
            return false;
        }
        if (src != scratch && p - inputOffset < 3)
        {
            fillScratch(src, p, p + BLOCK_BYTES);
            return validUtf8(scratch, SCRATCH_PREFIX);
        }
        return validUtf8(src, at);
    }

    /**
     * Copies {@code in[from, end)} (at most one block) to the scratch after {@value #SCRATCH_PREFIX} bytes of context
     * (the input bytes before {@code from}, spaces before the input's start) and pads it with spaces.
     */
    private void fillScratch(final byte[] in, final int from, final int end)
    {
        final int context = Math.min(SCRATCH_PREFIX, from - inputOffset);
        Arrays.fill(scratch, 0, SCRATCH_PREFIX - context, (byte)' ');
        System.arraycopy(in, from - context, scratch, SCRATCH_PREFIX - context, context);
        final int remaining = end - from;
        System.arraycopy(in, from, scratch, SCRATCH_PREFIX, remaining);
        Arrays.fill(scratch, SCRATCH_PREFIX + remaining, scratch.length, (byte)' ');
    }

    /** Validates a block with high bits and notes whether its last sequence continues in the next block. */
    private boolean validUtf8(final byte[] src, final int srcPos)
    {
        utf8Open = Utf8Validator.incompleteAtEnd(src, srcPos + BLOCK_BYTES);
        return Utf8Validator.validBlock(src, srcPos);
    }

    /** Cold path: the block check says where, the scalar validator finds the exact offset of the first bad sequence. */
    private int utf8Error()
    {
        errorOffset = Utf8Validator.validate(input, inputOffset, inputEnd) - inputOffset;
        return JsonError.UTF8_ERROR;
    }

    /**
     * The bytes of a block escaped by a backslash, given the block's backslash mask and the escape carried in from the
     * previous block (bit 0). See the comment in {@link #blocks256}.
     */
    private static long escaped(final long backslash, final long escapedIn)
    {
        final long bs = backslash & ~escapedIn;
        final long starts = bs & ~(bs << 1);
        final long evenCarries = bs + (starts & EVEN_BITS);
        final long oddCarries = bs + (starts & ODD_BITS);
        return (evenCarries & ~bs & ODD_BITS) | (oddCarries & ~bs & EVEN_BITS) | escapedIn;
    }

    /** Bit 0 set when the block ends in an odd run of backslashes (escaping the next block's first byte). */
    private static long escapeCarry(final long backslash, final long escapedIn)
    {
        final long bs = backslash & ~escapedIn;
        final long oddStarts = bs & ~(bs << 1) & ODD_BITS;
        return (oddStarts | (bs & ~(bs + oddStarts))) >>> 63;
    }

    /** Prefix XOR of a mask: bit i is the XOR of bits 0..i (Hacker's Delight 5-2, log-step shift-xor ladder). */
    private static long prefixXor(final long mask)
    {
        long prefix = mask;
        prefix ^= prefix << 1;
        prefix ^= prefix << 2;
        prefix ^= prefix << 4;
        prefix ^= prefix << 8;
        prefix ^= prefix << 16;
        prefix ^= prefix << 32;
        return prefix;
    }

    /**
     * Appends the offsets of the set bits of {@code bits} (block offset {@code base}) at {@code pos[n]}. Writes eight
     * entries without checking how many bits there are, then eight more only when the block has more than eight, then
     * one at a time (simdjson's flattening): a fixed trip count is what keeps the branch predictable, since most
     * blocks hold fewer than eight structurals. Extra writes land past the new count and hold garbage that the next
     * block or the sentinels overwrite; the array's slack absorbs them.
     */
    private static int flatten(final int[] pos, final int n, final int base, final long bits)
    {
        if (bits == 0)
        {
            return n;
        }
        final int count = Long.bitCount(bits);
        // unchecked stores: n + 64 stays inside the array (n never exceeds the bytes indexed so far, and the array holds
        // the input length plus POSITIONS_SLACK)
        final long at = INT_BASE + ((long)n << 2);
        long b = bits;
        for (int i = 0; i < 8; i++)
        {
            Memory.putInt(pos, at + ((long)i << 2), base + Long.numberOfTrailingZeros(b));
            b &= b - 1; // clear the lowest set bit (Hacker's Delight 2-1)
        }
        if (count > 8)
        {
            for (int i = 8; i < 16; i++)
            {
                Memory.putInt(pos, at + ((long)i << 2), base + Long.numberOfTrailingZeros(b));
                b &= b - 1;
            }
            for (int i = 16; i < count; i++)
            {
                Memory.putInt(pos, at + ((long)i << 2), base + Long.numberOfTrailingZeros(b));
                b &= b - 1;
            }
        }
        return n + count;
    }
}
