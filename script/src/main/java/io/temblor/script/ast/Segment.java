package io.temblor.script.ast;

import io.temblor.script.error.Span;

/**
 * A path segment: {@code .name}, {@code [expr]} or {@code [start:end]}.
 */
public sealed interface Segment extends Node
{
    /**
     * {@code .name}.
     *
     * @param name the field name.
     * @param span source range.
     */
    record FieldSegment(String name, Span span) implements Segment
    {
    }

    /**
     * {@code [expr]}.
     *
     * @param index the key or index.
     * @param span  source range.
     */
    record IndexSegment(Expr index, Span span) implements Segment
    {
    }

    /**
     * {@code [start:end]}.
     *
     * @param start the first index.
     * @param end   the index past the range.
     * @param span  source range.
     */
    record RangeSegment(Expr start, Expr end, Span span) implements Segment
    {
    }
}
