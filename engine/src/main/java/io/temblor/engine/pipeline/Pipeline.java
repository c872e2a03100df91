package io.temblor.engine.pipeline;

import io.temblor.json.Tape;
import io.temblor.script.compile.CompiledQuery;
import io.temblor.script.error.CompileError;
import io.temblor.script.runtime.ScriptError;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A runnable pipeline: the graph of a {@link CompiledQuery} with one operator per node, executed as Tremor executes
 * its graphs: an input event is pushed on a stack, the top of the stack is handed to its node, the node's outputs are
 * pushed for every node linked to the port they leave by, until the stack is empty; events reaching an output node are
 * returned, in the reverse order of their arrival (which is Tremor's order, so outputs match Tremor's event for event).
 *
 * <p>Memory: every operator shares one {@link ValueContext}; the event arena is reset when the next input event
 * arrives, so emitted values are valid until then. Operators keep what must outlive an event (window aggregates,
 * groups, script state) in stores of their own. The stack and the output buffer are primitive arrays that grow once;
 * a steady stream of events allocates nothing here.
 *
 * <p>Not thread safe: one pipeline runs on one thread.
 */
public final class Pipeline implements AutoCloseable
{
    /** Outcome of {@link #enqueue}: the event went through. */
    public static final int OK = 0;
    /** Outcome of {@link #enqueue}: an operator failed the event ({@link #error()}). */
    public static final int ERROR = -1;

    /** Port id of {@code in}. */
    public static final int IN = 0;
    /** Port id of {@code out}. */
    public static final int OUT = 1;
    /** Port id of {@code err}. */
    public static final int ERR = 2;
    /** Port id of {@code overflow}. */
    public static final int OVERFLOW = 3;

    /** Receives the events that leave the pipeline. */
    public interface Outputs
    {
        /**
         * An event left by an output port.
         *
         * @param port the port ({@code out}, {@code err}, ...).
         * @param valueH the value (valid until the next input event).
         * @param valueB its bits.
         * @param metaH its metadata.
         * @param metaB their bits.
         * @param ingestNs ingest time.
         * @param id event id.
         */
        void onOutput(String port, long valueH, long valueB, long metaH, long metaB, long ingestNs, long id);
    }

    private final CompiledQuery query;
    private final Arena arena = new Arena(256 * 1024);
    private final ValueContext ctx;
    private final Map<String, Integer> portIds = new HashMap<>();
    private final List<String> portNames = new ArrayList<>();
    private final Map<String, Integer> nodeIds = new HashMap<>();
    private final Operator[] operators;
    private final String[] outputPorts;
    /** Per node and output port: the (node, port) pairs it feeds, pass-through nodes bypassed. */
    private final int[][][] edges;
    /** Per node: the (node, port) pairs an event entering it is pushed as (itself, or a pass-through's targets). */
    private final int[][] entries;
    /** Per output node: the id of the port it returns by; -1 for other nodes. */
    private final int[] outputPortIds;
    private String lastInput;
    private int lastInputNode = -1;
    private final PipelineEvent event = new PipelineEvent();
    private final Collector collector = new Collector();
    private final long[] root = new long[2];

    private int top;
    private int[] sNode = new int[64];
    private int[] sPort = new int[64];
    private long[] sData = new long[64 * 6];

    private int returned;
    private int[] rPort = new int[16];
    private long[] rData = new long[16 * 6];

    private ScriptError error;

