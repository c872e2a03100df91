package io.temblor.script.aggr;

import io.temblor.script.error.Span;

import java.util.Map;
import java.util.function.Function;

/** The registry of Tremor's aggregate functions ({@code aggr::stats::*}, {@code aggr::win::*}). */
public final class Aggregates
{
    private static final Map<String, AggregateFunction> FUNCTIONS = Map.ofEntries(
        entry("stats::count", 0, 0, span -> new Count()),
        entry("stats::min", 1, 1, span -> new Extreme(span, false)),
        entry("stats::max", 1, 1, span -> new Extreme(span, true)),
        entry("stats::sum", 1, 1, Sum::new),
        entry("stats::var", 1, 1, span -> new Var(span, false)),
        entry("stats::stdev", 1, 1, span -> new Var(span, true)),
        entry("stats::mean", 1, 1, Mean::new),
        entry("stats::hdr", 1, 2, Hdr::new),
        entry("stats::dds", 1, 2, Dds::new),
        entry("win::first", 1, 1, span -> new Single(false)),
        entry("win::last", 1, 1, span -> new Single(true)),
        entry("win::collect_flattened", 1, 1, span -> new Collect(false)),
        entry("win::collect_nested", 1, 1, span -> new Collect(true)));

    private Aggregates()
    {
    }

    /**
     * The function of a name under {@code aggr}.
     *
     * @param name {@code module::function}, e.g. {@code stats::count} or {@code win::collect_flattened}.
     * @return the function, or null when Tremor has none of that name.
     */
    public static AggregateFunction lookup(final String name)
    {
        return FUNCTIONS.get(name);
    }

    private static Map.Entry<String, AggregateFunction> entry(final String name, final int minArity, final int maxArity,
        final Function<Span, Aggregate> factory)
    {
        return Map.entry(name, new Definition(name, minArity, maxArity, factory));
    }

    private record Definition(String name, int minArity, int maxArity, Function<Span, Aggregate> factory)
        implements AggregateFunction
    {
        @Override
        public Aggregate create(final Span span)
        {
            return factory.apply(span);
        }
    }
}
