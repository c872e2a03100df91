package io.temblor.script.compile;

import io.temblor.offheap.ByteSink;
import io.temblor.script.ast.Expr;
import io.temblor.script.ast.Script;
import io.temblor.script.ast.Stmt;
import io.temblor.script.error.CompileError;
import io.temblor.script.error.Location;
import io.temblor.script.error.Span;
import io.temblor.script.lexer.Lexer;
import io.temblor.script.lexer.TokenKind;
import io.temblor.script.parser.Parser;
import io.temblor.script.runtime.FrameLayout;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles a troy deployment into a {@link CompiledDeployment}: resolves {@code use} (troy, trickle and tremor files on
 * the module path, and the bundled {@code tremor::connectors} and {@code tremor::pipelines}), flow, connector and
 * pipeline definitions, {@code create}, {@code connect} and {@code deploy} statements; evaluates every argument and
 * connector parameter at compile time and compiles each created pipeline with {@link QueryCompiler}. Reports what
 * Tremor reports when it parses a deployment (unknown artefacts, duplicate definitions, invalid connector parameters,
 * {@code with} parameters without argument, unknown or missing arguments) with Tremor's messages; connector types
 * Tremor does not know are warnings (Tremor fails on them only when deploying). Compile time only; allocates freely.
 */
public final class TroyCompiler
{
    /** The parameters a connector definition's {@code with} may set (Tremor's order). */
    public static final List<String> CONNECTOR_PARAMS = List.of("codec", "config", "metrics_interval_s",
        "postprocessors", "preprocessors", "reconnect");

    /** The connector types Tremor's runtime includes by default. */
    public static final Set<String> CONNECTOR_TYPES = Set.of("azure_monitor_ingest_writer", "bench", "cb", "clickhouse",
        "crononome", "discord", "dns_client", "elastic", "exit", "file", "gbq_writer", "gcl_writer", "gcs_streamer",
        "gpubsub_consumer", "gpubsub_producer", "http_client", "http_server", "kafka_consumer", "kafka_producer", "kv",
        "metrics", "metronome", "null", "otel_client", "otel_server", "s3_reader", "s3_streamer", "stdio", "tcp_client",
        "tcp_server", "udp_client", "udp_server", "unix_socket_client", "unix_socket_server", "wal", "ws_client",
        "ws_server");

    private final ScriptCompiler compiler;
    private final List<Path> modulePath;
    private final Function<String, int[]> aggregateArity;
    private final Map<String, Scope> troyModules = new HashMap<>();
    private final Map<Stmt.Flow, FlowInfo> flowInfos = new IdentityHashMap<>();
    private final List<Warning> warnings = new ArrayList<>();
    private final ValueWriter writer = new ValueWriter();
    private ByteSink sink;

    private TroyCompiler(final List<Path> modulePath, final Function<String, int[]> aggregateArity)
    {
        this.compiler = new ScriptCompiler(modulePath);
        this.modulePath = modulePath;
        this.aggregateArity = aggregateArity;
    }

    /**
     * Compiles a troy file.
     *
     * @param source         the troy source.
     * @param modulePath     folders searched by {@code use}.
     * @param aggregateArity as for {@link QueryCompiler#compile(String, List, Function)}.
     * @return the deployment: one flow per {@code deploy} statement.
     * @throws CompileError on syntax and semantic errors.
     */
    public static CompiledDeployment compile(final String source, final List<Path> modulePath,
        final Function<String, int[]> aggregateArity)
    {
        return compile(source, modulePath, aggregateArity, null, null);
    }

    /**
     * Compiles a troy file and, when it deploys nothing, deploys its flow {@code entry} as Tremor's archives do with
     * their entry point.
     *
     * @param source         the troy source.
     * @param modulePath     folders searched by {@code use}.
     * @param aggregateArity as for {@link QueryCompiler#compile(String, List, Function)}.
     * @param entry          the flow deployed when the file has no {@code deploy} statement, or null.
     * @param entryArgs      the entry flow's arguments as a JSON record (a {@code config.json}), or null.
     * @return the deployment.
     * @throws CompileError on syntax and semantic errors.
     */
    public static CompiledDeployment compile(final String source, final List<Path> modulePath,
        final Function<String, int[]> aggregateArity, final String entry, final String entryArgs)
    {
        final TroyCompiler troy = new TroyCompiler(modulePath, aggregateArity);
        try (ByteSink bytes = new ByteSink())
        {
            troy.sink = bytes;
            return troy.run(source, entry, entryArgs);
        }
        catch (final CompileError ex)
        {
            throw ex.comments(comments(source));
        }
    }

