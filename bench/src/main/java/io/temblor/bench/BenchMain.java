package io.temblor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.temblor.bench.report.Compare;
import io.temblor.bench.report.ForkMerge;
import io.temblor.bench.report.ReportIndex;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Entry point of {@code bin/temblor bench}: runs JMH suites through JMH's Java API (with the GC profiler, raw results
 * as JSON) and writes each run's results, environment and generated report under perf-reports/, then regenerates the
 * index perf-reports/README.md. Runs on the main thread; JMH forks one JVM per benchmark, inheriting this JVM's flags.
 */
public final class BenchMain
{
    /** Exit status: success. */
    public static final int EXIT_OK = 0;
    /** Exit status: a benchmark or the report failed. */
    public static final int EXIT_FAILED = 1;
    /** Exit status: bad command line (unknown suite, option or missing argument). */
    public static final int EXIT_USAGE = 2;

    /** File name of the raw JMH results in a run directory. */
    public static final String RESULTS_FILE = "results.json";
    /** File name of the environment description in a run directory. */
    public static final String ENV_FILE = "env.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SuiteRegistry registry;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * A command runner over a registry.
     *
     * @param registry the suites.
     * @param out      normal output.
     * @param err      errors and usage on bad input.
     */
    public BenchMain(final SuiteRegistry registry, final PrintStream out, final PrintStream err)
    {
        this.registry = registry;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the benchmark command line and exits with its status.
     *
     * @param args {@code SUITE... [--quick] [--out DIR] [--include REGEX]}, {@code report DIR} or {@code --help}.
     */
    public static void main(final String[] args)
    {
        System.exit(new BenchMain(SuiteRegistry.standard(), System.out, System.err).run(args));
    }

    /**
     * Runs one command line.
     *
     * @param args the arguments.
     * @return {@link #EXIT_OK}, {@link #EXIT_FAILED} or {@link #EXIT_USAGE}.
     */
    public int run(final String[] args)
    {
        if (args.length > 0 && "compare".equals(args[0]))
        {
            return Compare.run(List.of(args).subList(1, args.length), out, err);
        }
        final List<String> names = new ArrayList<>();
        boolean quick = false;
        Path outRoot = null;
        String include = null;
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            switch (arg)
            {
                case "-h", "--help", "help" ->
                {
                    usage(out);
                    return EXIT_OK;
                }
                case "--quick" -> quick = true;
                case "--out", "--include" ->
                {
                    if (i + 1 >= args.length)
                    {
                        return usageError(arg + " needs an argument");
                    }
                    if ("--out".equals(arg))
                    {
                        outRoot = Paths.get(args[++i]);
                    }
                    else
                    {
                        include = args[++i];
                    }
                }
                default ->
                {
                    if (arg.startsWith("-"))
                    {
                        return usageError("unknown option " + arg);
                    }
                    names.add(arg);
                }
            }
        }
        if (names.isEmpty())
        {
            return usageError("no suite given");
        }
        if ("report".equals(names.get(0)))
        {
            return names.size() == 2 ? report(Paths.get(names.get(1))) : usageError("usage: report DIR");
        }
        final List<BenchSuite> suites;
        try
        {
            suites = registry.resolve(names);
        }
        catch (final IllegalArgumentException ex)
        {
            return usageError(ex.getMessage());
        }
        final Path root = outRoot != null ? outRoot : Environment.home().resolve("perf-reports");
        final RunSettings settings = RunSettings.of(quick, root.toAbsolutePath().normalize(), include);
        final long startNs = System.nanoTime();
        for (int i = 0; i < suites.size(); i++)
        {
            final BenchSuite suite = suites.get(i);
            if (suites.size() > 1)
            {
                out.println(progress(i, suites.size(), suite.name(), System.nanoTime() - startNs));
            }
            final int status = runSuite(suite, suite.settings(settings), args);
            if (status != EXIT_OK)
            {
                return status;
            }
        }
        if (suites.size() > 1)
        {
            out.printf(Locale.ROOT, "temblor bench: %d suites done in %.1f s; index %s%n", suites.size(),
                (System.nanoTime() - startNs) / 1e9, settings.outRoot().resolve(ReportIndex.README));
        }
        return EXIT_OK;
    }

