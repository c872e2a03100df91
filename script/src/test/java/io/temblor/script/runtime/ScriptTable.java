package io.temblor.script.runtime;

import io.temblor.script.error.CompileError;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Table-driven script cases: every line of a table is one dynamic test, compiled and run with the real compiler and
 * interpreter (module path: Tremor's standard library). A line reads {@code expression [@ event] --> expected}:
 * <ul>
 * <li>{@code expression} is appended to the table's prelude (e.g. {@code use std::array;}) and is the script;</li>
 * <li>{@code event} is the JSON event (default {@code null}); values that come from the event are not constant, so
 * calls on them run (and fail) at run time, while calls on literals are folded (and fail) at compile time, as in
 * Tremor;</li>
 * <li>{@code expected} is the emitted value as compact JSON (compared as text, so key order, {@code 1} against
 * {@code 1.0} and number formatting count), {@code error: message} for a runtime error, {@code compile: message}
 * for a compile error, or {@code drop}. A message ending in {@code ...} is a prefix.</li>
 * </ul>
 * Blank lines and lines starting with {@code //} are skipped.
 */
public final class ScriptTable
{
    private static final String ARROW = " --> ";
    private static final String EVENT = " @ ";

    private ScriptTable()
    {
    }

    /**
     * The dynamic tests of a table.
     *
     * @param prelude text put before each expression (module imports).
     * @param table the cases, one per line.
     * @return one test per case.
     */
    public static Stream<DynamicTest> cases(final String prelude, final String table)
    {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final String raw : table.split("\n"))
        {
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("//"))
            {
                continue;
            }
            final int arrow = line.indexOf(ARROW);
            if (arrow < 0)
            {
                throw new IllegalArgumentException("no ' --> ' in case: " + line);
            }
            final String left = line.substring(0, arrow).strip();
            final String expected = line.substring(arrow + ARROW.length()).strip();
            final int at = left.lastIndexOf(EVENT);
            final String expr = at < 0 ? left : left.substring(0, at).strip();
            final String event = at < 0 ? "null" : left.substring(at + EVENT.length()).strip();
            tests.add(DynamicTest.dynamicTest(line, () -> check(prelude + " " + expr, event, expected)));
        }
        return tests.stream();
    }

    /**
     * Runs one case.
     *
     * @param script the script.
     * @param event the JSON event.
     * @param expected the expected outcome (see the class comment).
     */
    public static void check(final String script, final String event, final String expected)
    {
        final String actual;
        try
        {
            actual = TestScripts.run(script, event).get(0);
        }
        catch (final CompileError ex)
        {
            matches(expected, "compile: " + ex.getMessage(), script);
            return;
        }
        matches(expected, actual, script);
    }

    private static void matches(final String expected, final String actual, final String script)
    {
        if (expected.endsWith("...") && (expected.startsWith("error: ") || expected.startsWith("compile: ")))
        {
            final String prefix = expected.substring(0, expected.length() - 3);
            assertTrue(actual.startsWith(prefix), () -> script + "\n expected prefix: " + prefix + "\n but was: " + actual);
        }
        else
        {
            assertEquals(expected, actual, script);
        }
    }
}