    private CompiledDeployment run(final String source, final String entry, final String entryArgs)
    {
        final Script script = Parser.parseDeploy(source);
        final Scope top = new Scope(null, compiler.newModule(null), source);
        final Map<String, String> config = new LinkedHashMap<>();
        final List<CompiledDeployment.Flow> flows = new ArrayList<>();
        final Map<String, Boolean> aliases = new HashMap<>();
        for (final Stmt stmt : script.statements())
        {
            switch (stmt)
            {
                case Stmt.Config c -> config.put(c.name(), json(evaluate(c.value(), top, null)));
                case Stmt.Use u -> use(u, top);
                case Stmt.Flow f -> defineFlow(f, top);
                case Stmt.Deploy d ->
                {
                    if (null != aliases.put(d.name(), Boolean.TRUE))
                    {
                        throw at(d.span(), identSpan(source, d.span(), "flow", d.name()), "Can't deploy the flow `" +
                            d.name() + "` twice");
                    }
                    flows.add(deploy(d, top));
                }
                default -> throw new CompileError(stmt.span(), "This statement is not allowed in a deployment");
            }
        }
        if (flows.isEmpty() && null != entry)
        {
            final List<Stmt.WithField> with = new ArrayList<>();
            if (null != entryArgs && !entryArgs.isBlank() &&
                Parser.parseScript(entryArgs).statements().getFirst() instanceof Stmt.ExprStmt x &&
                x.expr() instanceof Expr.RecordLit r)
            {
                for (final Expr.Field f : r.fields())
                {
                    with.add(new Stmt.WithField(f.name().constantText(), f.value(), f.span()));
                }
            }
            final Span span = script.span();
            flows.add(deploy(new Stmt.Deploy(entry, List.of(entry), List.copyOf(with), List.of(), span), top));
        }
        return new CompiledDeployment(source, Map.copyOf(config), List.copyOf(flows), List.copyOf(warnings));
    }

    // ------------------------------------------------------------------------------------------------ scopes

    /** Definitions visible at one level: the file, a flow's body, or a module. */
    private static final class Scope
    {
        final Scope parent;
        final ScriptCompiler.Module module;
        final String source;
        final Map<String, Defined<Stmt.Definition>> connectors = new LinkedHashMap<>();
        final Map<String, Defined<Stmt.Definition>> pipelines = new LinkedHashMap<>();
        final Map<String, Defined<Stmt.Flow>> flows = new LinkedHashMap<>();
        final Map<String, Scope> modules = new HashMap<>();

        Scope(final Scope parent, final ScriptCompiler.Module module, final String source)
        {
            this.parent = parent;
            this.module = module;
            this.source = source;
        }
    }

    /** A definition with the scope it was defined in (its default arguments and parameters are evaluated there). */
    private record Defined<T>(T stmt, Scope home)
    {
    }

    /** What a flow definition's body resolved to when it was defined. */
    private record FlowInfo(Scope scope, List<Created> creates, List<CompiledDeployment.Connection> connections)
    {
    }

    /** A {@code create} with its resolved definition. */
    private record Created(Stmt.Create create, Defined<Stmt.Definition> definition)
    {
    }

    private enum Kind
    {
        CONNECTOR, PIPELINE, FLOW
    }

    @SuppressWarnings("unchecked")
    private static <T> Defined<T> lookup(final List<String> path, final Kind kind, final Scope scope)
    {
        final String name = path.get(path.size() - 1);
        if (path.size() == 1)
        {
            for (Scope s = scope; null != s; s = s.parent)
            {
                final Defined<?> found = table(s, kind).get(name);
                if (null != found)
                {
                    return (Defined<T>)found;
                }
            }
            return null;
        }
        Scope module = null;
        for (Scope s = scope; null != s && null == module; s = s.parent)
        {
            module = s.modules.get(path.get(0));
        }
        for (int i = 1; i < path.size() - 1 && null != module; i++)
        {
            module = module.modules.get(path.get(i));
        }
        return null == module ? null : (Defined<T>)table(module, kind).get(name);
    }

