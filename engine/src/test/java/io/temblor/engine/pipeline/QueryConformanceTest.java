package io.temblor.engine.pipeline;

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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tremor's query conformance cases ({@code tests/queries}, {@code tests/query_errors},
 * {@code tests/query_runtime_errors}) in process, judged as Tremor's own runners judge them (see {@link QueryCases}).
 * The cases listed in {@code engine/KNOWN_GAPS.md} must fail (a case that starts passing has to come off the list);
 * every other case must pass; and at least 90% of each folder must pass.
 */
class QueryConformanceTest
{
    private static final Pattern GAP = Pattern.compile("^- `([^`]+)`");
    private static final Map<String, AtomicInteger> PASSED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> TOTAL = new ConcurrentHashMap<>();

    static Set<String> knownGaps()
    {
        final Path file = Path.of("KNOWN_GAPS.md");
        final Set<String> gaps = new LinkedHashSet<>();
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
    List<DynamicTest> shouldMatchTremorOnEveryQueryCase()
    {
        final Set<String> gaps = knownGaps();
        final List<DynamicTest> tests = new ArrayList<>();
        for (final String folder : List.of("queries", "query_errors", "query_runtime_errors"))
        {
            final List<Path> cases = QueryCases.cases(folder);
            assertFalse(cases.isEmpty(), "no cases under " + QueryCases.tremor());
            for (final Path dir : cases)
            {
                final String name = folder + "/" + dir.getFileName();
                tests.add(DynamicTest.dynamicTest(name, () ->
                {
                    final QueryCases.Outcome outcome = switch (folder)
                    {
                        case "query_errors" -> QueryCases.compileError(dir);
                        case "query_runtime_errors" -> QueryCases.run(dir, true);
                        default -> QueryCases.run(dir, false);
                    };
                    TOTAL.computeIfAbsent(folder, k -> new AtomicInteger()).incrementAndGet();
                    if (outcome.passed())
                    {
                        PASSED.computeIfAbsent(folder, k -> new AtomicInteger()).incrementAndGet();
                    }
                    if (gaps.contains(name))
                    {
                        assertFalse(outcome.passed(), name + " passes now: take it off engine/KNOWN_GAPS.md");
                    }
                    else
                    {
                        assertTrue(outcome.passed(), name + ": " + outcome.detail());
                    }
                }));
            }
        }
        for (final String folder : List.of("queries", "query_errors", "query_runtime_errors"))
        {
            tests.add(DynamicTest.dynamicTest(folder + " pass rate", () ->
            {
                final int passed = PASSED.getOrDefault(folder, new AtomicInteger()).get();
                final int total = TOTAL.getOrDefault(folder, new AtomicInteger()).get();
                assertTrue(total > 0 && passed * 10 >= total * 9, folder + ": " + passed + "/" + total + " < 90%");
            }));
        }
        return tests;
    }

    @AfterAll
    static void printCounts()
    {
        System.out.printf("trickle conformance: queries %s/%s, query_errors %s/%s, query_runtime_errors %s/%s passed%n",
            PASSED.get("queries"), TOTAL.get("queries"), PASSED.get("query_errors"), TOTAL.get("query_errors"),
            PASSED.get("query_runtime_errors"), TOTAL.get("query_runtime_errors"));
    }
}
