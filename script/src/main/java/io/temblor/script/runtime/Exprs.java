package io.temblor.script.runtime;

import io.temblor.script.ast.BinOp;
import io.temblor.script.ast.UnaryOp;
import io.temblor.script.error.Span;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.temblor.script.value.ValueDescriptor.TYPE_BOOL;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;

/**
 * Expression nodes: literals, record and array constructors, string interpolation, operators, sequences and the
 * control nodes {@code emit} and {@code drop}. Each node's temporaries are register pairs the compiler reserved in the
 * enclosing frame ({@code tmp} offsets, relative to {@link Env#base}).
 */
public final class Exprs
{
    private Exprs()
    {
    }

    /** A value known at compile time (immediate or in the constant pool). */
    public static final class Literal extends Node
    {
        private final long handle;
        private final long bits;

        /**
         * A literal.
         *
         * @param span source.
         * @param handle value handle.
         * @param bits value bits.
         */
        public Literal(final Span span, final long handle, final long bits)
        {
            super(span);
            this.handle = handle;
            this.bits = bits;
        }

        /**
         * The handle.
         *
         * @return the handle.
         */
        public long handle()
        {
            return handle;
        }

        /**
         * The bits.
         *
         * @return the bits.
         */
        public long bits()
        {
            return bits;
        }

        @Override
        public boolean isConstant()
        {
            return true;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            e.regs[at] = handle;
            e.regs[at + 1] = bits;
            return CONTINUE;
        }
    }

    /** {@code {"k": v, ...}}. */
    public static final class RecordLit extends Node
    {
        private final Node[] keys;
        private final Node[] values;
        private final int tmp;
        private final boolean distinctKeys;
        /** The constant keys' handles and prefixes when the block is filled in one step, else null. */
        private final long[] keyHandles;
        private final long[] keyPrefixes;

        /**
         * A record constructor.
         *
         * @param span source.
         * @param keys key expressions (strings).
         * @param values value expressions.
         * @param tmp two register pairs.
         */
        public RecordLit(final Span span, final List<Node> keys, final List<Node> values, final int tmp)
        {
            this(span, keys, values, tmp, false);
        }

        /**
         * A record constructor whose keys may be known to differ.
         *
         * @param span source.
         * @param keys key expressions (strings).
         * @param values value expressions.
         * @param tmp two register pairs.
         * @param distinctKeys true when the keys are constants that all differ: entries are appended without a lookup.
         */
        public RecordLit(final Span span, final List<Node> keys, final List<Node> values, final int tmp,
            final boolean distinctKeys)
        {
            super(span);
            this.keys = keys.toArray(new Node[0]);
            this.values = values.toArray(new Node[0]);
            this.tmp = tmp;
            this.distinctKeys = distinctKeys;
            this.keyHandles = null;
            this.keyPrefixes = null;
        }

        /**
         * A record constructor whose keys are distinct constants: the values are evaluated in order into
         * {@code values.size()} register pairs from {@code tmp}, then the record's block is filled in one step.
         *
         * @param span source.
         * @param keys key literals.
         * @param values value expressions.
         * @param tmp one register pair per value (at least two).
         * @param keyHandles the keys' string handles, all different.
         * @param keyPrefixes each key's {@link ValueContext#keyPrefixOf}.
         */
        public RecordLit(final Span span, final List<Node> keys, final List<Node> values, final int tmp,
            final long[] keyHandles, final long[] keyPrefixes)
        {
            super(span);
            this.keys = keys.toArray(new Node[0]);
            this.values = values.toArray(new Node[0]);
            this.tmp = tmp;
            this.distinctKeys = true;
            this.keyHandles = keyHandles.clone();
            this.keyPrefixes = keyPrefixes.clone();
        }

        /**
         * The keys' handles when they are distinct constants (the block is filled in one step), else null.
         *
         * @return the handles (not to be changed), or null.
         */
        public long[] constantKeys()
        {
            return keyHandles;
        }

        Node[] valueNodes()
        {
            return values;
        }

