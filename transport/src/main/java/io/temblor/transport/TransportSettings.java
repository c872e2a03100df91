package io.temblor.transport;

import java.util.concurrent.TimeUnit;

/**
 * Settings of the transport agents, each with a documented default and a system property, read here only. A mutable
 * holder filled before an agent is built; agents copy what they need, so later changes do not reach them.
 */
public final class TransportSettings
{
    /** Property for {@link #readBufferBytes()}. */
    public static final String READ_BUFFER_BYTES_PROP = "temblor.transport.read.buffer.bytes";
    /** Default read buffer per connection: 64 KiB (cut to the inbound ring's largest payload). */
    public static final int READ_BUFFER_BYTES_DEFAULT = 64 * 1024;
    /** Property for {@link #sendBufferBytes()}. */
    public static final String SEND_BUFFER_BYTES_PROP = "temblor.transport.send.buffer.bytes";
    /** Default send buffer per connection, which also holds a TCP client's frames while it is down: 1 MiB. */
    public static final int SEND_BUFFER_BYTES_DEFAULT = 1024 * 1024;
    /** Property for {@link #initialBackoffNs()}. */
    public static final String INITIAL_BACKOFF_NS_PROP = "temblor.transport.reconnect.initial.backoff.ns";
    /** Default first wait before a TCP client reconnects: 10 ms. */
    public static final long INITIAL_BACKOFF_NS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(10);
    /** Property for {@link #maxBackoffNs()}. */
    public static final String MAX_BACKOFF_NS_PROP = "temblor.transport.reconnect.max.backoff.ns";
    /** Default longest wait between reconnect attempts (the wait doubles after each failure): 1 s. */
    public static final long MAX_BACKOFF_NS_DEFAULT = TimeUnit.SECONDS.toNanos(1);
    /** Property for {@link #growthRate()}. */
    public static final String GROWTH_RATE_PROP = "temblor.transport.reconnect.growth.rate";
    /** Default factor the wait grows by after each failed reconnect attempt: 2. */
    public static final double GROWTH_RATE_DEFAULT = 2.0;
    /** Property for {@link #maxRetries()}. */
    public static final String MAX_RETRIES_PROP = "temblor.transport.reconnect.max.retries";
    /** Default most failed connect attempts in a row before a client gives up: no limit. */
    public static final long MAX_RETRIES_DEFAULT = Long.MAX_VALUE;
    /** Property for {@link #randomized()}. */
    public static final String RANDOMIZED_PROP = "temblor.transport.reconnect.randomized";
    /** Default: the wait grows by exactly {@link #growthRate()}, not by a random factor up to it. */
    public static final boolean RANDOMIZED_DEFAULT = false;
    /** Property for {@link #maxDatagramBytes()}. */
    public static final String MAX_DATAGRAM_BYTES_PROP = "temblor.transport.max.datagram.bytes";
    /** Default largest datagram sent or received: 65 507 bytes, the most IPv4 UDP can carry. */
    public static final int MAX_DATAGRAM_BYTES_DEFAULT = 65_507;
    /** Property for {@link #pollLimit()}. */
    public static final String POLL_LIMIT_PROP = "temblor.transport.poll.limit";
    /** Default most outbound frames (and datagrams read) per duty cycle: 64. */
    public static final int POLL_LIMIT_DEFAULT = 64;

    private int readBufferBytes = Integer.getInteger(READ_BUFFER_BYTES_PROP, READ_BUFFER_BYTES_DEFAULT);
    private int sendBufferBytes = Integer.getInteger(SEND_BUFFER_BYTES_PROP, SEND_BUFFER_BYTES_DEFAULT);
    private long initialBackoffNs = Long.getLong(INITIAL_BACKOFF_NS_PROP, INITIAL_BACKOFF_NS_DEFAULT);
    private long maxBackoffNs = Long.getLong(MAX_BACKOFF_NS_PROP, MAX_BACKOFF_NS_DEFAULT);
    private double growthRate = Double.parseDouble(System.getProperty(GROWTH_RATE_PROP, String.valueOf(GROWTH_RATE_DEFAULT)));
    private long maxRetries = Long.getLong(MAX_RETRIES_PROP, MAX_RETRIES_DEFAULT);
    private boolean randomized = Boolean.parseBoolean(System.getProperty(RANDOMIZED_PROP, String.valueOf(RANDOMIZED_DEFAULT)));
    private int maxDatagramBytes = Integer.getInteger(MAX_DATAGRAM_BYTES_PROP, MAX_DATAGRAM_BYTES_DEFAULT);
    private int pollLimit = Integer.getInteger(POLL_LIMIT_PROP, POLL_LIMIT_DEFAULT);

    /**
     * Bytes read from a socket at most at once, so the most a frame carries.
     *
     * @return bytes.
     */
    public int readBufferBytes()
    {
        return readBufferBytes;
    }

    /**
     * Sets {@link #readBufferBytes()}.
     *
     * @param bytes bytes, &gt; 0.
     * @return this.
     */
    public TransportSettings readBufferBytes(final int bytes)
    {
        readBufferBytes = positive(bytes, "readBufferBytes");
        return this;
    }

