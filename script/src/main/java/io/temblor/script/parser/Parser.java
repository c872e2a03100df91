package io.temblor.script.parser;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.temblor.script.ast.BinOp;
import io.temblor.script.ast.Expr;
import io.temblor.script.ast.PatchKind;
import io.temblor.script.ast.PathRoot;
import io.temblor.script.ast.Pattern;
import io.temblor.script.ast.Script;
import io.temblor.script.ast.Segment;
import io.temblor.script.ast.Stmt;
import io.temblor.script.ast.StringPart;
import io.temblor.script.ast.UnaryOp;
import io.temblor.script.error.CompileError;
import io.temblor.script.error.Location;
import io.temblor.script.error.Span;
import io.temblor.script.lexer.Lexer;
import io.temblor.script.lexer.Token;
import io.temblor.script.lexer.TokenKind;

import static io.temblor.script.lexer.TokenKind.*;

/**
 * Recursive-descent parser for tremor-script following Tremor's LALR grammar ({@code grammar.lalrpop}) rule for
 * rule, with its operator precedence (loosest first): {@code or}, {@code xor}, {@code and}, {@code ^}, {@code &},
 * {@code == !=}, {@code < <= > >=}, {@code << >> >>>}, {@code + -}, {@code * / %}, unary {@code + -}, unary
 * {@code not !}, {@code present absent}. At every token it records which tokens would have been accepted, so syntax
 * errors read like Tremor's: {@code Found the token `x` but expected one of ...}. Nesting deeper than
 * {@link #MAX_NESTING} is a clean {@link CompileError}, never a stack overflow. Trickle queries and troy deployments
 * share the expression rules; their statements live in {@link TrickleParser}. Use the static entry points; each call
 * parses one source on the calling thread, at compile time only.
 */
public final class Parser
{
    /**
     * Deepest nesting of expressions and patterns accepted.
     */
    public static final int MAX_NESTING = 200;

    private static final Set<TokenKind> SIMPLE_START = EnumSet.of(
        LPAREN, PATCH, MERGE, IDENT, NIL, BOOL, INT, FLOAT, DOLLAR, EVENT, STATE, ARGS, WINDOW, GROUP, LBRACE,
        LBRACKET, DQUOTE, HEREDOC_START, LSHIFT, RECUR);
    private static final Set<TokenKind> UNARY_SIMPLE_START = union(SIMPLE_START, NOT, BIT_NOT, PRESENT, ABSENT);
    private static final Set<TokenKind> UNARY_START = union(UNARY_SIMPLE_START, ADD, SUB);
    private static final Set<TokenKind> COMPLEX_START = union(UNARY_START, MATCH, FOR);
    private static final Set<TokenKind> PATH_START = EnumSet.of(
        DOLLAR, LPAREN, IDENT, LBRACKET, ARGS, EVENT, GROUP, STATE, WINDOW, LBRACE);
    private static final Set<TokenKind> BINARY_OPS = EnumSet.of(
        OR, XOR, AND, BIT_XOR, BIT_AND, EQ_EQ, NOT_EQ, GTE, GT, LTE, LT, RSHIFT, RSHIFT_UNSIGNED, LSHIFT, ADD, SUB,
        MUL, DIV, MOD);
    private static final Set<TokenKind> STRING_START = EnumSet.of(DQUOTE, HEREDOC_START);
    private static final Set<TokenKind> COMPARISONS = EnumSet.of(EQ_EQ, NOT_EQ, GTE, GT, LTE, LT);
    private static final Set<TokenKind> FOLD_OPS = EnumSet.of(
        OR, XOR, AND, BIT_XOR, BIT_AND, RSHIFT, RSHIFT_UNSIGNED, LSHIFT, ADD, SUB, MUL, DIV, MOD);

    private final Lexer lexer;
    private Token[] tokens;
    private int index;
    private Location lastEnd = Location.START;
    final Set<TokenKind> expected = EnumSet.noneOf(TokenKind.class);
    private int depth;
    private final TrickleParser trickle = new TrickleParser(this);

    private Parser(final String source)
    {
        this.lexer = new Lexer(source);
    }

    /**
     * Parses a tremor-script script.
     *
     * @param source the source text.
     * @return the raw AST.
     * @throws CompileError on a lexical or syntax error.
     */
    public static Script parseScript(final String source)
    {
        return parse(source, Parser::script);
    }

    /**
     * Parses a module file (as in {@code tremor-script/lib}): {@code use}, {@code const}, {@code fn} and
     * {@code intrinsic fn} statements.
     *
     * @param source the source text.
     * @return the raw AST.
     * @throws CompileError on a lexical or syntax error.
     */
    public static Script parseModule(final String source)
    {
        return parse(source, Parser::module);
    }

