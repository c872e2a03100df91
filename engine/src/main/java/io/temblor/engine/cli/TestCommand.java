package io.temblor.engine.cli;

import io.temblor.engine.testing.IntegrationRunner;
import io.temblor.engine.testing.JUnitReport;
import io.temblor.engine.testing.TagFilter;
import io.temblor.engine.testing.TestResult;
import io.temblor.engine.testing.TestSetupException;
import io.temblor.engine.testing.UnitTestRunner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code temblor test unit|integration|captures ...}: runs tremor-script unit suites ({@link UnitTestRunner}) or
 * integration folders in Tremor's layout, prints a line per test and {@code N passed, M failed} last, optionally
 * writes a JUnit XML report. Exit 0 only when at least one test ran and none failed (docs/testing.md).
 */
final class TestCommand
{
    private static final String USAGE = "usage: temblor test unit PATH [--tags a,b] [--exclude-tags c] [--report FILE]" +
        " [--path DIR]...\n" +
        "       temblor test integration DIR [--tags a,b] [--exclude-tags c] [--timeout 60s] [--report FILE]\n" +
        "                                    [--path DIR]...\n" +
        "       temblor test captures DIR";

    private TestCommand()
    {
    }

    /** Parsed options shared by the modes. */
    static final class Options
    {
        String target;
        String tags;
        String excludeTags;
        String report;
        String timeout;
        final List<Path> path = new ArrayList<>();
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0 || "--help".equals(args[0]) || "-h".equals(args[0]))
        {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? Main.EXIT_USAGE : Main.EXIT_OK;
        }
        final String mode = args[0];
        if ("captures".equals(mode))
        {
            return CaptureTestsCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (!"unit".equals(mode) && !"integration".equals(mode))
        {
            err.println("temblor test: unknown mode '" + mode + "' (unit, integration or captures)");
            err.println(USAGE);
            return Main.EXIT_USAGE;
        }
        final Options options = new Options();
        for (int i = 1; i < args.length; i++)
        {
            final String arg = args[i];
            final boolean valued = "--tags".equals(arg) || "--exclude-tags".equals(arg) || "--report".equals(arg) ||
                "--path".equals(arg) || "--timeout".equals(arg) || "--includes".equals(arg) || "--excludes".equals(arg);
            if (valued && i + 1 >= args.length)
            {
                err.println("temblor test: " + arg + " needs a value");
                err.println(USAGE);
                return Main.EXIT_USAGE;
            }
            switch (arg)
            {
                case "--tags", "--includes" -> options.tags = args[++i];
                case "--exclude-tags", "--excludes" -> options.excludeTags = args[++i];
                case "--report" -> options.report = args[++i];
                case "--path" -> options.path.add(Path.of(args[++i]));
                case "--timeout" -> options.timeout = args[++i];
                default ->
                {
                    if (arg.startsWith("-") || null != options.target)
                    {
                        err.println("temblor test: unexpected argument '" + arg + "'");
                        err.println(USAGE);
                        return Main.EXIT_USAGE;
                    }
                    options.target = arg;
                }
            }
        }
        if (null == options.target)
        {
            err.println("temblor test " + mode + ": missing " + ("unit".equals(mode) ? "PATH" : "DIR"));
            err.println(USAGE);
            return Main.EXIT_USAGE;
        }
        final TagFilter filter = new TagFilter(TagFilter.parseList(options.tags),
            TagFilter.parseList(options.excludeTags));
        final List<TestResult> results;
        try
        {
            results = "unit".equals(mode) ? unit(options, filter, out) : integration(options, filter, out, err);
        }
        catch (final TestSetupException ex)
        {
            err.println("temblor test " + mode + ": " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        if (null == results)
        {
            return Main.EXIT_USAGE;
        }
        return summary("temblor test " + mode + " " + options.target, results, options.report, out, err);
    }

    private static List<TestResult> unit(final Options options, final TagFilter filter, final PrintStream out)
    {
        final List<Path> path = new ArrayList<>(options.path);
        path.addAll(envPath());
        return new UnitTestRunner(path, filter, out).run(Path.of(options.target));
    }

    private static List<TestResult> integration(final Options options, final TagFilter filter, final PrintStream out,
        final PrintStream err)
    {
        final long timeoutNs = null == options.timeout ? IntegrationRunner.DEFAULT_TIMEOUT_NS :
            parseDurationNs(options.timeout);
        if (timeoutNs <= 0)
        {
            err.println("temblor test integration: --timeout needs a duration such as 60s, 500ms or 2m, got `" +
                options.timeout + "`");
            return null;
        }
        final List<Path> path = new ArrayList<>(options.path);
        return new IntegrationRunner(IntegrationRunner.launcher(), filter, timeoutNs, path, out)
            .run(Path.of(options.target));
    }

    /** A duration ({@code 60}, {@code 60s}, {@code 500ms}, {@code 2m}) in nanoseconds; -1 when malformed. */
    static long parseDurationNs(final String text)
    {
        final String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        final long unitNs;
        final String number;
        if (t.endsWith("ms"))
        {
            unitNs = 1_000_000L;
            number = t.substring(0, t.length() - 2);
        }
        else if (t.endsWith("s"))
        {
            unitNs = 1_000_000_000L;
            number = t.substring(0, t.length() - 1);
        }
        else if (t.endsWith("m"))
        {
            unitNs = 60_000_000_000L;
            number = t.substring(0, t.length() - 1);
        }
        else
        {
            unitNs = 1_000_000_000L;
            number = t;
        }
        try
        {
            final double value = Double.parseDouble(number);
            return value > 0 && value < 1e6 ? (long)(value * unitNs) : -1;
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    /** Prints the closing line, writes the report; the exit code. */
    static int summary(final String name, final List<TestResult> results, final String report, final PrintStream out,
        final PrintStream err)
    {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (final TestResult result : results)
        {
            switch (result.status())
            {
                case PASS -> passed++;
                case FAIL -> failed++;
                default -> skipped++;
            }
        }
        if (null != report)
        {
            try
            {
                JUnitReport.write(Path.of(report), name, results);
            }
            catch (final IOException ex)
            {
                err.println("temblor test: cannot write report " + report + " (" + ex.getMessage() + ")");
                failed++;
            }
        }
        if (passed + failed == 0)
        {
            err.println("temblor test: no test ran");
        }
        out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        out.flush();
        return failed == 0 && passed > 0 ? Main.EXIT_OK : Main.EXIT_INVALID;
    }

    /** The folders of {@code TREMOR_PATH}. */
    static List<Path> envPath()
    {
        final List<Path> path = new ArrayList<>();
        final String tremorPath = System.getenv("TREMOR_PATH");
        if (null != tremorPath)
        {
            for (final String dir : tremorPath.split(java.io.File.pathSeparator))
            {
                if (!dir.isBlank())
                {
                    path.add(Path.of(dir));
                }
            }
        }
        return path;
    }
}
