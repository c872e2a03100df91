package io.temblor.script.parser;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.temblor.script.ast.Expr;
import io.temblor.script.ast.Script;
import io.temblor.script.ast.Stmt;
import io.temblor.script.error.Location;
import io.temblor.script.error.Span;
import io.temblor.script.lexer.TokenKind;

import static io.temblor.script.lexer.TokenKind.*;

/**
 * The trickle (query) and troy (deployment) statements of Tremor's grammar, parsed on top of {@link Parser}'s token
 * access and expression rules: definitions of windows, operators, scripts, pipelines, connectors and flows,
 * {@code create}, {@code select}, {@code connect}, {@code deploy} and {@code #!config} directives. Package-private;
 * use {@link Parser#parseQuery(String)}, {@link Parser#parseDeploy(String)} or {@link Parser#parseModule(String)}.
 */
final class TrickleParser
{
    private final Parser p;

    TrickleParser(final Parser parser)
    {
        this.p = parser;
    }

    Stmt definition(final Location start, final List<String> doc)
    {
        p.enter();
        try
        {
            return define(start, doc);
        }
        finally
        {
            p.leave();
        }
    }

    private Stmt define(final Location start, final List<String> doc)
    {
        p.expect(DEFINE);
        p.expected.addAll(List.of(CONNECTOR, PIPELINE, OPERATOR, SCRIPT, WINDOW, FLOW));
        final TokenKind what = p.kind();
        switch (what)
        {
            case CONNECTOR, OPERATOR ->
            {
                p.advance();
                final String name = p.expect(IDENT).text();
                p.expect(FROM);
                final List<String> from = new ArrayList<>();
                from.add(p.expect(IDENT).text());
                if (what == OPERATOR)
                {
                    p.expect(COLON_COLON);
                    from.add(p.expect(IDENT).text());
                }
                final List<Stmt.Arg> args = new ArrayList<>();
                final List<Stmt.WithField> with = new ArrayList<>();
                if (p.at(ARGS) || p.at(WITH))
                {
                    definitionArgs(args);
                    p.expect(WITH);
                    withFields(with);
                    p.expect(END);
                }
                return new Stmt.Definition(what.grammarName(), name, List.copyOf(from), List.copyOf(args), List.copyOf(with),
                    List.of(), List.of(), List.copyOf(doc), p.from(start));
            }
            case PIPELINE ->
            {
                p.advance();
                final String name = p.expect(IDENT).text();
                final List<String> fromPorts = new ArrayList<>();
                final List<String> intoPorts = new ArrayList<>();
                if (p.accept(FROM))
                {
                    ports(fromPorts);
                }
                if (p.accept(INTO))
                {
                    ports(intoPorts);
                }
                final List<Stmt.Arg> args = new ArrayList<>();
                definitionArgs(args);
                p.expect(PIPELINE);
                final List<Stmt> body = new ArrayList<>();
                configDirectives(body);
                do
                {
                    if (!body.isEmpty() && p.at(END))
                    {
                        break;
                    }
                    body.add(queryStatement());
                }
                while (p.accept(SEMI));
                p.expect(END);
                return new Stmt.Definition(what.grammarName(), name, List.copyOf(fromPorts), List.copyOf(args), List.of(),
                    List.copyOf(body), List.copyOf(intoPorts), List.copyOf(doc), p.from(start));
            }
            case SCRIPT ->
            {
                p.advance();
                final String name = p.expect(IDENT).text();
                final List<Stmt.Arg> args = new ArrayList<>();
                definitionArgs(args);
                final Expr state = p.accept(STATE) ? p.binary(1) : null;
                final List<Stmt.NamedScript> named = new ArrayList<>();
                while (true)
                {
                    p.expect(SCRIPT);
                    if (p.accept(FROM))
                    {
                        final io.temblor.script.lexer.Token portToken = p.expect(IDENT);
                        named.add(new Stmt.NamedScript(portToken.text(), scriptBody(), portToken.span()));
                        continue;
                    }
                    final List<Stmt> body = scriptBody();
                    p.expect(END);
                    final Span span = p.from(start);
                    return new Stmt.ScriptDefinition(name, List.copyOf(args), state, List.copyOf(named), body, List.copyOf(doc),
                        span);
                }
            }
            case WINDOW ->
            {
                p.advance();
                final String name = p.expect(IDENT).text();
                p.expect(FROM);
                p.expected.addAll(List.of(TUMBLING, SLIDING));
                if (p.kind() != TUMBLING && p.kind() != SLIDING)
                {
                    throw p.unexpected();
                }
                final String windowKind = p.advance().text();
                final List<Stmt.WithField> with = new ArrayList<>();
                if (p.accept(WITH))
                {
                    withFields(with);
                }
                final Expr state = p.accept(STATE) ? p.binary(1) : null;
                List<Stmt> tick = List.of();
                List<Stmt> script = List.of();
                String tickPort = null;
                Span tickPortSpan = null;
                if (p.accept(SCRIPT))
                {
                    if (p.accept(FROM))
                    {
                        final io.temblor.script.lexer.Token port = p.expect(IDENT);
                        tickPort = port.text();
                        tickPortSpan = port.span();
                        tick = scriptBody();
                        if (p.accept(SCRIPT))
                        {
                            script = scriptBody();
                        }
                    }
                    else
                    {
                        script = scriptBody();
                    }
                }
                p.expect(END);
                return new Stmt.Window(name, windowKind, List.copyOf(with), state, tick, script, List.copyOf(doc), p.from(start),
                    tickPort, tickPortSpan);
            }
            case FLOW ->
            {
                p.advance();
                final String name = p.expect(IDENT).text();
                final List<Stmt.Arg> args = new ArrayList<>();
                definitionArgs(args);
                p.expect(FLOW);
                final List<Stmt> body = new ArrayList<>();
                do
                {
                    if (!body.isEmpty() && p.at(END))
                    {
                        break;
                    }
                    body.add(flowStatement());
                }
                while (p.accept(SEMI));
                p.expect(END);
                return new Stmt.Flow(name, List.copyOf(args), List.copyOf(body), List.copyOf(doc), p.from(start));
            }
            default -> throw p.unexpected();
        }
    }

