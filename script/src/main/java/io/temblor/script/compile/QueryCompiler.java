package io.temblor.script.compile;

import io.temblor.script.ast.Expr;
import io.temblor.script.ast.Script;
import io.temblor.script.ast.Stmt;
import io.temblor.script.compile.CompiledQuery.Link;
import io.temblor.script.compile.CompiledQuery.QueryNode;
import io.temblor.script.error.CompileError;
import io.temblor.script.error.Span;
import io.temblor.script.parser.Parser;
import io.temblor.script.runtime.FrameLayout;
import io.temblor.script.runtime.Node;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles a trickle query into a {@link CompiledQuery}: resolves definitions, {@code create} statements, selects and
 * nested pipelines into a flat graph of nodes and links, and compiles every expression with one
 * {@link ScriptCompiler} so that they share one constant pool. Checks what Tremor checks at compile time (undefined or
 * duplicate names, {@code event} outside aggregates in windowed selects, aggregates inside aggregates, locals in
 * selects, constant definition parameters). Compile time only; allocates freely.
 */
public final class QueryCompiler
{
    private static final String WINDOW_NOTE = "Here you operate in the whole window, not a single event. You need to " +
        "wrap this reference in an aggregate function (e.g. aggr::win::last(...)) or use it in the group by clause " +
        "of this query.";

    private final ScriptCompiler compiler;
    private final Function<String, int[]> aggregateArity;
    private String source = "";
    private final List<QueryNode> nodes = new ArrayList<>();
    private final Map<String, List<Link>> links = new LinkedHashMap<>();
    private final List<Link> nestedLinks = new ArrayList<>();
    private final Map<String, long[]> config = new LinkedHashMap<>();
    private int selects;
    private final Map<Stmt.ScriptDefinition, Object> compiledScripts = new java.util.IdentityHashMap<>();
    private final Map<Stmt.Window, CompiledQuery.Window> compiledWindows = new java.util.IdentityHashMap<>();

    private QueryCompiler(final List<Path> modulePath, final Function<String, int[]> aggregateArity)
    {
        this.compiler = new ScriptCompiler(modulePath);
        this.aggregateArity = aggregateArity;
    }

    /**
     * Compiles a query.
     *
     * @param source         the query.
     * @param modulePath     folders searched by {@code use}.
     * @param aggregateArity the arity range {@code [min, max]} of an aggregate function under {@code aggr::}
     *                       ({@code stats::count}), or null for an unknown one.
     * @return the compiled query.
     * @throws CompileError on syntax and semantic errors.
     */
    public static CompiledQuery compile(final String source, final List<Path> modulePath,
        final Function<String, int[]> aggregateArity)
    {
        final QueryCompiler q = new QueryCompiler(modulePath, aggregateArity);
        q.source = source;
        final Script script = Parser.parseQuery(source);
        final Level top = new Level(q, "", null, List.of("in"), List.of("out", "err"));
        top.args = new long[] {Values.NULL, 0};
        try
        {
            top.statements(script.statements());
        }
        catch (final CompileError ex)
        {
            throw ex.comments(comments(source));
        }
        return q.result();
    }

    /**
     * Compiles the body of a troy {@code define pipeline}: a query whose ports are the definition's {@code from} and
     * {@code into} ports (by default {@code in}, and {@code out} and {@code err}) and whose {@code args} are the
     * declared arguments' defaults, which the troy compiler has replaced by literals of their values.
     *
     * @param source         the text the definition was parsed from (error rendering).
     * @param definition     the pipeline definition.
     * @param modulePath     folders searched by {@code use}.
     * @param aggregateArity as for {@link #compile(String, List, Function)}.
     * @return the compiled query.
     * @throws CompileError on semantic errors (without comment positions: the caller adds them).
     */
    static CompiledQuery compileDefinition(final String source, final Stmt.Definition definition,
        final List<Path> modulePath, final Function<String, int[]> aggregateArity)
    {
        final QueryCompiler q = new QueryCompiler(modulePath, aggregateArity);
        q.source = source;
        final Level top = new Level(q, "", null, definition.from().isEmpty() ? List.of("in") : definition.from(),
            definition.into().isEmpty() ? List.of("out", "err") : definition.into());
        top.args = new long[] {Values.NULL, 0};
        top.args = top.definitionArgs(definition.args(), List.of(), definition.span(), "pipeline");
        top.statements(definition.body());
        return q.result();
    }

