package io.temblor.engine.runtime;

import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.compile.TroyCompiler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test helper: a troy flow compiled and run in-process on its own thread, stopped (drained) by {@link #close()}; and
 * small socket helpers (a free port, connecting while the flow's server comes up, waiting on a condition).
 */
final class RunningFlow implements AutoCloseable
{
    final FlowRuntime runtime;
    private final Thread thread;
    private volatile long code = -2;

    private RunningFlow(final FlowRuntime runtime, final long timeoutNs)
    {
        this.runtime = runtime;
        this.thread = new Thread(() ->
        {
            try
            {
                code = runtime.run(timeoutNs);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "flow");
        thread.start();
    }

    static CompiledDeployment compile(final String source, final Path dir)
    {
        return TroyCompiler.compile(source, List.of(dir), name ->
        {
            final AggregateFunction fn = Aggregates.lookup(name);
            return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
        }, "main", null);
    }

    /**
     * Compiles and starts a flow (at most two minutes).
     *
     * @param troy the deployment, with a flow {@code main}.
     * @param dir the working folder.
     * @return the running flow.
     */
    static RunningFlow start(final String troy, final Path dir)
    {
        return new RunningFlow(new FlowRuntime(compile(troy, dir), new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir), 120_000_000_000L);
    }

    /**
     * Asks the flow to stop, waits for its drain.
     *
     * @return the exit code (-1 when it timed out, -2 when it did not stop).
     */
    long stop() throws InterruptedException
    {
        runtime.exit(0, 0);
        thread.join(20_000);
        return code;
    }

    @Override
    public void close() throws InterruptedException
    {
        stop();
    }

    static int freePort() throws IOException
    {
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            return probe.getLocalPort();
        }
    }

    /** Connects to a server the flow is starting, trying for up to ten seconds. */
    static SocketChannel connect(final SocketAddress address) throws Exception
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (true)
        {
            try
            {
                return SocketChannel.open(address);
            }
            catch (final IOException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw ex;
                }
                Thread.sleep(20);
            }
        }
    }

    /** Waits, polling, until the condition holds (fails after the timeout). */
    static void await(final String what, final long timeoutMs, final BooleanSupplier condition) throws Exception
    {
        await(what, timeoutMs, condition, () -> "");
    }

    /** Waits, polling, until the condition holds (fails after the timeout, saying what was seen). */
    static void await(final String what, final long timeoutMs, final BooleanSupplier condition,
        final java.util.function.Supplier<String> seen) throws Exception
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("timed out waiting for " + what + " " + seen.get());
            }
            Thread.sleep(5);
        }
    }
}