    private void ports(final List<String> ports)
    {
        do
        {
            if (!ports.isEmpty() && !p.at(IDENT))
            {
                break;
            }
            ports.add(p.expect(IDENT).text());
        }
        while (p.accept(COMMA));
    }

    private void definitionArgs(final List<Stmt.Arg> args)
    {
        if (!p.accept(ARGS))
        {
            return;
        }
        do
        {
            if (!args.isEmpty() && !p.at(IDENT))
            {
                break;
            }
            final Location start = p.start();
            final String name = p.expect(IDENT).text();
            final Expr value = p.accept(EQ) ? p.binary(1) : null;
            args.add(new Stmt.Arg(name, value, p.from(start)));
        }
        while (p.accept(COMMA));
    }

    private void withFields(final List<Stmt.WithField> with)
    {
        do
        {
            if (!with.isEmpty() && !p.at(IDENT))
            {
                break;
            }
            final Location start = p.start();
            final String name = p.expect(IDENT).text();
            p.expect(EQ);
            with.add(new Stmt.WithField(name, p.binary(1), p.from(start)));
        }
        while (p.accept(COMMA));
    }

    private List<String> streamPort()
    {
        final List<String> stream = new ArrayList<>();
        stream.add(p.expect(IDENT).text());
        if (p.accept(DIV))
        {
            stream.add(p.expect(IDENT).text());
        }
        return List.copyOf(stream);
    }

    private Stmt queryStatement()
    {
        final Location start = p.start();
        final List<String> doc = new ArrayList<>();
        while (p.at(DOC_COMMENT))
        {
            doc.add(p.advance().text());
        }
        p.expected.addAll(List.of(USE, DEFINE, CREATE, SELECT));
        switch (p.kind())
        {
            case USE ->
            {
                return p.use();
            }
            case DEFINE ->
            {
                return definition(start, doc);
            }
            case CREATE ->
            {
                return create(start, EnumSet.of(STREAM, OPERATOR, SCRIPT, PIPELINE));
            }
            case SELECT ->
            {
                return select();
            }
            default -> throw p.unexpected();
        }
    }

