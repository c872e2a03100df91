package io.temblor.engine.replay;

import io.temblor.engine.runtime.VirtualClock;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The replay's thread: reads the capture in order, waits for each frame's due time ({@link Pacer}), and hands the
 * frame to the sink of its source, stamped with its recorded ingest time (loops shifted by the capture's span) when a
 * {@link VirtualClock} drives the engine, else with the wall-clock time of emission. Records of sources that have no
 * sink are skipped (and counted). Progress counters are readable from any thread.
 */
public final class ReplayDriver implements Runnable
{
    /** Where the frames of one captured source go. One thread (the driver's). */
    public interface Sink
    {
        /**
         * Hands a frame on (may wait while the receiver is full).
         *
         * @param ingestNs the ingest time to stamp.
         * @param streamId the recorded stream (connection) of the frame within its source, 0 when none.
         * @param frame the buffer holding the frame.
         * @param offset where it starts.
         * @param length its length.
         * @throws Exception when the frame cannot be handed on (the replay stops with it).
         */
        void put(long ingestNs, long streamId, DirectBuffer frame, int offset, int length) throws Exception;

        /**
         * The capture has no more frames of a stream (as a closed connection or the end of a file): what the
         * receiver buffers for it (a last line without its separator) is finished.
         *
         * @param ingestNs the ingest time to stamp.
         * @param streamId the stream.
         * @throws Exception when the end cannot be handed on.
         */
        default void end(final long ingestNs, final long streamId) throws Exception
        {
        }
    }

    /** The largest lateness the histogram tells apart (larger values are recorded as this). */
    private static final long MAX_LATENESS_NS = 60_000_000_000L;

    private final Histogram lateness = new Histogram(MAX_LATENESS_NS, 3);
    private final Supplier<ReplayFeed> feeds;
    private final CaptureScan scan;
    private final Map<String, Sink> sinks;
    private final Pacer pacer;
    private final int loops;
    private final VirtualClock clock;
    private volatile long records;
    private volatile long bytes;
    private volatile long skipped;
    private volatile long startNs;
    private volatile long endNs;
    private volatile boolean done;
    private volatile boolean aborted;
    private volatile Exception failure;

    /**
     * A driver.
     *
     * @param feeds opens the capture (called on the driver's thread: a journal reader belongs to one thread).
     * @param scan its scan.
     * @param sinks the sink of each replayed source (by captured source name).
     * @param pacer the pacing.
     * @param loops passes over the capture (at least 1).
     * @param clock the engine's virtual clock in deterministic mode, else null.
     */
    public ReplayDriver(final Supplier<ReplayFeed> feeds, final CaptureScan scan, final Map<String, Sink> sinks, final Pacer pacer,
        final int loops, final VirtualClock clock)
    {
        this.feeds = feeds;
        this.scan = scan;
        this.sinks = sinks;
        this.pacer = pacer;
        this.loops = Math.max(1, loops);
        this.clock = clock;
    }

    @Override
    public void run()
    {
        final List<String> order = new ArrayList<>(scan.records().keySet());
        final long first = scan.firstNs();
        final long span = scan.loopSpanNs();
        final boolean max = pacer.isMax();
        final VirtualClock virtual = clock;
        String lastSource = null;
        Sink sink = null;
        boolean wholeEvents = false;
        long sequence = 0;
        long n = 0;
        long b = 0;
        ReplayFeed feed = null;
        try
        {
            feed = feeds.get();
            startNs = System.nanoTime();
            pacer.start(startNs);
            for (int loop = 0; loop < loops && !aborted; loop++)
            {
                feed.toStart();
                final long shift = loop * span;
                while (!aborted && feed.next())
                {
                    final CharSequence source = feed.source();
                    if (null == lastSource || !lastSource.contentEquals(source))
                    {
                        lastSource = source.toString();
                        sink = sinks.get(lastSource);
                        wholeEvents = scan.eventSources().contains(lastSource);
                    }
                    if (null == sink)
                    {
                        skipped++;
                        continue;
                    }
                    final long recorded = feed.ingestNs() + shift;
                    if (!max)
                    {
                        final long due = pacer.dueNs(recorded - first, sequence);
                        Pacer.awaitUntil(due);
                        lateness.recordValue(Math.min(MAX_LATENESS_NS, Math.max(0, System.nanoTime() - due)));
                    }
                    sequence++;
                    final long stamp;
                    if (null != virtual)
                    {
                        virtual.advance(recorded);
                        stamp = recorded;
                    }
                    else
                    {
                        stamp = System.nanoTime();
                    }
                    final int length = feed.frameLength();
                    sink.put(stamp, wholeEvents ? 0 : feed.stream(), feed.frame(), feed.frameOffset(), length);
                    n++;
                    b += length;
                    if ((n & 1023) == 0 || !max)
                    {
                        records = n;
                        bytes = b;
                    }
                }
            }
            if (!aborted)
            {
                final long last = null != virtual ? scan.lastNs() + (loops - 1) * span : System.nanoTime();
                for (final String source : order)
                {
                    final Sink s = sinks.get(source);
                    if (null != s)
                    {
                        for (final long stream : scan.streams().get(source))
                        {
                            s.end(last, stream);
                        }
                    }
                }
            }
        }
        catch (final Exception ex)
        {
            failure = ex;
        }
        finally
        {
            if (null != feed)
            {
                feed.close();
            }
            records = n;
            bytes = b;
            endNs = System.nanoTime();
            if (null != virtual)
            {
                virtual.release();
            }
            done = true;
        }
    }

    /** Asks the driver to stop after the current frame. Any thread. */
    public void abort()
    {
        aborted = true;
    }

    /**
     * How late each paced frame left against its due time (the pacer's own precision, before the network and the
     * receiver). Read after the replay is done.
     *
     * @return the histogram (empty at max speed).
     */
    public Histogram lateness()
    {
        return lateness;
    }

    /** @return records handed on so far. Any thread. */
    public long records()
    {
        return records;
    }

    /** @return frame bytes handed on so far. Any thread. */
    public long bytes()
    {
        return bytes;
    }

    /** @return records skipped (their source has no sink). Any thread. */
    public long skipped()
    {
        return skipped;
    }

    /** @return records to hand on over all loops (the progress bar's total). */
    public long total()
    {
        long n = 0;
        for (final Map.Entry<String, Long> e : scan.records().entrySet())
        {
            n += sinks.containsKey(e.getKey()) ? e.getValue() : 0;
        }
        return n * loops;
    }

    /** @return when the replay started ({@link System#nanoTime()}), 0 before. */
    public long startNs()
    {
        return startNs;
    }

    /** @return nanoseconds from the first frame to the last (so far, while running). */
    public long elapsedNs()
    {
        final long start = startNs;
        if (start == 0)
        {
            return 0;
        }
        return (done ? endNs : System.nanoTime()) - start;
    }

    /** @return true when every frame was handed on, or the replay failed or was aborted. Any thread. */
    public boolean isDone()
    {
        return done;
    }

    /** @return why the replay stopped early, or null. */
    public Exception failure()
    {
        return failure;
    }
}
