package io.temblor.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's main command, {@code bin/temblor run samples/rate-limit.trickle -i samples/logs.ndjson}, through the
 * real launcher: every one of the 500 bundled events comes out once, tagged with its class and the limiter's decision,
 * each app passing at most its class's rate, and nothing on standard error.
 */
class SampleQueryIT
{
    private static final Path ROOT = Path.of(System.getProperty("temblor.root", "..")).toAbsolutePath().normalize();

    @Test
    void shouldRateLimitTheBundledSampleAsTheReadmeSays() throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("bin/temblor").toString(), "run",
            ROOT.resolve("samples/rate-limit.trickle").toString(), "-i", ROOT.resolve("samples/logs.ndjson").toString());
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        final File err = File.createTempFile("temblor-err", ".txt");
        builder.redirectError(err);
        final Process process = builder.start();
        final String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        final String stderr = Files.readString(err.toPath());
        Files.delete(err.toPath());
        assertEquals(0, process.exitValue(), stderr);
        assertEquals("", stderr.strip());

        final ObjectMapper json = new ObjectMapper();
        final Map<String, Integer> passedPerClassAndApp = new HashMap<>();
        final Map<String, Integer> actions = new HashMap<>();
        final String[] lines = stdout.strip().split("\n");
        assertEquals(500, lines.length);
        for (final String line : lines)
        {
            final JsonNode event = json.readTree(line);
            final String action = event.get("_action").asText();
            actions.merge(action, 1, Integer::sum);
            if ("pass".equals(action))
            {
                passedPerClassAndApp.merge(event.get("_class").asText() + "/" + event.get("app").asText(), 1, Integer::sum);
            }
        }
        assertTrue(actions.getOrDefault("pass", 0) > 0 && actions.getOrDefault("overflow", 0) > 0, actions.toString());
        final Map<String, Integer> rates = Map.of("errors", 1000, "server_errors", 20, "debug", 2, "default", 10);
        passedPerClassAndApp.forEach((key, passed) ->
            assertTrue(passed <= rates.get(key.substring(0, key.indexOf('/'))), key + " passed " + passed));
    }

    @Test
    void shouldRunTheBundledFlowToItsEndWithLiveCounters() throws Exception
    {
        // the README's first command, from the project's folder
        final ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("bin/temblor").toString(), "run",
            "samples/rate-limit.troy", "--stats", "1", "--no-api");
        builder.directory(ROOT.toFile());
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        final File err = File.createTempFile("temblor-err", ".txt");
        builder.redirectError(err);
        final Process process = builder.start();
        final String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        final String stderr = Files.readString(err.toPath());
        Files.delete(err.toPath());
        assertEquals(0, process.exitValue(), stderr);

        // per-second counts by class and action: every class both passes and overflows (the generator sends 1 000
        // events a second over 16 samples), and no class passes more than its rate for each of its apps in any second
        // (a summary window is one second, but not aligned with the bucket's: it may span two of the bucket's)
        final Map<String, Integer> rates = Map.of("errors", 1000, "server_errors", 20, "debug", 2, "default", 10);
        final Map<String, Integer> apps = Map.of("errors", 2, "server_errors", 2, "debug", 4, "default", 5);
        final ObjectMapper json = new ObjectMapper();
        final Map<String, Integer> seen = new java.util.HashMap<>();
        int total = 0;
        for (final String line : stdout.strip().split("\n"))
        {
            final JsonNode row = json.readTree(line);
            final String key = row.get("class").asText() + "/" + row.get("action").asText();
            final int events = row.get("events").asInt();
            assertTrue(events > 0, line);
            seen.merge(key, 1, Integer::sum);
            total += events;
            if ("pass".equals(row.get("action").asText()))
            {
                final String cls = row.get("class").asText();
                assertTrue(events <= 2 * rates.get(cls) * apps.get(cls), line);
            }
        }
        assertTrue(seen.keySet().containsAll(java.util.List.of("errors/pass", "default/pass", "default/overflow",
            "debug/pass", "debug/overflow", "server_errors/pass", "server_errors/overflow")), seen.toString());
        assertTrue(total >= 3000, "events counted in closed windows: " + total);

        // live counters on stderr: one line a second, the tick source's count growing
        final java.util.regex.Matcher live = java.util.regex.Pattern.compile("temblor: live [0-9.]+s connector/tick out (\\d+)")
            .matcher(stderr);
        long previous = -1;
        int lines = 0;
        while (live.find())
        {
            final long n = Long.parseLong(live.group(1));
            assertTrue(n > previous, stderr);
            previous = n;
            lines++;
        }
        assertTrue(lines >= 3, stderr);
        assertTrue(stderr.contains("temblor: stopped; connector/tick sent "), stderr);
    }
}
