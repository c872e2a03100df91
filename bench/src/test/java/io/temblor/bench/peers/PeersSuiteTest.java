package io.temblor.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A small run of the Temblor subject alone (no daemon needed): bin/temblor runs the flow pinned to one core, the
 * generator sends over TCP, every line arrives as JSON with its sequence number; and the output check finds what is
 * missing, doubled or not JSON.
 */
class PeersSuiteTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRunTemblorAloneToCompleteOutput() throws Exception
    {
        final Path home = Path.of("").toAbsolutePath().getParent();
        assumeTrue(Files.isRegularFile(home.resolve("engine/target/temblor.jar")), "engine jar not built");
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();
        final Map<String, Object> doc = PeersSuite.run(5_000, 20_000, 2, List.of("temblor"), home, dir.resolve("cache"),
            dir, new PrintStream(progress, true, StandardCharsets.UTF_8));
        final JsonNode results = new ObjectMapper().valueToTree(doc);
        final JsonNode temblor = results.path("subjects").get(0);
        assertEquals("ok", temblor.path("status").asText(), progress.toString(StandardCharsets.UTF_8));
        assertEquals(2, temblor.path("repetitions").size());
        for (final JsonNode rep : temblor.path("repetitions"))
        {
            assertEquals(0, rep.path("lost").asLong());
            assertEquals(20_000, rep.path("messages").asLong());
            assertTrue(rep.path("eventsPerSec").asDouble() > 0 && rep.path("cpuSeconds").asDouble() >= 0, rep.toString());
            assertTrue(rep.path("runQueueWaitSeconds").asDouble(-1) >= 0, rep.toString());
        }
        final JsonNode check = temblor.path("verification");
        assertTrue(check.path("complete").asBoolean(), check.toString());
        assertEquals(45_000, check.path("lines").asLong());
        assertTrue(temblor.path("peakRssBytes").asLong() > 0);
        assertTrue(temblor.path("command").asText().startsWith("taskset -c 0 "), temblor.path("command").asText());
        assertTrue(Files.readString(dir.resolve("temblor/peers.troy")).contains("tcp_server"));
        assertFalse(Files.exists(dir.resolve("temblor/out.jsonl")), "the output is removed after its check");
    }

    @Test
    void shouldFindMissingDoubledAndInvalidLines() throws Exception
    {
        final SyslogGenerator generator = new SyslogGenerator();
        final Path out = dir.resolve("out.jsonl");
        Files.writeString(out, "{\"msg\":\"a seq=0000000000\"}\n{\"msg\":\"b seq=0000000001\"}\n" +
            "{\"msg\":\"b seq=0000000001\"}\n{\"msg\":\"c seq=0000000003\"\n" + "{\"msg\":\"no number\"}\n");
        final Map<String, Object> check = PeerRunner.verify(out, 4);
        assertEquals(5L, check.get("lines"));
        assertEquals(2L, check.get("invalid"));
        assertEquals(2L, check.get("missing"));
        assertEquals(1L, check.get("duplicates"));
        assertEquals(false, check.get("complete"));
        assertTrue(check.get("firstInvalid").toString().contains("seq=0000000003"));
        Files.writeString(out, "{\"m\":" + new ObjectMapper().writeValueAsString(generator.line(0).strip()) + "}\n" +
            "{\"m\":" + new ObjectMapper().writeValueAsString(generator.line(1).strip()) + "}\n");
        assertEquals(true, PeerRunner.verify(out, 2).get("complete"));
    }

    @Test
    void shouldCountLinesAsTheyAreAppended() throws Exception
    {
        final Path out = dir.resolve("growing.jsonl");
        try (PeerRunner.LineCounter counter = new PeerRunner.LineCounter(out))
        {
            assertEquals(0, counter.count());
            Files.writeString(out, "{}\n{}\n{");
            assertEquals(2, counter.count());
            Files.writeString(out, "}\n", java.nio.file.StandardOpenOption.APPEND);
            assertEquals(3, counter.count());
        }
    }
}
