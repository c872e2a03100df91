package io.temblor.engine.pipeline;

import io.temblor.script.compile.CompiledQuery;
import io.temblor.script.runtime.Node;
import io.temblor.script.runtime.ScriptRunner;
import io.temblor.script.value.ValueContext;

import java.util.Map;

/**
 * A created script ({@code define script ... create script ...}): runs the main script for events on {@code in} and
 * the {@code script from port} scripts for their ports, with one {@code state} shared by all of them. An emit leaves by
 * its port ({@code out} by default), a drop emits nothing, and a runtime error leaves by {@code err} as
 * {@code {"error": <rendered error>, "event": <event>}}, as in Tremor; an event on a port without a script leaves by
 * {@code err} with {@code "unknown port: `p`"}.
 */
final class ScriptOperator extends Operator implements AutoCloseable
{
    private final Pipeline pipeline;
    private final CompiledQuery.Script script;
    private final ScriptRunner runner;
    private final Node[] byPort;
    private final int[] frames;
    private final long errorKey;
    private final long eventKey;
    private final long[] tmp = new long[8];

    ScriptOperator(final Pipeline pipeline, final CompiledQuery.Script script)
    {
        super(script.name());
        this.pipeline = pipeline;
        this.script = script;
        final ValueContext ctx = pipeline.context();
        this.runner = new ScriptRunner(ctx);
        if (null != script.state())
        {
            runner.state(script.state()[0], script.state()[1]);
        }
        int max = Pipeline.IN;
        for (final String port : script.ports().keySet())
        {
            max = Math.max(max, pipeline.portId(port));
        }
        byPort = new Node[max + 1];
        frames = new int[max + 1];
        byPort[Pipeline.IN] = script.main();
        frames[Pipeline.IN] = script.mainFrame();
        for (final Map.Entry<String, Node> e : script.ports().entrySet())
        {
            final int id = pipeline.portId(e.getKey());
            byPort[id] = e.getValue();
            frames[id] = script.frames().get(e.getKey());
        }
        ctx.newConstantString("error", tmp, 0);
        errorKey = tmp[0];
        ctx.newConstantString("event", tmp, 0);
        eventKey = tmp[0];
    }

    @Override
    public void onEvent(final int port, final PipelineEvent event, final Emitter out)
    {
        final Node body = port < byPort.length ? byPort[port] : null;
        if (null == body)
        {
            error(event, "unknown port: `" + pipeline.portName(port) + "`", out);
            return;
        }
        final long[] args = script.args();
        runner.env().ingestNs = event.ingestNs;
        final int outcome = runner.run(body, frames[port], event.valueH, event.valueB, event.metaH, event.metaB, args[0],
            args[1]);
        switch (outcome)
        {
            case ScriptRunner.EMIT ->
            {
                final String to = runner.port();
                out.emit(null == to ? Pipeline.OUT : pipeline.portId(to), runner.valueHandle(), runner.valueBits(),
                    runner.metaHandle(), runner.metaBits(), event.ingestNs, event.id);
            }
            case ScriptRunner.DROP ->
            {
                // nothing leaves
            }
            default -> error(event, rendered(runner.error().render(pipeline.query().source())), out);
        }
    }

    /** Tremor's error text as its operators put it in events: the rendered error followed by a blank line. */
    private static String rendered(final String text)
    {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n')
        {
            end--;
        }
        return text.substring(0, end) + "\n\n";
    }

    private void error(final PipelineEvent event, final String message, final Emitter out)
    {
        final ValueContext ctx = pipeline.context();
        final long[] t = tmp;
        ctx.newRecord(2, t, 0);
        ctx.newString(message, t, 2);
        ctx.put(t[0], errorKey, t[2], t[3], t, 0);
        ctx.put(t[0], eventKey, event.valueH, event.valueB, t, 0);
        out.emit(Pipeline.ERR, t[0], t[1], event.metaH, event.metaB, event.ingestNs, event.id);
    }

    @Override
    public void close()
    {
        runner.close();
    }
}
