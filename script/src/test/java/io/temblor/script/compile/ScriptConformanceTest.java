package io.temblor.script.compile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One dynamic test per case of Tremor's {@code tests/scripts}, {@code tests/script_runtime_errors} and
 * {@code tests/script_errors} (first line of the message) and {@code tests/script_warnings} (the warning messages). Cases listed in
 * {@code script/KNOWN_GAPS.md} must fail (so a newly passing case has to be taken off the list); all others must pass.
 * Prints the pass counts (and, with {@code -Dtemblor.script.showFailures=true}, why each case fails).
 */
class ScriptConformanceTest
{
    private static final Pattern GAP = Pattern.compile("^- `([^`]+)`");
    private static final boolean SHOW = Boolean.getBoolean("temblor.script.showFailures");
    private static final AtomicInteger SCRIPTS = new AtomicInteger();
    private static final AtomicInteger SCRIPTS_PASSED = new AtomicInteger();
    private static final AtomicInteger ERRORS = new AtomicInteger();
    private static final AtomicInteger ERRORS_PASSED = new AtomicInteger();
    private static final AtomicInteger ERRORS_RENDERED = new AtomicInteger();
    private static final AtomicInteger COMPILE = new AtomicInteger();
    private static final AtomicInteger COMPILE_PASSED = new AtomicInteger();
    private static final AtomicInteger COMPILE_RENDERED = new AtomicInteger();
    private static final AtomicInteger WARNINGS = new AtomicInteger();
    private static final AtomicInteger WARNINGS_PASSED = new AtomicInteger();
    private static final AtomicInteger WARNINGS_RENDERED = new AtomicInteger();

    static Set<String> knownGaps()
    {
        final Path file = Path.of("KNOWN_GAPS.md");
        final Set<String> gaps = new LinkedHashSet<>();
        if (!Files.isRegularFile(file))
        {
            return gaps;
        }
        try
        {
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                final Matcher m = GAP.matcher(line);
                if (m.find())
                {
                    gaps.add(m.group(1));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return gaps;
    }

    @TestFactory
    List<DynamicTest> shouldMatchTremorWhenRunningConformanceCases()
    {
        final Set<String> gaps = knownGaps();
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Path dir : ScriptCases.cases("tests/scripts"))
        {
            final String name = "scripts/" + dir.getFileName();
            tests.add(DynamicTest.dynamicTest(name, () ->
            {
                final ScriptCases.Outcome outcome = ScriptCases.runScript(dir);
                SCRIPTS.incrementAndGet();
                if (outcome.passed())
                {
                    SCRIPTS_PASSED.incrementAndGet();
                }
                check(name, outcome, gaps);
            }));
        }
        for (final Path dir : ScriptCases.cases("tests/script_runtime_errors"))
        {
            final String name = "script_runtime_errors/" + dir.getFileName();
            tests.add(DynamicTest.dynamicTest(name, () ->
            {
                final ScriptCases.Outcome outcome = ScriptCases.runError(dir);
                ERRORS.incrementAndGet();
                if (outcome.passed())
                {
                    ERRORS_PASSED.incrementAndGet();
                }
                if (outcome.renderedExactly())
                {
                    ERRORS_RENDERED.incrementAndGet();
                }
                check(name, outcome, gaps);
            }));
        }
        for (final Path dir : ScriptCases.cases("tests/script_errors"))
        {
            final String name = "script_errors/" + dir.getFileName();
            tests.add(DynamicTest.dynamicTest(name, () ->
            {
                final ScriptCases.Outcome outcome = ScriptCases.compileError(dir);
                COMPILE.incrementAndGet();
                if (outcome.passed())
                {
                    COMPILE_PASSED.incrementAndGet();
                }
                if (outcome.renderedExactly())
                {
                    COMPILE_RENDERED.incrementAndGet();
                }
                check(name, outcome, gaps);
            }));
        }
        for (final Path dir : ScriptCases.cases("tests/script_warnings"))
        {
            final String name = "script_warnings/" + dir.getFileName();
            tests.add(DynamicTest.dynamicTest(name, () ->
            {
                final ScriptCases.Outcome outcome = ScriptCases.warnings(dir);
                WARNINGS.incrementAndGet();
                if (outcome.passed())
                {
                    WARNINGS_PASSED.incrementAndGet();
                }
                if (outcome.renderedExactly())
                {
                    WARNINGS_RENDERED.incrementAndGet();
                }
                check(name, outcome, gaps);
            }));
        }
        return tests;
    }

    private static void check(final String name, final ScriptCases.Outcome outcome, final Set<String> gaps)
    {
        if (SHOW && !outcome.passed())
        {
            System.out.println("FAIL " + name + ": " + outcome.detail());
        }
        if (gaps.contains(name))
        {
            assertFalse(outcome.passed(), name + " passes now: take it off script/KNOWN_GAPS.md");
        }
        else
        {
            assertTrue(outcome.passed(), name + ": " + outcome.detail());
        }
    }

    @AfterAll
    static void printCounts()
    {
        System.out.printf("tremor-script conformance: scripts %d/%d passed; script_runtime_errors %d/%d messages match " +
            "(%d rendered byte-identically); script_errors %d/%d messages match (%d rendered byte-identically); " +
            "script_warnings %d/%d (%d rendered byte-identically)%n",
            SCRIPTS_PASSED.get(), SCRIPTS.get(), ERRORS_PASSED.get(), ERRORS.get(), ERRORS_RENDERED.get(),
            COMPILE_PASSED.get(), COMPILE.get(), COMPILE_RENDERED.get(), WARNINGS_PASSED.get(), WARNINGS.get(),
            WARNINGS_RENDERED.get());
    }
}
