package io.temblor.script.aggr;

import io.temblor.script.error.Span;

/**
 * An aggregate function of Tremor's {@code aggr} module: its name, the argument counts it takes and a factory of
 * running {@link Aggregate}s. Immutable; any thread may call.
 */
public interface AggregateFunction
{
    /**
     * The name under {@code aggr}.
     *
     * @return e.g. {@code stats::count}.
     */
    String name();

    /**
     * Fewest arguments.
     *
     * @return the minimum arity.
     */
    int minArity();

    /**
     * Most arguments.
     *
     * @return the maximum arity.
     */
    int maxArity();

    /**
     * A new empty aggregate (compile or window setup time: may allocate).
     *
     * @param span the call's span, for runtime errors.
     * @return the aggregate.
     */
    Aggregate create(Span span);
}