        int registers()
        {
            return tmp;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            final ValueContext ctx = e.ctx;
            final int t = e.base + tmp;
            if (null != keyHandles)
            {
                for (int i = 0; i < values.length; i++)
                {
                    values[i].execute(e, t + 2 * i);
                }
                ctx.newRecord(keyHandles, keyPrefixes, e.regs, t, e.regs, at);
                return CONTINUE;
            }
            ctx.newRecord(Math.max(1, keys.length), e.regs, at);
            for (int i = 0; i < keys.length; i++)
            {
                values[i].execute(e, t);
                keys[i].execute(e, t + 2);
                final long[] r = e.regs;
                if (Values.type(r[t + 2]) != TYPE_STRING)
                {
                    throw Ops.conflicting(keys[i].span(), keys[i].span(), r[t + 2], "string");
                }
                if (distinctKeys)
                {
                    ctx.append(r[at], r[t + 2], r[t], r[t + 1], r, at);
                }
                else
                {
                    ctx.put(r[at], r[t + 2], r[t], r[t + 1], r, at);
                }
            }
            return CONTINUE;
        }
    }

    /** {@code [a, b, ...]}. */
    public static final class ArrayLit extends Node
    {
        private final Node[] elements;
        private final int tmp;

        /**
         * An array constructor.
         *
         * @param span source.
         * @param elements element expressions.
         * @param tmp one register pair.
         */
        public ArrayLit(final Span span, final List<Node> elements, final int tmp)
        {
            super(span);
            this.elements = elements.toArray(new Node[0]);
            this.tmp = tmp;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            final ValueContext ctx = e.ctx;
            final int t = e.base + tmp;
            ctx.newArray(Math.max(1, elements.length), e.regs, at);
            for (final Node element : elements)
            {
                element.execute(e, t);
                final long[] r = e.regs;
                ctx.push(r[at], r[t], r[t + 1], r, at);
            }
            return CONTINUE;
        }
    }

    /** {@code "text #{expr} text"}. */
    public static final class Interpolation extends Node
    {
        private final byte[][] texts;
        private final Node[] parts;
        private final int tmp;
        /** Total bytes of the literal pieces. */
        private final int textBytes;

        /**
         * An interpolated string: {@code texts[i]} (may be empty) precedes {@code parts[i]}; the last text has no part.
         *
         * @param span source.
         * @param texts literal pieces (UTF-8), one more than parts.
         * @param parts interpolated expressions.
         * @param tmp one register pair per part.
         */
        public Interpolation(final Span span, final List<String> texts, final List<Node> parts, final int tmp)
        {
            super(span);
            this.texts = new byte[texts.size()][];
            int n = 0;
            for (int i = 0; i < texts.size(); i++)
            {
                this.texts[i] = texts.get(i).getBytes(StandardCharsets.UTF_8);
                n += this.texts[i].length;
            }
            this.textBytes = n;
            this.parts = parts.toArray(new Node[0]);
            this.tmp = tmp;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            final ValueContext ctx = e.ctx;
            final int t = e.base + tmp;
            // every part first (left to right), then one arena string of the summed length when all are strings or
            // integers; other values go through the builder, which renders them
            long room = textBytes;
            for (int i = 0; i < parts.length; i++)
            {
                parts[i].execute(e, t + 2 * i);
                final int n = ctx.joinRoom(e.regs[t + 2 * i]);
                room = n < 0 || room < 0 ? -1 : room + n;
            }
            final long[] r = e.regs;
            if (room >= 0)
            {
                ctx.join(texts, r, t, room, r, at);
                return CONTINUE;
            }
            final long mark = ctx.beginString();
            for (int i = 0; i < parts.length; i++)
            {
                ctx.appendBytes(texts[i], 0, texts[i].length);
                ctx.appendValue(r[t + 2 * i], r[t + 2 * i + 1]);
            }
            final byte[] last = texts[parts.length];
            ctx.appendBytes(last, 0, last.length);
            ctx.endString(mark, r, at);
            return CONTINUE;
        }
    }

    /** A binary operator other than {@code and}, {@code or}, {@code xor}. */
    public static final class Binary extends Node
    {
        private final BinOp op;
        private final Node lhs;
        private final Node rhs;
        private final int tmp;

        /**
         * A binary operation.
         *
         * @param span source.
         * @param op the operator.
         * @param lhs left operand.
         * @param rhs right operand.
         * @param tmp two register pairs.
         */
        public Binary(final Span span, final BinOp op, final Node lhs, final Node rhs, final int tmp)
        {
            super(span);
            this.op = op;
            this.lhs = lhs;
            this.rhs = rhs;
            this.tmp = tmp;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            final int t = e.base + tmp;
            lhs.execute(e, t);
            rhs.execute(e, t + 2);
            final long[] r = e.regs;
            Ops.binary(e, op, r[t], r[t + 1], r[t + 2], r[t + 3], at, span);
            return CONTINUE;
        }
    }