    /**
     * Parses a trickle query: optional {@code #!config} directives, then {@code ;}-separated statements
     * ({@code define}, {@code create}, {@code select}, {@code use}).
     *
     * @param source the source text.
     * @return the raw AST.
     * @throws CompileError on a lexical or syntax error.
     */
    public static Script parseQuery(final String source)
    {
        return parse(source, p -> p.trickle.query());
    }

    /**
     * Parses a troy deployment: optional {@code #!config} directives and module comment, then {@code define flow},
     * {@code deploy flow} and {@code use} statements.
     *
     * @param source the source text.
     * @return the raw AST.
     * @throws CompileError on a lexical or syntax error.
     */
    public static Script parseDeploy(final String source)
    {
        return parse(source, p -> p.trickle.deploy());
    }

    /** Lexes all of {@code source}, then runs one grammar rule; errors carry the comments for Tremor's rendering. */
    private static Script parse(final String source, final Function<Parser, Script> rule)
    {
        final Parser parser = new Parser(source);
        try
        {
            parser.lexAll();
            return rule.apply(parser);
        }
        catch (final CompileError error)
        {
            throw error.comments(parser.lexer.comments());
        }
    }

    /**
     * Lexes the whole source before parsing, as Tremor does: a lexical error anywhere is reported before any syntax
     * error.
     */
    private void lexAll()
    {
        final List<Token> all = new ArrayList<>();
        Token token;
        do
        {
            token = lexer.next();
            all.add(token);
        }
        while (token.kind() != EOF);
        tokens = all.toArray(new Token[0]);
    }

    private static Set<TokenKind> union(final Set<TokenKind> base, final TokenKind... more)
    {
        final EnumSet<TokenKind> set = EnumSet.copyOf(base);
        set.addAll(List.of(more));
        return set;
    }

    // ---------------------------------------------------------------------------------------------- token access

    Token peek()
    {
        return peek(0);
    }

    Token peek(final int ahead)
    {
        return tokens[Math.min(index + ahead, tokens.length - 1)];
    }

    TokenKind kind()
    {
        return peek().kind();
    }

    Token advance()
    {
        final Token token = peek();
        if (index < tokens.length - 1)
        {
            index++;
        }
        expected.clear();
        lastEnd = token.span().end();
        return token;
    }

    boolean at(final TokenKind kind)
    {
        expected.add(kind);
        return kind() == kind;
    }

    boolean accept(final TokenKind kind)
    {
        if (at(kind))
        {
            advance();
            return true;
        }
        return false;
    }

    Token expect(final TokenKind kind)
    {
        if (at(kind))
        {
            return advance();
        }
        throw unexpected();
    }

    Span from(final Location start)
    {
        return new Span(start, lastEnd);
    }

    Location start()
    {
        return peek().span().start();
    }

    Span peekSpan()
    {
        return peek().span();
    }

    void enter()
    {
        if (++depth > MAX_NESTING)
        {
            throw new CompileError(peek().span(), "The expression is nested too deeply (more than " + MAX_NESTING + " levels)");
        }
    }

    void leave()
    {
        depth--;
    }

    CompileError unexpected()
    {
        final Token token = peek();
        final List<String> names = new ArrayList<>();
        expected.stream()
            .sorted((a, b) -> a.grammarName().compareTo(b.grammarName()))
            .forEach(kind ->
            {
                names.add(kind.expectedName());
                if (kind == DOT)
                {
                    names.add(kind.expectedName()); // Tremor's grammar declares "." twice
                }
            });
        final String text = token.display();
        final String choices = names.size() == 1 ? names.get(0) : "one of " + String.join(", ", names);
        final String message = "Found the token `" + text + "` but expected " + choices;
        return new CompileError(token.span(), message, SyntaxHints.hint(text, names));
    }

    // ---------------------------------------------------------------------------------------------- top level

    private Script script()
    {
        final Location start = start();
        final List<String> doc = new ArrayList<>();
        while (at(MOD_COMMENT))
        {
            doc.add(advance().text());
        }
        final List<Stmt> statements = new ArrayList<>();
        while (true)
        {
            statements.add(topLevel(false));
            if (accept(SEMI))
            {
                if (kind() == EOF)
                {
                    break;
                }
                continue;
            }
            if (kind() == EOF)
            {
                break;
            }
            throw unexpected();
        }
        return new Script(List.copyOf(doc), List.copyOf(statements), from(start));
    }

    private Script module()
    {
        final Location start = start();
        final List<String> doc = new ArrayList<>();
        while (at(MOD_COMMENT))
        {
            doc.add(advance().text());
        }
        final List<Stmt> statements = new ArrayList<>();
        while (true)
        {
            statements.add(topLevel(true));
            if (accept(SEMI))
            {
                if (kind() == EOF)
                {
                    break;
                }
                continue;
            }
            if (kind() == EOF)
            {
                break;
            }
            throw unexpected();
        }
        return new Script(List.copyOf(doc), List.copyOf(statements), from(start));
    }