    private CompiledQuery result()
    {
        final List<Link> all = new ArrayList<>();
        for (final List<Link> l : links.values())
        {
            all.addAll(l);
        }
        all.addAll(nestedLinks);
        return new CompiledQuery(source, compiler.constantPool(), Map.copyOf(config), List.copyOf(nodes),
            List.copyOf(all), List.copyOf(compiler.warningList()));
    }

    /** Where the comments of the source start (error rendering reprints them as Tremor does). */
    private static List<io.temblor.script.error.Location> comments(final String source)
    {
        final io.temblor.script.lexer.Lexer lexer = new io.temblor.script.lexer.Lexer(source);
        try
        {
            while (lexer.next().kind() != io.temblor.script.lexer.TokenKind.EOF)
            {
                // lex to the end
            }
        }
        catch (final CompileError ex)
        {
            // the parser accepted it; nothing to add
        }
        return lexer.comments();
    }

    /** An error shown with the lines of {@code outer} as context and the marker under {@code inner}. */
    static CompileError at(final Span outer, final Span inner, final String message)
    {
        return new CompileError(inner, message, null, outer.start().line(), Math.max(0, outer.end().line() -
            inner.end().line()), 0);
    }

    /** The span widened to the start of its line when only blanks precede it there (Tremor's statement spans). */
    Span lineStart(final Span span)
    {
        final int offset = span.start().offset();
        int i = offset;
        while (i > 0 && (source.charAt(i - 1) == ' ' || source.charAt(i - 1) == '\t'))
        {
            i--;
        }
        if (i == 0 || source.charAt(i - 1) == '\n')
        {
            return new Span(new io.temblor.script.error.Location(span.start().line(), 1, i), span.end());
        }
        return span;
    }

    /** The line of the last {@code with} before {@code offset}, or the span's own line. */
    int withLine(final Span span)
    {
        final int at = source.lastIndexOf("with", span.start().offset());
        if (at < 0)
        {
            return span.start().line();
        }
        int line = 1;
        for (int i = 0; i < at; i++)
        {
            if (source.charAt(i) == '\n')
            {
                line++;
            }
        }
        return line;
    }

    private void link(final String from, final String fromPort, final String to, final String toPort, final boolean nested)
    {
        final Link link = new Link(from, fromPort, to, toPort);
        if (nested)
        {
            nestedLinks.add(link);
        }
        else
        {
            links.computeIfAbsent(from + "\u0000" + fromPort, k -> new ArrayList<>()).add(link);
        }
    }

    /** One pipeline level: the top-level query or an inlined nested pipeline. */
    private static final class Level
    {
        final QueryCompiler q;
        final String prefix;
        final Level parent;
        final List<String> inputs;
        final List<String> outputs;
        final ScriptCompiler.Module module;
        final Map<String, Stmt.Window> windows = new HashMap<>();
        final Map<String, Stmt.ScriptDefinition> scripts = new HashMap<>();
        final Map<String, Stmt.Definition> operators = new HashMap<>();
        final Map<String, Stmt.Definition> pipelines = new HashMap<>();
        final Set<String> names = new HashSet<>();
        final Map<String, Stmt.Definition> created = new HashMap<>();
        final Map<String, String> kinds = new HashMap<>();
        long[] args;

        /** A level; a trickle module (definitions only) is a level without inputs and outputs. */
        Level(final QueryCompiler q, final String prefix, final Level parent, final List<String> inputs,
            final List<String> outputs)
        {
            this.q = q;
            this.prefix = prefix;
            this.parent = parent;
            this.inputs = inputs;
            this.outputs = outputs;
            this.module = q.compiler.newModule(null);
            for (final String in : inputs)
            {
                names.add(in);
                kinds.put(in, "input");
                q.nodes.add(null == parent ? new CompiledQuery.Input(in) : new CompiledQuery.Stream(node(in)));
            }
            for (final String out : outputs)
            {
                names.add(out);
                kinds.put(out, "output");
                q.nodes.add(null == parent ? new CompiledQuery.Output(out, out) : new CompiledQuery.Stream(node(out)));
            }
        }

        String node(final String name)
        {
            return prefix + name;
        }

