package io.temblor.engine.replay;

import java.util.concurrent.locks.LockSupport;

/**
 * When each replayed frame is due, against one start instant so that no drift accumulates: with a speed, frame due =
 * start + (recorded offset) / speed; with a rate, frame {@code n} is due at start + n / rate; at {@code max} every
 * frame is due at once. Waiting parks while the due time is far and spins the last stretch ({@link #SPIN_NS}), since
 * a park overshoots by tens of microseconds.
 */
public final class Pacer
{
    /** The last stretch before a due time that is spun rather than parked. */
    public static final long SPIN_NS = 250_000L;

    private final double speed;
    private final double ratePerSec;
    private long startNs;

    private Pacer(final double speed, final double ratePerSec)
    {
        this.speed = speed;
        this.ratePerSec = ratePerSec;
    }

    /**
     * Reads {@code --speed} and {@code --rate}.
     *
     * @param speed {@code 1x}, {@code 10x}, {@code 0.5x} or {@code max} (null: {@code 1x}, or none with a rate).
     * @param rate {@code N/s} or {@code N} events per second, or null.
     * @return the pacer.
     * @throws IllegalArgumentException with a message naming the bad value.
     */
    public static Pacer parse(final String speed, final String rate)
    {
        if (null != speed && null != rate)
        {
            throw new IllegalArgumentException("--speed and --rate cannot be combined (got --speed " + speed +
                " --rate " + rate + ")");
        }
        if (null != rate)
        {
            final String n = rate.endsWith("/s") ? rate.substring(0, rate.length() - 2) : rate;
            final double perSec = number(n);
            if (!(perSec > 0) || Double.isInfinite(perSec))
            {
                throw new IllegalArgumentException("bad --rate `" + rate + "`: expected events per second like 1000/s");
            }
            return new Pacer(0, perSec);
        }
        if (null == speed || "max".equals(speed))
        {
            return new Pacer(null == speed ? 1.0 : 0, 0);
        }
        final double factor = number(speed.endsWith("x") ? speed.substring(0, speed.length() - 1) : speed);
        if (!(factor > 0) || Double.isInfinite(factor))
        {
            throw new IllegalArgumentException("bad --speed `" + speed + "`: expected a factor like 1x, 10x, 0.5x, or max");
        }
        return new Pacer(factor, 0);
    }

    private static double number(final String text)
    {
        try
        {
            return Double.parseDouble(text);
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }

    /** @return true when frames are sent as fast as they are taken. */
    public boolean isMax()
    {
        return speed == 0 && ratePerSec == 0;
    }

    /**
     * Starts the schedule now.
     *
     * @param nowNs the start instant ({@link System#nanoTime()}).
     */
    public void start(final long nowNs)
    {
        startNs = nowNs;
    }

    /**
     * When a frame is due.
     *
     * @param offsetNs its recorded time since the first frame's (loops added).
     * @param sequence its position in the replay (0 for the first frame, loops counted).
     * @return the due instant on the {@link System#nanoTime()} scale.
     */
    public long dueNs(final long offsetNs, final long sequence)
    {
        if (ratePerSec > 0)
        {
            return startNs + (long)(sequence * 1e9 / ratePerSec);
        }
        if (speed > 0)
        {
            return startNs + (long)(offsetNs / speed);
        }
        return startNs;
    }

    /**
     * Waits until an instant: parks while it is more than {@link #SPIN_NS} away, then spins.
     *
     * @param dueNs the instant on the {@link System#nanoTime()} scale.
     */
    public static void awaitUntil(final long dueNs)
    {
        long remaining;
        while ((remaining = dueNs - System.nanoTime()) > 0)
        {
            if (remaining > SPIN_NS)
            {
                LockSupport.parkNanos(remaining - SPIN_NS);
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }
}
