package io.temblor.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM through the real launcher while a flow runs (metronome every millisecond -> pipeline -> file): the process
 * ends within seconds, and every event the metronome emitted is in the file, in order, without a gap: what was
 * accepted is drained before the stop.
 */
class FlowSignalIT
{
    private static final Path ROOT = Path.of(System.getProperty("temblor.root", "..")).toAbsolutePath().normalize();

    @Test
    void shouldDrainEverythingAcceptedWhenTerminated(@TempDir final Path dir) throws Exception
    {
        final String flow = """
            define flow main
            flow
              define connector tick from metronome with config = {"interval": 1000000} end;
              define connector sink from file with config = {"path": "out.json", "mode": "truncate"} end;
              define pipeline pass pipeline select {"id": event.id} from in into out; end;
              create connector tick;
              create connector sink;
              create pipeline pass;
              connect /connector/tick to /pipeline/pass;
              connect /pipeline/pass to /connector/sink;
            end;
            """;
        Files.writeString(dir.resolve("flow.troy"), flow);
        final ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("bin/temblor").toString(), "run", "flow.troy");
        builder.directory(dir.toFile());
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        final File err = File.createTempFile("temblor-err", ".txt");
        builder.redirectError(err);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        final Process process = builder.start();
        final Path out = dir.resolve("out.json");
        // wait until events flow, then terminate
        for (int i = 0; i < 200 && (!Files.exists(out) || Files.size(out) < 1000); i++)
        {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(out) && Files.size(out) >= 1000, "events reached the file: " + Files.readString(err.toPath()));
        process.destroy();
        assertTrue(process.waitFor(15, TimeUnit.SECONDS), "stopped after SIGTERM");
        final String stderr = Files.readString(err.toPath());
        Files.delete(err.toPath());
        assertTrue(!stderr.contains("Exception"), stderr);
        final List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertTrue(lines.size() > 10, "lines: " + lines.size());
        // everything the metronome handed on was written: the summary printed at the stop says how many
        final java.util.regex.Matcher sent = java.util.regex.Pattern.compile("connector/tick sent (\\d+)").matcher(stderr);
        final java.util.regex.Matcher wrote = java.util.regex.Pattern.compile("connector/sink wrote (\\d+)").matcher(stderr);
        assertTrue(sent.find() && wrote.find(), "summary on stderr: " + stderr);
        assertEquals(Long.parseLong(sent.group(1)), Long.parseLong(wrote.group(1)), stderr);
        assertEquals(Long.parseLong(sent.group(1)), lines.size(), stderr);
        for (int i = 0; i < lines.size(); i++)
        {
            assertEquals("{\"id\":" + i + "}", lines.get(i), "line " + i + " of " + lines.size());
        }
    }
}
