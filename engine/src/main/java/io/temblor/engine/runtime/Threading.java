package io.temblor.engine.runtime;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.Locale;

/**
 * How a {@link FlowRuntime} places its agents on threads, and how an idle thread waits.
 *
 * <ul>
 *   <li>{@code shared}: every agent on one duty-cycle thread.</li>
 *   <li>{@code dedicated}: one thread per agent.</li>
 *   <li>{@code pool:N}: N threads; an agent's thread is its stage along the flow (sources 0, the pipelines after
 *       them 1, 2, ..., the sinks after their last pipeline) modulo N, so a source and the pipeline it feeds run in
 *       parallel.</li>
 * </ul>
 *
 * Idle strategies: {@code backoff} (spin, yield, then park from 1 us up to 1 ms), {@code yield}, {@code busy-spin}
 * and {@code sleep} (1 ms).
 *
 * @param mode the placement.
 * @param threads the pool's thread count ({@link Mode#POOL} only; 1 for shared, 0 for dedicated).
 * @param idle the idle strategy's name.
 */
public record Threading(Mode mode, int threads, String idle)
{
    /** Threads of the default pool. */
    public static final int DEFAULT_POOL = 2;

    /** Agent placement. */
    public enum Mode
    {
        /** One thread for all agents. */
        SHARED,
        /** One thread per agent. */
        DEDICATED,
        /** A fixed number of threads, agents placed by stage. */
        POOL
    }

    /**
     * A placement.
     *
     * @param mode the placement.
     * @param threads the pool's thread count.
     * @param idle the idle strategy's name.
     */
    public Threading
    {
        if (mode == Mode.POOL && threads < 1)
        {
            throw new IllegalArgumentException("a pool needs at least one thread, got " + threads);
        }
        idleStrategy(idle);
    }

    /**
     * The default: a pool of {@link #DEFAULT_POOL} threads (one when the machine has one processor), backing off
     * when idle.
     *
     * @return the default.
     */
    public static Threading defaults()
    {
        final int cpus = Runtime.getRuntime().availableProcessors();
        return cpus < 2 ? new Threading(Mode.SHARED, 1, "backoff") : new Threading(Mode.POOL, DEFAULT_POOL, "backoff");
    }

    /**
     * Parses the command line's form.
     *
     * @param threads {@code shared}, {@code dedicated} or {@code pool:N}, or null for the default.
     * @param idle {@code backoff}, {@code yield}, {@code busy-spin} or {@code sleep}, or null for {@code backoff}.
     * @return the threading.
     * @throws IllegalArgumentException with what is accepted when a value is not.
     */
    public static Threading parse(final String threads, final String idle)
    {
        final String idleName = null == idle ? "backoff" : idle.toLowerCase(Locale.ROOT);
        if (null == threads)
        {
            final Threading d = defaults();
            return new Threading(d.mode(), d.threads(), idleName);
        }
        final String t = threads.toLowerCase(Locale.ROOT);
        if ("shared".equals(t))
        {
            return new Threading(Mode.SHARED, 1, idleName);
        }
        if ("dedicated".equals(t))
        {
            return new Threading(Mode.DEDICATED, 0, idleName);
        }
        if (t.startsWith("pool:"))
        {
            final int n;
            try
            {
                n = Integer.parseInt(t.substring("pool:".length()));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("--threads pool:N needs a thread count, got `" + threads + "`");
            }
            if (n < 1 || n > 256)
            {
                throw new IllegalArgumentException("--threads pool:N needs 1 to 256 threads, got " + n);
            }
            return new Threading(Mode.POOL, n, idleName);
        }
        throw new IllegalArgumentException("--threads must be shared, dedicated or pool:N, got `" + threads + "`");
    }

    /**
     * A new idle strategy of this threading's kind (one per thread: they hold state).
     *
     * @return the strategy.
     */
    public IdleStrategy newIdleStrategy()
    {
        return idleStrategy(idle);
    }

    private static IdleStrategy idleStrategy(final String name)
    {
        return switch (null == name ? "" : name)
        {
            case "backoff" -> new BackoffIdleStrategy();
            case "yield" -> new YieldingIdleStrategy();
            case "busy-spin" -> new BusySpinIdleStrategy();
            case "sleep" -> new SleepingMillisIdleStrategy(1);
            default -> throw new IllegalArgumentException("--idle must be backoff, yield, busy-spin or sleep, got `" +
                name + "`");
        };
    }

    @Override
    public String toString()
    {
        return switch (mode)
        {
            case SHARED -> "shared";
            case DEDICATED -> "dedicated";
            case POOL -> "pool:" + threads;
        } + ", idle " + idle;
    }
}