    private static Map<String, ? extends Defined<?>> table(final Scope scope, final Kind kind)
    {
        return switch (kind)
        {
            case CONNECTOR -> scope.connectors;
            case PIPELINE -> scope.pipelines;
            case FLOW -> scope.flows;
        };
    }

    /** {@code use a::b [as c]}: the module's constants and functions, and its troy definitions. */
    private void use(final Stmt.Use u, final Scope scope)
    {
        for (final Stmt.UseTarget target : u.targets())
        {
            compiler.declareIn(new Stmt.Use(List.of(target), u.span()), scope.module);
            final String alias = null == target.alias() ? target.path().get(target.path().size() - 1) : target.alias();
            final ScriptCompiler.Module loaded = scope.module.aliases.get(alias);
            scope.modules.put(alias, troyModule(target.path(), loaded));
        }
    }

    private Scope troyModule(final List<String> path, final ScriptCompiler.Module loaded)
    {
        final String name = String.join("::", path);
        final Scope cached = troyModules.get(name);
        if (null != cached)
        {
            return cached;
        }
        final String text = moduleText(path);
        final Scope module = new Scope(null, null == loaded ? compiler.newModule(null) : loaded, null == text ? "" : text);
        troyModules.put(name, module);
        if (null == text)
        {
            return module;
        }
        final Script script;
        try
        {
            script = Parser.parseModule(text);
        }
        catch (final CompileError ex)
        {
            return module;
        }
        for (final Stmt stmt : script.statements())
        {
            switch (stmt)
            {
                case Stmt.Use u ->
                {
                    for (final Stmt.UseTarget target : u.targets())
                    {
                        final String alias = null == target.alias() ? target.path().get(target.path().size() - 1) :
                            target.alias();
                        module.modules.put(alias, troyModule(target.path(), module.module.aliases.get(alias)));
                    }
                }
                case Stmt.Definition d -> define(d, module);
                case Stmt.Flow f -> defineFlow(f, module);
                default ->
                {
                    // constants and functions are the script compiler's
                }
            }
        }
        return module;
    }

    /** A module's text as Tremor's module path resolves it: {@code .tremor}, {@code .trickle}, {@code .troy}. */
    private String moduleText(final List<String> path)
    {
        final String relative = String.join("/", path);
        for (final Path dir : modulePath)
        {
            for (final String extension : List.of(".tremor", ".trickle", ".troy"))
            {
                final Path file = dir.resolve(relative + extension);
                if (Files.isRegularFile(file))
                {
                    try
                    {
                        return Files.readString(file, StandardCharsets.UTF_8);
                    }
                    catch (final IOException ex)
                    {
                        // unreadable: the script compiler has reported it or found another
                    }
                }
            }
        }
        return BundledModules.source(path);
    }

    // ------------------------------------------------------------------------------------------------ definitions

    private void define(final Stmt.Definition d, final Scope scope)
    {
        switch (d.what())
        {
            case "connector" ->
            {
                for (final Stmt.WithField w : d.with())
                {
                    if (!CONNECTOR_PARAMS.contains(w.name()))
                    {
                        throw new CompileError(nameSpan(w), "Invalid `with` parameter \"" + w.name() +
                            "\" in definition of connector \"" + d.name() + "\".", "Available parameters are: " +
                            String.join(", ", CONNECTOR_PARAMS));
                    }
                }
                if (!CONNECTOR_TYPES.contains(d.from().get(0)) && scope.source.equals(topSource(scope)))
                {
                    warnings.add(new Warning("general", d.span(), "Unknown connector type `" + d.from().get(0) +
                        "`: deploying this connector will fail"));
                }
                if (null != scope.connectors.put(d.name(), new Defined<>(d, scope)))
                {
                    throw at(d.span(), d.span(), "Can't define the connector `" + d.name() + "` twice");
                }
            }
            case "pipeline" ->
            {
                if (null != scope.pipelines.put(d.name(), new Defined<>(d, scope)))
                {
                    throw at(d.span(), d.span(), "Can't define the pipeline `" + d.name() + "` twice");
                }
            }
            default -> throw at(d.span(), d.span(), "Only connectors and pipelines can be defined in a flow");
        }
    }

    private static String topSource(final Scope scope)
    {
        Scope s = scope;
        while (null != s.parent)
        {
            s = s.parent;
        }
        return s.source;
    }

