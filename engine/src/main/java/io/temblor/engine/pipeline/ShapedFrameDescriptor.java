package io.temblor.engine.pipeline;

/**
 * Layout of an event queued by {@code qos::token_bucket} in shape mode: the bytes of one
 * {@link io.temblor.engine.qos.TokenShaper} frame (after the shaper's own length header), little-endian:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       ingest_ns (i64)                         |
 *  +                                                               +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       event id (i64)                          |
 *  +                                                               +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  compact JSON: [value,metadata]                              ...
 *  +---------------------------------------------------------------+
 * </pre>
 * The JSON is one document, a two-element array of the event's value and its metadata record, as
 * {@link io.temblor.script.value.ValueWriter} writes them, so one parse reads both back.
 */
final class ShapedFrameDescriptor
{
    /** Offset of the event's ingest time. */
    static final int INGEST_NS_OFFSET = 0;
    /** Offset of the event id. */
    static final int ID_OFFSET = 8;
    /** Offset of the JSON document. */
    static final int JSON_OFFSET = 16;

    private ShapedFrameDescriptor()
    {
    }
}