    Stmt topLevel(final boolean moduleOnly)
    {
        final Location start = start();
        final List<String> doc = new ArrayList<>();
        while (at(DOC_COMMENT))
        {
            doc.add(advance().text());
        }
        expected.addAll(List.of(CONST, FN, INTRINSIC));
        switch (kind())
        {
            case CONST ->
            {
                return constant(start, doc);
            }
            case FN ->
            {
                return function(start, doc);
            }
            case INTRINSIC ->
            {
                return intrinsic(start, doc);
            }
            default ->
            {
            }
        }
        if (doc.isEmpty() && at(USE))
        {
            return use();
        }
        if (moduleOnly && at(DEFINE))
        {
            return trickle.definition(start, doc);
        }
        if (!doc.isEmpty() || moduleOnly)
        {
            throw unexpected();
        }
        final Expr expr = expr();
        return new Stmt.ExprStmt(expr, expr.span());
    }

    Stmt use()
    {
        final Location start = start();
        expect(USE);
        final List<Stmt.UseTarget> targets = new ArrayList<>();
        useTargets(new ArrayList<>(), targets);
        return new Stmt.Use(List.copyOf(targets), from(start));
    }

    private void useTargets(final List<String> prefix, final List<Stmt.UseTarget> targets)
    {
        enter();
        try
        {
            useTarget(prefix, targets);
        }
        finally
        {
            leave();
        }
    }

    private void useTarget(final List<String> prefix, final List<Stmt.UseTarget> targets)
    {
        final List<String> path = new ArrayList<>(prefix);
        path.add(expect(IDENT).text());
        while (accept(COLON_COLON))
        {
            if (accept(LBRACE))
            {
                do
                {
                    useTargets(path, targets);
                }
                while (accept(COMMA));
                expect(RBRACE);
                return;
            }
            path.add(expect(IDENT).text());
        }
        String alias = null;
        if (accept(AS))
        {
            alias = expect(IDENT).text();
        }
        targets.add(new Stmt.UseTarget(List.copyOf(path), alias));
    }

    private Stmt constant(final Location start, final List<String> doc)
    {
        expect(CONST);
        final String name = expect(IDENT).text();
        expect(EQ);
        final Expr value = complex();
        return new Stmt.Const(name, value, List.copyOf(doc), from(start));
    }

    /** Parses {@code (args)}, {@code (...)}, {@code (args, ...)}; returns whether open. */
    private boolean functionArgs(final List<String> args)
    {
        expect(LPAREN);
        if (at(DOT))
        {
            ellipsis();
            expect(RPAREN);
            return true;
        }
        if (accept(RPAREN))
        {
            return false;
        }
        args.add(expect(IDENT).text());
        while (accept(COMMA))
        {
            if (at(DOT))
            {
                ellipsis();
                expect(RPAREN);
                return true;
            }
            args.add(expect(IDENT).text());
        }
        expect(RPAREN);
        return false;
    }

    private void ellipsis()
    {
        expect(DOT);
        expect(DOT);
        expect(DOT);
    }

    private Stmt function(final Location start, final List<String> doc)
    {
        expect(FN);
        final String name = expect(IDENT).text();
        final List<String> args = new ArrayList<>();
        final boolean open = functionArgs(args);
        if (!open && accept(OF))
        {
            final List<Expr.Clause> cases = new ArrayList<>();
            while (true)
            {
                final Location caseStart = start();
                expect(CASE);
                if (at(DONT_CARE))
                {
                    final Location patternStart = start();
                    advance();
                    final Pattern pattern = new Pattern.DontCare(from(patternStart));
                    expect(EQ_ARROW);
                    final List<Expr> body = block(true);
                    cases.add(new Expr.Clause(pattern, null, body, from(caseStart)));
                    break;
                }
                final Location patternStart = start();
                expect(LPAREN);
                final List<Pattern.ElementPredicate> elements = elementPredicates();
                expect(RPAREN);
                final Pattern pattern = new Pattern.TuplePattern(List.copyOf(elements), false, from(patternStart));
                final Expr guard = accept(WHEN) ? complex() : null;
                expect(EQ_ARROW);
                final List<Expr> body = block(true);
                cases.add(new Expr.Clause(pattern, guard, body, from(caseStart)));
            }
            expect(END);
            return new Stmt.Fn(name, List.copyOf(args), false, List.of(), List.copyOf(cases), List.copyOf(doc), from(start));
        }
        expect(WITH);
        final List<Expr> body = new ArrayList<>();
        while (true)
        {
            body.add(expr());
            if (accept(SEMI))
            {
                if (at(END))
                {
                    break;
                }
                continue;
            }
            break;
        }
        expect(END);
        return new Stmt.Fn(name, List.copyOf(args), open, List.copyOf(body), List.of(), List.copyOf(doc), from(start));
    }