    private Stmt create(final Location start, final Set<TokenKind> kinds)
    {
        p.expect(CREATE);
        p.expected.addAll(kinds);
        final TokenKind what = p.kind();
        if (!kinds.contains(what))
        {
            throw p.unexpected();
        }
        p.advance();
        final String name = p.expect(IDENT).text();
        final List<String> target = new ArrayList<>();
        final List<Stmt.WithField> with = new ArrayList<>();
        if (what != STREAM)
        {
            if (p.accept(FROM))
            {
                target.add(p.expect(IDENT).text());
                while (p.accept(COLON_COLON))
                {
                    target.add(p.expect(IDENT).text());
                }
            }
            if (p.accept(WITH))
            {
                withFields(with);
                p.expect(END);
            }
        }
        if (target.isEmpty())
        {
            target.add(name);
        }
        return new Stmt.Create(what.grammarName(), name, List.copyOf(target), List.copyOf(with), p.from(start));
    }

    /** The expressions of an embedded script, up to (not including) {@code end} or the next {@code script}. */
    private List<Stmt> scriptBody()
    {
        final List<Stmt> body = new ArrayList<>();
        do
        {
            if (!body.isEmpty() && (p.at(END) || p.at(SCRIPT)))
            {
                break;
            }
            body.add(p.topLevel(false));
        }
        while (p.accept(SEMI));
        return List.copyOf(body);
    }

    private void configDirectives(final List<Stmt> out)
    {
        while (true)
        {
            final Location start = p.start();
            if (!p.accept(CONFIG_DIRECTIVE))
            {
                return;
            }
            final String name = p.expect(IDENT).text();
            p.expect(EQ);
            final Expr value = p.binary(1);
            out.add(new Stmt.Config(name, value, p.from(start)));
        }
    }

    Script query()
    {
        final Location start = p.start();
        final List<Stmt> statements = new ArrayList<>();
        configDirectives(statements);
        final int first = statements.size();
        do
        {
            if (statements.size() > first && p.at(EOF))
            {
                break;
            }
            statements.add(queryStatement());
        }
        while (p.accept(SEMI));
        if (p.kind() != EOF)
        {
            throw p.unexpected();
        }
        return new Script(List.of(), List.copyOf(statements), p.from(start));
    }

    Script deploy()
    {
        final Location start = p.start();
        final List<Stmt> statements = new ArrayList<>();
        configDirectives(statements);
        final List<String> doc = new ArrayList<>();
        while (p.at(MOD_COMMENT))
        {
            doc.add(p.advance().text());
        }
        final int first = statements.size();
        do
        {
            if (statements.size() > first && p.at(EOF))
            {
                break;
            }
            statements.add(deployStatement());
        }
        while (p.accept(SEMI));
        if (p.kind() != EOF)
        {
            throw p.unexpected();
        }
        return new Script(List.copyOf(doc), List.copyOf(statements), p.from(start));
    }

    private Stmt deployStatement()
    {
        final Location start = p.start();
        final List<String> doc = new ArrayList<>();
        while (p.at(DOC_COMMENT))
        {
            doc.add(p.advance().text());
        }
        p.expected.addAll(List.of(DEFINE, DEPLOY));
        if (doc.isEmpty() && p.at(USE))
        {
            return p.use();
        }
        if (p.at(DEFINE))
        {
            return definition(start, doc);
        }
        p.expect(DEPLOY);
        p.expect(FLOW);
        final String name = p.expect(IDENT).text();
        final List<String> target = new ArrayList<>();
        if (p.accept(FROM))
        {
            target.add(p.expect(IDENT).text());
            while (p.accept(COLON_COLON))
            {
                target.add(p.expect(IDENT).text());
            }
        }
        else
        {
            target.add(name);
        }
        final List<Stmt.WithField> with = new ArrayList<>();
        if (p.accept(WITH))
        {
            withFields(with);
            p.expect(END);
        }
        return new Stmt.Deploy(name, List.copyOf(target), List.copyOf(with), List.copyOf(doc), p.from(start));
    }