        ScriptCompiler.Scope scope(final FrameLayout layout)
        {
            final ScriptCompiler.Scope scope = new ScriptCompiler.Scope(layout, module, null);
            return scope;
        }

        void statements(final List<Stmt> statements)
        {
            for (final Stmt stmt : statements)
            {
                statement(stmt);
            }
        }

        void statement(final Stmt stmt)
        {
            switch (stmt)
            {
                case Stmt.Use u -> use(u);
                case Stmt.Const c ->
                {
                    try
                    {
                        q.compiler.declareIn(c, module);
                    }
                    catch (final CompileError ex)
                    {
                        if (ex.getMessage().startsWith("Can't define"))
                        {
                            throw ex;
                        }
                        final Span wide = q.lineStart(c.span());
                        throw at(wide, wide, "The expression isn't constant and can't be evaluated at compile time");
                    }
                }
                case Stmt.Fn f -> q.compiler.declareIn(f, module);
                case Stmt.Intrinsic i -> q.compiler.declareIn(i, module);
                case Stmt.Config c ->
                {
                    final FrameLayout layout = new FrameLayout();
                    q.config.put(c.name(), q.compiler.constant(c.value(), scope(layout)));
                }
                case Stmt.Window w ->
                {
                    if (null != w.tickPort() && !"tick".equals(w.tickPort()))
                    {
                        throw at(w.span(), w.tickPortSpan(), "Only `tick` scripts are supported by windows");
                    }
                    if (null != windows.put(w.name(), w))
                    {
                        throw at(w.span(), w.span(), "Can't define the window `" + w.name() + "` twice");
                    }
                    q.compiledWindows.put(w, window(w));
                }
                case Stmt.ScriptDefinition s ->
                {
                    final Set<String> ports = new HashSet<>();
                    for (final Stmt.NamedScript n : s.named())
                    {
                        if ("in".equals(n.port()))
                        {
                            throw at(s.span(), n.portSpan(), "port `in` is reserved for the `script` section");
                        }
                        if (!ports.add(n.port()))
                        {
                            throw at(s.span(), n.portSpan(), "script port already defined");
                        }
                    }
                    if (null != scripts.put(s.name(), s))
                    {
                        throw at(s.span(), s.span(), "Can't define the script `" + s.name() + "` twice");
                    }
                    q.compiledScripts.put(s, compileScriptBodies(s));
                }
                case Stmt.Definition d when "operator".equals(d.what()) ->
                {
                    if (null != operators.put(d.name(), d))
                    {
                        throw at(d.span(), d.span(), "Can't define the operator `" + d.name() + "` twice");
                    }
                }
                case Stmt.Definition d when "pipeline".equals(d.what()) ->
                {
                    for (final Stmt inner : d.body())
                    {
                        if (inner instanceof Stmt.Create c && "stream".equals(c.what()) &&
                            (d.from().contains(c.name()) || d.into().contains(c.name())))
                        {
                            throw at(c.span(), c.span(), "Streams cannot share names with from/into ports");
                        }
                    }
                    if (null != pipelines.put(d.name(), d))
                    {
                        throw at(d.span(), d.span(), "Can't define the pipeline `" + d.name() + "` twice");
                    }
                }
                case Stmt.Create c -> create(c);
                case Stmt.Select s -> select(s);
                case Stmt.ExprStmt x -> throw new CompileError(x.span(), "Expressions are not allowed at this level");
                default -> throw new CompileError(stmt.span(), "This statement is not allowed in a pipeline");
            }
        }

        private void claim(final String name, final Span span, final String what)
        {
            if (!names.add(name))
            {
                if ("stream".equals(what))
                {
                    throw at(span, span, "Can't define the stream `" + name + "` twice");
                }
                throw new CompileError(span, "Name `" + name + "` is already in use for another node, please use another " +
                    "name.");
            }
            kinds.put(name, what);
        }

        private void create(final Stmt.Create c)
        {
            switch (c.what())
            {
                case "stream" ->
                {
                    if (null != parent && (inputs.contains(c.name()) || outputs.contains(c.name())))
                    {
                        final Span wide = q.lineStart(c.span());
                        throw at(c.span(), new Span(c.span().start(), c.span().end()),
                            "Streams cannot share names with from/into ports");
                    }
                    claim(c.name(), c.span(), "stream");
                    q.nodes.add(new CompiledQuery.Stream(node(c.name())));
                }
                case "operator" -> createOperator(c);
                case "script" -> createScript(c);
                case "pipeline" -> createPipeline(c);
                default -> throw new CompileError(c.span(), "Can't create a " + c.what() + " in a pipeline");
            }
        }

