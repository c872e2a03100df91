package io.temblor.engine.pipeline;

/**
 * A contraflow message travelling from the sinks back through the operators to the sources, as in Tremor: an event
 * was delivered ({@link #ACK}) or not ({@link #FAIL}), or a downstream circuit breaker opened ({@link #TRIGGER}) or
 * closed ({@link #RESTORE}). Mutable so that operators can turn a fail into a trigger (as {@code qos::backpressure}
 * does) without allocation.
 */
public final class Insight
{
    /** The event was delivered. */
    public static final int ACK = 0;
    /** The event was not delivered. */
    public static final int FAIL = 1;
    /** Stop sending: the circuit breaker opened. */
    public static final int TRIGGER = 2;
    /** Send again: the circuit breaker closed. */
    public static final int RESTORE = 3;
    /** Nothing to do (an operator that handled a trigger stops it here). */
    public static final int NONE = 4;

    /** One of the constants above. */
    public int kind;
    /** The event it is about. */
    public long id;
    /** When it happened. */
    public long nowNs;
    /** How long delivery took, or 0 (read by {@code qos::backpressure} and {@code qos::percentile}). */
    public long latencyNs;
}
