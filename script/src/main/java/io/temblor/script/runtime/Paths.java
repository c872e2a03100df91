package io.temblor.script.runtime;

import io.temblor.script.error.Span;
import io.temblor.script.value.KeySite;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.util.List;

import static io.temblor.script.value.ValueDescriptor.TYPE_ARRAY;
import static io.temblor.script.value.ValueDescriptor.TYPE_INT;
import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;
import static io.temblor.script.value.ValueDescriptor.TYPE_UINT;

/**
 * Paths: reading ({@code event.a[1][0:2]}), presence tests and assignment ({@code let}). A path has a root (event, $,
 * state, a local register, args, a constant or an expression) and segments: a field with a constant key, an index or
 * key expression, or a range; ranges are tracked as (start, end) over the array and copied out only at the end.
 */
public final class Paths
{
    /** Root: {@code event}. */
    public static final int ROOT_EVENT = 0;
    /** Root: {@code $}. */
    public static final int ROOT_META = 1;
    /** Root: {@code state}. */
    public static final int ROOT_STATE = 2;
    /** Root: a local register. */
    public static final int ROOT_LOCAL = 3;
    /** Root: {@code args}. */
    public static final int ROOT_ARGS = 4;
    /** Root: an expression (also constants, as literals). */
    public static final int ROOT_EXPR = 5;

    /** Segment: a field with a constant key. */
    public static final int SEG_FIELD = 0;
    /** Segment: {@code [expr]}. */
    public static final int SEG_INDEX = 1;
    /** Segment: {@code [start:end]}. */
    public static final int SEG_RANGE = 2;

    private Paths()
    {
    }

    /** One compiled segment. */
    public static final class Seg
    {
        final int kind;
        final long key;
        final String name;
        final Node index;
        final Node end;
        final Span span;
        /** For fields: the lookup site of the key. */
        final KeySite site;

        /**
         * A segment.
         *
         * @param kind a {@code SEG_} constant.
         * @param key for fields: the key's string handle (constant pool).
         * @param name for fields: the key.
         * @param index for index segments: the expression; for ranges: the start.
         * @param end for ranges: the end.
         * @param span the segment's source.
         */
        public Seg(final int kind, final long key, final String name, final Node index, final Node end, final Span span)
        {
            this.kind = kind;
            this.key = key;
            this.name = name;
            this.index = index;
            this.end = end;
            this.span = span;
            this.site = kind == SEG_FIELD ? new KeySite(key, name) : null;
        }

        /**
         * The kind.
         *
         * @return a {@code SEG_} constant.
         */
        public int kind()
        {
            return kind;
        }

        /**
         * Whether the segment depends on nothing but literals.
         *
         * @return true for fields and literal indexes and ranges.
         */
        public boolean isConstant()
        {
            return kind == SEG_FIELD || (index.isConstant() && (null == end || end.isConstant()));
        }
    }

    /** The root of a path. */
    public static final class Root
    {
        final int kind;
        final int slot;
        final String name;
        final Node expr;

        /**
         * A root.
         *
         * @param kind a {@code ROOT_} constant.
         * @param slot for locals: the register pair relative to the frame base.
         * @param name for locals: the name (for errors).
         * @param expr for expression roots: the expression.
         */
        public Root(final int kind, final int slot, final String name, final Node expr)
        {
            this.kind = kind;
            this.slot = slot;
            this.name = name;
            this.expr = expr;
        }

        /**
         * The kind.
         *
         * @return a {@code ROOT_} constant.
         */
        public int kind()
        {
            return kind;
        }

        /**
         * The expression of an expression root.
         *
         * @return the expression, or null.
         */
        public Node expr()
        {
            return expr;
        }

        /**
         * The local's slot.
         *
         * @return the slot.
         */
        public int slot()
        {
            return slot;
        }