    private Stmt flowStatement()
    {
        final Location start = p.start();
        final List<String> doc = new ArrayList<>();
        while (p.at(DOC_COMMENT))
        {
            doc.add(p.advance().text());
        }
        p.expected.addAll(List.of(DEFINE, CREATE, CONNECT, USE));
        switch (p.kind())
        {
            case DEFINE ->
            {
                return definition(start, doc);
            }
            case CREATE ->
            {
                return create(start, EnumSet.of(CONNECTOR, PIPELINE));
            }
            case USE ->
            {
                return p.use();
            }
            default ->
            {
                p.expect(CONNECT);
                final List<String> from = endpoint();
                p.expect(TO);
                final List<String> to = endpoint();
                return new Stmt.Connect(from, to, p.from(start));
            }
        }
    }

    private List<String> endpoint()
    {
        p.expect(DIV);
        p.expected.addAll(List.of(CONNECTOR, PIPELINE));
        if (p.kind() != CONNECTOR && p.kind() != PIPELINE)
        {
            throw p.unexpected();
        }
        final List<String> endpoint = new ArrayList<>();
        endpoint.add(p.advance().text());
        p.expect(DIV);
        endpoint.add(p.expect(IDENT).text());
        endpoint.add(p.accept(DIV) ? p.expect(IDENT).text() : null);
        return java.util.Collections.unmodifiableList(endpoint);
    }

    private Stmt select()
    {
        final Location start = p.start();
        p.expect(SELECT);
        final Expr target = p.complex();
        p.expect(FROM);
        final Span fromSpan = p.peekSpan();
        final List<String> from = streamPort();
        final List<List<String>> windows = new ArrayList<>();
        if (p.accept(LBRACKET))
        {
            do
            {
                if (!windows.isEmpty() && p.at(RBRACKET))
                {
                    break;
                }
                final List<String> window = new ArrayList<>();
                window.add(p.expect(IDENT).text());
                while (p.accept(COLON_COLON))
                {
                    window.add(p.expect(IDENT).text());
                }
                windows.add(List.copyOf(window));
            }
            while (p.accept(COMMA));
            p.expect(RBRACKET);
        }
        final Expr where = p.accept(WHERE) ? p.complex() : null;
        Stmt.GroupBy groupBy = null;
        if (p.accept(GROUP))
        {
            p.expect(BY);
            groupBy = groupBy();
        }
        p.expect(INTO);
        final Span intoSpan = p.peekSpan();
        final List<String> into = streamPort();
        final Expr having = p.accept(HAVING) ? p.complex() : null;
        return new Stmt.Select(target, from, List.copyOf(windows), where, groupBy, into, having, p.from(start), fromSpan,
            intoSpan);
    }

    private Stmt.GroupBy groupBy()
    {
        p.enter();
        try
        {
            final Location start = p.start();
            if (p.accept(SET))
            {
                p.expect(LPAREN);
                final List<Stmt.GroupBy> items = new ArrayList<>();
                do
                {
                    if (!items.isEmpty() && p.at(RPAREN))
                    {
                        break;
                    }
                    items.add(groupBy());
                }
                while (p.accept(COMMA));
                p.expect(RPAREN);
                return new Stmt.GroupBy("set", null, List.copyOf(items), p.from(start));
            }
            if (p.accept(EACH))
            {
                p.expect(LPAREN);
                final Expr expr = p.binary(1);
                p.expect(RPAREN);
                return new Stmt.GroupBy("each", expr, List.of(), p.from(start));
            }
            final Expr expr = p.binary(1);
            return new Stmt.GroupBy("expr", expr, List.of(), p.from(start));
        }
        finally
        {
            p.leave();
        }
    }
}