    /**
     * Builds the pipeline of a compiled query.
     *
     * @param query the query.
     * @throws CompileError when an operator's configuration is invalid or its kind unknown.
     */
    public Pipeline(final CompiledQuery query)
    {
        this.query = query;
        this.ctx = new ValueContext(arena, query.constants(), null);
        for (final String p : new String[] {"in", "out", "err", "overflow"})
        {
            portId(p);
        }
        final List<CompiledQuery.QueryNode> nodes = query.nodes();
        operators = new Operator[nodes.size()];
        outputPorts = new String[nodes.size()];
        for (int i = 0; i < nodes.size(); i++)
        {
            final CompiledQuery.QueryNode node = nodes.get(i);
            nodeIds.put(node.name(), i);
            operators[i] = switch (node)
            {
                case CompiledQuery.Output o ->
                {
                    outputPorts[i] = o.port();
                    yield null;
                }
                case CompiledQuery.Input in -> new Operators.Passthrough(in.name());
                case CompiledQuery.Stream s -> new Operators.Passthrough(s.name());
                case CompiledQuery.Select s -> s.passthrough() ? new Operators.Passthrough(s.name()) :
                    new SelectOperator(this, s);
                case CompiledQuery.Script s -> new ScriptOperator(this, s);
                case CompiledQuery.Operator o -> Operators.create(this, o);
            };
        }
        final Map<Integer, Map<Integer, List<int[]>>> byNode = new HashMap<>();
        for (final CompiledQuery.Link link : query.links())
        {
            final Integer from = nodeIds.get(link.from());
            final Integer to = nodeIds.get(link.to());
            if (null == from || null == to)
            {
                throw new IllegalStateException("link to an unknown node: " + link);
            }
            byNode.computeIfAbsent(from, k -> new HashMap<>()).computeIfAbsent(portId(link.fromPort()), k -> new ArrayList<>())
                .add(new int[] {to, portId(link.toPort())});
        }
        final int[][][] direct = new int[operators.length][][];
        for (int i = 0; i < operators.length; i++)
        {
            final Map<Integer, List<int[]>> ports = byNode.getOrDefault(i, Map.of());
            int max = 0;
            for (final int p : ports.keySet())
            {
                max = Math.max(max, p + 1);
            }
            direct[i] = new int[max][];
            for (final Map.Entry<Integer, List<int[]>> e : ports.entrySet())
            {
                final List<int[]> targets = e.getValue();
                final int[] flat = new int[targets.size() * 2];
                for (int t = 0; t < targets.size(); t++)
                {
                    flat[2 * t] = targets.get(t)[0];
                    flat[2 * t + 1] = targets.get(t)[1];
                }
                direct[i][e.getKey()] = flat;
            }
        }
        edges = new int[operators.length][][];
        entries = new int[operators.length][];
        outputPortIds = new int[operators.length];
        for (int i = 0; i < operators.length; i++)
        {
            edges[i] = new int[direct[i].length][];
            for (int p = 0; p < direct[i].length; p++)
            {
                edges[i][p] = null == direct[i][p] ? null : bypass(direct, direct[i][p], 0);
            }
            entries[i] = operators[i] instanceof Operators.Passthrough ?
                bypass(direct, new int[] {i, IN}, 0) : new int[] {i, IN};
            outputPortIds[i] = null == outputPorts[i] ? -1 : portId(outputPorts[i]);
        }
    }

    /**
     * The targets of a link list with every pass-through node among them replaced by its own targets (of its
     * {@code out} port), recursively: a pass-through emits what it gets on {@code out}, so pushing its targets where
     * it would have been pushed processes the same events in the same order without the extra stack round. A chain
     * longer than the graph (a cycle of pass-throughs) is left as it is.
     */
    private int[] bypass(final int[][][] direct, final int[] targets, final int depth)
    {
        final List<Integer> flat = new ArrayList<>();
        for (int t = 0; t < targets.length; t += 2)
        {
            final int node = targets[t];
            if (operators[node] instanceof Operators.Passthrough && depth <= operators.length)
            {
                final int[] next = OUT < direct[node].length ? direct[node][OUT] : null;
                if (null != next)
                {
                    for (final int v : bypass(direct, next, depth + 1))
                    {
                        flat.add(v);
                    }
                }
            }
            else
            {
                flat.add(node);
                flat.add(targets[t + 1]);
            }
        }
        final int[] out = new int[flat.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = flat.get(i);
        }
        return out;
    }

    /**
     * Whether every event sent into {@code input} leaves unchanged by the {@code out} port and by nothing else: the
     * input's only target, once pass-through nodes ({@code select event from in into out}) are bypassed, is the
     * {@code out} output. A runtime may then forward such an event's bytes as they are.
     *
     * @param input the input node's name.
     * @return true for an identity pipeline from {@code input} to {@code out}.
     */
    public boolean isDirectToOut(final String input)
    {
        final Integer node = nodeIds.get(input);
        if (null == node || !(operators[node] instanceof Operators.Passthrough))
        {
            return false;
        }
        final int[] targets = entries[node];
        return targets.length == 2 && null == operators[targets[0]] && "out".equals(outputPorts[targets[0]]);
    }

    /**
     * The id of a port name (assigned on first use; build time or the first emit to a new port).
     *
     * @param port the port's name.
     * @return its id.
     */
    public int portId(final String port)
    {
        final Integer id = portIds.get(port);
        if (null != id)
        {
            return id;
        }
        final int next = portNames.size();
        portIds.put(port, next);
        portNames.add(port);
        return next;
    }

    /**
     * The name of a port id.
     *
     * @param id the id.
     * @return the name.
     */
    public String portName(final int id)
    {
        return portNames.get(id);
    }

    /**
     * The shared value context every operator reads and writes.
     *
     * @return the context.
     */
    public ValueContext context()
    {
        return ctx;
    }

    /**
     * The compiled query.
     *
     * @return the query.
     */
    public CompiledQuery query()
    {
        return query;
    }

    /**
     * The error of an {@link #enqueue} that returned {@link #ERROR}.
     *
     * @return the error.
     */
    public ScriptError error()
    {
        return error;
    }

