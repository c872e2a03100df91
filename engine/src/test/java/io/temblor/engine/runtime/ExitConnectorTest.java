package io.temblor.engine.runtime;

import io.temblor.script.error.CompileError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code exit} connector reads its event with the JSON parser: the top-level {@code exit} integer is the code,
 * the top-level {@code delay} (a non-negative integer) overrides {@code config.delay}; nested fields, other types and
 * non-record events are not taken for them; a bad {@code config} stops the deployment with a clear error.
 */
class ExitConnectorTest
{
    private static long runToExit(final String select, final String config, final Path dir) throws InterruptedException
    {
        final String troy = "define flow main\nflow\n" +
            "  define connector tick from metronome with config = {\"interval\": 1000000} end;\n" +
            "  define connector stop from exit" + (config.isEmpty() ? "" : " with config = " + config + " end") + ";\n" +
            "  define pipeline p pipeline select " + select + " from in into out; end;\n" +
            "  create connector tick;\n  create connector stop;\n  create pipeline p;\n" +
            "  connect /connector/tick to /pipeline/p;\n  connect /pipeline/p to /connector/stop;\nend;\n";
        final FlowRuntime runtime = new FlowRuntime(RunningFlow.compile(troy, dir), new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir);
        return runtime.run(30_000_000_000L);
    }

    @Test
    void shouldTakeTheTopLevelExitIntegerAsTheCode(@TempDir final Path dir) throws Exception
    {
        assertEquals(7, runToExit("{\"note\": \"exit\", \"inner\": {\"exit\": 9}, \"exit\": 7, \"delay\": 1000}", "",
            dir));
        assertEquals(0, runToExit("{\"inner\": {\"exit\": 9}}", "", dir));
        assertEquals(0, runToExit("{\"exit\": \"5\"}", "", dir));
        assertEquals(0, runToExit("\"bye\"", "{\"delay\": 1000, \"graceful\": false}", dir));
        assertEquals(0, runToExit("[1, 2]", "", dir));
    }

    @Test
    void shouldTakeTheEventsDelayOverTheConfiguredOne()
    {
        assertEquals(5, Connectors.Exit.delayNs(JsonConfig.parse("{\"delay\": 5}"), 100));
        assertEquals(100, Connectors.Exit.delayNs(JsonConfig.parse("{\"delay\": -5}"), 100));
        assertEquals(100, Connectors.Exit.delayNs(JsonConfig.parse("{\"delay\": 1.5}"), 100));
        assertEquals(100, Connectors.Exit.delayNs(JsonConfig.parse("{\"inner\": {\"delay\": 5}}"), 100));
        assertEquals(100, Connectors.Exit.delayNs(JsonConfig.parse("42"), 100));
        assertEquals(-3, Connectors.Exit.exitCode(JsonConfig.parse("{\"exit\": -3}")));
        assertEquals(0, Connectors.Exit.exitCode(JsonConfig.parse("{\"exit\": true}")));
        assertEquals(0, Connectors.Exit.exitCode(JsonConfig.parse("not json")));
    }

    @Test
    void shouldRejectABadConfig(@TempDir final Path dir)
    {
        final CompileError unknown = assertThrows(CompileError.class, () -> runToExit("event", "{\"dealy\": 5}", dir));
        assertTrue(unknown.getMessage().contains("unknown field `dealy` in `config`, expected `delay` or `graceful`"),
            unknown.getMessage());
        final CompileError delay = assertThrows(CompileError.class, () -> runToExit("event", "{\"delay\": \"1s\"}", dir));
        assertTrue(delay.getMessage().contains("`config.delay` must be a non-negative integer (nanoseconds), got `1s`"),
            delay.getMessage());
        final CompileError graceful = assertThrows(CompileError.class,
            () -> runToExit("event", "{\"graceful\": 1}", dir));
        assertTrue(graceful.getMessage().contains("`config.graceful` must be true or false, got `1`"),
            graceful.getMessage());
    }
}
