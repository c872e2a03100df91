package io.temblor.engine.cli;

import io.temblor.engine.runtime.ReplayPlan;
import io.temblor.engine.testing.JUnitReport;
import io.temblor.engine.testing.TestResult;
import io.temblor.offheap.journal.JournalSettings;
import io.temblor.offheap.journal.JournalWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code temblor test captures DIR [--report FILE]}: one case per folder of {@code DIR}, each holding a capture, a flow
 * ({@code flow.troy}, with {@code args.json} as its arguments when present) and the expected output
 * ({@code expected.json}, NDJSON), run as a deterministic replay ({@code replay --virtual-time --speed max --expect});
 * the capture is a {@code capture/} journal or, checked in as text, {@code capture.ndjson} in the format of
 * {@code capture cat} ({@code {"source", "ingest_ns", "frame"[, "encoding": "base64"]}} per line), turned into a
 * journal for the run. Prints a pass/fail line per case (a failure with the replay's diff or error), then
 * {@code N passed, M failed}; {@code --report FILE} writes JUnit XML. Exit 0 only when every case passes.
 */
final class CaptureTestsCommand
{
    static final String USAGE = "usage: temblor test captures DIR [--report FILE]";

    private CaptureTestsCommand()
    {
    }

    /** One case's outcome. */
    private record Outcome(String name, boolean passed, double seconds, String detail)
    {
    }

    /**
     * Runs {@code temblor test captures}.
     *
     * @param args the arguments after {@code captures}.
     * @param out standard output.
     * @param err standard error.
     * @return the exit code.
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        Path dir = null;
        Path report = null;
        for (int i = 0; i < args.length; i++)
        {
            if ("--report".equals(args[i]) && i + 1 < args.length)
            {
                report = Path.of(args[++i]);
            }
            else if (!args[i].startsWith("-") && null == dir)
            {
                dir = Path.of(args[i]);
            }
            else
            {
                err.println("temblor test captures: unexpected argument `" + args[i] + "`");
                err.println(USAGE);
                return Main.EXIT_USAGE;
            }
        }
        if (null == dir || !Files.isDirectory(dir))
        {
            err.println("temblor test captures: " + (null == dir ? "the folder of cases is missing" :
                "no folder of cases at " + dir));
            err.println(USAGE);
            return Main.EXIT_USAGE;
        }
        final List<Path> cases;
        try (Stream<Path> list = Files.list(dir))
        {
            cases = list.filter(p -> Files.isRegularFile(p.resolve("flow.troy"))).sorted(Comparator.naturalOrder())
                .toList();
        }
        catch (final IOException ex)
        {
            err.println("temblor test captures: cannot list " + dir + ": " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        if (cases.isEmpty())
        {
            err.println("temblor test captures: no case in " + dir + " (a case is a folder with flow.troy, capture/ or " +
                "capture.ndjson, and expected.json)");
            return Main.EXIT_USAGE;
        }
        final List<Outcome> outcomes = new ArrayList<>();
        for (final Path c : cases)
        {
            final Outcome outcome = runCase(c);
            outcomes.add(outcome);
            out.println(String.format(Locale.ROOT, "%s %s (%.2f s)", outcome.passed() ? "PASS" : "FAIL",
                outcome.name(), outcome.seconds()));
            if (!outcome.passed())
            {
                outcome.detail().lines().forEach(line -> out.println("    " + line));
            }
        }
        final long passed = outcomes.stream().filter(Outcome::passed).count();
        out.println(passed + " passed, " + (outcomes.size() - passed) + " failed");
        if (null != report)
        {
            try
            {
                final String suite = "captures." + dir.getFileName();
                JUnitReport.write(report, suite, outcomes.stream().map(o -> new TestResult(suite, o.name(),
                    o.passed() ? TestResult.Status.PASS : TestResult.Status.FAIL, o.detail(),
                    (long)(o.seconds() * 1e9))).toList());
            }
            catch (final IOException ex)
            {
                err.println("temblor test captures: cannot write --report " + report + ": " + ex.getMessage());
                return Main.EXIT_INVALID;
            }
        }
        return passed == outcomes.size() ? Main.EXIT_OK : Main.EXIT_INVALID;
    }

    private static Outcome runCase(final Path c)
    {
        final String name = c.getFileName().toString();
        final long start = System.nanoTime();
        Path temporary = null;
        try
        {
            final Path expected = c.resolve("expected.json");
            if (!Files.isRegularFile(expected))
            {
                return new Outcome(name, false, 0, "no expected.json in " + c);
            }
            Path capture = c.resolve("capture");
            if (!Files.isDirectory(capture))
            {
                final Path text = c.resolve("capture.ndjson");
                if (!Files.isRegularFile(text))
                {
                    return new Outcome(name, false, 0, "no capture/ or capture.ndjson in " + c);
                }
                temporary = Files.createTempDirectory("temblor-capture-");
                capture = temporary.resolve("capture");
                importText(text, capture);
            }
            final List<String> args = new ArrayList<>(List.of(capture.toString(), "--flow",
                c.resolve("flow.troy").toString(), "--virtual-time", "--speed", "max", "--expect", expected.toString(),
                "--quiet"));
            if (Files.isRegularFile(c.resolve("args.json")))
            {
                args.addAll(List.of("--args", c.resolve("args.json").toString()));
            }
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int code = ReplayCommand.run(args.toArray(new String[0]), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            final double seconds = (System.nanoTime() - start) / 1e9;
            if (code == Main.EXIT_OK)
            {
                return new Outcome(name, true, seconds, "");
            }
            final StringBuilder detail = new StringBuilder(err.toString(StandardCharsets.UTF_8));
            out.toString(StandardCharsets.UTF_8).lines().dropWhile(line -> !line.startsWith("expect:"))
                .filter(line -> !line.startsWith("expect: output differs")).forEach(line -> detail.append(line).append('\n'));
            return new Outcome(name, false, seconds, detail.toString().strip());
        }
        catch (final IOException | RuntimeException ex)
        {
            return new Outcome(name, false, (System.nanoTime() - start) / 1e9, ex.toString());
        }
        finally
        {
            if (null != temporary)
            {
                delete(temporary);
            }
        }
    }

    /**
     * Builds a journal from {@code capture cat} lines.
     *
     * @param text the NDJSON.
     * @param capture the journal's folder.
     * @throws IOException when the text cannot be read.
     * @throws IllegalArgumentException for a line that is not a record, with its line number.
     */
    static void importText(final Path text, final Path capture) throws IOException
    {
        final List<String> lines = Files.readAllLines(text, StandardCharsets.UTF_8);
        try (JournalWriter writer = JournalWriter.open(capture, JournalSettings.DEFAULT))
        {
            for (int i = 0; i < lines.size(); i++)
            {
                if (lines.get(i).isBlank())
                {
                    continue;
                }
                final Optional<Object> value = ReplayPlan.json(lines.get(i));
                if (value.isEmpty() || !(value.get() instanceof Map<?, ?> record) ||
                    !(record.get("source") instanceof String source) ||
                    !(record.get("ingest_ns") instanceof Long ingestNs) || !(record.get("frame") instanceof String frame))
                {
                    throw new IllegalArgumentException(text + ":" + (i + 1) +
                        ": expected {\"source\": \"...\", \"ingest_ns\": N, \"frame\": \"...\"}");
                }
                final byte[] bytes = "base64".equals(record.get("encoding")) ? Base64.getDecoder().decode(frame) :
                    frame.getBytes(StandardCharsets.UTF_8);
                writer.append(source, ingestNs, bytes, null);
            }
        }
    }

    private static void delete(final Path dir)
    {
        try (Stream<Path> walk = Files.walk(dir))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            // a temporary folder left behind
        }
    }
}