        /** The value of a definition's {@code args}: declared defaults, overridden by the create's {@code with}. */
        private long[] definitionArgs(final List<Stmt.Arg> declared, final List<Stmt.WithField> with, final Span span,
            final String what)
        {
            final ValueContext ctx = q.compiler.context();
            final Map<String, long[]> values = new LinkedHashMap<>();
            final Set<String> known = new HashSet<>();
            for (final Stmt.Arg a : declared)
            {
                known.add(a.name());
                if (null != a.defaultValue())
                {
                    values.put(a.name(), constant(a.defaultValue(), a.span()));
                }
            }
            for (final Stmt.WithField w : with)
            {
                if (!known.contains(w.name()) && "pipeline".equals(what))
                {
                    final Span field = q.lineStart(w.span());
                    throw new CompileError(field, "Unknown parameter " + w.name(), null, q.withLine(w.span()), 0, 0);
                }
                values.put(w.name(), constant(w.value(), w.span()));
            }
            return record(ctx, values);
        }

        private long[] record(final ValueContext ctx, final Map<String, long[]> values)
        {
            final long[] r = new long[4];
            ctx.newRecord(Math.max(1, values.size()), r, 0);
            for (final Map.Entry<String, long[]> e : values.entrySet())
            {
                final long key = q.compiler.constantKey(e.getKey());
                ctx.put(r[0], key, e.getValue()[0], e.getValue()[1], r, 0);
            }
            final long[] out = new long[2];
            ctx.copyTo(ValueDescriptor.STORE_CONSTANT, r[0], r[1], out, 0);
            return out;
        }

        /** A compile-time constant (definition parameters may read the enclosing {@code args}). */
        private long[] constant(final Expr x)
        {
            return constant(x, x.span());
        }

        private long[] constant(final Expr x, final Span where)
        {
            final FrameLayout layout = new FrameLayout();
            final ScriptCompiler.Scope scope = scope(layout);
            scope.argsConstant = args;
            try
            {
                return q.compiler.constant(x, scope);
            }
            catch (final CompileError ex)
            {
                if (ex.getMessage().startsWith("Trying to access") || ex.getMessage().contains("isn't constant"))
                {
                    final Span wide = q.lineStart(where);
                    throw at(wide, wide, "The expression isn't constant and can't be evaluated at compile time");
                }
                throw ex;
            }
        }

        private void createOperator(final Stmt.Create c)
        {
            final Stmt.Definition d = lookup(c.target(), "operator");
            if (null == d)
            {
                throw new CompileError(c.span(), "operator not found");
            }
            claim(c.name(), c.span(), "operator");
            // the definition's `with` is evaluated with its own args (declared defaults and the create's `with`)
            final long[] previous = args;
            final long[] defArgs = definitionArgs(d.args(), c.with(), c.span(), "operator");
            final Map<String, long[]> values = new LinkedHashMap<>();
            args = defArgs;
            try
            {
                for (final Stmt.WithField w : d.with())
                {
                    values.put(w.name(), constant(w.value(), w.span()));
                }
            }
            finally
            {
                args = previous;
            }
            if (d.args().isEmpty())
            {
                // without declared args the create's `with` configures the operator directly
                for (final Stmt.WithField w : c.with())
                {
                    values.put(w.name(), constant(w.value(), w.span()));
                }
            }
            q.nodes.add(new CompiledQuery.Operator(node(c.name()), d.from(), record(q.compiler.context(), values),
                c.span()));
        }

