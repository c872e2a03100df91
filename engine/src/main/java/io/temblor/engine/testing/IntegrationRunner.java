package io.temblor.engine.testing;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs integration cases in Tremor's layout: a folder per case with {@code config.troy} (or {@code main.troy}),
 * {@code assert.yaml}, {@code tags.yaml} and optionally {@code before.yaml}, {@code after.yaml}, {@code env.yaml} and
 * a {@code stdin} file. Each case runs {@code temblor run FLOW.troy --no-api} in a child process with the case folder
 * as working folder, the bundled {@code integration} module on its module path, standard output and error captured
 * to {@code fg.out.log} and {@code fg.err.log}; then its exit status and file asserts are checked. A case that runs
 * longer than the timeout is killed and fails.
 */
public final class IntegrationRunner
{
    /** Default per-case timeout. */
    public static final long DEFAULT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private static final long AFTER_TIMEOUT_MS = 60_000;
    private static final int ERR_TAIL_LINES = 8;
    private static final int MAX_SHOWN_CHARS = 200;

    private final List<String> launcher;
    private final TagFilter filter;
    private final long timeoutNs;
    private final List<Path> extraPath;
    private final PrintStream out;

    /**
     * Creates a runner.
     *
     * @param launcher the command that runs a flow, followed by {@code FLOW.troy} and options ({@link #launcher()}).
     * @param filter which cases run.
     * @param timeoutNs the per-case limit.
     * @param extraPath module folders added to each case's path.
     * @param out where progress and results go.
     */
    public IntegrationRunner(final List<String> launcher, final TagFilter filter, final long timeoutNs,
        final List<Path> extraPath, final PrintStream out)
    {
        this.launcher = List.copyOf(launcher);
        this.filter = filter;
        this.timeoutNs = timeoutNs;
        this.extraPath = List.copyOf(extraPath);
        this.out = out;
    }

    /**
     * The command running {@code temblor run}: {@code $TEMBLOR_HOME/bin/temblor run} when started by the launcher,
     * otherwise this JVM's java, options and class path with {@code io.temblor.engine.cli.Main run}.
     *
     * @return the command's words.
     */
    public static List<String> launcher()
    {
        final String home = System.getenv("TEMBLOR_HOME");
        if (null != home && Files.isExecutable(Path.of(home, "bin", "temblor")))
        {
            return List.of(Path.of(home, "bin", "temblor").toString(), "run");
        }
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-javaagent"))
            {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.temblor.engine.cli.Main");
        command.add("run");
        return command;
    }

    /**
     * The case folders under a folder: the folder itself when it is a case, else every folder below it holding
     * {@code assert.yaml}, or {@code tags.yaml} beside a {@code .troy} file (a case's own subfolders are not searched).
     *
     * @param dir the folder.
     * @return the cases, sorted.
     * @throws TestSetupException when the folder is missing or holds no case.
     */
    public static List<Path> cases(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            throw new TestSetupException(dir + ": no such folder");
        }
        final List<Path> cases = new ArrayList<>();
        collect(dir, cases);
        if (cases.isEmpty())
        {
            throw new TestSetupException(dir + ": no integration case found (a case is a folder with assert.yaml, or " +
                "with tags.yaml and config.troy)");
        }
        return cases;
    }

    private static void collect(final Path dir, final List<Path> cases)
    {
        if (isCase(dir))
        {
            cases.add(dir);
            return;
        }
        try (Stream<Path> children = Files.list(dir))
        {
            for (final Path child : children.filter(Files::isDirectory).sorted().toList())
            {
                collect(child, cases);
            }
        }
        catch (final IOException ex)
        {
            throw new TestSetupException(dir + ": cannot list (" + ex.getMessage() + ")");
        }
    }

    private static boolean isCase(final Path dir)
    {
        return Files.isRegularFile(dir.resolve("assert.yaml")) ||
            Files.isRegularFile(dir.resolve("tags.yaml")) && null != flow(dir);
    }