    private Stmt intrinsic(final Location start, final List<String> doc)
    {
        expect(INTRINSIC);
        expect(FN);
        final String name = expect(IDENT).text();
        final List<String> args = new ArrayList<>();
        final boolean open = functionArgs(args);
        expect(AS);
        final List<String> target = new ArrayList<>();
        target.add(expect(IDENT).text());
        while (accept(COLON_COLON))
        {
            target.add(expect(IDENT).text());
        }
        return new Stmt.Intrinsic(name, List.copyOf(args), open, List.copyOf(target), List.copyOf(doc), from(start));
    }

    // ---------------------------------------------------------------------------------------------- expressions

    /** Tremor's {@code Expr}: statements that may mutate (let, emit, drop, match and for with mutable bodies). */
    private Expr expr()
    {
        enter();
        try
        {
            expected.addAll(List.of(MATCH, FOR, LET, DROP, EMIT));
            final Location start = start();
            return switch (kind())
            {
                case MATCH -> match(true);
                case FOR -> comprehension(true);
                case LET ->
                {
                    advance();
                    final Expr.Path target = path();
                    expect(EQ);
                    final Expr value = expr();
                    yield new Expr.Let(target, value, from(start));
                }
                case DROP ->
                {
                    advance();
                    yield new Expr.Drop(from(start));
                }
                case EMIT -> emit();
                default -> binary(1);
            };
        }
        finally
        {
            leave();
        }
    }

    private Expr emit()
    {
        final Location start = start();
        expect(EMIT);
        Expr value = null;
        expected.addAll(COMPLEX_START);
        if (COMPLEX_START.contains(kind()))
        {
            value = complex();
        }
        Expr.StringLit port = null;
        if (accept(EQ_ARROW))
        {
            port = string();
        }
        return new Expr.Emit(value, port, from(start));
    }

    /** Tremor's {@code ComplexExprImut}: an immutable expression, match or for. */
    Expr complex()
    {
        enter();
        try
        {
            expected.addAll(List.of(MATCH, FOR));
            return switch (kind())
            {
                case MATCH -> match(false);
                case FOR -> comprehension(false);
                default -> binary(1);
            };
        }
        finally
        {
            leave();
        }
    }

    private static BinOp binaryOp(final TokenKind kind)
    {
        return switch (kind)
        {
            case OR -> BinOp.OR;
            case XOR -> BinOp.XOR;
            case AND -> BinOp.AND;
            case BIT_XOR -> BinOp.BIT_XOR;
            case BIT_AND -> BinOp.BIT_AND;
            case EQ_EQ -> BinOp.EQ;
            case NOT_EQ -> BinOp.NOT_EQ;
            case GTE -> BinOp.GTE;
            case GT -> BinOp.GT;
            case LTE -> BinOp.LTE;
            case LT -> BinOp.LT;
            case RSHIFT -> BinOp.RSHIFT;
            case RSHIFT_UNSIGNED -> BinOp.RSHIFT_UNSIGNED;
            case LSHIFT -> BinOp.LSHIFT;
            case ADD -> BinOp.ADD;
            case SUB -> BinOp.SUB;
            case MUL -> BinOp.MUL;
            case DIV -> BinOp.DIV;
            case MOD -> BinOp.MOD;
            default -> null;
        };
    }

    /** Precedence climbing over the left-associative binary operators. */
    Expr binary(final int minPrecedence)
    {
        enter();
        try
        {
            final Location start = start();
            Expr left = unary();
            while (true)
            {
                expected.addAll(BINARY_OPS);
                final BinOp op = binaryOp(kind());
                if (null == op || op.precedence() < minPrecedence)
                {
                    return left;
                }
                advance();
                final Expr right = binary(op.precedence() + 1);
                left = new Expr.Binary(op, left, right, from(start));
            }
        }
        finally
        {
            leave();
        }
    }

    private Expr unary()
    {
        expected.addAll(UNARY_START);
        final Location start = start();
        if (kind() == ADD || kind() == SUB)
        {
            final UnaryOp op = kind() == ADD ? UnaryOp.PLUS : UnaryOp.MINUS;
            advance();
            enter();
            try
            {
                final Expr operand = unary();
                return new Expr.Unary(op, operand, from(start));
            }
            finally
            {
                leave();
            }
        }
        return unarySimple();
    }

    private Expr unarySimple()
    {
        expected.addAll(UNARY_SIMPLE_START);
        final Location start = start();
        switch (kind())
        {
            case NOT, BIT_NOT ->
            {
                final UnaryOp op = kind() == NOT ? UnaryOp.NOT : UnaryOp.BIT_NOT;
                advance();
                enter();
                try
                {
                    final Expr operand = unarySimple();
                    return new Expr.Unary(op, operand, from(start));
                }
                finally
                {
                    leave();
                }
            }
            case PRESENT, ABSENT ->
            {
                final boolean negated = kind() == ABSENT;
                advance();
                final Expr.Path path = path();
                return new Expr.Present(path, negated, from(start));
            }
            default ->
            {
                return simple(false);
            }
        }
    }