        private void createScript(final Stmt.Create c)
        {
            final Stmt.ScriptDefinition d = lookup(c.target(), "script");
            if (null == d)
            {
                throw new CompileError(c.span(), "script not found");
            }
            claim(c.name(), c.span(), "script");
            final long[] scriptArgs = definitionArgs(d.args(), c.with(), c.span(), "script");
            long[] state = null;
            if (null != d.state())
            {
                final long[] previous = args;
                args = scriptArgs;
                try
                {
                    state = constant(d.state());
                }
                catch (final CompileError ex)
                {
                    throw at(d.span(), d.state().span(), "state not constant");
                }
                finally
                {
                    args = previous;
                }
                if (!isLiteral(d.state()))
                {
                    throw at(d.span(), d.state().span(), "state not constant");
                }
            }
            final CompiledBodies bodies = (CompiledBodies)q.compiledScripts.get(d);
            q.nodes.add(new CompiledQuery.Script(node(c.name()), bodies.main, bodies.mainFrame, bodies.ports,
                bodies.frames, state, scriptArgs, d.span()));
        }

        /** A script definition's compiled scripts. */
        private record CompiledBodies(Node main, int mainFrame, Map<String, Node> ports, Map<String, Integer> frames)
        {
        }


        /** A {@code const} of a script that reads {@code args} is not constant (Tremor says so at the statement). */
        private CompileError constInScript(final List<Stmt> body, final CompileError ex)
        {
            for (final Stmt stmt : body)
            {
                if (stmt instanceof Stmt.Const c && null != ex.span() &&
                    c.span().start().offset() <= ex.span().start().offset() &&
                    ex.span().end().offset() <= c.span().end().offset() &&
                    q.source.substring(c.span().start().offset(), c.span().end().offset()).contains("args"))
                {
                    final Span wide = q.lineStart(c.span());
                    return at(wide, wide, "The expression isn't constant and can't be evaluated at compile time");
                }
            }
            return ex;
        }

        /** Each script of a definition compiles in a scope of its own: a {@code use} in one is not seen by another. */
        private CompiledBodies compileScriptBodies(final Stmt.ScriptDefinition d)
        {
            final FrameLayout layout = new FrameLayout();
            final ScriptCompiler.Scope scope = new ScriptCompiler.Scope(layout, q.compiler.newModule(null), null);
            final Node main;
            try
            {
                main = q.compiler.compileBody(d.body(), d.span(), scope);
            }
            catch (final CompileError ex)
            {
                throw constInScript(d.body(), ex);
            }
            final Map<String, Node> ports = new LinkedHashMap<>();
            final Map<String, Integer> frames = new LinkedHashMap<>();
            for (final Stmt.NamedScript named : d.named())
            {
                final FrameLayout l = new FrameLayout();
                final ScriptCompiler.Scope s = new ScriptCompiler.Scope(l, q.compiler.newModule(null), null);
                ports.put(named.port(), q.compiler.compileBody(named.body(), d.span(), s));
                frames.put(named.port(), l.size());
            }
            return new CompiledBodies(main, layout.size(), Map.copyOf(ports), Map.copyOf(frames));
        }

        private static boolean isLiteral(final Expr x)
        {
            return !(x instanceof Expr.Invoke) && !(x instanceof Expr.Path p && p.root() != io.temblor.script.ast.PathRoot.ARGS);
        }

        private void createPipeline(final Stmt.Create c)
        {
            if (names.contains(c.name()))
            {
                throw new CompileError(c.span(), "Name `" + c.name() + "` is already in use for another node, please use " +
                    "another name.");
            }
            final Stmt.Definition d = lookup(c.target(), "pipeline");
            if (null == d)
            {
                throw new CompileError(c.span(), "Unknown pipeline `" + String.join("::", c.target()) + "`");
            }
            claim(c.name(), c.span(), "pipeline");
            created.put(c.name(), d);
            final List<String> from = d.from().isEmpty() ? List.of("in") : d.from();
            final List<String> into = d.into().isEmpty() ? List.of("out", "err") : d.into();
            final Level inner = new Level(q, prefix + c.name() + "/", this, from, into);
            inner.args = definitionArgs(d.args(), c.with(), c.span(), "pipeline");
            inner.nested = true;
            inner.statements(d.body());
        }

        boolean nested;
        final Map<String, Level> modules = new HashMap<>();

