package io.temblor.engine.runtime;

import io.temblor.script.compile.CompiledDeployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A read-only view of a runtime's flows, as Tremor's API reports them: each flow's state and connectors, and for each
 * connector its state, connectivity and the pipeline ports linked to each of its ports. Built on demand by
 * {@link FlowRuntime#status()}, from any thread.
 */
public final class RuntimeStatus
{
    private RuntimeStatus()
    {
    }

    /** The life of a run (Tremor's instance states, lower case on the wire). */
    public enum State
    {
        /** Built, not yet running. */
        INITIALIZING,
        /** Agents running. */
        RUNNING,
        /** Sources stopped, rings draining. */
        DRAINING,
        /** Agents closed. */
        STOPPED;

        /**
         * The name Tremor's API uses.
         *
         * @return e.g. {@code running}.
         */
        public String wireName()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A deployed flow.
     *
     * @param alias the flow's alias ({@code deploy flow ALIAS}).
     * @param state its state.
     * @param connectors its connectors.
     * @param pipelines the aliases of its pipelines.
     */
    public record Flow(String alias, State state, List<Connector> connectors, List<String> pipelines)
    {
        /**
         * A connector of this flow.
         *
         * @param alias its alias.
         * @return the connector, or null.
         */
        public Connector connector(final String alias)
        {
            for (final Connector c : connectors)
            {
                if (c.alias().equals(alias))
                {
                    return c;
                }
            }
            return null;
        }
    }

    /**
     * A connector of a flow.
     *
     * @param alias its alias.
     * @param type its type ({@code metronome}, {@code file}, ...).
     * @param state its state (the flow's).
     * @param connectivity {@code connected}, or {@code disconnected} for a client whose connection is down.
     * @param pipelines by port of the connector, the pipeline endpoints linked to it.
     */
    public record Connector(String alias, String type, State state, String connectivity,
        Map<String, List<Endpoint>> pipelines)
    {
    }

    /**
     * A pipeline's port at the other end of a connection.
     *
     * @param alias the pipeline's alias.
     * @param port its port.
     */
    public record Endpoint(String alias, String port)
    {
    }

    static List<Flow> of(final RuntimeMetrics metrics, final State state)
    {
        final List<Flow> out = new ArrayList<>();
        for (final CompiledDeployment.Flow flow : metrics.flows())
        {
            final List<Connector> connectors = new ArrayList<>();
            for (final RuntimeMetrics.ConnectorEntry c : metrics.connectors())
            {
                if (c.flow().equals(flow.alias()))
                {
                    connectors.add(new Connector(c.alias(), c.definition().type(), state, c.connectivity(),
                        links(flow, c.alias())));
                }
            }
            final List<String> pipelines = new ArrayList<>();
            flow.pipelines().forEach(p -> pipelines.add(p.alias()));
            out.add(new Flow(flow.alias(), state, List.copyOf(connectors), List.copyOf(pipelines)));
        }
        return List.copyOf(out);
    }

    private static Map<String, List<Endpoint>> links(final CompiledDeployment.Flow flow, final String connector)
    {
        final Map<String, List<Endpoint>> out = new LinkedHashMap<>();
        for (final CompiledDeployment.Connection c : flow.connections())
        {
            if (isConnector(c.from(), connector) && "pipeline".equals(c.to().kind()))
            {
                out.computeIfAbsent(c.from().port(), k -> new ArrayList<>()).add(new Endpoint(c.to().alias(),
                    c.to().port()));
            }
            else if (isConnector(c.to(), connector) && "pipeline".equals(c.from().kind()))
            {
                out.computeIfAbsent(c.to().port(), k -> new ArrayList<>()).add(new Endpoint(c.from().alias(),
                    c.from().port()));
            }
        }
        return out;
    }

    private static boolean isConnector(final CompiledDeployment.Endpoint e, final String alias)
    {
        return "connector".equals(e.kind()) && e.alias().equals(alias);
    }
}
