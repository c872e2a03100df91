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
    void shouldRunTheBundledFlowToItsEnd() throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("bin/temblor").toString(), "run",
            "samples/rate-limit.troy");
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
        final String[] lines = stdout.strip().split("\n");
        assertEquals(500, lines.length);
        final ObjectMapper json = new ObjectMapper();
        for (final String line : lines)
        {
            final String action = json.readTree(line).get("_action").asText();
            assertTrue("pass".equals(action) || "overflow".equals(action), line);
        }
        assertTrue(stderr.contains("connector/logs sent 500, connector/console wrote 500"), stderr);
    }
}
