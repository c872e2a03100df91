package io.temblor.offheap.journal;

/**
 * Layout of one journal record, the body of one Chronicle Queue document (Chronicle adds its own 4-byte header in
 * front: length and the "incomplete" bit that lets a reader stop at a record whose writer died mid-write).
 * Integers are little endian.
 *
 * <pre>
 *   0        1             2                2+n               10+n             14+n            18+n        18+n+F
 *   | version | source len n | source (UTF-8) | ingest_ns (i64)  | frame len F    | meta len M    | frame ... | meta ... |
 *   | u8 = 1  | u8 (1..255)  | n bytes        |                  | i32            | i32           | F bytes   | M bytes  |
 * </pre>
 *
 * The source is the connector alias as written in the flow ({@code in}, {@code flow/in}, {@code tcp:9000}); the
 * frame is the bytes exactly as received (before preprocessors); the metadata is compact JSON text (may be empty).
 */
public final class JournalRecordDescriptor
{
    /** The record format version written in byte 0. */
    public static final byte VERSION = 1;
    /** Offset of the version byte. */
    public static final int VERSION_OFFSET = 0;
    /** Offset of the source length byte. */
    public static final int SOURCE_LENGTH_OFFSET = 1;
    /** Offset of the source bytes. */
    public static final int SOURCE_OFFSET = 2;
    /** Longest source id in UTF-8 bytes. */
    public static final int MAX_SOURCE_LENGTH = 255;
    /** Bytes after the source: ingest time, frame length and metadata length. */
    public static final int FIXED_AFTER_SOURCE = 8 + 4 + 4;

    private JournalRecordDescriptor()
    {
    }

    /**
     * The whole record's length.
     *
     * @param sourceLength source bytes.
     * @param frameLength frame bytes.
     * @param metaLength metadata bytes.
     * @return the record's length in bytes.
     */
    public static long recordLength(final int sourceLength, final int frameLength, final int metaLength)
    {
        return SOURCE_OFFSET + (long)sourceLength + FIXED_AFTER_SOURCE + frameLength + metaLength;
    }
}