    /**
     * Bytes of outbound frames a TCP connection holds that the kernel has not taken yet.
     *
     * @return bytes.
     */
    public int sendBufferBytes()
    {
        return sendBufferBytes;
    }

    /**
     * Sets {@link #sendBufferBytes()}.
     *
     * @param bytes bytes, &gt; 0.
     * @return this.
     */
    public TransportSettings sendBufferBytes(final int bytes)
    {
        sendBufferBytes = positive(bytes, "sendBufferBytes");
        return this;
    }

    /**
     * The wait before the first reconnect attempt after a connection ended or an attempt failed.
     *
     * @return nanoseconds.
     */
    public long initialBackoffNs()
    {
        return initialBackoffNs;
    }

    /**
     * Sets {@link #initialBackoffNs()}.
     *
     * @param ns nanoseconds, &gt; 0.
     * @return this.
     */
    public TransportSettings initialBackoffNs(final long ns)
    {
        if (ns <= 0)
        {
            throw new IllegalArgumentException("initialBackoffNs must be > 0: " + ns);
        }
        initialBackoffNs = ns;
        return this;
    }

    /**
     * The longest wait between reconnect attempts.
     *
     * @return nanoseconds.
     */
    public long maxBackoffNs()
    {
        return maxBackoffNs;
    }

    /**
     * Sets {@link #maxBackoffNs()}.
     *
     * @param ns nanoseconds, &gt; 0.
     * @return this.
     */
    public TransportSettings maxBackoffNs(final long ns)
    {
        if (ns <= 0)
        {
            throw new IllegalArgumentException("maxBackoffNs must be > 0: " + ns);
        }
        maxBackoffNs = ns;
        return this;
    }

    /**
     * The factor the wait before the next reconnect attempt grows by after a failed attempt (Tremor's
     * {@code reconnect.retry.growth_rate}); the wait starts again at {@link #initialBackoffNs()} after a success.
     *
     * @return the factor.
     */
    public double growthRate()
    {
        return growthRate;
    }

    /**
     * Sets {@link #growthRate()}.
     *
     * @param rate a factor &gt; 0 (below 1 the wait shrinks, as in Tremor).
     * @return this.
     */
    public TransportSettings growthRate(final double rate)
    {
        if (!(rate > 0) || Double.isInfinite(rate))
        {
            throw new IllegalArgumentException("growthRate must be a finite number > 0: " + rate);
        }
        growthRate = rate;
        return this;
    }

    /**
     * How many connect attempts in a row may fail before a client gives up (Tremor's
     * {@code reconnect.retry.max_retries}): it retries while fewer attempts than this have failed since the last
     * success; once it gives up it sends nothing more and reports every outbound frame as undelivered.
     *
     * @return attempts, {@link Long#MAX_VALUE} for no limit.
     */
    public long maxRetries()
    {
        return maxRetries;
    }

    /**
     * Sets {@link #maxRetries()}.
     *
     * @param retries attempts, &gt;= 0.
     * @return this.
     */
    public TransportSettings maxRetries(final long retries)
    {
        if (retries < 0)
        {
            throw new IllegalArgumentException("maxRetries must be >= 0: " + retries);
        }
        maxRetries = retries;
        return this;
    }

    /**
     * Whether the wait grows by a random factor between 1 and {@link #growthRate()} (Tremor's
     * {@code reconnect.retry.randomized}) instead of exactly by it.
     *
     * @return true when randomized.
     */
    public boolean randomized()
    {
        return randomized;
    }

    /**
     * Sets {@link #randomized()}.
     *
     * @param random true to randomize.
     * @return this.
     */
    public TransportSettings randomized(final boolean random)
    {
        randomized = random;
        return this;
    }

    /**
     * The largest datagram sent or received; longer ones are reported, not sent or delivered.
     *
     * @return bytes.
     */
    public int maxDatagramBytes()
    {
        return maxDatagramBytes;
    }

    /**
     * Sets {@link #maxDatagramBytes()}.
     *
     * @param bytes bytes, 1 to 65 507.
     * @return this.
     */
    public TransportSettings maxDatagramBytes(final int bytes)
    {
        if (bytes <= 0 || bytes > MAX_DATAGRAM_BYTES_DEFAULT)
        {
            throw new IllegalArgumentException("maxDatagramBytes must be in 1.." + MAX_DATAGRAM_BYTES_DEFAULT + ": " + bytes);
        }
        maxDatagramBytes = bytes;
        return this;
    }

    /**
     * The most outbound frames taken, and datagrams read, per duty cycle.
     *
     * @return frames.
     */
    public int pollLimit()
    {
        return pollLimit;
    }

    /**
     * Sets {@link #pollLimit()}.
     *
     * @param frames frames, &gt; 0.
     * @return this.
     */
    public TransportSettings pollLimit(final int frames)
    {
        pollLimit = positive(frames, "pollLimit");
        return this;
    }

    private static int positive(final int value, final String name)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
        return value;
    }
}
