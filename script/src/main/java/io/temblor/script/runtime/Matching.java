package io.temblor.script.runtime;

import io.temblor.script.ast.BinOp;
import io.temblor.script.error.Span;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.util.List;

import static io.temblor.script.value.ValueDescriptor.TYPE_ARRAY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BINARY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BOOL;
import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;

/**
 * {@code match} and its patterns, with Tremor's semantics ({@code test_predicate_expr}): record patterns test fields
 * for presence, absence, comparisons and nested patterns; array patterns ask that each element predicate matches some
 * element; tuple patterns match position by position ({@code ...} allows more elements). A binding {@code x = p}
 * stores what the pattern extracted (for record patterns the tested fields, for array patterns [index, value] pairs,
 * for {@code _} and expressions the value). No case matching is a runtime error.
 */
public final class Matching
{
    private Matching()
    {
    }

    /** A pattern. */
    public abstract static class Pattern
    {
        /** Source. */
        protected final Span span;

        /**
         * A pattern.
         *
         * @param span source.
         */
        protected Pattern(final Span span)
        {
            this.span = span;
        }

        /**
         * Tests a value.
         *
         * @param e runtime.
         * @param h the value's handle.
         * @param b its bits.
         * @param out register receiving what the pattern extracted, or -1 when not needed.
         * @return true on a match.
         */
        public abstract boolean test(Env e, long h, long b, int out);
    }

    /** {@code _}. */
    public static final class Any extends Pattern
    {
        /**
         * Matches anything.
         *
         * @param span source.
         */
        public Any(final Span span)
        {
            super(span);
        }

        @Override
        public boolean test(final Env e, final long h, final long b, final int out)
        {
            if (out >= 0)
            {
                e.set(out, h, b);
            }
            return true;
        }
    }

    /** A value the target must equal. */
    public static final class Equals extends Pattern
    {
        private final Node value;
        private final int tmp;

        /**
         * An equality pattern.
         *
         * @param span source.
         * @param value the expected value.
         * @param tmp one register pair.
         */
        public Equals(final Span span, final Node value, final int tmp)
        {
            super(span);
            this.value = value;
            this.tmp = tmp;
        }

        /**
         * The expected value.
         *
         * @return its node.
         */
        public Node value()
        {
            return value;
        }

        @Override
        public boolean test(final Env e, final long h, final long b, final int out)
        {
            final int t = e.base + tmp;
            value.execute(e, t);
            if (!e.ctx.equal(h, b, e.regs[t], e.regs[t + 1]))
            {
                return false;
            }
            if (out >= 0)
            {
                e.move(t, out);
            }
            return true;
        }
    }

    /** {@code name = pattern}. */
    public static final class Bind extends Pattern
    {
        private final int slot;
        private final Pattern pattern;
        private final int tmp;

        /**
         * A binding.
         *
         * @param span source.
         * @param slot the local's register pair.
         * @param pattern the pattern.
         * @param tmp one register pair.
         */
        public Bind(final Span span, final int slot, final Pattern pattern, final int tmp)
        {
            super(span);
            this.slot = slot;
            this.pattern = pattern;
            this.tmp = tmp;
        }

        @Override
        public boolean test(final Env e, final long h, final long b, final int out)
        {
            final int t = e.base + tmp;
            if (!pattern.test(e, h, b, t))
            {
                return false;
            }
            e.assign(e.base + slot, e.regs[t], e.regs[t + 1]);
            if (out >= 0)
            {
                e.move(t, out);
            }
            return true;
        }
    }

    /** One field predicate of a record pattern. */
    public static final class Field
    {
        /** {@code present f}. */
        public static final int PRESENT = 0;
        /** {@code absent f}. */
        public static final int ABSENT = 1;
        /** {@code f op value}. */
        public static final int COMPARE = 2;
        /** {@code f ~= pattern} with a record, array or tuple pattern. */
        public static final int NESTED = 3;

        final int kind;
        final long key;
        final BinOp op;
        final Node value;
        final Pattern nested;
        final int nestedType;

        /**
         * A field predicate.
         *
         * @param kind a kind constant.
         * @param key the field's string handle.
         * @param op for comparisons.
         * @param value for comparisons.
         * @param nested for nested patterns.
         * @param nestedType the type the field must have for nested patterns (record or array), -1 for any.
         */
        public Field(final int kind, final long key, final BinOp op, final Node value, final Pattern nested,
            final int nestedType)
        {
            this.kind = kind;
            this.key = key;
            this.op = op;
            this.value = value;
            this.nested = nested;
            this.nestedType = nestedType;
        }
    }

    /** {@code %{ ... }}. */
    public static final class RecordPattern extends Pattern
    {
        private final Field[] fields;
        private final int tmp;

        /**
         * A record pattern.
         *
         * @param span source.
         * @param fields the predicates.
         * @param tmp three register pairs.
         */
        public RecordPattern(final Span span, final List<Field> fields, final int tmp)
        {
            super(span);
            this.fields = fields.toArray(new Field[0]);
            this.tmp = tmp;
        }

