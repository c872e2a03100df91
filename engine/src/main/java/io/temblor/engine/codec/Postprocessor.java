package io.temblor.engine.codec;

/**
 * Turns each encoded event's bytes into zero or more chunks to write (framing, compression), as Tremor's
 * postprocessor of the same {@link #name()}. Single-threaded; failures are {@link #ERROR} with
 * {@link #errorMessage()}, never an exception.
 */
public interface Postprocessor
{
    /** Done; zero or more chunks were emitted. */
    int OK = 0;
    /** The chunk could not be processed; the reason is in {@link #errorMessage()}. */
    int ERROR = -1;

    /**
     * Tremor's name.
     *
     * @return the name.
     */
    String name();

    /**
     * Processes one encoded event.
     *
     * @param ingestNs the event's ingest time.
     * @param data the bytes.
     * @param offset first byte.
     * @param length byte count.
     * @param out receives the chunks.
     * @return {@link #OK} or {@link #ERROR}.
     */
    int process(long ingestNs, byte[] data, int offset, int length, ChunkHandler out);

    /**
     * End of stream: emits anything buffered.
     *
     * @param ingestNs ingest time for emitted chunks.
     * @param out receives the chunks.
     * @return {@link #OK} or {@link #ERROR}.
     */
    default int finish(final long ingestNs, final ChunkHandler out)
    {
        return OK;
    }

    /**
     * Why the last call returned {@link #ERROR}.
     *
     * @return the reason, or null.
     */
    String errorMessage();
}
