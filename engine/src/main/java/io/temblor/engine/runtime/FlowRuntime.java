package io.temblor.engine.runtime;

import io.temblor.engine.pipeline.Pipeline;
import io.temblor.offheap.EventRing;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.error.CompileError;
import io.temblor.transport.AeronPublicationAgent;
import io.temblor.transport.AeronSubscriptionAgent;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Runs a compiled troy deployment: one agent per connector and per pipeline, one {@link EventRing} per
 * {@code connect}, all agents on one duty-cycle thread (Agrona {@link CompositeAgent} under an {@link AgentRunner}) in
 * this first version. The run ends when an {@code exit} connector gets an event (after its delay; the event's
 * {@code exit} field is the exit code) or {@link #exit} is called (SIGINT/SIGTERM through the CLI); it then stops the
 * sources and lets the agents drain the rings (bounded by {@link #DRAIN_TIMEOUT_NS}) before closing, so events already
 * accepted are delivered.
 *
 * <p>Connectors in this version: {@code metronome}, {@code exit}, {@code null}, {@code stdio}/{@code console}
 * (stdin lines in, events out to stdout), {@code file} ({@code config.path}, {@code config.mode} = {@code read} or
 * {@code write}/{@code append}/{@code truncate}), {@code tcp_server} and {@code udp_server} as sources and
 * {@code tcp_client} and {@code udp_client} as sinks ({@code config.url} = {@code host:port}; one preprocessor or
 * postprocessor; the codec), {@code aeron} as source and/or sink ({@link AeronConnector}). Others are reported as
 * not supported when the deployment starts.
 */
public final class FlowRuntime
{
    /** Bytes of data per ring. */
    public static final int RING_CAPACITY = 1 << 20;
    /** How long a stop waits for the rings to drain. */
    public static final long DRAIN_TIMEOUT_NS = 2_000_000_000L;

    private final List<Agent> agents = new ArrayList<>();
    private final List<Connectors.Source> sources = new ArrayList<>();
    private final List<PipelineAgent> pipelines = new ArrayList<>();
    private final List<EventRing> rings = new ArrayList<>();
    private final List<BooleanSupplier> busy = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile PrintStream report;
    private volatile long exitCode;
    private volatile long exitAtNs = -1;
    private final LongSupplier clock = System::nanoTime;

    /**
     * Builds the agents of a deployment.
     *
     * @param deployment the compiled deployment.
     * @param stdin standard input (for {@code stdio} sources).
     * @param stdout standard output (for {@code stdio} sinks).
     * @param workDir the folder relative file paths resolve against.
     * @throws CompileError when a connector's type or configuration is not supported.
     */
    public FlowRuntime(final CompiledDeployment deployment, final InputStream stdin, final PrintStream stdout,
        final Path workDir)
    {
        for (final CompiledDeployment.Flow flow : deployment.flows())
        {
            build(flow, stdin, stdout, workDir);
        }
    }

    private void build(final CompiledDeployment.Flow flow, final InputStream stdin, final PrintStream stdout,
        final Path workDir)
    {
        // rings: one per connection, indexed by the endpoints they join
        final Map<String, List<EventRing>> outOf = new HashMap<>();
        final Map<String, List<EventRing>> into = new HashMap<>();
        for (final CompiledDeployment.Connection c : flow.connections())
        {
            final EventRing ring = new EventRing(RING_CAPACITY);
            rings.add(ring);
            outOf.computeIfAbsent(key(c.from().kind(), c.from().alias(), c.from().port()), k -> new ArrayList<>()).add(ring);
            into.computeIfAbsent(c.to().kind() + "/" + c.to().alias(), k -> new ArrayList<>()).add(ring);
        }
        for (final CompiledDeployment.Pipeline p : flow.pipelines())
        {
            final EventRing[] in = into.getOrDefault("pipeline/" + p.alias(), List.of()).toArray(new EventRing[0]);
            final EventRing[][] out = {
                {},
                rings(outOf, "pipeline", p.alias(), "out"),
                rings(outOf, "pipeline", p.alias(), "err"),
                {}};
            final PipelineAgent agent = new PipelineAgent("pipeline/" + p.alias(), new Pipeline(p.query()), in, out,
                PipelineAgent.DEFAULT_BATCH);
            pipelines.add(agent);
            agents.add(agent);
        }
        final ConnectorContext.RuntimeEnv env = new ConnectorContext.RuntimeEnv(stdin, stdout, workDir, clock);
        for (final CompiledDeployment.Connector c : flow.connectors())
        {
            final ConnectorBuilder builder = ConnectorRegistry.builder(c.type());
            if (null == builder)
            {
                throw new CompileError(null, "connector " + c.alias() + ": the `" + c.type() +
                    "` connector is not supported by this runtime (supported: " +
                    String.join(", ", ConnectorRegistry.types()) + ")");
            }
            final Map<String, EventRing[]> ports = new HashMap<>();
            final String prefix = key("connector", c.alias(), "");
            outOf.forEach((k, v) ->
            {
                if (k.startsWith(prefix))
                {
                    ports.put(k.substring(prefix.length()), v.toArray(new EventRing[0]));
                }
            });
            final EventRing[] in = into.getOrDefault("connector/" + c.alias(), List.of()).toArray(new EventRing[0]);
            builder.build(new ConnectorContext(this, c, ports, in, env));
        }
    }

    void addAgent(final Agent agent)
    {
        agents.add(agent);
    }

    void addSource(final Connectors.Source source)
    {
        sources.add(source);
        agents.add(source);
    }

    void addBusy(final BooleanSupplier condition)
    {
        busy.add(condition);
    }

    EventRing addRing(final EventRing ring)
    {
        rings.add(ring);
        return ring;
    }

    private static String key(final String kind, final String alias, final String port)
    {
        return kind + "/" + alias + "/" + port;
    }

    private static EventRing[] rings(final Map<String, List<EventRing>> outOf, final String kind, final String alias,
        final String port)
    {
        return outOf.getOrDefault(key(kind, alias, port), List.of()).toArray(new EventRing[0]);
    }

    /**
     * Asks the run to end (an {@code exit} connector, or a signal).
     *
     * @param code the exit code.
     * @param delayNs how long to wait first.
     */
    public void exit(final long code, final long delayNs)
    {
        if (exitAtNs < 0)
        {
            exitCode = code;
            exitAtNs = clock.getAsLong() + Math.max(0, delayNs);
        }
    }

    /**
     * Runs until exit, then drains and stops.
     *
     * @param timeoutNs the longest run, or 0 for no limit.
     * @return the exit code, or -1 when the run timed out.
     * @throws InterruptedException when interrupted.
     */
    public long run(final long timeoutNs) throws InterruptedException
    {
        final Agent controller = new Agent()
        {
            private boolean draining;
            private long drainUntil;

            @Override
            public int doWork()
            {
                final long at = exitAtNs;
                final long now = clock.getAsLong();
                if (at < 0 || now < at)
                {
                    return 0;
                }
                if (!draining)
                {
                    draining = true;
                    drainUntil = now + DRAIN_TIMEOUT_NS;
                    for (final Connectors.Source s : sources)
                    {
                        s.stopped = true;
                    }
                }
                if (drained() || now > drainUntil)
                {
                    done.countDown();
                }
                return 0;
            }

            @Override
            public String roleName()
            {
                return "controller";
            }
        };
        final List<Agent> all = new ArrayList<>(agents);
        all.add(controller);
        final AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null,
            new CompositeAgent(all));
        AgentRunner.startOnThread(runner);
        try
        {
            final boolean finished = timeoutNs > 0 ? done.await(timeoutNs, TimeUnit.NANOSECONDS) : await();
            return finished ? exitCode : -1;
        }
        finally
        {
            runner.close();
            if (null != report)
            {
                report.println("temblor: stopped; " + summary());
                report.flush();
            }
            stopped.countDown();
        }
    }

    /**
     * Where a summary of the run is printed when it stops (null for none).
     *
     * @param stream the stream.
     */
    public void reportTo(final PrintStream stream)
    {
        this.report = stream;
    }

    /**
     * Events each source handed on and each writing sink wrote, e.g. {@code connector/tick sent 512, connector/out
     * wrote 512}.
     *
     * @return the summary.
     */
    public String summary()
    {
        final StringBuilder out = new StringBuilder();
        for (final Agent agent : agents)
        {
            if (agent instanceof Connectors.Source source)
            {
                out.append(out.isEmpty() ? "" : ", ").append(source.roleName()).append(" sent ").append(source.sent);
            }
            else if (agent instanceof Connectors.Writer writer)
            {
                out.append(out.isEmpty() ? "" : ", ").append(writer.roleName()).append(" wrote ").append(writer.written);
                failures(out, writer.roleName(), writer.failed(), writer.lastFailure());
            }
            else if (agent instanceof CodecAgents.Encode encode)
            {
                failures(out, encode.roleName(), encode.failed(), encode.lastFailure());
            }
            else if (agent instanceof CodecAgents.Decode decode)
            {
                failures(out, decode.roleName(), decode.failed(), decode.lastFailure());
            }
            else if (agent instanceof AeronPublicationAgent publication)
            {
                out.append(out.isEmpty() ? "" : ", ").append(publication.roleName()).append(" published ")
                    .append(publication.sent());
                if (publication.isHoldingFrame())
                {
                    out.append(" (one held: ").append(publication.isConnected() ? "back-pressured" : "no subscriber")
                        .append(')');
                }
                failures(out, publication.roleName(), publication.undeliveredFrames(), publication.lastFailure());
            }
            else if (agent instanceof AeronSubscriptionAgent subscription)
            {
                out.append(out.isEmpty() ? "" : ", ").append(subscription.roleName()).append(" received ")
                    .append(subscription.received());
            }
        }
        return out.toString();
    }

    private static void failures(final StringBuilder out, final String who, final long failed, final String reason)
    {
        if (failed > 0)
        {
            out.append(out.isEmpty() ? "" : ", ").append(who).append(" failed ").append(failed).append(" (last: ")
                .append(reason).append(')');
        }
    }

    /**
     * Waits until a run has drained and closed its agents (for a shutdown hook: the JVM stops once hooks return).
     *
     * @param timeoutNs the longest wait.
     * @return true when the run stopped in time.
     * @throws InterruptedException when interrupted.
     */
    public boolean awaitStopped(final long timeoutNs) throws InterruptedException
    {
        return stopped.await(timeoutNs, TimeUnit.NANOSECONDS);
    }

    private boolean await() throws InterruptedException
    {
        done.await();
        return true;
    }

    private boolean drained()
    {
        for (final EventRing ring : rings)
        {
            if (ring.size() > 0)
            {
                return false;
            }
        }
        for (final PipelineAgent p : pipelines)
        {
            if (p.holdsEvents())
            {
                return false;
            }
        }
        for (final BooleanSupplier b : busy)
        {
            if (b.getAsBoolean())
            {
                return false;
            }
        }
        return true;
    }
}
