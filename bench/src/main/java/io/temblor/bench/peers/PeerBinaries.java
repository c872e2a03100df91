package io.temblor.bench.peers;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the syslog daemons, installing what is missing. Debian's {@code rsyslog} and {@code syslog-ng-core} conflict
 * (both provide {@code system-log-daemon}), so one system cannot have both installed; and installing either as a
 * package would start it as the system's logger. So a daemon that is not installed is fetched with
 * {@code apt-get download}, unpacked with {@code dpkg -x} into a cache folder (its shared libraries, which do not
 * conflict, installed with {@code apt-get install}), and run from there: nothing is started or replaced on the
 * system. A daemon that cannot be had is skipped with the reason.
 */
final class PeerBinaries
{
    /** A daemon ready to run, or the reason it is not. */
    record Binary(String name, Path exe, List<String> args, Map<String, String> env, String version, String source,
        String skipped)
    {
        boolean ok()
        {
            return null == skipped;
        }
    }

    private final Path cache;
    private final PrintStream out;
    private final Path system;
    private final String aptGet;
    private boolean updated;

    /**
     * Binaries unpacked under {@code cache}, installed ones looked for in {@code /usr/sbin}, fetched with apt-get.
     *
     * @param cache the cache folder.
     * @param out   progress.
     */
    PeerBinaries(final Path cache, final PrintStream out)
    {
        this(cache, out, Path.of("/usr/sbin"), "apt-get");
    }

    /**
     * Binaries unpacked under {@code cache}.
     *
     * @param cache  the cache folder.
     * @param out    progress.
     * @param system where installed daemons are looked for.
     * @param aptGet the apt-get command.
     */
    PeerBinaries(final Path cache, final PrintStream out, final Path system, final String aptGet)
    {
        this.cache = cache;
        this.out = out;
        this.system = system;
        this.aptGet = aptGet;
    }

    /** The default cache: {@code ~/.cache/temblor/peers}. */
    static Path defaultCache()
    {
        return Path.of(System.getProperty("user.home"), ".cache", "temblor", "peers");
    }

    Binary rsyslog()
    {
        final Path installed = system.resolve("rsyslogd");
        if (Files.isExecutable(installed))
        {
            return new Binary("rsyslog", installed, List.of(), Map.of(), version(installed, Map.of(), "-v"), "system",
                null);
        }
        final Path root = cache.resolve("root");
        final Path exe = root.resolve("usr/sbin/rsyslogd");
        final String reason = ensure("rsyslog", exe);
        if (null != reason)
        {
            return skipped("rsyslog", reason);
        }
        final Path modules = find(root, "imtcp.so");
        if (null == modules)
        {
            return skipped("rsyslog", "no imtcp.so under " + root);
        }
        final List<String> args = List.of("-M", modules.getParent().toString());
        return new Binary("rsyslog", exe, args, Map.of(), version(exe, Map.of(), "-v"), "unpacked in " + root, null);
    }

    Binary syslogNg()
    {
        final Path installed = system.resolve("syslog-ng");
        if (Files.isExecutable(installed))
        {
            return new Binary("syslog-ng", installed, List.of(), Map.of(), version(installed, Map.of(), "--version"),
                "system", null);
        }
        final Path root = cache.resolve("root");
        final Path exe = root.resolve("usr/sbin/syslog-ng");
        final String reason = ensure("syslog-ng-core", exe);
        if (null != reason)
        {
            return skipped("syslog-ng", reason);
        }
        final Path plugin = find(root.resolve("usr/lib/syslog-ng"), "libaffile.so");
        if (null == plugin)
        {
            return skipped("syslog-ng", "no libaffile.so under " + root);
        }
        final Map<String, String> env = Map.of("LD_LIBRARY_PATH", root.resolve("usr/lib/syslog-ng").toString());
        return new Binary("syslog-ng", exe, List.of("--module-path", plugin.getParent().toString()), env,
            version(exe, env, "--version"), "unpacked in " + root, null);
    }

    private static Binary skipped(final String name, final String reason)
    {
        return new Binary(name, null, List.of(), Map.of(), null, null, reason);
    }