        /** {@code use a::b [as c]}: a trickle module {@code a/b.trickle} on the module path, else a script module. */
        private void use(final Stmt.Use u)
        {
            for (final Stmt.UseTarget target : u.targets())
            {
                final String relative = String.join("/", target.path()) + ".trickle";
                Path found = null;
                for (final Path dir : q.compiler.modulePath())
                {
                    if (java.nio.file.Files.isRegularFile(dir.resolve(relative)))
                    {
                        found = dir.resolve(relative);
                        break;
                    }
                }
                if (null == found)
                {
                    q.compiler.declareIn(new Stmt.Use(List.of(target), u.span()), module);
                    continue;
                }
                final String text;
                try
                {
                    text = java.nio.file.Files.readString(found, java.nio.charset.StandardCharsets.UTF_8);
                }
                catch (final java.io.IOException ex)
                {
                    throw new CompileError(u.span(), "Module `" + String.join("::", target.path()) + "` not readable: " +
                        ex.getMessage());
                }
                final Script parsed;
                try
                {
                    parsed = Parser.parseQuery(text);
                }
                catch (final CompileError ex)
                {
                    throw new CompileError(u.span(), "Error in module " + String.join("::", target.path()) + ": " +
                        ex.getMessage());
                }
                final Level sub = new Level(q, prefix, this, List.of(), List.of());
                sub.args = args;
                for (final Stmt stmt : parsed.statements())
                {
                    if (stmt instanceof Stmt.Create || stmt instanceof Stmt.Select)
                    {
                        throw new CompileError(u.span(), "Module " + String.join("::", target.path()) +
                            " may only hold definitions");
                    }
                    sub.statement(stmt);
                }
                modules.put(null == target.alias() ? last(target.path()) : target.alias(), sub);
            }
        }

        @SuppressWarnings("unchecked")
        private <T> T lookup(final List<String> path, final String what)
        {
            Level level = this;
            for (int i = 0; i < path.size() - 1 && null != level; i++)
            {
                level = level.modules.get(path.get(i));
            }
            if (null == level)
            {
                return null;
            }
            final String name = last(path);
            return (T)switch (what)
            {
                case "operator" -> level.operators.get(name);
                case "script" -> level.scripts.get(name);
                case "pipeline" -> level.pipelines.get(name);
                default -> level.windows.get(name);
            };
        }

        private static long asLong(final long[] v)
        {
            return switch (Values.type(v[0]))
            {
                case ValueDescriptor.TYPE_INT, ValueDescriptor.TYPE_UINT -> v[1];
                case ValueDescriptor.TYPE_FLOAT -> (long)Values.doubleValue(v[1]);
                default -> -1;
            };
        }

        private static String last(final List<String> path)
        {
            return path.get(path.size() - 1);
        }

        private void select(final Stmt.Select s)
        {
            final String name = prefix + "select_" + q.selects++;
            // from
            final String fromStream = s.from().get(0);
            final String fromPort = s.from().size() > 1 ? s.from().get(1) : null;
            String fromNode;
            String fromOut = "out";
            if (created.containsKey(fromStream))
            {
                final Stmt.Definition d = created.get(fromStream);
                final String port = null == fromPort ? "out" : fromPort;
                final List<String> into = d.into().isEmpty() ? List.of("out", "err") : d.into();
                if (!into.contains(port))
                {
                    throw at(s.span(), s.fromSpan(), "Stream used in `from` or `into` is not defined: " + fromStream + "/" +
                        port);
                }
                fromNode = prefix + fromStream + "/" + port;
            }
            else if (!names.contains(fromStream))
            {
                throw at(s.span(), s.fromSpan(), "Stream used in `from` or `into` is not defined: " + fromStream + "/" +
                    (null == fromPort ? "out" : fromPort));
            }
            else
            {
                fromNode = node(fromStream);
                if (null != fromPort)
                {
                    if ("input".equals(kinds.get(fromStream)))
                    {
                        if (!"out".equals(fromPort) && null == parent)
                        {
                            fromNode = fromStream + "/" + fromPort;
                            if (names.add(fromNode))
                            {
                                q.nodes.add(new CompiledQuery.Input(fromNode));
                            }
                        }
                    }
                    else
                    {
                        fromOut = fromPort;
                    }
                }
            }
            // into
            final String intoStream = s.into().get(0);
            final String intoPort = s.into().size() > 1 ? s.into().get(1) : null;
            String intoNode;
            String intoIn = "in";
            if (created.containsKey(intoStream))
            {
                final Stmt.Definition d = created.get(intoStream);
                final String port = null == intoPort ? "in" : intoPort;
                final List<String> from = d.from().isEmpty() ? List.of("in") : d.from();
                if (!from.contains(port))
                {
                    throw at(s.span(), s.intoSpan(), "Stream used in `from` or `into` is not defined: " + intoStream + "/" +
                        port);
                }
                intoNode = prefix + intoStream + "/" + port;
            }
            else if (!names.contains(intoStream))
            {
                throw at(s.span(), s.intoSpan(), "Stream used in `from` or `into` is not defined: " + intoStream + "/" +
                    (null == intoPort ? "in" : intoPort));
            }
            else
            {
                intoNode = node(intoStream);
                if (null != intoPort)
                {
                    if ("output".equals(kinds.get(intoStream)) && null == parent)
                    {
                        if (!"in".equals(intoPort))
                        {
                            intoNode = intoStream + "/" + intoPort;
                            if (names.add(intoNode))
                            {
                                q.nodes.add(new CompiledQuery.Output(intoNode, intoPort));
                            }
                        }
                    }
                    else
                    {
                        intoIn = intoPort;
                    }
                }
            }
            q.nodes.add(compileSelect(name, s));
            q.link(fromNode, fromOut, name, "in", nested);
            q.link(name, "out", intoNode, intoIn, nested);
        }