    private int runSuite(final BenchSuite suite, final RunSettings settings, final String[] args)
    {
        final long startNs = System.nanoTime();
        try
        {
            final Map<String, Object> env = Environment.describe(Environment.home(), args);
            env.put("suite", suite.name());
            env.put("settings", settings.toMap());
            env.put("inputs", suite.inputs());
            env.put("rounds", suite.rounds());
            @SuppressWarnings("unchecked")
            final String shortCommit = (String)((Map<String, Object>)env.get("git")).get("shortCommit");
            final Path runDir = newRunDir(settings.outRoot().resolve(suite.name()), shortCommit, settings.quick());
            Files.createDirectories(runDir);
            out.println("temblor bench: suite " + suite.name() + " (" + settings.toMap().get("mode") + ") -> " + runDir);

            if (suite instanceof ProcessSuite process)
            {
                process.run(settings, runDir, out);
            }
            else
            {
                runJmh(suite, settings, runDir, env);
            }

            env.put("loadAverageEnd", Environment.loadAverage());
            env.put("wallSeconds", Math.round((System.nanoTime() - startNs) / 1e8) / 10.0);
            JSON.writeValue(runDir.resolve(ENV_FILE).toFile(), env);
            suite.report(runDir);
            suite.printSummary(runDir, out);
            ReportIndex.regenerate(settings.outRoot(), registry);
            out.printf("temblor bench: %s done in %.1f s; report %s%n",
                suite.name(), (System.nanoTime() - startNs) / 1e9, runDir.resolve("report.md"));
            return EXIT_OK;
        }
        catch (final RunnerException | IOException | RuntimeException ex)
        {
            err.println("temblor bench: suite " + suite.name() + " failed: " + ex);
            return EXIT_FAILED;
        }
    }

    private void runJmh(final BenchSuite suite, final RunSettings settings, final Path runDir,
        final Map<String, Object> env) throws RunnerException, IOException
    {
        final Path results = runDir.resolve(RESULTS_FILE);
        final List<Map<String, String>> rounds = suite.rounds().isEmpty() ? List.of(Map.of()) : suite.rounds();
        final List<List<String>> schedule = schedule(suite, settings);
        final List<JsonNode> parts = new ArrayList<>();
        int part = 0;
        for (int i = 0; i < rounds.size(); i++)
        {
            final Map<String, String> round = rounds.get(i);
            for (int pass = 0; pass < schedule.size(); pass++)
            {
                for (final String method : schedule.get(pass))
                {
                    if (rounds.size() > 1 || schedule.size() > 1)
                    {
                        out.println("temblor bench: round " + (i + 1) + " of " + rounds.size() + " " + round +
                            (schedule.size() > 1 ? ", fork " + (pass + 1) + " of " + schedule.size() + " " + method : ""));
                    }
                    final Path partResults = runDir.resolve("part-" + (++part) + ".json");
                    final ChainedOptionsBuilder options = new OptionsBuilder()
                        .forks(schedule.size() > 1 ? 1 : settings.forks())
                        .warmupIterations(settings.warmupIterations())
                        .warmupTime(TimeValue.milliseconds(settings.warmupMs()))
                        .measurementIterations(settings.iterations())
                        .measurementTime(TimeValue.milliseconds(settings.iterationMs()))
                        .addProfiler(GCProfiler.class)
                        .resultFormat(ResultFormatType.JSON)
                        .result(partResults.toString())
                        .shouldFailOnError(true);
                    suite.configure(options);
                    round.forEach(options::param);
                    final String pattern = method == null ? suite.includePattern() :
                        suite.includePattern() + Pattern.quote(method) + "$";
                    options.include(includePattern(pattern, settings.include()));
                    new Runner(options.build()).run();
                    JSON.readTree(partResults.toFile()).forEach(parts::add);
                    Files.delete(partResults);
                }
            }
        }
        JSON.writeValue(results.toFile(), ForkMerge.merge(parts));
        if (schedule.size() > 1)
        {
            final List<String> passes = new ArrayList<>();
            schedule.forEach(pass -> passes.add(String.join(" ", pass)));
            @SuppressWarnings("unchecked")
            final Map<String, Object> settingsMap = (Map<String, Object>)env.get("settings");
            settingsMap.put("interleaved", String.join(", ", passes));
        }
    }

