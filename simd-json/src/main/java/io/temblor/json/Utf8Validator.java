package io.temblor.json;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Strict UTF-8 validation (Unicode 15, table 3-7 "well-formed byte sequences"): rejects stray continuation bytes,
 * overlong forms (C0, C1, E0 80..9F, F0 80..8F), surrogates (ED A0..BF), code points above U+10FFFF (F4 90.., F5..FF)
 * and sequences truncated by the end of the input. Stateless; any thread may call.
 *
 * <p>The vector stage 1 skips blocks without a high bit and runs {@link #validBlock} (vectorised lookups) on the others;
 * the scalar stage 1 and the error path use {@link #validate}, which reports the first byte of the first ill-formed
 * sequence, where a strict {@code CharsetDecoder} reports it too.
 */
final class Utf8Validator
{
    private static final VectorSpecies<Byte> S128 = ByteVector.SPECIES_128;

    // Error kinds of a pair (previous byte p, current byte c), each a product of conditions on p's high nibble, p's
    // low nibble and c's high nibble; derived from Unicode table 3-7 and laid out as in Keiser & Lemire.
    /** Lead byte followed by a byte that is no continuation (also catches C0, C1, F5..FF followed by one). */
    private static final int TOO_SHORT = 1;
    /** ASCII followed by a continuation. */
    private static final int TOO_LONG = 1 << 1;
    /** C0 or C1 followed by a continuation (overlong 2-byte form). */
    private static final int OVERLONG_2 = 1 << 2;
    /** E0 followed by 80..9F (overlong 3-byte form). */
    private static final int OVERLONG_3 = 1 << 3;
    /** ED followed by A0..BF (UTF-16 surrogate). */
    private static final int SURROGATE = 1 << 4;
    /** F0 followed by 80..8F (overlong 4-byte form), or F5..FF followed by 80..8F (above U+10FFFF). */
    private static final int OVERLONG_4_OR_TOO_LARGE_80 = 1 << 5;
    /** F4..FF followed by 90..BF (above U+10FFFF). */
    private static final int TOO_LARGE = 1 << 6;
    /** Continuation followed by continuation: an error unless a lead two or three bytes back asks for it. */
    private static final int TWO_CONTINUATIONS = 1 << 7;

    private static final ByteVector LOW_NIBBLE = ByteVector.broadcast(S128, (byte)0x0F);
    private static final ByteVector PREV_HIGH_TABLE;
    private static final ByteVector PREV_LOW_TABLE;
    private static final ByteVector CUR_HIGH_TABLE;

    static
    {
        final byte[] prevHigh = new byte[16];
        final byte[] prevLow = new byte[16];
        final byte[] curHigh = new byte[16];
        // kind, p high nibbles, p low nibbles, c high nibbles (inclusive ranges as from/to pairs)
        final int[][] kinds = {
            {TOO_SHORT, 0xC, 0xF, 0x0, 0xF, 0x0, 0x7, 0xC, 0xF},
            {TOO_LONG, 0x0, 0x7, 0x0, 0xF, 0x8, 0xB},
            {OVERLONG_2, 0xC, 0xC, 0x0, 0x1, 0x8, 0xB},
            {OVERLONG_3, 0xE, 0xE, 0x0, 0x0, 0x8, 0x9},
            {SURROGATE, 0xE, 0xE, 0xD, 0xD, 0xA, 0xB},
            {OVERLONG_4_OR_TOO_LARGE_80, 0xF, 0xF, 0x0, 0x0, 0x8, 0x8},
            {OVERLONG_4_OR_TOO_LARGE_80, 0xF, 0xF, 0x5, 0xF, 0x8, 0x8},
            {TOO_LARGE, 0xF, 0xF, 0x4, 0xF, 0x9, 0xB},
            {TWO_CONTINUATIONS, 0x8, 0xB, 0x0, 0xF, 0x8, 0xB},
        };
        for (final int[] kind : kinds)
        {
            mark(prevHigh, kind[0], kind[1], kind[2]);
            mark(prevLow, kind[0], kind[3], kind[4]);
            mark(curHigh, kind[0], kind[5], kind[6]);
            if (kind.length > 7)
            {
                mark(curHigh, kind[0], kind[7], kind[8]);
            }
        }
        PREV_HIGH_TABLE = ByteVector.fromArray(S128, prevHigh, 0);
        PREV_LOW_TABLE = ByteVector.fromArray(S128, prevLow, 0);
        CUR_HIGH_TABLE = ByteVector.fromArray(S128, curHigh, 0);
    }

    private Utf8Validator()
    {
    }

    private static void mark(final byte[] table, final int kind, final int from, final int to)
    {
        for (int i = from; i <= to; i++)
        {
            table[i] |= (byte)kind;
        }
    }

    /**
     * Validates {@code in[from, to)}.
     *
     * @param in  the input.
     * @param from first byte (absolute).
     * @param to  end (absolute, exclusive); sequences may not extend past it.
     * @return -1 if valid, else the absolute offset of the first byte of the first ill-formed sequence.
     */
    static int validate(final byte[] in, final int from, final int to)
    {
        int p = from;
        while (p < to)
        {
            if (in[p] >= 0)
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
     * Checks the 64 bytes at {@code seg[pos, pos + 64)}, reading the three bytes before them as context, with the
     * lookup algorithm of Keiser &amp; Lemire ("Validating UTF-8 in less than one instruction per byte", Software:
     * Practice and Experience 2021): every ill-formed pair of adjacent bytes is a product of three conditions, on the
     * high and low nibble of the first byte and the high nibble of the second, so three 16-entry table lookups (one
     * {@code pshufb} each on 128-bit vectors) and two ANDs flag it; the third and fourth bytes of a sequence are
     * checked against the lead two and three bytes back. A sequence left open at the block's end is reported by
     * {@link #incompleteAtEnd} for the caller to carry into the next block.
     *
     * @param seg the bytes; {@code seg[pos - 3, pos)} must be readable (spaces stand for "before the input").
     * @param pos offset of the block.
     * @return true if no ill-formed sequence starts or ends inside the block (a truncated tail is not an error here).
     */
    static boolean validBlock(final byte[] seg, final int pos)
    {
        // each chunk returns a lane mask, not a vector: a vector returned from a call C2 did not inline gets boxed
        return (chunkErrors(seg, pos) | chunkErrors(seg, pos + 16) | chunkErrors(seg, pos + 32) | chunkErrors(seg, pos + 48)) == 0;
    }

    /**
     * Whether the sequence whose lead is among the last three bytes before {@code end} needs bytes past {@code end}.
     *
     * @param seg the bytes; {@code seg[end - 3, end)} must be readable.
     * @param end offset just past the block.
     * @return true if a lead byte in the last three bytes expects more continuation bytes than follow it.
     */
    static boolean incompleteAtEnd(final byte[] seg, final int end)
    {
        return (seg[end - 1] & 0xFF) >= 0xC0 || (seg[end - 2] & 0xFF) >= 0xE0
            || (seg[end - 3] & 0xFF) >= 0xF0;
    }

    /** Lane mask of the bytes of {@code seg[q, q + 16)} that end an ill-formed pair or miss a required continuation. */
    private static long chunkErrors(final byte[] seg, final int q)
    {
        final ByteVector cur = ByteVector.fromArray(S128, seg, q);
        final ByteVector prev1 = ByteVector.fromArray(S128, seg, q - 1);
        final ByteVector prev2 = ByteVector.fromArray(S128, seg, q - 2);
        final ByteVector prev3 = ByteVector.fromArray(S128, seg, q - 3);
        // x86 has no byte shift: shift 16-bit lanes and mask, which is the same for nibbles
        final ByteVector prevHigh = prev1.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and(LOW_NIBBLE);
        final ByteVector prevLow = prev1.and(LOW_NIBBLE);
        final ByteVector curHigh = cur.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and(LOW_NIBBLE);
        final ByteVector pairErrors = prevHigh.selectFrom(PREV_HIGH_TABLE)
            .and(prevLow.selectFrom(PREV_LOW_TABLE))
            .and(curHigh.selectFrom(CUR_HIGH_TABLE));
        // a byte two after a 3- or 4-byte lead, or three after a 4-byte lead, must be a continuation: the pair tables
        // flag continuation-after-continuation with TWO_CONTINUATIONS, so XOR with the requirement leaves an error bit
        // exactly where the two disagree
        final ByteVector mustContinue = prev2.lanewise(VectorOperators.SUSUB, (byte)0x60)
            .or(prev3.lanewise(VectorOperators.SUSUB, (byte)0x70))
            .and((byte)TWO_CONTINUATIONS);
        return pairErrors.lanewise(VectorOperators.XOR, mustContinue).compare(VectorOperators.NE, (byte)0).toLong();
    }

    /**
     * Length of the well-formed sequence whose lead byte (high bit set) is at {@code p}.
     *
     * @param in  the input.
     * @param p   absolute offset of the lead byte.
     * @param end absolute end of the input.
     * @return 2, 3 or 4, or 0 if the sequence is ill-formed or truncated.
     */
    static int sequenceLength(final byte[] in, final int p, final int end)
    {
        final int b0 = in[p] & 0xFF;
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
        final int b1 = in[p + 1] & 0xFF;
        if (b1 < lo || b1 > hi)
        {
            return 0;
        }
        for (int k = 2; k < len; k++)
        {
            if ((in[p + k] & 0xC0) != 0x80)
            {
                return 0;
            }
        }
        return len;
    }
}
