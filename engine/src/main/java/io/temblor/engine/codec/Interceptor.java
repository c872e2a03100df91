package io.temblor.engine.codec;

/**
 * What pre- and postprocessors share: Tremor's name, a chunk in, zero or more chunks out through a
 * {@link ChunkHandler}, buffered bytes out at the end of the stream, and bad input as {@link #ERROR} with
 * {@link #errorMessage()}, never an exception (chunks emitted before the error stand). Stateful and single-threaded.
 */
public interface Interceptor
{
    /** Done; zero or more chunks were emitted. */
    int OK = 0;
    /** Bad input (or a frame was discarded); the reason is in {@link #errorMessage()}. */
    int ERROR = -1;

    /**
     * Tremor's name.
     *
     * @return the name.
     */
    String name();

    /**
     * Processes one chunk.
     *
     * @param ingestNs the chunk's ingest time.
     * @param data the bytes.
     * @param offset first byte.
     * @param length byte count.
     * @param out receives the chunks.
     * @return {@link #OK} or {@link #ERROR}.
     */
    int process(long ingestNs, byte[] data, int offset, int length, ChunkHandler out);

    /**
     * End of stream: emits what is buffered (a trailing fragment), or reports it as {@link #ERROR} when it cannot be a
     * whole chunk (a truncated frame).
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