        @Override
        public boolean test(final Env e, final long h, final long b, final int out)
        {
            if (Values.type(h) != TYPE_RECORD)
            {
                return false;
            }
            final ValueContext ctx = e.ctx;
            final int t = e.base + tmp;
            if (out >= 0)
            {
                ctx.newRecord(Math.max(1, fields.length), e.regs, out);
            }
            for (final Field f : fields)
            {
                final boolean has = ctx.get(h, f.key, e.regs, t);
                switch (f.kind)
                {
                    case Field.PRESENT ->
                    {
                        if (!has)
                        {
                            return false;
                        }
                        if (out >= 0)
                        {
                            ctx.put(e.regs[out], f.key, e.regs[t], e.regs[t + 1], e.regs, out);
                        }
                    }
                    case Field.ABSENT ->
                    {
                        if (has)
                        {
                            return false;
                        }
                    }
                    case Field.COMPARE ->
                    {
                        if (!has)
                        {
                            return false;
                        }
                        f.value.execute(e, t + 2);
                        final long[] r = e.regs;
                        Ops.binary(e, f.op, r[t], r[t + 1], r[t + 2], r[t + 3], t + 4, span);
                        if (Values.type(e.regs[t + 4]) != TYPE_BOOL || e.regs[t + 5] == 0)
                        {
                            return false;
                        }
                    }
                    default ->
                    {
                        if (!has || (f.nestedType >= 0 && Values.type(e.regs[t]) != f.nestedType))
                        {
                            return false;
                        }
                        if (!f.nested.test(e, e.regs[t], e.regs[t + 1], out >= 0 ? t + 2 : -1))
                        {
                            return false;
                        }
                        if (out >= 0)
                        {
                            ctx.put(e.regs[out], f.key, e.regs[t + 2], e.regs[t + 3], e.regs, out);
                        }
                    }
                }
            }
            return true;
        }
    }

    /** An element predicate of array and tuple patterns: {@code _}, an expression or a record pattern. */
    public static final class Element
    {
        final Node value;
        final Pattern record;

        /**
         * An element predicate.
         *
         * @param value the expected value, or null.
         * @param record the record pattern, or null; both null means {@code _}.
         */
        public Element(final Node value, final Pattern record)
        {
            this.value = value;
            this.record = record;
        }
    }

    /** {@code %[ ... ]}: every predicate must match some element. */
    public static final class ArrayPattern extends Pattern
    {
        private final Element[] elements;
        private final int tmp;

        /**
         * An array pattern.
         *
         * @param span source.
         * @param elements the predicates.
         * @param tmp four register pairs.
         */
        public ArrayPattern(final Span span, final List<Element> elements, final int tmp)
        {
            super(span);
            this.elements = elements.toArray(new Element[0]);
            this.tmp = tmp;
        }

