package io.temblor.script.runtime;

import io.temblor.script.ast.PatchKind;
import io.temblor.script.error.Span;
import io.temblor.script.value.KeySite;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

import java.util.List;

import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;

/**
 * {@code patch} and {@code merge} with Tremor's semantics ({@code patch_value}, {@code merge_values}): all operation
 * keys and values are evaluated first (defaults lazily), then applied in order to a private copy of the target;
 * merging records merges recursively, anything else replaces.
 */
public final class Patching
{
    /** Free entries a patched record's copy gets at least (as {@code ValueContext.exclusive} gives). */
    private static final int MIN_SPARE = 4;

    private Patching()
    {
    }

    /** One patch operation. */
    public static final class Op
    {
        final PatchKind kind;
        final Node key;
        final Node to;
        final Node value;
        final Span span;
        /** The key's lookup site when the key is a constant string, else null. */
        final KeySite site;

        /**
         * An operation.
         *
         * @param kind the kind.
         * @param key the key (null for record merges and defaults).
         * @param to the destination of move and copy.
         * @param value the value.
         * @param span source.
         */
        public Op(final PatchKind kind, final Node key, final Node to, final Node value, final Span span)
        {
            this(kind, key, to, value, span, null);
        }

        /**
         * An operation whose key may be a constant string, looked up through a site (insert, update, upsert, erase and
         * merge try the position where the key was found last first).
         *
         * @param kind the kind.
         * @param key the key (null for record merges and defaults).
         * @param to the destination of move and copy.
         * @param value the value.
         * @param span source.
         * @param site the constant key's site, or null.
         */
        public Op(final PatchKind kind, final Node key, final Node to, final Node value, final Span span,
            final KeySite site)
        {
            this.kind = kind;
            this.key = key;
            this.to = to;
            this.value = value;
            this.span = span;
            this.site = site;
        }
    }

    /** {@code patch target of ops end}. */
    public static final class Patch extends Node
    {
        private final Node target;
        private final Op[] ops;
        private final int tmp;
        /** Free entries the target's copy gets: one per operation that may add a key, at least the default spare. */
        private final int spare;

        /**
         * A patch.
         *
         * @param span source.
         * @param target the patched value.
         * @param ops operations.
         * @param tmp 2 + 3 * ops register pairs.
         */
        public Patch(final Span span, final Node target, final List<Op> ops, final int tmp)
        {
            super(span);
            this.target = target;
            this.ops = ops.toArray(new Op[0]);
            this.tmp = tmp;
            int adds = 0;
            for (final Op op : this.ops)
            {
                if (op.kind != PatchKind.ERASE && op.kind != PatchKind.UPDATE)
                {
                    adds++;
                }
            }
            this.spare = Math.max(MIN_SPARE, adds);
        }

