package io.temblor.bench.script;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled scripts and events are what the suite says they are. */
class ScriptWorkloadTest
{
    private static final Path BENCH = shared().resolve("conformance/tremor/tremor-cli/tests/bench/throughput-logging-json");

    @Test
    void shouldBundleTremorsClassificationScriptVerbatimWhenReadingTroy() throws IOException
    {
        // given: the script of `define script runtime` in the bench's main.troy, without its indentation
        final String troy = Files.readString(BENCH.resolve("main.troy"), StandardCharsets.UTF_8);
        final int start = troy.indexOf("    script\n") + "    script\n".length();
        final int end = troy.indexOf("\n    end;", start);
        final StringBuilder expected = new StringBuilder();
        for (final String line : troy.substring(start, end).split("\n", -1))
        {
            expected.append(line.startsWith("      ") ? line.substring(6) : line.strip()).append('\n');
        }

        // then
        assertEquals(expected.toString(), ScriptWorkload.CLASSIFY.tremorSource());
        assertTrue(troy.contains("file = \"data.json.xz\"") || Files.readString(shared().resolve(
            "conformance/tremor/tremor-cli/tests/lib/bench.tremor")).contains("file = \"data.json.xz\""));
    }

    @Test
    void shouldBundleTremorsBenchDataDecompressedWhenReadingXz() throws IOException, InterruptedException
    {
        // given
        final Path xz = shared().resolve("conformance/tremor/demo/data/data.json.xz");
        final Process p = new ProcessBuilder("xz", "-dc", xz.toString()).start();
        final byte[] expected = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());

        // then
        assertArrayEquals(expected, ScriptWorkload.resource(ScriptWorkload.CLASSIFY.dataResource()));
        assertEquals(100, ScriptWorkload.CLASSIFY.events().count());
    }

    @Test
    void shouldSplitEventsAtLineEndsWhenBlankLinesAndCrlfPresent()
    {
        final ScriptWorkload.Events events = ScriptWorkload.Events.of("{\"a\":1}\r\n\n  \n{\"b\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, events.count());
        assertArrayEquals(new int[]{0, 13}, events.starts());
        assertArrayEquals(new int[]{7, 7}, events.lengths());
    }

    @Test
    void shouldFindWorkloadByNameWhenKnown()
    {
        assertEquals(List.of("classify", "enrich", "dissect-kv"), ScriptWorkload.ids());
        assertEquals(ScriptWorkload.DISSECT_KV, ScriptWorkload.of("dissect-kv"));
        assertThrows(IllegalArgumentException.class, () -> ScriptWorkload.of("nope"));
    }

    private static Path shared()
    {
        return Paths.get(System.getProperty("temblor.shared", "../../shared"));
    }
}
