package io.temblor.engine.testing;

import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.ast.Expr;
import io.temblor.script.ast.Stmt;
import io.temblor.script.ast.StringPart;
import io.temblor.script.compile.CompiledScript;
import io.temblor.script.compile.ScriptCompiler;
import io.temblor.script.error.CompileError;
import io.temblor.script.parser.Parser;
import io.temblor.script.runtime.ScriptInstance;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs tremor-script unit suites as {@code tremor test unit} does: every top-level {@code test::suite({"name",
 * "tags", "tests": [test::test({"name", "tags", "test": EXPR})...]})} of a file is found in the parsed script and each
 * test's {@code EXPR} is evaluated on its own (empty event, state and metadata), with the file's {@code use}, {@code fn}
 * and {@code const} statements in scope. A test passes when its value is {@code true}; {@code test::assert} returns
 * {@code [expected, got]} when they differ, which is shown. A runtime error fails that one test only.
 *
 * <p>Each test is compiled as the file itself with every suite blanked out except the test's expression, which keeps
 * its place (so error locations are the file's own) and is emitted. Not thread safe; one runner per run.
 */
public final class UnitTestRunner
{
    private static final String EMIT_PREFIX = "emit (";
    private static final String EMIT_SUFFIX = ");";

    private final List<Path> extraPath;
    private final TagFilter filter;
    private final PrintStream out;

    /**
     * Creates a runner.
     *
     * @param extraPath module folders searched after each file's own folder.
     * @param filter which tests run.
     * @param out where the per-test lines go.
     */
    public UnitTestRunner(final List<Path> extraPath, final TagFilter filter, final PrintStream out)
    {
        this.extraPath = List.copyOf(extraPath);
        this.filter = filter;
        this.out = out;
    }

    /**
     * The {@code .tremor} files a path stands for: the file itself, or every one under the folder, sorted.
     *
     * @param path a file or folder.
     * @return the files.
     * @throws TestSetupException when the path does not exist.
     */
    public static List<Path> files(final Path path)
    {
        if (Files.isRegularFile(path))
        {
            return List.of(path);
        }
        if (!Files.isDirectory(path))
        {
            throw new TestSetupException(path + ": no such file or folder");
        }
        try (Stream<Path> walk = Files.walk(path))
        {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".tremor"))
                .sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new TestSetupException(path + ": cannot list (" + ex.getMessage() + ")");
        }
    }

    /**
     * Runs every suite under a path.
     *
     * @param path a {@code .tremor} file or a folder of them.
     * @return one result per test, in order.
     */
    public List<TestResult> run(final Path path)
    {
        final Path base = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        final List<TestResult> results = new ArrayList<>();
        for (final Path file : files(path))
        {
            final List<String> folderTags = TagFilter.resolve(base, file.toAbsolutePath().getParent());
            runFile(file, folderTags, results);
        }
        return results;
    }

    /**
     * Runs the suites of one file, appending to {@code results}.
     *
     * @param file the file.
     * @param folderTags tags of its folders.
     * @param results where the results go.
     */
    public void runFile(final Path file, final List<String> folderTags, final List<TestResult> results)
    {
        final String source;
        try
        {
            source = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            report(results, new TestResult(file.toString(), file.getFileName().toString(), TestResult.Status.FAIL,
                "cannot read " + file + " (" + ex.getMessage() + ")", 0));
            return;
        }
        final List<Stmt> statements;
        try
        {
            statements = Parser.parseScript(source).statements();
        }
        catch (final CompileError ex)
        {
            if (source.contains("suite("))
            {
                report(results, new TestResult(file.toString(), file.getFileName().toString(),
                    TestResult.Status.FAIL, "does not compile:\n" + ex.render(source), 0));
            }
            return;
        }
        final List<Expr.Invoke> suites = new ArrayList<>();
        for (final Stmt stmt : statements)
        {
            if (stmt instanceof Stmt.ExprStmt es && es.expr() instanceof Expr.Invoke inv && isTestFn(inv, "suite"))
            {
                suites.add(inv);
            }
        }
        if (suites.isEmpty())
        {
            return;
        }
        out.println("file " + file);
        final List<Path> modulePath = new ArrayList<>();
        modulePath.add(file.toAbsolutePath().getParent());
        modulePath.addAll(extraPath);
        final byte[] blanked = blank(source, suites);
        for (final Expr.Invoke suite : suites)
        {
            runSuite(file, source, blanked, modulePath, suite, folderTags, results);
        }
    }

    private void runSuite(final Path file, final String source, final byte[] blanked, final List<Path> modulePath,
        final Expr.Invoke suite, final List<String> folderTags, final List<TestResult> results)
    {
        final Expr.RecordLit spec = suite.args().size() == 1 && suite.args().get(0) instanceof Expr.RecordLit r ? r : null;
        if (null == spec)
        {
            report(results, new TestResult(file.toString(), "suite at " + where(file, suite), TestResult.Status.FAIL,
                "test::suite takes one record {\"name\", \"tags\", \"tests\"}", 0));
            return;
        }
        final String suiteName = literal(field(spec, "name"), "suite at " + where(file, suite));
        final List<String> suiteTags = new ArrayList<>(folderTags);
        final Expr tests = field(spec, "tests");
        try
        {
            suiteTags.addAll(tags(source, blanked, modulePath, field(spec, "tags")));
        }
        catch (final TestSetupException ex)
        {
            report(results, new TestResult(suiteName, "tags", TestResult.Status.FAIL, ex.getMessage(), 0));
            return;
        }
        if (!(tests instanceof Expr.ListLit list))
        {
            report(results, new TestResult(suiteName, "tests", TestResult.Status.FAIL,
                where(file, suite) + ": the suite's \"tests\" must be a list of test::test({...})", 0));
            return;
        }
        for (final Expr item : list.elements())
        {
            if (!(item instanceof Expr.Invoke inv) || !isTestFn(inv, "test") || inv.args().size() != 1 ||
                !(inv.args().get(0) instanceof Expr.RecordLit test))
            {
                report(results, new TestResult(suiteName, "test at " + where(file, item), TestResult.Status.FAIL,
                    "not a test::test({\"name\", \"test\"}) call", 0));
                continue;
            }
            final String name = literal(field(test, "name"), "test at " + where(file, item));
            final List<String> testTags = new ArrayList<>(suiteTags);
            try
            {
                testTags.addAll(tags(source, blanked, modulePath, field(test, "tags")));
            }
            catch (final TestSetupException ex)
            {
                report(results, new TestResult(suiteName, name, TestResult.Status.FAIL, ex.getMessage(), 0));
                continue;
            }
            if (!filter.matches(testTags))
            {
                report(results, new TestResult(suiteName, name, TestResult.Status.SKIP, "", 0));
                continue;
            }
            final Expr body = field(test, "test");
            if (null == body)
            {
                report(results, new TestResult(suiteName, name, TestResult.Status.FAIL,
                    where(file, item) + ": the test has no \"test\" field", 0));
                continue;
            }
            final long start = System.nanoTime();
            final Outcome outcome = evaluate(source, blanked, modulePath, body);
            final long elapsed = System.nanoTime() - start;
            final String message;
            if (null != outcome.error)
            {
                message = outcome.error;
            }
            else if ("true".equals(outcome.json))
            {
                message = null;
            }
            else if (null != outcome.expected)
            {
                message = "expected " + outcome.expected + ", got " + outcome.got;
            }
            else
            {
                message = "the test's value is " + outcome.json + ", not true";
            }
            report(results, new TestResult(suiteName, name, null == message ? TestResult.Status.PASS :
                TestResult.Status.FAIL, null == message ? "" : message, elapsed));
        }
    }

    private void report(final List<TestResult> results, final TestResult result)
    {
        results.add(result);
        final String label = switch (result.status())
        {
            case PASS -> "PASS";
            case FAIL -> "FAIL";
            case SKIP -> "SKIP";
        };
        final StringBuilder line = new StringBuilder("  ").append(label).append(' ').append(result.suite())
            .append(" > ").append(result.name());
        if (!result.message().isEmpty())
        {
            line.append("\n      ").append(result.message().replace("\n", "\n      "));
        }
        out.println(line);
    }

    private List<String> tags(final String source, final byte[] blanked, final List<Path> modulePath, final Expr tags)
    {
        final List<String> result = new ArrayList<>();
        if (null == tags)
        {
            return result;
        }
        if (tags instanceof Expr.ListLit list)
        {
            boolean literal = true;
            for (final Expr e : list.elements())
            {
                final String text = e instanceof Expr.StringLit s ? text(s) : null;
                if (null == text)
                {
                    literal = false;
                    break;
                }
                result.add(text);
            }
            if (literal)
            {
                return result;
            }
            result.clear();
        }
        final Outcome outcome = evaluate(source, blanked, modulePath, tags);
        if (null != outcome.error || null == outcome.elements)
        {
            throw new TestSetupException("tags at " + tags.span() + ": " +
                (null != outcome.error ? outcome.error : "must be a list of strings, got " + outcome.json));
        }
        for (final String element : outcome.elements)
        {
            result.add(element.length() >= 2 && element.startsWith("\"") ? element.substring(1, element.length() - 1) :
                element);
        }
        return result;
    }

    /** The value of one expression of the file, with everything but the file's definitions blanked. */
    private static Outcome evaluate(final String source, final byte[] blanked, final List<Path> modulePath,
        final Expr expr)
    {
        final String isolated = isolate(source, blanked, expr.span().start().offset(), expr.span().end().offset());
        final CompiledScript compiled;
        try
        {
            compiled = ScriptCompiler.compile(isolated, modulePath);
        }
        catch (final CompileError ex)
        {
            final String rendered = ex.render(isolated);
            return Outcome.error(rendered.contains("undefined function test::") ?
                rendered + "\n(test::assert needs `use std::test;` at the top of the file, as in Tremor)" : rendered);
        }
        final byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        try (ScriptInstance instance = compiled.newInstance(); JsonParser parser = new JsonParser();
            ByteSink sink = new ByteSink())
        {
            if (parser.parse(empty, 0, empty.length) != JsonError.OK)
            {
                return Outcome.error("internal: cannot parse {}");
            }
            final int status = instance.run(parser.tape());
            if (status == ScriptInstance.ERROR)
            {
                return Outcome.error(instance.error().render(isolated));
            }
            if (status != ScriptInstance.EMIT)
            {
                return Outcome.error("the test's expression dropped the event");
            }
            final long handle = instance.valueHandle();
            final long bits = instance.valueBits();
            final String json = write(instance, handle, bits, sink);
            if (Values.type(handle) != ValueDescriptor.TYPE_ARRAY)
            {
                return new Outcome(json, null, null, null, null);
            }
            final ValueContext ctx = instance.context();
            final int length = ctx.length(handle);
            final List<String> elements = new ArrayList<>(length);
            final long[] regs = new long[2];
            for (int i = 0; i < length; i++)
            {
                ctx.element(handle, i, regs, 0);
                elements.add(write(instance, regs[0], regs[1], sink));
            }
            return new Outcome(json, null, length == 2 ? elements.get(0) : null, length == 2 ? elements.get(1) : null,
                elements);
        }
        catch (final RuntimeException ex)
        {
            return Outcome.error("internal error: " + ex);
        }
    }

    private static String write(final ScriptInstance instance, final long handle, final long bits, final ByteSink sink)
    {
        sink.reset();
        instance.write(handle, bits, sink);
        return new String(sink.toByteArray(), StandardCharsets.UTF_8);
    }

    /** The file with every suite (and the {@code ;} after it) turned into spaces; line breaks stay. */
    static byte[] blank(final String source, final List<Expr.Invoke> suites)
    {
        final byte[] text = source.getBytes(StandardCharsets.UTF_8);
        for (final Expr.Invoke suite : suites)
        {
            int i = suite.span().start().offset();
            final int end = Math.min(text.length, suite.span().end().offset());
            for (; i < end; i++)
            {
                text[i] = space(text[i]);
            }
            while (i < text.length && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
            {
                i++;
            }
            if (i < text.length && text[i] == ';')
            {
                text[i] = ' ';
            }
        }
        return text;
    }

    /**
     * The blanked file with {@code source[start, end)} put back in place and wrapped in {@code emit ( ... );}, written
     * into the blanks around it (there is always room: the suite's own call surrounds the expression). Offsets are
     * UTF-8 byte offsets, as the lexer's locations.
     */
    static String isolate(final String source, final byte[] blanked, final int start, final int end)
    {
        final byte[] text = blanked.clone();
        final byte[] original = source.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(original, start, text, start, end - start);
        int at = start - 1;
        for (int i = EMIT_PREFIX.length() - 1; i >= 0; i--)
        {
            while (at >= 0 && (text[at] == '\n' || text[at] == '\r'))
            {
                at--;
            }
            if (at < 0)
            {
                return EMIT_PREFIX + new String(original, start, end - start, StandardCharsets.UTF_8) + EMIT_SUFFIX;
            }
            text[at--] = (byte)EMIT_PREFIX.charAt(i);
        }
        int after = end;
        for (int i = 0; i < EMIT_SUFFIX.length(); i++)
        {
            while (after < text.length && (text[after] == '\n' || text[after] == '\r'))
            {
                after++;
            }
            if (after >= text.length)
            {
                return new String(text, StandardCharsets.UTF_8) + EMIT_SUFFIX.substring(i);
            }
            text[after++] = (byte)EMIT_SUFFIX.charAt(i);
        }
        return new String(text, StandardCharsets.UTF_8);
    }

    private static byte space(final byte c)
    {
        return c == '\n' || c == '\r' ? c : (byte)' ';
    }

    private static boolean isTestFn(final Expr.Invoke invoke, final String fun)
    {
        final List<String> module = invoke.module();
        return fun.equals(invoke.fun()) && !module.isEmpty() && "test".equals(module.get(module.size() - 1));
    }

    private static Expr field(final Expr.RecordLit record, final String name)
    {
        for (final Expr.Field field : record.fields())
        {
            if (name.equals(text(field.name())))
            {
                return field.value();
            }
        }
        return null;
    }

    private static String literal(final Expr expr, final String missing)
    {
        final String text = expr instanceof Expr.StringLit s ? text(s) : null;
        return null == text ? missing : text;
    }

    private static String text(final Expr.StringLit literal)
    {
        final StringBuilder text = new StringBuilder();
        for (final StringPart part : literal.parts())
        {
            if (!(part instanceof StringPart.Text t))
            {
                return null;
            }
            text.append(t.text());
        }
        return text.toString();
    }

    private static String where(final Path file, final Expr expr)
    {
        return file.getFileName() + ":" + expr.span().start();
    }

    /** What an expression evaluated to: its JSON, the two sides of an {@code [expected, got]} pair, or an error. */
    private record Outcome(String json, String error, String expected, String got, List<String> elements)
    {
        static Outcome error(final String message)
        {
            return new Outcome(null, message, null, null, null);
        }
    }
}