        private CompiledQuery.Select compileSelect(final String name, final Stmt.Select s)
        {
            final FrameLayout layout = new FrameLayout();
            final ScriptCompiler.Scope scope = scope(layout);
            final ScriptCompiler.SelectScope select = new ScriptCompiler.SelectScope(q.aggregateArity);
            scope.select = select;
            select.selectSpan = s.span();
            scope.argsConstant = args;
            final List<CompiledQuery.Window> ws = new ArrayList<>();
            for (final List<String> w : s.windows())
            {
                final Stmt.Window def = lookup(w, "window");
                if (null == def)
                {
                    throw new CompileError(s.span(), "Unknown window `" + String.join("::", w) + "`");
                }
                ws.add(q.compiledWindows.get(def));
            }
            if (ws.size() > 1 && ws.stream().anyMatch(w -> "sliding".equals(w.kind())))
            {
                throw at(s.span(), s.span(), "A sliding window can not be part of a tilt frame: it emits on every event");
            }
            final boolean windowed = !ws.isEmpty();
            // where and group by see the event; no aggregates there
            current = s;
            final Node where = null == s.where() ? null : guarded(s.where(), s.where().span(), scope, select);
            final CompiledQuery.GroupBy groupBy = null == s.groupBy() ? null : groupBy(s.groupBy(), scope, select,
                s.groupBy().span());
            select.aggregatesAllowed = true;
            select.eventNote = windowed ? WINDOW_NOTE : null;
            if (null != s.groupBy())
            {
                final List<String> texts = new ArrayList<>();
                groupTexts(s.groupBy(), texts);
                select.groupTexts = texts;
                select.text = span -> q.source.substring(span.start().offset(), span.end().offset());
            }
            final Node target = noLocals(s.target(), s.target().span(), scope, s);
            final Node having = null == s.having() ? null : noLocals(s.having(), s.having().span(), scope, s);
            final List<CompiledQuery.Aggregate> aggregates = new ArrayList<>();
            for (final ScriptCompiler.AggregateCall call : select.calls)
            {
                aggregates.add(new CompiledQuery.Aggregate(call.name(), call.args(), call.span()));
            }
            final boolean passthrough = s.target() instanceof Expr.Path p && p.root() == io.temblor.script.ast.PathRoot.EVENT &&
                p.segments().isEmpty() && null == s.where() && null == s.having() && null == s.groupBy() && ws.isEmpty() &&
                aggregates.isEmpty();
            return new CompiledQuery.Select(name, target, where, having, groupBy, layout.size() + 2, List.copyOf(aggregates),
                List.copyOf(ws), args, s.span(), passthrough);
        }

        private Stmt.Select current;

        private void groupTexts(final Stmt.GroupBy g, final List<String> out)
        {
            if (null != g.expr())
            {
                out.add(q.source.substring(g.expr().span().start().offset(), g.expr().span().end().offset()));
            }
            for (final Stmt.GroupBy item : g.items())
            {
                groupTexts(item, out);
            }
        }

