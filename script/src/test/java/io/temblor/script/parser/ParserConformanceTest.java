package io.temblor.script.parser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.temblor.script.ast.Script;
import io.temblor.script.error.CompileError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every Tremor script and module of the conformance suite parses; every syntax error of {@code tests/script_errors}
 * is reported where Tremor reports it.
 */
class ParserConformanceTest
{
    private static final String[] SYNTAX_MESSAGES = {
        "Found the token", "It looks like you forgot", "It looks like you have characters tailing", "An unexpected",
        "An invalid", "You have an interpolation without content"};

    /**
     * Cases Tremor's own test runner ({@code tests/script.rs} at SOURCE_COMMIT) does not list: they are written in the
     * retired {@code mod name with ... end} syntax that Tremor's parser rejects, so ours must reject them too.
     */
    private static final Set<String> RETIRED_CASES = Set.of(
        "fn_nest2_fib", "fn_nest2_abs_fib", "mod_nest2_const", "module", "mod_access_const");

    /**
     * Module files no script ever {@code use}s (the cases import {@code fib as lies}); they hold invalid syntax that
     * Tremor never sees.
     */
    private static final String UNUSED_MODULE = "lies.tremor";

    /**
     * A flow case Tremor's runner ({@code tests/flows.rs}) does not list: it uses a {@code config} section in a
     * pipeline definition, which the grammar does not have, so it must be rejected.
     */
    private static final String RETIRED_FLOW_CASE = "pipeline_basic";

