package io.temblor.script.parser;

import java.util.List;
import java.util.stream.Collectors;

import io.temblor.script.ast.Expr;
import io.temblor.script.ast.Pattern;
import io.temblor.script.ast.Segment;
import io.temblor.script.ast.Stmt;
import io.temblor.script.ast.StringPart;

/**
 * Prints raw AST nodes as compact s-expressions so tests can state the expected tree in one line.
 */
final class SExpr
{
    private SExpr()
    {
    }

    static String of(final Stmt stmt)
    {
        return switch (stmt)
        {
            case Stmt.ExprStmt e -> of(e.expr());
            case Stmt.Const c -> "(const " + c.name() + " " + of(c.value()) + ")";
            case Stmt.Use u -> "(use " + u.targets().stream()
                .map(t -> String.join("::", t.path()) + (null == t.alias() ? "" : " as " + t.alias()))
                .collect(Collectors.joining(", ")) + ")";
            case Stmt.Fn f -> "(fn " + f.name() + " " + f.args() + (f.open() ? "..." : "")
                + (f.cases().isEmpty() ? " " + all(f.body()) : " " + f.cases().stream().map(SExpr::of).collect(Collectors.joining(" ")))
                + ")";
            case Stmt.Intrinsic i -> "(intrinsic " + i.name() + " " + i.args() + (i.open() ? "..." : "") + " "
                + String.join("::", i.target()) + ")";
            default -> stmt.toString();
        };
    }

    static String all(final List<Expr> exprs)
    {
        return exprs.stream().map(SExpr::of).collect(Collectors.joining(" ", "[", "]"));
    }

    static String of(final Expr expr)
    {
        if (null == expr)
        {
            return "_";
        }
        return switch (expr)
        {
            case Expr.NullLit n -> "null";
            case Expr.BoolLit b -> Boolean.toString(b.value());
            case Expr.IntLit i -> Long.toUnsignedString(i.value());
            case Expr.FloatLit f -> f.text();
            case Expr.StringLit s -> (s.heredoc() ? "h" : "") + s.parts().stream().map(p -> switch (p)
            {
                case StringPart.Text t -> "'" + t.text() + "'";
                case StringPart.Interpolation i -> "#{" + of(i.expr()) + "}";
            }).collect(Collectors.joining("", "(str ", ")"));
            case Expr.BytesLit b -> b.parts().stream()
                .map(p -> of(p.data()) + (p.bits() >= 0 ? ":" + p.bits() : "") + (null == p.type() ? "" : "/" + p.type()))
                .collect(Collectors.joining(" ", "(bytes ", ")"));
            case Expr.ListLit l -> all(l.elements());
            case Expr.RecordLit r -> r.fields().stream().map(f -> of(f.name()) + ":" + of(f.value()))
                .collect(Collectors.joining(" ", "{", "}"));
            case Expr.Binary b -> "(" + b.op().symbol() + " " + of(b.lhs()) + " " + of(b.rhs()) + ")";
            case Expr.Unary u -> "(" + u.op().symbol() + " " + of(u.operand()) + ")";
            case Expr.Present p -> "(" + (p.negated() ? "absent " : "present ") + of(p.path()) + ")";
            case Expr.Path p -> path(p);
            case Expr.Invoke i -> "(call " + String.join("::", concat(i.module(), i.fun())) + " " + all(i.args()) + ")";
            case Expr.Recur r -> "(recur " + all(r.args()) + ")";
            case Expr.Patch p -> "(patch " + of(p.target()) + " " + p.operations().stream()
                .map(o -> "(" + o.kind().name().toLowerCase() + (null == o.key() ? "" : " " + of(o.key()))
                    + (null == o.to() ? "" : " " + of(o.to())) + (null == o.value() ? "" : " " + of(o.value())) + ")")
                .collect(Collectors.joining(" ")) + ")";
            case Expr.Merge m -> "(merge " + of(m.target()) + " " + of(m.spec()) + ")";
            case Expr.Match m -> "(match" + (m.mutable() ? "! " : " ") + of(m.target()) + " "
                + m.clauses().stream().map(SExpr::of).collect(Collectors.joining(" ")) + ")";
            case Expr.Comprehension c -> "(for" + (c.mutable() ? "! " : " ") + of(c.target()) + " " + c.cases().stream()
                .map(k -> "(case " + k.key() + " " + k.value() + (null == k.guard() ? "" : " when " + of(k.guard())) + " "
                    + all(k.body()) + ")")
                .collect(Collectors.joining(" ")) + (null == c.initial() ? "" : " into " + of(c.initial()))
                + (null == c.fold() ? "" : " use " + c.fold().symbol()) + ")";
            case Expr.Let l -> "(let " + of(l.target()) + " " + of(l.value()) + ")";
            case Expr.Drop d -> "(drop)";
            case Expr.Emit e -> "(emit " + of(e.value()) + (null == e.port() ? "" : " => " + of(e.port())) + ")";
        };
    }