    /** The case's flow: config.troy, main.troy, or its only .troy file; null when there is none. */
    static Path flow(final Path dir)
    {
        for (final String name : new String[] {"config.troy", "main.troy"})
        {
            if (Files.isRegularFile(dir.resolve(name)))
            {
                return dir.resolve(name);
            }
        }
        try (Stream<Path> files = Files.list(dir))
        {
            final List<Path> troy = files.filter(p -> p.getFileName().toString().endsWith(".troy")).sorted().toList();
            return troy.size() == 1 ? troy.get(0) : null;
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    /**
     * Runs every case under a folder.
     *
     * @param dir the folder.
     * @return one result per case.
     */
    public List<TestResult> run(final Path dir)
    {
        final Path base = dir.toAbsolutePath().normalize();
        final List<Path> cases = cases(base);
        final String suite = base.getFileName() == null ? base.toString() : base.getFileName().toString();
        final List<TestResult> results = new ArrayList<>();
        final Path lib = bundledLib();
        for (final Path dirOfCase : cases)
        {
            final String name = base.equals(dirOfCase) ? suite : base.relativize(dirOfCase).toString();
            final List<String> tags;
            try
            {
                tags = new ArrayList<>(TagFilter.resolve(base, dirOfCase));
            }
            catch (final TestSetupException ex)
            {
                results.add(print(new TestResult(suite, name, TestResult.Status.FAIL, ex.getMessage(), 0)));
                continue;
            }
            tags.add(dirOfCase.getFileName().toString());
            if (!filter.matches(tags))
            {
                results.add(print(new TestResult(suite, name, TestResult.Status.SKIP, "", 0)));
                continue;
            }
            out.println("RUN  " + name);
            out.flush();
            final long start = System.nanoTime();
            String failure;
            try
            {
                failure = runCase(base, dirOfCase, lib);
            }
            catch (final TestSetupException ex)
            {
                failure = ex.getMessage();
            }
            final long elapsed = System.nanoTime() - start;
            results.add(print(new TestResult(suite, name, null == failure ? TestResult.Status.PASS :
                TestResult.Status.FAIL, null == failure ? "" : failure, elapsed)));
        }
        return results;
    }

    private TestResult print(final TestResult result)
    {
        final String label = switch (result.status())
        {
            case PASS -> "PASS";
            case FAIL -> "FAIL";
            case SKIP -> "SKIP";
        };
        final StringBuilder line = new StringBuilder(label).append(' ').append(result.name());
        if (result.status() != TestResult.Status.SKIP)
        {
            line.append(String.format(Locale.ROOT, " (%.1fs)", result.durationNs() / 1e9));
        }
        if (!result.message().isEmpty())
        {
            line.append("\n     ").append(result.message().replace("\n", "\n     "));
        }
        out.println(line);
        out.flush();
        return result;
    }

    /** Runs one case; null when it passed, else why it failed. */
    private String runCase(final Path base, final Path dir, final Path lib)
    {
        final Path assertFile = dir.resolve("assert.yaml");
        final CaseSpec.AssertSpec spec = Files.isRegularFile(assertFile) ?
            CaseSpec.readAssert(assertFile, dir.getFileName().toString()) : null;
        final Path flow = flow(dir);
        if (null == flow)
        {
            return "no config.troy (or main.troy) in " + dir;
        }
        final Map<String, String> env = new java.util.LinkedHashMap<>();
        final StringBuilder tremorPath = new StringBuilder();
        final String inherited = System.getenv("TREMOR_PATH");
        if (null != inherited && !inherited.isBlank())
        {
            tremorPath.append(inherited).append(':');
        }
        tremorPath.append(base.resolve("lib")).append(':').append(dir.resolve("lib"));
        env.put("TREMOR_PATH", tremorPath.toString());
        env.put("TEMBLOR_NO_BUILD", "1");
        if (Files.isRegularFile(dir.resolve("env.yaml")))
        {
            env.putAll(CaseSpec.readEnv(dir.resolve("env.yaml")));
        }
        final List<CaseSpec.Command> before = Files.isRegularFile(dir.resolve("before.yaml")) ?
            CaseSpec.readCommands(dir.resolve("before.yaml")) : List.of();
        final List<CaseSpec.Command> after = Files.isRegularFile(dir.resolve("after.yaml")) ?
            CaseSpec.readCommands(dir.resolve("after.yaml")) : List.of();
        final List<Process> background = new ArrayList<>();
        try
        {
            for (int i = 0; i < before.size(); i++)
            {
                final String failed = startBefore(dir, env, before.get(i), i, background, lib);
                if (null != failed)
                {
                    return failed;
                }
            }
            final List<String> command = new ArrayList<>(launcher);
            command.add(flow.getFileName().toString());
            command.add("--no-api");
            command.add("--path");
            command.add(lib.toString());
            for (final Path p : extraPath)
            {
                command.add("--path");
                command.add(p.toAbsolutePath().toString());
            }
            final ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("fg.out.log").toFile()).redirectError(dir.resolve("fg.err.log").toFile());
            pb.environment().putAll(env);
            final Path stdin = dir.resolve("stdin");
            if (Files.isRegularFile(stdin))
            {
                pb.redirectInput(stdin.toFile());
            }
            final Process process;
            try
            {
                process = pb.start();
            }
            catch (final IOException ex)
            {
                return "cannot start " + String.join(" ", command) + " (" + ex.getMessage() + ")";
            }
            if (!Files.isRegularFile(stdin))
            {
                closeQuietly(process);
            }
            final int status;
            try
            {
                if (!process.waitFor(timeoutNs, TimeUnit.NANOSECONDS))
                {
                    kill(process);
                    return "timed out after " + TimeUnit.NANOSECONDS.toSeconds(timeoutNs) + "s" + errTail(dir);
                }
                status = process.exitValue();
            }
            catch (final InterruptedException ex)
            {
                kill(process);
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            runAfter(dir, env, after, lib);
            return check(dir, spec, status);
        }
        finally
        {
            background.forEach(IntegrationRunner::kill);
        }
    }

    private static void closeQuietly(final Process process)
    {
        try
        {
            process.getOutputStream().close();
        }
        catch (final IOException ex)
        {
            // the child may already be gone; nothing to feed it anyway
        }
    }

    /** Starts a before command and waits for its conditions; null when ready, else why not. */
    private String startBefore(final Path dir, final Map<String, String> env, final CaseSpec.Command cmd,
        final int index, final List<Process> background, final Path lib)
    {
        final Process process;
        try
        {
            process = start(dir, env, cmd, "before", index, lib);
        }
        catch (final IOException ex)
        {
            return "before.yaml: cannot start `" + cmd.cmdline() + "` (" + ex.getMessage() + ")";
        }
        background.add(process);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(cmd.maxAwaitSecs());
        final long started = System.nanoTime();
        while (!cmd.await().isEmpty())
        {
            boolean ready = true;
            for (final Map.Entry<String, List<String>> condition : cmd.await().entrySet())
            {
                ready &= satisfied(dir, cmd, process, started, condition.getKey(), condition.getValue(), deadline);
            }
            if (ready)
            {
                break;
            }
            if (System.nanoTime() - deadline > 0)
            {
                return "before.yaml: `" + cmd.cmdline() + "` did not meet " + cmd.await() + " within " +
                    cmd.maxAwaitSecs() + "s";
            }
            pause(100);
        }
        if (cmd.minAwaitSecs() > 0)
        {
            pause(TimeUnit.SECONDS.toMillis(cmd.minAwaitSecs()));
        }
        return null;
    }

    private static boolean satisfied(final Path dir, final CaseSpec.Command cmd, final Process process,
        final long started, final String kind, final List<String> values, final long deadline)
    {
        boolean ok = true;
        switch (kind)
        {
            case "port-open" ->
            {
                for (final String port : values)
                {
                    ok &= portOpen(Integer.parseInt(port.strip()));
                }
            }
            case "file-exists" ->
            {
                for (final String file : values)
                {
                    ok &= Files.exists(dir.resolve(cmd.dir()).resolve(file));
                }
            }
            case "wait-for-ms" -> ok = !values.isEmpty() &&
                System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(Long.parseLong(values.get(0).strip()));
            case "status" ->
            {
                try
                {
                    final long left = Math.max(0, deadline - System.nanoTime());
                    ok = process.waitFor(left, TimeUnit.NANOSECONDS) && !values.isEmpty() &&
                        process.exitValue() == Integer.parseInt(values.get(0).strip());
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    ok = false;
                }
            }
            default -> ok = true;
        }
        return ok;
    }

    private static boolean portOpen(final int port)
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private void runAfter(final Path dir, final Map<String, String> env, final List<CaseSpec.Command> after,
        final Path lib)
    {
        for (int i = 0; i < after.size(); i++)
        {
            try
            {
                final Process process = start(dir, env, after.get(i), "after", i, lib);
                if (!process.waitFor(AFTER_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                {
                    kill(process);
                }
            }
            catch (final IOException ex)
            {
                // the after command's own log says nothing; the asserts decide the case
                continue;
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Starts a before/after command. {@code tremor server run [-p PIDFILE] [flags] FLOW.troy} (and the same with
     * {@code temblor}) runs the flow with this Temblor, writing the child's pid to PIDFILE as Tremor does.
     */
    private Process start(final Path dir, final Map<String, String> env, final CaseSpec.Command cmd, final String what,
        final int index, final Path lib) throws IOException
    {
        final Path cwd = dir.resolve(cmd.dir());
        final List<String> command = new ArrayList<>();
        String pidFile = null;
        final boolean server = ("tremor".equals(cmd.cmd()) || "temblor".equals(cmd.cmd())) && cmd.args().size() >= 2 &&
            "server".equals(cmd.args().get(0)) && "run".equals(cmd.args().get(1));
        if (server)
        {
            command.addAll(launcher);
            String flowFile = null;
            for (int i = 2; i < cmd.args().size(); i++)
            {
                final String arg = cmd.args().get(i);
                if (("-p".equals(arg) || "--pid".equals(arg)) && i + 1 < cmd.args().size())
                {
                    pidFile = cmd.args().get(++i);
                }
                else if (arg.endsWith(".troy") && null == flowFile)
                {
                    flowFile = arg;
                }
            }
            if (null == flowFile)
            {
                throw new IOException("`" + cmd.cmdline() + "` names no .troy file");
            }
            command.add(flowFile);
            command.add("--no-api");
            command.add("--path");
            command.add(lib.toString());
        }
        else if ("temblor".equals(cmd.cmd()) && null != System.getenv("TEMBLOR_HOME"))
        {
            command.add(Path.of(System.getenv("TEMBLOR_HOME"), "bin", "temblor").toString());
            command.addAll(cmd.args());
        }
        else
        {
            command.add(cmd.cmd());
            command.addAll(cmd.args());
        }
        final ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
            .redirectOutput(dir.resolve(what + ".out." + index + ".log").toFile())
            .redirectError(dir.resolve(what + ".err." + index + ".log").toFile());
        pb.environment().putAll(env);
        pb.environment().putAll(cmd.env());
        final Process process = pb.start();
        if (null != pidFile)
        {
            // the launcher's pid; it passes TERM and INT on to the engine, and the runner ends what is left
            Files.writeString(cwd.resolve(pidFile), process.pid() + "\n");
        }
        return process;
    }

    private static void kill(final Process process)
    {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try
        {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks status and asserts; null when all hold, else every failed check on its own line. */
    private static String check(final Path dir, final CaseSpec.AssertSpec spec, final int status)
    {
        final List<String> failures = new ArrayList<>();
        final int expected = null == spec ? 0 : spec.status();
        if (status != expected)
        {
            failures.add("status: expected exit code " + expected + ", got " + status + errTail(dir));
        }
        if (null != spec)
        {
            int n = 0;
            for (final CaseSpec.FileAssert a : spec.asserts())
            {
                n++;
                final String failed = checkAssert(dir, a);
                if (null != failed)
                {
                    failures.add("assert " + n + " (" + a.source() + "): " + failed);
                }
            }
        }
        return failures.isEmpty() ? null : String.join("\n", failures);
    }

    private static String checkAssert(final Path dir, final CaseSpec.FileAssert a)
    {
        final Path source = switch (a.source().toLowerCase(Locale.ROOT))
        {
            case "stdout" -> dir.resolve("fg.out.log");
            case "stderr" -> dir.resolve("fg.err.log");
            default -> dir.resolve(a.source());
        };
        if (!Files.isRegularFile(source))
        {
            return "the flow wrote no " + a.source();
        }
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(source);
        }
        catch (final IOException ex)
        {
            return "cannot read " + source + " (" + ex.getMessage() + ")";
        }
        final List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        for (final String c : a.contains())
        {
            if (lines.stream().noneMatch(l -> l.contains(c.strip())))
            {
                return "no line contains `" + c.strip() + "`";
            }
        }
        for (final String c : a.doesntContain())
        {
            if (lines.stream().anyMatch(l -> l.contains(c.strip())))
            {
                return "a line contains `" + c.strip() + "`";
            }
        }
        if (null != a.equalsFile())
        {
            final String failed = equalLines(dir.resolve(a.equalsFile()), a.equalsFile(), lines);
            if (null != failed)
            {
                return failed;
            }
        }
        if (null != a.equalsFileBinary())
        {
            try
            {
                if (!Arrays.equals(Files.readAllBytes(dir.resolve(a.equalsFileBinary())), bytes))
                {
                    return "bytes differ from " + a.equalsFileBinary();
                }
            }
            catch (final IOException ex)
            {
                return "cannot read " + a.equalsFileBinary() + " (" + ex.getMessage() + ")";
            }
        }
        return null;
    }

    /** Compares line by line (trailing blank lines ignored; lines that are both JSON compare as values). */
    static String equalLines(final Path expectedFile, final String label, final List<String> got)
    {
        final List<String> expected;
        try
        {
            expected = Files.readString(expectedFile, StandardCharsets.UTF_8).lines().toList();
        }
        catch (final IOException ex)
        {
            return "cannot read " + label + " (" + ex.getMessage() + ")";
        }
        final List<String> e = trimTrailingBlank(expected);
        final List<String> g = trimTrailingBlank(got);
        for (int i = 0; i < Math.max(e.size(), g.size()); i++)
        {
            final String el = i < e.size() ? e.get(i) : null;
            final String gl = i < g.size() ? g.get(i) : null;
            if (null == el || null == gl || !sameLine(el, gl))
            {
                return "differs from " + label + " at line " + (i + 1) + ": expected " +
                    (null == el ? "end of file" : "`" + clip(el) + "`") + ", got " +
                    (null == gl ? "end of file" : "`" + clip(gl) + "`");
            }
        }
        return null;
    }

    /** A line cut to a readable length for messages. */
    private static String clip(final String line)
    {
        return line.length() <= MAX_SHOWN_CHARS ? line : line.substring(0, MAX_SHOWN_CHARS) + "... (" + line.length() +
            " chars)";
    }

    private static boolean sameLine(final String expected, final String got)
    {
        if (expected.equals(got))
        {
            return true;
        }
        final String e = expected.strip();
        final String g = got.strip();
        if (e.equals(g))
        {
            return true;
        }
        if ((e.startsWith("{") || e.startsWith("[")) && (g.startsWith("{") || g.startsWith("[")))
        {
            try
            {
                final Load load = new Load(LoadSettings.builder().build());
                return Objects.equals(load.loadFromString(e), load.loadFromString(g));
            }
            catch (final YamlEngineException ex)
            {
                return false;
            }
        }
        return false;
    }

    private static List<String> trimTrailingBlank(final List<String> lines)
    {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank())
        {
            end--;
        }
        return lines.subList(0, end);
    }

    private static String errTail(final Path dir)
    {
        try
        {
            final List<String> lines = Files.readAllLines(dir.resolve("fg.err.log"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.contains("Using incubator modules")).toList();
            if (lines.isEmpty())
            {
                return "";
            }
            return "\nstderr (last lines of fg.err.log):\n  " +
                String.join("\n  ", lines.subList(Math.max(0, lines.size() - ERR_TAIL_LINES), lines.size()));
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    /** Copies the bundled {@code integration.tremor} into a temporary folder for the children's module path. */
    static Path bundledLib()
    {
        try (InputStream in = IntegrationRunner.class.getResourceAsStream("integration.tremor"))
        {
            if (null == in)
            {
                throw new TestSetupException("integration.tremor is missing from the engine jar");
            }
            final Path lib = Files.createTempDirectory("temblor-test-lib");
            final Path file = lib.resolve("integration.tremor");
            Files.write(file, in.readAllBytes());
            file.toFile().deleteOnExit();
            lib.toFile().deleteOnExit();
            return lib;
        }
        catch (final IOException ex)
        {
            throw new TestSetupException("cannot unpack integration.tremor (" + ex.getMessage() + ")");
        }
    }
}
