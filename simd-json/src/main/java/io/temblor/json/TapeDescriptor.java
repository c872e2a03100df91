package io.temblor.json;

/**
 * Layout of the tape: one little-endian 64-bit word per value (two for numbers), in document order, in the style of
 * simdjson. Containers carry the index of their matching end so a reader skips them in O(1).
 *
 * <pre>
 *  63      56 55                       32 31                                0
 * +----------+---------------------------+-----------------------------------+
 * | tag 'r'  |             0             | index of the closing 'r' word     |  word 0: document start
 * +----------+---------------------------+-----------------------------------+
 * | tag '{'  | entries (24 bits, 0xFFFFFF| index of the word AFTER the       |  object start; '[' alike,
 * | or '['   |  = saturated, count them) | matching '}' / ']'                |  counting elements
 * +----------+---------------------------+-----------------------------------+
 * | tag '}'  |             0             | index of the matching '{' / '['   |  container end
 * | or ']'   |                           |                                   |
 * +----------+---------------------------+-----------------------------------+
 * | tag '"'  |      byte offset into the string buffer (56 bits)             |  string (object keys too)
 * +----------+---------------------------------------------------------------+
 * | tag 'l'  |                            0                                  |  int64; the NEXT word holds
 * | 'u' 'd'  |                                                               |  the value (uint64, double bits)
 * +----------+---------------------------------------------------------------+
 * | 't' 'f'  |                            0                                  |  true, false, null
 * | 'n'      |                                                               |
 * +----------+---------------------------------------------------------------+
 * | tag 'r'  |             0             | 0 (index of the opening 'r')      |  last word: document end
 * +----------+---------------------------+-----------------------------------+
 * </pre>
 *
 * <p>An object's entries are key string word, then the value's words. The string buffer holds, at each string's
 * offset, a 32-bit little-endian byte length followed by the unescaped UTF-8 bytes (no terminator).
 */
public final class TapeDescriptor
{
    /** Bits the tag is shifted by. */
    public static final int TAG_SHIFT = 56;
    /** Mask of the payload (56 bits). */
    public static final long PAYLOAD_MASK = 0x00FF_FFFF_FFFF_FFFFL;
    /** Mask of the 32-bit index part of a container or root word. */
    public static final long INDEX_MASK = 0xFFFF_FFFFL;
    /** Shift of the 24-bit entry count of a container start word. */
    public static final int COUNT_SHIFT = 32;
    /** Mask of the entry count after shifting; also the saturated value. */
    public static final int COUNT_MASK = 0xFF_FFFF;
    /** Bytes of the length prefix of a string in the string buffer. */
    public static final int STRING_LENGTH_BYTES = 4;

    /** Document start and end. */
    public static final byte TAG_ROOT = 'r';
    /** Object start. */
    public static final byte TAG_START_OBJECT = '{';
    /** Object end. */
    public static final byte TAG_END_OBJECT = '}';
    /** Array start. */
    public static final byte TAG_START_ARRAY = '[';
    /** Array end. */
    public static final byte TAG_END_ARRAY = ']';
    /** String. */
    public static final byte TAG_STRING = '"';
    /** Signed 64-bit integer (value in the next word). */
    public static final byte TAG_INT64 = 'l';
    /** Unsigned 64-bit integer above {@link Long#MAX_VALUE} (value in the next word). */
    public static final byte TAG_UINT64 = 'u';
    /** IEEE 754 double (bits in the next word). */
    public static final byte TAG_DOUBLE = 'd';
    /** true. */
    public static final byte TAG_TRUE = 't';
    /** false. */
    public static final byte TAG_FALSE = 'f';
    /** null. */
    public static final byte TAG_NULL = 'n';

    private TapeDescriptor()
    {
    }

    /**
     * The tag of a tape word.
     *
     * @param word the word.
     * @return its tag byte.
     */
    public static byte tag(final long word)
    {
        return (byte)(word >>> TAG_SHIFT);
    }

    /**
     * The payload of a tape word.
     *
     * @param word the word.
     * @return the low 56 bits.
     */
    public static long payload(final long word)
    {
        return word & PAYLOAD_MASK;
    }

    /**
     * Builds a tape word.
     *
     * @param tag the tag.
     * @param payload the payload (56 bits).
     * @return the word.
     */
    public static long word(final byte tag, final long payload)
    {
        return ((long)tag << TAG_SHIFT) | payload;
    }
}
