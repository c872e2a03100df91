package io.temblor.script.ast;

import java.util.List;

import io.temblor.script.error.Span;

/**
 * Expressions as parsed. Tremor's grammar tells mutable expressions ({@code let}, {@code emit}, {@code drop}, match
 * and for with {@code ;}-separated blocks) from immutable ones; here both share one tree and {@code mutable} flags
 * record which grammar rule produced a match or comprehension. Nullable components are documented per record.
 */
public sealed interface Expr extends Node
{
    /** {@code null}. @param span source range. */
    record NullLit(Span span) implements Expr
    {
    }

    /** {@code true} / {@code false}. @param value the value. @param span source range. */
    record BoolLit(boolean value, Span span) implements Expr
    {
    }

    /**
     * An integer literal; Tremor lexes them as unsigned 64 bit.
     *
     * @param value the value, unsigned.
     * @param span  source range.
     */
    record IntLit(long value, Span span) implements Expr
    {
    }

    /**
     * A float literal.
     *
     * @param value the value.
     * @param text  the literal as written (without {@code _}).
     * @param span  source range.
     */
    record FloatLit(double value, String text, Span span) implements Expr
    {
    }

    /**
     * A string or heredoc: text pieces and interpolated expressions in order.
     *
     * @param parts   the pieces.
     * @param heredoc true for {@code """} heredocs.
     * @param span    source range.
     */
    record StringLit(List<StringPart> parts, boolean heredoc, Span span) implements Expr
    {
        /**
         * The literal text when the string has no interpolation, else null.
         *
         * @return the constant text or null.
         */
        public String constantText()
        {
            final StringBuilder out = new StringBuilder();
            for (final StringPart part : parts)
            {
                if (part instanceof StringPart.Text text)
                {
                    out.append(text.text());
                }
                else
                {
                    return null;
                }
            }
            return out.toString();
        }
    }

    /**
     * A binary literal {@code << part, ... >>}.
     *
     * @param parts the parts.
     * @param span  source range.
     */
    record BytesLit(List<BytesPart> parts, Span span) implements Expr
    {
    }

    /**
     * One part of a binary literal: {@code data[:bits][/type]}.
     *
     * @param data the value.
     * @param bits the bit count, or -1 when not given.
     * @param type the type name ({@code binary}, {@code integer}, {@code big_unsigned_integer}...), or null.
     * @param span source range.
     */
    record BytesPart(Expr data, long bits, String type, Span span) implements Node
    {
    }

    /**
     * An array literal.
     *
     * @param elements the elements.
     * @param span     source range.
     */
    record ListLit(List<Expr> elements, Span span) implements Expr
    {
    }

    /**
     * A record literal.
     *
     * @param fields the fields in source order.
     * @param span   source range.
     */
    record RecordLit(List<Field> fields, Span span) implements Expr
    {
    }

    /**
     * A record field {@code "name": value}; the name may be interpolated.
     *
     * @param name  the key.
     * @param value the value.
     * @param span  source range.
     */
    record Field(StringLit name, Expr value, Span span) implements Node
    {
    }

    /**
     * A binary operation.
     *
     * @param op   the operator.
     * @param lhs  left operand.
     * @param rhs  right operand.
     * @param span source range.
     */
    record Binary(BinOp op, Expr lhs, Expr rhs, Span span) implements Expr
    {
    }

    /**
     * A unary operation.
     *
     * @param op      the operator.
     * @param operand the operand.
     * @param span    source range.
     */
    record Unary(UnaryOp op, Expr operand, Span span) implements Expr
    {
    }

    /**
     * {@code present path}, or {@code absent path} when {@code negated}.
     *
     * @param path    the path tested.
     * @param negated true for {@code absent}.
     * @param span    source range.
     */
    record Present(Path path, boolean negated, Span span) implements Expr
    {
    }