    /**
     * The operator of a node, for tests and metrics.
     *
     * @param name the node's name.
     * @return the operator, or null for output nodes and unknown names.
     */
    public Operator operator(final String name)
    {
        final Integer id = nodeIds.get(name);
        return null == id ? null : operators[id];
    }

    /**
     * Sends a parsed event into an input stream: resets the event arena, reads the event from the tape in place, with
     * empty metadata.
     *
     * @param input the input node ({@code in}).
     * @param tape the event.
     * @param ingestNs its ingest time.
     * @param id its id.
     * @param outputs receives what leaves the pipeline.
     * @return {@link #OK} or {@link #ERROR}.
     */
    public int enqueue(final String input, final Tape tape, final long ingestNs, final long id, final Outputs outputs)
    {
        arena.reset();
        ctx.event(tape);
        final long[] r = root;
        ctx.root(r, 0);
        final long valueH = r[0];
        final long valueB = r[1];
        ctx.newRecord(4, r, 0);
        return run(input, valueH, valueB, r[0], r[1], ingestNs, id, outputs);
    }

    /**
     * Sends a binary event into an input stream: resets the event arena, copies the bytes (an event ring frame's
     * payload) into a binary value there, with empty metadata. Allocates nothing once the arena has grown.
     *
     * @param input the input node ({@code in}).
     * @param memory the bytes' memory.
     * @param offset where they start.
     * @param length how many.
     * @param ingestNs its ingest time.
     * @param id its id.
     * @param outputs receives what leaves the pipeline.
     * @return {@link #OK} or {@link #ERROR}.
     */
    public int enqueueBinary(final String input, final MemorySegment memory, final long offset, final int length,
        final long ingestNs, final long id, final Outputs outputs)
    {
        arena.reset();
        final long[] r = root;
        ctx.newBinary(memory, offset, length, r, 0);
        final long valueH = r[0];
        final long valueB = r[1];
        ctx.newRecord(4, r, 0);
        return run(input, valueH, valueB, r[0], r[1], ingestNs, id, outputs);
    }

    /**
     * Resets the event arena before an event is built in {@link #context()} for {@link #enqueueValue}.
     */
    public void resetArena()
    {
        arena.reset();
    }

    /**
     * Sends an event already built in the shared context into an input stream.
     *
     * @param input the input node.
     * @param valueH value.
     * @param valueB its bits.
     * @param metaH metadata record.
     * @param metaB its bits.
     * @param ingestNs ingest time.
     * @param id event id.
     * @param outputs receives what leaves the pipeline.
     * @return {@link #OK} or {@link #ERROR}.
     */
    public int enqueueValue(final String input, final long valueH, final long valueB, final long metaH, final long metaB,
        final long ingestNs, final long id, final Outputs outputs)
    {
        return run(input, valueH, valueB, metaH, metaB, ingestNs, id, outputs);
    }

    private int run(final String input, final long valueH, final long valueB, final long metaH, final long metaB,
        final long ingestNs, final long id, final Outputs outputs)
    {
        final int node = inputNode(input);
        error = null;
        top = 0;
        returned = 0;
        final int[] entry = entries[node];
        for (int t = 0; t < entry.length; t += 2)
        {
            push(entry[t], entry[t + 1], valueH, valueB, metaH, metaB, ingestNs, id);
        }
        if (!drain())
        {
            deliver(outputs, false);
            return ERROR;
        }
        deliver(outputs, true);
        return OK;
    }

    /** Hands the top of the stack to its node until the stack is empty; false when an operator failed the event. */
    private boolean drain()
    {
        final PipelineEvent e = event;
        final Collector c = collector;
        while (top > 0)
        {
            top--;
            final int n = sNode[top];
            final int port = sPort[top];
            final int d = top * 6;
            e.set(sData[d], sData[d + 1], sData[d + 2], sData[d + 3], sData[d + 4], sData[d + 5]);
            final Operator op = operators[n];
            if (null == op)
            {
                addReturn(outputPortIds[n], e);
                continue;
            }
            c.count = 0;
            try
            {
                op.onEvent(port, e, c);
            }
            catch (final ScriptError ex)
            {
                error = ex;
                top = 0;
                return false;
            }
            pushOutputs(n, c);
        }
        return true;
    }

    /** Pushes what a node emitted, in emitted order, once per node linked to the port it left by. */
    private void pushOutputs(final int n, final Collector c)
    {
        final int[][] out = edges[n];
        for (int i = 0; i < c.count; i++)
        {
            final int p = c.ports[i];
            final int[] targets = p < out.length ? out[p] : null;
            if (null == targets)
            {
                continue;
            }
            final int cd = i * 6;
            final long[] cv = c.data;
            for (int t = 0; t < targets.length; t += 2)
            {
                push(targets[t], targets[t + 1], cv[cd], cv[cd + 1], cv[cd + 2], cv[cd + 3], cv[cd + 4], cv[cd + 5]);
            }
        }
    }