    private void defineFlow(final Stmt.Flow f, final Scope scope)
    {
        if (scope.flows.containsKey(f.name()))
        {
            throw at(f.span(), f.span(), "Can't define the flow `" + f.name() + "` twice");
        }
        final Scope inner = new Scope(scope, compiler.newModule(scope.module), scope.source);
        final List<Created> creates = new ArrayList<>();
        final Map<String, Kind> aliases = new HashMap<>();
        final List<CompiledDeployment.Connection> connections = new ArrayList<>();
        for (final Stmt stmt : f.body())
        {
            switch (stmt)
            {
                case Stmt.Use u -> use(u, inner);
                case Stmt.Definition d -> define(d, inner);
                case Stmt.Create c -> creates.add(create(c, inner, aliases));
                case Stmt.Connect c -> connections.add(connect(c, aliases, creates));
                default -> throw at(stmt.span(), stmt.span(), "This statement is not allowed in a flow");
            }
        }
        scope.flows.put(f.name(), new Defined<>(f, scope));
        flowInfos.put(f, new FlowInfo(inner, List.copyOf(creates), List.copyOf(connections)));
    }

    private Created create(final Stmt.Create c, final Scope scope, final Map<String, Kind> aliases)
    {
        final Kind kind = "connector".equals(c.what()) ? Kind.CONNECTOR : Kind.PIPELINE;
        final Span id = identSpan(scope.source, c.span(), c.what(), c.name());
        final Defined<Stmt.Definition> d = lookup(c.target(), kind, scope);
        if (null == d)
        {
            throw at(c.span(), id, "Artefact `" + String.join("::", c.target()) +
                "` is not defined or not found, the following are defined: ");
        }
        final List<String> args = d.stmt().args().stream().map(Stmt.Arg::name).toList();
        for (final Stmt.WithField w : c.with())
        {
            if (!args.contains(w.name()))
            {
                throw new CompileError(nameSpan(w), "`with` parameter \"" + w.name() +
                    "\" does not correspond to an argument in the target definition \"" + c.name() + "\"",
                    args.isEmpty() ? "The definition of \"" + c.name() + "\" does not expose any args. Remove this `with`." :
                    "Available args are: " + String.join(", ", args));
            }
        }
        if (null != aliases.put(c.what() + "/" + c.name(), kind))
        {
            throw at(c.span(), id, "Can't create the " + c.what() + " `" + c.name() + "` twice");
        }
        return new Created(c, d);
    }

    /** A {@code connect}: connector to pipeline, pipeline to connector or pipeline to pipeline, Tremor's ports. */
    private static CompiledDeployment.Connection connect(final Stmt.Connect c, final Map<String, Kind> aliases,
        final List<Created> creates)
    {
        final List<String> from = c.from();
        final List<String> to = c.to();
        if ("connector".equals(from.get(0)) && "connector".equals(to.get(0)))
        {
            throw at(c.span(), c.span(), "A connector can only be connected to a pipeline");
        }
        final CompiledDeployment.Endpoint source = endpoint(c, from, "out", aliases, creates, true);
        final CompiledDeployment.Endpoint target = endpoint(c, to, "in", aliases, creates, false);
        return new CompiledDeployment.Connection(source, target);
    }

    private static CompiledDeployment.Endpoint endpoint(final Stmt.Connect c, final List<String> endpoint,
        final String defaultPort, final Map<String, Kind> aliases, final List<Created> creates, final boolean output)
    {
        final String kind = endpoint.get(0);
        final String alias = endpoint.get(1);
        final String port = null == endpoint.get(2) ? defaultPort : endpoint.get(2);
        final Kind wanted = "connector".equals(kind) ? Kind.CONNECTOR : Kind.PIPELINE;
        if (!aliases.containsKey(kind + "/" + alias))
        {
            throw at(c.span(), c.span(), ("connector".equals(kind) ? "Connector " : "Pipeline ") + alias +
                " not found in: " + String.join(", ", creates.stream().filter(x -> x.create().what().equals(kind))
                .map(x -> x.create().name()).toList()));
        }
        if (wanted == Kind.PIPELINE)
        {
            for (final Created created : creates)
            {
                if (created.create().name().equals(alias) && "pipeline".equals(created.create().what()))
                {
                    final Stmt.Definition d = created.definition().stmt();
                    final List<String> ports = output ? (d.into().isEmpty() ? List.of("out", "err") : d.into()) :
                        (d.from().isEmpty() ? List.of("in") : d.from());
                    if (!ports.contains(port))
                    {
                        throw at(c.span(), c.span(), "Pipeline " + alias + " has no " + (output ? "output" : "input") +
                            " port `" + port + "`, it has: " + String.join(", ", ports));
                    }
                }
            }
        }
        return new CompiledDeployment.Endpoint(kind, alias, port);
    }