    private int report(final Path runDir)
    {
        try
        {
            final Path env = runDir.resolve(ENV_FILE);
            if (!Files.isRegularFile(env) || !Files.isRegularFile(runDir.resolve(RESULTS_FILE)))
            {
                err.println("temblor bench report: " + runDir + " has no " + RESULTS_FILE + " and " + ENV_FILE);
                return EXIT_USAGE;
            }
            final String name = JSON.readTree(env.toFile()).path("suite").asText("");
            final BenchSuite suite = registry.find(name);
            if (suite == null)
            {
                err.println("temblor bench report: unknown suite '" + name + "' in " + env);
                return EXIT_USAGE;
            }
            suite.report(runDir);
            suite.printSummary(runDir, out);
            final Path root = runDir.toAbsolutePath().normalize().getParent().getParent();
            if (root != null && ReportIndex.isIndexRoot(root))
            {
                ReportIndex.regenerate(root, registry);
            }
            out.println("temblor bench: report written to " + runDir.resolve("report.md"));
            return EXIT_OK;
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("temblor bench report: failed: " + ex);
            return EXIT_FAILED;
        }
    }

    /**
     * JMH runs the union of its includes; a user filter must narrow the suite, so both are joined into one pattern.
     */
    /**
     * The JMH runs of one round: one pass per fork, each pass listing the methods to run with one fork each, in turn
     * (reversed every other pass); or a single pass of one JMH run ({@code null} method) over all the suite's
     * benchmarks with the configured forks, when the run is quick, has one fork, or the suite names no methods.
     */
    static List<List<String>> schedule(final BenchSuite suite, final RunSettings settings)
    {
        final List<String> methods = new ArrayList<>();
        for (final String method : suite.methods())
        {
            // the suite's pattern is a literal class-name prefix; unescaped it gives the benchmark's full name
            final String fullName = suite.includePattern().replace("^", "").replace("\\", "") + method;
            if (settings.include() == null || Pattern.compile(settings.include()).matcher(fullName).find())
            {
                methods.add(method);
            }
        }
        if (settings.quick() || settings.forks() < 2 || methods.size() < 2)
        {
            final List<String> single = new ArrayList<>();
            single.add(null);
            return List.of(single);
        }
        final List<List<String>> passes = new ArrayList<>();
        for (int pass = 0; pass < settings.forks(); pass++)
        {
            final List<String> order = new ArrayList<>(methods);
            if (pass % 2 == 1)
            {
                Collections.reverse(order);
            }
            passes.add(order);
        }
        return passes;
    }

    static String includePattern(final String suitePattern, final String userPattern)
    {
        return userPattern == null ? suitePattern : "^(?=.*(?:" + userPattern + ")).*(?:" + suitePattern + ")";
    }

    /**
     * The progress line before suite {@code index} (from 0) of {@code count}: its number, the time so far and, from
     * the second suite on, an estimate of the time left (the mean time of the suites done, times those left).
     */
    static String progress(final int index, final int count, final String name, final long elapsedNs)
    {
        final double elapsed = elapsedNs / 1e9;
        final String eta = index == 0 ? "ETA unknown" :
            String.format(Locale.ROOT, "ETA ~%.0f s", elapsed / index * (count - index));
        return String.format(Locale.ROOT, "temblor bench: === suite %d/%d: %s (elapsed %.0f s, %s) ===", index + 1,
            count, name, elapsed, eta);
    }

    static Path newRunDir(final Path suiteDir, final String shortCommit, final boolean quick)
    {
        final String base = LocalDate.now() + "-" + shortCommit + (quick ? "-quick" : "");
        Path dir = suiteDir.resolve(base);
        for (int n = 2; Files.exists(dir); n++)
        {
            dir = suiteDir.resolve(base + "-" + n);
        }
        return dir;
    }

    private int usageError(final String message)
    {
        err.println("temblor bench: " + message);
        usage(err);
        return EXIT_USAGE;
    }

    private void usage(final PrintStream stream)
    {
        stream.println("usage: temblor bench SUITE... [--quick] [--out DIR] [--include REGEX]");
        stream.println("       temblor bench report RUN_DIR     regenerate a run's report from its results.json + env.json");
        stream.println("       temblor bench compare RUN_A RUN_B [--out DIR] [--fail-on-regression]");
        stream.println("                                        change A -> B per benchmark, flagged beyond the noise");
        stream.println("suites:");
        for (final BenchSuite suite : registry.all())
        {
            stream.printf("  %-8s %s%n", suite.name(), suite.description());
        }
        stream.printf("  %-8s %s%n", SuiteRegistry.ALL, "every suite above, one after the other");
        stream.println("options:");
        stream.println("  --quick          no fork, short warm-up: a smoke run (under a minute a suite), not numbers to publish");
        stream.println("  --out DIR        reports root instead of <repo>/perf-reports (run goes to DIR/SUITE/DATE-COMMIT[-quick]/)");
        stream.println("  --include REGEX  only benchmarks (flows: flow folders) whose name matches REGEX (e.g. 'jackson|fastjson2')");
    }
}
