package io.temblor.engine.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records are one line each, logfmt or JSON, and levels below the configured one are not written. */
class LogTest
{
    private static final Instant T = Instant.parse("2024-05-01T12:00:00.123456Z");

    @Test
    void shouldWriteLogfmtQuotingValuesThatNeedIt()
    {
        final String line = Log.format(Log.Format.LOGFMT, T, Log.Level.INFO, "connector/in", "listening",
            "address", "127.0.0.1:9898", "note", "a \"quoted\" = value\nnext", "empty", "", "n", 3);
        assertEquals("ts=2024-05-01T12:00:00.123Z level=info component=connector/in msg=listening " +
            "address=127.0.0.1:9898 note=\"a \\\"quoted\\\" = value\\nnext\" empty=\"\" n=3\n", line);
    }

    @Test
    void shouldAlwaysWriteMilliseconds()
    {
        assertTrue(Log.format(Log.Format.LOGFMT, Instant.parse("2024-05-01T12:00:00Z"), Log.Level.DEBUG, "c", "m")
            .startsWith("ts=2024-05-01T12:00:00.000Z level=debug "));
    }

    @Test
    void shouldWriteOneJsonObjectPerRecord() throws Exception
    {
        final String line = Log.format(Log.Format.JSON, T, Log.Level.ERROR, "api", "cannot listen \"here\"",
            "port", 9898, "ok", false, "error", "in use\n", "ratio", Double.NaN);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, line);
        final JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("2024-05-01T12:00:00.123Z", json.get("ts").asText());
        assertEquals("error", json.get("level").asText());
        assertEquals("api", json.get("component").asText());
        assertEquals("cannot listen \"here\"", json.get("msg").asText());
        assertEquals(9898, json.get("port").asInt());
        assertTrue(json.get("port").isInt() && json.get("ok").isBoolean());
        assertEquals("in use\n", json.get("error").asText());
        assertEquals("NaN", json.get("ratio").asText());
    }

    @Test
    void shouldSkipRecordsBelowTheLevel()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try
        {
            Log.configure(new PrintStream(bytes, true, StandardCharsets.UTF_8), Log.Format.LOGFMT, Log.Level.WARN);
            Log.info("runtime", "started");
            Log.debug("runtime", "details");
            Log.warn("runtime", "slow");
            Log.error("runtime", "failed");
            assertFalse(Log.enabled(Log.Level.INFO));
        }
        finally
        {
            Log.configure(System.err, Log.Format.LOGFMT, Log.Level.INFO);
        }
        final String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].contains(" level=warn component=runtime msg=slow"), lines[0]);
        assertTrue(lines[1].contains(" level=error component=runtime msg=failed"), lines[1]);
    }

    @Test
    void shouldParseLevelAndFormatNamesAndRejectOthers()
    {
        assertEquals(Log.Level.WARN, Log.Level.of("WARNING"));
        assertEquals(Log.Level.DEBUG, Log.Level.of("debug"));
        assertEquals(Log.Format.JSON, Log.Format.of("Json"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Log.Level.of("loud")).getMessage()
            .contains("`loud`"));
        assertThrows(IllegalArgumentException.class, () -> Log.Format.of("xml"));
    }
}
