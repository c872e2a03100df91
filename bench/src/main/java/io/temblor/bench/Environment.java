package io.temblor.bench;

import jdk.incubator.vector.ByteVector;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Collects what a reader needs to judge a run: commit, date, JDK, the JVM flags (the forks inherit them), CPU model
 * and SIMD flags, cores, memory, load and the exact command line. Runs on the launching thread, off the measured path.
 */
public final class Environment
{
    private static final List<String> SIMD_FLAGS = List.of(
        "sse4_2", "avx", "avx2", "bmi1", "bmi2", "popcnt", "pclmulqdq", "avx512f", "avx512bw", "avx512vl", "avx512dq",
        "avx512cd", "avx512vbmi", "avx512vbmi2", "avx512_vbmi2", "avx512vpopcntdq");

    private Environment()
    {
    }

    /**
     * The repository root: {@code -Dtemblor.home}, else the working directory.
     *
     * @return the root.
     */
    public static Path home()
    {
        final String home = System.getProperty("temblor.home");
        return (home != null ? Paths.get(home) : Paths.get("")).toAbsolutePath().normalize();
    }

    /**
     * Describes the machine, JVM and commit.
     *
     * @param home repository root (for git).
     * @param args BenchMain's arguments.
     * @return an ordered map for env.json.
     */
    public static Map<String, Object> describe(final Path home, final String[] args)
    {
        final Map<String, Object> env = new LinkedHashMap<>();
        env.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        env.put("git", git(home));

        final Map<String, Object> java = new LinkedHashMap<>();
        java.put("version", Runtime.version().toString());
        java.put("vendor", System.getProperty("java.vendor"));
        java.put("vm", System.getProperty("java.vm.name"));
        java.put("home", System.getProperty("java.home"));
        java.put("preferredVectorBits", ByteVector.SPECIES_PREFERRED.vectorBitSize());
        java.put("temblor.simd.width", System.getProperty("temblor.simd.width", "auto"));
        env.put("java", java);
        env.put("jvmFlags", ManagementFactory.getRuntimeMXBean().getInputArguments());
        env.put("commandLine", ProcessHandle.current().info().commandLine().orElse(String.join(" ", args)));
        env.put("arguments", List.of(args));
        env.put("command", "bin/temblor bench " + String.join(" ", args));
        env.put("cpu", cpu());
        env.put("memoryBytes", memTotal());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("loadAverageStart", loadAverage());
        env.put("versions", versions());
        return env;
    }

    /**
     * The 1, 5 and 15 minute load averages from /proc/loadavg (a run on a busy machine is less trustworthy).
     *
     * @return the first three fields, or "unknown".
     */
    public static String loadAverage()
    {
        try
        {
            final String[] parts = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return String.join(" ", Arrays.copyOf(parts, Math.min(3, parts.length)));
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    private static Map<String, Object> git(final Path home)
    {
        final Map<String, Object> git = new LinkedHashMap<>();
        final String commit = run(home, "git", "rev-parse", "HEAD");
        git.put("commit", commit == null ? "unknown" : commit);
        final String shortCommit = run(home, "git", "rev-parse", "--short", "HEAD");
        git.put("shortCommit", shortCommit == null ? "nogit" : shortCommit);
        git.put("branch", run(home, "git", "rev-parse", "--abbrev-ref", "HEAD"));
        final String status = run(home, "git", "status", "--porcelain", "--", ".", ":(exclude)perf-reports");
        final List<String> changes = status == null || status.isEmpty() ? List.of() :
            List.of(status.split("\n")).stream().map(String::strip).toList();
        git.put("dirty", !changes.isEmpty());
        git.put("changes", changes.size() > 20 ? changes.subList(0, 20) : changes);
        return git;
    }

    private static Map<String, Object> cpu()
    {
        final Map<String, Object> cpu = new LinkedHashMap<>();
        String model = System.getProperty("os.arch");
        List<String> flags = List.of();
        try
        {
            for (final String line : Files.readAllLines(Paths.get("/proc/cpuinfo")))
            {
                if (line.startsWith("model name") && model.equals(System.getProperty("os.arch")))
                {
                    model = line.substring(line.indexOf(':') + 1).trim();
                }
                else if (line.startsWith("flags") && flags.isEmpty())
                {
                    flags = List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                }
            }
        }
        catch (final IOException ex)
        {
            // not Linux: model stays the architecture, no flags
        }
        final List<String> simd = new ArrayList<>();
        for (final String flag : SIMD_FLAGS)
        {
            if (flags.contains(flag))
            {
                simd.add(flag);
            }
        }
        cpu.put("model", model);
        cpu.put("cores", Runtime.getRuntime().availableProcessors());
        cpu.put("avx2", flags.contains("avx2"));
        cpu.put("avx512", flags.contains("avx512f"));
        cpu.put("simdFlags", simd);
        cpu.put("flags", flags);
        return cpu;
    }

    private static long memTotal()
    {
        try
        {
            for (final String line : Files.readAllLines(Paths.get("/proc/meminfo")))
            {
                if (line.startsWith("MemTotal:"))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            // fall through
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static Map<String, Object> versions()
    {
        final Map<String, Object> versions = new LinkedHashMap<>();
        try (InputStream in = Environment.class.getResourceAsStream("bench-versions.properties"))
        {
            if (in != null)
            {
                final Properties props = new Properties();
                props.load(in);
                for (final String key : List.of("temblor", "simdjson-java", "jackson-core", "fastjson2", "jslt", "jmh", "bucket4j"))
                {
                    versions.put(key, props.getProperty(key, "unknown"));
                }
            }
        }
        catch (final IOException ex)
        {
            versions.put("error", ex.toString());
        }
        return versions;
    }

    private static String run(final Path dir, final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0)
            {
                return null;
            }
            return out;
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
}
