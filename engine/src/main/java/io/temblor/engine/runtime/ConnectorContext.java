package io.temblor.engine.runtime;

import io.temblor.engine.codec.Codec;
import io.temblor.engine.codec.Codecs;
import io.temblor.engine.codec.InterceptorChain;
import io.temblor.engine.codec.Interceptors;
import io.temblor.engine.codec.Postprocessor;
import io.temblor.engine.codec.Preprocessor;
import io.temblor.offheap.EventRing;
import io.temblor.offheap.journal.JournalWriter;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.error.CompileError;
import io.temblor.transport.PeerDirectory;
import io.temblor.transport.TransportSettings;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What a {@link ConnectorBuilder} gets for one {@code create connector}: the connector's type, alias and Tremor's
 * common configuration ({@code codec}, {@code preprocessors}, {@code postprocessors}, {@code config}, ...), the rings
 * linked to its ports, and the runtime's services. The agents it builds are registered here: {@link #agent} for any
 * agent, {@link #source} for one the runtime stops first on exit, {@link #ring} for internal rings the drain waits on.
 */
final class ConnectorContext
{
    private final FlowRuntime runtime;
    private final CompiledDeployment.Connector connector;
    private final Map<String, EventRing[]> outs;
    private final EventRing[] in;
    private final Map<String, EventRing[]> inPorts;
    private final Object config;
    private final RuntimeEnv env;

    /**
     * The runtime's shared services a connector may use.
     *
     * @param stdin standard input.
     * @param stdout standard output.
     * @param stderr standard error.
     * @param workDir where relative paths resolve.
     * @param clock ingest times.
     * @param capture the journal every source records into, or null.
     * @param sourcePrefix prefix of capture source ids ({@code FLOW/} when the deployment has several flows, or empty).
     */
    record RuntimeEnv(InputStream stdin, PrintStream stdout, PrintStream stderr, Path workDir, LongSupplier clock,
        JournalWriter capture, String sourcePrefix)
    {
        RuntimeEnv(final InputStream stdin, final PrintStream stdout, final PrintStream stderr, final Path workDir,
            final LongSupplier clock)
        {
            this(stdin, stdout, stderr, workDir, clock, null, "");
        }
    }

    ConnectorContext(final FlowRuntime runtime, final CompiledDeployment.Connector connector,
        final Map<String, EventRing[]> outs, final EventRing[] in, final Map<String, EventRing[]> inPorts,
        final RuntimeEnv env)
    {
        this.runtime = runtime;
        this.connector = connector;
        this.outs = outs;
        this.in = in;
        this.inPorts = inPorts;
        this.env = env;
        this.config = JsonConfig.parse(connector.with().get("config"));
    }

    /** @return the agent role name, {@code connector/ALIAS}. */
    String name()
    {
        return "connector/" + connector.alias();
    }

    /** @return the alias of the {@code create connector}. */
    String alias()
    {
        return connector.alias();
    }

    /** @return Tremor's connector type. */
    String type()
    {
        return connector.type();
    }

    /** @return the runtime. */
    FlowRuntime runtime()
    {
        return runtime;
    }

    /**
     * The rings linked to one of the connector's output ports.
     *
     * @param port {@code out}, {@code err}, or another port name.
     * @return the rings (empty when the port is not connected).
     */
    EventRing[] out(final String port)
    {
        return outs.getOrDefault(port, new EventRing[0]);
    }

    /** @return the rings linked to the connector's input ports (any port). */
    EventRing[] in()
    {
        return in;
    }

    /**
     * The rings linked to one of the connector's input ports.
     *
     * @param port {@code in}, or another port name.
     * @return the rings (empty when the port is not connected).
     */
    EventRing[] in(final String port)
    {
        return inPorts.getOrDefault(port, new EventRing[0]);
    }

    /** @return the names of the connector's input ports that something is connected to. */
    Set<String> inPorts()
    {
        return inPorts.keySet();
    }

    /** @return the parsed {@code config} (records are maps, arrays lists), or null. */
    Object config()
    {
        return config;
    }

    /**
     * A field of {@code config}.
     *
     * @param key the field.
     * @return its value, or null.
     */
    Object config(final String key)
    {
        return JsonConfig.field(config, key);
    }

    /**
     * A field of the connector's {@code with} block (besides {@code config}), parsed.
     *
     * @param key e.g. {@code metrics_interval_s}.
     * @return its value, or null.
     */
    Object with(final String key)
    {
        return JsonConfig.parse(connector.with().get(key));
    }

    /** @return standard input. */
    InputStream stdin()
    {
        return env.stdin();
    }

    /** @return standard output. */
    PrintStream stdout()
    {
        return env.stdout();
    }

    /** @return standard error. */
    PrintStream stderr()
    {
        return env.stderr();
    }

    /**
     * A path from configuration: relative ones resolve against the working directory, as in Tremor.
     *
     * @param path the configured path.
     * @return the resolved path.
     */
    Path path(final String path)
    {
        return env.workDir().resolve(path);
    }

    /** @return the runtime's nanosecond clock (ingest times). */
    LongSupplier clock()
    {
        return env.clock();
    }

    /** @return an epoch clock for transports. */
    EpochNanoClock epochClock()
    {
        return new SystemEpochNanoClock();
    }

    /**
     * Transport settings: the defaults, with {@code config.buf_size} as the read buffer and Tremor's {@code reconnect}
     * ({@code "none"}: one attempt 1 s after a lost connection and none after a failed one; {@code {"retry":
     * {"interval_ms", "growth_rate" (1.5), "max_retries" (none), "randomized" (true)}}}). Without {@code reconnect}
     * a client retries forever, from {@link TransportSettings#INITIAL_BACKOFF_NS_DEFAULT} doubling up to
     * {@link TransportSettings#MAX_BACKOFF_NS_DEFAULT} (Temblor's default; Tremor's is {@code "none"}).
     *
     * @return the settings.
     */
    TransportSettings transportSettings()
    {
        final TransportSettings settings = new TransportSettings();
        final Object bufSize = config("buf_size");
        if (null != bufSize)
        {
            if (!(bufSize instanceof Long n) || n <= 0 || n > Integer.MAX_VALUE)
            {
                throw error("`config.buf_size` must be a positive integer, got `" + bufSize + "`");
            }
            settings.readBufferBytes((int)(long)n);
        }
        final Object reconnect = with("reconnect");
        if (null == reconnect || reconnect instanceof Map<?, ?> m && m.isEmpty())
        {
            return settings;
        }
        if ("none".equals(reconnect))
        {
            return settings.initialBackoffNs(1_000_000_000L).maxRetries(1);
        }
        final Object retry = JsonConfig.field(reconnect, "retry");
        if (!(retry instanceof Map<?, ?> options) || !(reconnect instanceof Map<?, ?> outer) || outer.size() != 1)
        {
            throw error("`reconnect` must be \"none\" or {\"retry\": {\"interval_ms\": ...}}, got `" + reconnect + "`");
        }
        for (final Object key : options.keySet())
        {
            if (!List.of("interval_ms", "growth_rate", "max_retries", "randomized").contains(String.valueOf(key)))
            {
                throw error("unknown `reconnect.retry` option `" + key +
                    "` (known: interval_ms, growth_rate, max_retries, randomized)");
            }
        }
        final Object interval = options.get("interval_ms");
        if (!(interval instanceof Long ms) || ms < 0)
        {
            throw error("`reconnect.retry.interval_ms` must be an integer >= 0, got `" + interval + "`");
        }
        final Object growth = options.containsKey("growth_rate") ? options.get("growth_rate") : (Object)1.5;
        final Object retries = options.get("max_retries");
        final Object randomized = options.containsKey("randomized") ? options.get("randomized") : Boolean.TRUE;
        if (!(growth instanceof Number g) || !(g.doubleValue() > 0))
        {
            throw error("`reconnect.retry.growth_rate` must be a number > 0, got `" + growth + "`");
        }
        if (null != retries && (!(retries instanceof Long r) || r < 0))
        {
            throw error("`reconnect.retry.max_retries` must be an integer >= 0, got `" + retries + "`");
        }
        if (!(randomized instanceof Boolean random))
        {
            throw error("`reconnect.retry.randomized` must be true or false, got `" + randomized + "`");
        }
        return settings.initialBackoffNs(Math.max(1, ms * 1_000_000L)).maxBackoffNs(Long.MAX_VALUE)
            .growthRate(g.doubleValue()).maxRetries(null == retries ? Long.MAX_VALUE : (Long)retries).randomized(random);
    }

    /**
     * Registers an agent to run.
     *
     * @param agent the agent.
     * @param <A> its type.
     * @return the agent.
     */
    <A extends Agent> A agent(final A agent)
    {
        runtime.addAgent(agent);
        return agent;
    }

    /**
     * Registers a source agent: stopped first when the run ends, then drained.
     *
     * @param source the source.
     * @param <S> its type.
     * @return the source.
     */
    <S extends Connectors.Source> S source(final S source)
    {
        runtime.addSource(source);
        return source;
    }

    /**
     * The decode agent of a connector that receives bytes: raw chunks from {@code raw} through the preprocessors and
     * the codec to the {@code out} port (failures to {@code err}). Every connector that reads bytes builds its decode
     * agent here, so what applies to all received bytes (capture) is set up in one place. Not registered: pass it to
     * {@link #agent} (after the source that feeds it, when there is one).
     *
     * @param raw the ring of raw chunks (one stream per frame id).
     * @param preprocessors the preprocessor chain per stream, or null.
     * @param codec the codec, or null for JSON passed through.
     * @return the agent.
     */
    CodecAgents.Decode decode(final EventRing raw, final Supplier<Preprocessor> preprocessors, final Codec codec)
    {
        return decode(raw, preprocessors, codec, null);
    }

    /**
     * As {@link #decode(EventRing, Supplier, Codec)} for a server transport that knows each stream's peer: captured
     * records then carry {@code "peer"} in their metadata.
     *
     * @param raw the ring of raw chunks (one stream per frame id).
     * @param preprocessors the preprocessor chain per stream, or null.
     * @param codec the codec, or null for JSON passed through.
     * @param peers the transport's peers (null: none).
     * @return the agent.
     */
    CodecAgents.Decode decode(final EventRing raw, final Supplier<Preprocessor> preprocessors, final Codec codec,
        final PeerDirectory peers)
    {
        final CodecAgents.Decode decode =
            new CodecAgents.Decode(name() + "/decode", raw, out("out"), out("err"), preprocessors, codec);
        decode.capture = captureTap(env.capture());
        if (null != decode.capture && null != peers)
        {
            peers.recordPeers();
            decode.capture.peers(peers);
        }
        return decode;
    }

    /**
     * Makes a source that builds events itself (metronome, bench) record each event's JSON when the run captures.
     *
     * @param source the source.
     * @param <S> its type.
     * @return the source.
     */
    <S extends Connectors.Source> S captureEvents(final S source)
    {
        source.capture = captureTap(env.capture());
        return source;
    }

    /**
     * A tap recording into a journal as this connector: source id {@link #captureSource()}, metadata with the
     * connector type and its {@code url}, {@code path} or {@code channel} when configured.
     *
     * @param journal the journal, or null.
     * @return the tap, or null when {@code journal} is null.
     */
    CaptureTap captureTap(final JournalWriter journal)
    {
        if (null == journal)
        {
            return null;
        }
        final StringBuilder meta = new StringBuilder("\"connector\":");
        io.temblor.json.JsonWriter.quote(type(), meta);
        for (final String key : List.of("url", "path", "channel"))
        {
            if (config(key) instanceof String value)
            {
                meta.append(",\"").append(key).append("\":");
                io.temblor.json.JsonWriter.quote(value, meta);
            }
        }
        return new CaptureTap(journal, captureSource(), meta.toString());
    }

    /** @return the id this connector's records carry in a capture: its alias, {@code flow/alias} with several flows. */
    String captureSource()
    {
        return env.sourcePrefix() + alias();
    }

    /**
     * A new internal ring (between a connector's own agents) that the drain waits on.
     *
     * @param capacity bytes of data, a power of two.
     * @return the ring.
     */
    EventRing ring(final int capacity)
    {
        return runtime.addRing(new EventRing(capacity));
    }

    /**
     * A configuration error of this connector.
     *
     * @param message what is wrong.
     * @return the error, to throw.
     */
    CompileError error(final String message)
    {
        return new CompileError(null, "connector " + connector.alias() + ": " + message);
    }

    /** @return {@code config.url} as {@code host:port}. */
    InetSocketAddress address()
    {
        final String url = JsonConfig.text(config("url"), "");
        final int colon = url.lastIndexOf(':');
        if (colon <= 0)
        {
            throw error("`config.url` must be host:port, got `" + url + "`");
        }
        try
        {
            return new InetSocketAddress(url.substring(0, colon), Integer.parseInt(url.substring(colon + 1)));
        }
        catch (final IllegalArgumentException ex)
        {
            throw error("bad `config.url` `" + url + "`");
        }
    }

    /**
     * The connector's {@code preprocessors}, a fresh chain per stream ({@link InterceptorChain}: applied in order).
     *
     * @return the chain's factory, or null when there are none.
     */
    Supplier<Preprocessor> preprocessors()
    {
        return preprocessors(List.of());
    }

    /**
     * As {@link #preprocessors()}, with the names to use when the connector does not set {@code preprocessors}.
     *
     * @param defaults e.g. {@code ["separate"]} for a file source.
     * @return the chain's factory, or null when there are none.
     */
    Supplier<Preprocessor> preprocessors(final List<String> defaults)
    {
        final List<Object[]> specs = interceptors("preprocessors", defaults);
        if (specs.isEmpty())
        {
            return null;
        }
        final Supplier<Preprocessor> make = () ->
        {
            final List<Preprocessor> stages = new ArrayList<>(specs.size());
            for (final Object[] spec : specs)
            {
                stages.add(Interceptors.preprocessor((String)spec[0], options(spec[1])));
            }
            return InterceptorChain.preprocessors(stages);
        };
        try
        {
            make.get();
        }
        catch (final IllegalArgumentException ex)
        {
            throw error(ex.getMessage());
        }
        return make;
    }

    /**
     * The connector's {@code postprocessors} as one chain ({@link InterceptorChain}: applied in order).
     *
     * @return the chain, or null when there are none.
     */
    Postprocessor postprocessor()
    {
        return postprocessor(List.of());
    }

    /**
     * As {@link #postprocessor()}, with the names to use when the connector does not set {@code postprocessors}.
     *
     * @param defaults e.g. {@code ["separate"]} for a file sink.
     * @return the chain, or null when there are none.
     */
    Postprocessor postprocessor(final List<String> defaults)
    {
        final List<Object[]> specs = interceptors("postprocessors", defaults);
        if (specs.isEmpty())
        {
            return null;
        }
        try
        {
            final List<Postprocessor> stages = new ArrayList<>(specs.size());
            for (final Object[] spec : specs)
            {
                stages.add(Interceptors.postprocessor((String)spec[0], options(spec[1])));
            }
            return InterceptorChain.postprocessors(stages);
        }
        catch (final IllegalArgumentException ex)
        {
            throw error(ex.getMessage());
        }
    }

    /** Each interceptor of a list as {name, config}: a name alone, or a record with {@code name} and {@code config}. */
    private List<Object[]> interceptors(final String key, final List<String> defaults)
    {
        final Object list = null == connector.with().get(key) ? defaults : with(key);
        if (!(list instanceof List<?> items))
        {
            throw error("`" + key + "` must be a list of names or {\"name\": ..., \"config\": ...} records");
        }
        final List<Object[]> specs = new ArrayList<>(items.size());
        for (final Object item : items)
        {
            final String name = item instanceof String s ? s : JsonConfig.text(JsonConfig.field(item, "name"), "");
            if (name.isEmpty())
            {
                throw error("an entry of `" + key + "` has no name: " + item);
            }
            specs.add(new Object[] {name, item instanceof String ? null : JsonConfig.field(item, "config")});
        }
        return specs;
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

    /** @return the codec's name ({@code json} by default). */
    String codecName()
    {
        final Object codec = null == connector.with().get("codec") ? "json" : with("codec");
        return codec instanceof String s ? s : JsonConfig.text(JsonConfig.field(codec, "name"), "json");
    }

    /** @return the connector's codec: null for plain JSON passed through, else the named codec. */
    Codec codec()
    {
        final Object codec = null == connector.with().get("codec") ? "json" : with("codec");
        final String name = codecName();
        final Object options = JsonConfig.field(codec, "config");
        if ("json".equals(name) && null == JsonConfig.field(options, "mode"))
        {
            return null;
        }
        try
        {
            return Codecs.create(name, options(options));
        }
        catch (final IllegalArgumentException ex)
        {
            throw error(ex.getMessage());
        }
    }
}
