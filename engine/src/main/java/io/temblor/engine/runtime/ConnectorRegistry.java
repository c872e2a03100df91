package io.temblor.engine.runtime;

import io.temblor.engine.codec.Interceptors;
import io.temblor.engine.codec.Postprocessor;
import io.temblor.offheap.EventRing;
import io.temblor.transport.NativeFileAgent;
import io.temblor.transport.NativeWriter;
import io.temblor.transport.PeerDirectory;
import io.temblor.transport.TcpClientAgent;
import io.temblor.transport.TcpServerAgent;
import io.temblor.transport.TransportSettings;
import io.temblor.transport.UdpClientAgent;
import io.temblor.transport.UdpServerAgent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        BUILDERS.put("bench", BenchConnector::build);
        BUILDERS.put("exit", ConnectorRegistry::exit);
        BUILDERS.put("null", ctx -> ctx.agent(new Connectors.Null(ctx.name(), ctx.in())));
        BUILDERS.put("stdio", StdioConnector::build);
        BUILDERS.put("console", StdioConnector::build);
        BUILDERS.put("file", FileConnector::build);
        BUILDERS.put("tcp_server", ConnectorRegistry::server);
        BUILDERS.put("udp_server", ConnectorRegistry::server);
        BUILDERS.put("tcp_client", ConnectorRegistry::client);
        BUILDERS.put("udp_client", ConnectorRegistry::client);
        BUILDERS.put("metrics", MetricsConnector::build);
        BUILDERS.put("unix_socket_server", ConnectorRegistry::server);
        BUILDERS.put("unix_socket_client", ConnectorRegistry::client);
        BUILDERS.put("native_file", ConnectorRegistry::nativeFile);
        BUILDERS.put("aeron", AeronConnector::build);
        BUILDERS.put("capture", CaptureConnector::build);
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
        ctx.source(ctx.captureEvents(new Connectors.Metronome(ctx.name(), ctx.out("out"),
            JsonConfig.number(ctx.config("interval"), 1_000_000_000L), ctx.clock())));
    }

    /** {@code exit}: Tremor's {@code config} fields {@code delay} (ns, a non-negative integer) and {@code graceful}. */
    private static void exit(final ConnectorContext ctx)
    {
        if (ctx.config() instanceof Map<?, ?> config)
        {
            for (final Object key : config.keySet())
            {
                if (!"delay".equals(key) && !"graceful".equals(key))
                {
                    throw ctx.error("unknown field `" + key + "` in `config`, expected `delay` or `graceful`");
                }
            }
        }
        final Object delay = ctx.config("delay");
        if (null != delay && !(delay instanceof Long n && n >= 0))
        {
            throw ctx.error("`config.delay` must be a non-negative integer (nanoseconds), got `" + delay + "`");
        }
        final Object graceful = ctx.config("graceful");
        if (null != graceful && !(graceful instanceof Boolean))
        {
            throw ctx.error("`config.graceful` must be true or false, got `" + graceful + "`");
        }
        ctx.agent(new Connectors.Exit(ctx.name(), ctx.in(), ctx.runtime(), null == delay ? 0 : (Long)delay));
    }

    /**
     * A listening source: bytes from the transport, framed and decoded into events. Events sent to its {@code in}
     * port are encoded and written back to the connection the event came from (the frame's id is the connection's).
     */
    private static void server(final ConnectorContext ctx)
    {
        final EventRing raw = ctx.ring(FlowRuntime.RING_CAPACITY);
        final EventRing replies = ctx.ring(FlowRuntime.RING_CAPACITY);
        final TransportSettings settings = ctx.transportSettings();
        final PeerDirectory transport = switch (ctx.type())
        {
            case "tcp_server" -> ctx.agent(new TcpServerAgent(ctx.address(), raw, replies, ctx.epochClock(), settings));
            case "udp_server" -> ctx.agent(new UdpServerAgent(ctx.address(), raw, replies, ctx.epochClock(), settings));
            default -> unixServer(ctx, raw, replies, settings);
        };
        ctx.agent(ctx.decode(raw, ctx.preprocessors(), ctx.codec(), transport));
        if (ctx.in().length > 0)
        {
            ctx.agent(new CodecAgents.Encode(ctx.name() + "/encode", ctx.in(), replies, ctx.postprocessor(), ctx.codec()));
        }
    }

    /**
     * A sending sink: events encoded and framed into bytes for the transport. What the peer sends back is decoded to
     * the {@code out} port, and frames the transport could not send go to the {@code err} port with the reason.
     */
    private static void client(final ConnectorContext ctx)
    {
        final EventRing bytes = ctx.ring(FlowRuntime.RING_CAPACITY);
        final EventRing replies = ctx.ring(FlowRuntime.RING_CAPACITY);
        final TransportSettings settings = ctx.transportSettings();
        ctx.agent(new CodecAgents.Encode(ctx.name() + "/encode", ctx.in(), bytes, ctx.postprocessor(), ctx.codec())
            .finishAtStop());
        ctx.agent(switch (ctx.type())
        {
            case "tcp_client" -> new TcpClientAgent(ctx.address(), replies, bytes, ctx.epochClock(), settings);
            case "udp_client" -> new UdpClientAgent(ctx.address(), replies, bytes, ctx.epochClock(), settings);
            default -> new TcpClientAgent(UnixDomainSocketAddress.of(socketPath(ctx)), replies, bytes, ctx.epochClock(),
                settings);
        });
        ctx.agent(ctx.decode(replies, ctx.preprocessors(), ctx.codec()));
    }

    /**
     * {@code native_file} (Temblor's): events encoded with the codec and postprocessors (a newline after each when
     * there are none), written with {@code writev(2)} to {@code config.path} (mode {@code write}/{@code truncate} or
     * {@code append}) or to {@code config.fd} 1 (standard output) or 2 (standard error).
     */
    private static void nativeFile(final ConnectorContext ctx)
    {
        final Object path = ctx.config("path");
        final Object fd = ctx.config("fd");
        final String mode = JsonConfig.text(ctx.config("mode"), "truncate");
        if ((null == path) == (null == fd))
        {
            throw ctx.error("set one of `config.path` (a file) and `config.fd` (1 = stdout, 2 = stderr)");
        }
        if (!List.of("write", "truncate", "append").contains(mode))
        {
            throw ctx.error("`config.mode` must be write, truncate or append, got `" + mode + "`");
        }
        final int descriptor;
        if (null != fd)
        {
            if (!(fd instanceof Long n) || (n != 1 && n != 2))
            {
                throw ctx.error("`config.fd` must be 1 (stdout) or 2 (stderr), got `" + fd + "`");
            }
            descriptor = (int)(long)n;
        }
        else
        {
            if (!(path instanceof String text) || text.isEmpty())
            {
                throw ctx.error("`config.path` must be a file name, got `" + path + "`");
            }
            try
            {
                descriptor = NativeWriter.open(ctx.path(text), "append".equals(mode));
            }
            catch (final UncheckedIOException ex)
            {
                throw ctx.error(ex.getMessage());
            }
        }
        final EventRing bytes = ctx.ring(FlowRuntime.RING_CAPACITY);
        final Postprocessor post = ctx.postprocessor();
        ctx.agent(new CodecAgents.Encode(ctx.name() + "/encode", ctx.in(), bytes,
            null == post ? Interceptors.postprocessor("separate", Map.of()) : post, ctx.codec()).finishAtStop());
        ctx.agent(new NativeFileAgent(ctx.name(), bytes, descriptor, null == fd));
    }

    /** {@code unix_socket_server}: binds {@code config.path} (a stale socket file is replaced) with its permissions. */
    private static TcpServerAgent unixServer(final ConnectorContext ctx, final EventRing raw, final EventRing replies,
        final TransportSettings settings)
    {
        final Path path = socketPath(ctx);
        final Set<PosixFilePermission> permissions = permissions(ctx);
        final TcpServerAgent server;
        try
        {
            server = new TcpServerAgent(UnixDomainSocketAddress.of(path), raw, replies, ctx.epochClock(), settings);
        }
        catch (final UncheckedIOException ex)
        {
            throw ctx.error(ex.getMessage());
        }
        ctx.agent(server);
        if (null != permissions)
        {
            try
            {
                Files.setPosixFilePermissions(path, permissions);
            }
            catch (final IOException ex)
            {
                throw ctx.error("cannot set the permissions of " + path + " (" + ex.getMessage() + ")");
            }
        }
        return server;
    }

    private static Path socketPath(final ConnectorContext ctx)
    {
        final Object path = ctx.config("path");
        if (!(path instanceof String text) || text.isEmpty())
        {
            throw ctx.error("`config.path`, the socket's path, is required");
        }
        return ctx.path(text);
    }

    /**
     * {@code config.permissions}: octal ({@code "600"}, {@code "0o660"}, Tremor's {@code "=600"}) or
     * {@code "rw-rw----"}; null when not set.
     */
    private static Set<PosixFilePermission> permissions(final ConnectorContext ctx)
    {
        final Object value = ctx.config("permissions");
        if (null == value)
        {
            return null;
        }
        final String text = String.valueOf(value);
        String octal = text.startsWith("=") ? text.substring(1) : text;
        octal = octal.startsWith("0o") ? octal.substring(2) : octal;
        if (octal.matches("[0-7]{1,4}"))
        {
            final int mode = Integer.parseInt(octal, 8) & 0777;
            final StringBuilder rwx = new StringBuilder(9);
            for (int shift = 8; shift >= 0; shift--)
            {
                rwx.append((mode & (1 << shift)) != 0 ? "rwx".charAt((8 - shift) % 3) : '-');
            }
            return PosixFilePermissions.fromString(rwx.toString());
        }
        try
        {
            return PosixFilePermissions.fromString(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw ctx.error("`config.permissions` must be octal like \"600\" or \"=600\", or like \"rw-------\", got `" +
                text + "`");
        }
    }
}
