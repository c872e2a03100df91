package io.temblor.engine.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QueryRunTest
{
    @Test
    void shouldPrintEveryShapedEventWhenInputEnds()
    {
        // given: 1 event per second, burst 1, and five lines (ingest times 0..4 ns)
        final String query = "define operator tb from qos::token_bucket with rate = 1, mode = \"shape\" end;\n" +
            "create operator tb;\n" +
            "select event from in into tb;\n" +
            "select event from tb into out;\n";
        final ByteArrayInputStream stdin = new ByteArrayInputStream(
            "{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n".getBytes(StandardCharsets.UTF_8));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        // when
        final int status = QueryRun.run(query, List.of(), "-", stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        // then: the first passes at once, the other four leave on the flush's ticks, in order
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals(Main.EXIT_OK, status);
        assertEquals("{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n", out.toString(StandardCharsets.UTF_8));
    }

    private record Result(int status, String out, String err)
    {
    }

    private static Result run(final String query, final String input)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = QueryRun.run(query, List.of(), "-", new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReportAnInvalidLineWithItsNumberAndGoOn()
    {
        final Result r = run("select event from in into out;", "1\n{\"a\": \n3\n");
        assertEquals("1\n3\n", r.out());
        assertEquals(Main.EXIT_INVALID, r.status());
        org.junit.jupiter.api.Assertions.assertTrue(r.err().startsWith("{\"error\":\"invalid JSON on line 2: "), r.err());
    }

    @Test
    void shouldReportAnOutputWithANonFiniteFloatAndGoOn()
    {
        final Result r = run("use std::float;\nselect float::parse(event) from in into out;", "\"1.5\"\n\"-inf\"\n\"2\"\n");
        assertEquals("1.5\n2.0\n", r.out());
        assertEquals(Main.EXIT_INVALID, r.status());
        assertEquals("{\"error\":\"cannot write the output of line 2 (port out) as JSON: not a finite double: -Infinity\"}",
            r.err().strip());
    }

    @Test
    void shouldPrintTheRenderedRuntimeErrorOfAFailedEventAndGoOn()
    {
        final Result r = run("select event from in where event.a > 1 into out;", "{\"a\":2}\n{}\n{\"a\":3}\n");
        assertEquals("{\"a\":2}\n{\"a\":3}\n", r.out());
        assertEquals(Main.EXIT_INVALID, r.status());
        assertEquals("""
            Error:\s
                1 | select event from in where event.a > 1 into out;
                  |                                  ^ Trying to access a non existing event key `a`
            """.strip(), r.err().strip());
    }

    @Test
    void shouldPrintEventsLeavingByErrOnStandardError()
    {
        final String query = "define script s script match event of case 1 => emit => \"err\" case _ => event end end;\n" +
            "create script s;\nselect event from in into s;\nselect event from s into out;\nselect event from s/err into err;";
        final Result r = run(query, "1\n2\n");
        assertEquals("2\n", r.out());
        assertEquals("1\n", r.err());
        assertEquals(Main.EXIT_OK, r.status());
    }

    @Test
    void shouldExitTwoWithTheRenderedErrorWhenTheQueryDoesNotCompile()
    {
        final Result r = run("select event from nowhere into out;", "1\n");
        assertEquals(Main.EXIT_USAGE, r.status());
        assertEquals("", r.out());
        org.junit.jupiter.api.Assertions.assertTrue(r.err().contains("Stream used in `from` or `into` is not defined: " +
            "nowhere/out") && r.err().contains("^^^^^^^"), r.err());
    }

    @Test
    void shouldSayWhenTheInputCannotBeRead()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = QueryRun.run("select event from in into out;", List.of(), "/nonexistent/in.ndjson",
            new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.EXIT_INVALID, status);
        org.junit.jupiter.api.Assertions.assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read /nonexistent"));
    }
}