    /** A {@code Path} only (after let, present, absent). */
    private Expr.Path path()
    {
        expected.addAll(PATH_START);
        if (!PATH_START.contains(kind()))
        {
            throw unexpected();
        }
        return (Expr.Path)simple(true);
    }

    /**
     * Tremor's {@code SimpleExprImut}; with {@code pathOnly} only what {@code Path} accepts (expression roots then
     * need at least one segment).
     */
    private Expr simple(final boolean pathOnly)
    {
        expected.addAll(SIMPLE_START);
        final Location start = start();
        final Token token = peek();
        switch (token.kind())
        {
            case LPAREN ->
            {
                advance();
                final Expr inner = complex();
                expect(RPAREN);
                return exprPath(start, inner, pathOnly);
            }
            case LBRACE ->
            {
                return exprPath(start, record(), pathOnly);
            }
            case LBRACKET ->
            {
                return exprPath(start, list(), pathOnly);
            }
            case IDENT ->
            {
                return identLed(pathOnly);
            }
            case DOLLAR ->
            {
                advance();
                final List<Segment> segments = new ArrayList<>();
                if (at(IDENT))
                {
                    final Token name = advance();
                    segments.add(new Segment.FieldSegment(name.text(), name.span()));
                    segments(segments);
                }
                return new Expr.Path(PathRoot.META, List.of(), null, null, List.copyOf(segments), from(start));
            }
            case EVENT, STATE, ARGS, WINDOW, GROUP ->
            {
                advance();
                final PathRoot root = switch (token.kind())
                {
                    case EVENT -> PathRoot.EVENT;
                    case STATE -> PathRoot.STATE;
                    case ARGS -> PathRoot.ARGS;
                    case WINDOW -> PathRoot.WINDOW;
                    default -> PathRoot.GROUP;
                };
                final List<Segment> segments = new ArrayList<>();
                segments(segments);
                return new Expr.Path(root, List.of(), null, null, List.copyOf(segments), from(start));
            }
            default ->
            {
            }
        }
        if (pathOnly)
        {
            throw unexpected();
        }
        switch (token.kind())
        {
            case NIL ->
            {
                advance();
                return new Expr.NullLit(token.span());
            }
            case BOOL ->
            {
                advance();
                return new Expr.BoolLit(token.bits() != 0, token.span());
            }
            case INT ->
            {
                advance();
                return new Expr.IntLit(token.bits(), token.span());
            }
            case FLOAT ->
            {
                advance();
                return new Expr.FloatLit(token.doubleValue(), token.text(), token.span());
            }
            case DQUOTE, HEREDOC_START ->
            {
                return string();
            }
            case LSHIFT ->
            {
                return bytes();
            }
            case PATCH ->
            {
                return patch();
            }
            case MERGE ->
            {
                return merge();
            }
            case RECUR ->
            {
                advance();
                expect(LPAREN);
                final List<Expr> args = arguments();
                return new Expr.Recur(args, from(start));
            }
            default -> throw unexpected();
        }
    }

    private Expr exprPath(final Location start, final Expr base, final boolean pathOnly)
    {
        final List<Segment> segments = new ArrayList<>();
        segments(segments);
        if (segments.isEmpty())
        {
            if (pathOnly)
            {
                throw unexpected();
            }
            return base;
        }
        return new Expr.Path(PathRoot.EXPR, List.of(), null, base, List.copyOf(segments), from(start));
    }

    private Expr identLed(final boolean pathOnly)
    {
        final Location start = start();
        final List<String> names = new ArrayList<>();
        names.add(expect(IDENT).text());
        while (accept(COLON_COLON))
        {
            names.add(expect(IDENT).text());
        }
        final List<String> module = List.copyOf(names.subList(0, names.size() - 1));
        final String last = names.get(names.size() - 1);
        if (accept(LPAREN))
        {
            final List<Expr> args = arguments();
            final Expr.Invoke invoke = new Expr.Invoke(module, last, args, from(start));
            return exprPath(start, invoke, pathOnly);
        }
        final List<Segment> segments = new ArrayList<>();
        segments(segments);
        final PathRoot root = module.isEmpty() ? PathRoot.LOCAL : PathRoot.CONST;
        return new Expr.Path(root, module, last, null, List.copyOf(segments), from(start));
    }

    /** Call arguments after the {@code (}, up to and including the {@code )}. */
    private List<Expr> arguments()
    {
        final List<Expr> args = new ArrayList<>();
        if (accept(RPAREN))
        {
            return List.of();
        }
        do
        {
            if (!args.isEmpty() && at(RPAREN))
            {
                break;
            }
            args.add(complex());
        }
        while (accept(COMMA));
        expect(RPAREN);
        return List.copyOf(args);
    }

