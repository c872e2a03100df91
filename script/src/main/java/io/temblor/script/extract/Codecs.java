package io.temblor.script.extract;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The byte codecs of {@code std::base64}, {@code std::url} and the {@code base64} extractor as the Rust crates Tremor
 * uses behave: base64 0.22's
 * general-purpose engine with Tremor's configuration (standard alphabet, padding optional, no trailing bits) and its
 * error texts; percent-encoding with the {@code NON_ALPHANUMERIC} set. Stateless.
 */
public final class Codecs
{
    private static final byte PAD = '=';
    private static final int INVALID = -1;
    private static final int[] DECODE = new int[256];
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static
    {
        java.util.Arrays.fill(DECODE, INVALID);
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++)
        {
            DECODE[alphabet.charAt(i)] = i;
        }
    }

    private Codecs()
    {
    }

    /**
     * Decodes base64 as Tremor's engine does.
     *
     * @param in the text's bytes.
     * @param out receives the decoded bytes.
     * @return null, or the crate's error text ({@code Invalid symbol 33, offset 2.}).
     */
    public static String base64Decode(final byte[] in, final ByteArrayOutputStream out)
    {
        final int rem = in.length % 4;
        // a trailing invalid byte (a newline, say) is reported before anything else
        if (rem == 1 && in[in.length - 1] != PAD && DECODE[in[in.length - 1] & 0xFF] == INVALID)
        {
            return invalidByte(in.length - 1, in[in.length - 1]);
        }
        // all quads but the last one (which may hold padding) go straight through
        final int quads = Math.max(0, in.length - rem - (rem == 0 ? 4 : 0));
        for (int i = 0; i < quads; i += 4)
        {
            int word = 0;
            for (int k = 0; k < 4; k++)
            {
                final int m = DECODE[in[i + k] & 0xFF];
                if (m == INVALID)
                {
                    return invalidByte(i + k, in[i + k]);
                }
                word = (word << 6) | m;
            }
            out.write(word >>> 16);
            out.write(word >>> 8);
            out.write(word);
        }
        return suffix(in, quads, out);
    }

    private static String suffix(final byte[] in, final int start, final ByteArrayOutputStream out)
    {
        int morsels = 0;
        int padding = 0;
        int firstPadding = 0;
        int last = 0;
        final int[] m = new int[4];
        for (int i = start; i < in.length; i++)
        {
            final byte b = in[i];
            if (b == PAD)
            {
                if (i - start < 2)
                {
                    return invalidByte(i, b);
                }
                if (padding == 0)
                {
                    firstPadding = i;
                }
                padding++;
                continue;
            }
            if (padding > 0)
            {
                return invalidByte(firstPadding, PAD);
            }
            last = b & 0xFF;
            final int v = DECODE[last];
            if (v == INVALID)
            {
                return invalidByte(i, b);
            }
            m[morsels++] = v;
        }
        if (in.length > 0 && morsels < 2)
        {
            return "Invalid input length: " + (start + morsels);
        }
        final int bytes = morsels * 6 / 8;
        final long word = ((long)m[0] << 26) | ((long)m[1] << 20) | ((long)m[2] << 14) | ((long)m[3] << 8);
        final long mask = 0xFFFF_FFFFL >>> (bytes * 8);
        if ((word & mask) != 0)
        {
            return "Invalid last symbol " + last + ", offset " + (start + morsels - 1) + ".";
        }
        for (int i = 0; i < bytes; i++)
        {
            out.write((int)(word >>> (24 - 8 * i)));
        }
        return null;
    }

    private static String invalidByte(final int offset, final byte b)
    {
        return "Invalid symbol " + (b & 0xFF) + ", offset " + offset + ".";
    }

    /**
     * percent-encoding's {@code utf8_percent_encode(s, NON_ALPHANUMERIC)}: every byte but ASCII letters and digits as
     * {@code %XX} (upper-case hex).
     *
     * @param s the text.
     * @return the encoded text.
     */
    public static String percentEncode(final String s)
    {
        final StringBuilder out = new StringBuilder();
        for (final byte b : s.getBytes(StandardCharsets.UTF_8))
        {
            final int c = b & 0xFF;
            if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
            {
                out.append((char)c);
            }
            else
            {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /**
     * percent-encoding's {@code percent_decode_str(s).decode_utf8()}: {@code %XX} (either case) becomes the byte, a
     * malformed escape and {@code +} stay as they are.
     *
     * @param s the text.
     * @return the decoded text, or null when the bytes are not UTF-8.
     */
    public static String percentDecode(final String s)
    {
        final byte[] in = s.getBytes(StandardCharsets.UTF_8);
        final ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++)
        {
            final int hi = i + 2 < in.length && in[i] == '%' ? Character.digit(in[i + 1], 16) : -1;
            final int lo = hi >= 0 ? Character.digit(in[i + 2], 16) : -1;
            if (lo >= 0)
            {
                out.write(hi * 16 + lo);
                i += 2;
            }
            else
            {
                out.write(in[i]);
            }
        }
        try
        {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray())).toString();
        }
        catch (final CharacterCodingException ex)
        {
            return null;
        }
    }
}
