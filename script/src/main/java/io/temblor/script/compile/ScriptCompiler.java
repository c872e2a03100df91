package io.temblor.script.compile;

import io.temblor.script.ast.BinOp;
import io.temblor.script.ast.Expr;
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
import io.temblor.script.extract.Extractor;
import io.temblor.script.parser.Parser;
import io.temblor.script.runtime.Builtin;
import io.temblor.script.runtime.Calls;
import io.temblor.script.runtime.Comprehension;
import io.temblor.script.runtime.Env;
import io.temblor.script.runtime.Exprs;
import io.temblor.script.runtime.FrameLayout;
import io.temblor.script.runtime.Matching;
import io.temblor.script.runtime.Node;
import io.temblor.script.runtime.Patching;
import io.temblor.script.runtime.Paths;
import io.temblor.script.runtime.ScriptError;
import io.temblor.script.stdlib.Stdlib;
import io.temblor.script.value.Arena;
import io.temblor.script.value.KeySite;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.temblor.script.value.ValueDescriptor.TYPE_ARRAY;
import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;

/**
 * Compiles tremor-script source into a {@link CompiledScript}: parses, loads the modules named by {@code use} along the
 * module path (like {@code TREMOR_PATH}: {@code use a::b} reads {@code a/b.tremor} under the first folder that has
 * it; Tremor's {@code std} and {@code tremor} modules are built in, see {@link BundledModules}), resolves names
 * (locals to register slots, constants evaluated once into the constant pool, functions and intrinsics bound), folds
 * constant sub-expressions and builds the executable tree. Compile time only; allocates freely. Not thread safe: one
 * compilation per instance.
 */
public final class ScriptCompiler
{
    private final List<Path> modulePath;
    private final Arena constants = new Arena(16 * 1024);
    private final Arena scratch = new Arena(16 * 1024);
    private final ValueContext ctx = new ValueContext(scratch, constants, null);
    private final Env env = new Env(ctx);
    private final Map<String, Module> modules = new HashMap<>();
    private final List<String> loading = new ArrayList<>();
    private final List<Path> loadingFiles = new ArrayList<>();
    private final Map<String, Long> strings = new HashMap<>();
    private long[] lastConst;
    private final List<Warning> warnings = new ArrayList<>();
    private boolean inModule;
    /** Calls of builtins that are not pure (random, time, ...) compiled since the last reset. */
    private int impureCalls;

    ScriptCompiler(final List<Path> modulePath)
    {
        this.modulePath = List.copyOf(modulePath);
    }

    /**
     * Compiles a script.
     *
     * @param source the script.
     * @param modulePath folders searched by {@code use}, in order.
     * @return the compiled script.
     * @throws CompileError on syntax and semantic errors (runtime errors found while folding constants included).
     */
    public static CompiledScript compile(final String source, final List<Path> modulePath)
    {
        return new ScriptCompiler(modulePath).compileScript(source);
    }

