package io.temblor.script.runtime;

import io.temblor.script.error.Span;

/**
 * A node of the executable tree (in the style of Truffle's SimpleLanguage, without Truffle): {@link #execute} computes
 * the node's value into the register pair {@code e.regs[at]}, {@code e.regs[at + 1]} and returns how control goes on.
 * Nodes are immutable after compilation; all per-event state lives in the {@link Env}, so one tree may serve many
 * instances. Called by the thread that owns the Env.
 */
public abstract class Node
{
    /** Control: go on with the next expression. */
    public static final int CONTINUE = 0;
    /** Control: the script emitted ({@link Env#port} names the port, the register pair the value). */
    public static final int EMIT = 1;
    /** Control: the script dropped the event. */
    public static final int DROP = 2;

    /** Source range, for errors. */
    protected final Span span;

    /**
     * A node.
     *
     * @param span its source range.
     */
    protected Node(final Span span)
    {
        this.span = span;
    }

    /**
     * The source range.
     *
     * @return the span.
     */
    public Span span()
    {
        return span;
    }

    /**
     * Evaluates the node.
     *
     * @param e the runtime state.
     * @param at absolute index of the result's handle register.
     * @return {@link #CONTINUE}, {@link #EMIT} or {@link #DROP}.
     */
    public abstract int execute(Env e, int at);

    /**
     * Whether the node is a literal whose value is known at compile time.
     *
     * @return true for literals.
     */
    public boolean isConstant()
    {
        return false;
    }
}
