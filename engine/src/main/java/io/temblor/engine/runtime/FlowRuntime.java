package io.temblor.engine.runtime;

import io.temblor.engine.log.Log;
import io.temblor.engine.pipeline.Pipeline;
import io.temblor.offheap.EventRing;
import io.temblor.offheap.journal.JournalWriter;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.error.CompileError;
import io.temblor.script.value.Values;
import io.temblor.transport.AeronPublicationAgent;
import io.temblor.transport.AeronSubscriptionAgent;
import io.temblor.transport.NativeFileAgent;
import io.temblor.transport.TcpClientAgent;
import io.temblor.transport.TcpServerAgent;
import io.temblor.transport.UdpServerAgent;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Runs a compiled troy deployment: one agent per connector and per pipeline, one {@link EventRing} per
 * {@code connect}, the agents on duty-cycle threads placed by a {@link Threading} (one shared thread, one thread per
 * agent, or a pool where each thread runs its agents in turn). The run ends when an {@code exit} connector gets an
 * event (after its delay; the event's {@code exit} field is the exit code) or {@link #exit} is called (SIGINT/SIGTERM
 * through the CLI); it then stops the sources and lets the agents drain the rings (bounded by
 * {@link #DRAIN_TIMEOUT_NS}) before closing every thread, so events already accepted are delivered.
 *
 * <p>Every ring keeps one producer thread and one consumer thread in every mode: a ring is written by one agent and
 * read by one agent, and an agent always runs on one thread. An agent that throws is reported on the report stream
 * (or standard error) with its role name and counted in the {@link #summary}; the other agents go on.
 *
 * <p>Connectors in this version: {@code metronome}, {@code exit}, {@code null}, {@code stdio}/{@code console}
 * ({@link StdioConnector}: stdin decoded in, events out to stdout or stderr), {@code file} ({@code config.path},
 * {@code config.mode} = {@code read} or {@code write}/{@code append}/{@code truncate}), {@code tcp_server} and
 * {@code udp_server} as sources and {@code tcp_client} and {@code udp_client} as sinks ({@code config.url} =
 * {@code host:port}; one preprocessor or postprocessor; the codec), {@code unix_socket_server} and
 * {@code unix_socket_client} ({@code config.path}), {@code native_file} (writev of encoded events to a file or
 * descriptor), and {@code aeron} as source and/or sink ({@link AeronConnector}). Others are reported as not supported
 * when the deployment starts.
 */
public final class FlowRuntime
{
    /** Bytes of data per ring. */
    public static final int RING_CAPACITY = 1 << 20;
    /** How long a stop waits for the rings to drain. */
    public static final long DRAIN_TIMEOUT_NS = 2_000_000_000L;
    /** Stack traces printed per failing agent before its errors are only counted. */
    private static final int TRACES_PER_AGENT = 3;

    private final List<Agent> agents = new ArrayList<>();
    private final Map<Agent, Integer> stages = new IdentityHashMap<>();
    private final List<Connectors.Source> sources = new ArrayList<>();
    private final List<EventRing> rings = new ArrayList<>();
    /** The rings pipelines read (they take {@link PipelineAgent#TAPE} frames). */
    private final Map<EventRing, Boolean> pipelineInputs = new IdentityHashMap<>();
    private final Map<Agent, AtomicLong> agentErrors = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Threading threading;
    private volatile PrintStream report;
    private volatile String lastAgentError;
    private volatile long exitCode;
    private volatile long exitAtNs = -1;
    private volatile List<AgentGroup> groups = List.of();
    private final LongSupplier clock;
    private final ReplayPlan replay;
    private final RuntimeMetrics metrics = new RuntimeMetrics();
    private volatile RuntimeStatus.State state = RuntimeStatus.State.INITIALIZING;
    private int stageOfNewAgents;
    private int stageOfNewSources;

    /**
     * Builds the agents of a deployment, placed by the default {@link Threading}.
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
        this(deployment, stdin, stdout, workDir, Threading.defaults());
    }

    /**
     * Builds the agents of a deployment.
     *
     * @param deployment the compiled deployment.
     * @param stdin standard input (for {@code stdio} sources).
     * @param stdout standard output (for {@code stdio} sinks).
     * @param workDir the folder relative file paths resolve against.
     * @param threading how the agents are placed on threads and how idle threads wait.
     * @throws CompileError when a connector's type or configuration is not supported.
     */
    public FlowRuntime(final CompiledDeployment deployment, final InputStream stdin, final PrintStream stdout,
        final Path workDir, final Threading threading)
    {
        this(deployment, stdin, stdout, System.err, workDir, threading);
    }

    /**
     * Builds the agents of a deployment, with the stream {@code stdio} sinks write their {@code stderr} port to.
     *
     * @param deployment the compiled deployment.
     * @param stdin standard input (for {@code stdio} sources).
     * @param stdout standard output (for {@code stdio} sinks).
     * @param stderr standard error (for the {@code stderr} port of {@code stdio} sinks).
     * @param workDir the folder relative file paths resolve against.
     * @param threading how the agents are placed on threads and how idle threads wait.
     * @throws CompileError when a connector's type or configuration is not supported.
     */
    public FlowRuntime(final CompiledDeployment deployment, final InputStream stdin, final PrintStream stdout,
        final PrintStream stderr, final Path workDir, final Threading threading)
    {
        this(deployment, stdin, stdout, stderr, workDir, threading, null, null);
    }

    /**
     * Builds the agents of a deployment whose sources all record what they receive into a capture journal
     * ({@code temblor run --capture DIR}): raw bytes before preprocessors, or the events of sources that make them.
     * Source ids are the connector aliases, {@code flow/alias} when the deployment has several flows.
     *
     * @param deployment the compiled deployment.
     * @param stdin standard input (for {@code stdio} sources).
     * @param stdout standard output (for {@code stdio} sinks).
     * @param stderr standard error (for the {@code stderr} port of {@code stdio} sinks).
     * @param workDir the folder relative file paths resolve against.
     * @param threading how the agents are placed on threads and how idle threads wait.
     * @param capture the journal to record into (the caller closes it after the run), or null for none.
     * @throws CompileError when a connector's type or configuration is not supported.
     */
    public FlowRuntime(final CompiledDeployment deployment, final InputStream stdin, final PrintStream stdout,
        final PrintStream stderr, final Path workDir, final Threading threading, final JournalWriter capture)
    {
        this(deployment, stdin, stdout, stderr, workDir, threading, capture, null);
    }

    /**
     * Builds the agents of a deployment for a replay: the plan's connectors are fed or collected by the replay, and
     * the plan's clock (a {@link VirtualClock} in deterministic mode) is the runtime's clock (connectors' ingest
     * times, metronomes, exit delays); the controller's deadline and drain bound stay on the wall clock.
     *
     * @param deployment the compiled deployment.
     * @param stdin standard input (for {@code stdio} sources).
     * @param stdout standard output (for {@code stdio} sinks).
     * @param stderr standard error (for the {@code stderr} port of {@code stdio} sinks).
     * @param workDir the folder relative file paths resolve against.
     * @param threading how the agents are placed on threads and how idle threads wait.
     * @param replay the replay's plan.
     * @throws CompileError when a connector's type or configuration is not supported.
     */
    public FlowRuntime(final CompiledDeployment deployment, final InputStream stdin, final PrintStream stdout,
        final PrintStream stderr, final Path workDir, final Threading threading, final ReplayPlan replay)
    {
        this(deployment, stdin, stdout, stderr, workDir, threading, null, replay);
    }

    private FlowRuntime(final CompiledDeployment deployment, final InputStream stdin, final PrintStream stdout,
        final PrintStream stderr, final Path workDir, final Threading threading, final JournalWriter capture,
        final ReplayPlan replay)
    {
        this.threading = threading;
        this.replay = replay;
        this.clock = null == replay ? System::nanoTime : replay.clock();
        final boolean nested = deployment.flows().size() > 1;
        for (final CompiledDeployment.Flow flow : deployment.flows())
        {
            build(flow, new ConnectorContext.RuntimeEnv(stdin, stdout, stderr, workDir, clock, capture,
                nested ? flow.alias() + "/" : ""));
        }
    }

    private void build(final CompiledDeployment.Flow flow, final ConnectorContext.RuntimeEnv env)
    {
        // rings: one per connection, indexed by the endpoints they join
        final Map<String, List<EventRing>> outOf = new HashMap<>();
        final Map<String, List<EventRing>> into = new HashMap<>();
        final Map<String, List<EventRing>> intoPort = new HashMap<>();
        metrics.flow(flow);
        for (final CompiledDeployment.Connection c : flow.connections())
        {
            final EventRing ring = new EventRing(RING_CAPACITY);
            rings.add(ring);
            metrics.ring(flow.alias(), key(c.from().kind(), c.from().alias(), c.from().port()) + "->" +
                key(c.to().kind(), c.to().alias(), c.to().port()), ring);
            outOf.computeIfAbsent(key(c.from().kind(), c.from().alias(), c.from().port()), k -> new ArrayList<>()).add(ring);
            into.computeIfAbsent(c.to().kind() + "/" + c.to().alias(), k -> new ArrayList<>()).add(ring);
            intoPort.computeIfAbsent(key(c.to().kind(), c.to().alias(), c.to().port()), k -> new ArrayList<>()).add(ring);
        }
        final Map<String, Integer> depth = depths(flow);
        for (final CompiledDeployment.Pipeline p : flow.pipelines())
        {
            final EventRing[] in = into.getOrDefault("pipeline/" + p.alias(), List.of()).toArray(new EventRing[0]);
            final EventRing[][] out = {
                {},
                rings(outOf, "pipeline", p.alias(), "out"),
                rings(outOf, "pipeline", p.alias(), "err"),
                namedPortRings(outOf, p.alias())};
            for (final EventRing ring : in)
            {
                pipelineInputs.put(ring, Boolean.TRUE);
            }
            final PipelineAgent agent = new PipelineAgent("pipeline/" + p.alias(), new Pipeline(p.query()), in, out,
                PipelineAgent.DEFAULT_BATCH);
            stageOfNewAgents = depth.getOrDefault("pipeline/" + p.alias(), 1);
            addAgent(agent);
            final long[] interval = p.query().config().get("metrics_interval_s");
            metrics.pipeline(flow.alias(), p.alias(), agent, null != interval && Values.isNumber(interval[0]) ?
                (long)(Values.toDouble(interval[0], interval[1]) * 1e9) : 0);
        }
        for (final CompiledDeployment.Connector c : flow.connectors())
        {
            final ConnectorBuilder builder = null == replay ? ConnectorRegistry.builder(c.type()) :
                replay.builder(c, ConnectorRegistry.builder(c.type()));
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
            final Map<String, EventRing[]> inPorts = new HashMap<>();
            intoPort.forEach((k, v) ->
            {
                if (k.startsWith(prefix))
                {
                    inPorts.put(k.substring(prefix.length()), v.toArray(new EventRing[0]));
                }
            });
            final int firstAgent = agents.size();
            final int firstRing = rings.size();
            // a connector's sources run at stage 0; its other agents (sinks, decoders) after what feeds it, if anything
            stageOfNewSources = 0;
            stageOfNewAgents = depth.getOrDefault("connector/" + c.alias(), 0);
            builder.build(new ConnectorContext(this, c, ports, in, inPorts, env));
            metrics.connector(flow.alias(), c, agents.subList(firstAgent, agents.size()),
                JsonConfig.number(JsonConfig.parse(c.with().get("metrics_interval_s")), 0) * 1_000_000_000L);
            for (int i = firstRing; i < rings.size(); i++)
            {
                metrics.ring(flow.alias(), "connector/" + c.alias() + "#" + (i - firstRing), rings.get(i));
            }
        }
    }

    /**
     * The stage of each node: connectors that nothing feeds are 0, a pipeline is one more than the deepest node
     * feeding it (cycles through a connector that is both source and sink start again at that connector's source
     * side, 0), and a connector that is fed is one more than its deepest feeder (its sink side).
     */
    private static Map<String, Integer> depths(final CompiledDeployment.Flow flow)
    {
        final Map<String, Integer> depth = new HashMap<>();
        final int nodes = flow.pipelines().size() + flow.connectors().size();
        // longest path by relaxation, bounded by the node count so a cycle between pipelines cannot loop
        for (int round = 0; round < nodes; round++)
        {
            boolean changed = false;
            for (final CompiledDeployment.Connection c : flow.connections())
            {
                final String from = c.from().kind() + "/" + c.from().alias();
                final String to = c.to().kind() + "/" + c.to().alias();
                final int fromDepth = from.startsWith("connector/") ? 0 : depth.getOrDefault(from, 1);
                final int d = Math.min(nodes, fromDepth + 1);
                if (depth.getOrDefault(to, to.startsWith("connector/") ? 0 : 1) < d)
                {
                    depth.put(to, d);
                    changed = true;
                }
            }
            if (!changed)
            {
                break;
            }
        }
        return depth;
    }

    /** @return the agents built (a read-only view; their counters may be read from any thread). */
    List<Agent> agents()
    {
        return java.util.Collections.unmodifiableList(agents);
    }

    void addAgent(final Agent agent)
    {
        agents.add(agent);
        stages.put(agent, stageOfNewAgents);
    }

    void addSource(final Connectors.Source source)
    {
        sources.add(source);
        agents.add(source);
        stages.put(source, stageOfNewSources);
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

    /**
     * The rings of a pipeline's one connected output port other than {@code out} and {@code err} (such as the
     * {@code exit} port of Tremor's test pipelines); none when no such port, or several, are connected, as the agent
     * marks all named ports alike.
     */
    private static EventRing[] namedPortRings(final Map<String, List<EventRing>> outOf, final String alias)
    {
        final String prefix = key("pipeline", alias, "");
        String named = null;
        for (final String k : outOf.keySet())
        {
            final String port = k.startsWith(prefix) ? k.substring(prefix.length()) : null;
            if (null != port && !"out".equals(port) && !"err".equals(port))
            {
                if (null != named)
                {
                    return new EventRing[0];
                }
                named = k;
            }
        }
        return null == named ? new EventRing[0] : outOf.get(named).toArray(new EventRing[0]);
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
    public synchronized void exit(final long code, final long delayNs)
    {
        if (exitAtNs < 0)
        {
            exitCode = code;
            exitAtNs = clock.getAsLong() + Math.max(0, delayNs);
        }
    }

    /**
     * Runs until exit, then drains and stops: starts the threads of the {@link Threading}, waits (on the calling thread)
     * for the exit, stops the sources, waits until the rings have drained (every thread has run a whole duty cycle
     * since the rings were last seen empty and nothing went through them), then closes every thread (each closes its
     * agents).
     *
     * @param timeoutNs the longest run, or 0 for no limit.
     * @return the exit code, or -1 when the run timed out.
     * @throws InterruptedException when interrupted.
     */
    public long run(final long timeoutNs) throws InterruptedException
    {
        final List<AgentGroup> placed = place();
        groups = placed;
        final List<AgentRunner> runners = new ArrayList<>();
        final ConnectionWatcher connections = new ConnectionWatcher(metrics);
        state = RuntimeStatus.State.RUNNING;
        Log.info("runtime", "started", "flows", metrics.flows().size(), "agents", agents.size(), "rings", rings.size(),
            "threads", placed.size());
        connections.start();
        try
        {
            for (final AgentGroup group : placed)
            {
                final AgentRunner runner = new AgentRunner(threading.newIdleStrategy(),
                    ex -> agentFailed(group, ex), null, group);
                runners.add(runner);
                AgentRunner.startOnThread(runner);
            }
            final long deadline = timeoutNs > 0 ? System.nanoTime() + timeoutNs : Long.MAX_VALUE;
            final boolean finished = control(deadline);
            return finished ? exitCode : -1;
        }
        finally
        {
            for (final AgentRunner runner : runners)
            {
                runner.close();
            }
            connections.stop();
            state = RuntimeStatus.State.STOPPED;
            Log.info("runtime", "stopped", "exit", exitCode);
            if (null != report)
            {
                report.println("temblor: stopped; " + summary());
                report.flush();
            }
            stopped.countDown();
        }
    }

    /**
     * The metrics of this runtime's connectors, pipelines and rings. Any thread.
     *
     * @return the registry.
     */
    public RuntimeMetrics metrics()
    {
        return metrics;
    }

    /**
     * The state of the run. Any thread.
     *
     * @return the state.
     */
    public RuntimeStatus.State state()
    {
        return state;
    }

    /**
     * A view of the deployed flows, their connectors and state. Any thread.
     *
     * @return the flows.
     */
    public List<RuntimeStatus.Flow> status()
    {
        return RuntimeStatus.of(metrics, state);
    }

    /** The controller: waits for the exit time, stops the sources and waits for the drain; false on the deadline. */
    private boolean control(final long deadline) throws InterruptedException
    {
        long drainUntil = -1;
        boolean finishesRequested = false;
        long[] positions = null;
        long[] cycles = null;
        while (true)
        {
            final long now = System.nanoTime();
            if (now > deadline)
            {
                return false;
            }
            final long at = exitAtNs;
            if (at >= 0 && (drainUntil >= 0 || clock.getAsLong() >= at))
            {
                if (drainUntil < 0)
                {
                    drainUntil = now + DRAIN_TIMEOUT_NS;
                    state = RuntimeStatus.State.DRAINING;
                    for (final Connectors.Source s : sources)
                    {
                        s.stopped = true;
                    }
                    // network sources stop reading too: what they read is drained, nothing more comes in
                    for (final Agent agent : agents)
                    {
                        switch (agent)
                        {
                            case TcpServerAgent t -> t.stopReading();
                            case UdpServerAgent u -> u.stopReading();
                            case TcpClientAgent c -> c.stopReading();
                            default ->
                            {
                            }
                        }
                    }
                }
                if (now > drainUntil)
                {
                    return true;
                }
                if (null == positions)
                {
                    // look 1: where the producers are, then whether every ring is empty, then the threads' cycles
                    final long[] p = positions();
                    if (empty())
                    {
                        positions = p;
                        cycles = cycles();
                    }
                }
                else if (cycledTwice(cycles))
                {
                    // look 2: a whole cycle of every thread later, nothing was written and every ring is empty
                    if (Arrays.equals(positions, positions()) && empty())
                    {
                        if (finishesRequested || !requestFinishes())
                        {
                            return true;
                        }
                        // sinks finish their postprocessor chains now; what that sends is drained in turn
                        finishesRequested = true;
                    }
                    positions = null;
                }
            }
            if (Thread.interrupted())
            {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(null == positions ? 1_000_000L : 50_000L);
        }
    }

    /** Asks the encode agents whose chains end with the flow to finish them; false when there is none. */
    private boolean requestFinishes()
    {
        boolean any = false;
        for (final Agent agent : agents)
        {
            if (agent instanceof CodecAgents.Encode encode && encode.requestFinish())
            {
                any = true;
            }
        }
        return any;
    }

    private long[] positions()
    {
        final long[] p = new long[rings.size()];
        for (int i = 0; i < p.length; i++)
        {
            p[i] = rings.get(i).producerPosition();
        }
        return p;
    }

    private boolean empty()
    {
        for (final EventRing ring : rings)
        {
            if (ring.size() > 0)
            {
                return false;
            }
        }
        return !holding();
    }

    private long[] cycles()
    {
        final List<AgentGroup> g = groups;
        final long[] c = new long[g.size()];
        for (int i = 0; i < c.length; i++)
        {
            c[i] = g.get(i).cycles();
        }
        return c;
    }

    private boolean cycledTwice(final long[] since)
    {
        final List<AgentGroup> g = groups;
        for (int i = 0; i < since.length; i++)
        {
            if (g.get(i).cycles() < since[i] + 2)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every ring is read by a pipeline (so frames written to them may be {@link PipelineAgent#TAPE} frames).
     * Build time.
     *
     * @param out rings (of a connector's output port).
     * @return true when there is at least one ring and pipelines read them all.
     */
    boolean feedsPipelinesOnly(final EventRing[] out)
    {
        for (final EventRing ring : out)
        {
            if (!pipelineInputs.containsKey(ring))
            {
                return false;
            }
        }
        return out.length > 0;
    }

    /** The threads' agent groups for this runtime's {@link Threading}. */
    private List<AgentGroup> place()
    {
        final List<List<Agent>> threads = new ArrayList<>();
        switch (threading.mode())
        {
            case SHARED -> threads.add(new ArrayList<>(agents));
            case DEDICATED ->
            {
                for (final Agent agent : agents)
                {
                    threads.add(List.of(agent));
                }
            }
            case POOL ->
            {
                for (int i = 0; i < threading.threads(); i++)
                {
                    threads.add(new ArrayList<>());
                }
                for (final Agent agent : agents)
                {
                    threads.get(stages.getOrDefault(agent, 0) % threading.threads()).add(agent);
                }
            }
            default -> throw new IllegalStateException(threading.toString());
        }
        final List<AgentGroup> placed = new ArrayList<>();
        for (final List<Agent> members : threads)
        {
            if (!members.isEmpty())
            {
                placed.add(new AgentGroup("temblor-" + placed.size(), members, this::agentFailed));
            }
        }
        if (placed.isEmpty())
        {
            placed.add(new AgentGroup("temblor-0", List.of(), this::agentFailed));
        }
        return placed;
    }

    /**
     * The threads of the last {@link #run} and the agents on each, e.g. {@code temblor-0: connector/in, connector/out;
     * temblor-1: pipeline/main}.
     *
     * @return the layout (empty before a run).
     */
    public String layout()
    {
        final StringBuilder out = new StringBuilder();
        for (final AgentGroup group : groups)
        {
            out.append(out.isEmpty() ? "" : "; ").append(group.roleName()).append(": ").append(group.members());
        }
        return out.toString();
    }

    /**
     * The threading this runtime runs with.
     *
     * @return the threading.
     */
    public Threading threading()
    {
        return threading;
    }

    /**
     * Errors thrown by agents so far.
     *
     * @return the count.
     */
    public long agentErrors()
    {
        long n = 0;
        for (final AtomicLong count : agentErrors.values())
        {
            n += count.get();
        }
        return n;
    }

    private void agentFailed(final Agent agent, final Throwable error)
    {
        final long n = agentErrors.computeIfAbsent(agent, a -> new AtomicLong()).incrementAndGet();
        lastAgentError = agent.roleName() + ": " + error;
        if (n <= TRACES_PER_AGENT)
        {
            final PrintStream out = null == report ? System.err : report;
            synchronized (out)
            {
                out.println("temblor: agent " + agent.roleName() + " failed" + (n == TRACES_PER_AGENT ?
                    " (further errors of this agent are only counted)" : "") + ": " + error);
                error.printStackTrace(out);
                out.flush();
            }
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
            else if (agent instanceof NativeFileAgent writer)
            {
                out.append(out.isEmpty() ? "" : ", ").append(writer.roleName()).append(" wrote ")
                    .append(writer.framesWritten());
                failures(out, writer.roleName(), writer.failedFrames(), writer.lastFailure());
            }
            else if (agent instanceof CodecAgents.Encode encode)
            {
                failures(out, encode.roleName(), encode.failed(), encode.lastFailure());
            }
            else if (agent instanceof CodecAgents.Decode decode)
            {
                if (decode.decoded > 0)
                {
                    out.append(out.isEmpty() ? "" : ", ").append(decode.roleName()).append(" decoded ")
                        .append(decode.decoded);
                }
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
            else if (agent instanceof MetricsConnector.Sink sink)
            {
                failures(out, sink.roleName(), sink.failed(), sink.lastFailure());
            }
        }
        final long errors = agentErrors();
        if (errors > 0)
        {
            out.append(out.isEmpty() ? "" : ", ").append("agent errors ").append(errors).append(" (last: ")
                .append(lastAgentError).append(')');
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

    /** Whether an agent holds frames outside the rings (staged under back pressure, or not yet sent). */
    private boolean holding()
    {
        for (final Agent agent : agents)
        {
            final boolean holding = switch (agent)
            {
                case PipelineAgent p -> p.holdsEvents();
                case CodecAgents.Encode e -> e.holding() || e.finishPending();
                case CodecAgents.Relay r -> r.holding();
                case Connectors.Source s -> !s.idle();
                case TcpClientAgent c -> !c.hasGivenUp() && (c.bufferedFrames() > 0 || c.isHoldingFrame());
                case NativeFileAgent n -> n.isHolding();
                case AeronPublicationAgent a -> a.isHoldingFrame();
                default -> false;
            };
            if (holding)
            {
                return true;
            }
        }
        return false;
    }
}