    private static final AtomicInteger SYNTAX_CASES = new AtomicInteger();
    private static final AtomicInteger LOCATION_MATCHES = new AtomicInteger();
    private static final AtomicInteger RENDER_MATCHES = new AtomicInteger();
    private static final AtomicInteger QUERY_SYNTAX_CASES = new AtomicInteger();
    private static final AtomicInteger QUERY_LOCATION_MATCHES = new AtomicInteger();
    private static final AtomicInteger QUERY_RENDER_MATCHES = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> shouldParseEveryConformanceScript()
    {
        final List<Path> files = new ArrayList<>();
        for (final String folder : Conformance.SCRIPT_FOLDERS)
        {
            files.addAll(Conformance.files(folder, ".tremor"));
        }
        assertFalse(files.isEmpty(), "no conformance scripts found under " + Conformance.tremor());
        return files.stream().map(file -> DynamicTest.dynamicTest(Conformance.name(file), () ->
        {
            final String source = Conformance.read(file);
            final boolean isScript = "script.tremor".equals(file.getFileName().toString());
            if ((isScript && RETIRED_CASES.contains(file.getParent().getFileName().toString()))
                || UNUSED_MODULE.equals(file.getFileName().toString()))
            {
                assertThrows(CompileError.class, () -> Parser.parseScript(source), "Tremor rejects this file");
                return;
            }
            try
            {
                final Script script = isScript ? Parser.parseScript(source) : Parser.parseModule(source);
                assertFalse(script.statements().isEmpty());
            }
            catch (final CompileError error)
            {
                fail(error.render(source));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> shouldParseEveryStandardLibraryModule()
    {
        final List<Path> files = Conformance.files("tremor-script/lib", ".tremor");
        assertFalse(files.isEmpty());
        return files.stream().map(file -> DynamicTest.dynamicTest(Conformance.name(file), () ->
        {
            final String source = Conformance.read(file);
            try
            {
                assertNotNull(Parser.parseModule(source));
            }
            catch (final CompileError error)
            {
                fail(error.render(source));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> shouldParseEveryConformanceQueryAndDeployment()
    {
        final List<Path> files = new ArrayList<>();
        for (final String folder : List.of("tests/queries", "tests/query_runtime_errors", "tests/flows", "tremor-cli/tests"))
        {
            files.addAll(Conformance.files(folder, ".trickle"));
            files.addAll(Conformance.files(folder, ".troy"));
            files.addAll(Conformance.files(folder, ".tremor"));
        }
        assertFalse(files.isEmpty());
        return files.stream().map(file -> DynamicTest.dynamicTest(Conformance.name(file), () ->
        {
            final String source = Conformance.read(file);
            final String name = file.getFileName().toString();
            if ("flow.troy".equals(name) && RETIRED_FLOW_CASE.equals(file.getParent().getFileName().toString()))
            {
                assertThrows(CompileError.class, () -> Parser.parseDeploy(source), "Tremor rejects this file");
                return;
            }
            try
            {
                final Script parsed = switch (name)
                {
                    case "query.trickle" -> Parser.parseQuery(source);
                    case "flow.troy" -> Parser.parseDeploy(source);
                    default -> name.endsWith(".troy") && source.contains("deploy flow")
                        ? Parser.parseDeploy(source) : Parser.parseModule(source);
                };
                assertFalse(parsed.statements().isEmpty());
            }
            catch (final CompileError error)
            {
                fail(error.render(source));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> shouldReportQueryAndDeploymentSyntaxErrorsWhereTremorDoes()
    {
        final List<Path> cases = new ArrayList<>(Conformance.files("tests/query_errors", "error.txt"));
        cases.addAll(Conformance.files("tests/flow_errors", "error.txt"));
        return cases.stream()
            .filter(errorFile -> Files.exists(errorFile.resolveSibling("query.trickle"))
                || Files.exists(errorFile.resolveSibling("flow.troy")))
            .map(errorFile -> DynamicTest.dynamicTest(Conformance.name(errorFile.getParent()), () ->
            {
                final String expected = Conformance.read(errorFile).strip();
                final boolean query = Files.exists(errorFile.resolveSibling("query.trickle"));
                final String source = Conformance.read(errorFile.resolveSibling(query ? "query.trickle" : "flow.troy"));
                if (!isSyntaxError(expected))
                {
                    assertNotNull(query ? Parser.parseQuery(source) : Parser.parseDeploy(source), "semantic errors must parse");
                    return;
                }
                QUERY_SYNTAX_CASES.incrementAndGet();
                final int[] where = caret(expected);
                try
                {
                    if (query)
                    {
                        Parser.parseQuery(source);
                    }
                    else
                    {
                        Parser.parseDeploy(source);
                    }
                    fail("expected a syntax error at " + where[0] + ":" + where[1]);
                }
                catch (final CompileError error)
                {
                    final String rendered = error.render(source);
                    if (rendered.equals(expected))
                    {
                        QUERY_RENDER_MATCHES.incrementAndGet();
                    }
                    else if (Boolean.getBoolean("temblor.script.showRenderDiffs"))
                    {
                        System.out.println("--- " + errorFile.getParent().getFileName() + "\nexpected:\n" + expected
                            + "\nactual:\n" + rendered);
                    }
                    assertEquals(where[0] + ":" + where[1], error.caretLine() + ":" + error.caretColumn(), rendered);
                    QUERY_LOCATION_MATCHES.incrementAndGet();
                }
            }));
    }

    @TestFactory
    Stream<DynamicTest> shouldReportSyntaxErrorsWhereTremorDoes()
    {
        final List<Path> cases = Conformance.files("tests/script_errors", "error.txt");
        assertFalse(cases.isEmpty());
        return cases.stream()
            .filter(errorFile -> Files.exists(errorFile.resolveSibling("script.tremor")))
            .map(errorFile -> DynamicTest.dynamicTest(Conformance.name(errorFile.getParent()), () ->
            {
                final String expected = Conformance.read(errorFile).strip();
                final String source = Conformance.read(errorFile.resolveSibling("script.tremor"));
                if (!isSyntaxError(expected))
                {
                    assertNotNull(Parser.parseScript(source), "semantic error cases must parse");
                    return;
                }
                SYNTAX_CASES.incrementAndGet();
                final int[] where = caret(expected);
                try
                {
                    Parser.parseScript(source);
                    fail("expected a syntax error at " + where[0] + ":" + where[1]);
                }
                catch (final CompileError error)
                {
                    final String rendered = error.render(source);
                    if (rendered.equals(expected))
                    {
                        RENDER_MATCHES.incrementAndGet();
                    }
                    else if (Boolean.getBoolean("temblor.script.showRenderDiffs"))
                    {
                        System.out.println("--- " + errorFile.getParent().getFileName() + "\nexpected:\n" + expected
                            + "\nactual:\n" + rendered);
                    }
                    assertEquals(where[0] + ":" + where[1], error.caretLine() + ":" + error.caretColumn(), rendered);
                    LOCATION_MATCHES.incrementAndGet();
                }
            }));
    }

    @AfterAll
    static void printSummary()
    {
        if (SYNTAX_CASES.get() > 0)
        {
            System.out.printf("script_errors: %d syntax-error cases, %d at Tremor's line:column, %d rendered identically%n",
                SYNTAX_CASES.get(), LOCATION_MATCHES.get(), RENDER_MATCHES.get());
        }
        if (QUERY_SYNTAX_CASES.get() > 0)
        {
            System.out.printf("query_errors+flow_errors: %d syntax-error cases, %d at Tremor's line:column, %d rendered identically%n",
                QUERY_SYNTAX_CASES.get(), QUERY_LOCATION_MATCHES.get(), QUERY_RENDER_MATCHES.get());
        }
    }

    static boolean isSyntaxError(final String errorText)
    {
        final String firstMessage = errorText.lines()
            .filter(l -> l.matches("\\s+\\|\\s*\\^+ .*"))
            .findFirst()
            .orElse("");
        for (final String prefix : SYNTAX_MESSAGES)
        {
            if (firstMessage.contains("^ " + prefix))
            {
                return true;
            }
        }
        return false;
    }

    /** The line and column of the first {@code ^} marker of a rendered Tremor error. */
    static int[] caret(final String errorText)
    {
        int line = 0;
        for (final String text : errorText.lines().toList())
        {
            final java.util.regex.Matcher numbered = java.util.regex.Pattern.compile("^\\s*(\\d+) \\| ").matcher(text);
            if (numbered.find())
            {
                line = Integer.parseInt(numbered.group(1));
            }
            else if (text.matches("\\s+\\|\\s*\\^+.*"))
            {
                final int bar = text.indexOf('|');
                return new int[] {line, text.indexOf('^') - (bar + 2) + 1};
            }
        }
        return new int[] {0, 0};
    }
}