    // ------------------------------------------------------------------------------------------------ deployment

    private CompiledDeployment.Flow deploy(final Stmt.Deploy d, final Scope scope)
    {
        final Defined<Stmt.Flow> flow = lookup(d.target(), Kind.FLOW, scope);
        if (null == flow)
        {
            throw at(d.span(), identSpan(scope.source, d.span(), "flow", d.name()), "Artefact `" +
                String.join("::", d.target()) + "` is not defined or not found, the following are defined: " +
                String.join(", ", scope.flows.keySet()));
        }
        final Map<String, long[]> values = arguments(flow.stmt().args(), flow.home(), d.with(), scope, null, true);
        final long[] args = record(values);
        final FlowInfo info = flowInfos.get(flow.stmt());
        final List<CompiledDeployment.Connector> connectors = new ArrayList<>();
        final List<CompiledDeployment.Pipeline> pipelines = new ArrayList<>();
        for (final Created created : info.creates())
        {
            final Stmt.Create c = created.create();
            final Defined<Stmt.Definition> def = created.definition();
            final Map<String, long[]> own = arguments(def.stmt().args(), def.home(), c.with(), info.scope(), args,
                false);
            if ("connector".equals(c.what()))
            {
                final long[] connectorArgs = record(own);
                final Map<String, String> with = new LinkedHashMap<>();
                for (final Stmt.WithField w : def.stmt().with())
                {
                    with.put(w.name(), json(evaluate(w.value(), def.home(), connectorArgs)));
                }
                connectors.add(new CompiledDeployment.Connector(c.name(), def.stmt().name(), def.stmt().from().get(0),
                    Map.copyOf(with)));
            }
            else
            {
                pipelines.add(pipeline(c.name(), def, own));
            }
        }
        return new CompiledDeployment.Flow(d.name(), flow.stmt().name(), json(args), List.copyOf(connectors),
            List.copyOf(pipelines), info.connections());
    }

    /** A pipeline compiled with its arguments' values as the definition's defaults. */
    private CompiledDeployment.Pipeline pipeline(final String alias, final Defined<Stmt.Definition> def,
        final Map<String, long[]> values)
    {
        final Stmt.Definition d = def.stmt();
        final List<Stmt.Arg> literal = new ArrayList<>();
        for (final Stmt.Arg a : d.args())
        {
            final String text = json(values.get(a.name()));
            final Stmt first = Parser.parseScript(text).statements().getFirst();
            literal.add(new Stmt.Arg(a.name(), ((Stmt.ExprStmt)first).expr(), a.span()));
        }
        final Stmt.Definition bound = new Stmt.Definition(d.what(), d.name(), d.from(), List.copyOf(literal), d.with(),
            d.body(), d.into(), d.doc(), d.span());
        final CompiledQuery query = QueryCompiler.compileDefinition(def.home().source, bound, modulePath,
            aggregateArity);
        warnings.addAll(query.warnings());
        return new CompiledDeployment.Pipeline(alias, d.name(), json(record(values)), query);
    }

    /**
     * The arguments of a definition: declared defaults (evaluated where it was defined) overridden by the
     * {@code with} of the create or deploy (evaluated in {@code withScope} with the enclosing {@code args}).
     */
    private Map<String, long[]> arguments(final List<Stmt.Arg> declared, final Scope home, final List<Stmt.WithField> with,
        final Scope withScope, final long[] withArgs, final boolean checkUnknown)
    {
        final Map<String, long[]> values = new LinkedHashMap<>();
        final List<String> names = declared.stream().map(Stmt.Arg::name).toList();
        if (checkUnknown)
        {
            for (final Stmt.WithField w : with)
            {
                if (!names.contains(w.name()))
                {
                    throw at(withSpan(withScope.source, with), nameSpan(w), "Unknown argument: " + w.name());
                }
            }
        }
        for (final Stmt.WithField w : with)
        {
            values.put(w.name(), evaluate(w.value(), withScope, withArgs));
        }
        for (final Stmt.Arg a : declared)
        {
            if (!values.containsKey(a.name()))
            {
                if (null == a.defaultValue())
                {
                    throw at(argsSpan(home.source, declared), a.span(), "Missing required argument: " + a.name());
                }
                values.put(a.name(), evaluate(a.defaultValue(), home, null));
            }
        }
        final Map<String, long[]> ordered = new LinkedHashMap<>();
        for (final String name : names)
        {
            ordered.put(name, values.get(name));
        }
        return ordered;
    }

