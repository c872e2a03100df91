package io.temblor.script.compile;

import java.util.List;
import java.util.Map;

/**
 * A compiled troy file: its {@code #!config} directives and one {@link Flow} per {@code deploy flow} statement, with
 * every connector's configuration evaluated and every pipeline compiled. Values (configuration, arguments) are kept
 * as the JSON text of the constants they evaluated to. Immutable; the engine turns each flow into running
 * connectors and pipelines.
 *
 * @param source   the troy source, for rendering errors.
 * @param config   the {@code #!config} directives, by name, as JSON.
 * @param flows    the deployed flows, in the order of their {@code deploy} statements.
 * @param warnings compile warnings (unknown connector types).
 */
public record CompiledDeployment(String source, Map<String, String> config, List<Flow> flows, List<Warning> warnings)
{
    /**
     * One deployed flow.
     *
     * @param alias       the deployment's name ({@code deploy flow NAME}).
     * @param definition  the flow definition's name.
     * @param args        the flow's arguments as a JSON record.
     * @param connectors  the created connectors, in creation order.
     * @param pipelines   the created pipelines, in creation order.
     * @param connections the {@code connect} statements, with Tremor's default ports filled in.
     */
    public record Flow(String alias, String definition, String args, List<Connector> connectors, List<Pipeline> pipelines,
        List<Connection> connections)
    {
    }

    /**
     * A created connector.
     *
     * @param alias      the instance name.
     * @param definition the connector definition's name.
     * @param type       the connector type ({@code define connector x from TYPE}).
     * @param with       the definition's {@code with} parameters ({@code codec}, {@code config},
     *                   {@code preprocessors}, {@code postprocessors}, {@code reconnect}, {@code metrics_interval_s})
     *                   as JSON, evaluated with the instance's arguments.
     */
    public record Connector(String alias, String definition, String type, Map<String, String> with)
    {
    }

    /**
     * A created pipeline.
     *
     * @param alias      the instance name.
     * @param definition the pipeline definition's name.
     * @param args       its arguments as a JSON record.
     * @param query      the compiled pipeline.
     */
    public record Pipeline(String alias, String definition, String args, CompiledQuery query)
    {
    }

    /**
     * A {@code connect} statement.
     *
     * @param from the source endpoint.
     * @param to   the target endpoint.
     */
    public record Connection(Endpoint from, Endpoint to)
    {
    }

    /**
     * One end of a connection.
     *
     * @param kind  {@code connector} or {@code pipeline}.
     * @param alias the instance name.
     * @param port  the port ({@code out} for a source end, {@code in} for a target end when not given).
     */
    public record Endpoint(String kind, String alias, String port)
    {
    }
}
