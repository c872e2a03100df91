package io.temblor.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JmhResultTest
{
    @Test
    void shouldConvertAverageTimeAndThroughputToNanosPerOp()
    {
        assertEquals(2500.0, result(2.5, "us/op").nsPerOp(), 1e-9);
        assertEquals(3e6, result(3, "ms/op").nsPerOp(), 1e-9);
        assertEquals(1e9 / 400, result(400, "ops/s").nsPerOp(), 1e-9);
        assertEquals(Double.NaN, result(1, "B/op").nsPerOp());
    }

    @Test
    void shouldReadScoresParamsAndAllocationWhenParsingJmhJson(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("results.json");
        Files.writeString(file, """
            [{"benchmark":"a.B.temblor","mode":"avgt","params":{"file":"x.json"},
              "primaryMetric":{"score":12.5,"scoreError":"NaN","scoreUnit":"us/op","rawData":[[12.0,13.0],[12.5]]},
              "secondaryMetrics":{"\u00b7gc.alloc.rate.norm":{"score":8.0,"scoreError":1.0,"scoreUnit":"B/op"}}}]
            """);
        final List<JmhResult> results = JmhResult.read(file);
        assertEquals(1, results.size());
        final JmhResult r = results.get(0);
        assertEquals("temblor", r.method());
        assertEquals(Map.of("file", "x.json"), r.params());
        assertEquals(12_500.0, r.nsPerOp(), 1e-9);
        assertEquals(Double.NaN, r.scoreError());
        assertEquals(8.0, r.allocNorm());
        assertEquals(3, r.samples());
    }

    private static JmhResult result(final double score, final String unit)
    {
        return new JmhResult("b.m", "m", "avgt", Map.of(), score, 0, unit, Double.NaN, Double.NaN, 1);
    }
}
