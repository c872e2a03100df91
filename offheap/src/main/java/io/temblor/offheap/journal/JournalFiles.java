package io.temblor.offheap.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cycle files of a journal directory: listing (oldest first) and the retention sweep.
 */
public final class JournalFiles
{
    /** Suffix of Chronicle Queue cycle files. */
    public static final String CYCLE_SUFFIX = ".cq4";
    /** Chronicle Queue's metadata file, present in every queue directory. */
    public static final String METADATA_FILE = "metadata.cq4t";

    private JournalFiles()
    {
    }

    /**
     * Turns off Chronicle's usage analytics (it would contact a web service from the engine), unless the user set
     * {@code chronicle.analytics.disable}; called before a queue is built.
     */
    static void quietChronicle()
    {
        if (null == System.getProperty("chronicle.analytics.disable"))
        {
            System.setProperty("chronicle.analytics.disable", "true");
        }
    }

    /**
     * The cycle files of a directory, oldest first (Chronicle names sort by time for a given roll cycle).
     *
     * @param dir the journal directory.
     * @return the cycle files; empty when there are none.
     */
    public static List<Path> cycleFiles(final Path dir)
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.filter(p -> p.getFileName().toString().endsWith(CYCLE_SUFFIX)).sorted().toList();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Applies retention: deletes the oldest cycle files while all together exceed the byte bound or while a cycle
     * ended longer ago than the age bound. The newest file is never deleted.
     *
     * @param dir the journal directory.
     * @param settings the bounds.
     * @param nowMs the wall clock.
     * @param queue the queue to refresh after deleting (may be null).
     * @return how many files were deleted.
     */
    static int sweep(final Path dir, final JournalSettings settings, final long nowMs, final SingleChronicleQueue queue)
    {
        if (settings.retentionBytes() == 0 && settings.retentionAgeMs() == 0)
        {
            return 0;
        }
        final List<Path> files = new ArrayList<>(cycleFiles(dir));
        long total = 0;
        final long[] sizes = new long[files.size()];
        for (int i = 0; i < files.size(); i++)
        {
            sizes[i] = size(files.get(i));
            total += sizes[i];
        }
        int deleted = 0;
        final long cycleMs = settings.roll().cycle().lengthInMillis();
        for (int i = 0; i < files.size() - 1; i++)
        {
            final boolean tooBig = settings.retentionBytes() > 0 && total > settings.retentionBytes();
            final long startMs = cycleStartMs(files.get(i), settings.roll());
            final boolean tooOld = settings.retentionAgeMs() > 0 && startMs != Long.MIN_VALUE &&
                startMs + cycleMs < nowMs - settings.retentionAgeMs();
            if (!tooBig && !tooOld)
            {
                break;
            }
            try
            {
                Files.deleteIfExists(files.get(i));
                total -= sizes[i];
                deleted++;
            }
            catch (final IOException e)
            {
                throw new JournalException("cannot delete old capture file " + files.get(i) + ": " + e.getMessage(), e);
            }
        }
        if (deleted > 0 && queue != null)
        {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }

    private static long size(final Path p)
    {
        try
        {
            return Files.size(p);
        }
        catch (final NoSuchFileException e)
        {
            return 0;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The UTC start of a cycle file's period, parsed from its name.
     *
     * @param file the cycle file.
     * @param roll the journal's roll.
     * @return epoch milliseconds, or {@link Long#MIN_VALUE} when the name does not follow the roll's format.
     */
    static long cycleStartMs(final Path file, final JournalSettings.Roll roll)
    {
        final String name = file.getFileName().toString();
        final String stem = name.substring(0, name.length() - CYCLE_SUFFIX.length());
        final DateTimeFormatter format = DateTimeFormatter.ofPattern(roll.cycle().format());
        try
        {
            if (roll == JournalSettings.Roll.DAILY)
            {
                return LocalDate.parse(stem, format).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return LocalDateTime.parse(stem, format).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        catch (final DateTimeParseException e)
        {
            return Long.MIN_VALUE;
        }
    }
}