        @Override
        public int execute(final Env e, final int at)
        {
            final ValueContext ctx = e.ctx;
            final int t = e.base + tmp;
            target.execute(e, at);
            for (int i = 0; i < ops.length; i++)
            {
                final Op op = ops[i];
                final int o = t + 4 + 6 * i;
                if (null != op.key)
                {
                    op.key.execute(e, o);
                    if (Values.type(e.regs[o]) != TYPE_STRING)
                    {
                        throw Ops.conflicting(span, op.key.span(), e.regs[o], "string");
                    }
                }
                if (null != op.to)
                {
                    op.to.execute(e, o + 2);
                    if (Values.type(e.regs[o + 2]) != TYPE_STRING)
                    {
                        throw Ops.conflicting(span, op.to.span(), e.regs[o + 2], "string");
                    }
                }
                if (null != op.value && op.kind != PatchKind.DEFAULT && op.kind != PatchKind.DEFAULT_RECORD)
                {
                    op.value.execute(e, o + 4);
                }
            }
            for (int i = 0; i < ops.length; i++)
            {
                final Op op = ops[i];
                final int o = t + 4 + 6 * i;
                if (Values.type(e.regs[at]) != TYPE_RECORD)
                {
                    throw Ops.conflicting(span, target.span(), e.regs[at], "record");
                }
                ctx.exclusive(e.regs[at], spare, e.regs, at);
                final long obj = e.regs[at];
                final long key = e.regs[o];
                switch (op.kind)
                {
                    case INSERT ->
                    {
                        if (position(ctx, op, obj, key) >= 0)
                        {
                            throw new ScriptError(span, op.span, "The key that is supposed to be written to already exists: " +
                                Paths.keyText(ctx, key), null);
                        }
                        ctx.putAt(obj, -1, key, e.regs[o + 4], e.regs[o + 5], e.regs, at);
                    }
                    case UPDATE ->
                    {
                        final int pos = position(ctx, op, obj, key);
                        if (pos < 0)
                        {
                            throw new ScriptError(span, op.span, "The key that is supposed to be updated does not exists: " +
                                Paths.keyText(ctx, key), null);
                        }
                        ctx.putAt(obj, pos, key, e.regs[o + 4], e.regs[o + 5], e.regs, at);
                    }
                    case UPSERT -> ctx.putAt(obj, position(ctx, op, obj, key), key, e.regs[o + 4], e.regs[o + 5], e.regs, at);
                    case ERASE -> ctx.removeAt(obj, position(ctx, op, obj, key), e.regs, at);
                    case COPY, MOVE ->
                    {
                        final long to = e.regs[o + 2];
                        if (ctx.get(obj, to, e.regs, t))
                        {
                            throw new ScriptError(span, op.span, "The key that is supposed to be written to already exists: " +
                                Paths.keyText(ctx, to), null);
                        }
                        if (ctx.get(obj, key, e.regs, t))
                        {
                            if (op.kind == PatchKind.MOVE)
                            {
                                ctx.remove(obj, key, e.regs, at);
                            }
                            ctx.put(e.regs[at], to, e.regs[t], e.regs[t + 1], e.regs, at);
                        }
                    }
                    case MERGE ->
                    {
                        final long mh = e.regs[o + 4];
                        final int pos = position(ctx, op, obj, key);
                        if (pos >= 0)
                        {
                            ctx.entryValue(obj, pos, e.regs, t);
                            if (Values.type(e.regs[t]) != TYPE_RECORD || Values.type(mh) != TYPE_RECORD)
                            {
                                throw mergeConflict(op.span, Paths.keyText(ctx, key), e.regs[t]);
                            }
                            mergeValues(e, t, mh, e.regs[o + 5]);
                        }
                        else
                        {
                            // merge_values into a new empty record yields the value itself (a record's keys are
                            // distinct and keep their order; anything else replaces): stored as is, holders counted
                            e.regs[t] = mh;
                            e.regs[t + 1] = e.regs[o + 5];
                        }
                        ctx.putAt(obj, pos, key, e.regs[t], e.regs[t + 1], e.regs, at);
                    }
                    case MERGE_RECORD ->
                    {
                        final long mh = e.regs[o + 4];
                        if (Values.type(mh) != TYPE_RECORD)
                        {
                            throw mergeConflict(op.span, "<target>", mh);
                        }
                        mergeValues(e, at, mh, e.regs[o + 5]);
                    }
                    case DEFAULT ->
                    {
                        if (!ctx.get(obj, key, e.regs, t))
                        {
                            op.value.execute(e, t);
                            ctx.put(e.regs[at], key, e.regs[t], e.regs[t + 1], e.regs, at);
                        }
                    }
                    default ->
                    {
                        op.value.execute(e, t + 2);
                        if (Values.type(e.regs[t + 2]) != TYPE_RECORD)
                        {
                            throw Ops.conflicting(span, op.span, e.regs[t + 2], "record");
                        }
                        applyDefault(e, at, e.regs[t + 2]);
                    }
                }
            }
            return CONTINUE;
        }

        /** The key's position in the record, through the op's site when the key is constant. */
        private static int position(final ValueContext ctx, final Op op, final long record, final long key)
        {
            return null != op.site ? ctx.position(record, op.site) : ctx.position(record, key);
        }

        private ScriptError mergeConflict(final Span inner, final String key, final long got)
        {
            return new ScriptError(span, inner, "Merge can only be performed on keys that either do not exist or are " +
                "records but the key '" + key + "' has the type " + Ops.typeName(got), null);
        }
    }

    /** {@code merge target of value end}. */
    public static final class Merge extends Node
    {
        private final Node target;
        private final Node value;
        private final int tmp;

