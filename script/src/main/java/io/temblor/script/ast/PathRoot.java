package io.temblor.script.ast;

/**
 * Where a path starts.
 */
public enum PathRoot
{
    /** {@code event}. */
    EVENT,
    /** {@code state}. */
    STATE,
    /** {@code $} (metadata). */
    META,
    /** A local variable. */
    LOCAL,
    /** A constant of a module, {@code a::b::C}. */
    CONST,
    /** {@code args}. */
    ARGS,
    /** {@code window}. */
    WINDOW,
    /** {@code group}. */
    GROUP,
    /** An expression: {@code (e)}, a call, a record or an array literal, followed by segments. */
    EXPR
}
