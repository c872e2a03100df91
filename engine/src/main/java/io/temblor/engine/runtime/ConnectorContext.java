package io.temblor.engine.runtime;

import io.temblor.engine.codec.Codec;
import io.temblor.engine.codec.Codecs;
import io.temblor.engine.codec.Interceptors;
import io.temblor.engine.codec.Postprocessor;
import io.temblor.engine.codec.Preprocessor;
import io.temblor.offheap.EventRing;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.error.CompileError;
import io.temblor.transport.TransportSettings;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
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
    private final Object config;
    private final RuntimeEnv env;

    /** The runtime's shared services a connector may use. */
    record RuntimeEnv(InputStream stdin, PrintStream stdout, Path workDir, LongSupplier clock)
    {
    }

    ConnectorContext(final FlowRuntime runtime, final CompiledDeployment.Connector connector,
        final Map<String, EventRing[]> outs, final EventRing[] in, final RuntimeEnv env)
    {
        this.runtime = runtime;
        this.connector = connector;
        this.outs = outs;
        this.in = in;
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

    /** @return transport settings (defaults). */
    TransportSettings transportSettings()
    {
        return new TransportSettings();
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
     * Registers a condition the drain waits on besides the rings (e.g. a frame an agent holds under back pressure).
     *
     * @param busy true while the connector still holds accepted events (read from the runtime's controller).
     */
    void busyWhile(final BooleanSupplier busy)
    {
        runtime.addBusy(busy);
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

    /** @return a fresh preprocessor per stream (the connector's {@code preprocessors}), or null for none. */
    Supplier<Preprocessor> preprocessors()
    {
        final Object[] spec = interceptor("preprocessors");
        if (null == spec)
        {
            return null;
        }
        final Supplier<Preprocessor> make = () -> Interceptors.preprocessor((String)spec[0], options(spec[1]));
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

    /** @return the connector's {@code postprocessors}, or null for none. */
    Postprocessor postprocessor()
    {
        final Object[] spec = interceptor("postprocessors");
        try
        {
            return null == spec ? null : Interceptors.postprocessor((String)spec[0], options(spec[1]));
        }
        catch (final IllegalArgumentException ex)
        {
            throw error(ex.getMessage());
        }
    }

    private Object[] interceptor(final String key)
    {
        final Object list = with(key);
        if (!(list instanceof List<?> items) || items.isEmpty())
        {
            return null;
        }
        if (items.size() > 1)
        {
            throw error("only one of " + key + " is supported yet");
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
