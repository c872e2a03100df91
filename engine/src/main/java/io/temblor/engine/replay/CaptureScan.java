package io.temblor.engine.replay;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pass over a capture before a replay: records and bytes per source (in order of first appearance) and the
 * recorded time range, for matching sources, the progress bar's total and the pacing of loops.
 *
 * @param records records per source.
 * @param streams the streams (connections) of each source, in order of their first records (one, 0, for a source
 *     whose frames are events).
 * @param bytes frame bytes per source.
 * @param eventSources sources whose frames are whole events, not received bytes ({@code capture import} of NDJSON,
 *     a {@code bench} or {@code metronome} source), by their metadata's {@code connector}.
 * @param total all records.
 * @param totalBytes all frame bytes.
 * @param firstNs the first record's ingest time.
 * @param lastNs the last record's ingest time.
 */
public record CaptureScan(Map<String, Long> records, Map<String, Set<Long>> streams, Map<String, Long> bytes,
    Set<String> eventSources, long total, long totalBytes,
    long firstNs, long lastNs)
{
    /** The metadata {@code connector} values of captures whose frames are whole events. */
    private static final List<String> EVENT_CONNECTORS = List.of("import", "bench", "metronome");

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
        final Set<String> eventSources = new LinkedHashSet<>();
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
                final String meta = feed.meta();
                if (EVENT_CONNECTORS.stream().anyMatch(c -> meta.startsWith("{\"connector\":\"" + c + "\"")))
                {
                    eventSources.add(previous);
                }
                runRecords = 0;
                runBytes = 0;
            }
            runRecords++;
            // a source that makes events records each event's id as its stream: they are one stream
            sourceStreams.add(eventSources.contains(previous) ? 0L : feed.stream());
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
            Collections.unmodifiableMap(bytes), Collections.unmodifiableSet(eventSources), total,
            totalBytes, first, last);
    }

    /** @return how far apart two loops of the capture are: its time range plus one average gap. */
    public long loopSpanNs()
    {
        final long range = Math.max(0, lastNs - firstNs);
        return range + (total > 1 ? range / (total - 1) : 1_000_000L);
    }
}
