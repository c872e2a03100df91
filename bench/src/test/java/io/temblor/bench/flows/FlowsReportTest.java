package io.temblor.bench.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temblor.bench.report.Target;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The four targets judged from a run's results: throughput, events/s, Aeron IPC latency, no GC in a steady run. */
class FlowsReportTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode flow(final String name)
    {
        final ObjectNode f = MAPPER.createObjectNode();
        f.put("flow", name);
        f.put("status", "ok");
        return f;
    }

    private static ObjectNode latency(final long p999Ns, final double eventsPerSec)
    {
        final ObjectNode f = flow(FlowsSuite.LATENCY_FLOW);
        f.put("p99Ns", p999Ns / 2);
        f.put("p999Ns", p999Ns);
        f.put("maxNs", p999Ns * 10);
        f.put("eventsPerSec", eventsPerSec);
        f.put("options", "--threads shared --idle busy-spin");
        return f;
    }

    private static ObjectNode steady(final long gc, final long runSeconds, final double eventsPerSec,
        final String options)
    {
        final ObjectNode f = flow(FlowsSuite.STEADY_FLOW);
        f.put("gcCollections", gc);
        f.put("gcMs", gc * 3);
        f.put("gcCollectionsRun", gc + 4);
        f.put("runSeconds", runSeconds);
        f.put("eventsPerSec", eventsPerSec);
        f.put("options", options);
        return f;
    }

    private static List<Target> judge(final JsonNode... flows)
    {
        final ArrayNode array = MAPPER.createArrayNode();
        for (final JsonNode f : flows)
        {
            array.add(f);
        }
        return FlowsReport.targets(array);
    }

    @Test
    void shouldJudgeAllFourTargets()
    {
        final ObjectNode json = flow("passthrough-json");
        json.put("mbPerSec", 300.5);
        final ObjectNode logging = flow("throughput-logging-json");
        logging.put("eventsPerSec", 350_000.0);
        final List<Target> targets = judge(json, logging, latency(80_000, 99_900),
            steady(0, 60, 99_950, "TEMBLOR_JAVA_OPTS=\"-Xmx256m -Xlog:gc\""));
        assertEquals(4, targets.size());
        assertEquals(List.of("MET", "NOT MET", "MET", "MET"), targets.stream().map(Target::verdict).toList());
        assertTrue(targets.get(2).detail().contains("p99.9 80 µs"), targets.get(2).detail());
        assertTrue(targets.get(2).detail().contains("--threads shared --idle busy-spin"), targets.get(2).detail());
        assertTrue(targets.get(3).detail().startsWith("0 collections (0 ms) in the measured 60 s"),
            targets.get(3).detail());
        assertTrue(targets.get(3).detail().contains("whole run 4 (GC log)"), targets.get(3).detail());
    }

    @Test
    void shouldFailTheLatencyTargetOverTheLimitOrBelowTheRate()
    {
        assertFalse(FlowsReport.latencyTarget(latency(100_001, 100_000)).met());
        assertTrue(FlowsReport.latencyTarget(latency(100_000, 100_000)).met());
        final Target slow = FlowsReport.latencyTarget(latency(50_000, 20_000));
        assertFalse(slow.met());
        assertTrue(slow.detail().contains("below the rate"), slow.detail());
    }

    @Test
    void shouldFailTheSteadyTargetOnAnyCollectionAShortRunOrAnotherHeap()
    {
        final String heap = "TEMBLOR_JAVA_OPTS=\"-Xmx256m\"";
        assertTrue(FlowsReport.steadyTarget(steady(0, 60, 100_000, heap)).met());
        assertFalse(FlowsReport.steadyTarget(steady(1, 60, 100_000, heap)).met());
        final Target quick = FlowsReport.steadyTarget(steady(0, 10, 100_000, heap));
        assertFalse(quick.met());
        assertTrue(quick.detail().contains("shorter than 60 s"), quick.detail());
        final Target noHeap = FlowsReport.steadyTarget(steady(0, 60, 100_000, "(none)"));
        assertFalse(noHeap.met());
        assertTrue(noHeap.detail().contains("not run with -Xmx256m"), noHeap.detail());
        assertFalse(FlowsReport.steadyTarget(steady(0, 60, 50_000, heap)).met());
    }

    @Test
    void shouldHaveNoDataForMissingOrFailedFlows()
    {
        final List<Target> targets = judge();
        assertEquals(4, targets.size());
        targets.forEach(t -> assertNull(t.met(), t.name()));
        final ObjectNode failed = latency(1, 100_000);
        failed.put("status", "failed");
        assertNull(FlowsReport.latencyTarget(failed).met());
    }
}