    /**
     * A path into one of the scopes, e.g. {@code event.a[1]}, {@code $meta}, {@code x.y}, {@code mod::CONST},
     * {@code (expr).field}.
     *
     * @param root     which scope the path starts in.
     * @param module   for {@link PathRoot#CONST}: the module path; otherwise empty.
     * @param name     for {@link PathRoot#LOCAL} and {@link PathRoot#CONST}: the root identifier; otherwise null.
     * @param base     for {@link PathRoot#EXPR}: the expression the segments apply to; otherwise null.
     * @param segments the segments after the root (for {@code $a.b} these are {@code a} and {@code b}).
     * @param span     source range.
     */
    record Path(PathRoot root, List<String> module, String name, Expr base, List<Segment> segments, Span span)
        implements Expr
    {
    }

    /**
     * A function call {@code module::fun(args)}.
     *
     * @param module the module path (empty for a local function).
     * @param fun    the function name.
     * @param args   the arguments.
     * @param span   source range.
     */
    record Invoke(List<String> module, String fun, List<Expr> args, Span span) implements Expr
    {
    }

    /**
     * {@code recur(args)}: tail call of the enclosing function.
     *
     * @param args the arguments.
     * @param span source range.
     */
    record Recur(List<Expr> args, Span span) implements Expr
    {
    }

    /**
     * {@code patch target of ops end}.
     *
     * @param target     the patched value.
     * @param operations the operations in order.
     * @param span       source range.
     */
    record Patch(Expr target, List<PatchOperation> operations, Span span) implements Expr
    {
    }

    /**
     * One patch operation; which components are set depends on the kind.
     *
     * @param kind  the operation.
     * @param key   the field ({@code insert "k" => ...}), or the source of {@code move}/{@code copy}; null for
     *              {@code merge => ...} and {@code default => ...}.
     * @param to    the destination of {@code move}/{@code copy}; otherwise null.
     * @param value the value; null for {@code erase}, {@code move}, {@code copy}.
     * @param span  source range.
     */
    record PatchOperation(PatchKind kind, StringLit key, StringLit to, Expr value, Span span) implements Node
    {
    }

    /**
     * {@code merge target of spec end}.
     *
     * @param target the value merged into.
     * @param spec   the value merged.
     * @param span   source range.
     */
    record Merge(Expr target, Expr spec, Span span) implements Expr
    {
    }

    /**
     * {@code match target of case ... end}.
     *
     * @param target  the matched value.
     * @param clauses the cases in order.
     * @param mutable true when parsed as a statement (bodies are {@code ;}-separated expressions).
     * @param span    source range.
     */
    record Match(Expr target, List<Clause> clauses, boolean mutable, Span span) implements Expr
    {
    }

    /**
     * {@code case pattern [when guard] => body}.
     *
     * @param pattern the pattern.
     * @param guard   the guard, or null.
     * @param body    the expressions of the body.
     * @param span    source range.
     */
    record Clause(Pattern pattern, Expr guard, List<Expr> body, Span span) implements Node
    {
    }

    /**
     * {@code for target of case (k, v) ... [into initial [use op]] end}.
     *
     * @param target  the iterated array or record.
     * @param cases   the cases.
     * @param initial the {@code into} value, or null (an empty array).
     * @param fold    the {@code use} operator, or null (collect).
     * @param mutable true when parsed as a statement.
     * @param span    source range.
     */
    record Comprehension(Expr target, List<ForCase> cases, Expr initial, BinOp fold, boolean mutable, Span span)
        implements Expr
    {
    }

    /**
     * {@code case (key, value) [when guard] => body} of a comprehension.
     *
     * @param key   the key (index) name.
     * @param value the value name.
     * @param guard the guard, or null.
     * @param body  the body.
     * @param span  source range.
     */
    record ForCase(String key, String value, Expr guard, List<Expr> body, Span span) implements Node
    {
    }

    /**
     * {@code let path = value}.
     *
     * @param target the assigned path.
     * @param value  the value.
     * @param span   source range.
     */
    record Let(Path target, Expr value, Span span) implements Expr
    {
    }

    /**
     * {@code drop}.
     *
     * @param span source range.
     */
    record Drop(Span span) implements Expr
    {
    }

    /**
     * {@code emit [value] [=> port]}.
     *
     * @param value the emitted value, or null for {@code event}.
     * @param port  the port, or null for the default.
     * @param span  source range.
     */
    record Emit(Expr value, StringLit port, Span span) implements Expr
    {
    }
}
