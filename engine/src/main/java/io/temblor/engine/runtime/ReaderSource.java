package io.temblor.engine.runtime;

import io.temblor.offheap.EventRing;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * A source whose bytes come from a blocking read (a file, standard input): a reader thread of its own (blocking I/O
 * stays off the duty cycle) puts the chunks it reads on a ring for the connector's decode agent (preprocessors and
 * codec), then an end-of-stream frame, after a read error an error frame with the reason first. As an agent it reports
 * the events the decode agent passed on as sent, and the reader stops when the runtime stops the sources. Subclasses
 * say how to read ({@link #read}); the reader reuses its buffers, so nothing is allocated per chunk.
 */
abstract class ReaderSource extends Connectors.Source
{
    /** The one stream a reader source has (its frames' id). */
    static final long STREAM_ID = 0;
    private static final MemorySegment EMPTY = MemorySegment.ofArray(new byte[0]);

    private final Thread reader;
    private final EventRing raw;
    private final CodecAgents.Decode decode;
    private volatile boolean closed;

    /**
     * A source.
     *
     * @param name its role name; the reader thread is {@code NAME-reader}.
     * @param out the rings of its {@code out} port.
     * @param raw the ring to the decode agent.
     * @param decode the decode agent reading {@code raw}.
     */
    ReaderSource(final String name, final EventRing[] out, final EventRing raw, final CodecAgents.Decode decode)
    {
        super(name, out);
        this.raw = raw;
        this.decode = decode;
        this.reader = new Thread(this::readToEnd, name + "-reader");
        reader.setDaemon(true);
    }

    /**
     * Reads the input to its end, or until {@link #stopped}, handing each chunk to {@link #chunk}; runs on the reader
     * thread.
     *
     * @throws Exception when reading fails; its message, with {@link #describeFailure}, goes to the {@code err} port.
     */
    abstract void read() throws Exception;

    /**
     * The text of a read error for the {@code err} port.
     *
     * @param error what the read threw.
     * @return e.g. {@code cannot read FILE: MESSAGE}.
     */
    abstract String describeFailure(Throwable error);

    /** Releases what {@link #read} opened (called on the reader thread once reading is over). */
    void closeInput()
    {
    }

    private void readToEnd()
    {
        try
        {
            read();
        }
        catch (final Exception | LinkageError ex)
        {
            // LinkageError: a decompressor whose native library does not load
            final byte[] message = describeFailure(ex).getBytes(StandardCharsets.UTF_8);
            offer(CodecAgents.Decode.STREAM_ERROR, MemorySegment.ofArray(message), message.length);
        }
        finally
        {
            closeInput();
        }
        offer(CodecAgents.Decode.END_OF_STREAM, EMPTY, 0);
    }

    /**
     * Hands a chunk read to the decode agent, waiting while its ring is full (until the source is stopped).
     *
     * @param data the chunk's memory.
     * @param length its byte count.
     */
    final void chunk(final MemorySegment data, final int length)
    {
        offer(1, data, length);
    }

    private void offer(final int type, final MemorySegment data, final int length)
    {
        while (!raw.offer(type, System.nanoTime(), STREAM_ID, data, 0, length))
        {
            if (closed || stopped && type != CodecAgents.Decode.END_OF_STREAM)
            {
                return;
            }
            LockSupport.parkNanos(50_000);
        }
    }

    @Override
    public void onStart()
    {
        reader.start();
    }

    @Override
    public int doWork()
    {
        sent = decode.decoded;
        return 0;
    }

    /**
     * The reader thread.
     *
     * @return the thread.
     */
    final Thread readerThread()
    {
        return reader;
    }

    @Override
    public void onClose()
    {
        closed = true;
        reader.interrupt();
        sent = decode.decoded;
    }
}
