package io.temblor.script.runtime;

import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

/**
 * Runs compiled script trees on a {@link ValueContext} shared by every node of a pipeline: the event, its metadata and
 * {@code args} are handles of that context (tape, per-event arena or constant pool), and the runner keeps its own
 * {@code state} in two stores of its own, swapped into the context only while it runs. Results that would point into
 * the runner's state are copied into the per-event arena, so the next node can read them. Not thread safe.
 *
 * <p>Allocation: none per run in steady state beyond what the script itself allocates (see {@link ScriptInstance}).
 */
public final class ScriptRunner implements AutoCloseable
{
    /** Outcome: a value was emitted ({@link #port()} names the port, null for the default one). */
    public static final int EMIT = 0;
    /** Outcome: the event was dropped. */
    public static final int DROP = 1;
    /** Outcome: a runtime error ({@link #error()}). */
    public static final int ERROR = -1;

    private final ValueContext ctx;
    private final Env env;
    private final Arena stateA = new Arena(1024);
    private final Arena stateB = new Arena(1024);
    private Arena state = stateA;
    private ScriptError error;
    private long outH;
    private long outB;
    private long metaH;
    private long metaB;
    private String port;

    /**
     * A runner.
     *
     * @param ctx the pipeline's shared context.
     */
    public ScriptRunner(final ValueContext ctx)
    {
        this.ctx = ctx;
        this.env = new Env(ctx);
        env.stateH = Values.NULL;
        env.stateB = 0;
    }

    /**
     * The runtime state, to set {@code group}, {@code window} and aggregate results before a run.
     *
     * @return the env.
     */
    public Env env()
    {
        return env;
    }

    /**
     * Sets {@code state} (copied into the runner's own store).
     *
     * @param handle the value.
     * @param bits its bits.
     */
    public void state(final long handle, final long bits)
    {
        final Arena previous = ctx.swapState(state);
        try
        {
            state.reset();
            final long[] s = env.tmp;
            ctx.copyTo(ValueDescriptor.STORE_STATE, handle, bits, s, 0);
            env.stateH = s[0];
            env.stateB = s[1];
        }
        finally
        {
            ctx.swapState(previous);
        }
    }

    /**
     * Runs a tree.
     *
     * @param body the tree.
     * @param frameSize registers of its top-level frame.
     * @param eventH the event.
     * @param eventB its bits.
     * @param metaH the event's metadata (a record).
     * @param metaB its bits.
     * @param argsH {@code args}.
     * @param argsB its bits.
     * @return {@link #EMIT}, {@link #DROP} or {@link #ERROR}.
     */
    public int run(final Node body, final int frameSize, final long eventH, final long eventB, final long metaH,
        final long metaB, final long argsH, final long argsB)
    {
        final Env e = env;
        final ValueContext c = ctx;
        final Arena previous = c.swapState(state);
        error = null;
        e.resetScratch();
        e.eventH = eventH;
        e.eventB = eventB;
        e.metaH = metaH;
        e.metaB = metaB;
        e.argsH = argsH;
        e.argsB = argsB;
        e.base = 0;
        e.depth = 0;
        e.recur = false;
        e.port = null;
        final long stateBefore = e.stateH;
        final int result = frameSize;
        // the event and its metadata may be shared with other nodes: writes to them copy first
        c.retain(eventH);
        c.retain(metaH);
        e.enterFrame(0, frameSize + 2);
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
            error = new ScriptError(body.span(), "Something went wrong and we're not sure what it was: " + ex);
        }
        try
        {
            final long[] s = e.tmp;
            final boolean stateful = !Values.isNull(e.stateH) || !Values.isNull(stateBefore);
            if (null != error)
            {
                outH = Values.NULL;
                outB = 0;
            }
            else
            {
                outH = e.regs[result];
                outB = e.regs[result + 1];
                if (stateful && mayHoldState(outH))
                {
                    // the result may be, or hold, values of the state store, which is not installed when others read it
                    c.copy(outH, outB, s, 0);
                    outH = s[0];
                    outB = s[1];
                }
            }
            this.metaH = e.metaH;
            this.metaB = e.metaB;
            if (stateful && mayHoldState(this.metaH))
            {
                c.copy(this.metaH, this.metaB, s, 0);
                this.metaH = s[0];
                this.metaB = s[1];
            }
            port = control == Node.EMIT ? e.port : null;
            if (e.stateH != stateBefore && Values.store(e.stateH) != ValueDescriptor.STORE_STATE)
            {
                // the new state lives in the event arena or the tape: move it into the other state store
                // (a deep copy first: parts of it may still point into the current state store)
                c.copy(e.stateH, e.stateB, s, 0);
                final Arena next = state == stateA ? stateB : stateA;
                next.reset();
                c.swapState(next);
                c.copyTo(ValueDescriptor.STORE_STATE, s[0], s[1], s, 0);
                state = next;
                e.stateH = s[0];
                e.stateB = s[1];
            }
        }
        finally
        {
            c.swapState(previous);
        }
        if (null != error)
        {
            return ERROR;
        }
        return control == Node.DROP ? DROP : EMIT;
    }

    /** Whether a value may be or contain a handle of the state store: containers and strings of the arena or state. */
    private static boolean mayHoldState(final long handle)
    {
        final int store = Values.store(handle);
        return store == ValueDescriptor.STORE_STATE || store == ValueDescriptor.STORE_ARENA;
    }

    /**
     * The result's handle (valid until the pipeline's event arena is reset).
     *
     * @return the handle.
     */
    public long valueHandle()
    {
        return outH;
    }

    /**
     * The result's bits.
     *
     * @return the bits.
     */
    public long valueBits()
    {
        return outB;
    }

    /**
     * The metadata after the run ({@code let $... = ...} may have changed it).
     *
     * @return the handle.
     */
    public long metaHandle()
    {
        return metaH;
    }

    /**
     * The metadata's bits.
     *
     * @return the bits.
     */
    public long metaBits()
    {
        return metaB;
    }

    /**
     * The port of an {@code emit => "port"}, null for the default port.
     *
     * @return the port.
     */
    public String port()
    {
        return port;
    }

    /**
     * The error of a run that returned {@link #ERROR}.
     *
     * @return the error.
     */
    public ScriptError error()
    {
        return error;
    }

    @Override
    public void close()
    {
        stateA.close();
        stateB.close();
    }
}
