package io.temblor.bench.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.temblor.bench.BenchMain;
import io.temblor.bench.Environment;
import io.temblor.bench.ProcessSuite;
import io.temblor.bench.RunSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code peers} suite: a syslog pipeline (RFC 5424 over TCP on loopback, one message a line, to JSON lines in a
 * file) run by rsyslog, syslog-ng and Temblor in the same run, each pinned to one core with the load generator on
 * another; reported by {@link PeersReport}.
 */
public final class PeersSuite implements ProcessSuite
{
    /** Subjects in run order. */
    public static final List<String> SUBJECTS = List.of("temblor", "rsyslog", "syslog-ng");
    /** Messages per measured repetition, full run. */
    public static final long FULL_MESSAGES = 1_000_000;
    /** Warm-up messages, full run. */
    public static final long FULL_WARMUP = 1_000_000;
    /** Measured repetitions, full run. */
    public static final int FULL_REPETITIONS = 5;
    /** Messages per measured repetition, quick run. */
    public static final long QUICK_MESSAGES = 200_000;
    /** Warm-up messages, quick run. */
    public static final long QUICK_WARMUP = 300_000;
    /** Measured repetitions, quick run. */
    public static final int QUICK_REPETITIONS = 1;
    /** TCP connections per batch. */
    public static final int CONNECTIONS = 1;
    /** Temblor's options: the whole flow on one runtime thread (one core). */
    public static final List<String> TEMBLOR_ARGS = List.of("--threads", "shared");
    /** Temblor's JVM options: the JVM sizes itself for one core. */
    public static final String TEMBLOR_JAVA_OPTS = "-XX:ActiveProcessorCount=1";
    /** System property: the subjects to run, comma separated (default all). */
    public static final String SUBJECTS_PROPERTY = "temblor.bench.peers.subjects";
    /** System property: messages per repetition instead of the mode's (for profiling). */
    public static final String MESSAGES_PROPERTY = "temblor.bench.peers.messages";
    /** System property: extra JVM options of the Temblor subject (for profiling, e.g. JFR). */
    public static final String JAVA_OPTS_PROPERTY = "temblor.bench.peers.java.opts";

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return "peers";
    }

    /** {@inheritDoc} */
    @Override
    public String description()
    {
        return "syslog TCP -> JSON file: Temblor vs rsyslog and syslog-ng, one core each: events/s, CPU s/GB, RSS";
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> inputs()
    {
        final Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("subjects", subjects(null));
        return inputs;
    }

    private static List<String> subjects(final String include)
    {
        final String property = System.getProperty(SUBJECTS_PROPERTY);
        final List<String> names = new ArrayList<>();
        for (final String s : SUBJECTS)
        {
            final boolean wanted = null == property || List.of(property.split(",")).contains(s);
            if (wanted && (null == include || Pattern.compile(include).matcher(s).find()))
            {
                names.add(s);
            }
        }
        return names;
    }

    /** {@inheritDoc} */
    @Override
    public void run(final RunSettings settings, final Path runDir, final PrintStream out) throws IOException
    {
        final Map<String, Object> doc = run(settings.quick(), subjects(settings.include()), Environment.home(),
            PeerBinaries.defaultCache(), runDir, out);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(runDir.resolve(BenchMain.RESULTS_FILE).toFile(), doc);
    }

    /**
     * Runs the subjects and returns results.json's content.
     *
     * @param quick    quick settings.
     * @param subjects the subjects' names.
     * @param home     the repository (its bin/temblor runs the flow).
     * @param cache    where missing daemons are unpacked.
     * @param runDir   where configs, outputs and logs go (outputs are deleted after their check).
     * @param out      progress.
     * @return the results.
     * @throws IOException on failure to write.
     */
    public static Map<String, Object> run(final boolean quick, final List<String> subjects, final Path home,
        final Path cache, final Path runDir, final PrintStream out) throws IOException
    {
        return run(quick ? QUICK_WARMUP : FULL_WARMUP, Long.getLong(MESSAGES_PROPERTY, quick ? QUICK_MESSAGES :
            FULL_MESSAGES), quick ? QUICK_REPETITIONS : FULL_REPETITIONS, subjects, home, cache, runDir, out);
    }

    /**
     * Runs the subjects with the given sizes and returns results.json's content.
     *
     * @param warmup      warm-up messages.
     * @param messages    messages per repetition.
     * @param repetitions measured repetitions.
     * @param subjects    the subjects' names.
     * @param home        the repository (its bin/temblor runs the flow).
     * @param cache       where missing daemons are unpacked.
     * @param runDir      where configs, outputs and logs go (outputs are deleted after their check).
     * @param out         progress.
     * @return the results.
     * @throws IOException on failure to write.
     */
    public static Map<String, Object> run(final long warmup, final long messages, final int repetitions,
        final List<String> subjects, final Path home, final Path cache, final Path runDir, final PrintStream out)
        throws IOException
    {
        final SyslogGenerator generator = new SyslogGenerator();
        final Map<String, Object> doc = new LinkedHashMap<>();
        final Map<String, Object> method = new LinkedHashMap<>();
        method.put("messages", messages);
        method.put("warmupMessages", warmup);
        method.put("repetitions", repetitions);
        method.put("connections", CONNECTIONS);
        method.put("meanLineBytes", PeerRunner.round(generator.meanLineBytes(), 1));
        method.put("subjectCpu", PeerRunner.SUBJECT_CPU);
        method.put("generatorCpu", PeerRunner.GENERATOR_CPU);
        method.put("cores", Runtime.getRuntime().availableProcessors());
        method.put("sampleLine", generator.line(42).strip());
        doc.put("method", method);
        final List<Map<String, Object>> results = new ArrayList<>();
        doc.put("subjects", results);

        final String affinity = pinSelf(out);
        method.put("generatorPinned", null != affinity);
        final PeerBinaries binaries = new PeerBinaries(cache, out);
        final PeerRunner runner = new PeerRunner(generator, clockTicks(), out, null != affinity);
        try
        {
            for (final String name : subjects)
            {
                out.println("temblor bench peers: " + name + " (" + warmup + " warm-up + " + repetitions + " x " +
                    messages + " messages) ...");
                final Map<String, Object> result = runSubject(name, home, binaries, runner, runDir, warmup, messages,
                    repetitions);
                results.add(result);
                out.println("temblor bench peers: " + name + ": " + PeersReport.oneLine(result));
            }
        }
        finally
        {
            if (null != affinity)
            {
                taskset(List.of("taskset", "-a", "-pc", affinity, Long.toString(ProcessHandle.current().pid())));
            }
        }
        return doc;
    }

    private static Map<String, Object> runSubject(final String name, final Path home, final PeerBinaries binaries,
        final PeerRunner runner, final Path runDir, final long warmup, final long messages, final int repetitions)
        throws IOException
    {
        final Path dir = runDir.resolve(name);
        Files.createDirectories(dir);
        final Path output = dir.resolve("out.jsonl");
        final int port = freePort();
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("subject", name);
        final String configFile;
        final String config;
        final PeerRunner.Subject subject;
        switch (name)
        {
            case "temblor" ->
            {
                configFile = "peers.troy";
                config = PeerConfigs.temblor(port, output.toString());
                final List<String> command = new ArrayList<>(List.of(home.resolve("bin/temblor").toString(), "run",
                    dir.resolve(configFile).toString()));
                command.addAll(TEMBLOR_ARGS);
                final String opts = (TEMBLOR_JAVA_OPTS + " " + System.getProperty(JAVA_OPTS_PROPERTY, "")).strip();
                subject = new PeerRunner.Subject(name, command, Map.of("TEMBLOR_NO_BUILD", "1", "TEMBLOR_JAVA_OPTS",
                    opts), dir, output, port, true);
                result.put("version", "temblor at the commit of this run (see Environment)");
            }
            case "rsyslog" ->
            {
                final PeerBinaries.Binary b = binaries.rsyslog();
                result.put("binary", PeerBinaries.describe(b));
                if (!b.ok())
                {
                    return skipped(result, b.skipped());
                }
                result.put("version", b.version());
                configFile = "rsyslog.conf";
                final Path work = dir.resolve("work");
                Files.createDirectories(work);
                config = PeerConfigs.rsyslog(port, work.toString(), output.toString());
                final List<String> command = new ArrayList<>(List.of(b.exe().toString(), "-n", "-f",
                    dir.resolve(configFile).toString(), "-i", dir.resolve("rsyslog.pid").toString()));
                command.addAll(b.args());
                subject = new PeerRunner.Subject(name, command, b.env(), dir, output, port, false);
            }
            case "syslog-ng" ->
            {
                final PeerBinaries.Binary b = binaries.syslogNg();
                result.put("binary", PeerBinaries.describe(b));
                if (!b.ok())
                {
                    return skipped(result, b.skipped());
                }
                result.put("version", b.version());
                configFile = "syslog-ng.conf";
                config = PeerConfigs.syslogNg(port, output.toString(), configVersion(b.version()));
                final List<String> command = new ArrayList<>(List.of(b.exe().toString(), "-F", "-f",
                    dir.resolve(configFile).toString(), "--no-caps", "-R", dir.resolve("persist").toString(), "-p",
                    dir.resolve("syslog-ng.pid").toString(), "-c", dir.resolve("syslog-ng.ctl").toString()));
                command.addAll(b.args());
                subject = new PeerRunner.Subject(name, command, b.env(), dir, output, port, false);
            }
            default -> throw new IllegalArgumentException("unknown subject " + name);
        }
        Files.writeString(dir.resolve(configFile), config, StandardCharsets.UTF_8);
        result.put("configFile", name + "/" + configFile);
        result.put("config", config);
        if (name.equals("temblor"))
        {
            result.put("options", String.join(" ", TEMBLOR_ARGS) + "; TEMBLOR_JAVA_OPTS=" + TEMBLOR_JAVA_OPTS);
        }
        result.putAll(runner.run(subject, warmup, messages, repetitions, CONNECTIONS));
        Files.deleteIfExists(output);
        return result;
    }

    private static Map<String, Object> skipped(final Map<String, Object> result, final String reason)
    {
        result.put("status", "skipped");
        result.put("reason", reason);
        return result;
    }

    /** The {@code @version} of a syslog-ng config from its {@code --version} line ({@code syslog-ng 3 (3.38.1)}). */
    static String configVersion(final String version)
    {
        final Matcher m = Pattern.compile("\\((\\d+\\.\\d+)").matcher(null == version ? "" : version);
        return m.find() ? m.group(1) : "3.38";
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }

    /** Pins this JVM's threads to the generator's CPU; returns the previous affinity list, or null when not pinned. */
    private static String pinSelf(final PrintStream out)
    {
        final String pid = Long.toString(ProcessHandle.current().pid());
        final String before = taskset(List.of("taskset", "-pc", pid));
        if (null == before || Runtime.getRuntime().availableProcessors() < 2)
        {
            out.println("temblor bench peers: NOT pinning (taskset missing or fewer than 2 cores): generator and " +
                "subject share the CPUs");
            return null;
        }
        final String list = before.substring(before.lastIndexOf(':') + 1).trim();
        if (null == taskset(List.of("taskset", "-a", "-pc", Integer.toString(PeerRunner.GENERATOR_CPU), pid)))
        {
            out.println("temblor bench peers: NOT pinning (taskset failed)");
            return null;
        }
        return list;
    }

    private static String taskset(final List<String> command)
    {
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? text : null;
        }
        catch (final IOException ex)
        {
            return null;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static double clockTicks()
    {
        final String text = taskset(List.of("getconf", "CLK_TCK"));
        try
        {
            return null == text ? 100 : Double.parseDouble(text);
        }
        catch (final NumberFormatException ex)
        {
            return 100;
        }
    }

    /** {@inheritDoc} */
    @Override
    public void report(final Path runDir) throws IOException
    {
        PeersReport.generate(runDir);
    }

    /** {@inheritDoc} */
    @Override
    public void printSummary(final Path runDir, final PrintStream out) throws IOException
    {
        out.print(PeersReport.consoleTable(runDir));
    }

    /** {@inheritDoc} */
    @Override
    public String headline(final Path runDir) throws IOException
    {
        return PeersReport.headline(runDir);
    }
}
