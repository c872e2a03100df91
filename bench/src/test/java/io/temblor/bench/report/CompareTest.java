package io.temblor.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench compare}: two synthetic runs of one suite; a change beyond the measured noise is flagged (a
 * regression or an improvement, by the metric's direction), a change inside it is not, and the exit status follows
 * {@code --fail-on-regression}.
 */
class CompareTest
{
    /** One JMH result: benchmark, mode, score, its 99.9% error, and allocation per op with its error. */
    private static String jmh(final String benchmark, final String mode, final double score, final double error,
        final double alloc)
    {
        return String.format(Locale.ROOT, """
            {"benchmark": "io.temblor.bench.x.%s", "mode": "%s", "params": {"file": "a.json"},
             "primaryMetric": {"score": %s, "scoreError": %s, "scoreUnit": "%s", "rawData": [[1, 2, 3]]},
             "secondaryMetrics": {"gc.alloc.rate.norm": {"score": %s, "scoreError": "NaN", "scoreUnit": "B/op"}}}
            """, benchmark, mode, score, error, "thrpt".equals(mode) ? "ops/s" : "us/op", alloc);
    }

    private static Path run(final Path root, final String name, final String suite, final String results)
        throws IOException
    {
        final Path dir = root.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("env.json"), "{\"suite\": \"" + suite + "\"}");
        Files.writeString(dir.resolve("results.json"), results);
        return dir;
    }

    private static Compare.Row find(final List<Compare.Row> rows, final String benchmark, final String metric)
    {
        return rows.stream().filter(r -> r.benchmark().startsWith(benchmark) && r.metric().startsWith(metric))
            .findFirst().orElseThrow(() -> new AssertionError("no row " + benchmark + " " + metric + " in " + rows));
    }

    @Test
    void shouldFlagChangesBeyondTheJmhErrorIntervalsOnly(@TempDir final Path tmp) throws IOException
    {
        // given: throughput "slow" falls 30% with errors of 2% (beyond noise), "noisy" falls 10% with errors of 8%
        // each (intervals overlap: within noise), and average time "fast" drops 50% (an improvement when lower)
        final Path a = run(tmp, "a", "json", "[" + jmh("Bench.slow", "thrpt", 1000, 20, 10) + "," +
            jmh("Bench.noisy", "thrpt", 1000, 80, 10) + "," + jmh("Bench.fast", "avgt", 10, 0.1, 10) + "]");
        final Path b = run(tmp, "b", "json", "[" + jmh("Bench.slow", "thrpt", 700, 14, 10) + "," +
            jmh("Bench.noisy", "thrpt", 900, 72, 10) + "," + jmh("Bench.fast", "avgt", 5, 0.05, 30) + "]");

        // when
        final List<Compare.Row> rows = Compare.compare(a, b);

        // then
        final Compare.Row slow = find(rows, "Bench.slow", "score");
        assertEquals(Compare.REGRESSION, slow.verdict());
        assertEquals(-30.0, slow.changePct(), 1e-9);
        assertTrue(slow.measured());
        assertEquals(3.4, slow.noisePct(), 1e-9);
        final Compare.Row noisy = find(rows, "Bench.noisy", "score");
        assertEquals(Compare.WITHIN_NOISE, noisy.verdict());
        assertEquals(-10.0, noisy.changePct(), 1e-9);
        assertEquals(Compare.IMPROVEMENT, find(rows, "Bench.fast", "score").verdict());
        // allocation has no interval: judged against the assumed noise; 10 -> 30 B/op is a regression
        final Compare.Row alloc = find(rows, "Bench.fast", "gc.alloc.rate.norm");
        assertFalse(alloc.measured());
        assertEquals(Compare.REGRESSION, alloc.verdict());
        assertEquals(Compare.WITHIN_NOISE, find(rows, "Bench.slow", "gc.alloc.rate.norm").verdict());
        assertTrue(slow.benchmark().contains("file=a.json"), slow.benchmark());
    }

    /** A peers subject with repetitions of events/s (CPU s/GB fixed at 10). */
    private static String subject(final String name, final double... eventsPerSec)
    {
        final StringBuilder reps = new StringBuilder();
        for (final double e : eventsPerSec)
        {
            reps.append(reps.isEmpty() ? "" : ",").append(String.format(Locale.ROOT,
                "{\"eventsPerSec\": %s, \"cpuSecondsPerGb\": 10.0}", e));
        }
        return "{\"subject\": \"" + name + "\", \"repetitions\": [" + reps + "]}";
    }

    @Test
    void shouldCompareMediansOfPeersRepetitionsAgainstTheirSpread(@TempDir final Path tmp) throws IOException
    {
        final Path a = run(tmp, "a", "peers", "{\"subjects\": [" + subject("temblor", 500, 600, 700) + "," +
            subject("rsyslog", 100, 150, 200) + "]}");
        final Path b = run(tmp, "b", "peers", "{\"subjects\": [" + subject("temblor", 300, 310, 320) + "," +
            subject("rsyslog", 120, 160, 210) + "]}");
        final List<Compare.Row> rows = Compare.compare(a, b);
        // temblor: medians 600 -> 310, spreads 100 + 10: beyond the noise, slower
        assertEquals(Compare.REGRESSION, find(rows, "temblor", "events/s").verdict());
        // rsyslog: medians 150 -> 160 within spreads 50 + 45
        assertEquals(Compare.WITHIN_NOISE, find(rows, "rsyslog", "events/s").verdict());
        assertEquals(Compare.WITHIN_NOISE, find(rows, "temblor", "CPU s/GB").verdict());
    }

    @Test
    void shouldWriteTheComparisonAndFailOnlyWhenAsked(@TempDir final Path tmp) throws IOException
    {
        // given: a flows run whose events/s fell 40% (beyond the assumed noise) and whose p99 moved 5% (within)
        final Path a = run(tmp, "a", "flows", """
            {"flows": [{"flow": "passthrough", "status": "ok", "eventsPerSec": 1000000, "p99Ns": 100000}]}""");
        final Path b = run(tmp, "b", "flows", """
            {"flows": [{"flow": "passthrough", "status": "ok", "eventsPerSec": 600000, "p99Ns": 105000}]}""");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        final PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        // when / then: exit 0 by default, 1 with --fail-on-regression
        assertEquals(0, Compare.run(List.of(a.toString(), b.toString()), o, e), err.toString());
        assertEquals(1, Compare.run(List.of(a.toString(), b.toString(), "--fail-on-regression"), o, e));
        final String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("REGRESSION") && table.contains("-40.0%"), table);
        final String md = Files.readString(b.resolve("compare.md"));
        assertTrue(md.contains("| passthrough | events/s | 1,000,000 | 600,000 | -40.0% | ±10.0% (assumed) | " +
            "**REGRESSION** |"), md);
        assertTrue(md.contains("| passthrough | p99 ns | 100,000 | 105,000 | +5.0% | ±10.0% (assumed) | within noise |"),
            md);
        final JsonNode json = new ObjectMapper().readTree(b.resolve("compare.json").toFile());
        assertEquals("REGRESSION", json.path("rows").get(0).path("verdict").asText());
        assertEquals(-40.0, json.path("rows").get(0).path("changePercent").asDouble(), 1e-9);
    }

    @Test
    void shouldRefuseRunsOfDifferentSuitesAndFoldersThatAreNotRuns(@TempDir final Path tmp) throws IOException
    {
        final Path a = run(tmp, "a", "json", "[]");
        final Path b = run(tmp, "b", "flows", "{\"flows\": []}");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        final PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertEquals(2, Compare.run(List.of(a.toString(), b.toString()), o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("different suites"), err.toString());
        assertEquals(2, Compare.run(List.of(a.toString(), tmp.resolve("nope").toString()), o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not a run folder"), err.toString());
        assertEquals(2, Compare.run(List.of(a.toString()), o, e));
        assertFalse(Files.exists(b.resolve("compare.md")));
    }
}
