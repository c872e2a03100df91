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

class JsonCommandTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path file(final String name, final String content) throws IOException
    {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void shouldPrintOkPerFileAndExitZeroWhenAllValid() throws IOException
    {
        final Path a = file("a.json", "{\"a\": [1, 2.5, \"x\"]}");
        final Path b = file("b.ndjson", "{\"n\":1}\n{\"n\":2}\n\n");

        final int code = run("json", "check", a.toString(), b.toString());

        assertEquals(0, code, err.toString());
        assertEquals(a + ": ok\n" + b + ": ok\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReportMessageAndByteOffsetAndExitOneWhenInvalid() throws IOException
    {
        final Path good = file("good.json", "[]");
        final Path bad = file("bad.json", "{\"a\": tru}");

        final int code = run("json", "check", good.toString(), bad.toString());

        assertEquals(1, code);
        final String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(good + ": ok", lines[0]);
        assertTrue(lines[1].startsWith(bad + ": error: invalid literal (expected true) at byte 6"), lines[1]);
    }

    @Test
    void shouldLocateErrorsInsideNdjsonByAbsoluteByteAndLine() throws IOException
    {
        final Path bad = file("bad.ndjson", "{\"ok\":1}\n{\"ok\":2,}\n");

        final int code = run("json", "check", bad.toString());

        assertEquals(1, code);
        final String line = out.toString(StandardCharsets.UTF_8).trim();
        assertTrue(line.contains("error: ") && line.contains("at byte 17") && line.contains("line 2"), line);
    }

    @Test
    void shouldReportUnreadableFileWithoutCrashing()
    {
        final int code = run("json", "check", dir.resolve("missing.json").toString());

        assertEquals(1, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("error: cannot read file"), out.toString());
    }

    @Test
    void shouldFormatCompactlyKeepingNumbersAndStrings() throws IOException
    {
        final Path f = file("f.json", "{ \"s\" : \"a\\u00e9\\n\\\"\" ,\n \"i\": -12, \"u\": 18446744073709551615, "
            + "\"d\": 1.5e-7, \"f\": 2.0, \"l\": [true, false, null] }");

        final int code = run("json", "fmt", f.toString());

        assertEquals(0, code, err.toString());
        assertEquals("{\"s\":\"a\u00e9\\n\\\"\",\"i\":-12,\"u\":18446744073709551615,\"d\":1.5e-7,\"f\":2.0,"
            + "\"l\":[true,false,null]}\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldFailFormatOnInvalidInputWithLocation() throws IOException
    {
        final Path f = file("f.json", "[1,2");

        final int code = run("json", "fmt", f.toString());

        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("error: "), err.toString());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldExitTwoOnUsageErrors()
    {
        assertEquals(2, run("json"));
        assertEquals(2, run("json", "check"));
        assertEquals(2, run("json", "frobnicate"));
        assertEquals(2, run("nope"));
    }

    @Test
    void shouldPrintVersionAndHelp()
    {
        assertEquals(0, run("--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("temblor "));
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("json check"));
    }
}
