package io.temblor.script.ast;

import io.temblor.script.error.Span;

/**
 * Any node of the raw AST: it knows the source range it was parsed from.
 */
public interface Node
{
    /**
     * The source range of this node.
     *
     * @return the span.
     */
    Span span();
}
