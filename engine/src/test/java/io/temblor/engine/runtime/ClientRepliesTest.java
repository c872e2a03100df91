package io.temblor.engine.runtime;

import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.compile.TroyCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tcp_client whose server is not there: once its send buffer is full the events it cannot send are counted and
 * named in the stop summary, and it keeps taking events (its inbound ring is read, so it does not stall).
 */
class ClientRepliesTest
{
    @Test
    void shouldCountUndeliveredEventsWhileItsServerIsAway(@TempDir final Path dir) throws Exception
    {
        // given: a port nothing listens on, and 100 000 events of about 40 bytes (more than the 1 MiB send buffer)
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = probe.getLocalPort();
        }
        final StringBuilder data = new StringBuilder();
        for (int i = 0; i < 100; i++)
        {
            data.append("{\"n\":").append(i).append(",\"text\":\"abcdefghijklmnopqrstuvwxyz\"}\n");
        }
        Files.writeString(dir.resolve("data.json"), data);
        final String flow = """
            define flow main
            flow
              define connector bench from bench with config = {"path": "data.json", "iters": 1000} end;
              define connector client from tcp_client
              with
                postprocessors = ["separate"],
                config = {"url": "127.0.0.1:PORT"}
              end;
              define pipeline pass pipeline select event from in into out; end;
              create connector bench;
              create connector client;
              create pipeline pass;
              connect /connector/bench to /pipeline/pass;
              connect /pipeline/pass to /connector/client;
            end;
            """.replace("PORT", Integer.toString(port));
        final CompiledDeployment deployment = TroyCompiler.compile(flow, List.of(dir), name ->
        {
            final AggregateFunction fn = Aggregates.lookup(name);
            return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
        }, "main", null);
        final FlowRuntime runtime = new FlowRuntime(deployment, new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir);

        // when: it runs until the source has replayed everything (the run has no exit: it times out)
        runtime.run(4_000_000_000L);

        // then
        final String summary = runtime.summary();
        assertTrue(summary.contains("connector/bench sent 100000"), summary);
        assertTrue(summary.contains("connector/client/replies failed "), summary);
        assertTrue(summary.contains("undelivered"), summary);
    }
}
