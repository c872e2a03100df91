package io.temblor.engine.runtime;

import java.util.function.LongSupplier;

/**
 * The engine's clock during a deterministic replay: it reads the recorded ingest time of the last frame the replay
 * handed on, so metronomes, exit delays and time-based operators see the recorded time line whatever the machine's
 * speed. When the replay is over ({@link #release()}) it runs on at wall-clock speed from the last recorded time, so
 * delays that are still pending (an exit delay, a drain) end.
 *
 * <p>One writer (the replay's thread) calls {@link #advance}; any thread may read.
 */
public final class VirtualClock implements LongSupplier
{
    private volatile long nowNs;
    private volatile long releasedAtWallNs = -1;

    /**
     * A clock starting at a time.
     *
     * @param startNs the first recorded ingest time.
     */
    public VirtualClock(final long startNs)
    {
        this.nowNs = startNs;
    }

    /**
     * Moves the clock to a recorded time; it never goes back. Replay thread only.
     *
     * @param recordedNs the recorded ingest time of the frame about to be handed on.
     */
    public void advance(final long recordedNs)
    {
        if (recordedNs > nowNs)
        {
            nowNs = recordedNs;
        }
    }

    /** Lets the clock run on at wall-clock speed from its last recorded time (the replay is over). Replay thread. */
    public void release()
    {
        releasedAtWallNs = System.nanoTime();
    }

    @Override
    public long getAsLong()
    {
        final long released = releasedAtWallNs;
        return released < 0 ? nowNs : nowNs + (System.nanoTime() - released);
    }
}
