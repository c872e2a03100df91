package io.temblor.script.compile;

import io.temblor.script.error.Span;
import io.temblor.script.runtime.Node;
import io.temblor.script.value.Arena;

import java.util.List;
import java.util.Map;

/**
 * A compiled trickle query: the nodes of its graph in the order Tremor creates them, the links between their ports in
 * the order Tremor connects them, and the constant pool every compiled expression of the query reads. Nested pipelines
 * are inlined (their nodes are named {@code pipeline-name/node}). The engine turns it into a runnable pipeline.
 * Immutable once built; the constant pool is shared, read only, by every instance of the pipeline.
 *
 * @param source    the query's source, for rendering errors.
 * @param constants the constant pool.
 * @param config    the {@code #!config} directives, by name (constant values).
 * @param nodes     the nodes.
 * @param links     the links, {@code from node/port -> to node/port}.
 * @param warnings  compile warnings.
 */
public record CompiledQuery(String source, Arena constants, Map<String, long[]> config, List<QueryNode> nodes,
    List<Link> links, List<Warning> warnings)
{
    /** A node of the graph. */
    public sealed interface QueryNode
    {
        /**
         * The node's name ({@code in}, {@code out}, a stream, {@code select_3}, a created operator or script).
         *
         * @return the name.
         */
        String name();
    }

    /**
     * An input stream of the pipeline ({@code in}, or {@code in/port}).
     *
     * @param name the name.
     */
    public record Input(String name) implements QueryNode
    {
    }

    /**
     * An output stream of the pipeline.
     *
     * @param name the node's name ({@code out}, {@code err}, {@code out/port}).
     * @param port the pipeline port events arriving here leave by.
     */
    public record Output(String name, String port) implements QueryNode
    {
    }

    /**
     * A node that passes events on unchanged: {@code create stream}, and the inlined ports of nested pipelines.
     *
     * @param name the name.
     */
    public record Stream(String name) implements QueryNode
    {
    }

    /**
     * A {@code select}.
     *
     * @param name       {@code select_N}.
     * @param target     the selected expression.
     * @param where      the filter, or null.
     * @param having     the post-filter, or null.
     * @param groupBy    the grouping, or null.
     * @param frameSize  registers of the frame every expression of the select runs in.
     * @param aggregates the aggregate calls, by index.
     * @param windows    the windows, first to last (tilt frames).
     * @param args       {@code args} of the enclosing pipeline (handle, bits).
     * @param span       the statement.
     * @param passthrough whether it is {@code select event} without where, having, group by, windows or aggregates:
     *                   it passes events on unchanged.
     */
    public record Select(String name, Node target, Node where, Node having, GroupBy groupBy, int frameSize,
        List<Aggregate> aggregates, List<Window> windows, long[] args, Span span, boolean passthrough) implements QueryNode
    {
    }

    /**
     * One aggregate call of a select.
     *
     * @param function the function under {@code aggr::}, e.g. {@code stats::count}.
     * @param args     the arguments, evaluated per event in the select's frame.
     * @param span     the call.
     */
    public record Aggregate(String function, List<Node> args, Span span)
    {
    }

    /**
     * A compiled {@code group by}.
     *
     * @param kind  {@code expr}, {@code set} or {@code each}.
     * @param expr  the expression ({@code expr}, {@code each}), or null.
     * @param items the members of a {@code set}.
     * @param span  source.
     */
    public record GroupBy(String kind, Node expr, List<GroupBy> items, Span span)
    {
    }

    /**
     * A window definition as used by a select.
     *
     * @param name             the window's name.
     * @param kind             {@code tumbling} or {@code sliding}.
     * @param size             events per window ({@code size}), or -1.
     * @param intervalNs       nanoseconds per window ({@code interval}), or -1.
     * @param maxGroups        {@code max_groups}, or {@link Long#MAX_VALUE}.
     * @param emitEmptyWindows {@code emit_empty_windows}.
     * @param state            the initial state of a state window (handle, bits), or null.
     * @param script           the window's script (weight, event time or state decision), or null.
     * @param scriptFrame      its frame size.
     * @param tickScript       the {@code script from tick} of a state window, or null.
     * @param tickFrame        its frame size.
     * @param span             the definition.
     */
    public record Window(String name, String kind, long size, long intervalNs, long maxGroups, boolean emitEmptyWindows,
        long[] state, Node script, int scriptFrame, Node tickScript, int tickFrame, Span span)
    {
    }

    /**
     * A created script.
     *
     * @param name      the node's name.
     * @param main      the main script.
     * @param mainFrame its frame size.
     * @param ports     scripts for named input ports ({@code script from port}), by port.
     * @param frames    their frame sizes, by port.
     * @param state     the initial {@code state} (handle, bits), or null.
     * @param args      the script's {@code args} (handle, bits).
     * @param span      the definition.
     */
    public record Script(String name, Node main, int mainFrame, Map<String, Node> ports, Map<String, Integer> frames,
        long[] state, long[] args, Span span) implements QueryNode
    {
    }

    /**
     * A created operator.
     *
     * @param name   the node's name.
     * @param kind   the operator's module and name, e.g. {@code [grouper, bucket]}.
     * @param config its configuration record (handle, bits).
     * @param span   the create statement.
     */
    public record Operator(String name, List<String> kind, long[] config, Span span) implements QueryNode
    {
    }

    /**
     * A link.
     *
     * @param from     the source node.
     * @param fromPort its output port.
     * @param to       the target node.
     * @param toPort   its input port.
     */
    public record Link(String from, String fromPort, String to, String toPort)
    {
    }
}
