package io.temblor.engine.cli;

import io.temblor.offheap.journal.JournalException;
import io.temblor.offheap.journal.JournalSettings;
import io.temblor.offheap.journal.JournalWriter;
import io.temblor.engine.api.ApiServer;
import io.temblor.engine.log.Log;
import io.temblor.engine.runtime.FlowRuntime;
import io.temblor.engine.runtime.Threading;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.compile.TroyCompiler;
import io.temblor.script.compile.Warning;
import io.temblor.script.error.CompileError;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code temblor run FLOW.troy [--args ARGS.json] [--threads MODE] [--idle STRATEGY]}: compiles the deployment and
 * runs it until an {@code exit} connector ends it (its {@code exit} field is the exit code) or the process is
 * interrupted (SIGINT/SIGTERM stop the sources and drain what was accepted). A file without {@code deploy} deploys
 * its flow {@code main}, as Tremor's archives do, with the arguments of {@code --args} (a JSON record, like the
 * {@code config.json} of Tremor's flow tests). Relative file paths in connector configuration resolve against the
 * working directory, as in Tremor. A deployment that does not compile prints the rendered error and exits 2. The
 * agents run on the threads of a {@link Threading}.
 *
 * <p>While the flow runs, its HTTP API ({@link ApiServer}: status, flows, connectors, Prometheus metrics) listens on
 * {@code --api HOST:PORT} ({@value ApiServer#DEFAULT_ADDRESS} by default; port 0 picks a free port; the bound address
 * is logged); {@code --no-api} turns it off. When the address cannot be bound (the port is in use) an error is logged
 * and the flow runs without the API: the API is for watching a flow, not a reason to stop it.
 */
final class FlowRun
{
    private FlowRun()
    {
    }

    static int run(final String source, final List<Path> modulePath, final String entryArgs, final String api,
        final Threading threading, final long statsMs, final InputStream stdin, final PrintStream out,
        final PrintStream err)
    {
        return run(source, modulePath, entryArgs, api, threading, statsMs, null, null, stdin, out, err);
    }

    /**
     * Runs a flow, recording what all its sources receive into a capture journal when {@code captureDir} is given
     * ({@code --capture DIR}; appended to when it already holds a capture).
     */
    static int run(final String source, final List<Path> modulePath, final String entryArgs, final String api,
        final Threading threading, final long statsMs, final Path captureDir, final JournalSettings captureSettings,
        final InputStream stdin, final PrintStream out, final PrintStream err)
    {
        final CompiledDeployment deployment;
        final FlowRuntime runtime;
        JournalWriter journal = null;
        try
        {
            deployment = TroyCompiler.compile(source, modulePath, QueryRun::arity, "main", entryArgs);
            journal = null == captureDir ? null : JournalWriter.open(captureDir, captureSettings);
            runtime = new FlowRuntime(deployment, stdin, out, err, Path.of("").toAbsolutePath(), threading, journal);
        }
        catch (final CompileError ex)
        {
            closeQuietly(journal);
            err.println(ex.render(source));
            return Main.EXIT_USAGE;
        }
        catch (final JournalException ex)
        {
            err.println("temblor run: --capture: " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        try
        {
            return run(runtime, deployment, source, api, statsMs, out, err);
        }
        finally
        {
            closeQuietly(journal);
        }
    }

    private static void closeQuietly(final JournalWriter journal)
    {
        if (null != journal)
        {
            journal.close();
        }
    }

    private static int run(final FlowRuntime runtime, final CompiledDeployment deployment, final String source,
        final String api, final long statsMs, final PrintStream out, final PrintStream err)
    {
        for (final Warning warning : deployment.warnings())
        {
            err.println(warning.render(source));
        }
        runtime.reportTo(err);
        final ApiServer server = null == api ? null : startApi(api, runtime);
        // SIGINT/SIGTERM: stop the sources and wait for the drain (the JVM halts as soon as the hooks return)
        final Thread hook = new Thread(() ->
        {
            runtime.exit(0, 0);
            try
            {
                runtime.awaitStopped(FlowRuntime.DRAIN_TIMEOUT_NS + 1_000_000_000L);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "temblor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        final Thread stats = statsMs > 0 ? startStats(runtime, statsMs, err) : null;
        try
        {
            final long code = runtime.run(0);
            out.flush();
            return (int)Math.max(0, Math.min(255, code));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return Main.EXIT_INTERNAL;
        }
        finally
        {
            if (null != stats)
            {
                stats.interrupt();
            }
            if (null != server)
            {
                server.close();
            }
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ex)
            {
                // the JVM is shutting down already
            }
        }
    }

    /**
     * Live counters: every {@code periodMs} a line {@code temblor: live 1.0s connector/x out N | pipeline/p in N out N
     * err N | ...} on standard error, from a daemon thread reading the runtime's single-writer counters.
     */
    private static Thread startStats(final FlowRuntime runtime, final long periodMs, final PrintStream err)
    {
        final long start = System.nanoTime();
        final Thread thread = new Thread(() ->
        {
            try
            {
                while (!Thread.currentThread().isInterrupted())
                {
                    Thread.sleep(periodMs);
                    final double seconds = (System.nanoTime() - start) / 1e9;
                    err.println(String.format(java.util.Locale.ROOT, "temblor: live %.1fs ", seconds) +
                        runtime.metrics().liveLine());
                    err.flush();
                }
            }
            catch (final InterruptedException ex)
            {
                // the run ended
            }
        }, "temblor-stats");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Starts the API, or logs why it cannot and goes on without it. */
    private static ApiServer startApi(final String api, final FlowRuntime runtime)
    {
        try
        {
            final ApiServer server = ApiServer.start(ApiServer.parseAddress(api), runtime, Main.version());
            Log.info("api", "listening", "address", "http://" + hostPort(server));
            return server;
        }
        catch (final IOException | RuntimeException ex)
        {
            Log.error("api", "cannot listen on " + api + "; the flow runs without the API (use --api HOST:PORT or " +
                "--no-api)", "error", ex.getMessage());
            return null;
        }
    }

    private static String hostPort(final ApiServer server)
    {
        final String host = server.address().getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + server.address().getPort();
    }
}
