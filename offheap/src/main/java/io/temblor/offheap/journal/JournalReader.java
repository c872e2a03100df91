package io.temblor.offheap.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the records of a capture journal in append order (layout: {@link JournalRecordDescriptor}):
 *
 * <pre>
 *   | version u8 | source len u8 | source UTF-8 | ingest_ns i64 | frame len i32 | meta len i32 | frame | meta |
 * </pre>
 *
 * <p>{@link #next} reads each record in place: the record's document stays open until the next call, and
 * {@link #frame()} and {@link #meta()} wrap its bytes in the journal's mapped memory (copied into buffers the reader
 * owns only when Chronicle hands heap bytes), so nothing is copied or allocated per record (sources are interned: up
 * to 256 distinct ids are returned as the same {@code String}).
 * A record whose writer died mid-write is marked incomplete by Chronicle: {@code next} returns false there, as at the
 * end. The accessors are valid until the next call of {@code next}. One thread at a time.
 */
public final class JournalReader implements AutoCloseable
{
    static
    {
        JournalFiles.quietChronicle();
    }

    private static final int MAX_INTERNED = 256;

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer meta = new UnsafeBuffer(new byte[0]);
    private byte[] frameBytes = new byte[4096];
    private byte[] metaBytes = new byte[1024];
    private final byte[] sourceBytes = new byte[JournalRecordDescriptor.MAX_SOURCE_LENGTH];
    private final byte[][] internedBytes = new byte[MAX_INTERNED][];
    private final String[] interned = new String[MAX_INTERNED];
    private int internedCount;
    private String source;
    private long ingestNs;
    private int frameLength;
    private int metaLength;
    private long index = -1;
    private DocumentContext document;

    private JournalReader(final Path dir)
    {
        this.dir = dir;
        if (!Files.isDirectory(dir))
        {
            throw new JournalException("not a capture: " + dir + " is not a directory");
        }
        if (!Files.exists(dir.resolve(JournalFiles.METADATA_FILE)) && JournalFiles.cycleFiles(dir).isEmpty())
        {
            throw new JournalException("not a capture: " + dir + " holds no journal (no " + JournalFiles.METADATA_FILE +
                " or *" + JournalFiles.CYCLE_SUFFIX + " files)");
        }
        try
        {
            this.queue = SingleChronicleQueueBuilder.binary(dir.toFile())
                .readOnly(true)
                .blockSize(JournalWriter.BLOCK_SIZE)
                .build();
        }
        catch (final RuntimeException e)
        {
            throw new JournalException("cannot read capture " + dir + ": " + e.getMessage(), e);
        }
        this.tailer = queue.createTailer();
    }

    /**
     * Opens a journal for reading from its first record.
     *
     * @param dir the capture directory.
     * @return the reader.
     * @throws JournalException naming the directory when it is missing or not a capture.
     */
    public static JournalReader open(final Path dir)
    {
        return new JournalReader(dir);
    }

    /**
     * The directory read.
     *
     * @return the capture directory.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * Moves to the next record.
     *
     * @return false at the end (or at a record left incomplete by a writer that died).
     * @throws JournalException when a record is malformed (names the directory and index).
     */
    public boolean next()
    {
        release();
        final DocumentContext dc = tailer.readingDocument();
        if (!dc.isPresent())
        {
            dc.close();
            return false;
        }
        document = dc;
        final Bytes<?> bytes = dc.wire().bytes();
        final long idx = dc.index();
        final long at = bytes.readPosition();
        final long available = bytes.readRemaining();
        if (available < JournalRecordDescriptor.SOURCE_OFFSET)
        {
            throw malformed(idx, "record of " + available + " bytes");
        }
        final byte version = bytes.readByte(at + JournalRecordDescriptor.VERSION_OFFSET);
        if (version != JournalRecordDescriptor.VERSION)
        {
            throw malformed(idx, "unknown record version " + version);
        }
        final int sourceLength = bytes.readUnsignedByte(at + JournalRecordDescriptor.SOURCE_LENGTH_OFFSET);
        if (available < JournalRecordDescriptor.SOURCE_OFFSET + sourceLength + JournalRecordDescriptor.FIXED_AFTER_SOURCE)
        {
            throw malformed(idx, "record shorter than its header");
        }
        bytes.read(at + JournalRecordDescriptor.SOURCE_OFFSET, sourceBytes, 0, sourceLength);
        final long fixed = at + JournalRecordDescriptor.SOURCE_OFFSET + sourceLength;
        final long ns = bytes.readLong(fixed);
        final int fl = bytes.readInt(fixed + 8);
        final int ml = bytes.readInt(fixed + 12);
        final long frameAt = fixed + JournalRecordDescriptor.FIXED_AFTER_SOURCE;
        if (fl < 0 || ml < 0 || frameAt - at + fl + ml != available)
        {
            throw malformed(idx, "frame/meta lengths " + fl + "/" + ml + " do not match the record");
        }
        if (bytes.isDirectMemory())
        {
            // in place: the document stays open until the next call, so the mapped bytes stay valid
            frame.wrap(fl == 0 ? bytes.addressForRead(frameAt) : bytes.addressForRead(frameAt, fl), fl);
            meta.wrap(ml == 0 ? bytes.addressForRead(frameAt) : bytes.addressForRead(frameAt + fl, ml), ml);
        }
        else
        {
            if (frameBytes.length < fl)
            {
                frameBytes = new byte[Math.max(fl, frameBytes.length * 2)];
            }
            if (metaBytes.length < ml)
            {
                metaBytes = new byte[Math.max(ml, metaBytes.length * 2)];
            }
            bytes.read(frameAt, frameBytes, 0, fl);
            bytes.read(frameAt + fl, metaBytes, 0, ml);
            frame.wrap(frameBytes, 0, fl);
            meta.wrap(metaBytes, 0, ml);
        }
        source = intern(sourceLength);
        ingestNs = ns;
        frameLength = fl;
        metaLength = ml;
        index = idx;
        return true;
    }

    /** Closes the current record's document (its memory may be unmapped after). */
    private void release()
    {
        if (null != document)
        {
            final DocumentContext dc = document;
            document = null;
            dc.close();
        }
    }

    private JournalException malformed(final long idx, final String what)
    {
        release();
        return new JournalException("capture " + dir + ": malformed record at index " + Long.toHexString(idx) +
            ": " + what);
    }

    private String intern(final int length)
    {
        for (int i = 0; i < internedCount; i++)
        {
            final byte[] b = internedBytes[i];
            if (b.length == length && Arrays.equals(b, 0, length, sourceBytes, 0, length))
            {
                return interned[i];
            }
        }
        final String s = new String(sourceBytes, 0, length, StandardCharsets.UTF_8);
        if (internedCount < MAX_INTERNED)
        {
            internedBytes[internedCount] = Arrays.copyOf(sourceBytes, length);
            interned[internedCount++] = s;
        }
        return s;
    }

    /**
     * Goes back before the first record.
     */
    public void toStart()
    {
        release();
        tailer.toStart();
        index = -1;
    }

    /**
     * The current record's source id.
     *
     * @return the source (a {@code String}).
     */
    public CharSequence source()
    {
        return source;
    }

    /**
     * The current record's ingest time.
     *
     * @return nanoseconds.
     */
    public long ingestNs()
    {
        return ingestNs;
    }

    /**
     * The buffer holding the current frame.
     *
     * @return the frame buffer (valid until the next {@link #next}).
     */
    public DirectBuffer frame()
    {
        return frame;
    }

    /**
     * Where the frame starts in {@link #frame()}.
     *
     * @return the offset.
     */
    public int frameOffset()
    {
        return 0;
    }

    /**
     * The frame's length.
     *
     * @return bytes.
     */
    public int frameLength()
    {
        return frameLength;
    }

    /**
     * The buffer holding the current metadata JSON.
     *
     * @return the metadata buffer (valid until the next {@link #next}).
     */
    public DirectBuffer meta()
    {
        return meta;
    }

    /**
     * Where the metadata starts in {@link #meta()}.
     *
     * @return the offset.
     */
    public int metaOffset()
    {
        return 0;
    }

    /**
     * The metadata's length (0 when the record has none).
     *
     * @return bytes.
     */
    public int metaLength()
    {
        return metaLength;
    }

    /**
     * The current record's index (Chronicle's: cycle and sequence), -1 before the first.
     *
     * @return the index.
     */
    public long index()
    {
        return index;
    }

    @Override
    public void close()
    {
        release();
        queue.close();
    }
}
