package io.temblor.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForkMergeTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldJoinForksOfTheSameBenchmarkAndRecomputeTheScore(@TempDir final Path dir) throws Exception
    {
        final List<JsonNode> parts = new ArrayList<>();
        parts.add(part("a.B.temblor", "x.json", 10.0, 12.0, 100.0));
        parts.add(part("a.B.other", "x.json", 20.0, 20.0, 0.0));
        parts.add(part("a.B.temblor", "y.json", 1.0, 1.0, 0.0));
        parts.add(part("a.B.temblor", "x.json", 14.0, 16.0, 50.0));

        final List<JsonNode> merged = ForkMerge.merge(parts);
        assertEquals(3, merged.size());
        final JsonNode t = merged.get(0);
        assertEquals("a.B.temblor", t.path("benchmark").asText());
        assertEquals(2, t.path("forks").asInt());
        assertEquals(13.0, t.path("primaryMetric").path("score").asDouble(), 1e-12);
        assertEquals("[[10.0,12.0],[14.0,16.0]]", t.path("primaryMetric").path("rawData").toString());
        final double error = t.path("primaryMetric").path("scoreError").asDouble();
        assertTrue(error > 2 && error < 100, "t-based 99.9% error over 4 samples: " + error);
        assertEquals(13.0 - error, t.path("primaryMetric").path("scoreConfidence").get(0).asDouble(), 1e-9);
        assertEquals(10.0, t.path("primaryMetric").path("scorePercentiles").path("0.0").asDouble(), 1e-12);
        assertEquals(16.0, t.path("primaryMetric").path("scorePercentiles").path("100.0").asDouble(), 1e-12);
        assertEquals(75.0, t.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score").asDouble(), 1e-12);
        assertEquals("y.json", merged.get(2).path("params").path("file").asText());

        // the report reader sees one result with every sample
        final Path file = dir.resolve("results.json");
        JSON.writeValue(file.toFile(), merged);
        final JmhResult r = JmhResult.read(file).get(0);
        assertEquals(4, r.samples());
        assertEquals(75.0, r.allocNorm(), 1e-12);
    }

    @Test
    void shouldLeaveASingleRunUntouched()
    {
        final JsonNode only = part("a.B.temblor", "x.json", 10.0, 12.0, 1.0);
        assertEquals(List.of(only), ForkMerge.merge(List.of(only)));
    }

    private static JsonNode part(final String benchmark, final String file, final double s1, final double s2,
        final double alloc)
    {
        try
        {
            return JSON.readTree(("""
                {"benchmark":"%s","mode":"avgt","forks":1,"params":{"file":"%s"},
                 "primaryMetric":{"score":%s,"scoreError":"NaN","scoreUnit":"us/op","rawData":[[%s,%s]]},
                 "secondaryMetrics":{"gc.alloc.rate.norm":{"score":%s,"scoreError":"NaN","scoreUnit":"B/op",
                 "rawData":[[%s,%s]]}}}
                """).formatted(benchmark, file, (s1 + s2) / 2, s1, s2, alloc, alloc, alloc));
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
