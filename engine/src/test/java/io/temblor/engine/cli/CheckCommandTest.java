package io.temblor.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckCommandTest
{
    @TempDir
    Path dir;

    private record Result(int status, String out, String err)
    {
    }

    private static Result check(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final String[] all = new String[args.length + 1];
        all[0] = "check";
        System.arraycopy(args, 0, all, 1, args.length);
        final int status = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(final String name, final String text) throws IOException
    {
        final Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void shouldExitZeroWhenEveryKindOfFileCompiles() throws IOException
    {
        // given
        final Path script = write("a.tremor", "event.a + 1");
        final Path query = write("b.trickle", "select event from in into out;");
        final String troy = """
            define flow main
            flow
              use tremor::connectors;
              use tremor::pipelines;
              create connector console from connectors::console;
              create pipeline pass from pipelines::passthrough;
              connect /connector/console to /pipeline/pass;
              connect /pipeline/pass to /connector/console;
            end;
            deploy flow main;
            """;
        final Path deploy = write("c.troy", troy);
        // when
        final Result r = check(script.toString(), query.toString(), deploy.toString());
        // then
        assertEquals(Main.EXIT_OK, r.status(), r.err());
        assertEquals(script + ": ok\n" + query + ": ok\n" + deploy + ": ok\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void shouldExitTwoAndPrintTheRenderedErrorWhenAFileDoesNotCompile() throws IOException
    {
        // given
        final Path good = write("good.trickle", "select event from in into out;");
        final Path bad = write("bad.troy", "deploy flow broken from snot::badger\n");
        // when
        final Result r = check(good.toString(), bad.toString());
        // then
        assertEquals(Main.EXIT_USAGE, r.status());
        assertEquals(good + ": ok\n" + bad + ": error\n", r.out());
        final String expected = bad + ":\nError: \n" +
            "    1 | deploy flow broken from snot::badger\n" +
            "      |             ^^^^^^ Artefact `snot::badger` is not defined or not found, the following are defined:\n";
        assertEquals(expected, r.err());
    }

    @Test
    void shouldFindModulesNextToTheFile() throws IOException
    {
        // given
        write("defs.troy", "define pipeline id pipeline select event from in into out; end;\n");
        final Path deploy = write("main.troy", "define flow f flow use defs; create pipeline p from defs::id; end;\n" +
            "deploy flow f;\n");
        // when
        final Result r = check(deploy.toString());
        // then
        assertEquals(Main.EXIT_OK, r.status(), r.err());
    }

    @Test
    void shouldWarnAboutConnectorTypesTremorDoesNotKnow() throws IOException
    {
        // given
        final Path deploy = write("w.troy", "define flow f flow define connector c from nope; end;\n");
        // when
        final Result r = check(deploy.toString());
        // then
        assertEquals(Main.EXIT_OK, r.status());
        assertTrue(r.err().contains("Unknown connector type `nope`"), r.err());
    }

    @Test
    void shouldExitTwoWithUsageWhenNoFileIsGiven()
    {
        final Result r = check();
        assertEquals(Main.EXIT_USAGE, r.status());
        assertTrue(r.err().startsWith("usage: temblor check"), r.err());
    }

    @Test
    void shouldRejectUnknownFileTypesAndUnreadableFiles() throws IOException
    {
        final Path other = write("x.json", "{}");
        final Result r = check(other.toString(), dir.resolve("missing.troy").toString());
        assertEquals(Main.EXIT_USAGE, r.status());
        assertEquals(other + ": error\n" + dir.resolve("missing.troy") + ": error\n", r.out());
        assertTrue(r.err().contains("unknown file type"), r.err());
        assertTrue(r.err().contains("cannot read"), r.err());
    }
}
