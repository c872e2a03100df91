package io.temblor.engine.replay;

import org.agrona.DirectBuffer;

/**
 * The records of a capture in order, one at a time, as a flyweight: after {@link #next} returns true the accessors
 * describe the current record until the next call. One thread.
 */
public interface ReplayFeed extends AutoCloseable
{
    /**
     * Moves to the next record.
     *
     * @return false when there is none left.
     */
    boolean next();

    /** @return the current record's source (the capturing connector's alias). */
    CharSequence source();

    /** @return the current record's ingest time in nanoseconds. */
    long ingestNs();

    /** @return the buffer holding the current frame. */
    DirectBuffer frame();

    /** @return where the frame starts in {@link #frame()}. */
    int frameOffset();

    /** @return the frame's length in bytes. */
    int frameLength();

    /**
     * The connection (stream) the current record came in on, from its metadata's {@code "stream"} field, so that
     * interleaved connections of one source are replayed apart.
     *
     * @return the stream id, or 0 when the record has none.
     */
    long stream();

    /** @return the current record's metadata as text (allocates: for a look per source, not per record). */
    String meta();

    /** Goes back before the first record. */
    void toStart();

    @Override
    void close();
}
