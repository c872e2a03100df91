package io.temblor.script.value;

/**
 * Layout of values: the (handle, bits) pair every interpreter slot holds, and the blocks of an {@link Arena}.
 *
 * <p>A value is two longs. The handle says what the value is and where it lives; bits holds the value itself for
 * immediates and is 0 for references:
 *
 * <pre>
 *  63     60 59     56 55                                                          0
 * +---------+---------+-------------------------------------------------------------+
 * |  store  |  type   |  index (56 bits)                                            |  handle
 * +---------+---------+-------------------------------------------------------------+
 *
 *  store      index means                                          bits
 *  0 IMMEDIATE   0                                                 null: 0, bool: 0/1, int: int64,
 *                                                                  uint: uint64 bits, float: double bits
 *  1 TAPE        string: byte offset of its u32 length prefix      0
 *                  in the tape's string buffer
 *                array/record: word index of its '[' / '{' word
 *  2 ARENA       byte offset of the block in the event arena       0
 *  3 STATE       byte offset of the block in the state store       0   (an Arena that is not reset per event)
 *  4 CONSTANT    byte offset of the block in the constant pool     0   (an Arena that is never reset)
 *
 *  type: 0 null, 1 bool, 2 int (int64), 3 uint (uint64 above Long.MAX_VALUE), 4 float, 5 string, 6 binary,
 *        7 array, 8 record
 * </pre>
 *
 * The all-zero pair is null, so zero-filled slots read as null. Scalars read from the tape become immediates, so only
 * strings and containers ever have the TAPE store. Binary values exist only in arena-like stores.
 *
 * <p>Blocks in an arena-like store start at multiples of {@link #BLOCK_ALIGNMENT}; all fields are little-endian:
 *
 * <pre>
 *  string / binary (same shape as a string in the tape's string buffer, so one reader serves both):
 *   0       4                           4 + length
 *  +-------+---------------------------+
 *  | len   | len bytes of UTF-8 (or    |   padded to 8
 *  | (u32) | raw bytes for binary)     |
 *  +-------+---------------------------+
 *
 *  container header (24 bytes), then the slots:
 *   0        4        8         12       16                 24
 *  +--------+--------+---------+--------+------------------+
 *  | len    | cap    | holders | source | key filter       |   holders: container slots + retains that reach this
 *  | (u32)  | (u32)  | (u32)   | (u32)  | (u64, records)   |   block; a block with 2 or more holders is copied
 *  +--------+--------+---------+--------+------------------+   before a write
 *   source: for a record copied from the event's tape, the tape index of its '{' word (else 0): the writer copies
 *           the members that are still as on the tape straight from the input (ValueWriter)
 *   key filter: one bit per key the record has had (ValueContext.keyBit of the key's prefix word); a lookup whose
 *           bit is clear knows the key is absent without a scan (bits of removed keys stay set)

 *  array:
 *   0        24            32            40
 *  +--------+-------------+-------------+----- cap slots -----+
 *  | header | handle 0    | bits 0      | handle 1 | bits 1 ..|
 *  +--------+-------------+-------------+---------------------+
 *
 *  record: entries in insertion order, keys are string handles (any store):
 *   0        24           32           40             48             56
 *  +--------+------------+------------+--------------+--------------+---- cap entries ----+
 *  | header | key handle | key prefix | value handle | value bits   | entry 1 ...         |
 *  +--------+------------+------------+--------------+--------------+---------------------+
 *
 *  key prefix: the first 8 bytes of the key's block (u32 length, then up to 4 key bytes; bytes past a shorter key
 *  are 0), so a lookup rejects other keys without reading them; a key read out of an entry has bits 0 as every
 *  string does
 * </pre>
 *
 * A full array or record grows by copying into a new block of twice the capacity; the old block is abandoned until the
 * arena's reset. Only containers in the event arena held from at most one place are changed in place; writing into a
 * tape, constant, state or shared arena container first copies it (one level, its entries still pointing where they
 * pointed) into the arena. A write that returns a new block returns it with 0 holders: the caller stores it where the
 * old one was, which counts it.
 */
public final class ValueDescriptor
{
    /** Shift of the 4-bit store. */
    public static final int STORE_SHIFT = 60;
    /** Shift of the 4-bit type. */
    public static final int TYPE_SHIFT = 56;
    /** Mask of the 4-bit store and type after shifting. */
    public static final int NIBBLE_MASK = 0xF;
    /** Mask of the 56-bit index. */
    public static final long INDEX_MASK = 0x00FF_FFFF_FFFF_FFFFL;

    /** The value is in the bits. */
    public static final int STORE_IMMEDIATE = 0;
    /** The value is in the event's tape. */
    public static final int STORE_TAPE = 1;
    /** The value is in the per-event arena. */
    public static final int STORE_ARENA = 2;
    /** The value is in the state store (outlives events). */
    public static final int STORE_STATE = 3;
    /** The value is in the constant pool (never reset). */
    public static final int STORE_CONSTANT = 4;

    /** null. */
    public static final int TYPE_NULL = 0;
    /** Boolean; bits 0 or 1. */
    public static final int TYPE_BOOL = 1;
    /** Signed 64-bit integer in the bits. */
    public static final int TYPE_INT = 2;
    /** Unsigned 64-bit integer above Long.MAX_VALUE, bits unsigned. */
    public static final int TYPE_UINT = 3;
    /** IEEE 754 double, raw bits. */
    public static final int TYPE_FLOAT = 4;
    /** UTF-8 string. */
    public static final int TYPE_STRING = 5;
    /** Raw bytes. */
    public static final int TYPE_BINARY = 6;
    /** Array. */
    public static final int TYPE_ARRAY = 7;
    /** Record (object). */
    public static final int TYPE_RECORD = 8;

    /** Alignment of every arena block. */
    public static final int BLOCK_ALIGNMENT = 8;
    /** Offset of a string's u32 byte length. */
    public static final int STRING_LENGTH_OFFSET = 0;
    /** Offset of a string's first byte. */
    public static final int STRING_DATA_OFFSET = 4;
    /** Offset of a container's u32 length. */
    public static final int CONTAINER_LENGTH_OFFSET = 0;
    /** Offset of a container's u32 capacity. */
    public static final int CONTAINER_CAPACITY_OFFSET = 4;
    /** Offset of a container's u32 holder count (arena containers only; see {@code ValueContext.retain}). */
    public static final int CONTAINER_OWNERS_OFFSET = 8;
    /**
     * Offset of a record's u32 source: the tape word index of the record it was copied from in this event, 0 when none
     * (a hint for the writer, which checks each member against the tape before it copies input bytes).
     */
    public static final int CONTAINER_SOURCE_OFFSET = 12;
    /** Offset of a record's u64 key filter (see {@code ValueContext.keyBit}). */
    public static final int CONTAINER_KEYS_OFFSET = 16;
    /** Bytes of a container header. */
    public static final int CONTAINER_HEADER_BYTES = 24;
    /** Bytes of an array slot: handle, bits. */
    public static final int ELEMENT_BYTES = 16;
    /** Bytes of a record entry: key handle, key bits, value handle, value bits. */
    public static final int ENTRY_BYTES = 32;
    /** Offset of the value handle in a record entry. */
    public static final int ENTRY_VALUE_OFFSET = 16;

    private ValueDescriptor()
    {
    }
}
