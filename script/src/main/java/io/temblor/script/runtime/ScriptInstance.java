package io.temblor.script.runtime;

import io.temblor.json.Tape;
import io.temblor.offheap.ByteSink;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;
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
    private final ValueContext ctx;
    private final ScriptRunner runner;
    private final ValueWriter writer = new ValueWriter();
    private final long[] root = new long[4];

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
        this.ctx = new ValueContext(arena, constants, null);
        this.runner = new ScriptRunner(ctx);
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
        final long[] r = root;
        ctx.root(r, 0);
        return runValue(r[0], r[1]);
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
        final long[] r = root;
        ctx.newRecord(4, r, 2);
        final int outcome = runner.run(body, layout.size(), handle, bits, r[2], r[3], Values.NULL, 0);
        return switch (outcome)
        {
            case ScriptRunner.EMIT -> EMIT;
            case ScriptRunner.DROP -> DROP;
            default -> ERROR;
        };
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
        final Env env = runner.env();
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
        return runner.valueHandle();
    }

    /**
     * The emitted value's bits.
     *
     * @return the bits.
     */
    public long valueBits()
    {
        return runner.valueBits();
    }

    /**
     * The port of the emit, null for the default port.
     *
     * @return the port.
     */
    public String port()
    {
        return runner.port();
    }

    /**
     * The error of a run that returned {@link #ERROR}.
     *
     * @return the error, or null.
     */
    public ScriptError error()
    {
        return runner.error();
    }

    /**
     * Writes the emitted value as compact JSON.
     *
     * @param sink destination.
     * @return bytes written.
     */
    public long writeValue(final ByteSink sink)
    {
        return writer.write(ctx, runner.valueHandle(), runner.valueBits(), sink);
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
        return runner.env();
    }

    @Override
    public void close()
    {
        arena.close();
        runner.close();
    }
}
