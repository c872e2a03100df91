package io.temblor.engine.pipeline;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tremor's troy conformance cases through the real launcher (issue 5, bar 1), each started in its own folder as
 * Tremor's runner does: every case of {@code tests/flows} passes {@code bin/temblor check flow.troy} (exit 0) and
 * deploys with {@code bin/temblor run flow.troy [--args config.json]}, running until its {@code exit} connector stops it
 * (exit 0, within 30 s); every case of {@code tests/flow_errors} fails {@code check} with exit 2 and the error rendered
 * as its {@code error.txt}. The cases of {@code engine/KNOWN_GAPS.md} must fail, all others pass, and at least 90% of
 * each folder.
 */
class FlowCliConformanceIT
{
    private static final Path ROOT = Path.of(System.getProperty("temblor.root", "..")).toAbsolutePath().normalize();

    record Run(int code, String stdout, String stderr)
    {
    }

    @Test
    void shouldCheckAndDeployTheConformanceCasesThroughTheLauncher() throws Exception
    {
        final Set<String> gaps = QueryConformanceTest.knownGaps();
        final List<String> failures = new ArrayList<>();
        for (final String folder : List.of("flows", "flow_errors"))
        {
            final List<Path> cases = FlowConformanceTest.cases(folder);
            int passed = 0;
            for (final Path dir : cases)
            {
                final String name = folder + "/" + dir.getFileName();
                final String problem = "flows".equals(folder) ? flow(dir) : flowError(dir);
                if (null == problem)
                {
                    passed++;
                }
                if (gaps.contains(name) && null == problem)
                {
                    failures.add(name + " passes now: take it off engine/KNOWN_GAPS.md");
                }
                else if (!gaps.contains(name) && null != problem)
                {
                    failures.add(name + ": " + problem);
                }
            }
            System.out.printf("bin/temblor check/run %s: %d/%d passed%n", folder, passed, cases.size());
            assertTrue(passed * 10 >= cases.size() * 9, folder + ": " + passed + "/" + cases.size() + " < 90%");
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static String flow(final Path dir) throws Exception
    {
        final Run check = run(dir, "check", "flow.troy");
        if (check.code() != 0)
        {
            return "check exit " + check.code() + ": " + check.stderr();
        }
        final List<String> args = new ArrayList<>(List.of("run", "flow.troy"));
        if (Files.isRegularFile(dir.resolve("config.json")))
        {
            args.addAll(List.of("--args", "config.json"));
        }
        final Run run = run(dir, args.toArray(new String[0]));
        if (run.code() != 0)
        {
            return "run exit " + run.code() + ": " + run.stderr();
        }
        if (run.stderr().contains("Exception") || run.stderr().contains("\tat "))
        {
            return "stack trace on stderr: " + run.stderr();
        }
        return null;
    }

    private static String flowError(final Path dir) throws Exception
    {
        final Run check = run(dir, "check", "flow.troy");
        if (check.code() != 2)
        {
            return "check exit " + check.code() + ", expected 2";
        }
        final String expected = QueryCases.normalise(Files.readString(dir.resolve("error.txt"), StandardCharsets.UTF_8));
        final String got = QueryCases.normalise(QueryCliConformanceIT.withoutWarnings(check.stderr()));
        return got.contains(expected) ? null : "expected:\n" + expected + "\ngot:\n" + got;
    }

    private static Run run(final Path dir, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("bin/temblor").toString());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        final File stderr = File.createTempFile("temblor-err", ".txt");
        final File stdout = File.createTempFile("temblor-out", ".txt");
        builder.redirectError(stderr);
        builder.redirectOutput(stdout);
        final Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            return new Run(-1, "", "timed out: bin/temblor " + String.join(" ", args) + " in " + dir);
        }
        final Run run = new Run(process.exitValue(), Files.readString(stdout.toPath()), Files.readString(stderr.toPath()));
        Files.delete(stderr.toPath());
        Files.delete(stdout.toPath());
        return run;
    }
}
