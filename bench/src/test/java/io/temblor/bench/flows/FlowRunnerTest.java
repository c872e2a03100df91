package io.temblor.bench.flows;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command and environment a flow runs with, the suite's flows and their options, and the GC log count. */
class FlowRunnerTest
{
    private static final Path HOME = Path.of("/repo");

    @Test
    void shouldRunTheFlowWithItsArgumentsAndEnvironment()
    {
        final FlowSpec spec = new FlowSpec("x", "temblor", Path.of("/repo/bench/flows/x"), "main.troy",
            List.of("--threads", "shared"), Map.of("TEMBLOR_JAVA_OPTS", "-Xmx256m"), new long[] {5, 60},
            new long[] {1, 10});
        final ProcessBuilder builder = new FlowRunner(HOME).builder(spec, spec.seconds(true));
        assertEquals(List.of("/repo/bin/temblor", "run", "main.troy", "--threads", "shared"), builder.command());
        assertEquals(Path.of("/repo/bench/flows/x").toFile(), builder.directory());
        assertEquals("-Xmx256m", builder.environment().get("TEMBLOR_JAVA_OPTS"));
        assertEquals("1,10", builder.environment().get("TEMBLOR_BENCH_SECONDS"));
        assertEquals("1", builder.environment().get("TEMBLOR_NO_BUILD"));
        assertEquals("--threads shared TEMBLOR_JAVA_OPTS=\"-Xmx256m\"", spec.options());
    }

    @Test
    void shouldListTremorsFlowsThenTemblorsWithTheirOptions()
    {
        final List<FlowSpec> flows = FlowsSuite.flows(Path.of("/t/bench"), Path.of("/repo/bench/flows"));
        assertEquals(FlowsSuite.TREMOR_FLOWS.size() + 2, flows.size());
        final FlowSpec json = flows.get(1);
        assertEquals("passthrough-json", json.name());
        assertEquals(List.of("--path", "../../lib"), json.args());
        assertEquals(Path.of("/t/bench/passthrough-json"), json.dir());
        final FlowSpec latency = flows.get(flows.size() - 2);
        assertEquals(FlowsSuite.LATENCY_FLOW, latency.name());
        assertEquals(List.of("--threads", "shared", "--idle", "busy-spin"), latency.args());
        assertEquals(Path.of("/repo/bench/flows/aeron-ipc-latency"), latency.dir());
        final FlowSpec steady = flows.get(flows.size() - 1);
        assertEquals(FlowsSuite.STEADY_FLOW, steady.name());
        assertTrue(steady.env().get("TEMBLOR_JAVA_OPTS").contains("-Xmx256m"));
        assertEquals(60, steady.seconds(false)[1]);
        assertEquals(10, steady.seconds(true)[1]);
    }

    @Test
    void shouldCountDistinctCollectionsOfTheGcLog()
    {
        final String log = """
            [0.005s][info][gc] Using G1
            [1.201s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.345ms
            [2.100s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 40M->5M(256M) 1.2ms
            [2.101s][info][gc] GC(2) Concurrent Mark Cycle
            [2.150s][info][gc] GC(2) Concurrent Mark Cycle 49.1ms
            Throughput (events): 99.9k events/s
            """;
        assertEquals(3, FlowRunner.gcLogCollections(log));
        assertEquals(0, FlowRunner.gcLogCollections("[0.005s][info][gc] Using G1\n"));
        assertEquals(-1, FlowRunner.gcLogCollections("Throughput (events): 99.9k events/s\n"));
        // pauses only: the concurrent mark cycle runs beside the application
        assertEquals(3.545, FlowRunner.gcLogPauseMs(log), 1e-9);
        assertEquals(0, FlowRunner.gcLogPauseMs("[0.005s][info][gc] Using G1\n"));
        assertEquals(-1, FlowRunner.gcLogPauseMs("Throughput (events): 99.9k events/s\n"));
    }
}