    /** Unpacks the package when its executable is missing: null when it is there, else why not. */
    private String ensure(final String pkg, final Path exe)
    {
        if (Files.isExecutable(exe))
        {
            return null;
        }
        try
        {
            Files.createDirectories(cache);
            out.println("temblor bench peers: " + pkg + " is not installed; fetching it with apt-get into " + cache +
                " (takes up to a minute) ...");
            final List<String> deps = dependencies(pkg);
            if (!deps.isEmpty())
            {
                final List<String> install = new ArrayList<>(List.of(aptGet, "install", "-y",
                    "--no-install-recommends"));
                install.addAll(deps);
                String failed = run(install, cache);
                if (null != failed && !updated)
                {
                    updated = true;
                    run(List.of(aptGet, "update"), cache);
                    failed = run(install, cache);
                }
                if (null != failed)
                {
                    return "its libraries could not be installed (apt-get install " + String.join(" ", deps) + "): " +
                        failed;
                }
            }
            String failed = run(List.of(aptGet, "download", pkg), cache);
            if (null != failed && !updated)
            {
                updated = true;
                run(List.of(aptGet, "update"), cache);
                failed = run(List.of(aptGet, "download", pkg), cache);
            }
            if (null != failed)
            {
                return "apt-get download " + pkg + " failed: " + failed;
            }
            final Path deb;
            try (Stream<Path> files = Files.list(cache))
            {
                deb = files.filter(p -> p.getFileName().toString().startsWith(pkg + "_") &&
                    p.getFileName().toString().endsWith(".deb")).findFirst().orElse(null);
            }
            if (null == deb)
            {
                return "apt-get download " + pkg + " left no .deb in " + cache;
            }
            failed = run(List.of("dpkg", "-x", deb.toString(), cache.resolve("root").toString()), cache);
            if (null != failed)
            {
                return "dpkg -x " + deb + " failed: " + failed;
            }
            out.println("temblor bench peers: " + pkg + " unpacked");
            return Files.isExecutable(exe) ? null : deb + " has no " + exe;
        }
        catch (final IOException ex)
        {
            return "cannot fetch " + pkg + ": " + ex.getMessage();
        }
    }

    /** The package's direct dependencies, as {@code apt-cache depends} lists them (first of each alternative). */
    private List<String> dependencies(final String pkg) throws IOException
    {
        final List<String> deps = new ArrayList<>();
        final String text = output(List.of("apt-cache", "depends", pkg), Map.of());
        boolean alternative = false;
        for (final String line : text.split("\n"))
        {
            final String t = line.trim();
            final boolean depends = t.startsWith("Depends:") || t.startsWith("|Depends:");
            if (depends)
            {
                final String name = t.substring(t.indexOf(':') + 1).trim();
                if (!alternative && !name.startsWith("<") && !"lsb-base".equals(name) &&
                    !"sysvinit-utils".equals(name))
                {
                    deps.add(name);
                }
                alternative = t.startsWith("|");
            }
        }
        return deps;
    }

    /** Runs a command: null on success, else its exit code and last output line. */
    private static String run(final List<String> command, final Path dir) throws IOException
    {
        final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        final Process p = builder.start();
        final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try
        {
            if (!p.waitFor(300, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                return "timed out";
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return "interrupted";
        }
        if (p.exitValue() == 0)
        {
            return null;
        }
        final String[] lines = text.split("\n");
        return "exit code " + p.exitValue() + ": " + lines[lines.length - 1];
    }

    private static String output(final List<String> command, final Map<String, String> env) throws IOException
    {
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        final Process p = builder.start();
        final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try
        {
            p.waitFor(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return text;
    }

    /** The first line of {@code exe FLAG}. */
    private static String version(final Path exe, final Map<String, String> env, final String flag)
    {
        try
        {
            final String text = output(List.of(exe.toString(), flag), env).strip();
            return text.isEmpty() ? "?" : text.split("\n")[0].trim();
        }
        catch (final IOException ex)
        {
            return "? (" + ex.getMessage() + ")";
        }
    }

    private static Path find(final Path root, final String file)
    {
        if (!Files.isDirectory(root))
        {
            return null;
        }
        try (Stream<Path> files = Files.walk(root))
        {
            return files.filter(p -> p.getFileName().toString().equals(file)).findFirst().orElse(null);
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    /**
     * The binary as recorded in results.json.
     *
     * @param b the binary.
     * @return an ordered map.
     */
    static Map<String, Object> describe(final Binary b)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("executable", null == b.exe() ? null : b.exe().toString());
        m.put("version", b.version());
        m.put("source", b.source());
        m.put("skipped", b.skipped());
        return m;
    }
}
