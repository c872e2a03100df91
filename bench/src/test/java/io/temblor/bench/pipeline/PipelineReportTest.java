package io.temblor.bench.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temblor.bench.report.Markdown;
import io.temblor.bench.report.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds a small hand-made run (sample-run/: 150/60/25 M decisions/s at one key, 120/45/20 M at 1 000, 40/10/6 M at
 * 100 000; 0, 0 and 48 B/op) to the report and checks its tables, target, charts and the throughput section.
 */
class PipelineReportTest
{
    private static final String SAMPLE = "sample-run/";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldTabulateRatesRatiosAndAllocationPerKeyCountWhenGenerating(@TempDir final Path dir) throws Exception
    {
        // given
        copySample(dir);

        // when
        PipelineReport.generate(dir);
        final String md = Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8);

        // then
        final List<String[]> keys100k = table(md, "### 100 000 keys");
        assertEquals(List.of("Limiter", "decisions/s", "B/op", "vs Bucket4j unsynchronised", "vs Bucket4j lock-free"),
            List.of(keys100k.get(0)));
        assertEquals(List.of("temblor", "40,000,000", "0.00", "4.00x", "6.67x"), List.of(keys100k.get(1)));
        assertEquals(List.of("bucket4jUnsynchronised", "10,000,000", "0.00", "1.00x", "1.67x"), List.of(keys100k.get(2)));
        assertEquals(List.of("bucket4jLockFree", "6,000,000", "48.00", "0.60x", "1.00x"), List.of(keys100k.get(3)));
        final List<String[]> oneKey = table(md, "### 1 key");
        assertEquals(Markdown.ratio(150.0 / 60), oneKey.get(1)[3]);
        assertTrue(md.contains("16.9% of decisions refused in the steady state"));
        assertTrue(md.contains("Quick run"));
        assertTrue(md.contains("Bucket4j 8.19.0"));
    }

    @Test
    void shouldJudgeTargetAtHundredThousandKeysWhenSummarizing(@TempDir final Path dir) throws Exception
    {
        // given
        copySample(dir);

        // when
        final List<Target> targets = PipelineReport.targets(PipelineReport.summarize(dir));

        // then
        assertEquals(4, targets.size());
        assertEquals("MET", targets.get(0).verdict());
        assertEquals(List.of("NO DATA", "NO DATA", "NO DATA"),
            targets.subList(1, 4).stream().map(Target::verdict).toList(), "no throughput-logging results");
        assertTrue(targets.get(0).name().contains("3.00x Bucket4j (unsynchronised)"), targets.get(0).name());
        assertTrue(targets.get(0).detail().startsWith("4.00x"), targets.get(0).detail());
        final String md = Files.readString(write(dir), StandardCharsets.UTF_8);
        assertTrue(md.contains("| **MET** |"));
        assertTrue(PipelineReport.headline(PipelineReport.summarize(dir)).contains("vs Bucket4j unsynchronised 4.00x"));
    }

    @Test
    void shouldSayNoDataWhenHundredThousandKeysMissing(@TempDir final Path dir) throws Exception
    {
        // given
        copySample(dir);
        final ArrayNode results = (ArrayNode)MAPPER.readTree(dir.resolve("results.json").toFile());
        for (final Iterator<com.fasterxml.jackson.databind.JsonNode> it = results.iterator(); it.hasNext();)
        {
            if ("100000".equals(it.next().path("params").path("keys").asText()))
            {
                it.remove();
            }
        }
        MAPPER.writeValue(dir.resolve("results.json").toFile(), results);

        // when
        final Target target = PipelineReport.targets(PipelineReport.summarize(dir)).get(0);

        // then
        assertNull(target.met());
        assertEquals("NO DATA", target.verdict());
    }

    @Test
    void shouldSayNotMeasuredWhenThroughputBenchmarkHasNoResults(@TempDir final Path dir) throws Exception
    {
        copySample(dir);
        final String md = Files.readString(write(dir), StandardCharsets.UTF_8);
        final String section = md.substring(md.indexOf("## Throughput-logging pipeline"), md.indexOf("## Method"));
        assertTrue(section.contains("Not measured in this run"), section);
        assertTrue(section.contains("does not exist yet"), section);
        assertFalse(section.contains("|"), "no table without results");
    }

    @Test
    void shouldTabulateThroughputResultsWhenThroughputBenchmarkRan(@TempDir final Path dir) throws Exception
    {
        // given: one result of the extension point's class, as JMH would write it
        copySample(dir);
        final ArrayNode results = (ArrayNode)MAPPER.readTree(dir.resolve("results.json").toFile());
        final ObjectNode throughput = results.get(0).deepCopy();
        throughput.put("benchmark", PipelineSuite.THROUGHPUT_BENCHMARK + ".jsonDecodeEncode");
        throughput.putObject("params").put("events", "tape");
        ((ObjectNode)throughput.path("primaryMetric")).put("score", 2_500_000.0);
        ((ObjectNode)throughput.path("secondaryMetrics").path("gc.alloc.rate.norm")).put("score", 12.5);
        results.add(throughput);
        MAPPER.writeValue(dir.resolve("results.json").toFile(), results);

        // when
        final String md = Files.readString(write(dir), StandardCharsets.UTF_8);

        // then
        final List<String[]> table = table(md, "## Throughput-logging pipeline");
        assertEquals(List.of("jsonDecodeEncode", "events=tape", "2,500,000", "12.50"), List.of(table.get(1)));
        assertFalse(md.contains("Not measured in this run"));
        assertEquals(3, PipelineReport.summarize(dir).keyCounts().size(), "throughput results are not limiters");
    }

    @Test
    void shouldJudgeThroughputTargetsFromResultsWhenBothMethodsRan(@TempDir final Path dir) throws Exception
    {
        // given: tapes at 2.5 M events/s and 0 B/event, json at 400 k events/s and 20 B/event
        copySample(dir);
        final ArrayNode results = (ArrayNode)MAPPER.readTree(dir.resolve("results.json").toFile());
        results.add(throughputResult(results, "tapes", 2_500_000.0, 0.0));
        results.add(throughputResult(results, "json", 400_000.0, 20.0));
        MAPPER.writeValue(dir.resolve("results.json").toFile(), results);

        // when
        final List<Target> targets = PipelineReport.targets(PipelineReport.summarize(dir));

        // then
        assertEquals("MET", targets.get(1).verdict(), targets.get(1).detail());
        assertEquals("2,500,000 events/s", targets.get(1).detail());
        assertEquals("NOT MET", targets.get(2).verdict(), targets.get(2).detail());
        assertEquals("NOT MET", targets.get(3).verdict(), targets.get(3).detail());
        assertEquals("tapes 0.00 B/event, json 20.00 B/event", targets.get(3).detail());
        assertTrue(PipelineReport.headline(PipelineReport.summarize(dir)).contains("tapes 2,500,000 events/s"));
    }

    private static ObjectNode throughputResult(final ArrayNode results, final String method, final double score,
        final double bytes)
    {
        final ObjectNode r = results.get(0).deepCopy();
        r.put("benchmark", PipelineSuite.THROUGHPUT_BENCHMARK + "." + method);
        r.putObject("params");
        ((ObjectNode)r.path("primaryMetric")).put("score", score);
        ((ObjectNode)r.path("secondaryMetrics").path("gc.alloc.rate.norm")).put("score", bytes);
        return r;
    }

    @Test
    void shouldWriteWellFormedSvgNamingEveryKeyCountWhenGenerating(@TempDir final Path dir) throws Exception
    {
        copySample(dir);
        PipelineReport.generate(dir);
        for (final String svg : List.of("chart.svg", "alloc.svg"))
        {
            final Path path = dir.resolve(svg);
            assertNotNull(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(path.toFile()));
            final String text = Files.readString(path, StandardCharsets.UTF_8);
            for (final String group : List.of(">1 key<", ">1 000 keys<", ">100 000 keys<", ">bucket4jLockFree<"))
            {
                assertTrue(text.contains(group), svg + " names " + group);
            }
        }
    }

    private static Path write(final Path dir) throws Exception
    {
        PipelineReport.generate(dir);
        return dir.resolve("report.md");
    }

    private static void copySample(final Path dir) throws Exception
    {
        io.temblor.bench.report.ReportFixtures.copySample(PipelineReportTest.class, SAMPLE, dir);
    }

    private static List<String[]> table(final String md, final String heading)
    {
        return io.temblor.bench.report.ReportFixtures.table(md, heading);
    }
}