    private CompiledScript compileScript(final String source)
    {
        final Script script = Parser.parseScript(source);
        final Module module = new Module("");
        final FrameLayout layout = new FrameLayout();
        final Scope scope = new Scope(layout, module, null);
        final List<Node> body = new ArrayList<>();
        for (final Stmt stmt : script.statements())
        {
            if (stmt instanceof Stmt.ExprStmt x)
            {
                body.add(expr(x.expr(), scope));
            }
            else
            {
                declare(stmt, module);
            }
        }
        if (body.isEmpty() && null != lastConst)
        {
            // Tremor emits the value of a script that only declares constants
            body.add(new Exprs.Literal(script.span(), lastConst[0], lastConst[1]));
        }
        if (body.isEmpty())
        {
            throw new CompileError(script.span(), "No expressions were found in the script");
        }
        final Node root = body.size() == 1 ? body.get(0) : new Exprs.Block(script.span(), body);
        return new CompiledScript(source, root, layout, constants, warnings);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // modules

    static final class Module
    {
        final String name;
        final Map<String, long[]> consts = new HashMap<>();
        final Map<String, FnDecl> fns = new HashMap<>();
        final Map<String, Module> aliases = new HashMap<>();

        Module(final String name)
        {
            this.name = name;
        }
    }

    private static final class FnDecl
    {
        final String name;
        final Module module;
        final int argc;
        final boolean open;
        Stmt.Fn raw;
        Calls.Function compiled;
        String intrinsic;

        FnDecl(final String name, final Module module, final int argc, final boolean open)
        {
            this.name = name;
            this.module = module;
            this.argc = argc;
            this.open = open;
        }
    }

    private void declare(final Stmt stmt, final Module module)
    {
        switch (stmt)
        {
            case Stmt.Use use ->
            {
                for (final Stmt.UseTarget target : use.targets())
                {
                    final Module loaded = load(target.path(), use.span());
                    final String alias = null == target.alias() ? target.path().get(target.path().size() - 1) : target.alias();
                    module.aliases.put(alias, loaded);
                }
            }
            case Stmt.Const c ->
            {
                if (module.consts.containsKey(c.name()))
                {
                    throw new CompileError(c.span(), "Can't define the const `" + c.name() + "` twice", null,
                        c.span().start().line(), 0, 0);
                }
                if (!c.name().equals(c.name().toUpperCase(java.util.Locale.ROOT)))
                {
                    warn("consistency", c.span(), "const's are canonically written in UPPER_CASE");
                }
                final FrameLayout layout = new FrameLayout();
                final Scope scope = new Scope(layout, module, null);
                final Node node = expr(c.value(), scope);
                final long[] value = evaluate(node, layout, c.span());
                module.consts.put(c.name(), value);
                lastConst = value;
            }
            case Stmt.Fn f ->
            {
                if (module.fns.containsKey(f.name()))
                {
                    throw new CompileError(f.span(), "Can't define the function `" + f.name() + "` twice", null,
                        f.span().start().line(), 0, 0);
                }
                final FnDecl decl = new FnDecl(f.name(), module, f.args().size(), f.open());
                decl.raw = f;
                module.fns.put(f.name(), decl);
                compileFunction(decl);
            }
            case Stmt.Intrinsic i ->
            {
                final FnDecl decl = new FnDecl(i.name(), module, i.args().size(), i.open());
                decl.intrinsic = String.join("::", i.target());
                module.fns.put(i.name(), decl);
            }
            default ->
            {
                // trickle and troy definitions have no meaning in a script
            }
        }
    }

    private Module load(final List<String> path, final Span span)
    {
        final String name = String.join("::", path);
        final Module cached = modules.get(name);
        final int cycle = loading.indexOf(name);
        if (cycle >= 0)
        {
            final StringBuilder chain = new StringBuilder("Cyclic dependency detected: ");
            for (int i = cycle; i < loadingFiles.size(); i++)
            {
                chain.append(i > cycle ? " -> " : "").append(loadingFiles.get(i));
            }
            throw new CompileError(span, chain.toString());
        }
        if (null != cached)
        {
            return cached;
        }
        final String relative = String.join("/", path);
        for (final Path dir : modulePath)
        {
            // Tremor's module path resolves `a::b` to a/b.tremor, else a/b.troy (deployment modules with consts)
            Path file = dir.resolve(relative + ".tremor");
            if (!Files.isRegularFile(file))
            {
                file = dir.resolve(relative + ".troy");
            }
            if (Files.isRegularFile(file))
            {
                final String source;
                try
                {
                    source = Files.readString(file, StandardCharsets.UTF_8);
                }
                catch (final IOException ex)
                {
                    continue;
                }
                return declareModule(name, source, file, span);
            }
        }
        final String bundled = BundledModules.source(path);
        if (null != bundled)
        {
            return declareModule(name, bundled, BundledModules.file(path), span);
        }
        final StringBuilder message = new StringBuilder("Module `" + name + "` not found or not readable error in module path: ");
        for (final Path dir : modulePath)
        {
            message.append("\n                         - ").append(dir);
        }
        throw new CompileError(span, message.toString());
    }

    private Module declareModule(final String name, final String source, final Path file, final Span span)
    {
        final Module module = new Module(name);
        modules.put(name, module);
        final Script script;
        try
        {
            script = Parser.parseModule(source);
        }
        catch (final CompileError ex)
        {
            throw new CompileError(span, "Error in module " + name + ": " + ex.getMessage());
        }
        loading.add(name);
        loadingFiles.add(file);
        final boolean wasInModule = inModule;
        inModule = true;
        try
        {
            for (final Stmt stmt : script.statements())
            {
                declare(stmt, module);
            }
        }
        catch (final CompileError ex)
        {
            // the error's position is in the module's file: report it at the `use`, which the caller can render
            throw new CompileError(span, ex.getMessage(), ex.hint());
        }
        finally
        {
            inModule = wasInModule;
            loading.remove(loading.size() - 1);
            loadingFiles.remove(loadingFiles.size() - 1);
        }
        return module;
    }

    private Module resolveModule(final Module from, final List<String> path, final Span span)
    {
        Module current = from.aliases.get(path.get(0));
        if (null == current)
        {
            return load(path, span);
        }
        for (int i = 1; i < path.size(); i++)
        {
            final Module next = current.aliases.get(path.get(i));
            if (null == next)
            {
                final List<String> full = new ArrayList<>(List.of(current.name.split("::")));
                full.addAll(path.subList(i, path.size()));
                return load(full, span);
            }
            current = next;
        }
        return current;
    }

    private void compileFunction(final FnDecl decl)
    {
        final Stmt.Fn f = decl.raw;
        final Calls.Function fn = new Calls.Function(f.name(), decl.argc, decl.open);
        decl.compiled = fn;
        final Scope scope = new Scope(fn.layout(), decl.module, fn);
        for (int i = 0; i < f.args().size(); i++)
        {
            scope.locals.put(f.args().get(i), 2 * i);
        }
        final Node body;
        if (!f.cases().isEmpty())
        {
            final List<Node> args = new ArrayList<>();
            for (int i = 0; i < f.args().size(); i++)
            {
                args.add(new Paths.Read(f.span(), new Paths.Root(Paths.ROOT_LOCAL, 2 * i, f.args().get(i), null), List.of(),
                    scope.layout.allocate(2), false));
            }
            final Node target = new Exprs.ArrayLit(f.span(), args, scope.layout.allocate());
            body = match(f.span(), target, rebindArguments(f), scope);
        }
        else
        {
            body = block(f.span(), f.body(), scope);
        }
        fn.body(body);
    }

    /**
     * As Tremor does for {@code fn f(a, b) of case (...) => body}: each non-default case binds the matched tuple to a
     * hidden name and starts its body by assigning the arguments from it (so extractors in the tuple replace them).
     */
    private static List<Expr.Clause> rebindArguments(final Stmt.Fn f)
    {
        final String hidden = "__fn_assign_this_is_ugly";
        final List<Expr.Clause> out = new ArrayList<>();
        for (final Expr.Clause c : f.cases())
        {
            if (c.pattern() instanceof Pattern.DontCare)
            {
                out.add(c);
                continue;
            }
            final Span span = c.span();
            final List<Expr> body = new ArrayList<>();
            for (int i = 0; i < f.args().size(); i++)
            {
                final Expr.Path arg = new Expr.Path(PathRoot.LOCAL, List.of(), f.args().get(i), null, List.of(), span);
                final Expr.Path element = new Expr.Path(PathRoot.LOCAL, List.of(), hidden, null,
                    List.of(new Segment.IndexSegment(new Expr.IntLit(i, span), span)), span);
                body.add(new Expr.Let(arg, element, span));
            }
            body.addAll(c.body());
            out.add(new Expr.Clause(new Pattern.Assign(hidden, c.pattern(), c.pattern().span()), c.guard(), body, span));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // scopes

    static final class Scope
    {
        final FrameLayout layout;
        final Module module;
        final Calls.Function fn;
        final Map<String, Integer> locals = new HashMap<>();
        /** Non-null inside a select: where its aggregate calls are collected and what it may reference. */
        SelectScope select;
        /** Non-null where {@code args} is known at compile time (definitions' parameters): its constant value. */
        long[] argsConstant;
        /** Non-null in a window's script: the definition, for errors rendered over it. */
        Span windowDefinition;
        /** In a window's tick script: {@code event} and {@code $} do not exist. */
        boolean noEvent;

        Scope(final FrameLayout layout, final Module module, final Calls.Function fn)
        {
            this.layout = layout;
            this.module = module;
            this.fn = fn;
        }

        int local(final String name)
        {
            return locals.computeIfAbsent(name, n -> layout.allocate());
        }
    }

    private void warn(final String kind, final Span span, final String message)
    {
        if (!inModule)
        {
            warnings.add(new Warning(kind, span, message));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // constants

    private long constantString(final String text)
    {
        return strings.computeIfAbsent(text, t ->
        {
            final long[] out = new long[2];
            ctx.newConstantString(t, out, 0);
            return out[0];
        });
    }

    /** Runs a node at compile time and moves its value into the constant pool. */
    private long[] evaluate(final Node node, final FrameLayout layout, final Span span)
    {
        try
        {
            final long[] out = tryEvaluate(node, layout);
            return out;
        }
        catch (final ScriptError ex)
        {
            throw ex.toCompileError();
        }
    }

    private long[] tryEvaluate(final Node node, final FrameLayout layout)
    {
        scratch.reset();
        env.base = 0;
        env.resetScratch();
        final int at = layout.size();
        env.enterFrame(0, at + 2);
        node.execute(env, at);
        final long[] out = new long[2];
        ctx.copyTo(ValueDescriptor.STORE_CONSTANT, env.regs[at], env.regs[at + 1], out, 0);
        scratch.reset();
        return out;
    }

    /** Folds a node whose inputs are all literals into a literal; an error is a compile error, as in Tremor. */
    private Node fold(final Node node, final Scope scope)
    {
        try
        {
            final long[] v = tryEvaluate(node, scope.layout);
            return new Exprs.Literal(node.span(), v[0], v[1]);
        }
        catch (final ScriptError ex)
        {
            // Tremor's constant folder reports on the folded expression alone, without context lines
            final Span marked = node instanceof Exprs.Unary ? node.span() : ex.inner();
            throw new CompileError(marked, ex.getMessage(), null, marked.start().line(), 0, 0);
        }
    }

    /** A record literal whose keys are distinct constant strings: its block is filled in one step. */
    private Node constantKeyRecord(final Span span, final List<Node> keys, final List<Node> values, final Scope scope)
    {
        final long[] handles = new long[keys.size()];
        final long[] prefixes = new long[keys.size()];
        for (int i = 0; i < handles.length; i++)
        {
            handles[i] = ((Exprs.Literal)keys.get(i)).handle();
            prefixes[i] = ctx.keyPrefixOf(handles[i]);
        }
        return new Exprs.RecordLit(span, keys, values, scope.layout.allocate(Math.max(2, values.size())), handles,
            prefixes);
    }

    private static boolean allConstant(final List<Node> nodes)
    {
        for (final Node n : nodes)
        {
            if (!n.isConstant())
            {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // expressions

    private Node block(final Span span, final List<Expr> exprs, final Scope scope)
    {
        if (exprs.size() == 1)
        {
            return expr(exprs.get(0), scope);
        }
        final List<Node> nodes = new ArrayList<>();
        for (int k = 0; k < exprs.size(); k++)
        {
            if (k < exprs.size() - 1 && exprs.get(k) instanceof Expr.Recur r)
            {
                throw new CompileError(r.span(), "Can not recur from this location");
            }
            nodes.add(expr(exprs.get(k), scope));
        }
        return new Exprs.Block(span, nodes);
    }

    private Node expr(final Expr x, final Scope scope)
    {
        return switch (x)
        {
            case Expr.NullLit n -> new Exprs.Literal(n.span(), Values.NULL, 0);
            case Expr.BoolLit b -> new Exprs.Literal(b.span(), Values.BOOL, b.value() ? 1 : 0);
            case Expr.IntLit i -> new Exprs.Literal(i.span(), Values.unsignedHandle(i.value()), i.value());
            case Expr.FloatLit f -> new Exprs.Literal(f.span(), Values.FLOAT, Double.doubleToRawLongBits(f.value()));
            case Expr.StringLit s -> string(s, scope);
            case Expr.ListLit l ->
            {
                final List<Node> elements = new ArrayList<>();
                for (final Expr e : l.elements())
                {
                    elements.add(expr(e, scope));
                }
                final Node node = new Exprs.ArrayLit(l.span(), elements, scope.layout.allocate());
                yield allConstant(elements) ? fold(node, scope) : node;
            }
            case Expr.RecordLit r ->
            {
                final List<Node> keys = new ArrayList<>();
                final List<Node> values = new ArrayList<>();
                final Set<String> names = new HashSet<>();
                boolean distinct = true;
                for (final Expr.Field f : r.fields())
                {
                    keys.add(string(f.name(), scope));
                    values.add(expr(f.value(), scope));
                    final String name = f.name().constantText();
                    distinct &= null != name && names.add(name);
                }
                final Node node = distinct ? constantKeyRecord(r.span(), keys, values, scope) :
                    new Exprs.RecordLit(r.span(), keys, values, scope.layout.allocate(2), false);
                yield allConstant(keys) && allConstant(values) ? fold(node, scope) : node;
            }
            case Expr.Binary b ->
            {
                final Node lhs = expr(b.lhs(), scope);
                final Node rhs = expr(b.rhs(), scope);
                final Node node = b.op() == BinOp.AND || b.op() == BinOp.OR || b.op() == BinOp.XOR ?
                    new Exprs.Logical(b.span(), b.op(), lhs, rhs) :
                    new Exprs.Binary(b.span(), b.op(), lhs, rhs, scope.layout.allocate(2));
                yield lhs.isConstant() && rhs.isConstant() ? fold(node, scope) : node;
            }
            case Expr.Unary u ->
            {
                final Node operand = expr(u.operand(), scope);
                final Node node = new Exprs.Unary(u.span(), u.op(), operand);
                yield operand.isConstant() ? fold(node, scope) : node;
            }
            case Expr.Present p ->
            {
                final Node node = path(p.path(), scope, true);
                yield p.negated() ? new Exprs.Unary(p.span(), UnaryOp.NOT, node) : node;
            }
            case Expr.Path p -> path(p, scope, false);
            case Expr.Invoke i -> invoke(i, scope);
            case Expr.Recur r ->
            {
                if (null == scope.fn)
                {
                    throw new CompileError(r.span(), "Can not recur from this location");
                }
                final List<Node> args = new ArrayList<>();
                for (final Expr a : r.args())
                {
                    args.add(expr(a, scope));
                }
                yield new Calls.Recur(r.span(), args, scope.fn.argc(), scope.layout.allocate(Math.max(1, args.size())));
            }
            case Expr.Patch p ->
            {
                final Node target = expr(p.target(), scope);
                final List<Patching.Op> ops = new ArrayList<>();
                for (final Expr.PatchOperation op : p.operations())
                {
                    final String keyText = null == op.key() ? null : op.key().constantText();
                    ops.add(new Patching.Op(op.kind(), null == op.key() ? null : string(op.key(), scope),
                        null == op.to() ? null : string(op.to(), scope), null == op.value() ? null : expr(op.value(), scope),
                        op.span(), null == keyText ? null : new KeySite(constantString(keyText), keyText)));
                }
                yield new Patching.Patch(p.span(), target, ops, scope.layout.allocate(2 + 3 * ops.size()));
            }
            case Expr.Merge m ->
            {
                final Node target = expr(m.target(), scope);
                final Node spec = expr(m.spec(), scope);
                if (spec instanceof Exprs.RecordLit r && null != r.constantKeys())
                {
                    final List<String> texts = new ArrayList<>();
                    for (final long key : r.constantKeys())
                    {
                        texts.add(Paths.keyText(ctx, key));
                    }
                    yield new Patching.MergeFields(m.span(), target, r, texts);
                }
                yield new Patching.Merge(m.span(), target, spec, scope.layout.allocate());
            }
            case Expr.Match m -> match(m.span(), expr(m.target(), scope), m.clauses(), scope);
            case Expr.Comprehension c -> comprehension(c, scope);
            case Expr.Let l -> let(l, scope);
            case Expr.Drop d ->
            {
                if (null != scope.fn)
                {
                    throw new CompileError(d.span(), "Can not drop from this location");
                }
                yield new Exprs.Drop(d.span());
            }
            case Expr.Emit e when null != scope.fn -> throw new CompileError(e.span(), "Can not emit from this location");
            case Expr.Emit e -> new Exprs.Emit(e.span(), null == e.value() ? null : expr(e.value(), scope),
                null == e.port() ? null : constantText(e.port()));
            case Expr.BytesLit b -> bytes(b, scope);
        };
    }

    private Node bytes(final Expr.BytesLit b, final Scope scope)
    {
        final List<io.temblor.script.runtime.Bytes.Part> parts = new ArrayList<>();
        for (final Expr.BytesPart p : b.parts())
        {
            final String type = null == p.type() ? "" : p.type();
            final int kind;
            final boolean little;
            switch (type)
            {
                case "binary" ->
                {
                    kind = io.temblor.script.runtime.Bytes.BINARY;
                    little = false;
                }
                case "", "integer", "big", "unsigned", "unsigned_integer", "big_integer", "big_unsigned_integer" ->
                {
                    kind = io.temblor.script.runtime.Bytes.UNSIGNED;
                    little = false;
                }
                case "signed_integer", "big_signed_integer" ->
                {
                    kind = io.temblor.script.runtime.Bytes.SIGNED;
                    little = false;
                }
                case "little", "little_integer", "little_unsigned_integer" ->
                {
                    kind = io.temblor.script.runtime.Bytes.UNSIGNED;
                    little = true;
                }
                case "little_signed_integer" ->
                {
                    kind = io.temblor.script.runtime.Bytes.SIGNED;
                    little = true;
                }
                default -> throw new CompileError(p.span(), "Not a valid data type: '" + type.replace('_', '-') + "'");
            }
            if (p.bits() == 0 || p.bits() > 64)
            {
                throw new CompileError(p.span(), "negative bits or bits > 64 are are not allowed: " + p.bits());
            }
            final int bits = p.bits() > 0 ? (int)p.bits() : kind == io.temblor.script.runtime.Bytes.BINARY ? 0 : 8;
            parts.add(new io.temblor.script.runtime.Bytes.Part(expr(p.data(), scope), kind, little, bits, p.span()));
        }
        return new io.temblor.script.runtime.Bytes(b.span(), parts, scope.layout.allocate());
    }

    private static String constantText(final Expr.StringLit s)
    {
        final String text = s.constantText();
        if (null == text)
        {
            throw new CompileError(s.span(), "The expression isn't constant and can't be evaluated at compile time");
        }
        return text;
    }

    private Node string(final Expr.StringLit s, final Scope scope)
    {
        final String text = s.constantText();
        if (null != text)
        {
            return new Exprs.Literal(s.span(), constantString(text), 0);
        }
        final List<String> texts = new ArrayList<>();
        final List<Node> parts = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        for (final StringPart part : s.parts())
        {
            if (part instanceof StringPart.Text t)
            {
                current.append(t.text());
            }
            else if (part instanceof StringPart.Interpolation i)
            {
                final Node value = expr(i.expr(), scope);
                if (value instanceof Exprs.Literal lit && Values.type(lit.handle()) == ValueDescriptor.TYPE_STRING)
                {
                    // a constant string renders as its text: it joins the literal pieces around it
                    current.append(literalText(lit));
                    continue;
                }
                texts.add(current.toString());
                current.setLength(0);
                parts.add(value);
            }
        }
        texts.add(current.toString());
        if (parts.isEmpty())
        {
            return new Exprs.Literal(s.span(), constantString(texts.get(0)), 0);
        }
        final Node node = new Exprs.Interpolation(s.span(), texts, parts, scope.layout.allocate(parts.size()));
        return allConstant(parts) ? fold(node, scope) : node;
    }

    /** The text of a constant string literal. */
    private String literalText(final Exprs.Literal lit)
    {
        final byte[] bytes = new byte[ctx.stringLength(lit.handle())];
        ctx.stringBytes(lit.handle(), bytes, 0);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static CompileError windowError(final Scope scope, final Span inner, final String message)
    {
        final Span outer = scope.windowDefinition;
        return new CompileError(inner, message, null, outer.start().line(),
            Math.max(0, outer.end().line() - inner.end().line()), 0);
    }

    private Paths.Root root(final Expr.Path p, final Scope scope)
    {
        if (scope.noEvent && (p.root() == PathRoot.EVENT || p.root() == PathRoot.META))
        {
            throw windowError(scope, p.span(), "`" + (p.root() == PathRoot.EVENT ? "event" : "$") +
                "` isn't accessible in this context");
        }
        final SelectScope select = scope.select;
        if (null != select && null != select.eventNote && !select.inAggregate &&
            (p.root() == PathRoot.EVENT || p.root() == PathRoot.META))
        {
            throw new CompileError(p.span(), "References to `event` or `$` are not allowed in this context",
                select.eventNote, p.span().start().line(), 0, 0);
        }
        if (p.root() == PathRoot.ARGS && null != scope.argsConstant)
        {
            return new Paths.Root(Paths.ROOT_EXPR, 0, "args", new Exprs.Literal(p.span(), scope.argsConstant[0],
                scope.argsConstant[1]));
        }
        if (null != select && p.root() == PathRoot.GROUP)
        {
            return new Paths.Root(Paths.ROOT_EXPR, 0, "group", new io.temblor.script.runtime.QueryRefs.Group(p.span()));
        }
        if (null != select && p.root() == PathRoot.WINDOW)
        {
            return new Paths.Root(Paths.ROOT_EXPR, 0, "window", new io.temblor.script.runtime.QueryRefs.Window(p.span()));
        }
        return switch (p.root())
        {
            case EVENT -> new Paths.Root(Paths.ROOT_EVENT, 0, "event", null);
            case META -> new Paths.Root(Paths.ROOT_META, 0, "$", null);
            case STATE -> new Paths.Root(Paths.ROOT_STATE, 0, "state", null);
            case ARGS -> new Paths.Root(Paths.ROOT_ARGS, 0, "args", null);
            case LOCAL ->
            {
                final Integer slot = scope.locals.get(p.name());
                if (null != slot)
                {
                    yield new Paths.Root(Paths.ROOT_LOCAL, slot, p.name(), null);
                }
                final long[] c = scope.module.consts.get(p.name());
                if (null != c)
                {
                    yield new Paths.Root(Paths.ROOT_EXPR, 0, p.name(), new Exprs.Literal(p.span(), c[0], c[1]));
                }
                yield new Paths.Root(Paths.ROOT_LOCAL, scope.local(p.name()), p.name(), null);
            }
            case CONST ->
            {
                long[] c;
                try
                {
                    c = resolveModule(scope.module, p.module(), p.span()).consts.get(p.name());
                }
                catch (final CompileError ex)
                {
                    c = null;
                }
                if (null == c)
                {
                    throw new CompileError(p.span(), "The constant " + String.join("::", p.module()) + "::" + p.name() +
                        " (absolute path) is not defined.", null, p.span().start().line(), 0, 0);
                }
                yield new Paths.Root(Paths.ROOT_EXPR, 0, p.name(), new Exprs.Literal(p.span(), c[0], c[1]));
            }
            case EXPR -> new Paths.Root(Paths.ROOT_EXPR, 0, "", expr(p.base(), scope));
            case WINDOW, GROUP -> new Paths.Root(Paths.ROOT_EXPR, 0, "",
                new Exprs.Fail(p.span(), "Failed to initialize " + p.root().name().toLowerCase() + " constant"));
        };
    }

    private List<Paths.Seg> segments(final List<Segment> segments, final Scope scope)
    {
        final List<Paths.Seg> out = new ArrayList<>();
        for (final Segment s : segments)
        {
            switch (s)
            {
                case Segment.FieldSegment f -> out.add(new Paths.Seg(Paths.SEG_FIELD, constantString(f.name()), f.name(),
                    null, null, inner(f.span(), 1, 0)));
                case Segment.IndexSegment i ->
                {
                    if (i.index() instanceof Expr.StringLit str && null != str.constantText())
                    {
                        out.add(new Paths.Seg(Paths.SEG_FIELD, constantString(str.constantText()), str.constantText(), null,
                            null, inner(i.span(), 1, 1)));
                    }
                    else
                    {
                        out.add(new Paths.Seg(Paths.SEG_INDEX, 0, null, expr(i.index(), scope), null, inner(i.span(), 1, 1)));
                    }
                }
                case Segment.RangeSegment r -> out.add(new Paths.Seg(Paths.SEG_RANGE, 0, null, expr(r.start(), scope),
                    expr(r.end(), scope), inner(r.span(), 1, 1)));
            }
        }
        return out;
    }

    /** Tremor marks a segment without its delimiters ({@code .} before a field, the brackets around an index). */
    private static Span inner(final Span span, final int skipStart, final int skipEnd)
    {
        final Location s = span.start();
        final Location e = span.end();
        if (s.line() != e.line() || e.column() - s.column() <= skipStart + skipEnd)
        {
            return span;
        }
        return new Span(new Location(s.line(), s.column() + skipStart, s.offset() + skipStart),
            new Location(e.line(), e.column() - skipEnd, e.offset() - skipEnd));
    }

    private Node path(final Expr.Path p, final Scope scope, final boolean present)
    {
        final SelectScope select = scope.select;
        if (null != select && null != select.eventNote && !select.inAggregate && p.root() == PathRoot.EVENT &&
            null != select.text && !present)
        {
            // an expression of the group by clause, used in a windowed target, reads the group's value (as in Tremor)
            final int i = select.groupTexts.indexOf(select.text.apply(p.span()));
            if (i >= 0)
            {
                final Expr.Path group = new Expr.Path(PathRoot.GROUP, List.of(), "group", null,
                    List.of(new Segment.IndexSegment(new Expr.IntLit(i, p.span()), p.span())), p.span());
                return path(group, scope, false);
            }
        }
        final Paths.Root root = root(p, scope);
        final List<Paths.Seg> segs = segments(p.segments(), scope);
        if (root.kind() == Paths.ROOT_EXPR && segs.isEmpty() && !present)
        {
            return rootExpr(root);
        }
        final Node node = !present && segs.size() == 1 && segs.get(0).kind() == Paths.SEG_FIELD ?
            new Paths.FieldRead(p.span(), root, segs.get(0)) : new Paths.Read(p.span(), root, segs, scope.layout.allocate(3), present);
        if (root.kind() == Paths.ROOT_EXPR && rootExpr(root).isConstant() && segmentsConstant(segs))
        {
            return fold(node, scope);
        }
        return node;
    }

    private static Node rootExpr(final Paths.Root root)
    {
        return root.expr();
    }

    private static boolean segmentsConstant(final List<Paths.Seg> segs)
    {
        return segs.stream().allMatch(Paths.Seg::isConstant);
    }

    private Node let(final Expr.Let l, final Scope scope)
    {
        final Expr.Path target = l.target();
        final Span span = new Span(target.span().start(), l.span().end());
        if (null != scope.windowDefinition && (target.root() == PathRoot.EVENT || target.root() == PathRoot.META))
        {
            throw windowError(scope, span, "Can not assign to `" + (target.root() == PathRoot.EVENT ? "event" : "$") +
                "` here");
        }
        final Node value = expr(l.value(), scope);
        final Paths.Root root = switch (target.root())
        {
            case EVENT -> new Paths.Root(Paths.ROOT_EVENT, 0, "event", null);
            case META -> new Paths.Root(Paths.ROOT_META, 0, "$", null);
            case STATE -> new Paths.Root(Paths.ROOT_STATE, 0, "state", null);
            case LOCAL ->
            {
                if (!scope.locals.containsKey(target.name()) && scope.module.consts.containsKey(target.name()))
                {
                    throw new CompileError(span, "Can't assign to a constant expression");
                }
                yield new Paths.Root(Paths.ROOT_LOCAL, scope.local(target.name()), target.name(), null);
            }
            default -> throw new CompileError(span, "Can't assign to a constant expression");
        };
        for (final Segment s : target.segments())
        {
            if (s instanceof Segment.RangeSegment || (s instanceof Segment.IndexSegment i &&
                !(i.index() instanceof Expr.StringLit) && !(i.index() instanceof Expr.Path)))
            {
                throw new CompileError(s.span(), "It is not supported to assign value into an array");
            }
        }
        final List<Paths.Seg> segs = segments(target.segments(), scope);
        return new Paths.Assign(span, root, segs, value, scope.layout.allocate(1 + segs.size()));
    }

    private Node invoke(final Expr.Invoke i, final Scope scope)
    {
        if (!i.module().isEmpty() && "aggr".equals(i.module().get(0)) && null != scope.select)
        {
            return aggregate(i, scope);
        }
        final String name = String.join("::", i.module()) + "::" + i.fun();
        FnDecl decl;
        if (i.module().isEmpty())
        {
            decl = scope.module.fns.get(i.fun());
        }
        else
        {
            try
            {
                decl = resolveModule(scope.module, i.module(), i.span()).fns.get(i.fun());
            }
            catch (final CompileError ex)
            {
                decl = null;
            }
        }
        if (null == decl)
        {
            throw new CompileError(i.span(), "Call to undefined function " + name);
        }
        final List<Node> args = new ArrayList<>();
        for (final Expr a : i.args())
        {
            args.add(expr(a, scope));
        }
        if (null != decl.intrinsic)
        {
            final int arity = Stdlib.arity(decl.intrinsic, decl.argc, decl.open);
            if (arity >= 0 && arity != args.size())
            {
                // Tremor inlines an intrinsic without counting the arguments; its implementation then fails the call
                final int arityError = arity;
                final Node call = new Calls.Invoke(i.span(), (e, a, n, at) -> e.badArity(arityError), decl.intrinsic, args,
                    scope.layout.allocate(Math.max(1, args.size())));
                return allConstant(args) && Stdlib.isPure(decl.intrinsic) ? fold(call, scope) : call;
            }
        }
        else if (args.size() < decl.argc || (!decl.open && args.size() > decl.argc))
        {
            throw new CompileError(i.span(), "Bad arity for function " + name + "/" + decl.argc + " but was called with " +
                args.size() + " arguments");
        }
        final int tmp = scope.layout.allocate(Math.max(1, args.size()));
        if (null != decl.intrinsic)
        {
            Builtin builtin = Stdlib.lookup(decl.intrinsic);
            if (null == builtin)
            {
                throw new CompileError(i.span(), "Function " + decl.intrinsic + " is not implemented yet");
            }
            if (!args.isEmpty() && args.get(0) instanceof Exprs.Literal literal &&
                Values.type(literal.handle()) == ValueDescriptor.TYPE_STRING)
            {
                // e.g. a regex literal: compiled once, here, instead of on every call
                final byte[] text = new byte[ctx.stringLength(literal.handle())];
                ctx.stringBytes(literal.handle(), text, 0);
                final Builtin bound = Stdlib.bind(decl.intrinsic, new String(text, StandardCharsets.UTF_8));
                builtin = null == bound ? builtin : bound;
            }
            final String advice = Stdlib.warning(decl.intrinsic);
            if (null != advice)
            {
                warn("performance", i.span(), advice);
            }
            if (!Stdlib.isPure(decl.intrinsic))
            {
                impureCalls++;
            }
            final Node call = new Calls.Invoke(i.span(), builtin, decl.intrinsic, args, tmp);
            // Tremor's constant folder runs pure builtins on literal arguments at compile time
            return allConstant(args) && Stdlib.isPure(decl.intrinsic) ? fold(call, scope) : call;
        }
        return new Calls.Call(i.span(), decl.compiled, args, scope.layout, tmp, decl.module != scope.module);
    }

    private Node aggregate(final Expr.Invoke i, final Scope scope)
    {
        final SelectScope select = scope.select;
        if (select.inAggregate)
        {
            throw new CompileError(select.aggregateSpan, "Aggregates can not be called inside of aggregates");
        }
        final String name = String.join("::", i.module().subList(1, i.module().size())) + "::" + i.fun();
        if (!select.aggregatesAllowed)
        {
            throw new CompileError(i.span(), "Aggregate functions are not allowed in this context");
        }
        final int[] arity = select.arity.apply(name);
        if (null == arity)
        {
            throw new CompileError(i.span(), "Call to undefined function aggr::" + name);
        }
        if (i.args().size() < arity[0] || i.args().size() > arity[1])
        {
            // Tremor marks from the start of the select to the end of the call
            final Span marked = null == select.selectSpan ? i.span() : new Span(select.selectSpan.start(), i.span().end());
            throw new CompileError(marked, "Bad arity for function " + name + "/" + arity[0] + "..=" + arity[1] +
                " but was called with " + i.args().size() + " arguments", null, marked.start().line(), 0, 0);
        }
        select.aggregateSpan = i.span();
        final List<Node> args = new ArrayList<>();
        select.inAggregate = true;
        try
        {
            for (final Expr a : i.args())
            {
                args.add(expr(a, scope));
            }
        }
        finally
        {
            select.inAggregate = false;
        }
        final int index = select.calls.size();
        select.calls.add(new AggregateCall(name, args, i.span()));
        return new io.temblor.script.runtime.QueryRefs.Aggregate(i.span(), index);
    }

    /**
     * What a select's expressions may do, and the aggregate calls found in them.
     */
    static final class SelectScope
    {
        final List<AggregateCall> calls = new ArrayList<>();
        final java.util.function.Function<String, int[]> arity;
        boolean aggregatesAllowed;
        boolean inAggregate;
        /** Non-null when {@code event} and {@code $} may only appear inside aggregates: the note of the error. */
        String eventNote;
        /** The aggregate call whose arguments are being compiled. */
        Span aggregateSpan;
        /** The select statement. */
        Span selectSpan;
        /** The source text of a span (to recognise group by expressions in a windowed target), or null. */
        java.util.function.Function<Span, String> text;
        /** The source texts of the group by's expressions, in the order of the group's values. */
        List<String> groupTexts = List.of();

        SelectScope(final java.util.function.Function<String, int[]> arity)
        {
            this.arity = arity;
        }
    }

    /**
     * One aggregate call of a select.
     *
     * @param name the function, e.g. {@code stats::count}.
     * @param args the compiled arguments (evaluated per event in the select's frame).
     * @param span the call.
     */
    record AggregateCall(String name, List<Node> args, Span span)
    {
    }

    // ---------------------------------------------------------------------------------------------------------------
    // query support: one compiler instance compiles every expression of a query into one constant pool

    Module newModule(final Module parent)
    {
        final Module module = new Module("");
        if (null != parent)
        {
            module.consts.putAll(parent.consts);
            module.fns.putAll(parent.fns);
            module.aliases.putAll(parent.aliases);
        }
        return module;
    }

    void declareIn(final Stmt stmt, final Module module)
    {
        declare(stmt, module);
    }

    Node compileExpr(final Expr x, final Scope scope)
    {
        return expr(x, scope);
    }

    /** A script body: its statements' declarations go into {@code module}, the expressions form the tree. */
    Node compileBody(final List<Stmt> statements, final Span span, final Scope scope)
    {
        final List<Node> body = new ArrayList<>();
        for (final Stmt stmt : statements)
        {
            if (stmt instanceof Stmt.ExprStmt x)
            {
                body.add(expr(x.expr(), scope));
            }
            else
            {
                declare(stmt, scope.module);
            }
        }
        if (body.isEmpty())
        {
            throw new CompileError(span, "No expressions were found in the script");
        }
        return body.size() == 1 ? body.get(0) : new Exprs.Block(span, body);
    }

    /** Evaluates a compile-time expression (definition parameters) into the constant pool. */
    long[] constant(final Expr x, final Scope scope)
    {
        impureCalls = 0;
        final Node node = expr(x, scope);
        if (!node.isConstant() && impureCalls > 0)
        {
            throw new CompileError(x.span(), "The expression isn't constant and can't be evaluated at compile time");
        }
        return evaluate(node, scope.layout, x.span());
    }

    List<Path> modulePath()
    {
        return modulePath;
    }

    Arena constantPool()
    {
        return constants;
    }

    ValueContext context()
    {
        return ctx;
    }

    List<Warning> warningList()
    {
        return warnings;
    }

    long constantKey(final String text)
    {
        return constantString(text);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // match

    private Node match(final Span span, final Node target, final List<Expr.Clause> clauses, final Scope scope)
    {
        boolean seenDefault = false;
        for (final Expr.Clause c : clauses)
        {
            if (c.pattern() instanceof Pattern.DontCare && null == c.guard())
            {
                if (seenDefault)
                {
                    warn("behaviour", c.span(), "Any but the first `case _` statement are unreachable and will be ignored.");
                }
                seenDefault = true;
            }
            if (c.pattern() instanceof Pattern.RecordPattern r)
            {
                recordPatternWarnings(r);
            }
            else if (c.pattern() instanceof Pattern.Assign a && a.pattern() instanceof Pattern.RecordPattern r)
            {
                recordPatternWarnings(r);
            }
        }
        if (!seenDefault)
        {
            warn("behaviour", span, "This match expression has no default clause, if the other clauses do not cover all " +
                "possibilities this will lead to events being discarded with runtime errors.");
        }
        final List<Matching.Case> cases = new ArrayList<>();
        final List<Long> literals = new ArrayList<>();
        for (final Expr.Clause c : clauses)
        {
            // a binding of the whole case (x = pattern) is a shadow variable that lives until the case ends
            final String shadow = c.pattern() instanceof Pattern.Assign a ? a.name() : null;
            final Integer old = null == shadow ? null : scope.locals.put(shadow, scope.layout.allocate());
            final Matching.Pattern pattern = pattern(c.pattern(), scope);
            final Node guard = null == c.guard() ? null : expr(c.guard(), scope);
            cases.add(new Matching.Case(pattern, guard, block(c.span(), c.body(), scope)));
            if (null != shadow)
            {
                restore(scope, shadow, old);
            }
            if (literals.size() == cases.size() - 1 && null == guard && pattern instanceof Matching.Equals eq &&
                eq.value() instanceof Exprs.Literal lit && Values.type(lit.handle()) == ValueDescriptor.TYPE_STRING)
            {
                literals.add(lit.handle());
            }
        }
        final long[] handles = new long[literals.size()];
        final long[] prefixes = new long[handles.length];
        for (int i = 0; i < handles.length; i++)
        {
            handles[i] = literals.get(i);
            prefixes[i] = ctx.keyPrefixOf(handles[i]);
        }
        return new Matching.Match(span, target, cases, scope.layout.allocate(), handles, prefixes);
    }

    private void recordPatternWarnings(final Pattern.RecordPattern r)
    {
        final java.util.Set<String> extracted = new java.util.HashSet<>();
        for (final Pattern.FieldPredicate f : r.fields())
        {
            if (f instanceof Pattern.TildeEq t)
            {
                extracted.add(t.field());
            }
        }
        for (final Pattern.FieldPredicate f : r.fields())
        {
            if (f instanceof Pattern.Presence p && extracted.contains(p.field()))
            {
                warn("behaviour", r.span(), p.present() ?
                    "The field " + p.field() + " is checked with both present and another extractor, this is redundant as " +
                        "extractors imply presence. It may also overwrite the result of the extractor." :
                    "The field " + p.field() + " is checked with both absence and another extractor, this test can never be true.");
            }
        }
    }

    private Matching.Pattern pattern(final Pattern p, final Scope scope)
    {
        return switch (p)
        {
            case Pattern.DontCare d -> new Matching.Any(d.span());
            case Pattern.ExprPattern x -> new Matching.Equals(x.span(), expr(x.expr(), scope), scope.layout.allocate());
            case Pattern.Assign a ->
            {
                final Matching.Pattern inner = pattern(a.pattern(), scope);
                yield new Matching.Bind(a.span(), scope.local(a.name()), inner, scope.layout.allocate());
            }
            case Pattern.RecordPattern r -> recordPattern(r, scope);
            case Pattern.ArrayPattern a -> new Matching.ArrayPattern(a.span(), elements(a.elements(), scope),
                scope.layout.allocate(3));
            case Pattern.TuplePattern t -> new Matching.TuplePattern(t.span(), elements(t.elements(), scope), t.open(),
                scope.layout.allocate(2));
            case Pattern.Extract x -> extractor(x.test().extractor(), x.test().body(), x.span());
        };
    }

    /** Compiles an extractor and lets it keep its result keys in the constant pool. */
    private Extractor extractor(final String name, final String rule, final Span span)
    {
        final Extractor extractor = Extractor.compile(name, rule, span);
        extractor.intern(ctx);
        return extractor;
    }

    private Matching.Pattern recordPattern(final Pattern.RecordPattern r, final Scope scope)
    {
        final List<Matching.Field> fields = new ArrayList<>();
        for (final Pattern.FieldPredicate f : r.fields())
        {
            switch (f)
            {
                case Pattern.Presence p -> fields.add(new Matching.Field(p.present() ? Matching.Field.PRESENT :
                    Matching.Field.ABSENT, constantString(p.field()), null, null, null, 0));
                case Pattern.Compare c -> fields.add(new Matching.Field(Matching.Field.COMPARE, constantString(c.field()),
                    c.op(), expr(c.value(), scope), null, 0));
                case Pattern.Nested n ->
                {
                    final int type = n.pattern() instanceof Pattern.RecordPattern ? TYPE_RECORD : TYPE_ARRAY;
                    fields.add(new Matching.Field(Matching.Field.NESTED, constantString(n.field()), null, null,
                        pattern(n.pattern(), scope), type));
                }
                case Pattern.TildeEq t -> fields.add(new Matching.Field(Matching.Field.NESTED, constantString(t.field()), null,
                    null, extractor(t.test().extractor(), t.test().body(), t.test().span()), -1));
            }
        }
        return new Matching.RecordPattern(r.span(), fields, scope.layout.allocate(3));
    }

    private List<Matching.Element> elements(final List<Pattern.ElementPredicate> elements, final Scope scope)
    {
        final List<Matching.Element> out = new ArrayList<>();
        for (final Pattern.ElementPredicate e : elements)
        {
            switch (e)
            {
                case Pattern.IgnoreElement i -> out.add(new Matching.Element(null, null));
                case Pattern.ExprElement x -> out.add(new Matching.Element(expr(x.expr(), scope), null));
                case Pattern.RecordElement r -> out.add(new Matching.Element(null, recordPattern(r.pattern(), scope)));
                case Pattern.TildeElement t -> out.add(new Matching.Element(null,
                    extractor(t.test().extractor(), t.test().body(), t.test().span())));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // for

    private Node comprehension(final Expr.Comprehension c, final Scope scope)
    {
        if (null != c.fold())
        {
            warn("general", c.span(), "The `use <op>` syntax is experimental and may be deprecated or replaced");
        }
        final Node target = expr(c.target(), scope);
        final Node initial = null == c.initial() ? null : expr(c.initial(), scope);
        final int keySlot = scope.layout.allocate();
        final int valueSlot = scope.layout.allocate();
        final List<Comprehension.Case> cases = new ArrayList<>();
        for (final Expr.ForCase fc : c.cases())
        {
            final Integer oldKey = scope.locals.put(fc.key(), keySlot);
            final Integer oldValue = scope.locals.put(fc.value(), valueSlot);
            final Node guard = null == fc.guard() ? null : expr(fc.guard(), scope);
            final Node body = block(fc.span(), fc.body(), scope);
            restore(scope, fc.key(), oldKey);
            restore(scope, fc.value(), oldValue);
            cases.add(new Comprehension.Case(guard, body));
        }
        return new Comprehension(c.span(), target, cases, initial, c.fold(), keySlot, valueSlot, scope.layout.allocate(3));
    }

    private static void restore(final Scope scope, final String name, final Integer old)
    {
        if (null == old)
        {
            scope.locals.remove(name);
        }
        else
        {
            scope.locals.put(name, old);
        }
    }
}
