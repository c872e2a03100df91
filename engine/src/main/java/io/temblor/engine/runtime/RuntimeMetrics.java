package io.temblor.engine.runtime;

import io.temblor.engine.runtime.metrics.EventCounters;
import io.temblor.engine.runtime.metrics.PrometheusText;
import io.temblor.json.JsonWriter;
import io.temblor.offheap.EventRing;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.transport.TcpClientAgent;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.Agent;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The registry of a runtime's metrics: for each connector the counters of its ports (kept by the agents that serve
 * them) and its failures, for each pipeline its port counters and processing latencies, the fill of every ring, and
 * the JVM's garbage collections. Filled while the runtime is built (one thread), then read-only: any thread may render
 * it ({@link #writePrometheus}) while the agents run, since every counter it reads is published by its single writer.
 */
public final class RuntimeMetrics
{
    /** Quantiles of the latency summaries. */
    static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999, 1.0};

    private final List<CompiledDeployment.Flow> flows = new ArrayList<>();
    private final List<ConnectorEntry> connectors = new ArrayList<>();
    private final List<PipelineEntry> pipelines = new ArrayList<>();
    private final List<RingEntry> rings = new ArrayList<>();
    private final List<MetricsConnector.Source> metricsSources = new ArrayList<>();

    /** A connector: its agents and their port counters, merged by port. */
    record ConnectorEntry(String flow, CompiledDeployment.Connector definition, List<Agent> agents,
        List<EventCounters> ports, long metricsIntervalNs)
    {
        String alias()
        {
            return definition.alias();
        }

        /** Events counted on a port, over all agents serving it. */
        long events(final String port)
        {
            long n = 0;
            for (final EventCounters c : ports)
            {
                n += c.port().equals(port) ? c.events() : 0;
            }
            return n;
        }

        boolean has(final String port)
        {
            for (final EventCounters c : ports)
            {
                if (c.port().equals(port))
                {
                    return true;
                }
            }
            return false;
        }

        /** Events that did not decode, encode or write. */
        long failures()
        {
            long n = 0;
            for (final Agent agent : agents)
            {
                if (agent instanceof Connectors.Writer w)
                {
                    n += w.failed();
                }
                else if (agent instanceof CodecAgents.Encode e)
                {
                    n += e.failed();
                }
                else if (agent instanceof CodecAgents.Decode d)
                {
                    n += d.failed();
                }
                else if (agent instanceof MetricsConnector.Sink m)
                {
                    n += m.failed();
                }
            }
            return n;
        }

        /** {@code connected}, or {@code disconnected} for a client whose connection is down. */
        String connectivity()
        {
            for (final Agent agent : agents)
            {
                if (agent instanceof TcpClientAgent client && !client.isConnected())
                {
                    return "disconnected";
                }
            }
            return "connected";
        }
    }

    /** A pipeline and its metrics interval (0: none). */
    record PipelineEntry(String flow, String alias, PipelineAgent agent, long metricsIntervalNs)
    {
    }

    /** A ring and what it joins. */
    record RingEntry(String flow, String name, EventRing ring)
    {
    }

    void flow(final CompiledDeployment.Flow flow)
    {
        flows.add(flow);
    }

    void connector(final String flow, final CompiledDeployment.Connector connector, final List<Agent> agents,
        final long metricsIntervalNs)
    {
        final List<EventCounters> ports = new ArrayList<>();
        for (final Agent agent : agents)
        {
            if (agent instanceof Metered metered)
            {
                Collections.addAll(ports, metered.ports());
            }
        }
        connectors.add(new ConnectorEntry(flow, connector, List.copyOf(agents), List.copyOf(ports), metricsIntervalNs));
    }

    void pipeline(final String flow, final String alias, final PipelineAgent agent, final long metricsIntervalNs)
    {
        pipelines.add(new PipelineEntry(flow, alias, agent, metricsIntervalNs));
    }

    void ring(final String flow, final String name, final EventRing ring)
    {
        rings.add(new RingEntry(flow, name, ring));
    }

    void metricsSource(final MetricsConnector.Source source)
    {
        metricsSources.add(source);
    }

    List<MetricsConnector.Source> metricsSources()
    {
        return metricsSources;
    }

    List<CompiledDeployment.Flow> flows()
    {
        return flows;
    }

    List<ConnectorEntry> connectors()
    {
        return connectors;
    }

    List<PipelineEntry> pipelines()
    {
        return pipelines;
    }

    /**
     * Renders every metric in Prometheus' text format. Any thread.
     *
     * @param out where the text goes.
     */
    public void writePrometheus(final StringBuilder out)
    {
        final PrometheusText text = new PrometheusText(out);
        connectorFamily(text, "temblor_connector_events_total", "Events that passed a connector port.", true);
        connectorFamily(text, "temblor_connector_bytes_total",
            "Bytes of the events that passed a connector port (event payloads; encoded bytes for a writing sink's in).",
            false);
        text.family("temblor_connector_failures_total", "counter",
            "Events a connector could not decode, encode or write (each with its reason in the stop summary).");
        for (final ConnectorEntry c : connectors)
        {
            text.sample("temblor_connector_failures_total", new String[] {"flow", c.flow(), "connector", c.alias()},
                c.failures());
        }
        pipelineFamily(text, "temblor_pipeline_events_total", "Events that passed a pipeline port.", true);
        pipelineFamily(text, "temblor_pipeline_bytes_total", "Bytes of the events that passed a pipeline port.", false);
        text.family("temblor_pipeline_errors_total", "counter",
            "Inbound events that were not JSON or failed in the pipeline (sent to its err port).");
        for (final PipelineEntry p : pipelines)
        {
            text.sample("temblor_pipeline_errors_total", new String[] {"flow", p.flow(), "pipeline", p.alias()},
                p.agent().errors());
        }
        latencies(text);
        rings(text);
        jvm(text);
    }

    private void connectorFamily(final PrometheusText text, final String name, final String help, final boolean events)
    {
        text.family(name, "counter", help);
        for (final ConnectorEntry c : connectors)
        {
            for (final EventCounters port : c.ports())
            {
                text.sample(name, new String[] {"flow", c.flow(), "connector", c.alias(), "port", port.port(),
                    "direction", port.direction()}, events ? port.events() : port.bytes());
            }
        }
    }

    private void pipelineFamily(final PrometheusText text, final String name, final String help, final boolean events)
    {
        text.family(name, "counter", help);
        for (final PipelineEntry p : pipelines)
        {
            for (final EventCounters port : p.agent().ports())
            {
                text.sample(name, new String[] {"flow", p.flow(), "pipeline", p.alias(), "port", port.port(),
                    "direction", port.direction()}, events ? port.events() : port.bytes());
            }
        }
    }

    private void latencies(final PrometheusText text)
    {
        final String name = "temblor_pipeline_latency_seconds";
        text.family(name, "summary", "Time a pipeline spent on each inbound event, since the start of the run.");
        for (final PipelineEntry p : pipelines)
        {
            final Histogram h = p.agent().latency().snapshot();
            final String[] labels = {"flow", p.flow(), "pipeline", p.alias()};
            for (final double q : QUANTILES)
            {
                text.sample(name, PrometheusText.with(labels, "quantile", Double.toString(q)),
                    h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(q * 100.0) / 1e9);
            }
            text.sample(name + "_sum", labels, h.getMean() * h.getTotalCount() / 1e9);
            text.sample(name + "_count", labels, h.getTotalCount());
        }
    }

    private void rings(final PrometheusText text)
    {
        text.family("temblor_ring_used_bytes", "gauge", "Bytes waiting in a ring between two agents.");
        each(r -> text.sample("temblor_ring_used_bytes", new String[] {"flow", r.flow(), "ring", r.name()},
            r.ring().size()));
        text.family("temblor_ring_capacity_bytes", "gauge", "Bytes a ring holds when full.");
        each(r -> text.sample("temblor_ring_capacity_bytes", new String[] {"flow", r.flow(), "ring", r.name()},
            r.ring().capacity()));
        text.family("temblor_ring_fill_ratio", "gauge", "Used over capacity of a ring (1: the writer is held back).");
        each(r -> text.sample("temblor_ring_fill_ratio", new String[] {"flow", r.flow(), "ring", r.name()},
            (double)r.ring().size() / r.ring().capacity()));
    }

    private void each(final Consumer<RingEntry> action)
    {
        rings.forEach(action);
    }

    private static void jvm(final PrometheusText text)
    {
        final List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        text.family("temblor_gc_collections_total", "counter", "Garbage collections, by collector.");
        for (final GarbageCollectorMXBean gc : gcs)
        {
            text.sample("temblor_gc_collections_total", new String[] {"gc", gc.getName()},
                Math.max(0, gc.getCollectionCount()));
        }
        text.family("temblor_gc_time_seconds_total", "counter", "Time spent in garbage collections, by collector.");
        for (final GarbageCollectorMXBean gc : gcs)
        {
            text.sample("temblor_gc_time_seconds_total", new String[] {"gc", gc.getName()},
                Math.max(0, gc.getCollectionTime()) / 1e3);
        }
        final MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        text.family("temblor_jvm_heap_used_bytes", "gauge", "Heap in use.");
        text.sample("temblor_jvm_heap_used_bytes", new String[0], heap.getUsed());
    }

    /**
     * The events Tremor's metrics connector carries for one connector, as compact JSON:
     * {@code connector_events} with tags {@code flow}, {@code connector} ({@code FLOW::ALIAS}) and {@code port}, and
     * field {@code count}, for its {@code out} and {@code err} ports when it is a source and its {@code in} port when
     * it is a sink.
     *
     * @param c the connector.
     * @param timestampNs the events' timestamp (epoch ns).
     * @param into receives each event.
     */
    static void connectorEvents(final ConnectorEntry c, final long timestampNs, final Consumer<String> into)
    {
        if (c.has("out") || c.has("err"))
        {
            into.accept(connectorEvent(c, "out", timestampNs));
            into.accept(connectorEvent(c, "err", timestampNs));
        }
        if (c.has("in"))
        {
            into.accept(connectorEvent(c, "in", timestampNs));
        }
    }

    private static String connectorEvent(final ConnectorEntry c, final String port, final long timestampNs)
    {
        final StringBuilder out = new StringBuilder(160).append("{\"measurement\":\"connector_events\",\"tags\":{");
        field(out, "flow", c.flow()).append(',');
        field(out, "connector", c.flow() + "::" + c.alias()).append(',');
        field(out, "port", port).append("},\"fields\":{\"count\":").append(c.events(port)).append("},\"timestamp\":")
            .append(timestampNs).append('}');
        return out.toString();
    }

    /**
     * The events Tremor's pipelines send to the metrics connector, as compact JSON: measurement {@code events} with
     * tags {@code pipeline} ({@code FLOW::ALIAS}), {@code node}, {@code direction} ({@code input} or {@code output})
     * and {@code port}, and field {@code count}: the {@code in} node's input, then the {@code out} and {@code err}
     * nodes' outputs.
     *
     * @param p the pipeline.
     * @param timestampNs the events' timestamp (epoch ns).
     * @param into receives each event.
     */
    static void pipelineEvents(final PipelineEntry p, final long timestampNs, final Consumer<String> into)
    {
        for (final EventCounters port : p.agent().ports())
        {
            if ("other".equals(port.port()))
            {
                continue;
            }
            final boolean input = EventCounters.IN.equals(port.direction());
            final StringBuilder out = new StringBuilder(160).append("{\"measurement\":\"events\",\"tags\":{");
            field(out, "pipeline", p.flow() + "::" + p.alias()).append(',');
            field(out, "node", port.port()).append(',');
            field(out, "direction", input ? "input" : "output").append(',');
            field(out, "port", port.port()).append("},\"fields\":{\"count\":").append(port.events())
                .append("},\"timestamp\":").append(timestampNs).append('}');
            into.accept(out.toString());
        }
    }

    private static StringBuilder field(final StringBuilder out, final String key, final String value)
    {
        JsonWriter.quote(key, out).append(':');
        return JsonWriter.quote(value, out);
    }
}
