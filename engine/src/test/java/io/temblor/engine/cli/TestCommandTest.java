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

class TestCommandTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return TestCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldPassAndWriteReportWhenAllUnitTestsPass() throws IOException
    {
        Files.writeString(dir.resolve("ok.tremor"), "use std::test;\ntest::suite({\"name\": \"s\", \"tests\": [\n" +
            "  test::test({\"name\": \"t\", \"test\": test::assert(\"t\", [1, {\"a\": 2}], [1, {\"a\": 2}])})\n]});\n");
        final Path report = dir.resolve("r/report.xml");
        assertEquals(Main.EXIT_OK, run("unit", dir.toString(), "--report", report.toString()), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("1 passed, 0 failed\n"), out.toString());
        assertTrue(Files.readString(report).contains("<testcase classname=\"s\" name=\"t\""));
    }

    @Test
    void shouldFailWhenNoTestRan() throws IOException
    {
        Files.writeString(dir.resolve("helper.tremor"), "fn f() with 1 end;\n");
        assertEquals(Main.EXIT_INVALID, run("unit", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no test ran"), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("0 passed, 0 failed\n"), out.toString());
    }

    @Test
    void shouldExplainUsageErrors()
    {
        assertEquals(Main.EXIT_USAGE, run("unit"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("missing PATH"), err.toString());
        assertEquals(Main.EXIT_USAGE, run("unit", dir.resolve("nope").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file or folder"), err.toString());
        assertEquals(Main.EXIT_USAGE, run("integration", dir.toString(), "--timeout", "soon"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--timeout needs a duration"), err.toString());
        assertEquals(Main.EXIT_USAGE, run("unit", dir.toString(), "--tags"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--tags needs a value"), err.toString());
        assertEquals(Main.EXIT_USAGE, run("bogus"));
        assertEquals(Main.EXIT_USAGE, run("captures", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("temblor test captures: no case in"), err.toString());
    }

    @Test
    void shouldParseDurations()
    {
        assertEquals(60_000_000_000L, TestCommand.parseDurationNs("60s"));
        assertEquals(60_000_000_000L, TestCommand.parseDurationNs("60"));
        assertEquals(500_000_000L, TestCommand.parseDurationNs("500ms"));
        assertEquals(120_000_000_000L, TestCommand.parseDurationNs("2m"));
        assertEquals(-1, TestCommand.parseDurationNs("-1s"));
    }
}
