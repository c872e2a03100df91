package io.temblor.bench.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.bench.report.Markdown;
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
 * Feeds the results.json and env.json of a real quick run (sample-run/) to the report and checks its numbers against
 * ones computed here straight from the raw JMH JSON.
 */
class ScriptReportTest
{
    private static final String SAMPLE = "sample-run/";

    @Test
    void shouldPutNumbersComputedFromResultsIntoReportWhenGenerating(@TempDir final Path dir) throws Exception
    {
        // given
        copySample(dir);
        final JsonNode results = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        final Map<String, Map<String, Double>> rate = new HashMap<>();
        final Map<String, Map<String, Double>> alloc = new HashMap<>();
        for (final JsonNode r : results)
        {
            final String workload = r.path("params").path("workload").asText();
            final String benchmark = r.path("benchmark").asText();
            final String engine = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            assertEquals("ops/s", r.path("primaryMetric").path("scoreUnit").asText());
            rate.computeIfAbsent(workload, k -> new HashMap<>()).put(engine, r.path("primaryMetric").path("score").asDouble());
            alloc.computeIfAbsent(workload, k -> new HashMap<>())
                .put(engine, r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score").asDouble());
        }
        assertEquals(3, rate.size());

        // when
        ScriptReport.generate(dir);
        final String md = Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8);

        // then
        final List<String[]> throughput = table(md, "## Throughput");
        final List<String> header = List.of(throughput.get(0));
        for (final Map.Entry<String, Map<String, Double>> workload : rate.entrySet())
        {
            final String[] row = row(throughput, workload.getKey());
            final Map<String, Double> engines = workload.getValue();
            for (final Map.Entry<String, Double> engine : engines.entrySet())
            {
                final String cell = row[header.indexOf(engine.getKey())];
                assertTrue(cell.startsWith(ScriptReport.rate(engine.getValue())), workload.getKey() + " " + cell);
            }
            assertEquals(Markdown.ratio(engines.get("temblor") / engines.get("jslt")), row[header.indexOf("temblor / jslt")]);
            assertEquals(Markdown.ratio(engines.get("temblor") / engines.get("jacksonHandwritten")),
                row[header.indexOf("temblor / jacksonHandwritten")]);
        }
        final List<String[]> allocation = table(md, "## Allocation");
        final List<String> allocHeader = List.of(allocation.get(0));
        for (final Map.Entry<String, Map<String, Double>> workload : alloc.entrySet())
        {
            final String[] row = row(allocation, workload.getKey());
            for (final Map.Entry<String, Double> engine : workload.getValue().entrySet())
            {
                assertEquals(Markdown.bytes(engine.getValue()), row[allocHeader.indexOf(engine.getKey())]);
            }
        }
        assertTrue(md.contains("Quick run"));
        assertTrue(md.contains("match event.application of"), "the scripts as run are shown");
    }

    @Test
    void shouldJudgeTargetsFromTemblorNumbersWhenSummarizing(@TempDir final Path dir) throws Exception
    {
        copySample(dir);
        final ScriptReport.Summary s = ScriptReport.summarize(dir);
        final List<Target> targets = ScriptReport.targets(s);
        assertEquals(3, targets.size());
        boolean vsJslt = true;
        boolean vsJackson = true;
        for (int w = 0; w < s.workloads().size(); w++)
        {
            vsJslt &= s.ratio(w, "temblor", "jslt") >= ScriptReport.TARGET_VS_JSLT;
            vsJackson &= s.ratio(w, "temblor", "jacksonHandwritten") >= ScriptReport.TARGET_VS_JACKSON;
        }
        boolean alloc = true;
        for (final String workload : ScriptReport.ALLOC_WORKLOADS)
        {
            alloc &= s.value(s.alloc(), s.workloads().indexOf(workload), "temblor") <= ScriptReport.TARGET_ALLOC_BYTES;
        }
        assertEquals(vsJslt, targets.get(0).met());
        assertEquals(vsJackson, targets.get(1).met());
        assertEquals(alloc, targets.get(2).met());
        assertFalse(ScriptReport.headline(s).isEmpty());
    }

    @Test
    void shouldWriteWellFormedSvgNamingEveryWorkloadWhenGenerating(@TempDir final Path dir) throws Exception
    {
        copySample(dir);
        ScriptReport.generate(dir);
        for (final String svg : List.of("chart.svg", "alloc.svg"))
        {
            final Path path = dir.resolve(svg);
            assertNotNull(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(path.toFile()));
            final String text = Files.readString(path, StandardCharsets.UTF_8);
            for (final String workload : ScriptWorkload.ids())
            {
                assertTrue(text.contains(">" + workload + "<"), svg + " names " + workload);
            }
        }
    }

    private static void copySample(final Path dir) throws Exception
    {
        io.temblor.bench.report.ReportFixtures.copySample(ScriptReportTest.class, SAMPLE, dir);
    }

    private static List<String[]> table(final String md, final String heading)
    {
        return io.temblor.bench.report.ReportFixtures.table(md, heading);
    }

    private static String[] row(final List<String[]> table, final String name)
    {
        return table.stream().filter(r -> r[0].equals(name)).findFirst().orElseThrow(() -> new AssertionError("no row " + name));
    }
}
