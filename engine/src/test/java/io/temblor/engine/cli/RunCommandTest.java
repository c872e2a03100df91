package io.temblor.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String stdin, final String... args)
    {
        return RunCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path script(final String source) throws IOException
    {
        final Path file = dir.resolve("script.tremor");
        Files.writeString(file, source);
        return file;
    }

    private String stdout()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintEmittedValuesAndShareStateWhenEventsOnStdin() throws IOException
    {
        final Path file = script("""
            let state = match state of case null => 1 case _ => state + 1 end;
            match event.keep of
              case true => {"n": event.n, "seen": state}
              case _ => drop
            end
            """);
        final int code = run("{\"n\":1,\"keep\":true}\n\n{\"n\":2,\"keep\":false}\n{\"n\":3,\"keep\":true}\n", file.toString());
        assertEquals(Main.EXIT_OK, code, stderr());
        assertEquals("{\"n\":1,\"seen\":1}\n{\"n\":3,\"seen\":3}\n", stdout());
        assertEquals("", stderr());
    }

    @Test
    void shouldReportRuntimeErrorAndGoOnWhenOneEventFails() throws IOException
    {
        final Path file = script("event.a + 1");
        final Path input = dir.resolve("in.ndjson");
        Files.writeString(input, "{\"a\":1}\n{\"a\":\"x\"}\n{\"a\":41}\n");
        final int code = run("", file.toString(), "-i", input.toString());
        assertEquals(Main.EXIT_INVALID, code);
        assertEquals("2\n42\n", stdout());
        final String[] errors = stderr().strip().split("\n");
        assertEquals(1, errors.length, stderr());
        assertTrue(errors[0].startsWith("{\"error\":\""), errors[0]);
        assertTrue(errors[0].endsWith(",\"event\":{\"a\":\"x\"}}"), errors[0]);
    }

    @Test
    void shouldReportAnEmittedNonFiniteFloatAndGoOn() throws IOException
    {
        final Path file = script("use std::float;\nfloat::parse(event)");
        final int code = run("\"1.5\"\n\"inf\"\n\"2\"\n", file.toString());
        assertEquals(Main.EXIT_INVALID, code);
        assertEquals("1.5\n2.0\n", stdout());
        assertEquals("{\"error\":\"cannot write the emitted value of line 2 as JSON: not a finite double: Infinity\"," +
            "\"event\":\"inf\"}", stderr().strip());
    }

    @Test
    void shouldReportInvalidJsonLineWithLineNumberWhenInputBroken() throws IOException
    {
        final Path file = script("event");
        final int code = run("[1]\n{\"a\":\n[3]\n", file.toString());
        assertEquals(Main.EXIT_INVALID, code);
        assertEquals("[1]\n[3]\n", stdout());
        assertTrue(stderr().contains("invalid JSON on line 2"), stderr());
    }

    @Test
    void shouldPrintRenderedErrorAndExitTwoWhenScriptDoesNotCompile() throws IOException
    {
        final Path file = script("let = 1");
        final int code = run("{}\n", file.toString());
        assertEquals(Main.EXIT_USAGE, code);
        assertEquals("", stdout());
        assertTrue(stderr().contains("Error"), stderr());
    }

    @Test
    void shouldLoadModulesFromPathWhenUsed() throws IOException
    {
        final Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("greet.tremor"), "fn hello(name) with \"hello #{name}\" end;\n");
        final Path file = script("use greet;\ngreet::hello(event.who)");
        final int code = run("{\"who\":\"snot\"}\n", file.toString(), "--path", lib.toString());
        assertEquals(Main.EXIT_OK, code, stderr());
        assertEquals("\"hello snot\"\n", stdout());
    }

    @Test
    void shouldFindStdAndTremorModulesWhenNoPathIsGiven() throws IOException
    {
        final Path file = script("use std::{string, re};\nuse tremor::system;\n" +
            "[string::uppercase(event.who), re::replace_all(\"[aeiou]\", event.who, \"_\"), system::nanotime() > 0]");
        final int code = run("{\"who\":\"snot\"}\n", file.toString());
        assertEquals(Main.EXIT_OK, code, stderr());
        assertEquals("[\"SNOT\",\"sn_t\",true]\n", stdout());
    }

    @Test
    void shouldExplainUsageWhenArgumentsMissing()
    {
        assertEquals(Main.EXIT_USAGE, run(""));
        assertTrue(stderr().contains("usage: temblor run"));
        assertEquals(Main.EXIT_USAGE, run("", "x.tremor", "-i"));
        assertTrue(stderr().contains("-i needs a value"));
    }

    @Test
    void shouldQuoteControlCharactersWhenWritingErrorText()
    {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", RunCommand.quote("a\"b\\c\nd\u0001"));
    }

    @Test
    void shouldRunAFlowWithTheThreadingOfTheCommandLineAndRefuseBadValues() throws IOException
    {
        final Path flow = dir.resolve("flow.troy");
        Files.writeString(flow, """
            define flow main
            flow
              define connector tick from metronome with config = {"interval": 1000000} end;
              define connector stop from exit;
              define pipeline p pipeline select {"exit": 7} from in where event.id == 3 into out; end;
              create connector tick;
              create connector stop;
              create pipeline p;
              connect /connector/tick to /pipeline/p;
              connect /pipeline/p to /connector/stop;
            end;
            deploy flow main;
            """);
        for (final String threads : new String[] {"shared", "dedicated", "pool:3"})
        {
            assertEquals(7, run("", flow.toString(), "--threads", threads, "--idle", "yield"), stderr());
        }
        assertEquals(Main.EXIT_USAGE, run("", flow.toString(), "--threads", "pool:zero"));
        assertTrue(stderr().contains("temblor run: --threads pool:N needs a thread count, got `pool:zero`"), stderr());
        assertEquals(Main.EXIT_USAGE, run("", flow.toString(), "--idle", "nap"));
        assertTrue(stderr().contains("temblor run: --idle must be backoff, yield, busy-spin or sleep, got `nap`"),
            stderr());
        assertEquals(Main.EXIT_USAGE, run("", flow.toString(), "--threads"));
        assertTrue(stderr().contains("temblor run: --threads needs a value"), stderr());
        assertEquals(Main.EXIT_USAGE, run("{}\n", script("event").toString(), "--threads", "shared"));
        assertTrue(stderr().contains("temblor run: --threads, --idle and --stats apply to flows (.troy) only"), stderr());
    }
}
