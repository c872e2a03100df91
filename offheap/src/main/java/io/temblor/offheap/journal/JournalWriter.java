package io.temblor.offheap.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Appends capture records to a Chronicle Queue directory. Each record is one Chronicle document laid out as
 * {@link JournalRecordDescriptor} draws it:
 *
 * <pre>
 *   | version u8 | source len u8 | source UTF-8 | ingest_ns i64 | frame len i32 | meta len i32 | frame | meta |
 * </pre>
 *
 * <p>Thread safety: {@link #append} may be called from any number of threads; each thread gets its own Chronicle
 * appender on its first call (Chronicle serialises the writes with its queue lock). After that first call an append
 * allocates nothing. A record is visible to readers once {@code append} returns; the bytes live in memory-mapped
 * files, so a killed JVM (kill -9) loses nothing that was appended, and a record whose writer died mid-write stays
 * marked incomplete, where readers stop. Retention (see {@link JournalSettings}) is applied when the writer opens and
 * when a new cycle file is started.
 */
public final class JournalWriter implements AutoCloseable
{
    static
    {
        JournalFiles.quietChronicle();
    }

    /** Chronicle's block size: the mapping granularity; a record may be up to a quarter of it. */
    public static final long BLOCK_SIZE = 64L << 20;
    /** How long an appender waits for a lock left by a dead writer before taking it over. */
    static final long LOCK_TIMEOUT_MS = 2_000;

    private final Path dir;
    private final JournalSettings settings;
    private final LongSupplier clockMs;
    private final SingleChronicleQueue queue;
    private final ThreadLocal<ExcerptAppender> appenders;
    private final List<ExcerptAppender> allAppenders = new ArrayList<>();
    /** The newest cycle an append went to; a higher one means a new cycle file, so retention is applied. */
    private volatile int lastCycle = Integer.MIN_VALUE;
    private volatile boolean closed;

    private JournalWriter(final Path dir, final JournalSettings settings, final LongSupplier clockMs)
    {
        this.dir = dir;
        this.settings = settings;
        this.clockMs = clockMs;
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot create capture directory " + dir + ": " + e.getMessage(), e);
        }
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(dir.toFile())
            .rollCycle(settings.roll().cycle())
            .blockSize(BLOCK_SIZE)
            .timeoutMS(LOCK_TIMEOUT_MS)
            .timeProvider(clockMs::getAsLong);
        try
        {
            this.queue = builder.build();
        }
        catch (final RuntimeException e)
        {
            throw new JournalException("cannot open capture directory " + dir + " for writing: " + e.getMessage(), e);
        }
        this.appenders = ThreadLocal.withInitial(this::newAppender);
        JournalFiles.sweep(dir, settings, clockMs.getAsLong(), null);
    }

    /**
     * Opens (creating it when missing) a journal for appending; records go after any already there.
     *
     * @param dir the capture directory.
     * @param settings roll and retention.
     * @return the writer.
     * @throws JournalException naming the directory when it cannot be created or opened.
     */
    public static JournalWriter open(final Path dir, final JournalSettings settings)
    {
        return new JournalWriter(dir, settings, System::currentTimeMillis);
    }

    /**
     * Opens a journal whose roll and retention follow the given wall clock (tests drive rolls with it).
     *
     * @param dir the capture directory.
     * @param settings roll and retention.
     * @param clockMs the wall clock, epoch milliseconds.
     * @return the writer.
     */
    public static JournalWriter open(final Path dir, final JournalSettings settings, final LongSupplier clockMs)
    {
        return new JournalWriter(dir, settings, clockMs);
    }

    private ExcerptAppender newAppender()
    {
        final ExcerptAppender appender = queue.createAppender();
        synchronized (allAppenders)
        {
            allAppenders.add(appender);
        }
        return appender;
    }

    /**
     * The directory written to.
     *
     * @return the capture directory.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * The settings in force.
     *
     * @return roll and retention.
     */
    public JournalSettings settings()
    {
        return settings;
    }

    /**
     * Appends one record. Any thread; no allocation after the calling thread's first append.
     *
     * @param source the source id (1 to 255 UTF-8 bytes).
     * @param ingestNs the ingest time.
     * @param frame the frame's bytes.
     * @param offset where the frame starts.
     * @param length the frame's length.
     * @param meta the metadata JSON bytes (may be null when {@code metaLength} is 0).
     * @param metaOffset where the metadata starts.
     * @param metaLength the metadata's length.
     * @return the record's index (Chronicle's: cycle and sequence).
     * @throws IllegalArgumentException when the source is empty or too long.
     * @throws JournalException when the writer is closed.
     */
    public long append(
        final CharSequence source,
        final long ingestNs,
        final DirectBuffer frame,
        final int offset,
        final int length,
        final DirectBuffer meta,
        final int metaOffset,
        final int metaLength)
    {
        if (closed)
        {
            throw new JournalException("capture " + dir + " is closed");
        }
        final int sourceLength = utf8Length(source);
        if (sourceLength < 1 || sourceLength > JournalRecordDescriptor.MAX_SOURCE_LENGTH)
        {
            throw new IllegalArgumentException("source id must be 1 to 255 UTF-8 bytes: '" + source + "'");
        }
        final ExcerptAppender appender = appenders.get();
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.writeByte(JournalRecordDescriptor.VERSION);
            bytes.writeByte((byte)sourceLength);
            writeUtf8(bytes, source);
            bytes.writeLong(ingestNs);
            bytes.writeInt(length);
            bytes.writeInt(metaLength);
            write(bytes, frame, offset, length);
            if (metaLength > 0)
            {
                write(bytes, meta, metaOffset, metaLength);
            }
        }
        final long index = appender.lastIndexAppended();
        final int cycle = appender.cycle();
        if (cycle > lastCycle)
        {
            sweep(cycle);
        }
        return index;
    }

    /**
     * Appends one record from heap bytes (CLI use; wraps the arrays, so it allocates).
     *
     * @param source the source id.
     * @param ingestNs the ingest time.
     * @param frame the frame.
     * @param meta the metadata JSON (may be null).
     * @return the record's index.
     */
    public long append(final CharSequence source, final long ingestNs, final byte[] frame, final byte[] meta)
    {
        final UnsafeBuffer f = new UnsafeBuffer(frame);
        final UnsafeBuffer m = meta == null ? null : new UnsafeBuffer(meta);
        return append(source, ingestNs, f, 0, frame.length, m, 0, meta == null ? 0 : meta.length);
    }

    /**
     * Appends one record from a byte buffer's remaining bytes (position and limit are left unchanged).
     *
     * @param source the source id.
     * @param ingestNs the ingest time.
     * @param frame the frame.
     * @param meta the metadata JSON (may be null).
     * @return the record's index.
     */
    public long append(final CharSequence source, final long ingestNs, final ByteBuffer frame, final byte[] meta)
    {
        final UnsafeBuffer f = new UnsafeBuffer(frame, frame.position(), frame.remaining());
        final UnsafeBuffer m = meta == null ? null : new UnsafeBuffer(meta);
        return append(source, ingestNs, f, 0, frame.remaining(), m, 0, meta == null ? 0 : meta.length);
    }

    private synchronized void sweep(final int cycle)
    {
        if (cycle > lastCycle)
        {
            lastCycle = cycle;
            JournalFiles.sweep(dir, settings, clockMs.getAsLong(), queue);
        }
    }

    private static void write(final Bytes<?> bytes, final DirectBuffer src, final int offset, final int length)
    {
        final byte[] array = src.byteArray();
        if (array != null)
        {
            bytes.write(array, (int)(src.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET) + offset, length);
        }
        else
        {
            src.boundsCheck(offset, length);
            bytes.unsafeWrite(src.addressOffset() + offset, length);
        }
    }

    static int utf8Length(final CharSequence s)
    {
        int n = 0;
        final int len = s.length();
        for (int i = 0; i < len; i++)
        {
            final char c = s.charAt(i);
            if (c < 0x80)
            {
                n++;
            }
            else if (c < 0x800)
            {
                n += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1)))
            {
                n += 4;
                i++;
            }
            else
            {
                n += 3;
            }
        }
        return n;
    }

    private static void writeUtf8(final Bytes<?> bytes, final CharSequence s)
    {
        final int len = s.length();
        for (int i = 0; i < len; i++)
        {
            final char c = s.charAt(i);
            if (c < 0x80)
            {
                bytes.writeByte((byte)c);
            }
            else if (c < 0x800)
            {
                bytes.writeByte((byte)(0xC0 | c >> 6));
                bytes.writeByte((byte)(0x80 | c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1)))
            {
                final int cp = Character.toCodePoint(c, s.charAt(++i));
                bytes.writeByte((byte)(0xF0 | cp >> 18));
                bytes.writeByte((byte)(0x80 | cp >> 12 & 0x3F));
                bytes.writeByte((byte)(0x80 | cp >> 6 & 0x3F));
                bytes.writeByte((byte)(0x80 | cp & 0x3F));
            }
            else
            {
                bytes.writeByte((byte)(0xE0 | c >> 12));
                bytes.writeByte((byte)(0x80 | c >> 6 & 0x3F));
                bytes.writeByte((byte)(0x80 | c & 0x3F));
            }
        }
    }

    /**
     * Closes the queue; later appends throw. Call once no thread appends any more.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        synchronized (allAppenders)
        {
            allAppenders.clear();
        }
        queue.close();
    }
}
