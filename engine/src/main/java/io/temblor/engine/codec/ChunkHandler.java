package io.temblor.engine.codec;

/**
 * Receives the chunks an interceptor emits. The bytes are only valid during the call (interceptors reuse buffers).
 */
@FunctionalInterface
public interface ChunkHandler
{
    /**
     * One emitted chunk.
     *
     * @param ingestNs the chunk's ingest time (the input's, or the one {@code ingest-ns} read from the frame).
     * @param data buffer holding the chunk.
     * @param offset first byte.
     * @param length byte count.
     */
    void onChunk(long ingestNs, byte[] data, int offset, int length);
}
