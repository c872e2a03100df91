package io.temblor.transport;

/**
 * The layout of one Temblor message on an Aeron stream: the event's ingest time, then the encoded event (the bytes the
 * connector's codec and postprocessor made). Keeping ingest_ns lets the far side measure end-to-end latency; it is
 * meaningful across processes of one host only when both use the same clock ({@code System.nanoTime} here).
 *
 * <pre>
 *   0                   4                   8
 *   | ingest_ns (i64, little endian)         | payload (message length - 8 bytes) ...
 * </pre>
 *
 * A message shorter than {@link #HEADER_LENGTH} is malformed ({@link TransportDescriptor#MALFORMED_TYPE}).
 */
public final class AeronDescriptor
{
    /** Offset of the ingest time in a message. */
    public static final int INGEST_NS_OFFSET = 0;
    /** Length of the message header; the payload starts here. */
    public static final int HEADER_LENGTH = 8;

    private AeronDescriptor()
    {
    }
}
