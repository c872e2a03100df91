package io.temblor.script.ast;

import java.util.List;

import io.temblor.script.error.Span;

/**
 * Patterns of {@code case} clauses: record, array and tuple patterns, plain expressions, {@code _}, extractors
 * ({@code ~ re|...|}) and bindings ({@code x = pattern}).
 */
public sealed interface Pattern extends Node
{
    /**
     * <code>%{ field-predicates }</code>.
     *
     * @param fields the predicates.
     * @param span   source range.
     */
    record RecordPattern(List<FieldPredicate> fields, Span span) implements Pattern
    {
    }

    /**
     * {@code %[ elements ]}: some element of the array matches each predicate.
     *
     * @param elements the element predicates.
     * @param span     source range.
     */
    record ArrayPattern(List<ElementPredicate> elements, Span span) implements Pattern
    {
    }

    /**
     * {@code %( elements [, ...] )}: positional match; {@code open} when {@code ...} allows more elements.
     *
     * @param elements the element predicates.
     * @param open     true with a trailing {@code ...}.
     * @param span     source range.
     */
    record TuplePattern(List<ElementPredicate> elements, boolean open, Span span) implements Pattern
    {
    }

    /**
     * A value the target must equal.
     *
     * @param expr the expression.
     * @param span source range.
     */
    record ExprPattern(Expr expr, Span span) implements Pattern
    {
    }

    /**
     * {@code _}: matches anything.
     *
     * @param span source range.
     */
    record DontCare(Span span) implements Pattern
    {
    }

    /**
     * {@code ~ extractor|...|}.
     *
     * @param test the extractor.
     * @param span source range.
     */
    record Extract(TestExpr test, Span span) implements Pattern
    {
    }

    /**
     * {@code name = pattern}: binds the matched value (or the extraction) to {@code name}.
     *
     * @param name    the local bound.
     * @param pattern the inner pattern.
     * @param span    source range.
     */
    record Assign(String name, Pattern pattern, Span span) implements Pattern
    {
    }

    /**
     * An extractor {@code name|body|}.
     *
     * @param extractor the extractor's name ({@code re}, {@code glob}, {@code json}, {@code dissect}...).
     * @param lines     the body's lines, common indentation removed, escapes applied.
     * @param span      source range.
     */
    record TestExpr(String extractor, List<String> lines, Span span) implements Node
    {
        /**
         * The body as one string, lines joined without separator, as Tremor does.
         *
         * @return the body.
         */
        public String body()
        {
            return String.join("", lines);
        }
    }

    /**
     * A predicate on one field of a record pattern.
     */
    sealed interface FieldPredicate extends Node
    {
    }

    /**
     * {@code [assign =] field ~= extractor|...|}.
     *
     * @param assign the name bound to the extraction (the field name when not given).
     * @param field  the field tested.
     * @param test   the extractor.
     * @param span   source range.
     */
    record TildeEq(String assign, String field, TestExpr test, Span span) implements FieldPredicate
    {
    }

    /**
     * {@code field ~= %{...}}, {@code field ~= %[...]} or {@code field ~= %(...)}.
     *
     * @param field   the field tested.
     * @param pattern the nested record, array or tuple pattern.
     * @param span    source range.
     */
    record Nested(String field, Pattern pattern, Span span) implements FieldPredicate
    {
    }

    /**
     * {@code present field} or {@code absent field}.
     *
     * @param field   the field.
     * @param present true for {@code present}.
     * @param span    source range.
     */
    record Presence(String field, boolean present, Span span) implements FieldPredicate
    {
    }

    /**
     * {@code field == expr} (or {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}).
     *
     * @param field the field.
     * @param op    the comparison.
     * @param value the compared value.
     * @param span  source range.
     */
    record Compare(String field, BinOp op, Expr value, Span span) implements FieldPredicate
    {
    }

    /**
     * A predicate on an element of an array or tuple pattern.
     */
    sealed interface ElementPredicate extends Node
    {
    }

    /**
     * {@code ~ extractor|...|}.
     *
     * @param test the extractor.
     * @param span source range.
     */
    record TildeElement(TestExpr test, Span span) implements ElementPredicate
    {
    }

    /**
     * {@code _}.
     *
     * @param span source range.
     */
    record IgnoreElement(Span span) implements ElementPredicate
    {
    }

    /**
     * An expression the element must equal.
     *
     * @param expr the expression.
     * @param span source range.
     */
    record ExprElement(Expr expr, Span span) implements ElementPredicate
    {
    }

    /**
     * A record pattern the element must match.
     *
     * @param pattern the record pattern.
     * @param span    source range.
     */
    record RecordElement(RecordPattern pattern, Span span) implements ElementPredicate
    {
    }
}
