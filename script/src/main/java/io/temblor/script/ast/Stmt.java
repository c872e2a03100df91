package io.temblor.script.ast;

import java.util.List;

import io.temblor.script.error.Span;

/**
 * Top-level statements of a script or module file: {@code use}, {@code const}, {@code fn}, {@code intrinsic fn} and
 * expressions.
 */
public sealed interface Stmt extends Node
{
    /**
     * {@code use a::b [as c]} or {@code use a::{b, c::d as e}}: one import per target.
     *
     * @param targets the imports.
     * @param span    source range.
     */
    record Use(List<UseTarget> targets, Span span) implements Stmt
    {
    }

    /**
     * One imported module.
     *
     * @param path  the module path, e.g. {@code [std, string]}.
     * @param alias the alias, or null (the last path element).
     */
    record UseTarget(List<String> path, String alias)
    {
    }

    /**
     * {@code const NAME = expr}.
     *
     * @param name  the constant's name.
     * @param value the value.
     * @param doc   the doc comment lines.
     * @param span  source range.
     */
    record Const(String name, Expr value, List<String> doc, Span span) implements Stmt
    {
    }

    /**
     * {@code fn name(args[, ...]) with body end} or {@code fn name(args) of case ... end}.
     *
     * @param name  the function's name.
     * @param args  the parameter names.
     * @param open  true when variadic ({@code ...}).
     * @param body  the body for {@code with} functions; empty for {@code of} functions.
     * @param cases the cases for {@code of} functions (patterns are tuples of the arguments); otherwise empty.
     * @param doc   the doc comment lines.
     * @param span  source range.
     */
    record Fn(String name, List<String> args, boolean open, List<Expr> body, List<Expr.Clause> cases, List<String> doc,
        Span span) implements Stmt
    {
    }

    /**
     * {@code intrinsic fn name(args) as module::fun}: a function implemented by the runtime.
     *
     * @param name   the function's name.
     * @param args   the parameter names.
     * @param open   true when variadic.
     * @param target the implementing function's path, e.g. {@code [string, len]}.
     * @param doc    the doc comment lines.
     * @param span   source range.
     */
    record Intrinsic(String name, List<String> args, boolean open, List<String> target, List<String> doc, Span span)
        implements Stmt
    {
    }

    /**
     * An expression at the top level.
     *
     * @param expr the expression.
     * @param span source range.
     */
    record ExprStmt(Expr expr, Span span) implements Stmt
    {
    }
}
