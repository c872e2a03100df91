package io.temblor.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tremor's query conformance cases through the real launcher, {@code bin/temblor run QUERY.trickle -i IN} (issue 4,
 * bar 2): every event leaving by {@code out} is a compact JSON line on standard output, compared in order with
 * {@code out}; a query that does not compile exits 2 with the rendered error on standard error, compared with
 * {@code error.txt} (or {@code error.re}, whose message must appear in it); an event that fails prints its rendered error
 * on standard error, compared with {@code error.txt}. No stack traces, ever. The cases of {@code engine/KNOWN_GAPS.md}
 * must fail, all others pass, and at least 90% of each folder.
 */
class QueryCliConformanceIT
{
    private static final Path ROOT = Path.of(System.getProperty("temblor.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int code, String stdout, String stderr)
    {
    }

    @Test
    void shouldPassTheConformanceCasesThroughTheLauncher() throws Exception
    {
        final Set<String> gaps = QueryConformanceTest.knownGaps();
        final List<String> failures = new ArrayList<>();
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        try
        {
            for (final String folder : List.of("queries", "query_errors", "query_runtime_errors"))
            {
                final List<Path> cases = QueryCases.cases(folder);
                final List<Future<String>> verdicts = new ArrayList<>();
                for (final Path dir : cases)
                {
                    verdicts.add(pool.submit(() -> judge(folder, dir)));
                }
                int passed = 0;
                for (int i = 0; i < cases.size(); i++)
                {
                    final String name = folder + "/" + cases.get(i).getFileName();
                    final String problem = verdicts.get(i).get(5, TimeUnit.MINUTES);
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
                System.out.printf("bin/temblor run %s: %d/%d passed%n", folder, passed, cases.size());
                assertTrue(passed * 10 >= cases.size() * 9, folder + ": " + passed + "/" + cases.size() + " < 90%");
            }
        }
        finally
        {
            pool.shutdownNow();
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static String judge(final String folder, final Path dir) throws Exception
    {
        final Path in = Files.isRegularFile(dir.resolve("in")) ? dir.resolve("in") : Path.of("/dev/null");
        final Run raw = run(dir.resolve("query.trickle"), in);
        final Run run = new Run(raw.code(), raw.stdout(), withoutWarnings(raw.stderr()));
        if (run.stderr().contains("Exception") || run.stderr().contains("\tat "))
        {
            return "stack trace on stderr: " + run.stderr();
        }
        if ("query_errors".equals(folder))
        {
            if (run.code() != 2)
            {
                return "exit " + run.code() + ", expected 2";
            }
            final Path re = dir.resolve("error.re");
            if (Files.isRegularFile(re))
            {
                final String regex = Files.readString(re, StandardCharsets.UTF_8).strip().replaceFirst("^\\^", "");
                return Pattern.compile(regex, Pattern.MULTILINE).matcher(run.stderr()).find() ? null :
                    "stderr does not match " + regex + ": " + run.stderr();
            }
            final String expected = QueryCases.normalise(Files.readString(dir.resolve("error.txt"), StandardCharsets.UTF_8));
            final String got = QueryCases.normalise(run.stderr());
            return expected.equals(got) ? null : "expected:\n" + expected + "\ngot:\n" + got;
        }
        if (!run.stderr().isBlank())
        {
            final Path errorFile = dir.resolve("error.txt");
            final String expected = Files.isRegularFile(errorFile) ?
                QueryCases.normalise(Files.readString(errorFile, StandardCharsets.UTF_8)) : null;
            if (!"query_runtime_errors".equals(folder) || null == expected ||
                !QueryCases.normalise(run.stderr()).contains(expected))
            {
                return "unexpected stderr: " + run.stderr();
            }
        }
        final List<JsonNode> got = new ArrayList<>();
        for (final String line : run.stdout().split("\n"))
        {
            if (!line.isBlank())
            {
                got.add(JSON.readTree(line));
            }
        }
        final List<JsonNode> expected = QueryCases.values(dir.resolve("out"));
        return expected.equals(got) ? null : "expected " + expected + "\ngot " + got;
    }

    /** Standard error without the rendered compile warnings (Tremor prints them too; the cases do not record them). */
    static String withoutWarnings(final String stderr)
    {
        final StringBuilder out = new StringBuilder();
        boolean inWarning = false;
        for (final String line : stderr.split("\n", -1))
        {
            if (line.startsWith("Warning("))
            {
                inWarning = true;
                continue;
            }
            if (inWarning && line.matches("^\\s+(\\d+ )?\\|.*"))
            {
                continue;
            }
            inWarning = false;
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static Run run(final Path query, final Path in) throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("bin/temblor").toString(), "run", query.toString(),
            "-i", in.toString());
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        final File stderr = File.createTempFile("temblor-err", ".txt");
        final File stdout = File.createTempFile("temblor-out", ".txt");
        builder.redirectError(stderr);
        builder.redirectOutput(stdout);
        final Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("bin/temblor run timed out on " + query);
        }
        final Run run = new Run(process.exitValue(), Files.readString(stdout.toPath()), Files.readString(stderr.toPath()));
        Files.delete(stderr.toPath());
        Files.delete(stdout.toPath());
        return run;
    }
}