        private Node guarded(final Expr x, final Span clause, final ScriptCompiler.Scope scope,
            final ScriptCompiler.SelectScope select)
        {
            select.aggregatesAllowed = false;
            select.eventNote = null;
            return noLocals(x, clause, scope, current);
        }

        private Node noLocals(final Expr x, final Span clause, final ScriptCompiler.Scope scope, final Stmt.Select s)
        {
            final Node node = q.compiler.compileExpr(x, scope);
            if (!scope.locals.isEmpty())
            {
                throw at(s.span(), clause, "Local variables are not allowed here");
            }
            return node;
        }

        private CompiledQuery.GroupBy groupBy(final Stmt.GroupBy g, final ScriptCompiler.Scope scope,
            final ScriptCompiler.SelectScope select, final Span clause)
        {
            final List<CompiledQuery.GroupBy> items = new ArrayList<>();
            for (final Stmt.GroupBy item : g.items())
            {
                items.add(groupBy(item, scope, select, clause));
            }
            final Node expr = null == g.expr() ? null : guarded(g.expr(), clause, scope, select);
            return new CompiledQuery.GroupBy(g.kind(), expr, List.copyOf(items), g.span());
        }

        private CompiledQuery.Window window(final Stmt.Window w)
        {
            long size = -1;
            long interval = -1;
            long maxGroups = Long.MAX_VALUE;
            boolean emitEmpty = false;
            final ValueContext ctx = q.compiler.context();
            for (final Stmt.WithField f : w.with())
            {
                final long[] v = constant(f.value());
                switch (f.name())
                {
                    case "size" -> size = asLong(v);
                    case "interval" -> interval = asLong(v);
                    case "max_groups" -> maxGroups = asLong(v);
                    case "emit_empty_windows" -> emitEmpty = Values.type(v[0]) == ValueDescriptor.TYPE_BOOL &&
                        v[1] != 0;
                    default ->
                    {
                        // Tremor ignores unknown window settings
                    }
                }
            }
            if ("sliding".equals(w.kind()) && (null != w.state() || null != w.tickPort()))
            {
                throw at(w.span(), w.span(), "Sliding windows are defined by `size` or `interval`, not by a state script");
            }
            final int settings = (size >= 0 ? 1 : 0) + (interval >= 0 ? 1 : 0) + (null != w.state() ? 1 : 0);
            if (settings > 1)
            {
                throw new CompileError(null, "Bad window configuration, only one of `size`, `interval`, or `state` " +
                    "is allowed.");
            }
            if (settings == 0)
            {
                throw new CompileError(null, "Bad window configuration, either `size`, `interval` or `state` is " +
                    "required.");
            }
            final long[] state = null == w.state() ? null : constant(w.state());
            Node script = null;
            int scriptFrame = 0;
            if (!w.script().isEmpty())
            {
                final FrameLayout l = new FrameLayout();
                final ScriptCompiler.Scope s = new ScriptCompiler.Scope(l, q.compiler.newModule(null), null);
                s.windowDefinition = w.span();
                script = q.compiler.compileBody(w.script(), w.span(), s);
                scriptFrame = l.size();
            }
            Node tick = null;
            int tickFrame = 0;
            if (!w.tickScript().isEmpty())
            {
                final FrameLayout l = new FrameLayout();
                final ScriptCompiler.Scope s = new ScriptCompiler.Scope(l, q.compiler.newModule(null), null);
                s.windowDefinition = w.span();
                s.noEvent = true;
                try
                {
                    tick = q.compiler.compileBody(w.tickScript(), w.span(), s);
                }
                catch (final CompileError ex)
                {
                    // Tremor marks the whole expression that reads `event` or `$`
                    if (null != ex.span() && ex.getMessage().endsWith("isn't accessible in this context"))
                    {
                        for (final Stmt stmt : w.tickScript())
                        {
                            if (stmt.span().start().offset() <= ex.span().start().offset() &&
                                ex.span().end().offset() <= stmt.span().end().offset())
                            {
                                throw at(w.span(), stmt.span(), ex.getMessage());
                            }
                        }
                    }
                    throw ex;
                }
                tickFrame = l.size();
            }
            return new CompiledQuery.Window(w.name(), w.kind(), size, interval, maxGroups, emitEmpty, state, script,
                scriptFrame, tick, tickFrame, w.span());
        }
    }
}
