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

    /**
     * A trickle/troy definition as found in module files: {@code define connector|pipeline|operator|script name
     * [from kind] [args ...] [with ... end] [body] end}. Only the statements Tremor's module files use are parsed.
     *
     * @param what  {@code connector}, {@code pipeline}, {@code operator} or {@code script}.
     * @param name  the defined name.
     * @param from  the connector or operator kind ({@code http_client}, {@code [generic, batch]}), or a pipeline's
     *              declared input ports ({@code from ...}); empty if none.
     * @param args  the declared arguments.
     * @param with  the {@code with} configuration.
     * @param body  the statements of a pipeline or the expressions of a script.
     * @param into  a pipeline's declared output ports ({@code into ...}); empty if none or not a pipeline.
     * @param doc   the doc comment lines.
     * @param span  source range.
     */
    record Definition(String what, String name, List<String> from, List<Arg> args, List<WithField> with, List<Stmt> body,
        List<String> into, List<String> doc, Span span) implements Stmt
    {
    }

    /**
     * A declared argument {@code name [= default]}.
     *
     * @param name         the argument.
     * @param defaultValue the default, or null.
     */
    record Arg(String name, Expr defaultValue, Span span)
    {
    }

    /**
     * A configuration entry {@code name = value}.
     *
     * @param name  the key.
     * @param value the value.
     */
    record WithField(String name, Expr value, Span span)
    {
    }

    /**
     * {@code create stream|operator|script|pipeline name [from target] [with ... end]}.
     *
     * @param what   what is created.
     * @param name   the instance name.
     * @param target the definition's path (the name itself when not given).
     * @param with   the parameters.
     * @param span   source range.
     */
    record Create(String what, String name, List<String> target, List<WithField> with, Span span) implements Stmt
    {
    }

    /**
     * {@code select target from stream[/port] [[windows]] [where e] [group by g] into stream[/port] [having e]}.
     *
     * @param target   the selected expression.
     * @param from     the source stream and optional port.
     * @param windows  the window names.
     * @param where    the filter, or null.
     * @param groupBy  the grouping, or null.
     * @param into     the target stream and optional port.
     * @param having   the post-filter, or null.
     * @param span     source range.
     */
    record Select(Expr target, List<String> from, List<List<String>> windows, Expr where, GroupBy groupBy,
        List<String> into, Expr having, Span span, Span fromSpan, Span intoSpan) implements Stmt
    {
    }

    /**
     * A {@code group by} clause: an expression, {@code set(...)} or {@code each(expr)}.
     *
     * @param kind  {@code expr}, {@code set} or {@code each}.
     * @param expr  the expression for {@code expr} and {@code each}; otherwise null.
     * @param items the members of a {@code set}; otherwise empty.
     * @param span  source range.
     */
    record GroupBy(String kind, Expr expr, List<GroupBy> items, Span span) implements Node
    {
    }

    /**
     * {@code define window name from tumbling|sliding [with ...] [state e] [script from tick ...] [script ...] end}.
     *
     * @param name        the window's name.
     * @param kind        {@code tumbling} or {@code sliding}.
     * @param with        the parameters ({@code interval}, {@code size}, ...).
     * @param state       the initial state expression, or null.
     * @param tickScript  the {@code script from tick} body; empty if none.
     * @param script      the embedded script body; empty if none.
     * @param doc         the doc comment lines.
     * @param span        source range.
     * @param tickPort    the port named by {@code script from port} (only {@code tick} is valid), or null.
     * @param tickPortSpan where it is written, or null.
     */
    record Window(String name, String kind, List<WithField> with, Expr state, List<Stmt> tickScript, List<Stmt> script,
        List<String> doc, Span span, String tickPort, Span tickPortSpan) implements Stmt
    {
    }

    /**
     * {@code define script name [args ...] [state e] [script from port ...]* script ... end}.
     *
     * @param name   the script's name.
     * @param args   the declared arguments.
     * @param state  the initial state expression, or null.
     * @param named  the scripts for named ports ({@code script from tick ...}).
     * @param body   the main script's statements.
     * @param doc    the doc comment lines.
     * @param span   source range.
     */
    record ScriptDefinition(String name, List<Arg> args, Expr state, List<NamedScript> named, List<Stmt> body,
        List<String> doc, Span span) implements Stmt
    {
    }

    /**
     * A script bound to a named port: {@code script from port ...}.
     *
     * @param port the port.
     * @param body the statements.
     */
    record NamedScript(String port, List<Stmt> body, Span portSpan)
    {
    }

    /**
     * {@code define flow name [args ...] flow statements end}.
     *
     * @param name the flow's name.
     * @param args the declared arguments.
     * @param body the flow statements (definitions, creates, connects, uses).
     * @param doc  the doc comment lines.
     * @param span source range.
     */
    record Flow(String name, List<Arg> args, List<Stmt> body, List<String> doc, Span span) implements Stmt
    {
    }

    /**
     * {@code connect /connector/a[/port] to /pipeline/b[/port]}: endpoints as {@code [kind, alias, port]}, the port
     * null when not given.
     *
     * @param from the source endpoint.
     * @param to   the target endpoint.
     * @param span source range.
     */
    record Connect(List<String> from, List<String> to, Span span) implements Stmt
    {
    }

    /**
     * {@code deploy flow name [from target] [with ... end]}.
     *
     * @param name   the deployment's name.
     * @param target the flow definition's path.
     * @param with   the arguments.
     * @param doc    the doc comment lines.
     * @param span   source range.
     */
    record Deploy(String name, List<String> target, List<WithField> with, List<String> doc, Span span) implements Stmt
    {
    }

    /**
     * A {@code #!config name = value} directive.
     *
     * @param name  the setting.
     * @param value the value.
     * @param span  source range.
     */
    record Config(String name, Expr value, Span span) implements Stmt
    {
    }
}
