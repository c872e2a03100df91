package io.temblor.engine.replay;

import io.temblor.offheap.journal.JournalReader;
import org.agrona.DirectBuffer;

import java.nio.file.Path;

/**
 * A {@link ReplayFeed} over a capture's Chronicle Queue journal: frames are read in place from the journal's mapped
 * memory (the ring copies them once, straight from there).
 */
public final class JournalFeed implements ReplayFeed
{
    private final JournalReader reader;

    private JournalFeed(final JournalReader reader)
    {
        this.reader = reader;
    }

    /**
     * Opens a capture.
     *
     * @param dir the capture's folder.
     * @return the feed, before the first record.
     * @throws RuntimeException when the folder is not a readable capture.
     */
    public static JournalFeed open(final Path dir)
    {
        return new JournalFeed(JournalReader.open(dir));
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