        /**
         * A merge.
         *
         * @param span source.
         * @param target the target record.
         * @param value the merged record.
         * @param tmp one register pair.
         */
        public Merge(final Span span, final Node target, final Node value, final int tmp)
        {
            super(span);
            this.target = target;
            this.value = value;
            this.tmp = tmp;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            final int t = e.base + tmp;
            target.execute(e, at);
            if (Values.type(e.regs[at]) != TYPE_RECORD)
            {
                throw Ops.conflicting(span, target.span(), e.regs[at], "record");
            }
            value.execute(e, t);
            if (Values.type(e.regs[t]) != TYPE_RECORD)
            {
                throw Ops.conflicting(span, value.span(), e.regs[t], "record");
            }
            mergeValues(e, at, e.regs[t], e.regs[t + 1]);
            return CONTINUE;
        }
    }

    /**
     * {@code merge target of {"k": v, ...} end} where the record literal's keys are distinct constants: its values are
     * evaluated in order, as the literal evaluates them, and merged key by key into the target through key sites,
     * without building the literal's record (same result as {@link Merge}: a record value merges into a record
     * already there, anything else replaces or is added).
     */
    public static final class MergeFields extends Node
    {
        private final Node target;
        private final Node[] values;
        private final long[] keys;
        private final KeySite[] sites;
        private final int tmp;

        /**
         * A merge of a record literal with distinct constant keys.
         *
         * @param span source.
         * @param target the target record.
         * @param spec the record literal ({@link Exprs.RecordLit#constantKeys()} not null); its registers are used.
         * @param keyTexts the keys' texts, in the literal's order.
         */
        public MergeFields(final Span span, final Node target, final Exprs.RecordLit spec, final List<String> keyTexts)
        {
            super(span);
            this.target = target;
            this.values = spec.valueNodes();
            this.keys = spec.constantKeys().clone();
            this.tmp = spec.registers();
            this.sites = new KeySite[keys.length];
            for (int i = 0; i < keys.length; i++)
            {
                sites[i] = new KeySite(keys[i], keyTexts.get(i));
            }
        }

        @Override
        public int execute(final Env e, final int at)
        {
            final ValueContext ctx = e.ctx;
            final int t = e.base + tmp;
            target.execute(e, at);
            if (Values.type(e.regs[at]) != TYPE_RECORD)
            {
                throw Ops.conflicting(span, target.span(), e.regs[at], "record");
            }
            for (int i = 0; i < values.length; i++)
            {
                values[i].execute(e, t + 2 * i);
            }
            // the values hold their containers until merged, as the literal's record would: a value that is the target
            // itself (merge event of {"self": event} end) makes the target shared, so it is copied, not made cyclic
            retainContainers(ctx, e.regs, t, values.length);
            final int c = e.scratch(2);
            try
            {
                ctx.exclusive(e.regs[at], values.length, e.regs, at);
                for (int i = 0; i < values.length; i++)
                {
                    final long vh = e.regs[t + 2 * i];
                    final long vb = e.regs[t + 2 * i + 1];
                    final long record = e.regs[at];
                    final int pos = ctx.position(record, sites[i]);
                    if (Values.type(vh) == TYPE_RECORD && pos >= 0 && entryIsRecord(ctx, record, pos, e.tmp, c))
                    {
                        mergeScratch(e, c, vh, vb);
                        ctx.putAt(e.regs[at], pos, keys[i], e.tmp[c], e.tmp[c + 1], e.regs, at);
                    }
                    else
                    {
                        ctx.putAt(record, pos, keys[i], vh, vb, e.regs, at);
                    }
                }
            }
            finally
            {
                e.release(c);
                for (int i = 0; i < values.length; i++)
                {
                    if (isContainer(e.regs[t + 2 * i]))
                    {
                        ctx.release(e.regs[t + 2 * i]);
                    }
                }
            }
            return CONTINUE;
        }

        private static void retainContainers(final ValueContext ctx, final long[] regs, final int from, final int n)
        {
            for (int i = 0; i < n; i++)
            {
                if (isContainer(regs[from + 2 * i]))
                {
                    ctx.retain(regs[from + 2 * i]);
                }
            }
        }

        private static boolean isContainer(final long handle)
        {
            final int type = Values.type(handle);
            return type == TYPE_RECORD || type == ValueDescriptor.TYPE_ARRAY;
        }
    }

