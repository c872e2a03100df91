package io.temblor.engine.replay;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One pass over a capture before a replay: records and bytes per source (in order of first appearance) and the
 * recorded time range, for matching sources, the progress bar's total and the pacing of loops.
 *
 * @param records records per source.
 * @param streams the streams (connections) of each source, in order of their first records.
 * @param bytes frame bytes per source.
 * @param total all records.
 * @param totalBytes all frame bytes.
 * @param firstNs the first record's ingest time.
 * @param lastNs the last record's ingest time.
 */
public record CaptureScan(Map<String, Long> records, Map<String, Set<Long>> streams, Map<String, Long> bytes, long total, long totalBytes,
    long firstNs, long lastNs)
{
    /**
     * Reads every record of a feed, then rewinds it.
     *
     * @param feed the feed.
     * @return the scan.
     */
    public static CaptureScan of(final ReplayFeed feed)
    {
        final Map<String, Long> records = new LinkedHashMap<>();
        final Map<String, Long> bytes = new LinkedHashMap<>();
        final Map<String, Set<Long>> streams = new LinkedHashMap<>();
        Set<Long> sourceStreams = null;
        long total = 0;
        long totalBytes = 0;
        long first = 0;
        long last = 0;
        String previous = null;
        long runRecords = 0;
        long runBytes = 0;
        feed.toStart();
        while (feed.next())
        {
            final CharSequence source = feed.source();
            if (null == previous || !previous.contentEquals(source))
            {
                if (null != previous)
                {
                    records.merge(previous, runRecords, Long::sum);
                    bytes.merge(previous, runBytes, Long::sum);
                }
                previous = source.toString();
                sourceStreams = streams.computeIfAbsent(previous, k -> new LinkedHashSet<>());
                runRecords = 0;
                runBytes = 0;
            }
            runRecords++;
            sourceStreams.add(feed.stream());
            runBytes += feed.frameLength();
            if (total == 0)
            {
                first = feed.ingestNs();
            }
            last = Math.max(last, feed.ingestNs());
            total++;
            totalBytes += feed.frameLength();
        }
        if (null != previous)
        {
            records.merge(previous, runRecords, Long::sum);
            bytes.merge(previous, runBytes, Long::sum);
        }
        feed.toStart();
        return new CaptureScan(Collections.unmodifiableMap(records), Collections.unmodifiableMap(streams),
            Collections.unmodifiableMap(bytes), total,
            totalBytes, first, last);
    }

    /** @return how far apart two loops of the capture are: its time range plus one average gap. */
    public long loopSpanNs()
    {
        final long range = Math.max(0, lastNs - firstNs);
        return range + (total > 1 ? range / (total - 1) : 1_000_000L);
    }
}
