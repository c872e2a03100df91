package io.temblor.engine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Properties;

/**
 * Entry point of {@code bin/temblor}: dispatches subcommands. Exit codes: 0 success, 1 a checked input was invalid,
 * 2 usage or compile error, 3 an internal error; a flow run ends with its exit event's code, or 128 + the signal after
 * SIGINT/SIGTERM (docs/operations.md).
 */
public final class Main
{
    /** Success. */
    public static final int EXIT_OK = 0;
    /** Some input was invalid (e.g. {@code json check} found an invalid file). */
    public static final int EXIT_INVALID = 1;
    /** Bad usage, or a script that does not compile. */
    public static final int EXIT_USAGE = 2;
    /** Something broke inside Temblor. */
    public static final int EXIT_INTERNAL = 3;

    private Main()
    {
    }

    /**
     * Runs the command line and exits the JVM with its code.
     *
     * @param args command line arguments.
     */
    public static void main(final String[] args)
    {
        final int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs the command line without exiting, so tests can call it.
     *
     * @param args arguments.
     * @param out standard output.
     * @param err standard error.
     * @return the exit code.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0 || "--help".equals(args[0]) || "-h".equals(args[0]) || "help".equals(args[0]))
        {
            usage(out);
            return args.length == 0 ? EXIT_USAGE : EXIT_OK;
        }
        final String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try
        {
            return switch (args[0])
            {
                case "--version", "version" ->
                {
                    out.println("temblor " + version());
                    yield EXIT_OK;
                }
                case "json" -> JsonCommand.run(rest, out, err);
                case "run" -> RunCommand.run(rest, System.in, out, err);
                case "check" -> CheckCommand.run(rest, out, err);
                case "test" -> TestCommand.run(rest, out, err);
                case "replay" -> ReplayCommand.run(rest, out, err);
                case "capture" -> CaptureCommand.run(rest, out, err);
                default ->
                {
                    err.println("temblor: unknown command '" + args[0] + "' (try temblor --help)");
                    yield EXIT_USAGE;
                }
            };
        }
        catch (final RuntimeException ex)
        {
            err.println("temblor: internal error: " + ex);
            return EXIT_INTERNAL;
        }
    }

    static void usage(final PrintStream out)
    {
        out.println("temblor " + version() + " - event processing in the spirit of Tremor");
        out.println();
        out.println("usage: temblor <command> [args]");
        out.println();
        out.println("commands:");
        out.println("  json check FILE...    validate JSON files: one line per file, 'ok' or 'error: <message> at byte N'");
        out.println("  json fmt FILE         print FILE as compact JSON on stdout");
        out.println("  run SCRIPT.tremor [-i IN.ndjson|-] [--path DIR]...");
        out.println("                        run a tremor-script over one JSON event per line: emitted values on stdout,");
        out.println("                        runtime errors as {\"error\",\"event\"} lines on stderr (module path:");
        out.println("                        the script's folder, --path, then TREMOR_PATH; std and tremor are built in)");
        out.println("  run FLOW.troy [--args ARGS.json] [--path DIR]... [--api HOST:PORT | --no-api]");
        out.println("        [--log-format logfmt|json] [--log-level debug|info|warn|error]");
        out.println("                        run a deployment until its exit connector fires or SIGINT/SIGTERM (drains,");
        out.println("                        then exits with the exit event's code); HTTP API and Prometheus /metrics on");
        out.println("                        127.0.0.1:9898 unless --api/--no-api; logs on stderr (docs/operations.md)");
        out.println("  check [--path DIR]... FILE...");
        out.println("                        compile .tremor, .trickle and .troy files without running them: 'FILE: ok'");
        out.println("                        or 'FILE: error' per file, errors and warnings on stderr; exit 0 when all");
        out.println("                        compile, 2 otherwise (module path as for run)");
        out.println("  test unit PATH [--tags a,b] [--exclude-tags c] [--report FILE] [--path DIR]...");
        out.println("                        run test::suite unit suites of a .tremor file or folder (docs/testing.md)");
        out.println("  test integration DIR [--tags a,b] [--exclude-tags c] [--timeout 60s] [--report FILE]");
        out.println("                        run integration folders (config.troy, assert.yaml) through temblor run");
        out.println("  replay DIR --flow FLOW.troy | --to URL [--speed 1x|10x|max | --rate N/s] [--loop N]");
        out.println("        [--virtual-time] [--source-map CAPTURED=ALIAS] [--sink NAME] [--out F] [--expect F]");
        out.println("                        replay a capture into a flow's matching sources (or raw to tcp://, udp://,");
        out.println("                        aeron:), then a summary; see temblor replay --help");
        out.println("  test captures DIR [--report FILE]");
        out.println("                        a case per folder (capture/ or capture.ndjson, flow.troy, expected.json),");
        out.println("                        each replayed with --virtual-time --speed max and compared; JUnit XML report");
        out.println("  run FLOW.troy --capture DIR [--capture-roll daily|hourly|minutely] [--capture-retention 10GiB|7d]");
        out.println("                        record what every source receives into a capture journal");
        out.println("  capture info DIR      a capture's time range, records and bytes per source, files");
        out.println("  capture cat DIR [--from T] [--to T] [--source S] [--frames]");
        out.println("                        one JSON line per record ({source, ingest_ns, frame, meta}), or raw frames");
        out.println("  capture import FILE --out DIR [--rate N/s] [--source NAME] [--start T]");
        out.println("                        build a capture from NDJSON (a frame per line) or a pcap (TCP/UDP payloads)");
        out.println("  bench json [--quick] [--out DIR]");
        out.println("                        JMH, one run: Temblor's parser beside simdjson-java, Jackson, fastjson2;");
        out.println("                        writes perf-reports/json/<date>-<commit>/ (see temblor bench --help)");
        out.println("  bench pipeline [--quick] [--out DIR]");
        out.println("                        JMH, one run: rate-limit decisions of TokenBuckets beside Bucket4j at 1, 1 000");
        out.println("                        and 100 000 keys; writes perf-reports/pipeline/<date>-<commit>/");
        out.println("  bench report DIR      regenerate a run's report.md and charts from its results.json");
        out.println("  --version             print the version");
        out.println("  --help                this text");
    }

    static String version()
    {
        try (InputStream in = Main.class.getResourceAsStream("/io/temblor/engine/version.properties"))
        {
            if (in == null)
            {
                return "unknown";
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }
}
