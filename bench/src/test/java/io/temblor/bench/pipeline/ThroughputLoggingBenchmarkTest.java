package io.temblor.bench.pipeline;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The throughput-logging benchmark runs Tremor's pipeline, verbatim, and every event comes out of it unchanged. */
class ThroughputLoggingBenchmarkTest
{
    private static final Path TROY = Path.of(System.getProperty("temblor.shared", "../../shared"))
        .resolve("conformance/tremor/tremor-cli/tests/bench/throughput-logging-json/main.troy");

    @Test
    void shouldBundleTremorsPipelineBodyVerbatimWhenReadingTroy() throws IOException
    {
        // given: the body of `define pipeline main pipeline ... end;` in the bench's main.troy, de-indented
        final String troy = Files.readString(TROY, StandardCharsets.UTF_8);
        final int start = troy.indexOf("  pipeline\n") + "  pipeline\n".length();
        final int end = troy.indexOf("\n  end;\n  create pipeline main;", start);
        final StringBuilder body = new StringBuilder();
        for (final String line : troy.substring(start, end).split("\n", -1))
        {
            body.append(line.startsWith("    ") ? line.substring(4) : line.strip()).append('\n');
        }

        // when
        final String trickle = ThroughputLoggingBenchmark.text(ThroughputLoggingBenchmark.QUERY_RESOURCE);

        // then: the bundled query is that body after its header comment
        assertEquals(body.toString(), trickle.substring(trickle.indexOf("define script runtime")));
    }

    @Test
    void shouldPassEveryEventThroughWhenRunningOnTapes()
    {
        final ThroughputLoggingBenchmark bench = new ThroughputLoggingBenchmark();
        bench.setup();
        try
        {
            for (int i = 0; i < 50; i++)
            {
                bench.tapes();
            }
            assertEquals(50L * ThroughputLoggingBenchmark.EVENTS, bench.counter.count);
            assertEquals(50L * ThroughputLoggingBenchmark.EVENTS * ThroughputLoggingBenchmark.STEP_NS, bench.nowNs);
        }
        finally
        {
            bench.tearDown();
        }
    }

    @Test
    void shouldWriteEveryEventUnchangedWhenRunningWithJson()
    {
        final ThroughputLoggingBenchmark bench = new ThroughputLoggingBenchmark();
        bench.setup();
        try
        {
            final byte[] input = ThroughputLoggingBenchmark.resource(ThroughputLoggingBenchmark.DATA_RESOURCE);
            for (int i = 0; i < 3; i++)
            {
                // when
                final long written = bench.json();

                // then: the script emits the event itself, and both grouper ports lead to out
                assertEquals(input.length, written);
                assertEquals(new String(input, StandardCharsets.UTF_8),
                    new String(bench.sink.toByteArray(), StandardCharsets.UTF_8));
            }
            assertEquals(3L * ThroughputLoggingBenchmark.EVENTS, bench.encoder.count);
            assertTrue(bench.tapes() != 0 || bench.counter.count == ThroughputLoggingBenchmark.EVENTS);
        }
        finally
        {
            bench.tearDown();
        }
    }
}
