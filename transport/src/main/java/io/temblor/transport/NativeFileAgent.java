package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.agrona.concurrent.Agent;

import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;

/**
 * Writes the payloads of a ring's frames (bytes already encoded and framed) to a file descriptor with a
 * {@link NativeWriter}: it stages frames while there is room for the largest frame the ring carries, then writes them
 * with one {@code writev} per {@link NativeWriter#IOV_MAX} frames. While the descriptor is full (a non-blocking pipe)
 * it keeps what is staged and takes no frame from the ring, so back pressure reaches the producer. A failed write
 * drops the frames staged for it: they are counted with the reason ({@link #failedFrames()}, {@link #lastFailure()})
 * and the agent goes on.
 *
 * <p>The writer's memory is allocated in {@link #onStart()} on the agent's thread (it is confined to it). Counters may
 * be read from any thread; everything else runs on the agent thread. Nothing is allocated per frame.
 */
public final class NativeFileAgent implements Agent, EventRing.FrameHandler
{
    /** Default most frames per duty cycle. */
    public static final int POLL_LIMIT_DEFAULT = 4096;

    private final String name;
    private final EventRing ring;
    private final int fd;
    private final boolean ownsFd;
    private final int maxFrameBytes;
    private final int stagingBytes;
    private final int pollLimit;
    private NativeWriter writer;
    private volatile long written;
    private volatile long failed;
    private volatile String lastFailure;
    private volatile long partialWrites;
    private volatile long calls;

    /**
     * An agent (cold path, any thread).
     *
     * @param name the role name.
     * @param ring the frames to write.
     * @param fd the descriptor.
     * @param ownsFd whether it is closed with the agent.
     */
    public NativeFileAgent(final String name, final EventRing ring, final int fd, final boolean ownsFd)
    {
        this.name = name;
        this.ring = ring;
        this.fd = fd;
        this.ownsFd = ownsFd;
        this.maxFrameBytes = ring.maxPayloadLength();
        this.stagingBytes = Math.max(256 * 1024, 2 * maxFrameBytes);
        this.pollLimit = POLL_LIMIT_DEFAULT;
    }

    @Override
    public void onStart()
    {
        writer = new NativeWriter(fd, ownsFd, NativeWriter.IOV_MAX, stagingBytes);
    }

    @Override
    public int doWork()
    {
        final NativeWriter writer = this.writer;
        int work = 0;
        if (!writer.isEmpty() && flush() == NativeWriter.BACK_PRESSURED)
        {
            return 0;
        }
        while (work < pollLimit && writer.hasRoom(maxFrameBytes))
        {
            if (ring.poll(this, 1) == 0)
            {
                break;
            }
            work++;
        }
        if (work > 0)
        {
            flush();
        }
        return work;
    }

    @Override
    public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
        final long offset, final int length)
    {
        // room was checked before the poll: the largest frame fits
        writer.stage(memory, offset, length);
    }

    private int flush()
    {
        final NativeWriter writer = this.writer;
        final long before = writer.framesWritten();
        final int staged = writer.stagedFrames();
        try
        {
            return writer.flush();
        }
        catch (final UncheckedIOException ex)
        {
            failed = failed + staged - (writer.framesWritten() - before);
            lastFailure = ex.getMessage();
            return NativeWriter.FLUSHED;
        }
        finally
        {
            written = writer.framesWritten();
            partialWrites = writer.partialWrites();
            calls = writer.calls();
        }
    }

    /**
     * Frames written in full. Any thread.
     *
     * @return the count.
     */
    public long framesWritten()
    {
        return written;
    }

    /**
     * Frames dropped because their write failed. Any thread.
     *
     * @return the count.
     */
    public long failedFrames()
    {
        return failed;
    }

    /**
     * The reason of the last failed write. Any thread.
     *
     * @return the reason, or null.
     */
    public String lastFailure()
    {
        return lastFailure;
    }

    /**
     * {@code writev} calls that wrote part of what they were given. Any thread.
     *
     * @return the count.
     */
    public long partialWrites()
    {
        return partialWrites;
    }

    /**
     * {@code writev} calls made. Any thread.
     *
     * @return the count.
     */
    public long writevCalls()
    {
        return calls;
    }

    /**
     * Whether frames are staged and not yet written (a full descriptor). Agent thread.
     *
     * @return true while holding frames.
     */
    public boolean isHolding()
    {
        return null != writer && !writer.isEmpty();
    }

    @Override
    public void onClose()
    {
        if (null != writer)
        {
            writer.close();
        }
        else if (ownsFd)
        {
            NativeWriter.closeFd(fd);
        }
    }

    @Override
    public String roleName()
    {
        return name;
    }
}
