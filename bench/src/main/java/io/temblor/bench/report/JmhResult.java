package io.temblor.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark's entry of JMH's JSON result file (as written by {@code -rf json}), with its score converted to
 * nanoseconds per operation and its {@code gc.alloc.rate.norm} when the GC profiler ran.
 *
 * @param benchmark   the fully qualified benchmark name.
 * @param method      the benchmark method's simple name.
 * @param mode        JMH mode (avgt, thrpt, ...).
 * @param params      the @Param values.
 * @param score       the primary score as reported.
 * @param scoreError  its 99.9% confidence half-width as reported, NaN when JMH had too few samples.
 * @param scoreUnit   the primary score's unit (e.g. us/op or ops/s).
 * @param allocNorm   bytes allocated per operation, NaN when not profiled.
 * @param allocNormError its error, NaN when unknown.
 * @param samples     number of measured iterations over all forks.
 */
public record JmhResult(
    String benchmark,
    String method,
    String mode,
    Map<String, String> params,
    double score,
    double scoreError,
    String scoreUnit,
    double allocNorm,
    double allocNormError,
    int samples)
{
    private static final String ALLOC_NORM = "gc.alloc.rate.norm";

    /**
     * Reads a JMH JSON result file.
     *
     * @param file results.json.
     * @return one entry per benchmark and parameter combination, in file order.
     * @throws IOException on read or syntax failure.
     */
    public static List<JmhResult> read(final Path file) throws IOException
    {
        final JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (!root.isArray())
        {
            throw new IOException(file + ": not a JMH JSON result array");
        }
        final List<JmhResult> results = new ArrayList<>();
        for (final JsonNode node : root)
        {
            final String benchmark = node.path("benchmark").asText();
            final Map<String, String> params = new LinkedHashMap<>();
            node.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            final JsonNode primary = node.path("primaryMetric");
            int samples = 0;
            for (final JsonNode fork : primary.path("rawData"))
            {
                samples += fork.size();
            }
            double alloc = Double.NaN;
            double allocError = Double.NaN;
            for (final Map.Entry<String, JsonNode> e : node.path("secondaryMetrics").properties())
            {
                // older JMH versions prefix profiler metrics with a middle dot
                if (e.getKey().replace("\u00b7", "").equals(ALLOC_NORM))
                {
                    alloc = number(e.getValue().path("score"));
                    allocError = number(e.getValue().path("scoreError"));
                }
            }
            results.add(new JmhResult(
                benchmark,
                benchmark.substring(benchmark.lastIndexOf('.') + 1),
                node.path("mode").asText(),
                Collections.unmodifiableMap(params),
                number(primary.path("score")),
                number(primary.path("scoreError")),
                primary.path("scoreUnit").asText(),
                alloc,
                allocError,
                samples));
        }
        return results;
    }

    /**
     * The average time of one operation in nanoseconds, from either an average-time or a throughput score.
     *
     * @return nanoseconds per operation, NaN for modes or units it cannot convert.
     */
    public double nsPerOp()
    {
        final String[] parts = scoreUnit.split("/");
        if (parts.length != 2)
        {
            return Double.NaN;
        }
        if ("op".equals(parts[1]))
        {
            return score * nanos(parts[0]);
        }
        if ("ops".equals(parts[0]))
        {
            return nanos(parts[1]) / score;
        }
        return Double.NaN;
    }

    /**
     * The score's relative error (half-width of the confidence interval over the score).
     *
     * @return the fraction, NaN when unknown.
     */
    public double relativeError()
    {
        return scoreError / score;
    }

    private static double nanos(final String unit)
    {
        return switch (unit)
        {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "min" -> 60e9;
            default -> Double.NaN;
        };
    }

    private static double number(final JsonNode node)
    {
        if (node.isNumber())
        {
            return node.asDouble();
        }
        try
        {
            return Double.parseDouble(node.asText());
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }
}