    private void segments(final List<Segment> segments)
    {
        while (true)
        {
            final Location start = start();
            if (accept(DOT))
            {
                final Token name = expect(IDENT);
                segments.add(new Segment.FieldSegment(name.text(), from(start)));
            }
            else if (accept(LBRACKET))
            {
                final Expr first = complex();
                if (accept(COLON))
                {
                    final Expr second = complex();
                    expect(RBRACKET);
                    segments.add(new Segment.RangeSegment(first, second, from(start)));
                }
                else
                {
                    expect(RBRACKET);
                    segments.add(new Segment.IndexSegment(first, from(start)));
                }
            }
            else
            {
                return;
            }
        }
    }

    private Expr.RecordLit record()
    {
        final Location start = start();
        expect(LBRACE);
        final List<Expr.Field> fields = new ArrayList<>();
        while (!accept(RBRACE))
        {
            if (!fields.isEmpty())
            {
                expect(COMMA);
                if (accept(RBRACE))
                {
                    break;
                }
            }
            final Location fieldStart = start();
            expected.addAll(STRING_START);
            if (!STRING_START.contains(kind()))
            {
                throw unexpected();
            }
            final Expr.StringLit name = string();
            expect(COLON);
            final Expr value = complex();
            fields.add(new Expr.Field(name, value, from(fieldStart)));
        }
        return new Expr.RecordLit(List.copyOf(fields), from(start));
    }

    private Expr.ListLit list()
    {
        final Location start = start();
        expect(LBRACKET);
        final List<Expr> elements = new ArrayList<>();
        while (!accept(RBRACKET))
        {
            if (!elements.isEmpty())
            {
                expect(COMMA);
                if (accept(RBRACKET))
                {
                    break;
                }
            }
            elements.add(complex());
        }
        return new Expr.ListLit(List.copyOf(elements), from(start));
    }

    private Expr.StringLit string()
    {
        final Location start = start();
        final List<StringPart> parts = new ArrayList<>();
        final boolean heredoc;
        final TokenKind close;
        if (accept(HEREDOC_START))
        {
            heredoc = true;
            close = HEREDOC_END;
        }
        else
        {
            expect(DQUOTE);
            heredoc = false;
            close = DQUOTE;
        }
        final StringBuilder text = new StringBuilder();
        while (!accept(close))
        {
            final TokenKind piece = heredoc ? HEREDOC : STRING;
            if (at(piece))
            {
                text.append(advance().text());
            }
            else if (accept(ESCAPED_HASH))
            {
                text.append('#');
            }
            else if (accept(INTERPOL))
            {
                if (text.length() > 0)
                {
                    parts.add(new StringPart.Text(text.toString()));
                    text.setLength(0);
                }
                final Expr inner = binary(1);
                expect(RBRACE);
                parts.add(new StringPart.Interpolation(inner));
            }
            else
            {
                throw unexpected();
            }
        }
        if (text.length() > 0 || parts.isEmpty())
        {
            parts.add(new StringPart.Text(text.toString()));
        }
        return new Expr.StringLit(List.copyOf(parts), heredoc, from(start));
    }

    private Expr.BytesLit bytes()
    {
        final Location start = start();
        expect(LSHIFT);
        final List<Expr.BytesPart> parts = new ArrayList<>();
        if (!accept(RSHIFT))
        {
            do
            {
                final Location partStart = start();
                final Expr data = simple(false);
                long bits = -1;
                String type = null;
                if (accept(COLON))
                {
                    bits = expect(INT).bits();
                }
                if (accept(DIV))
                {
                    type = expect(IDENT).text();
                }
                parts.add(new Expr.BytesPart(data, bits, type, from(partStart)));
            }
            while (accept(COMMA));
            expect(RSHIFT);
        }
        return new Expr.BytesLit(List.copyOf(parts), from(start));
    }

    private Expr patch()
    {
        final Location start = start();
        expect(PATCH);
        final Expr target = complex();
        expect(OF);
        final List<Expr.PatchOperation> operations = new ArrayList<>();
        do
        {
            operations.add(patchOperation());
        }
        while (accept(SEMI));
        expect(END);
        return new Expr.Patch(target, List.copyOf(operations), from(start));
    }

    private Expr.StringLit patchField()
    {
        expected.addAll(STRING_START);
        if (!STRING_START.contains(kind()))
        {
            throw unexpected();
        }
        return string();
    }