        @Override
        public boolean test(final Env e, final long h, final long b, final int out)
        {
            if (Values.type(h) != TYPE_ARRAY)
            {
                return false;
            }
            final ValueContext ctx = e.ctx;
            final int t = e.base + tmp;
            if (out >= 0)
            {
                ctx.newArray(4, e.regs, out);
            }
            final int n = ctx.length(h);
            for (final Element el : elements)
            {
                boolean matched = false;
                if (null == el.value && null == el.record)
                {
                    matched = n > 0;
                }
                else
                {
                    for (int i = 0; i < n; i++)
                    {
                        ctx.element(h, i, e.regs, t);
                        final boolean hit;
                        if (null != el.value)
                        {
                            el.value.execute(e, t + 2);
                            hit = ctx.equal(e.regs[t], e.regs[t + 1], e.regs[t + 2], e.regs[t + 3]);
                        }
                        else
                        {
                            hit = el.record.test(e, e.regs[t], e.regs[t + 1], out >= 0 ? t + 2 : -1);
                        }
                        if (hit)
                        {
                            matched = true;
                            if (out < 0)
                            {
                                break;
                            }
                            ctx.newArray(2, e.regs, t + 4);
                            ctx.push(e.regs[t + 4], Values.INT, i, e.regs, t + 4);
                            ctx.push(e.regs[t + 4], e.regs[t + 2], e.regs[t + 3], e.regs, t + 4);
                            ctx.push(e.regs[out], e.regs[t + 4], e.regs[t + 5], e.regs, out);
                        }
                    }
                }
                if (!matched)
                {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code %( ... )}: positional; {@code ...} allows more elements. */
    public static final class TuplePattern extends Pattern
    {
        private final Element[] elements;
        private final boolean open;
        private final int tmp;

        /**
         * A tuple pattern.
         *
         * @param span source.
         * @param elements the predicates.
         * @param open true with {@code ...}.
         * @param tmp two register pairs.
         */
        public TuplePattern(final Span span, final List<Element> elements, final boolean open, final int tmp)
        {
            super(span);
            this.elements = elements.toArray(new Element[0]);
            this.open = open;
            this.tmp = tmp;
        }

        @Override
        public boolean test(final Env e, final long h, final long b, final int out)
        {
            if (Values.type(h) != TYPE_ARRAY)
            {
                return false;
            }
            final ValueContext ctx = e.ctx;
            final int n = ctx.length(h);
            if (open ? n < elements.length : n != elements.length)
            {
                return false;
            }
            final int t = e.base + tmp;
            if (out >= 0)
            {
                ctx.newArray(Math.max(1, elements.length), e.regs, out);
            }
            for (int i = 0; i < elements.length; i++)
            {
                final Element el = elements[i];
                ctx.element(h, i, e.regs, t);
                if (null != el.value)
                {
                    el.value.execute(e, t + 2);
                    if (!ctx.equal(e.regs[t], e.regs[t + 1], e.regs[t + 2], e.regs[t + 3]))
                    {
                        return false;
                    }
                }
                else if (null != el.record)
                {
                    if (!el.record.test(e, e.regs[t], e.regs[t + 1], out >= 0 ? t + 2 : -1))
                    {
                        return false;
                    }
                }
                else
                {
                    e.move(t, t + 2);
                }
                if (out >= 0)
                {
                    ctx.push(e.regs[out], e.regs[t + 2], e.regs[t + 3], e.regs, out);
                }
            }
            return true;
        }
    }

    /** One {@code case pattern [when guard] => body}. */
    public static final class Case
    {
        final Pattern pattern;
        final Node guard;
        final Node body;

        /**
         * A case.
         *
         * @param pattern the pattern.
         * @param guard the guard, or null.
         * @param body the body.
         */
        public Case(final Pattern pattern, final Node guard, final Node body)
        {
            this.pattern = pattern;
            this.guard = guard;
            this.body = body;
        }
    }

    /** {@code match target of case ... end}. */
    public static final class Match extends Node
    {
        private final Node target;
        private final Case[] cases;
        private final int tmp;
        /** String handles (and their prefix words) of the first cases when those are string literals without guards. */
        private final long[] literals;
        private final long[] prefixes;

        /**
         * A match.
         *
         * @param span source.
         * @param target the tested value.
         * @param cases the cases.
         * @param tmp one register pair.
         */
        public Match(final Span span, final Node target, final List<Case> cases, final int tmp)
        {
            this(span, target, cases, tmp, new long[0], new long[0]);
        }

        /**
         * A match whose first cases compare with constant strings, without guards ({@code case "info" =>}): a string
         * or binary target is compared with those by the prefix word first (u32 length, up to 4 bytes), bytes only when
         * that agrees; any other target matches none of them.
         *
         * @param span source.
         * @param target the tested value.
         * @param cases the cases.
         * @param tmp one register pair.
         * @param literals the string handles the first {@code literals.length} cases compare with.
         * @param prefixes each one's {@link ValueContext#keyPrefixOf}.
         */
        public Match(final Span span, final Node target, final List<Case> cases, final int tmp, final long[] literals,
            final long[] prefixes)
        {
            super(span);
            this.target = target;
            this.cases = cases.toArray(new Case[0]);
            this.tmp = tmp;
            this.literals = literals.clone();
            this.prefixes = prefixes.clone();
        }

        @Override
        public int execute(final Env e, final int at)
        {
            final int t = e.base + tmp;
            target.execute(e, t);
            int from = 0;
            if (literals.length > 0)
            {
                final long h = e.regs[t];
                // equality holds between strings and binaries of the same bytes, as ValueContext.equal has it
                if (Values.type(h) == TYPE_STRING || Values.type(h) == TYPE_BINARY)
                {
                    final ValueContext ctx = e.ctx;
                    final long prefix = ctx.keyPrefixOf(h);
                    for (int i = 0; i < literals.length; i++)
                    {
                        if (prefixes[i] == prefix && ctx.stringEquals(h, literals[i]))
                        {
                            return cases[i].body.execute(e, at);
                        }
                    }
                }
                from = literals.length;
            }
            for (int i = from; i < cases.length; i++)
            {
                final Case c = cases[i];
                if (c.pattern.test(e, e.regs[t], e.regs[t + 1], -1) && guard(e, c.guard, at, span))
                {
                    return c.body.execute(e, at);
                }
            }
            throw new ScriptError(span, span, "A match expression executed but no clause matched",
                "Consider adding a `case _ => null` clause at the end of your match or validate full coverage beforehand.");
        }
    }

    /**
     * Evaluates a guard.
     *
     * @param e runtime.
     * @param guard the guard or null.
     * @param at a free register pair.
     * @param outer the enclosing expression's span.
     * @return the guard's value (true without guard).
     */
    public static boolean guard(final Env e, final Node guard, final int at, final Span outer)
    {
        if (null == guard)
        {
            return true;
        }
        guard.execute(e, at);
        if (Values.type(e.regs[at]) != TYPE_BOOL)
        {
            throw Ops.conflicting(outer, guard.span(), e.regs[at], "bool");
        }
        return e.regs[at + 1] != 0;
    }
}
