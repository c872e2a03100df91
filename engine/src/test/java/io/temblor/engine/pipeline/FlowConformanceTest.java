package io.temblor.engine.pipeline;

import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.compile.TroyCompiler;
import io.temblor.script.error.CompileError;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tremor's troy conformance cases: every case of {@code tests/flows} compiles and deploys its flow {@code main}
 * (with {@code config.json} as its arguments, as Tremor's {@code tests/flows.rs} does), with every connector and
 * pipeline it creates; every case of {@code tests/flow_errors} fails to compile with the error of its
 * {@code error.txt} (rendered, trimmed, as {@code tests/flow_error.rs} compares). The cases listed in
 * {@code engine/KNOWN_GAPS.md} (the same list {@link QueryConformanceTest} reads) must fail; at least 90% of each folder
 * must pass.
 */
class FlowConformanceTest
{
    private static final List<String> FOLDERS = List.of("flows", "flow_errors");
    private static final Map<String, AtomicInteger> PASSED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> TOTAL = new ConcurrentHashMap<>();

    private record Outcome(boolean passed, String detail)
    {
    }

    static List<Path> cases(final String folder)
    {
        final List<Path> out = new ArrayList<>();
        try (var dirs = Files.list(QueryCases.tremor().resolve("tests").resolve(folder)))
        {
            dirs.filter(d -> Files.isRegularFile(d.resolve("flow.troy"))).sorted().forEach(out::add);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out;
    }

    private static CompiledDeployment compile(final Path dir, final String source) throws IOException
    {
        final Path config = dir.resolve("config.json");
        final String args = Files.isRegularFile(config) ? Files.readString(config, StandardCharsets.UTF_8) : null;
        return TroyCompiler.compile(source, List.of(dir), QueryCases::arity, "main", args);
    }

    static Outcome flow(final Path dir) throws IOException
    {
        final String source = Files.readString(dir.resolve("flow.troy"), StandardCharsets.UTF_8);
        final CompiledDeployment deployment;
        try
        {
            deployment = compile(dir, source);
        }
        catch (final CompileError ex)
        {
            return new Outcome(false, "does not compile:\n" + ex.render(source));
        }
        if (deployment.flows().isEmpty())
        {
            return new Outcome(false, "deploys no flow");
        }
        for (final CompiledDeployment.Flow flow : deployment.flows())
        {
            for (final CompiledDeployment.Pipeline pipeline : flow.pipelines())
            {
                try (Pipeline ignored = new Pipeline(pipeline.query()))
                {
                    // the engine accepts the compiled pipeline
                }
            }
        }
        // as Tremor's tests/flows.rs: the deployment runs until its exit connector stops it, within 10 s
        final java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        final long code;
        try
        {
            final io.temblor.engine.runtime.FlowRuntime runtime = new io.temblor.engine.runtime.FlowRuntime(deployment,
                new java.io.ByteArrayInputStream(new byte[0]), new java.io.PrintStream(printed, true,
                StandardCharsets.UTF_8), dir);
            code = runtime.run(10_000_000_000L);
        }
        catch (final CompileError ex)
        {
            return new Outcome(false, "does not deploy:\n" + ex.render(source));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted");
        }
        if (code < 0)
        {
            return new Outcome(false, "did not stop through its exit connector within 10 s; printed:\n" + printed);
        }
        return new Outcome(true, "");
    }

    static Outcome flowError(final Path dir) throws IOException
    {
        final String source = Files.readString(dir.resolve("flow.troy"), StandardCharsets.UTF_8);
        final CompileError error;
        try
        {
            compile(dir, source);
            return new Outcome(false, "compiled without error");
        }
        catch (final CompileError ex)
        {
            error = ex;
        }
        final String expected = QueryCases.normalise(Files.readString(dir.resolve("error.txt"), StandardCharsets.UTF_8));
        final String got = QueryCases.normalise(error.render(source));
        return new Outcome(expected.equals(got), "expected:\n" + expected + "\ngot:\n" + got);
    }

    @TestFactory
    List<DynamicTest> shouldMatchTremorOnEveryFlowCase()
    {
        final Set<String> gaps = QueryConformanceTest.knownGaps();
        final List<DynamicTest> tests = new ArrayList<>();
        for (final String folder : FOLDERS)
        {
            final List<Path> cases = cases(folder);
            assertFalse(cases.isEmpty(), "no cases under " + QueryCases.tremor());
            for (final Path dir : cases)
            {
                final String name = folder + "/" + dir.getFileName();
                tests.add(DynamicTest.dynamicTest(name, () ->
                {
                    final Outcome outcome = "flows".equals(folder) ? flow(dir) : flowError(dir);
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
        for (final String folder : FOLDERS)
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
        System.out.printf("troy conformance: flows %s/%s, flow_errors %s/%s passed%n", PASSED.get("flows"),
            TOTAL.get("flows"), PASSED.get("flow_errors"), TOTAL.get("flow_errors"));
    }
}
