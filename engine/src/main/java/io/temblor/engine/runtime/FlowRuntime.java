package io.temblor.engine.runtime;

import io.temblor.engine.codec.Codec;
import io.temblor.engine.codec.Codecs;
import io.temblor.engine.pipeline.Pipeline;
import io.temblor.offheap.EventRing;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.error.CompileError;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * postprocessor; the codec). Others are reported as not supported when the deployment starts.
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
        for (final CompiledDeployment.Connector c : flow.connectors())
        {
            final EventRing[] out = rings(outOf, "connector", c.alias(), "out");
            final EventRing[] in = into.getOrDefault("connector/" + c.alias(), List.of()).toArray(new EventRing[0]);
            final Object config = JsonConfig.parse(c.with().get("config"));
            final String name = "connector/" + c.alias();
            switch (c.type())
            {
                case "metronome" ->
                {
                    final Connectors.Metronome m = new Connectors.Metronome(name, out,
                        JsonConfig.number(JsonConfig.field(config, "interval"), 1_000_000_000L), clock);
                    sources.add(m);
                    agents.add(m);
                }
                case "exit" -> agents.add(new Connectors.Exit(name, in, this));
                case "null" -> agents.add(new Connectors.Null(name, in));
                case "stdio", "console" ->
                {
                    if (out.length > 0)
                    {
                        final Connectors.Lines lines = new Connectors.Lines(name, out, stdin, clock);
                        sources.add(lines);
                        agents.add(lines);
                    }
                    if (in.length > 0)
                    {
                        agents.add(new Connectors.Writer(name, in, stdout, codec(c)));
                    }
                }
                case "file" ->
                {
                    final String path = JsonConfig.text(JsonConfig.field(config, "path"), "");
                    final Path file = workDir.resolve(path);
                    final String mode = JsonConfig.text(JsonConfig.field(config, "mode"), "read");
                    try
                    {
                        if ("read".equals(mode))
                        {
                            final Connectors.Lines lines = new Connectors.Lines(name, out, Files.newInputStream(file),
                                clock);
                            sources.add(lines);
                            agents.add(lines);
                        }
                        else
                        {
                            final OutputStream stream = new FileOutputStream(file.toFile(), "append".equals(mode));
                            agents.add(new Connectors.Writer(name, in, stream, codec(c)));
                        }
                    }
                    catch (final IOException ex)
                    {
                        throw new CompileError(null, "connector " + c.alias() + ": cannot open " + file + " (" +
                            ex.getMessage() + ")");
                    }
                }
                case "tcp_server", "udp_server" ->
                {
                    // a listening source: bytes from the transport, framed and decoded into events
                    final java.net.InetSocketAddress address = address(c, config);
                    final EventRing raw = new EventRing(RING_CAPACITY);
                    final EventRing replies = new EventRing(1 << 12);
                    rings.add(raw);
                    agents.add("tcp_server".equals(c.type()) ?
                        new io.temblor.transport.TcpServerAgent(address, raw, replies, transportClock(), settings()) :
                        new io.temblor.transport.UdpServerAgent(address, raw, replies, transportClock(), settings()));
                    agents.add(new CodecAgents.Decode(name + "/decode", raw, out, preprocessors(c), codec(c)));
                }
                case "tcp_client", "udp_client" ->
                {
                    // a sending sink: events encoded and framed into bytes for the transport
                    final java.net.InetSocketAddress address = address(c, config);
                    final EventRing bytes = new EventRing(RING_CAPACITY);
                    final EventRing replies = new EventRing(1 << 12);
                    rings.add(bytes);
                    agents.add(new CodecAgents.Encode(name + "/encode", in, bytes, postprocessor(c), codec(c)));
                    agents.add("tcp_client".equals(c.type()) ?
                        new io.temblor.transport.TcpClientAgent(address, replies, bytes, transportClock(), settings()) :
                        new io.temblor.transport.UdpClientAgent(address, replies, bytes, transportClock(), settings()));
                }
                default -> throw new CompileError(null, "connector " + c.alias() + ": the `" + c.type() +
                    "` connector is not supported by this runtime yet");
            }
        }
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

    private static org.agrona.concurrent.EpochNanoClock transportClock()
    {
        return new org.agrona.concurrent.SystemEpochNanoClock();
    }

    private static io.temblor.transport.TransportSettings settings()
    {
        return new io.temblor.transport.TransportSettings();
    }

    /** {@code config.url} as {@code host:port}. */
    private static java.net.InetSocketAddress address(final CompiledDeployment.Connector c, final Object config)
    {
        final String url = JsonConfig.text(JsonConfig.field(config, "url"), "");
        final int colon = url.lastIndexOf(':');
        if (colon <= 0)
        {
            throw new CompileError(null, "connector " + c.alias() + ": `config.url` must be host:port, got `" + url + "`");
        }
        try
        {
            return new java.net.InetSocketAddress(url.substring(0, colon), Integer.parseInt(url.substring(colon + 1)));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CompileError(null, "connector " + c.alias() + ": bad `config.url` `" + url + "`");
        }
    }

    /** The connector's one preprocessor (name, or {@code {name, config}}), a fresh one per stream; null for none. */
    private static java.util.function.Supplier<io.temblor.engine.codec.Preprocessor> preprocessors(
        final CompiledDeployment.Connector c)
    {
        final Object[] spec = interceptor(c, "preprocessors");
        if (null == spec)
        {
            return null;
        }
        final java.util.function.Supplier<io.temblor.engine.codec.Preprocessor> make =
            () -> io.temblor.engine.codec.Interceptors.preprocessor((String)spec[0], options(spec[1]));
        try
        {
            make.get();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CompileError(null, "connector " + c.alias() + ": " + ex.getMessage());
        }
        return make;
    }

    private static io.temblor.engine.codec.Postprocessor postprocessor(final CompiledDeployment.Connector c)
    {
        final Object[] spec = interceptor(c, "postprocessors");
        try
        {
            return null == spec ? null : io.temblor.engine.codec.Interceptors.postprocessor((String)spec[0],
                options(spec[1]));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CompileError(null, "connector " + c.alias() + ": " + ex.getMessage());
        }
    }

    private static Object[] interceptor(final CompiledDeployment.Connector c, final String key)
    {
        final Object list = JsonConfig.parse(c.with().get(key));
        if (!(list instanceof List<?> items) || items.isEmpty())
        {
            return null;
        }
        if (items.size() > 1)
        {
            throw new CompileError(null, "connector " + c.alias() + ": only one of " + key + " is supported yet");
        }
        final Object item = items.get(0);
        return item instanceof String name ? new Object[] {name, null} :
            new Object[] {JsonConfig.text(JsonConfig.field(item, "name"), ""), JsonConfig.field(item, "config")};
    }

    private static Map<String, Object> options(final Object config)
    {
        final Map<String, Object> options = new LinkedHashMap<>();
        if (config instanceof Map<?, ?> m)
        {
            m.forEach((k, v) -> options.put(String.valueOf(k), v));
        }
        return options;
    }

    /** The sink codec of a connector: null for plain JSON passed through, else the named codec. */
    private static Codec codec(final CompiledDeployment.Connector c)
    {
        final Object codec = null == c.with().get("codec") ? "json" : JsonConfig.parse(c.with().get("codec"));
        final String name = codec instanceof String s ? s : JsonConfig.text(JsonConfig.field(codec, "name"), "json");
        final Object config = JsonConfig.field(codec, "config");
        if ("json".equals(name) && null == JsonConfig.field(config, "mode"))
        {
            return null;
        }
        final Map<String, Object> options = new LinkedHashMap<>();
        if (config instanceof Map<?, ?> m)
        {
            m.forEach((k, v) -> options.put(String.valueOf(k), v));
        }
        try
        {
            return Codecs.create(name, options);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CompileError(null, "connector " + c.alias() + ": " + ex.getMessage());
        }
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
        return true;
    }
}
