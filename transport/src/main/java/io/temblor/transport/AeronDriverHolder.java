package io.temblor.transport;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CncFileDescriptor;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.DriverTimeoutException;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide Aeron media drivers and clients the Aeron agents share. The embedded driver
 * ({@link ThreadingMode#SHARED}: one thread for conductor, sender and receiver) is started on the first
 * {@link #embedded} lease in a fresh directory of its own (under {@code /dev/shm} when it exists, else the temporary
 * folder; deleted on start and on shutdown), and closed with its client when the last lease closes. An external
 * driver is reached by its directory ({@link #external}); one client per directory, closed with its last lease.
 * Whatever is still open when the JVM exits is closed by a shutdown hook.
 *
 * <p>Thread safety: leases are taken and closed from any thread (cold path, synchronized).
 */
public final class AeronDriverHolder
{
    /** Property for the folder embedded drivers' directories are made in. */
    public static final String EMBEDDED_BASE_DIR_PROP = "temblor.aeron.embedded.base.dir";
    /** Property for {@link #TERM_LENGTH_DEFAULT}. */
    public static final String TERM_LENGTH_PROP = "temblor.aeron.term.length";
    /**
     * Default term length of the embedded driver's IPC and UDP publications: 4 MiB (three terms per publication; the
     * largest message is an eighth of it). A channel's {@code term-length} parameter overrides it per channel.
     */
    public static final int TERM_LENGTH_DEFAULT = 4 * 1024 * 1024;
    /** Default wait for a media driver's answer before a client gives up: 10 s (Aeron's default). */
    public static final long DRIVER_TIMEOUT_MS_DEFAULT = 10_000;
    /** The idle strategy names {@link #idleStrategy} knows, the default first. */
    public static final String IDLE_NAMES = "backoff, yield, busy-spin, noop, sleep";

    private static final AtomicLong DIRECTORIES = new AtomicLong();
    private static Entry embedded;
    private static final Map<String, Entry> EXTERNAL = new HashMap<>();
    private static boolean hookInstalled;

    private AeronDriverHolder()
    {
    }

    /** A user's hold on a driver and its client; closing it releases them once every user has closed. */
    public static final class Lease implements AutoCloseable
    {
        private final Entry entry;
        private boolean closed;

        private Lease(final Entry entry)
        {
            this.entry = entry;
        }

        /**
         * The shared client (thread safe, as Aeron's client is).
         *
         * @return the client.
         */
        public Aeron aeron()
        {
            return entry.aeron;
        }

        /**
         * The driver's directory.
         *
         * @return the path.
         */
        public String directory()
        {
            return entry.directory;
        }

        /**
         * Whether this lease holds the embedded driver.
         *
         * @return true for the embedded driver.
         */
        public boolean isEmbedded()
        {
            return null != entry.driver;
        }

        /**
         * The last error the client or embedded driver reported (e.g. a driver timeout), any thread.
         *
         * @return the error, or null.
         */
        public String lastError()
        {
            return entry.lastError;
        }

        /** Releases the lease (idempotent). */
        @Override
        public void close()
        {
            synchronized (AeronDriverHolder.class)
            {
                if (closed)
                {
                    return;
                }
                closed = true;
                release(entry);
            }
        }
    }

    private static final class Entry
    {
        final String directory;
        MediaDriver driver;
        Aeron aeron;
        int users;
        volatile String lastError;

        Entry(final String directory)
        {
            this.directory = directory;
        }

        void onError(final Throwable error)
        {
            lastError = error.getClass().getSimpleName() + ": " + error.getMessage();
        }
    }

    /**
     * Checks a channel before a driver sees it (cold path): it must parse, and be {@code ipc} or {@code udp} with an
     * {@code endpoint} (or a {@code control} address or mode). The driver checks the rest when the stream is added.
     *
     * @param channel e.g. {@code aeron:udp?endpoint=127.0.0.1:40123}.
     * @return what is wrong, or null when it looks fine.
     */
    public static String channelError(final String channel)
    {
        final ChannelUri uri;
        try
        {
            uri = ChannelUri.parse(channel);
        }
        catch (final RuntimeException ex)
        {
            return ex.getMessage();
        }
        if (uri.isIpc())
        {
            return null;
        }
        if (!uri.isUdp())
        {
            return "the media must be ipc or udp, got `" + uri.media() + "`";
        }
        if (null == uri.get("endpoint") && null == uri.get("control") && null == uri.get("control-mode"))
        {
            return "a udp channel needs endpoint=host:port";
        }
        return null;
    }

    /**
     * The Agrona idle strategy of a name.
     *
     * @param name {@code backoff}, {@code yield}, {@code busy-spin}, {@code noop} or {@code sleep} (1 ms).
     * @return the strategy, or null for an unknown name.
     */
    public static IdleStrategy idleStrategy(final String name)
    {
        return switch (name)
        {
            case "backoff" -> new BackoffIdleStrategy();
            case "yield" -> new YieldingIdleStrategy();
            case "busy-spin" -> new BusySpinIdleStrategy();
            case "noop" -> new NoOpIdleStrategy();
            case "sleep" -> new SleepingMillisIdleStrategy(1);
            default -> null;
        };
    }

    /**
     * A lease on the embedded driver, started now when no lease holds it. The first lease's idle strategy and
     * timeout are the driver's until it stops.
     *
     * @param idle the driver thread's idle strategy.
     * @param driverTimeoutMs how long the client waits for the driver.
     * @return the lease.
     * @throws IllegalStateException when the driver does not start.
     */
    public static synchronized Lease embedded(final IdleStrategy idle, final long driverTimeoutMs)
    {
        if (null == embedded)
        {
            embedded = startEmbedded(idle, driverTimeoutMs);
        }
        embedded.users++;
        return new Lease(embedded);
    }

    /**
     * A lease on the external driver of a directory, connecting a client when no lease holds one.
     *
     * @param directory the driver's Aeron directory.
     * @param driverTimeoutMs how long the client waits for the driver.
     * @return the lease.
     * @throws IllegalStateException when there is no driver there, or it does not answer in time.
     */
    public static synchronized Lease external(final Path directory, final long driverTimeoutMs)
    {
        final String key = directory.toAbsolutePath().normalize().toString();
        Entry entry = EXTERNAL.get(key);
        if (null == entry)
        {
            if (!Files.isDirectory(directory))
            {
                throw new IllegalStateException("no Aeron media driver directory at " + key);
            }
            if (!Files.isRegularFile(directory.resolve(CncFileDescriptor.CNC_FILE)))
            {
                throw new IllegalStateException("no " + CncFileDescriptor.CNC_FILE + " in " + key +
                    ": is a media driver running with this directory?");
            }
            entry = new Entry(key);
            entry.aeron = connect(entry, driverTimeoutMs);
            EXTERNAL.put(key, entry);
            installHook();
        }
        entry.users++;
        return new Lease(entry);
    }

    /**
     * Whether the embedded driver runs now (for tests and diagnostics).
     *
     * @return true while a lease holds it.
     */
    public static synchronized boolean isEmbeddedRunning()
    {
        return null != embedded;
    }

    private static Entry startEmbedded(final IdleStrategy idle, final long driverTimeoutMs)
    {
        final Path dir = baseDirectory().resolve("temblor-aeron-" + ProcessHandle.current().pid() + "-" +
            DIRECTORIES.incrementAndGet());
        final Entry entry = new Entry(dir.toString());
        final int termLength = Integer.getInteger(TERM_LENGTH_PROP, TERM_LENGTH_DEFAULT);
        final MediaDriver.Context ctx = new MediaDriver.Context()
            .aeronDirectoryName(entry.directory)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .ipcTermBufferLength(termLength)
            .publicationTermBufferLength(termLength)
            .errorHandler(entry::onError);
        ctx.driverTimeoutMs(driverTimeoutMs);
        try
        {
            entry.driver = MediaDriver.launch(ctx);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException("the embedded Aeron media driver did not start in " + entry.directory + ": " +
                ex.getMessage(), ex);
        }
        try
        {
            entry.aeron = connect(entry, driverTimeoutMs);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(entry.driver);
            throw ex;
        }
        installHook();
        return entry;
    }

    private static Aeron connect(final Entry entry, final long driverTimeoutMs)
    {
        final Aeron.Context ctx = new Aeron.Context()
            .aeronDirectoryName(entry.directory)
            .errorHandler(entry::onError);
        ctx.driverTimeoutMs(driverTimeoutMs);
        try
        {
            return Aeron.connect(ctx);
        }
        catch (final DriverTimeoutException ex)
        {
            throw new IllegalStateException("the Aeron media driver at " + entry.directory + " did not respond within " +
                driverTimeoutMs + " ms (" + ex.getMessage() + ")", ex);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException("cannot connect to the Aeron media driver at " + entry.directory + ": " +
                ex.getMessage(), ex);
        }
    }

    private static Path baseDirectory()
    {
        final String configured = System.getProperty(EMBEDDED_BASE_DIR_PROP);
        if (null != configured)
        {
            return Path.of(configured);
        }
        final Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm))
        {
            return shm;
        }
        try
        {
            return Files.createTempDirectory("temblor-aeron");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void release(final Entry entry)
    {
        if (--entry.users > 0)
        {
            return;
        }
        if (entry == embedded)
        {
            embedded = null;
        }
        else
        {
            EXTERNAL.remove(entry.directory);
        }
        shut(entry);
    }

    private static void shut(final Entry entry)
    {
        CloseHelper.quietClose(entry.aeron);
        CloseHelper.quietClose(entry.driver);
    }

    private static void installHook()
    {
        if (!hookInstalled)
        {
            hookInstalled = true;
            Runtime.getRuntime().addShutdownHook(new Thread(AeronDriverHolder::closeAll, "temblor-aeron-shutdown"));
        }
    }

    private static synchronized void closeAll()
    {
        if (null != embedded)
        {
            shut(embedded);
            embedded = null;
        }
        EXTERNAL.values().forEach(AeronDriverHolder::shut);
        EXTERNAL.clear();
    }
}
