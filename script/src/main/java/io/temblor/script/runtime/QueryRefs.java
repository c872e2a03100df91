package io.temblor.script.runtime;

import io.temblor.script.error.Span;

/**
 * The values a trickle {@code select} gives its expressions besides {@code event} and {@code $}: {@code group},
 * {@code window} and the results of its aggregate calls, read from the {@link Env} the select operator fills in before
 * it runs the target.
 */
public final class QueryRefs
{
    private QueryRefs()
    {
    }

    /** {@code group}: the current group's values followed by its key text. */
    public static final class Group extends Node
    {
        /**
         * The reference.
         *
         * @param span source.
         */
        public Group(final Span span)
        {
            super(span);
        }

        @Override
        public int execute(final Env e, final int at)
        {
            e.set(at, e.groupH, e.groupB);
            return CONTINUE;
        }
    }

    /** {@code window}: the name of the window that emits, or null outside windows. */
    public static final class Window extends Node
    {
        /**
         * The reference.
         *
         * @param span source.
         */
        public Window(final Span span)
        {
            super(span);
        }

        @Override
        public int execute(final Env e, final int at)
        {
            e.set(at, e.windowH, e.windowB);
            return CONTINUE;
        }
    }

    /** The result of the select's aggregate call number {@code index}. */
    public static final class Aggregate extends Node
    {
        private final int index;

        /**
         * The reference.
         *
         * @param span the call's source.
         * @param index the call's index among the select's aggregate calls.
         */
        public Aggregate(final Span span, final int index)
        {
            super(span);
            this.index = index;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            final long[] a = e.aggregates;
            e.set(at, a[2 * index], a[2 * index + 1]);
            return CONTINUE;
        }
    }
}
