package io.temblor.bench.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.bench.report.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds a results.json and env.json recorded by a real quick run (sample-run/) to the generator and checks the
 * report's numbers against ones computed here straight from the raw JMH JSON.
 */
class ReportGeneratorTest
{
    private static final String SAMPLE = "sample-run/";

    @Test
    void shouldPutNumbersComputedFromResultsIntoReportWhenGenerating(@TempDir final Path dir) throws Exception
    {
        // given
        copySample(dir);
        final ObjectMapper mapper = new ObjectMapper();
        final JsonNode results = mapper.readTree(dir.resolve("results.json").toFile());
        final JsonNode env = mapper.readTree(dir.resolve("env.json").toFile());
        final Map<String, Map<String, Double>> gbps = new HashMap<>();
        final Map<String, Map<String, Double>> alloc = new HashMap<>();
        for (final JsonNode r : results)
        {
            final String file = r.path("params").path("file").asText();
            final String benchmark = r.path("benchmark").asText();
            final String parser = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            assertEquals("us/op", r.path("primaryMetric").path("scoreUnit").asText());
            final double nanos = r.path("primaryMetric").path("score").asDouble() * 1000;
            final long bytes = env.path("inputs").path("files").path(file).path("bytes").asLong();
            gbps.computeIfAbsent(file, k -> new HashMap<>()).put(parser, bytes / nanos);
            alloc.computeIfAbsent(file, k -> new HashMap<>())
                .put(parser, r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score").asDouble());
        }
        assertFalse(gbps.isEmpty());

        // when
        ReportGenerator.generate(dir);
        final String md = Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8);

        // then
        final List<String[]> throughput = table(md, "## Throughput");
        final List<String> header = List.of(throughput.get(0));
        for (final Map.Entry<String, Map<String, Double>> file : gbps.entrySet())
        {
            final String[] row = row(throughput, file.getKey());
            for (final Map.Entry<String, Double> parser : file.getValue().entrySet())
            {
                final String cell = row[header.indexOf(parser.getKey())];
                assertTrue(cell.startsWith(ReportGenerator.gbps(parser.getValue())),
                    file.getKey() + " " + parser.getKey() + ": " + cell + " vs " + parser.getValue());
            }
            assertEquals(expectedRatio(file.getValue(), "simdjsonJava"), row[header.indexOf("temblor / simdjsonJava")]);
            assertEquals(expectedRatio(file.getValue(), "jacksonStreaming"), row[header.indexOf("temblor / jacksonStreaming")]);
        }
        final List<String[]> allocation = table(md, "## Allocation");
        final List<String> allocHeader = List.of(allocation.get(0));
        for (final Map.Entry<String, Map<String, Double>> file : alloc.entrySet())
        {
            final String[] row = row(allocation, file.getKey());
            for (final Map.Entry<String, Double> parser : file.getValue().entrySet())
            {
                assertEquals(ReportGenerator.bytes(parser.getValue()), row[allocHeader.indexOf(parser.getKey())]);
            }
        }
        assertTrue(md.contains(env.path("git").path("commit").asText()));
        assertTrue(md.contains(env.path("cpu").path("model").asText()));
    }

    @Test
    void shouldComputeRatiosFromThroughputWhenSummarizing(@TempDir final Path dir) throws Exception
    {
        copySample(dir);
        final ReportGenerator.Summary s = ReportGenerator.summarize(dir);
        final int simdjson = s.parsers().indexOf("simdjsonJava");
        final int jackson = s.parsers().indexOf("jacksonStreaming");
        for (int f = 0; f < s.files().size(); f++)
        {
            final double expected = s.gbps()[f][simdjson] / s.gbps()[f][jackson];
            assertEquals(expected, s.ratio(f, "simdjsonJava", "jacksonStreaming"), expected * 1e-12);
        }
        assertEquals(Double.NaN, s.ratio(0, "simdjsonJava", "noSuchParser"));
    }

    @Test
    void shouldJudgeTargetsFromTemblorNumbersWhenSummarizing(@TempDir final Path dir) throws Exception
    {
        copySample(dir);
        final ReportGenerator.Summary s = ReportGenerator.summarize(dir);
        final List<Target> targets = ReportGenerator.targets(s);
        assertEquals(3, targets.size());
        final int temblor = s.parsers().indexOf("temblor");
        if (temblor < 0)
        {
            targets.forEach(t -> assertEquals("NO DATA", t.verdict(), t.name()));
            return;
        }
        boolean allocMet = true;
        for (int f = 0; f < s.files().size(); f++)
        {
            allocMet &= s.alloc()[f][temblor] <= ReportGenerator.TARGET_ALLOC_BYTES;
        }
        assertEquals(allocMet, targets.get(2).met());
    }

    @Test
    void shouldWriteWellFormedSvgNamingEveryFileWhenGenerating(@TempDir final Path dir) throws Exception
    {
        copySample(dir);
        ReportGenerator.generate(dir);
        for (final String svg : List.of("chart.svg", "alloc.svg"))
        {
            final Path path = dir.resolve(svg);
            assertNotNull(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(path.toFile()));
            final String text = Files.readString(path, StandardCharsets.UTF_8);
            for (final String file : ReportGenerator.summarize(dir).files())
            {
                assertTrue(text.contains(">" + file + "<"), svg + " names " + file);
            }
        }
    }

    private static String expectedRatio(final Map<String, Double> parsers, final String other)
    {
        final Double temblor = parsers.get("temblor");
        final Double peer = parsers.get(other);
        return temblor == null || peer == null ? "n/a" : ReportGenerator.ratio(temblor / peer);
    }

    private static void copySample(final Path dir) throws Exception
    {
        io.temblor.bench.report.ReportFixtures.copySample(ReportGeneratorTest.class, SAMPLE, dir);
    }

    private static List<String[]> table(final String md, final String heading)
    {
        return io.temblor.bench.report.ReportFixtures.table(md, heading);
    }

    private static String[] row(final List<String[]> table, final String file)
    {
        return table.stream().filter(r -> r[0].equals(file)).findFirst().orElseThrow(() -> new AssertionError("no row " + file));
    }
}