    private static List<String> concat(final List<String> module, final String name)
    {
        final java.util.ArrayList<String> out = new java.util.ArrayList<>(module);
        out.add(name);
        return out;
    }

    private static String path(final Expr.Path p)
    {
        final StringBuilder out = new StringBuilder();
        switch (p.root())
        {
            case LOCAL -> out.append(p.name());
            case CONST -> out.append(String.join("::", concat(p.module(), p.name())));
            case EXPR -> out.append('<').append(of(p.base())).append('>');
            case META -> out.append('$');
            default -> out.append(p.root().name().toLowerCase());
        }
        for (final Segment segment : p.segments())
        {
            switch (segment)
            {
                case Segment.FieldSegment f -> out.append('.').append(f.name());
                case Segment.IndexSegment i -> out.append('[').append(of(i.index())).append(']');
                case Segment.RangeSegment r -> out.append('[').append(of(r.start())).append(':').append(of(r.end())).append(']');
            }
        }
        return out.toString();
    }

    static String of(final Expr.Clause clause)
    {
        return "(case " + of(clause.pattern()) + (null == clause.guard() ? "" : " when " + of(clause.guard())) + " "
            + all(clause.body()) + ")";
    }

    static String of(final Pattern pattern)
    {
        return switch (pattern)
        {
            case Pattern.RecordPattern r -> r.fields().stream().map(SExpr::field).collect(Collectors.joining(" ", "%{", "}"));
            case Pattern.ArrayPattern a -> a.elements().stream().map(SExpr::element).collect(Collectors.joining(" ", "%[", "]"));
            case Pattern.TuplePattern t -> t.elements().stream().map(SExpr::element)
                .collect(Collectors.joining(" ", "%(", t.open() ? " ...)" : ")"));
            case Pattern.ExprPattern e -> of(e.expr());
            case Pattern.DontCare d -> "_";
            case Pattern.Extract e -> "~" + test(e.test());
            case Pattern.Assign a -> a.name() + "=" + of(a.pattern());
        };
    }

    private static String test(final Pattern.TestExpr test)
    {
        return test.extractor() + "|" + test.body() + "|";
    }

    private static String field(final Pattern.FieldPredicate predicate)
    {
        return switch (predicate)
        {
            case Pattern.TildeEq t -> (t.assign().equals(t.field()) ? "" : t.assign() + "=") + t.field() + "~=" + test(t.test());
            case Pattern.Nested n -> n.field() + "~=" + of(n.pattern());
            case Pattern.Presence p -> (p.present() ? "present " : "absent ") + p.field();
            case Pattern.Compare c -> c.field() + c.op().symbol() + of(c.value());
        };
    }

    private static String element(final Pattern.ElementPredicate predicate)
    {
        return switch (predicate)
        {
            case Pattern.TildeElement t -> "~" + test(t.test());
            case Pattern.IgnoreElement i -> "_";
            case Pattern.ExprElement e -> of(e.expr());
            case Pattern.RecordElement r -> of(r.pattern());
        };
    }
}
