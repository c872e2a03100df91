package io.temblor.engine.replay;

import io.temblor.offheap.journal.JournalException;
import io.temblor.offheap.journal.JournalReader;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A {@link ReplayFeed} over a capture's journal: the journal's own {@link JournalReader}, which reads each record in
 * place (its frame wraps the journal's mapped memory until the next record), so the ring copies each frame once,
 * straight from there. Adds what replay needs on top: the recorded connection ({@link #stream()}) read from the
 * metadata without allocating. One thread: the one that opened it.
 */
public final class JournalFeed implements ReplayFeed
{
    private static final byte[] STREAM_KEY = "\"stream\":".getBytes(StandardCharsets.US_ASCII);

    private final JournalReader reader;

    private JournalFeed(final Path dir)
    {
        this.reader = JournalReader.open(dir);
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
        return reader.next();
    }

    @Override
    public CharSequence source()
    {
        return reader.source();
    }

    @Override
    public long ingestNs()
    {
        return reader.ingestNs();
    }

    @Override
    public DirectBuffer frame()
    {
        return reader.frame();
    }

    @Override
    public int frameOffset()
    {
        return reader.frameOffset();
    }

    @Override
    public int frameLength()
    {
        return reader.frameLength();
    }

    /**
     * Reads the metadata's last field when it is {@code "stream":N} (as the capture writes it), without allocating.
     */
    @Override
    public long stream()
    {
        final DirectBuffer meta = reader.meta();
        final int start = reader.metaOffset();
        int at = start + reader.metaLength() - 1;
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
        return reader.meta().getStringWithoutLengthUtf8(reader.metaOffset(), reader.metaLength());
    }

    @Override
    public void toStart()
    {
        reader.toStart();
    }

    @Override
    public void close()
    {
        reader.close();
    }
}
