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
}