    /** {@code and}, {@code or}, {@code xor} with short circuit. */
    public static final class Logical extends Node
    {
        private final BinOp op;
        private final Node lhs;
        private final Node rhs;

        /**
         * A boolean operation.
         *
         * @param span source.
         * @param op AND, OR or XOR.
         * @param lhs left.
         * @param rhs right.
         */
        public Logical(final Span span, final BinOp op, final Node lhs, final Node rhs)
        {
            super(span);
            this.op = op;
            this.lhs = lhs;
            this.rhs = rhs;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            lhs.execute(e, at);
            if (Values.type(e.regs[at]) != TYPE_BOOL)
            {
                throw notBool(lhs.span(), e.regs[at], false);
            }
            final boolean l = e.regs[at + 1] != 0;
            if (op == BinOp.OR && l)
            {
                return CONTINUE;
            }
            if (op == BinOp.AND && !l)
            {
                return CONTINUE;
            }
            rhs.execute(e, at);
            if (Values.type(e.regs[at]) != TYPE_BOOL)
            {
                throw notBool(rhs.span(), e.regs[at], true);
            }
            final boolean r = e.regs[at + 1] != 0;
            e.setBool(at, op == BinOp.XOR ? l ^ r : r);
            return CONTINUE;
        }

        private ScriptError notBool(final Span inner, final long got, final boolean right)
        {
            final String types = right ? "`bool` and `" + Ops.typeName(got) + "`" :
                "`" + Ops.typeName(got) + "` and `<not executed>`";
            return new ScriptError(span, inner, "The binary operation `" + op.symbol() + "` is not defined for the type " +
                types, null);
        }
    }

    /** A unary operator. */
    public static final class Unary extends Node
    {
        private final UnaryOp op;
        private final Node operand;

        /**
         * A unary operation.
         *
         * @param span source.
         * @param op operator.
         * @param operand operand.
         */
        public Unary(final Span span, final UnaryOp op, final Node operand)
        {
            super(span);
            this.op = op;
            this.operand = operand;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            operand.execute(e, at);
            Ops.unary(e, op, e.regs[at], e.regs[at + 1], at, span, operand.span());
            return CONTINUE;
        }
    }

    /** A sequence of expressions; its value is the last one's. Emit and drop end it early. */
    public static final class Block extends Node
    {
        private final Node[] body;

        /**
         * A sequence.
         *
         * @param span source.
         * @param body the expressions (at least one).
         */
        public Block(final Span span, final List<Node> body)
        {
            super(span);
            this.body = body.toArray(new Node[0]);
        }

        @Override
        public int execute(final Env e, final int at)
        {
            for (final Node node : body)
            {
                final int control = node.execute(e, at);
                if (control != CONTINUE)
                {
                    return control;
                }
            }
            return CONTINUE;
        }
    }

    /** {@code emit [value] [=> port]}. */
    public static final class Emit extends Node
    {
        private final Node value;
        private final String port;

        /**
         * An emit.
         *
         * @param span source.
         * @param value the value, or null for {@code event}.
         * @param port the port, or null.
         */
        public Emit(final Span span, final Node value, final String port)
        {
            super(span);
            this.value = value;
            this.port = port;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            if (null == value)
            {
                e.set(at, e.eventH, e.eventB);
            }
            else
            {
                value.execute(e, at);
            }
            e.port = port;
            return EMIT;
        }
    }

    /** {@code drop}. */
    public static final class Drop extends Node
    {
        /**
         * A drop.
         *
         * @param span source.
         */
        public Drop(final Span span)
        {
            super(span);
        }

        @Override
        public int execute(final Env e, final int at)
        {
            e.set(at, Values.NULL, 0);
            return DROP;
        }
    }

    /** Raises a compile-detected error when reached (Tremor reports some misuse only when it runs). */
    public static final class Fail extends Node
    {
        private final String message;

        /**
         * A failing node.
         *
         * @param span source.
         * @param message the message.
         */
        public Fail(final Span span, final String message)
        {
            super(span);
            this.message = message;
        }

        @Override
        public int execute(final Env e, final int at)
        {
            throw new ScriptError(span, message);
        }
    }
}
