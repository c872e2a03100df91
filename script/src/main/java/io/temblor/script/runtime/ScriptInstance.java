package io.temblor.script.runtime;

import io.temblor.json.Tape;
import io.temblor.offheap.ByteSink;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;

/**
 * One runnable instance of a compiled script: its own event arena, register file and {@code state} (shared by the
 * events it runs; two state stores used alternately). Run it once per event with {@link #run(Tape)}; the outcome and
 * value stay readable until the next run. Not thread safe: one owner thread (instances of one script may run on
 * different threads, they share only the immutable node tree and constant pool).
 *
 * <p>Allocation: none per event in steady state on the paths that do not fail, except where noted in
 * {@code script/README.md} (string-typed keys of dynamic paths in error messages, and builtins that say so).
 */
public final class ScriptInstance implements AutoCloseable
{
    /** Outcome: a value was emitted ({@link #port()} names the port, null for the default one). */
    public static final int EMIT = 0;
    /** Outcome: the event was dropped. */
    public static final int DROP = 1;
    /** Outcome: a runtime error ({@link #error()}). */
    public static final int ERROR = -1;

    private final Node body;
    private final FrameLayout layout;
    private final Arena arena = new Arena(64 * 1024);
    private final Arena stateA = new Arena(4 * 1024);
    private final Arena stateB = new Arena(4 * 1024);
    private final ValueContext ctx;
    private final Env env;
    private final ValueWriter writer = new ValueWriter();
    private final int result;
    private ScriptError error;
    private long outH;
    private long outB;
    private String outPort;

    /**
     * An instance.
     *
     * @param body the script's top-level node.
     * @param layout the top-level frame layout.
     * @param constants the constant pool (shared, read only).
     */
    public ScriptInstance(final Node body, final FrameLayout layout, final Arena constants)
    {
        this.body = body;
        this.layout = layout;
        this.ctx = new ValueContext(arena, constants, stateA);
        this.env = new Env(ctx);
        this.result = layout.size();
    }

    /**
     * Runs the script on a parsed event.
     *
     * @param tape the event (read in place; valid until its parser parses again).
     * @return {@link #EMIT}, {@link #DROP} or {@link #ERROR}.
     */
    public int run(final Tape tape)
    {
        arena.reset();
        ctx.event(tape);
        final long[] s = env.tmp;
        ctx.root(s, 0);
        return runValue(s[0], s[1]);
    }

    /**
     * Runs the script on a value built in this instance's context (for example by {@link #context()} during the run
     * of a caller): call {@link Arena#reset()} through {@link #reset()} before building it.
     *
     * @param handle the event's handle.
     * @param bits its bits.
     * @return {@link #EMIT}, {@link #DROP} or {@link #ERROR}.
     */
    public int run(final long handle, final long bits)
    {
        return runValue(handle, bits);
    }

    /** Forgets the previous event's values (before building an event with {@link #context()}). */
    public void reset()
    {
        arena.reset();
    }

    private int runValue(final long handle, final long bits)
    {
        final Env e = env;
        error = null;
        e.resetScratch();
        e.eventH = handle;
        e.eventB = bits;
        ctx.retain(handle);
        final long[] r = e.regs;
        ctx.newRecord(4, r, 0);
        e.metaH = r[0];
        e.metaB = 0;
        ctx.retain(e.metaH);
        e.argsH = Values.NULL;
        e.argsB = 0;
        e.base = 0;
        e.depth = 0;
        e.recur = false;
        e.port = null;
        final long stateBefore = e.stateH;
        e.enterFrame(0, layout.size() + 2);
        int control = Node.CONTINUE;
        try
        {
            control = body.execute(e, result);
        }
        catch (final ScriptError ex)
        {
            error = ex;
        }
        catch (final StackOverflowError ex)
        {
            error = new ScriptError(body.span(), "Recursion limit Reached");
        }
        catch (final RuntimeException ex)
        {
            // a bug must cost one event, not the pipeline: report it as this event's error
            error = new ScriptError(body.span(), "Something went wrong and we're not sure what it was: " + ex);
        }
        if (null != error)
        {
            // state changes made before the error stay, as in Tremor
            outH = Values.NULL;
            outB = 0;
            if (e.stateH != stateBefore && Values.store(e.stateH) != ValueDescriptor.STORE_STATE)
            {
                persistState();
            }
            return ERROR;
        }
        outH = e.regs[result];
        outB = e.regs[result + 1];
        outPort = control == Node.EMIT ? e.port : null;
        if (e.stateH != stateBefore && Values.store(e.stateH) != ValueDescriptor.STORE_STATE)
        {
            persistState();
        }
        return control == Node.DROP ? DROP : EMIT;
    }

    private void persistState()
    {
        final long[] s = env.tmp;
        // the emitted value may point into the old state store: give it its own copy first
        if (!Values.isImmediate(outH) && Values.store(outH) != ValueDescriptor.STORE_TAPE)
        {
            ctx.copy(outH, outB, s, 0);
            outH = s[0];
            outB = s[1];
        }
        ctx.copy(env.stateH, env.stateB, s, 0);
        final Arena next = ctx.swapState(null) == stateA ? stateB : stateA;
        next.reset();
        ctx.swapState(next);
        ctx.copyTo(ValueDescriptor.STORE_STATE, s[0], s[1], s, 0);
        env.stateH = s[0];
        env.stateB = s[1];
    }

    /**
     * Sets the origin URI of the events that follow (read by {@code tremor::origin}).
     *
     * @param scheme the scheme, or null for no origin.
     * @param host the host.
     * @param port the port, or -1.
     * @param path the path segments.
     */
    public void origin(final String scheme, final String host, final int port, final String... path)
    {
        env.originScheme = scheme;
        env.originHost = host;
        env.originPort = port;
        env.originPath = path.clone();
    }

    /**
     * The emitted value's handle (valid until the next run).
     *
     * @return the handle.
     */
    public long valueHandle()
    {
        return outH;
    }

    /**
     * The emitted value's bits.
     *
     * @return the bits.
     */
    public long valueBits()
    {
        return outB;
    }

    /**
     * The port of the emit, null for the default port.
     *
     * @return the port.
     */
    public String port()
    {
        return outPort;
    }

    /**
     * The error of a run that returned {@link #ERROR}.
     *
     * @return the error, or null.
     */
    public ScriptError error()
    {
        return error;
    }

    /**
     * Writes the emitted value as compact JSON.
     *
     * @param sink destination.
     * @return bytes written.
     */
    public long writeValue(final ByteSink sink)
    {
        return writer.write(ctx, outH, outB, sink);
    }

    /**
     * Writes any value of this instance as compact JSON (for example the event of an error).
     *
     * @param handle the handle.
     * @param bits the bits.
     * @param sink destination.
     * @return bytes written.
     */
    public long write(final long handle, final long bits, final ByteSink sink)
    {
        return writer.write(ctx, handle, bits, sink);
    }

    /**
     * The value context (to build events or read results).
     *
     * @return the context.
     */
    public ValueContext context()
    {
        return ctx;
    }

    /**
     * The runtime state (for tests and builtins).
     *
     * @return the env.
     */
    public Env env()
    {
        return env;
    }

    @Override
    public void close()
    {
        arena.close();
        stateA.close();
        stateB.close();
    }
}
