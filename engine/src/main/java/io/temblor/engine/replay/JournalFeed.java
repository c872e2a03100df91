package io.temblor.engine.replay;

import io.temblor.offheap.journal.JournalException;
import io.temblor.offheap.journal.JournalReader;
import io.temblor.offheap.journal.JournalRecordDescriptor;
import io.temblor.offheap.journal.JournalWriter;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A {@link ReplayFeed} over a capture's Chronicle Queue journal (records laid out as {@link JournalRecordDescriptor}
 * draws) that reads each frame in place: the current record's document stays open until the next call, and
 * {@link #frame()} wraps its bytes in the journal's mapped memory, so the ring copies each frame once, straight from
 * there (no copy through a heap array). Source names are interned (no allocation per record). One thread: the one
 * that opened it.
 */
public final class JournalFeed implements ReplayFeed
{
    private static final byte[] STREAM_KEY = "\"stream\":".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_INTERNED = 256;

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer meta = new UnsafeBuffer(new byte[0]);
    private final byte[] sourceBytes = new byte[JournalRecordDescriptor.MAX_SOURCE_LENGTH];
    private final byte[][] internedBytes = new byte[MAX_INTERNED][];
    private final String[] interned = new String[MAX_INTERNED];
    private int internedCount;
    private byte[] frameCopy = new byte[0];
    private byte[] metaCopy = new byte[0];
    private DocumentContext document;
    private String source;
    private long ingestNs;

    private JournalFeed(final Path dir)
    {
        this.dir = dir;
        // the journal's own reader checks the folder and reports what is wrong with it
        JournalReader.open(dir).close();
        this.queue = SingleChronicleQueueBuilder.binary(dir.toFile()).readOnly(true).blockSize(JournalWriter.BLOCK_SIZE)
            .build();
        this.tailer = queue.createTailer();
    }

    /**
     * Opens a capture.
     *
     * @param dir the capture's folder.
     * @return the feed, before the first record.
     * @throws JournalException when the folder is not a readable capture.
     */
    public static JournalFeed open(final Path dir)
    {
        return new JournalFeed(dir);
    }

    @Override
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
        final long at = bytes.readPosition();
        final long available = bytes.readRemaining();
        if (available < JournalRecordDescriptor.SOURCE_OFFSET ||
            bytes.readByte(at + JournalRecordDescriptor.VERSION_OFFSET) != JournalRecordDescriptor.VERSION)
        {
            throw malformed(dc.index(), "unknown record version or a record of " + available + " bytes");
        }
        final int sourceLength = bytes.readUnsignedByte(at + JournalRecordDescriptor.SOURCE_LENGTH_OFFSET);
        final long fixed = at + JournalRecordDescriptor.SOURCE_OFFSET + sourceLength;
        if (available < JournalRecordDescriptor.SOURCE_OFFSET + sourceLength + JournalRecordDescriptor.FIXED_AFTER_SOURCE)
        {
            throw malformed(dc.index(), "record shorter than its header");
        }
        source = intern(bytes, at + JournalRecordDescriptor.SOURCE_OFFSET, sourceLength);
        ingestNs = bytes.readLong(fixed);
        final int frameLength = bytes.readInt(fixed + 8);
        final int metaLength = bytes.readInt(fixed + 12);
        final long frameAt = fixed + JournalRecordDescriptor.FIXED_AFTER_SOURCE;
        if (frameLength < 0 || metaLength < 0 || frameAt - at + frameLength + metaLength != available)
        {
            throw malformed(dc.index(), "frame/meta lengths " + frameLength + "/" + metaLength +
                " do not match the record");
        }
        if (bytes.isDirectMemory())
        {
            frame.wrap(frameLength == 0 ? bytes.addressForRead(frameAt) : bytes.addressForRead(frameAt, frameLength),
                frameLength);
            meta.wrap(metaLength == 0 ? bytes.addressForRead(frameAt) :
                bytes.addressForRead(frameAt + frameLength, metaLength), metaLength);
        }
        else
        {
            frameCopy = frameCopy.length < frameLength ? new byte[frameLength] : frameCopy;
            metaCopy = metaCopy.length < metaLength ? new byte[metaLength] : metaCopy;
            bytes.read(frameAt, frameCopy, 0, frameLength);
            bytes.read(frameAt + frameLength, metaCopy, 0, metaLength);
            frame.wrap(frameCopy, 0, frameLength);
            meta.wrap(metaCopy, 0, metaLength);
        }
        return true;
    }

    private JournalException malformed(final long index, final String what)
    {
        release();
        return new JournalException("capture " + dir + ": malformed record at index " + Long.toHexString(index) + ": " +
            what);
    }

    private String intern(final Bytes<?> bytes, final long at, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            sourceBytes[i] = bytes.readByte(at + i);
        }
        for (int i = 0; i < internedCount; i++)
        {
            final byte[] b = internedBytes[i];
            if (b.length == length && java.util.Arrays.equals(b, 0, length, sourceBytes, 0, length))
            {
                return interned[i];
            }
        }
        final String s = new String(sourceBytes, 0, length, StandardCharsets.UTF_8);
        if (internedCount < MAX_INTERNED)
        {
            internedBytes[internedCount] = java.util.Arrays.copyOf(sourceBytes, length);
            interned[internedCount++] = s;
        }
        return s;
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

    @Override
    public CharSequence source()
    {
        return source;
    }

    @Override
    public long ingestNs()
    {
        return ingestNs;
    }

    @Override
    public DirectBuffer frame()
    {
        return frame;
    }

    @Override
    public int frameOffset()
    {
        return 0;
    }

    @Override
    public int frameLength()
    {
        return frame.capacity();
    }

    /**
     * Reads the metadata's last field when it is {@code "stream":N} (as the capture writes it), without allocating.
     */
    @Override
    public long stream()
    {
        final int start = 0;
        int at = meta.capacity() - 1;
        if (at < start || meta.getByte(at) != '}')
        {
            return 0;
        }
        long value = 0;
        long scale = 1;
        at--;
        while (at >= start && meta.getByte(at) >= '0' && meta.getByte(at) <= '9' && scale <= 1_000_000_000_000_000L)
        {
            value += (meta.getByte(at) - '0') * scale;
            scale *= 10;
            at--;
        }
        final boolean negative = at >= start && meta.getByte(at) == '-';
        at -= negative ? 1 : 0;
        if (scale == 1 || at - STREAM_KEY.length + 1 < start)
        {
            return 0;
        }
        for (int i = 0; i < STREAM_KEY.length; i++)
        {
            if (meta.getByte(at - STREAM_KEY.length + 1 + i) != STREAM_KEY[i])
            {
                return 0;
            }
        }
        return negative ? -value : value;
    }

    @Override
    public String meta()
    {
        return meta.getStringWithoutLengthUtf8(0, meta.capacity());
    }

    @Override
    public void toStart()
    {
        release();
        tailer.toStart();
    }

    @Override
    public void close()
    {
        release();
        queue.close();
    }
}