    // ------------------------------------------------------------------------------------------------ values

    private long[] evaluate(final Expr x, final Scope scope, final long[] args)
    {
        final ScriptCompiler.Scope s = new ScriptCompiler.Scope(new FrameLayout(), scope.module, null);
        s.argsConstant = null == args ? new long[] {Values.NULL, 0} : args;
        return compiler.constant(x, s);
    }

    private long[] record(final Map<String, long[]> values)
    {
        final ValueContext ctx = compiler.context();
        final long[] r = new long[4];
        ctx.newRecord(Math.max(1, values.size()), r, 0);
        for (final Map.Entry<String, long[]> e : values.entrySet())
        {
            ctx.put(r[0], compiler.constantKey(e.getKey()), e.getValue()[0], e.getValue()[1], r, 0);
        }
        final long[] out = new long[2];
        ctx.copyTo(ValueDescriptor.STORE_CONSTANT, r[0], r[1], out, 0);
        return out;
    }

    private String json(final long[] value)
    {
        sink.reset();
        writer.write(compiler.context(), value[0], value[1], sink);
        return new String(sink.toByteArray(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------ spans

    private static CompileError at(final Span outer, final Span inner, final String message)
    {
        return QueryCompiler.at(outer, inner, message);
    }

    /** The name of a {@code name = value} entry. */
    private static Span nameSpan(final Stmt.WithField w)
    {
        final Location s = w.span().start();
        return new Span(s, new Location(s.line(), s.column() + w.name().length(), s.offset() + w.name().length()));
    }

    /** The name after {@code keyword} in a statement ({@code create connector NAME}, {@code deploy flow NAME}). */
    private static Span identSpan(final String source, final Span statement, final String keyword, final String name)
    {
        final int from = statement.start().offset();
        final int afterKeyword = Math.max(from, word(source, keyword, from));
        final int at = word(source, name, afterKeyword + keyword.length());
        if (at < 0 || at > statement.end().offset())
        {
            return statement;
        }
        return new Span(locate(source, at), locate(source, at + name.length()));
    }

    /** From the {@code with} keyword to the end of the last entry. */
    private static Span withSpan(final String source, final List<Stmt.WithField> with)
    {
        final Span first = with.getFirst().span();
        final int at = source.lastIndexOf("with", first.start().offset());
        return new Span(at < 0 ? first.start() : locate(source, at), with.getLast().span().end());
    }

    /** From the {@code args} keyword to the end of the last declared argument. */
    private static Span argsSpan(final String source, final List<Stmt.Arg> args)
    {
        final Span first = args.getFirst().span();
        final int at = source.lastIndexOf("args", first.start().offset());
        return new Span(at < 0 ? first.start() : locate(source, at), args.getLast().span().end());
    }

    private static int word(final String source, final String word, final int from)
    {
        int at = source.indexOf(word, from);
        while (at >= 0)
        {
            final boolean startOk = at == 0 || !isIdent(source.charAt(at - 1));
            final int end = at + word.length();
            final boolean endOk = end >= source.length() || !isIdent(source.charAt(end));
            if (startOk && endOk)
            {
                return at;
            }
            at = source.indexOf(word, at + 1);
        }
        return -1;
    }

    private static boolean isIdent(final char c)
    {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static Location locate(final String source, final int offset)
    {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < source.length(); i++)
        {
            if (source.charAt(i) == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new Location(line, source.codePointCount(lineStart, Math.min(offset, source.length())) + 1, offset);
    }

    /** Where the comments of the source start (error rendering reprints them as Tremor does). */
    private static List<Location> comments(final String source)
    {
        final Lexer lexer = new Lexer(source);
        try
        {
            while (lexer.next().kind() != TokenKind.EOF)
            {
                // lex to the end
            }
        }
        catch (final CompileError ex)
        {
            // the comments before the bad token are known
        }
        return lexer.comments();
    }
}