        /**
         * Loads the root into a register pair; false for an unset local.
         *
         * @param e runtime.
         * @param at register.
         * @return true when the root has a value.
         */
        boolean load(final Env e, final int at)
        {
            switch (kind)
            {
                case ROOT_EVENT -> e.set(at, e.eventH, e.eventB);
                case ROOT_META -> e.set(at, e.metaH, e.metaB);
                case ROOT_STATE -> e.set(at, e.stateH, e.stateB);
                case ROOT_ARGS -> e.set(at, e.argsH, e.argsB);
                case ROOT_LOCAL ->
                {
                    final int s = e.base + slot;
                    if (e.regs[s] == Env.UNSET)
                    {
                        return false;
                    }
                    e.move(s, at);
                }
                default -> expr.execute(e, at);
            }
            return true;
        }

        String scope()
        {
            return switch (kind)
            {
                case ROOT_EVENT -> "event";
                case ROOT_META -> "global";
                case ROOT_STATE -> "state";
                default -> "local";
            };
        }
    }

    static ScriptError badKey(final Span outer, final Span inner, final Root root, final String key)
    {
        return new ScriptError(outer, inner, "Trying to access a non existing " + root.scope() + " key `" + key + "`", null);
    }

    /**
     * A string value's text (keys in messages, constant keys at compile time).
     *
     * @param ctx resolves the value.
     * @param key a string handle.
     * @return the text.
     */
    public static String keyText(final ValueContext ctx, final long key)
    {
        final byte[] bytes = new byte[ctx.stringLength(key)];
        ctx.stringBytes(key, bytes, 0);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads a path. */
    public static final class Read extends Node
    {
        private final Root root;
        private final Seg[] segs;
        private final int tmp;
        private final boolean present;

        /**
         * A path read, or a presence test.
         *
         * @param span source.
         * @param root the root.
         * @param segs the segments.
         * @param tmp two register pairs.
         * @param present true for {@code present path} (value: bool; absence is false, not an error).
         */
        public Read(final Span span, final Root root, final List<Seg> segs, final int tmp, final boolean present)
        {
            super(span);
            this.root = root;
            this.segs = segs.toArray(new Seg[0]);
            this.tmp = tmp;
            this.present = present;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            final int t = present ? e.base + tmp + 2 : at;
            final boolean found = resolve(e, t);
            if (present)
            {
                e.setBool(at, found);
            }
            return CONTINUE;
        }

        private boolean resolve(final Env e, final int at)
        {
            final ValueContext ctx = e.ctx;
            if (!root.load(e, at))
            {
                if (present)
                {
                    return false;
                }
                throw badKey(span, span, root, root.name);
            }
            final int t = e.base + tmp;
            int start = -1;
            int end = -1;
            for (final Seg seg : segs)
            {
                final long cur = e.regs[at];
                switch (seg.kind)
                {
                    case SEG_FIELD ->
                    {
                        if (Values.type(cur) != TYPE_RECORD)
                        {
                            if (present)
                            {
                                return false;
                            }
                            throw Ops.conflicting(span, seg.span, cur, "record");
                        }
                        if (!ctx.get(cur, seg.site, e.regs, at))
                        {
                            if (present)
                            {
                                return false;
                            }
                            throw badKey(span, seg.span, root, seg.name);
                        }
                        start = -1;
                    }
                    case SEG_INDEX ->
                    {
                        seg.index.execute(e, t);
                        final long key = e.regs[t];
                        final long keyBits = e.regs[t + 1];
                        final int ct = Values.type(cur);
                        if (ct == TYPE_RECORD)
                        {
                            if (Values.type(key) != TYPE_STRING)
                            {
                                if (present)
                                {
                                    return false;
                                }
                                throw Ops.conflicting(span, seg.span, key, "string");
                            }
                            if (!ctx.get(cur, key, e.regs, at))
                            {
                                if (present)
                                {
                                    return false;
                                }
                                throw badKey(span, seg.span, root, keyText(ctx, key));
                            }
                            start = -1;
                        }
                        else if (ct == TYPE_ARRAY)
                        {
                            final int from = start < 0 ? 0 : start;
                            final int len = start < 0 ? ctx.length(cur) : end - start;
                            final long idx = toIndex(seg.span, seg.index.span(), key, keyBits, len);
                            if (idx >= len)
                            {
                                if (present)
                                {
                                    return false;
                                }
                                throw new ScriptError(span, seg.span, "Array index out of bounds, got index " + idx +
                                    " but expected an index in the range 0:" + len, null);
                            }
                            ctx.element(cur, (int)(from + idx), e.regs, at);
                            start = -1;
                        }
                        else
                        {
                            if (present)
                            {
                                return false;
                            }
                            if (Values.type(key) == TYPE_STRING)
                            {
                                throw Ops.conflicting(span, seg.span, cur, "record");
                            }
                            throw Ops.conflicting(span, seg.span, cur, "array");
                        }
                    }
                    default ->
                    {
                        if (Values.type(cur) != TYPE_ARRAY)
                        {
                            if (present)
                            {
                                return false;
                            }
                            throw Ops.conflicting(span, seg.span, cur, "array");
                        }
                        final int from = start < 0 ? 0 : start;
                        final int len = start < 0 ? ctx.length(cur) : end - start;
                        seg.index.execute(e, t);
                        final long s = toIndex(seg.index.span(), seg.index.span(), e.regs[t], e.regs[t + 1], len);
                        seg.end.execute(e, t);
                        final long n = toIndex(seg.end.span(), seg.end.span(), e.regs[t], e.regs[t + 1], len);
                        if (n < s)
                        {
                            throw new ScriptError(span, seg.span, "A range's end cannot be smaller than its start, " + s +
                                ":" + n + " is invalid", null);
                        }
                        if (n > len)
                        {
                            if (present)
                            {
                                return false;
                            }
                            throw new ScriptError(span, seg.span, "Array index out of bounds, got index range " + s + ":" +
                                n + " but expected a subrange of 0:" + len, null);
                        }
                        start = (int)(from + s);
                        end = (int)(from + n);
                    }
                }
            }
            if (start >= 0 && !present)
            {
                final long array = e.regs[at];
                ctx.newArray(Math.max(1, end - start), e.regs, t + 2);
                for (int i = start; i < end; i++)
                {
                    ctx.element(array, i, e.regs, t);
                    ctx.push(e.regs[t + 2], e.regs[t], e.regs[t + 1], e.regs, t + 2);
                }
                e.move(t + 2, at);
            }
            return true;
        }

        private ScriptError indexError(final Span inner, final long key, final long bits, final int len)
        {
            if (Values.type(key) == TYPE_INT)
            {
                return new ScriptError(span, inner, "Bad array index, got `" + bits + "` but expected an index in the range 0:" +
                    len, null);
            }
            return Ops.conflicting(span, inner, key, "integer");
        }

        private long toIndex(final Span segSpan, final Span inner, final long key, final long bits, final int len)
        {
            final int type = Values.type(key);
            if (type == TYPE_UINT)
            {
                return Long.MAX_VALUE;
            }
            if (type != TYPE_INT || bits < 0)
            {
                throw indexError(inner, key, bits, len);
            }
            return bits;
        }
    }

    /**
     * {@code root.field} with a constant key, the most common path: {@link Read} without its segment walk (same
     * results and errors).
     */
    public static final class FieldRead extends Node
    {
        private final Root root;
        private final Seg seg;

        /**
         * A one-field read.
         *
         * @param span source.
         * @param root the root.
         * @param seg a {@link #SEG_FIELD} segment.
         */
        public FieldRead(final Span span, final Root root, final Seg seg)
        {
            super(span);
            this.root = root;
            this.seg = seg;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            if (!root.load(e, at))
            {
                throw badKey(span, span, root, root.name);
            }
            final long cur = e.regs[at];
            if (Values.type(cur) != TYPE_RECORD)
            {
                throw Ops.conflicting(span, seg.span, cur, "record");
            }
            if (!e.ctx.get(cur, seg.site, e.regs, at))
            {
                throw badKey(span, seg.span, root, seg.name);
            }
            return CONTINUE;
        }
    }

    /** {@code let path = value}. */
    public static final class Assign extends Node
    {
        private final Root root;
        private final Seg[] segs;
        private final Node value;
        private final int tmp;

        /**
         * An assignment.
         *
         * @param span source.
         * @param root the target's root (event, state, $ or a local).
         * @param segs field or key segments (others fail at compile time).
         * @param value the value.
         * @param tmp 1 + segment count register pairs.
         */
        public Assign(final Span span, final Root root, final List<Seg> segs, final Node value, final int tmp)
        {
            super(span);
            this.root = root;
            this.segs = segs.toArray(new Seg[0]);
            this.value = value;
            this.tmp = tmp;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            final int control = value.execute(e, at);
            if (control != CONTINUE)
            {
                return control;
            }
            final ValueContext ctx = e.ctx;
            if (segs.length == 0)
            {
                final long h = e.regs[at];
                final long b = e.regs[at + 1];
                switch (root.kind)
                {
                    case ROOT_EVENT ->
                    {
                        retainRelease(ctx, h, e.eventH);
                        e.eventH = h;
                        e.eventB = b;
                    }
                    case ROOT_STATE ->
                    {
                        retainRelease(ctx, h, e.stateH);
                        e.stateH = h;
                        e.stateB = b;
                    }
                    case ROOT_LOCAL -> e.assign(e.base + root.slot, h, b);
                    default -> throw new ScriptError(Calls.widened(span), span, "You are trying to assign to a value that isn't valid",
                        null);
                }
                return CONTINUE;
            }
            final int t = e.base + tmp;
            final long[] keys = e.keys(segs.length);
            for (int i = 0; i < segs.length; i++)
            {
                final Seg seg = segs[i];
                if (seg.kind == SEG_FIELD)
                {
                    e.regs[t + 2 + 2 * i] = seg.key;
                }
                else
                {
                    seg.index.execute(e, t + 2 + 2 * i);
                    final long k = e.regs[t + 2 + 2 * i];
                    if (Values.type(k) != TYPE_STRING)
                    {
                        throw Ops.conflicting(span, seg.span, k, "string");
                    }
                }
            }
            for (int i = 0; i < segs.length; i++)
            {
                keys[i] = e.regs[t + 2 + 2 * i];
            }
            if (!root.load(e, t))
            {
                throw badKey(span, span, root, root.name);
            }
            final long container = e.regs[t];
            // hold the value while writing, so a value that is (part of) the target is copied, not made cyclic
            final long valueHandle = e.regs[at];
            ctx.retain(valueHandle);
            final int status = ctx.setPath(container, keys, segs.length, valueHandle, e.regs[at + 1], e.regs, t);
            ctx.release(valueHandle);
            if (status != ValueContext.OK)
            {
                throw notARecord(ctx, e, container);
            }
            final long h = e.regs[t];
            final long b = e.regs[t + 1];
            switch (root.kind)
            {
                case ROOT_EVENT ->
                {
                    retainRelease(ctx, h, e.eventH);
                    e.eventH = h;
                    e.eventB = b;
                }
                case ROOT_STATE ->
                {
                    retainRelease(ctx, h, e.stateH);
                    e.stateH = h;
                    e.stateB = b;
                }
                case ROOT_META ->
                {
                    retainRelease(ctx, h, e.metaH);
                    e.metaH = h;
                    e.metaB = b;
                }
                default -> e.assign(e.base + root.slot, h, b);
            }
            return CONTINUE;
        }

        private ScriptError notARecord(final ValueContext ctx, final Env e, final long container)
        {
            long cur = container;
            final long[] probe = new long[2];
            for (final Seg seg : segs)
            {
                if (Values.type(cur) != TYPE_RECORD)
                {
                    return Ops.conflicting(span, seg.span, cur, "record");
                }
                if (!ctx.get(cur, seg.kind == SEG_FIELD ? seg.key : e.regs[e.base + tmp + 2], probe, 0))
                {
                    break;
                }
                cur = probe[0];
            }
            return Ops.conflicting(span, span, cur, "record");
        }

        private static void retainRelease(final ValueContext ctx, final long now, final long old)
        {
            if (now != old)
            {
                ctx.retain(now);
                ctx.release(old);
            }
        }
    }
}
