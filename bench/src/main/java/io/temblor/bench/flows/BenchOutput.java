package io.temblor.bench.flows;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers of a bench connector's text report (Tremor's format plus Temblor's GC line), parsed from a flow's output.
 * Percentiles are read from the report's distribution: the value at the first listed percentile at or above the one
 * asked (the report lists 2 ticks per half distance, so p99 is the value at 99.2%, p99.9 at 99.90%); a percentile beyond
 * the last listed one (a short run) is -1.
 *
 * @param mbPerSec      throughput in MB/s (MiB, as Tremor).
 * @param eventsPerSec  throughput in events/s.
 * @param p50Ns         median latency.
 * @param p90Ns         90th percentile latency.
 * @param p99Ns         99th percentile latency.
 * @param p999Ns        99.9th percentile latency.
 * @param p9999Ns       99.99th percentile latency.
 * @param maxNs         highest latency.
 * @param count         events measured.
 * @param gcCollections garbage collections in the measured period, -1 if not reported.
 * @param gcMs          milliseconds in them, -1 if not reported.
 * @param distribution  the report's percentile distribution as {@code [percentile (0..1), value ns]} pairs, in order
 *                      (the curve of the latency chart).
 */
public record BenchOutput(double mbPerSec, double eventsPerSec, long p50Ns, long p90Ns, long p99Ns, long p999Ns,
    long p9999Ns, long maxNs, long count, long gcCollections, long gcMs, List<double[]> distribution)
{
    /** The percentiles read from the distribution, as fractions, in the order of the record's fields. */
    static final double[] LEVELS = {0.5, 0.9, 0.99, 0.999, 0.9999};

    private static final Pattern DATA = Pattern.compile("Throughput {3}\\(data\\): ([0-9.]+) MB/s");
    private static final Pattern EVENTS = Pattern.compile("Throughput \\(events\\): ([0-9.]+)k events/s");
    private static final Pattern MAX = Pattern.compile("#\\[Max += +(\\d+), Total count += +(\\d+)]");
    private static final Pattern LINE = Pattern.compile("(?m)^ *(\\d+) (\\d\\.\\d+) +(\\d+) +(?:[0-9.]+|inf)$");
    private static final Pattern GC = Pattern.compile("GC \\(measured period\\): (\\d+) collections, (\\d+) ms");

    /**
     * Parses a report.
     *
     * @param text the flow's output.
     * @return the numbers, or null when the output has no throughput lines (the flow did not report).
     */
    public static BenchOutput parse(final String text)
    {
        final Matcher data = DATA.matcher(text);
        final Matcher events = EVENTS.matcher(text);
        if (!data.find() || !events.find())
        {
            return null;
        }
        final Matcher max = MAX.matcher(text);
        final boolean hasMax = max.find();
        final long[] at = {-1, -1, -1, -1, -1};
        final List<double[]> distribution = new ArrayList<>();
        final Matcher line = LINE.matcher(text);
        while (line.find())
        {
            final double q = Double.parseDouble(line.group(2));
            final long value = Long.parseLong(line.group(1));
            distribution.add(new double[] {q, value});
            for (int i = 0; i < LEVELS.length; i++)
            {
                if (at[i] < 0 && q >= LEVELS[i])
                {
                    at[i] = value;
                }
            }
        }
        final Matcher gc = GC.matcher(text);
        final boolean hasGc = gc.find();
        return new BenchOutput(Double.parseDouble(data.group(1)), Double.parseDouble(events.group(1)) * 1000,
            at[0], at[1], at[2], at[3], at[4], hasMax ? Long.parseLong(max.group(1)) : -1,
            hasMax ? Long.parseLong(max.group(2)) : -1, hasGc ? Long.parseLong(gc.group(1)) : -1,
            hasGc ? Long.parseLong(gc.group(2)) : -1, List.copyOf(distribution));
    }
}