    private Expr.PatchOperation patchOperation()
    {
        final Location start = start();
        expected.addAll(List.of(INSERT, UPSERT, UPDATE, ERASE, MOVE, COPY, MERGE, DEFAULT));
        final TokenKind op = kind();
        switch (op)
        {
            case INSERT, UPSERT, UPDATE ->
            {
                advance();
                final Expr.StringLit key = patchField();
                expect(EQ_ARROW);
                final Expr value = complex();
                final PatchKind kind = op == INSERT ? PatchKind.INSERT : op == UPSERT ? PatchKind.UPSERT : PatchKind.UPDATE;
                return new Expr.PatchOperation(kind, key, null, value, from(start));
            }
            case MERGE, DEFAULT ->
            {
                advance();
                if (accept(EQ_ARROW))
                {
                    final Expr value = complex();
                    final PatchKind kind = op == MERGE ? PatchKind.MERGE_RECORD : PatchKind.DEFAULT_RECORD;
                    return new Expr.PatchOperation(kind, null, null, value, from(start));
                }
                final Expr.StringLit key = patchField();
                expect(EQ_ARROW);
                final Expr value = complex();
                return new Expr.PatchOperation(op == MERGE ? PatchKind.MERGE : PatchKind.DEFAULT, key, null, value, from(start));
            }
            case ERASE ->
            {
                advance();
                final Expr.StringLit key = patchField();
                return new Expr.PatchOperation(PatchKind.ERASE, key, null, null, from(start));
            }
            case MOVE, COPY ->
            {
                advance();
                final Expr.StringLit key = patchField();
                expect(EQ_ARROW);
                final Expr.StringLit to = patchField();
                return new Expr.PatchOperation(op == MOVE ? PatchKind.MOVE : PatchKind.COPY, key, to, null, from(start));
            }
            default -> throw unexpected();
        }
    }

    private Expr merge()
    {
        final Location start = start();
        expect(MERGE);
        final Expr target = complex();
        expect(OF);
        final Expr spec = complex();
        expect(END);
        return new Expr.Merge(target, spec, from(start));
    }

    /** A case body: {@code ;}-separated expressions when mutable, {@code ,}-separated otherwise. */
    private List<Expr> block(final boolean mutable)
    {
        final List<Expr> body = new ArrayList<>();
        final TokenKind separator = mutable ? SEMI : COMMA;
        do
        {
            body.add(mutable ? expr() : complex());
        }
        while (accept(separator));
        return List.copyOf(body);
    }

    private Expr match(final boolean mutable)
    {
        final Location start = start();
        expect(MATCH);
        final Expr target = complex();
        expect(OF);
        final List<Expr.Clause> clauses = new ArrayList<>();
        do
        {
            final Location caseStart = start();
            expect(CASE);
            final Pattern pattern = casePattern();
            final Expr guard = accept(WHEN) ? complex() : null;
            expect(EQ_ARROW);
            final List<Expr> body = block(mutable);
            clauses.add(new Expr.Clause(pattern, guard, body, from(caseStart)));
        }
        while (at(CASE));
        expect(END);
        return new Expr.Match(target, List.copyOf(clauses), mutable, from(start));
    }

    private Expr comprehension(final boolean mutable)
    {
        final Location start = start();
        expect(FOR);
        final Expr target = complex();
        expect(OF);
        final List<Expr.ForCase> cases = new ArrayList<>();
        do
        {
            expect(CASE);
            final Location caseStart = start();
            expect(LPAREN);
            final String key = expect(IDENT).text();
            expect(COMMA);
            final String value = expect(IDENT).text();
            expect(RPAREN);
            final Span caseSpan = from(caseStart);
            final Expr guard = accept(WHEN) ? complex() : null;
            expect(EQ_ARROW);
            final List<Expr> body = block(mutable);
            cases.add(new Expr.ForCase(key, value, guard, body, caseSpan));
        }
        while (at(CASE));
        Expr initial = null;
        BinOp fold = null;
        if (accept(INTO))
        {
            initial = complex();
            if (accept(USE))
            {
                expected.addAll(FOLD_OPS);
                if (!FOLD_OPS.contains(kind()))
                {
                    throw unexpected();
                }
                fold = binaryOp(advance().kind());
            }
        }
        expect(END);
        return new Expr.Comprehension(target, List.copyOf(cases), initial, fold, mutable, from(start));
    }

    // ---------------------------------------------------------------------------------------------- patterns

    private Pattern casePattern()
    {
        enter();
        try
        {
            expected.addAll(List.of(LPAT_BRACE, LPAT_BRACKET, LPAT_PAREN, DONT_CARE, TILDE));
            final Location start = start();
            switch (kind())
            {
                case LPAT_BRACE ->
                {
                    return recordPattern();
                }
                case LPAT_BRACKET ->
                {
                    return arrayPattern();
                }
                case LPAT_PAREN ->
                {
                    return tuplePattern();
                }
                case DONT_CARE ->
                {
                    advance();
                    return new Pattern.DontCare(from(start));
                }
                case TILDE ->
                {
                    advance();
                    final Pattern.TestExpr test = testExpr();
                    return new Pattern.Extract(test, from(start));
                }
                case IDENT ->
                {
                    if (peek(1).kind() == EQ)
                    {
                        final String name = advance().text();
                        advance();
                        final Pattern inner = casePattern();
                        return new Pattern.Assign(name, inner, from(start));
                    }
                }
                default ->
                {
                }
            }
            final Expr expr = complex();
            return new Pattern.ExprPattern(expr, from(start));
        }
        finally
        {
            leave();
        }
    }

