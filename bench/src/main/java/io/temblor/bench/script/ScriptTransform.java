package io.temblor.bench.script;

/**
 * One engine's transform of one event: the bytes of a JSON event in, the transformed event as compact JSON bytes out,
 * written into a buffer the transform reuses. Not thread safe: one per benchmark thread.
 */
public interface ScriptTransform extends AutoCloseable
{
    /**
     * Transforms one event.
     *
     * @param input  the buffer holding the event.
     * @param offset its first byte.
     * @param length its byte count.
     * @return bytes of output written (0 when the event was dropped).
     * @throws IllegalStateException when the event is invalid or the transform fails on it.
     */
    int transform(byte[] input, int offset, int length);

    /**
     * A copy of the last event's output (for tests; allocates).
     *
     * @return the bytes.
     */
    byte[] output();

    /** Releases native memory, if any. */
    @Override
    void close();
}
