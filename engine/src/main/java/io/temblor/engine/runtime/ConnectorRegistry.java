package io.temblor.engine.runtime;

import io.temblor.offheap.EventRing;
import io.temblor.transport.TcpClientAgent;
import io.temblor.transport.TcpServerAgent;
import io.temblor.transport.UdpClientAgent;
import io.temblor.transport.UdpServerAgent;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The connector types this runtime knows, by Tremor's type name. Each entry builds the agents of one connector from
 * its {@link ConnectorContext}.
 */
final class ConnectorRegistry
{
    private static final Map<String, ConnectorBuilder> BUILDERS = new TreeMap<>();

    static
    {
        BUILDERS.put("metronome", ConnectorRegistry::metronome);
        BUILDERS.put("exit", ctx -> ctx.agent(new Connectors.Exit(ctx.name(), ctx.in(), ctx.runtime())));
        BUILDERS.put("null", ctx -> ctx.agent(new Connectors.Null(ctx.name(), ctx.in())));
        BUILDERS.put("stdio", ConnectorRegistry::stdio);
        BUILDERS.put("console", ConnectorRegistry::stdio);
        BUILDERS.put("file", ConnectorRegistry::file);
        BUILDERS.put("tcp_server", ConnectorRegistry::server);
        BUILDERS.put("udp_server", ConnectorRegistry::server);
        BUILDERS.put("tcp_client", ConnectorRegistry::client);
        BUILDERS.put("udp_client", ConnectorRegistry::client);
        BUILDERS.put("aeron", AeronConnector::build);
    }

    private ConnectorRegistry()
    {
    }

    /**
     * The builder of a connector type.
     *
     * @param type Tremor's type name.
     * @return the builder, or null when the type is not supported.
     */
    static ConnectorBuilder builder(final String type)
    {
        return BUILDERS.get(type);
    }

    /**
     * Adds or replaces a connector type (tests and harnesses; call before any runtime is built, from one thread).
     *
     * @param type the type name.
     * @param builder its builder.
     */
    static void register(final String type, final ConnectorBuilder builder)
    {
        BUILDERS.put(type, builder);
    }

    /**
     * The supported types, sorted.
     *
     * @return their names.
     */
    static Iterable<String> types()
    {
        return BUILDERS.keySet();
    }

    private static void metronome(final ConnectorContext ctx)
    {
        ctx.source(new Connectors.Metronome(ctx.name(), ctx.out("out"),
            JsonConfig.number(ctx.config("interval"), 1_000_000_000L), ctx.clock()));
    }

    private static void stdio(final ConnectorContext ctx)
    {
        if (ctx.out("out").length > 0)
        {
            ctx.source(new Connectors.Lines(ctx.name(), ctx.out("out"), ctx.stdin(), ctx.clock()));
        }
        if (ctx.in().length > 0)
        {
            ctx.agent(new Connectors.Writer(ctx.name(), ctx.in(), ctx.stdout(), ctx.codec()));
        }
    }

    private static void file(final ConnectorContext ctx)
    {
        final Path file = ctx.path(JsonConfig.text(ctx.config("path"), ""));
        final String mode = JsonConfig.text(ctx.config("mode"), "read");
        try
        {
            if ("read".equals(mode))
            {
                ctx.source(new Connectors.Lines(ctx.name(), ctx.out("out"), Files.newInputStream(file), ctx.clock()));
            }
            else
            {
                final OutputStream stream = new FileOutputStream(file.toFile(), "append".equals(mode));
                ctx.agent(new Connectors.Writer(ctx.name(), ctx.in(), stream, ctx.codec()));
            }
        }
        catch (final IOException ex)
        {
            throw ctx.error("cannot open " + file + " (" + ex.getMessage() + ")");
        }
    }

    /** A listening source: bytes from the transport, framed and decoded into events. */
    private static void server(final ConnectorContext ctx)
    {
        final EventRing raw = ctx.ring(FlowRuntime.RING_CAPACITY);
        final EventRing replies = ctx.ring(1 << 12);
        ctx.agent("tcp_server".equals(ctx.type()) ?
            new TcpServerAgent(ctx.address(), raw, replies, ctx.epochClock(), ctx.transportSettings()) :
            new UdpServerAgent(ctx.address(), raw, replies, ctx.epochClock(), ctx.transportSettings()));
        ctx.agent(new CodecAgents.Decode(ctx.name() + "/decode", raw, ctx.out("out"), ctx.out("err"),
            ctx.preprocessors(), ctx.codec()));
    }

    /** A sending sink: events encoded and framed into bytes for the transport. */
    private static void client(final ConnectorContext ctx)
    {
        final EventRing bytes = ctx.ring(FlowRuntime.RING_CAPACITY);
        final EventRing replies = ctx.ring(1 << 12);
        ctx.agent(new CodecAgents.Encode(ctx.name() + "/encode", ctx.in(), bytes, ctx.postprocessor(), ctx.codec()));
        ctx.agent("tcp_client".equals(ctx.type()) ?
            new TcpClientAgent(ctx.address(), replies, bytes, ctx.epochClock(), ctx.transportSettings()) :
            new UdpClientAgent(ctx.address(), replies, bytes, ctx.epochClock(), ctx.transportSettings()));
    }
}
