package io.temblor.script.runtime;

import io.temblor.script.ast.BinOp;
import io.temblor.script.error.Span;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.util.List;

import static io.temblor.script.value.ValueDescriptor.TYPE_ARRAY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BOOL;
import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;

/**
 * {@code for target of case (k, v) [when g] => body ... [into initial [use op]] end}, with Tremor's semantics: the
 * target (array: index and element; record: key and value; anything else: no items) is iterated as it was when the
 * loop started; the first case whose guard holds runs; with {@code +} (the default) an array result collects the
 * values and a record result merges record values; any other operator folds scalars, {@code and}/{@code or}
 * stopping early.
 */
public final class Comprehension extends Node
{
    /** One {@code case (k, v) [when guard] => body}. */
    public static final class Case
    {
        final Node guard;
        final Node body;

        /**
         * A case.
         *
         * @param guard the guard or null.
         * @param body the body.
         */
        public Case(final Node guard, final Node body)
        {
            this.guard = guard;
            this.body = body;
        }
    }

    private final Node target;
    private final Case[] cases;
    private final Node initial;
    private final BinOp fold;
    private final int keySlot;
    private final int valueSlot;
    private final int tmp;

    /**
     * A comprehension.
     *
     * @param span source.
     * @param target the iterated value.
     * @param cases the cases.
     * @param initial the initial value (null: an empty array).
     * @param fold the fold operator (null: +).
     * @param keySlot register of the key variable.
     * @param valueSlot register of the value variable.
     * @param tmp three register pairs.
     */
    public Comprehension(final Span span, final Node target, final List<Case> cases, final Node initial, final BinOp fold,
        final int keySlot, final int valueSlot, final int tmp)
    {
        super(span);
        this.target = target;
        this.cases = cases.toArray(new Case[0]);
        this.initial = initial;
        this.fold = null == fold ? BinOp.ADD : fold;
        this.keySlot = keySlot;
        this.valueSlot = valueSlot;
        this.tmp = tmp;
    }

    @Override
    public int execute(final Env e, final int at)
    {
        final ValueContext ctx = e.ctx;
        final int t = e.base + tmp;
        target.execute(e, t);
        final long container = e.regs[t];
        final int type = Values.type(container);
        // result in at
        if (null == initial)
        {
            ctx.newArray(4, e.regs, at);
        }
        else
        {
            initial.execute(e, at);
            final int rt = Values.type(e.regs[at]);
            if (rt == TYPE_ARRAY || rt == TYPE_RECORD)
            {
                ctx.exclusive(e.regs[at], e.regs, at);
            }
        }
        if (type != TYPE_ARRAY && type != TYPE_RECORD)
        {
            return CONTINUE;
        }
        // keep the iterated container from being written in place while the loop runs
        ctx.retain(container);
        ctx.retain(e.regs[at]);
        try
        {
            int index = 0;
            for (int p = ctx.first(container); p >= 0; p = ctx.next(container, p), index++)
            {
                final int k = e.base + keySlot;
                final int v = e.base + valueSlot;
                if (type == TYPE_RECORD)
                {
                    ctx.entryKey(container, p, e.regs, t + 2);
                    e.assign(k, e.regs[t + 2], 0);
                }
                else
                {
                    e.assign(k, Values.INT, index);
                }
                ctx.entryValue(container, p, e.regs, t + 2);
                e.assign(v, e.regs[t + 2], e.regs[t + 3]);
                for (final Case c : cases)
                {
                    if (!Matching.guard(e, c.guard, t + 2, span))
                    {
                        continue;
                    }
                    final int control = c.body.execute(e, t + 2);
                    if (control != CONTINUE)
                    {
                        e.move(t + 2, at);
                        return control;
                    }
                    if (accumulate(e, at, t + 2, c.body.span()))
                    {
                        return CONTINUE;
                    }
                    break;
                }
            }
            return CONTINUE;
        }
        finally
        {
            ctx.release(container);
            ctx.release(e.regs[at]);
        }
    }

    /** Folds the value at {@code v} into the result at {@code at}; true when a boolean fold is decided. */
    private boolean accumulate(final Env e, final int at, final int v, final Span bodySpan)
    {
        final ValueContext ctx = e.ctx;
        final long result = e.regs[at];
        final int rt = Values.type(result);
        if (rt == TYPE_ARRAY)
        {
            if (fold != BinOp.ADD)
            {
                throw invalidFold(bodySpan);
            }
            ctx.release(result);
            ctx.push(result, e.regs[v], e.regs[v + 1], e.regs, at);
            ctx.retain(e.regs[at]);
            return false;
        }
        if (rt == TYPE_RECORD)
        {
            if (fold != BinOp.ADD)
            {
                throw invalidFold(bodySpan);
            }
            final long value = e.regs[v];
            if (Values.type(value) != TYPE_RECORD)
            {
                throw new ScriptError(span, bodySpan, "Type error: Expected object, found " + objectTypeName(value), null);
            }
            ctx.release(result);
            final int s = e.scratch(2);
            try
            {
                for (int p = ctx.first(value); p >= 0; p = ctx.next(value, p))
                {
                    ctx.entryKey(value, p, e.tmp, s);
                    final long key = e.tmp[s];
                    ctx.entryValue(value, p, e.tmp, s);
                    ctx.put(e.regs[at], key, e.tmp[s], e.tmp[s + 1], e.regs, at);
                }
            }
            finally
            {
                e.release(s);
            }
            ctx.retain(e.regs[at]);
            return false;
        }
        if (fold == BinOp.AND || fold == BinOp.OR || fold == BinOp.XOR)
        {
            if (rt != TYPE_BOOL)
            {
                throw boolFold(bodySpan, result);
            }
            if (Values.type(e.regs[v]) != TYPE_BOOL)
            {
                throw boolFold(bodySpan, e.regs[v]);
            }
            final boolean l = e.regs[at + 1] != 0;
            final boolean r = e.regs[v + 1] != 0;
            switch (fold)
            {
                case OR ->
                {
                    e.setBool(at, l || r);
                    return l || r;
                }
                case AND ->
                {
                    e.setBool(at, l && r);
                    return !(l && r);
                }
                default ->
                {
                    e.setBool(at, l ^ r);
                    return false;
                }
            }
        }
        Ops.numeric(e, fold, result, e.regs[at + 1], e.regs[v], e.regs[v + 1], at, bodySpan);
        return false;
    }

    private static String objectTypeName(final long h)
    {
        return Values.type(h) == TYPE_ARRAY ? "array" : Ops.typeName(h);
    }

    private ScriptError invalidFold(final Span inner)
    {
        return new ScriptError(span, inner, "Invalid fold operation " + fold.symbol(), null);
    }

    private ScriptError boolFold(final Span inner, final long got)
    {
        return new ScriptError(span, inner, "The binary operation `" + fold.symbol() + "` is not defined for the type `" +
            Ops.typeName(got) + "` and `<not executed>`", null);
    }
}
