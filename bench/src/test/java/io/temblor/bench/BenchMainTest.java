package io.temblor.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchMainTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final BenchMain main = new BenchMain(SuiteRegistry.standard(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void shouldExitWithUsageStatusNamingKnownSuitesWhenSuiteUnknown()
    {
        assertEquals(BenchMain.EXIT_USAGE, main.run(new String[]{"jsno", "--quick"}));
        final String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("unknown suite 'jsno'"), text);
        assertTrue(text.contains("json, script, pipeline, flows, peers, all"), text);
    }

    @Test
    void shouldPrintUsageAndSucceedWhenHelpAsked()
    {
        assertEquals(BenchMain.EXIT_OK, main.run(new String[]{"--help"}));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--quick"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("  pipeline rate limiting"));
    }

    @Test
    void shouldRejectUnknownOptionAndMissingArgument()
    {
        assertEquals(BenchMain.EXIT_USAGE, main.run(new String[]{"json", "--fast"}));
        assertEquals(BenchMain.EXIT_USAGE, main.run(new String[]{"json", "--out"}));
        assertEquals(BenchMain.EXIT_USAGE, main.run(new String[0]));
    }

    @Test
    void shouldFailClearlyWhenReportDirectoryHasNoResults(@TempDir final Path dir)
    {
        assertEquals(BenchMain.EXIT_USAGE, main.run(new String[]{"report", dir.toString()}));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("results.json"));
    }

    @Test
    void shouldNarrowSuiteWhenUserIncludeGiven()
    {
        final Pattern p = Pattern.compile(BenchMain.includePattern("^io\\.temblor\\.bench\\.json\\.Json\\.", "jackson|fast"));
        assertTrue(p.matcher("io.temblor.bench.json.Json.jacksonStreaming").find());
        assertFalse(p.matcher("io.temblor.bench.json.Json.temblor").find());
        assertFalse(p.matcher("io.temblor.bench.script.Other.jacksonStreaming").find());
    }

    @Test
    void shouldNotOverwriteEarlierRunWhenNamingRunDirectory(@TempDir final Path dir) throws Exception
    {
        final Path first = BenchMain.newRunDir(dir, "abc1234", true);
        assertTrue(first.getFileName().toString().endsWith("-abc1234-quick"));
        Files.createDirectories(first);
        final Path second = BenchMain.newRunDir(dir, "abc1234", true);
        assertEquals(first.getFileName() + "-2", second.getFileName().toString());
    }

    @Test
    void shouldExpandAllToEverySuiteWhenResolving()
    {
        final SuiteRegistry registry = SuiteRegistry.standard();
        assertEquals(registry.all(), registry.resolve(List.of("all", "json")));
    }

    @Test
    void shouldInterleaveEnginesForkByForkWhenFull()
    {
        final BenchSuite json = SuiteRegistry.standard().resolve(List.of("json")).get(0);
        final List<List<String>> passes = BenchMain.schedule(json, RunSettings.of(false, Path.of("x"), null));
        final List<String> forward = List.of("temblor", "simdjsonJava", "jacksonStreaming", "fastjson2");
        final List<String> backward = List.of("fastjson2", "jacksonStreaming", "simdjsonJava", "temblor");
        assertEquals(List.of(forward, backward, forward, backward), passes);
    }

    @Test
    void shouldInterleaveOnlyTheIncludedEngines()
    {
        final BenchSuite json = SuiteRegistry.standard().resolve(List.of("json")).get(0);
        final List<List<String>> passes = BenchMain.schedule(json, RunSettings.of(false, Path.of("x"), "Java$|jackson"));
        assertEquals(4, passes.size());
        assertEquals(List.of("simdjsonJava", "jacksonStreaming"), passes.get(0));
        assertEquals(List.of("jacksonStreaming", "simdjsonJava"), passes.get(1));
    }

    @Test
    void shouldRunOneJmhRunPerRoundWhenQuickOrSingleEngine()
    {
        final BenchSuite json = SuiteRegistry.standard().resolve(List.of("json")).get(0);
        final List<String> all = new ArrayList<>();
        all.add(null);
        assertEquals(List.of(all), BenchMain.schedule(json, RunSettings.of(true, Path.of("x"), null)));
        assertEquals(List.of(all), BenchMain.schedule(json, RunSettings.of(false, Path.of("x"), "simdjsonJava")));
    }

    @Test
    void shouldInterleaveClassQualifiedMethodsWhenSuiteSpansBenchmarkClasses()
    {
        // given: the pipeline suite selects its whole package and names methods as Class.method
        final BenchSuite pipeline = SuiteRegistry.standard().resolve(List.of("pipeline")).get(0);

        // when
        final List<List<String>> passes = BenchMain.schedule(pipeline, RunSettings.of(false, Path.of("x"), null));

        // then
        final List<String> forward = List.of("RateLimitBenchmark.temblor", "RateLimitBenchmark.bucket4jUnsynchronised",
            "RateLimitBenchmark.bucket4jLockFree", "ThroughputLoggingBenchmark.tapes", "ThroughputLoggingBenchmark.json");
        assertEquals(4, passes.size());
        assertEquals(forward, passes.get(0));
        final Pattern one = Pattern.compile(pipeline.includePattern() + Pattern.quote(forward.get(0)) + "$");
        assertTrue(one.matcher("io.temblor.bench.pipeline.RateLimitBenchmark.temblor").find());
        assertFalse(one.matcher("io.temblor.bench.pipeline.RateLimitBenchmark.bucket4jLockFree").find());
    }

    @Test
    void shouldShowSuiteProgressWithAnEstimateOfTheTimeLeft()
    {
        assertEquals("temblor bench: === suite 1/4: json (elapsed 0 s, ETA unknown) ===",
            BenchMain.progress(0, 4, "json", 0));
        // two suites took 60 s: two more are estimated at 60 s
        assertEquals("temblor bench: === suite 3/4: pipeline (elapsed 60 s, ETA ~60 s) ===",
            BenchMain.progress(2, 4, "pipeline", 60_000_000_000L));
    }

    @Test
    void shouldDispatchCompareAndRejectItsBadUsage(@TempDir final Path dir)
    {
        assertEquals(BenchMain.EXIT_USAGE, main.run(new String[]{"compare", dir.toString()}));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: temblor bench compare"), err.toString());
        assertTrue(main.run(new String[]{"all", "--help"}) == BenchMain.EXIT_OK &&
            out.toString(StandardCharsets.UTF_8).contains("temblor bench compare RUN_A RUN_B"));
    }
}
