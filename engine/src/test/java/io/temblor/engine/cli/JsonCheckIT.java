package io.temblor.engine.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSONTestSuite through the real launcher, {@code bin/temblor json check}, once per SIMD width: y_ files all "ok"
 * (exit 0), n_ files all "error: ... at byte N" (exit 1), i_ files either, never a stack trace.
 */
class JsonCheckIT
{
    private static final Path ROOT = Path.of(System.getProperty("temblor.root", "..")).toAbsolutePath().normalize();

    record Result(int code, List<String> lines, String stderr)
    {
    }

    @ParameterizedTest
    @ValueSource(strings = {"512", "256", "scalar"})
    void shouldAcceptEveryYesFile(final String width) throws Exception
    {
        final List<Path> files = suite("y_");
        final Result result = check(width, files);

        assertEquals(0, result.code(), result.stderr());
        assertEquals(files.size(), result.lines().size());
        for (int i = 0; i < files.size(); i++)
        {
            assertEquals(files.get(i) + ": ok", result.lines().get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"512", "256", "scalar"})
    void shouldRejectEveryNoFileWithMessageAndOffset(final String width) throws Exception
    {
        final List<Path> files = suite("n_");
        final Result result = check(width, files);

        assertEquals(1, result.code(), result.stderr());
        assertEquals(files.size(), result.lines().size());
        for (int i = 0; i < files.size(); i++)
        {
            final String line = result.lines().get(i);
            assertTrue(line.startsWith(files.get(i) + ": error: ") && line.matches(".* at byte \\d+.*"), line);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"512", "256", "scalar"})
    void shouldAnswerEveryImplementationDefinedFileWithoutCrashing(final String width) throws Exception
    {
        final List<Path> files = suite("i_");
        final Result result = check(width, files);

        assertTrue(result.code() == 0 || result.code() == 1, result.stderr());
        assertEquals(files.size(), result.lines().size());
        for (int i = 0; i < files.size(); i++)
        {
            final String line = result.lines().get(i);
            assertTrue(line.equals(files.get(i) + ": ok") || line.startsWith(files.get(i) + ": error: "), line);
        }
    }

    private static List<Path> suite(final String prefix) throws IOException
    {
        final Path dir = Path.of(System.getProperty("temblor.shared", ROOT.resolve("../shared").toString()))
            .resolve("data/JSONTestSuite/test_parsing");
        try (Stream<Path> list = Files.list(dir))
        {
            return list.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    private static Result check(final String width, final List<Path> files) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("bin/temblor").toString());
        command.add("json");
        command.add("check");
        files.forEach(f -> command.add(f.toString()));
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        builder.environment().put("TEMBLOR_JAVA_OPTS", "-Dtemblor.simd.width=" + width);
        final File stderr = File.createTempFile("temblor-err", ".txt");
        builder.redirectError(stderr);
        final Process process = builder.start();
        final String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "bin/temblor json check timed out");
        final String err = Files.readString(stderr.toPath());
        Files.delete(stderr.toPath());
        assertFalse(err.contains("Exception") || err.contains("\tat "), "stack trace on stderr: " + err);
        return new Result(process.exitValue(), stdout.isEmpty() ? List.of() : List.of(stdout.split("\n")), err);
    }
}
