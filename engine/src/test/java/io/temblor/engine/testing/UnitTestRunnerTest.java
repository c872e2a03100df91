package io.temblor.engine.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnitTestRunnerTest
{
    private static final String SUITE = """
        use std::test;
        use std::string;
        fn twice(x) with x * 2 end;
        const LIMIT = 10;
        test::suite({
          "name": "demo",
          "tags": ["demo"],
          "tests": [
            test::test({"name": "passes", "test": test::assert("passes", 4, twice(2))}),
            test::test({"name": "differs", "tags": ["slow"], "test": test::assert("differs", "a", string::uppercase("a"))}),
            test::test({"name": "errors", "test": 1 / 0}),
            test::test({"name": "const", "test": LIMIT == 10})
          ]
        });
        test::suite({
          "name": "other 💩",
          "tags": ["other"],
          "tests": [
            test::test({"name": "plain true", "test": true}),
            test::test({"name": "not a bool", "test": "yes"})
          ]
        });
        "not a suite";
        """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private List<TestResult> run(final TagFilter filter, final String source) throws IOException
    {
        Files.writeString(dir.resolve("all.tremor"), source);
        return new UnitTestRunner(List.of(), filter, new PrintStream(out, true, StandardCharsets.UTF_8)).run(dir);
    }

    private static TestResult find(final List<TestResult> results, final String name)
    {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldRunEachTestOnItsOwnWhenSuitesPassAndFail() throws IOException
    {
        final List<TestResult> results = run(TagFilter.ALL, SUITE);

        assertEquals(6, results.size(), out.toString(StandardCharsets.UTF_8));
        assertEquals(TestResult.Status.PASS, find(results, "passes").status());
        assertEquals(TestResult.Status.PASS, find(results, "const").status());
        assertEquals(TestResult.Status.PASS, find(results, "plain true").status());
        assertEquals("other 💩", find(results, "plain true").suite());
        final TestResult differs = find(results, "differs");
        assertEquals(TestResult.Status.FAIL, differs.status());
        assertEquals("expected \"a\", got \"A\"", differs.message());
        final TestResult errors = find(results, "errors");
        assertEquals(TestResult.Status.FAIL, errors.status());
        assertTrue(errors.message().contains("non zero RHS"), errors.message());
        assertTrue(find(results, "not a bool").message().contains("\"yes\", not true"));
        final String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("PASS demo > passes"), printed);
        assertTrue(printed.contains("FAIL demo > differs\n      expected \"a\", got \"A\""), printed);
    }

    @Test
    void shouldSkipTestsWhenTagsExcludeOrDoNotInclude() throws IOException
    {
        final List<TestResult> excluded = run(new TagFilter(Set.of(), Set.of("slow")), SUITE);
        assertEquals(TestResult.Status.SKIP, find(excluded, "differs").status());
        assertEquals(TestResult.Status.PASS, find(excluded, "passes").status());

        final List<TestResult> included = run(new TagFilter(Set.of("other"), Set.of()), SUITE);
        assertEquals(TestResult.Status.SKIP, find(included, "passes").status());
        assertEquals(TestResult.Status.PASS, find(included, "plain true").status());
    }

    @Test
    void shouldUseFolderTagsWhenTagsYamlPresent() throws IOException
    {
        Files.writeString(dir.resolve("tags.yaml"), "[\"unit\", \"stdlib\"]\n");
        final List<TestResult> results = run(new TagFilter(Set.of("stdlib"), Set.of()), SUITE);
        assertEquals(0, results.stream().filter(r -> r.status() == TestResult.Status.SKIP).count());
    }

    @Test
    void shouldHintAtUseStdTestWhenAssertIsUndefined() throws IOException
    {
        final List<TestResult> results = run(TagFilter.ALL, SUITE.replace("use std::test;", ""));
        assertTrue(find(results, "passes").message().contains("use std::test;"), find(results, "passes").message());
    }

    @Test
    void shouldFailTheFileWhenASuiteFileDoesNotParse() throws IOException
    {
        final List<TestResult> results = run(TagFilter.ALL, "use std::test;\ntest::suite({\"name\": \"x\", \"tests\": [}\n");
        assertEquals(1, results.size());
        assertEquals(TestResult.Status.FAIL, results.get(0).status());
        assertTrue(results.get(0).message().contains("does not compile"), results.get(0).message());
    }

    @Test
    void shouldFailATestWhenItIsNotATestCall() throws IOException
    {
        final List<TestResult> results = run(TagFilter.ALL,
            "use std::test;\ntest::suite({\"name\": \"s\", \"tests\": [ 1 ]});\n");
        assertEquals(1, results.size());
        assertTrue(results.get(0).message().contains("not a test::test"), results.get(0).message());
    }

    @Test
    void shouldRejectAMissingPath()
    {
        final TestSetupException ex = assertThrows(TestSetupException.class,
            () -> UnitTestRunner.files(dir.resolve("nope")));
        assertTrue(ex.getMessage().contains("no such file or folder"), ex.getMessage());
    }
}
