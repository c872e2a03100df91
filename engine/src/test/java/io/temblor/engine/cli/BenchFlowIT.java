package io.temblor.engine.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tremor's bench flows of issue 5 (bar 3), unchanged, each through the real launcher from its own folder with
 * {@code --path ../../lib} (as Tremor's bench runner starts them) and a 1 s warm-up and 2 s run: each prints the bench
 * report with both throughput lines, events counted, and the latency distribution, then exits 0 on its own.
 */
class BenchFlowIT
{
    private static final Path ROOT = Path.of(System.getProperty("temblor.root", "..")).toAbsolutePath().normalize();
    private static final Path BENCH = Path.of(System.getProperty("temblor.shared", "../../shared"), "conformance",
        "tremor", "tremor-cli", "tests", "bench").toAbsolutePath().normalize();

    @ParameterizedTest
    @CsvSource({
        "passthrough, config.troy",
        "passthrough-json, config.troy",
        "passthrough-influx, config.troy",
        "passthrough-msgpack, config.troy",
        "throughput-logging-json, main.troy",
        "throughput-tcp-json, main.troy",
        "throughput-logging-tcp-json, main.troy"})
    void shouldRunTremorsBenchFlowUnchangedAndReportThroughput(final String flow, final String file) throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("bin/temblor").toString(), "run", file,
            "--path", "../../lib", "--no-api").directory(BENCH.resolve(flow).toFile());
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        builder.environment().put("TEMBLOR_BENCH_SECONDS", "1,2");
        final File err = File.createTempFile("temblor-err", ".txt");
        builder.redirectError(err);
        final Process process = builder.start();
        final String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the bench did not stop");
        final String stderr = Files.readString(err.toPath());
        Files.delete(err.toPath());
        assertEquals(0, process.exitValue(), stderr);

        final Matcher data = Pattern.compile("(?m)^Throughput {3}\\(data\\): ([0-9.]+) MB/s$").matcher(stdout);
        final Matcher events = Pattern.compile("(?m)^Throughput \\(events\\): ([0-9.]+)k events/s$").matcher(stdout);
        assertTrue(data.find() && Double.parseDouble(data.group(1)) > 0, stdout);
        assertTrue(events.find() && Double.parseDouble(events.group(1)) > 0, stdout);
        final Matcher count = Pattern.compile("Total count += +(\\d+)]").matcher(stdout);
        assertTrue(count.find() && Long.parseLong(count.group(1)) > 0, stdout);
        assertTrue(stdout.contains("Value Percentile TotalCount 1/(1-Percentile)"), stdout);
        assertTrue(stdout.contains("GC (measured period): "), stdout);
    }
}
