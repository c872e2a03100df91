package io.temblor.engine.cli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher itself: standard input reaches the engine, standard error is complete when it exits (without the
 * JDK's incubator warning), and the engine's exit status comes out.
 */
class LauncherIT
{
    private static final Path ROOT = Path.of(System.getProperty("temblor.root", "..")).toAbsolutePath().normalize();

    private record Run(int code, String out, String err)
    {
    }

    private static Run run(final String stdin, final String... args) throws Exception
    {
        final String[] command = new String[args.length + 1];
        command[0] = ROOT.resolve("bin/temblor").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        final File err = File.createTempFile("temblor-err", ".txt");
        builder.redirectError(err);
        final Process process = builder.start();
        try (OutputStream in = process.getOutputStream())
        {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        final String stderr = Files.readString(err.toPath());
        Files.delete(err.toPath());
        return new Run(process.exitValue(), out, stderr);
    }

    @Test
    void shouldPassStandardInputToTheEngine() throws Exception
    {
        final Path script = Files.createTempFile("launcher", ".tremor");
        Files.writeString(script, "event + 1");
        final Run run = run("1\n2\n", "run", script.toString());
        Files.delete(script);
        assertEquals(0, run.code(), run.err());
        assertEquals("2\n3\n", run.out());
        assertFalse(run.err().contains("incubator"), run.err());
    }

    @Test
    void shouldReturnTheEnginesExitStatusWithItsCompleteErrorOutput() throws Exception
    {
        final Path script = Files.createTempFile("launcher", ".tremor");
        Files.writeString(script, "let = 1");
        final Run run = run("", "run", script.toString());
        Files.delete(script);
        assertEquals(Main.EXIT_USAGE, run.code());
        assertTrue(run.err().contains("Found the token `=`") && run.err().strip().endsWith("NOTE: Did you mean to use `$`?"),
            run.err());
        assertEquals(Main.EXIT_INVALID, run("{\"a\":", "json", "check", "-").code());
    }
}