    /**
     * Sends a tick to every operator (time-based windows emit on it); what they emit flows through the graph.
     *
     * @param nowNs the time.
     * @param outputs receives what leaves the pipeline.
     * @return {@link #OK} or {@link #ERROR}.
     */
    public int tick(final long nowNs, final Outputs outputs)
    {
        arena.reset();
        error = null;
        returned = 0;
        top = 0;
        final Collector c = collector;
        for (int n = 0; n < operators.length; n++)
        {
            final Operator op = operators[n];
            if (null == op)
            {
                continue;
            }
            c.count = 0;
            try
            {
                op.onTick(nowNs, c);
            }
            catch (final ScriptError ex)
            {
                error = ex;
                deliver(outputs, false);
                return ERROR;
            }
            if (c.count == 0)
            {
                continue;
            }
            pushOutputs(n, c);
            if (!drain())
            {
                deliver(outputs, false);
                return ERROR;
            }
        }
        deliver(outputs, true);
        return OK;
    }

    /**
     * Sends a contraflow insight to every operator, last node first (towards the sources).
     *
     * @param insight the insight.
     */
    public void contraflow(final Insight insight)
    {
        for (int n = operators.length - 1; n >= 0; n--)
        {
            if (null != operators[n])
            {
                operators[n].onContraflow(insight);
            }
        }
    }

    /** The node of an input stream's name; the last name is remembered, so a steady source costs no map lookup. */
    private int inputNode(final String input)
    {
        if (input == lastInput && lastInputNode >= 0)
        {
            return lastInputNode;
        }
        final Integer node = nodeIds.get(input);
        if (null == node || null == operators[node] && null == outputPorts[node])
        {
            throw new IllegalArgumentException("no input stream `" + input + "` in this pipeline");
        }
        lastInput = input;
        lastInputNode = node;
        return node;
    }

    private void deliver(final Outputs outputs, final boolean reversed)
    {
        final int n = returned;
        for (int k = 0; k < n; k++)
        {
            final int i = reversed ? n - 1 - k : k;
            final int d = i * 6;
            outputs.onOutput(portNames.get(rPort[i]), rData[d], rData[d + 1], rData[d + 2], rData[d + 3], rData[d + 4],
                rData[d + 5]);
        }
        returned = 0;
    }

    private void addReturn(final int port, final PipelineEvent e)
    {
        if (returned == rPort.length)
        {
            rPort = Arrays.copyOf(rPort, returned * 2);
            rData = Arrays.copyOf(rData, returned * 12);
        }
        rPort[returned] = port;
        store(rData, returned * 6, e.valueH, e.valueB, e.metaH, e.metaB, e.ingestNs, e.id);
        returned++;
    }

    private void push(final int node, final int port, final long vh, final long vb, final long mh, final long mb,
        final long ingestNs, final long id)
    {
        if (top == sNode.length)
        {
            sNode = Arrays.copyOf(sNode, top * 2);
            sPort = Arrays.copyOf(sPort, top * 2);
            sData = Arrays.copyOf(sData, top * 12);
        }
        sNode[top] = node;
        sPort[top] = port;
        store(sData, top * 6, vh, vb, mh, mb, ingestNs, id);
        top++;
    }

    /** Writes one event record (value, metadata, ingest time, id: six longs) at {@code at}. */
    static void store(final long[] data, final int at, final long valueH, final long valueB, final long metaH,
        final long metaB, final long ingestNs, final long id)
    {
        data[at] = valueH;
        data[at + 1] = valueB;
        data[at + 2] = metaH;
        data[at + 3] = metaB;
        data[at + 4] = ingestNs;
        data[at + 5] = id;
    }

    /** Collects one operator call's emitted events, in order. */
    private static final class Collector implements Operator.Emitter
    {
        int count;
        int[] ports = new int[16];
        long[] data = new long[16 * 6];

        @Override
        public void emit(final int port, final long valueH, final long valueB, final long metaH, final long metaB,
            final long ingestNs, final long id)
        {
            if (count == ports.length)
            {
                ports = Arrays.copyOf(ports, count * 2);
                data = Arrays.copyOf(data, count * 12);
            }
            ports[count] = port;
            store(data, count * 6, valueH, valueB, metaH, metaB, ingestNs, id);
            count++;
        }
    }

    @Override
    public void close()
    {
        for (final Operator op : operators)
        {
            if (op instanceof AutoCloseable closeable)
            {
                try
                {
                    closeable.close();
                }
                catch (final Exception ex)
                {
                    // closing releases memory only; nothing to report
                }
            }
        }
        arena.close();
    }
}