    private Pattern.TestExpr testExpr()
    {
        final Location start = start();
        final String extractor = expect(IDENT).text();
        final Token body = expect(EXTRACTOR);
        return new Pattern.TestExpr(extractor, body.lines(), from(start));
    }

    private Pattern.RecordPattern recordPattern()
    {
        final Location start = start();
        expect(LPAT_BRACE);
        final List<Pattern.FieldPredicate> fields = new ArrayList<>();
        while (!accept(RBRACE))
        {
            if (!fields.isEmpty())
            {
                expect(COMMA);
                if (accept(RBRACE))
                {
                    break;
                }
            }
            fields.add(fieldPredicate());
        }
        return new Pattern.RecordPattern(List.copyOf(fields), from(start));
    }

    private Pattern.FieldPredicate fieldPredicate()
    {
        enter();
        try
        {
            final Location start = start();
            expected.addAll(List.of(PRESENT, ABSENT));
            if (kind() == PRESENT || kind() == ABSENT)
            {
                final boolean present = advance().kind() == PRESENT;
                final String field = expect(IDENT).text();
                return new Pattern.Presence(field, present, from(start));
            }
            final String lhs = expect(IDENT).text();
            if (accept(TILDE_EQ))
            {
                expected.addAll(List.of(LPAT_BRACE, LPAT_BRACKET, LPAT_PAREN));
                final Pattern nested = switch (kind())
                {
                    case LPAT_BRACE -> recordPattern();
                    case LPAT_BRACKET -> arrayPattern();
                    case LPAT_PAREN -> tuplePattern();
                    default -> null;
                };
                if (null != nested)
                {
                    return new Pattern.Nested(lhs, nested, from(start));
                }
                final Pattern.TestExpr test = testExpr();
                return new Pattern.TildeEq(lhs, lhs, test, from(start));
            }
            if (accept(EQ))
            {
                final String field = expect(IDENT).text();
                expect(TILDE_EQ);
                final Pattern.TestExpr test = testExpr();
                return new Pattern.TildeEq(lhs, field, test, from(start));
            }
            expected.addAll(COMPARISONS);
            if (!COMPARISONS.contains(kind()))
            {
                throw unexpected();
            }
            final BinOp op = binaryOp(advance().kind());
            final Expr value = complex();
            return new Pattern.Compare(lhs, op, value, from(start));
        }
        finally
        {
            leave();
        }
    }

    private List<Pattern.ElementPredicate> elementPredicates()
    {
        final List<Pattern.ElementPredicate> elements = new ArrayList<>();
        do
        {
            elements.add(elementPredicate());
        }
        while (accept(COMMA));
        return elements;
    }

    private Pattern.ElementPredicate elementPredicate()
    {
        enter();
        try
        {
            final Location start = start();
            expected.addAll(List.of(TILDE, DONT_CARE, LPAT_BRACE));
            switch (kind())
            {
                case TILDE ->
                {
                    advance();
                    final Pattern.TestExpr test = testExpr();
                    return new Pattern.TildeElement(test, from(start));
                }
                case DONT_CARE ->
                {
                    advance();
                    return new Pattern.IgnoreElement(from(start));
                }
                case LPAT_BRACE ->
                {
                    final Pattern.RecordPattern pattern = recordPattern();
                    return new Pattern.RecordElement(pattern, from(start));
                }
                default ->
                {
                    final Expr expr = complex();
                    return new Pattern.ExprElement(expr, from(start));
                }
            }
        }
        finally
        {
            leave();
        }
    }

    private Pattern.ArrayPattern arrayPattern()
    {
        final Location start = start();
        expect(LPAT_BRACKET);
        if (accept(RBRACKET))
        {
            return new Pattern.ArrayPattern(List.of(), from(start));
        }
        final List<Pattern.ElementPredicate> elements = elementPredicates();
        expect(RBRACKET);
        return new Pattern.ArrayPattern(List.copyOf(elements), from(start));
    }

    private Pattern.TuplePattern tuplePattern()
    {
        final Location start = start();
        expect(LPAT_PAREN);
        if (accept(RPAREN))
        {
            return new Pattern.TuplePattern(List.of(), false, from(start));
        }
        if (at(DOT))
        {
            ellipsis();
            expect(RPAREN);
            return new Pattern.TuplePattern(List.of(), true, from(start));
        }
        final List<Pattern.ElementPredicate> elements = new ArrayList<>();
        boolean open = false;
        elements.add(elementPredicate());
        while (accept(COMMA))
        {
            if (at(DOT))
            {
                ellipsis();
                open = true;
                break;
            }
            elements.add(elementPredicate());
        }
        expect(RPAREN);
        return new Pattern.TuplePattern(List.copyOf(elements), open, from(start));
    }
}
