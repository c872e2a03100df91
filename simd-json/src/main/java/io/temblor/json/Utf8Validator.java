package io.temblor.json;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Strict UTF-8 validation (Unicode 15, table 3-7 "well-formed byte sequences"): rejects stray continuation bytes,
 * overlong forms (C0, C1, E0 80..9F, F0 80..8F), surrogates (ED A0..BF), code points above U+10FFFF (F4 90.., F5..FF)
 * and sequences truncated by the end of the input. Stateless; any thread may call.
 *
 * <p>The vector stage 1 skips blocks without a high bit and calls {@link #validateBlock} only for the others; it walks
 * the block's high-bit mask, so a block of mostly ASCII costs one step per multi-byte sequence. An error is reported at
 * the first byte of the first ill-formed sequence, which is where a strict {@code CharsetDecoder} reports it too.
 */
final class Utf8Validator
{
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private Utf8Validator()
    {
    }

    /**
     * Validates {@code in[from, to)}.
     *
     * @param in  the input.
     * @param from first byte (absolute).
     * @param to  end (absolute, exclusive); sequences may not extend past it.
     * @return -1 if valid, else the absolute offset of the first byte of the first ill-formed sequence.
     */
    static long validate(final MemorySegment in, final long from, final long to)
    {
        long p = from;
        while (p < to)
        {
            if (in.get(BYTE, p) >= 0)
            {
                p++;
            }
            else
            {
                final int len = sequenceLength(in, p, to);
                if (len == 0)
                {
                    return p;
                }
                p += len;
            }
        }
        return -1;
    }

    /**
     * Validates the multi-byte sequences of one 64-byte block given its mask of bytes with the high bit set. Bytes
     * before {@code validatedUntil} are continuation bytes already checked with a sequence that began earlier.
     *
     * @param in             the input.
     * @param blockStart     absolute offset of the block's first byte.
     * @param end            absolute end of the input.
     * @param highBits       bit i set when byte blockStart + i has its high bit set.
     * @param validatedUntil absolute offset up to which bytes have been validated.
     * @return the new validatedUntil (>= 0), or {@code -1 - offset} of the first ill-formed sequence.
     */
    static long validateBlock(
        final MemorySegment in, final long blockStart, final long end, final long highBits, final long validatedUntil)
    {
        long bits = highBits;
        long until = validatedUntil;
        final long skip = until - blockStart;
        if (skip > 0)
        {
            // at most 3 continuation bytes carry over from the previous block
            bits &= -1L << skip;
        }
        while (bits != 0)
        {
            final long p = blockStart + Long.numberOfTrailingZeros(bits);
            final int len = sequenceLength(in, p, end);
            if (len == 0)
            {
                return -1 - p;
            }
            until = p + len;
            final long consumed = until - blockStart;
            // a shift by 64 or more would wrap around in Java, so clear explicitly when the sequence leaves the block
            bits = consumed >= 64 ? 0 : bits & (-1L << consumed);
        }
        return until;
    }

    /**
     * Length of the well-formed sequence whose lead byte (high bit set) is at {@code p}.
     *
     * @param in  the input.
     * @param p   absolute offset of the lead byte.
     * @param end absolute end of the input.
     * @return 2, 3 or 4, or 0 if the sequence is ill-formed or truncated.
     */
    static int sequenceLength(final MemorySegment in, final long p, final long end)
    {
        final int b0 = in.get(BYTE, p) & 0xFF;
        int lo = 0x80;
        int hi = 0xBF;
        final int len;
        if (b0 < 0xC2)
        {
            return 0; // 80..BF stray continuation, C0/C1 overlong 2-byte lead
        }
        else if (b0 < 0xE0)
        {
            len = 2;
        }
        else if (b0 < 0xF0)
        {
            len = 3;
            if (b0 == 0xE0)
            {
                lo = 0xA0; // overlong below U+0800
            }
            else if (b0 == 0xED)
            {
                hi = 0x9F; // surrogates U+D800..DFFF
            }
        }
        else if (b0 < 0xF5)
        {
            len = 4;
            if (b0 == 0xF0)
            {
                lo = 0x90; // overlong below U+10000
            }
            else if (b0 == 0xF4)
            {
                hi = 0x8F; // above U+10FFFF
            }
        }
        else
        {
            return 0;
        }
        if (p + len > end)
        {
            return 0;
        }
        final int b1 = in.get(BYTE, p + 1) & 0xFF;
        if (b1 < lo || b1 > hi)
        {
            return 0;
        }
        for (int k = 2; k < len; k++)
        {
            if ((in.get(BYTE, p + k) & 0xC0) != 0x80)
            {
                return 0;
            }
        }
        return len;
    }
}
