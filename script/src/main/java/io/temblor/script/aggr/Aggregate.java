package io.temblor.script.aggr;

import io.temblor.script.value.ValueContext;

/**
 * One running aggregate (one per group, window and call site), with the life cycle of Tremor's {@code TremorAggrFn}:
 * {@link #init()}, {@link #accumulate} per event, {@link #emit} when the window closes, {@link #merge} into the next
 * tilt frame. Not thread safe: called by the pipeline agent that owns the window.
 */
public interface Aggregate
{
    /** Back to empty (settings learned from arguments, such as hdr/dds percentiles, are kept, as in Tremor). */
    void init();

    /**
     * Accumulates one event's arguments: {@code argc} values, the i-th at {@code regs[from + 2 * i]} (handle) and
     * {@code regs[from + 2 * i + 1]} (bits), read through {@code ctx}.
     *
     * @param ctx the context the arguments are read through.
     * @param regs registers holding the arguments.
     * @param from index of the first argument's handle.
     * @param argc argument count.
     * @throws io.temblor.script.runtime.ScriptError on a bad argument, with Tremor's message and the call's span.
     */
    void accumulate(ValueContext ctx, long[] regs, int from, int argc);

    /**
     * Folds a finished aggregate of the same function into this one (tilt frames: window k + 1 takes window k's
     * aggregate after k emitted); an aggregate of another function is ignored, as in Tremor.
     *
     * @param other the earlier window's aggregate.
     */
    void merge(Aggregate other);

    /**
     * Writes the current result, a value of ctx's event arena or an immediate, into {@code out[at]},
     * {@code out[at + 1]}. Does not reset.
     *
     * @param ctx the context whose arena receives the result.
     * @param out result registers.
     * @param at index of the result's handle.
     * @throws io.temblor.script.runtime.ScriptError when Tremor's emit fails (a dds percentile outside [0, 1]).
     */
    void emit(ValueContext ctx, long[] out, int at);

    /** Frees native memory held for retained values (win functions); the aggregate is unusable afterwards. */
    default void close()
    {
    }
}
