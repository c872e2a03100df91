package io.temblor.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.util.ListStatistics;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins JMH JSON results of the same benchmark and parameters, measured in separate JMH runs of one fork each, into
 * one result as if JMH had run all the forks itself: the per-fork raw data is concatenated (in run order) and the
 * score, its 99.9% confidence interval and the percentiles are recomputed from all samples with JMH's own statistics,
 * for the primary metric and for every secondary metric present in all parts.
 *
 * <p>Used for interleaved runs: each fork of each engine is its own JMH run, and the engines alternate fork by fork
 * (A B C, C B A, ...), so that a machine whose speed drifts over minutes slows every engine alike instead of
 * whichever happened to run during the slow minutes.
 */
public final class ForkMerge
{
    private static final double CONFIDENCE = 0.999;
    private static final double[] PERCENTILES = {0.0, 50.0, 90.0, 95.0, 99.0, 99.9, 99.99, 99.999, 99.9999, 100.0};

    private ForkMerge()
    {
    }

    /**
     * Merges results with equal {@code benchmark}, {@code mode} and {@code params}; results appear in the order of
     * their first part.
     *
     * @param parts JMH JSON result objects, each from a run with one or more forks.
     * @return the merged results.
     */
    public static List<JsonNode> merge(final List<JsonNode> parts)
    {
        final Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        for (final JsonNode part : parts)
        {
            final String key = part.path("benchmark").asText() + '\u0000' + part.path("mode").asText() + '\u0000' +
                part.path("params");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(part);
        }
        final List<JsonNode> merged = new ArrayList<>(groups.size());
        for (final List<JsonNode> group : groups.values())
        {
            merged.add(group.size() == 1 ? group.get(0) : mergeGroup(group));
        }
        return merged;
    }

    private static JsonNode mergeGroup(final List<JsonNode> group)
    {
        final ObjectNode result = group.get(0).deepCopy();
        int forks = 0;
        for (final JsonNode part : group)
        {
            forks += part.path("forks").asInt(part.path("primaryMetric").path("rawData").size());
        }
        result.put("forks", forks);

        final List<JsonNode> primaries = new ArrayList<>(group.size());
        for (final JsonNode part : group)
        {
            primaries.add(part.path("primaryMetric"));
        }
        result.set("primaryMetric", mergeMetric(primaries));

        final ObjectNode secondaries = JsonNodeFactory.instance.objectNode();
        final Iterator<String> names = group.get(0).path("secondaryMetrics").fieldNames();
        while (names.hasNext())
        {
            final String name = names.next();
            final List<JsonNode> metrics = new ArrayList<>(group.size());
            for (final JsonNode part : group)
            {
                final JsonNode metric = part.path("secondaryMetrics").path(name);
                if (metric.isMissingNode())
                {
                    break;
                }
                metrics.add(metric);
            }
            if (metrics.size() == group.size())
            {
                secondaries.set(name, mergeMetric(metrics));
            }
        }
        result.set("secondaryMetrics", secondaries);
        return result;
    }

    /**
     * One metric from the same metric of several parts: raw data concatenated, statistics recomputed.
     *
     * @param metrics the metric objects ({@code score}, {@code scoreError}, {@code rawData}, ...).
     * @return the merged metric.
     */
    static ObjectNode mergeMetric(final List<JsonNode> metrics)
    {
        final ObjectNode merged = metrics.get(0).deepCopy();
        final ArrayNode rawData = JsonNodeFactory.instance.arrayNode();
        final ListStatistics stats = new ListStatistics();
        for (final JsonNode metric : metrics)
        {
            for (final JsonNode fork : metric.path("rawData"))
            {
                rawData.add(fork.deepCopy());
                for (final JsonNode sample : fork)
                {
                    stats.addValue(sample.asDouble());
                }
            }
        }
        merged.put("score", stats.getMean());
        final double error = stats.getN() > 1 ? stats.getMeanErrorAt(CONFIDENCE) : Double.NaN;
        if (Double.isNaN(error))
        {
            merged.put("scoreError", "NaN");
        }
        else
        {
            merged.put("scoreError", error);
        }
        final ArrayNode confidence = JsonNodeFactory.instance.arrayNode();
        final double[] interval = stats.getConfidenceIntervalAt(CONFIDENCE);
        confidence.add(interval[0]);
        confidence.add(interval[1]);
        merged.set("scoreConfidence", confidence);
        final ObjectNode percentiles = JsonNodeFactory.instance.objectNode();
        for (final double p : PERCENTILES)
        {
            percentiles.put(Double.toString(p), stats.getPercentile(p));
        }
        merged.set("scorePercentiles", percentiles);
        merged.set("rawData", rawData);
        return merged;
    }
}
