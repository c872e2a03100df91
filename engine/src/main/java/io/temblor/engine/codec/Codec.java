package io.temblor.engine.codec;

import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueContext;

import java.lang.foreign.MemorySegment;

/**
 * Turns bytes into one value and a value into bytes, as Tremor's codec of the same {@link #name()}. An instance keeps
 * reusable buffers and its last error, so it belongs to one thread (one connector or pipeline agent). Bad input is
 * {@link #ERROR} with {@link #errorMessage()} and {@link #errorOffset()}; no method throws on any input bytes.
 */
public interface Codec
{
    /** The value was decoded into the output slots, or the bytes were appended to the sink. */
    int OK = 0;
    /** The input held no event (Tremor's {@code Ok(None)}: an empty or comment line for influx); slots untouched. */
    int NO_VALUE = 1;
    /** Bad input (or a value the format cannot carry, on encode); the reason is in {@link #errorMessage()}. */
    int ERROR = -1;

    /**
     * Tremor's name of the codec.
     *
     * @return the name, e.g. {@code json}.
     */
    String name();

    /**
     * Decodes {@code data[offset, offset + length)} into a value built in {@code ctx}'s arena (valid until its reset).
     *
     * @param ctx where values are built.
     * @param data the input.
     * @param offset first byte.
     * @param length byte count.
     * @param ingestNs the event's ingest time (influx uses it when a line has no timestamp).
     * @param out receives the value's handle at {@code at} and bits at {@code at + 1}.
     * @param at index of the handle slot.
     * @return {@link #OK}, {@link #NO_VALUE} or {@link #ERROR}.
     */
    int decode(ValueContext ctx, byte[] data, int offset, int length, long ingestNs, long[] out, int at);

    /**
     * As {@link #decode(ValueContext, byte[], int, int, long, long[], int)} over a segment's bytes.
     *
     * @param ctx where values are built.
     * @param data the input (heap or native).
     * @param offset first byte.
     * @param length byte count.
     * @param ingestNs the event's ingest time.
     * @param out receives the value.
     * @param at index of the handle slot.
     * @return {@link #OK}, {@link #NO_VALUE} or {@link #ERROR}.
     */
    int decode(ValueContext ctx, MemorySegment data, long offset, long length, long ingestNs, long[] out, int at);

    /**
     * Appends a value's encoding to {@code sink}; on {@link #ERROR} the sink's position is where it was.
     *
     * @param ctx resolves the value's stores.
     * @param handle the value's handle.
     * @param bits its bits.
     * @param sink destination.
     * @return {@link #OK} or {@link #ERROR}.
     */
    int encode(ValueContext ctx, long handle, long bits, ByteSink sink);

    /**
     * Why the last call returned {@link #ERROR}.
     *
     * @return the reason, or null after a success.
     */
    String errorMessage();

    /**
     * Input byte offset of the last decode error (relative to the {@code offset} passed), -1 when not known.
     *
     * @return the offset.
     */
    long errorOffset();
}