    /**
     * Tremor's {@code merge_values}: merges a replacement into the value at a register (records recursively, anything
     * else replaces), writing the result back to that register.
     *
     * @param e runtime.
     * @param at the value's register.
     * @param rh the replacement's handle.
     * @param rb its bits.
     */
    public static void mergeValues(final Env e, final int at, final long rh, final long rb)
    {
        final int s = e.scratch(2);
        try
        {
            e.tmp[s] = e.regs[at];
            e.tmp[s + 1] = e.regs[at + 1];
            mergeScratch(e, s, rh, rb);
            e.regs[at] = e.tmp[s];
            e.regs[at + 1] = e.tmp[s + 1];
        }
        finally
        {
            e.release(s);
        }
    }

    /** {@link #mergeValues} on a scratch register. */
    private static void mergeScratch(final Env e, final int s, final long rh, final long rb)
    {
        final ValueContext ctx = e.ctx;
        if (Values.type(rh) != TYPE_RECORD || Values.type(e.tmp[s]) != TYPE_RECORD)
        {
            e.tmp[s] = rh;
            e.tmp[s + 1] = rb;
            return;
        }
        ctx.exclusive(e.tmp[s], e.tmp, s);
        final int w = e.scratch(6);
        try
        {
            for (int p = ctx.first(rh); p >= 0; p = ctx.next(rh, p))
            {
                ctx.entryKey(rh, p, e.tmp, w);
                ctx.entryValue(rh, p, e.tmp, w + 2);
                final long key = e.tmp[w];
                final long vh = e.tmp[w + 2];
                final long vb = e.tmp[w + 3];
                final int pos = ctx.position(e.tmp[s], key);
                if (Values.type(vh) == TYPE_RECORD && pos >= 0 && entryIsRecord(ctx, e.tmp[s], pos, e.tmp, w + 4))
                {
                    final int c = e.scratch(2);
                    e.tmp[c] = e.tmp[w + 4];
                    e.tmp[c + 1] = e.tmp[w + 5];
                    mergeScratch(e, c, vh, vb);
                    ctx.putAt(e.tmp[s], pos, key, e.tmp[c], e.tmp[c + 1], e.tmp, s);
                    e.release(c);
                }
                else
                {
                    ctx.putAt(e.tmp[s], pos, key, vh, vb, e.tmp, s);
                }
            }
        }
        finally
        {
            e.release(w);
        }
    }

    /** Reads the value at a record position into {@code out[at]} and tells whether it is a record. */
    private static boolean entryIsRecord(final ValueContext ctx, final long record, final int pos, final long[] out,
        final int at)
    {
        ctx.entryValue(record, pos, out, at);
        return Values.type(out[at]) == TYPE_RECORD;
    }

    private static void applyDefault(final Env e, final int at, final long dflt)
    {
        final int s = e.scratch(2);
        try
        {
            e.tmp[s] = e.regs[at];
            e.tmp[s + 1] = e.regs[at + 1];
            defaultScratch(e, s, dflt);
            e.regs[at] = e.tmp[s];
            e.regs[at + 1] = e.tmp[s + 1];
        }
        finally
        {
            e.release(s);
        }
    }

    private static void defaultScratch(final Env e, final int s, final long dflt)
    {
        final ValueContext ctx = e.ctx;
        ctx.exclusive(e.tmp[s], e.tmp, s);
        final int w = e.scratch(6);
        try
        {
            for (int p = ctx.first(dflt); p >= 0; p = ctx.next(dflt, p))
            {
                ctx.entryKey(dflt, p, e.tmp, w);
                ctx.entryValue(dflt, p, e.tmp, w + 2);
                final long key = e.tmp[w];
                if (!ctx.get(e.tmp[s], key, e.tmp, w + 4))
                {
                    ctx.put(e.tmp[s], key, e.tmp[w + 2], e.tmp[w + 3], e.tmp, s);
                }
                else if (Values.type(e.tmp[w + 4]) == TYPE_RECORD && Values.type(e.tmp[w + 2]) == TYPE_RECORD)
                {
                    final int c = e.scratch(2);
                    e.tmp[c] = e.tmp[w + 4];
                    e.tmp[c + 1] = e.tmp[w + 5];
                    defaultScratch(e, c, e.tmp[w + 2]);
                    ctx.put(e.tmp[s], key, e.tmp[c], e.tmp[c + 1], e.tmp, s);
                    e.release(c);
                }
            }
        }
        finally
        {
            e.release(w);
        }
    }
}
