package io.temblor.engine.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.temblor.engine.log.Log;
import io.temblor.engine.runtime.FlowRuntime;
import io.temblor.engine.runtime.RuntimeStatus;
import io.temblor.engine.runtime.metrics.PrometheusText;
import io.temblor.json.JsonWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a running {@link FlowRuntime} over HTTP (the JDK's {@link HttpServer}, on a small pool of its own threads,
 * never on the agents' duty cycle). Endpoints, as Tremor's API v1 (JSON; {@code GET} only):
 * <ul>
 *     <li>{@code /v1/version}: {@code {"version": "...", "debug": false}};</li>
 *     <li>{@code /v1/status}: {@code {"all_running": true, "num_flows": 1, "flows": {"running": 1}}}, status 200 when
 *     every flow is initializing or running, else 503;</li>
 *     <li>{@code /v1/flows}, {@code /v1/flows/ID}: {@code {"alias": "...", "status": "running", "connectors": [...]}};
 *     </li>
 *     <li>{@code /v1/flows/ID/connectors}, {@code /v1/flows/ID/connectors/CID}: {@code {"alias": "...", "status":
 *     "running", "connectivity": "connected", "pipelines": {"out": [{"alias": "main", "port": "in"}]}}};</li>
 *     <li>{@code /metrics}: every metric in Prometheus' text format.</li>
 * </ul>
 * An unknown flow, connector or path answers 404 and another method 405, with {@code {"code": N, "error": "..."}}.
 */
public final class ApiServer implements AutoCloseable
{
    /** Where the API listens unless told otherwise. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1:9898";
    /** Threads serving requests. */
    public static final int THREADS = 2;

    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService executor;
    private final FlowRuntime runtime;
    private final String version;

    private ApiServer(final HttpServer server, final ExecutorService executor, final FlowRuntime runtime,
        final String version)
    {
        this.server = server;
        this.executor = executor;
        this.runtime = runtime;
        this.version = version;
    }

    /**
     * Binds and starts serving.
     *
     * @param address where to listen (port 0: any free port; see {@link #address()}).
     * @param runtime the runtime to serve.
     * @param version the version {@code /v1/version} reports.
     * @return the running server.
     * @throws IOException when the address cannot be bound (e.g. the port is in use).
     */
    public static ApiServer start(final InetSocketAddress address, final FlowRuntime runtime, final String version)
        throws IOException
    {
        final HttpServer server = HttpServer.create(address, 16);
        final AtomicInteger threads = new AtomicInteger();
        final ExecutorService executor = Executors.newFixedThreadPool(THREADS, r ->
        {
            final Thread t = new Thread(r, "temblor-api-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        final ApiServer api = new ApiServer(server, executor, runtime, version);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    /**
     * Parses {@code HOST:PORT} (an IPv6 host in brackets, {@code [::1]:9898}).
     *
     * @param hostPort the text.
     * @return the address (not resolved when the host is a name that does not resolve).
     * @throws IllegalArgumentException when it is not {@code HOST:PORT} with a port from 0 to 65535.
     */
    public static InetSocketAddress parseAddress(final String hostPort)
    {
        final int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1)
        {
            throw new IllegalArgumentException("expected HOST:PORT, got `" + hostPort + "`");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        final int port;
        try
        {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("bad port in `" + hostPort + "`");
        }
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("port out of range in `" + hostPort + "`");
        }
        return new InetSocketAddress(host, port);
    }

    /**
     * The bound address (the real port when 0 was asked).
     *
     * @return the address.
     */
    public InetSocketAddress address()
    {
        return server.getAddress();
    }

    /** Stops serving (requests in flight get a moment to finish) and ends the threads. */
    @Override
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        final String path = exchange.getRequestURI().getRawPath();
        int status;
        try
        {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod()))
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                status = error(exchange, 405, "Method " + exchange.getRequestMethod() + " not allowed");
            }
            else
            {
                status = route(exchange, segments(path));
            }
        }
        catch (final RuntimeException ex)
        {
            Log.error("api", "request failed", "path", path, "error", ex);
            status = error(exchange, 500, "Internal server error");
        }
        finally
        {
            exchange.close();
        }
        Log.debug("api", "request", "method", exchange.getRequestMethod(), "path", path, "status", status);
    }

    private static List<String> segments(final String path)
    {
        final List<String> out = new ArrayList<>();
        for (final String s : path.split("/"))
        {
            if (!s.isEmpty())
            {
                out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private int route(final HttpExchange exchange, final List<String> path) throws IOException
    {
        final int n = path.size();
        if (n == 1 && "metrics".equals(path.get(0)))
        {
            final StringBuilder text = new StringBuilder(8192);
            runtime.metrics().writePrometheus(text);
            return send(exchange, 200, PrometheusText.CONTENT_TYPE, text);
        }
        if (n < 2 || !"v1".equals(path.get(0)))
        {
            return error(exchange, 404, "Not found: " + exchange.getRequestURI().getPath());
        }
        final String what = path.get(1);
        if (n == 2 && "version".equals(what))
        {
            final StringBuilder out = new StringBuilder("{\"version\":");
            JsonWriter.quote(version, out).append(",\"debug\":false}");
            return send(exchange, 200, JSON, out);
        }
        if (n == 2 && "status".equals(what))
        {
            return status(exchange);
        }
        if (!"flows".equals(what) || n > 5 || n == 4 && !"connectors".equals(path.get(3)))
        {
            return error(exchange, 404, "Not found: " + exchange.getRequestURI().getPath());
        }
        final List<RuntimeStatus.Flow> flows = runtime.status();
        if (n == 2)
        {
            final StringBuilder out = new StringBuilder("[");
            for (final RuntimeStatus.Flow flow : flows)
            {
                flow(out.append(out.length() > 1 ? "," : ""), flow);
            }
            return send(exchange, 200, JSON, out.append(']'));
        }
        final RuntimeStatus.Flow flow = find(flows, path.get(2));
        if (null == flow)
        {
            return error(exchange, 404, "Flow " + path.get(2) + " not found");
        }
        if (n == 3)
        {
            return send(exchange, 200, JSON, flow(new StringBuilder(), flow));
        }
        if (n == 4)
        {
            final StringBuilder out = new StringBuilder("[");
            for (final RuntimeStatus.Connector c : flow.connectors())
            {
                connector(out.append(out.length() > 1 ? "," : ""), c);
            }
            return send(exchange, 200, JSON, out.append(']'));
        }
        final RuntimeStatus.Connector connector = "connectors".equals(path.get(3)) ? flow.connector(path.get(4)) : null;
        if (null == connector)
        {
            return error(exchange, 404, "Connector " + path.get(4) + " not found in Flow " + flow.alias());
        }
        return send(exchange, 200, JSON, connector(new StringBuilder(), connector));
    }

    private int status(final HttpExchange exchange) throws IOException
    {
        final List<RuntimeStatus.Flow> flows = runtime.status();
        final Map<RuntimeStatus.State, Integer> counts = new EnumMap<>(RuntimeStatus.State.class);
        boolean allRunning = true;
        boolean good = true;
        for (final RuntimeStatus.Flow flow : flows)
        {
            counts.merge(flow.state(), 1, Integer::sum);
            allRunning &= flow.state() == RuntimeStatus.State.RUNNING;
            good &= flow.state() == RuntimeStatus.State.RUNNING || flow.state() == RuntimeStatus.State.INITIALIZING;
        }
        final StringBuilder out = new StringBuilder("{\"all_running\":").append(allRunning).append(",\"num_flows\":")
            .append(flows.size()).append(",\"flows\":{");
        counts.forEach((state, count) -> out.append(out.charAt(out.length() - 1) == '{' ? "" : ",").append('"')
            .append(state.wireName()).append("\":").append(count));
        return send(exchange, good ? 200 : 503, JSON, out.append("}}"));
    }

    private static RuntimeStatus.Flow find(final List<RuntimeStatus.Flow> flows, final String alias)
    {
        for (final RuntimeStatus.Flow flow : flows)
        {
            if (flow.alias().equals(alias))
            {
                return flow;
            }
        }
        return null;
    }

    private static StringBuilder flow(final StringBuilder out, final RuntimeStatus.Flow flow)
    {
        JsonWriter.quote(flow.alias(), out.append("{\"alias\":"));
        out.append(",\"status\":\"").append(flow.state().wireName()).append("\",\"connectors\":[");
        for (int i = 0; i < flow.connectors().size(); i++)
        {
            JsonWriter.quote(flow.connectors().get(i).alias(), out.append(i == 0 ? "" : ","));
        }
        return out.append("]}");
    }

    private static StringBuilder connector(final StringBuilder out, final RuntimeStatus.Connector c)
    {
        JsonWriter.quote(c.alias(), out.append("{\"alias\":"));
        out.append(",\"status\":\"").append(c.state().wireName()).append("\",\"connectivity\":");
        JsonWriter.quote(c.connectivity(), out).append(",\"pipelines\":{");
        boolean firstPort = true;
        for (final Map.Entry<String, List<RuntimeStatus.Endpoint>> port : c.pipelines().entrySet())
        {
            JsonWriter.quote(port.getKey(), out.append(firstPort ? "" : ",")).append(":[");
            firstPort = false;
            for (int i = 0; i < port.getValue().size(); i++)
            {
                final RuntimeStatus.Endpoint e = port.getValue().get(i);
                JsonWriter.quote(e.alias(), out.append(i == 0 ? "" : ",").append("{\"alias\":"));
                JsonWriter.quote(e.port(), out.append(",\"port\":")).append('}');
            }
            out.append(']');
        }
        return out.append("}}");
    }

    private static int error(final HttpExchange exchange, final int code, final String message) throws IOException
    {
        final StringBuilder out = new StringBuilder("{\"code\":").append(code).append(",\"error\":");
        return send(exchange, code, JSON, JsonWriter.quote(message, out).append('}'));
    }

    private static int send(final HttpExchange exchange, final int code, final String type, final CharSequence body)
        throws IOException
    {
        final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        final boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head)
        {
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(bytes);
            }
        }
        return code;
    }
}
