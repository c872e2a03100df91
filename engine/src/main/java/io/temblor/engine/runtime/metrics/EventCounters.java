package io.temblor.engine.runtime.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Events and bytes that passed one port of a connector or pipeline. Single writer: only the agent that owns the port
 * calls {@link #add}, with plain reads and release writes (no atomic read-modify-write, no contention, no allocation);
 * any thread may read, with acquire reads that see every count published before.
 */
public final class EventCounters
{
    /** Direction of a port events enter by (a sink's {@code in}, a pipeline's {@code in}). */
    public static final String IN = "in";
    /** Direction of a port events leave by ({@code out}, {@code err}, ...). */
    public static final String OUT = "out";

    private static final VarHandle EVENTS;
    private static final VarHandle BYTES;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            EVENTS = lookup.findVarHandle(EventCounters.class, "events", long.class);
            BYTES = lookup.findVarHandle(EventCounters.class, "bytes", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final String port;
    private final String direction;
    private long events;
    private long bytes;

    /**
     * Counters of a port.
     *
     * @param port the port's name ({@code in}, {@code out}, {@code err}, ...).
     * @param direction {@link #IN} or {@link #OUT}.
     */
    public EventCounters(final String port, final String direction)
    {
        this.port = port;
        this.direction = direction;
    }

    /**
     * Counts one event. Owning agent only.
     *
     * @param length the event's size in bytes.
     */
    public void add(final int length)
    {
        // release: a reader that sees the new count sees the bytes counted before it
        BYTES.setRelease(this, bytes + length);
        EVENTS.setRelease(this, events + 1);
    }

    /**
     * Events counted. Any thread.
     *
     * @return the count.
     */
    public long events()
    {
        return (long)EVENTS.getAcquire(this);
    }

    /**
     * Bytes counted. Any thread.
     *
     * @return the count.
     */
    public long bytes()
    {
        return (long)BYTES.getAcquire(this);
    }

    /**
     * The port's name.
     *
     * @return e.g. {@code out}.
     */
    public String port()
    {
        return port;
    }

    /**
     * Whether events enter or leave by the port.
     *
     * @return {@link #IN} or {@link #OUT}.
     */
    public String direction()
    {
        return direction;
    }
}
