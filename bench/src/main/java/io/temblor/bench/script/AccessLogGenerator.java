package io.temblor.bench.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates the events of the {@code dissect-kv} workload: {@code {"message": "..."}} lines holding web-proxy access
 * logs (timestamp, host, program[pid], client, request, status, bytes, duration) followed by a key=value tail of 2 to
 * 7 attributes, sometimes with a bare token; about one line in twenty is a syslog line of another shape. The output
 * depends only on the seed ({@link Random} is specified to the bit), so the bundled {@code access.ndjson} is
 * reproducible: {@code java -cp benchmarks.jar io.temblor.bench.script.AccessLogGenerator FILE}.
 */
public final class AccessLogGenerator
{
    /** Lines in the bundled file. */
    public static final int LINES = 2000;
    /** The bundled file's seed. */
    public static final long SEED = 20261121L;

    private static final String[] HOSTS = {"web-01", "web-02", "web-03", "web-04", "edge-1", "edge-2", "api-gw-1"};
    private static final String[] PROGRAMS = {"nginx", "nginx", "nginx", "envoy", "haproxy"};
    private static final String[] METHODS = {"GET", "GET", "GET", "GET", "GET", "GET", "POST", "POST", "PUT", "DELETE",
        "PATCH", "HEAD"};
    private static final String[] PATHS = {"/api/v1/orders/%d", "/api/v1/orders?customer=%d&page=2", "/api/v2/cart/%d",
        "/static/js/app.%d.js", "/healthz", "/login", "/api/v1/users/%d/preferences", "/metrics",
        "/search?q=red+shoes&size=%d", "/images/products/%d.webp"};
    private static final int[] STATUSES = {200, 200, 200, 200, 200, 200, 200, 200, 201, 204, 301, 304, 304, 400, 401,
        403, 404, 404, 429, 500, 502, 503};
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "-"};
    private static final String[] REGIONS = {"eu-west-1", "eu-central-1", "us-east-1"};
    private static final String[] CACHE = {"HIT", "MISS", "MISS", "BYPASS", "EXPIRED"};
    private static final String[] AGENTS = {"curl/8.5.0", "Mozilla/5.0", "okhttp/4.12.0", "Go-http-client/2.0",
        "python-requests/2.32.3"};
    private static final String[] SYSLOG = {
        "systemd[1]: Started Session %d of user deploy.",
        "kernel: [%d.512331] eth0: renamed from veth3f2a1c",
        "sshd[%d]: Accepted publickey for deploy from 10.0.8.14 port 50522 ssh2",
        "CRON[%d]: (root) CMD (/usr/local/bin/rotate-logs --compress)",
    };

    private AccessLogGenerator()
    {
    }

    /**
     * Writes the bundled file's lines to a file.
     *
     * @param args the output file.
     * @throws IOException on write failure.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length != 1)
        {
            System.err.println("usage: AccessLogGenerator OUT.ndjson");
            System.exit(2);
        }
        final Path out = Paths.get(args[0]);
        Files.write(out, generate(LINES, SEED), StandardCharsets.UTF_8);
        System.out.println("wrote " + LINES + " lines to " + out);
    }

    /**
     * The events, one compact JSON object per line.
     *
     * @param lines how many.
     * @param seed the random seed.
     * @return the lines, without line ends.
     */
    public static List<String> generate(final int lines, final long seed)
    {
        final Random random = new Random(seed);
        final List<String> events = new ArrayList<>(lines);
        long millis = 1_795_256_100_000L;
        for (int i = 0; i < lines; i++)
        {
            millis += 1 + random.nextInt(40);
            final String ts = java.time.Instant.ofEpochMilli(millis).toString();
            final String host = pick(random, HOSTS);
            final String message = random.nextInt(20) == 0 ?
                ts + " " + host + " " + String.format(Locale.ROOT, pick(random, SYSLOG), 1 + random.nextInt(90_000)) :
                ts + " " + host + " " + access(random);
            events.add("{\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
        }
        return events;
    }

    private static String access(final Random random)
    {
        final StringBuilder line = new StringBuilder(256);
        line.append(pick(random, PROGRAMS)).append('[').append(1000 + random.nextInt(60_000)).append("]: ");
        line.append("10.").append(random.nextInt(4)).append('.').append(random.nextInt(256)).append('.')
            .append(1 + random.nextInt(254));
        line.append(" \"").append(pick(random, METHODS)).append(' ')
            .append(String.format(Locale.ROOT, pick(random, PATHS), random.nextInt(100_000)))
            .append(random.nextInt(4) == 0 ? " HTTP/2.0" : " HTTP/1.1").append("\" ");
        final int status = STATUSES[random.nextInt(STATUSES.length)];
        line.append(status).append(' ').append(status == 204 || status == 304 ? 0 : 120 + random.nextInt(250_000));
        line.append(' ').append(String.format(Locale.ROOT, "%.3f", random.nextInt(2500) / 1000.0 + 0.001));
        final List<String> attrs = new ArrayList<>();
        attrs.add("request_id=" + Long.toHexString(random.nextLong() | 1L << 63));
        attrs.add("user=" + pick(random, USERS));
        if (random.nextBoolean())
        {
            attrs.add("region=" + pick(random, REGIONS));
        }
        if (random.nextInt(3) > 0)
        {
            attrs.add("upstream=10.0.9." + (2 + random.nextInt(12)) + ":" + (8080 + random.nextInt(3)));
        }
        if (random.nextBoolean())
        {
            attrs.add("cache=" + pick(random, CACHE));
        }
        if (random.nextInt(3) == 0)
        {
            attrs.add("ua=" + pick(random, AGENTS));
        }
        if (random.nextInt(4) == 0)
        {
            attrs.add("trace=" + Long.toHexString(random.nextLong()) + ":" + Integer.toHexString(random.nextInt()));
        }
        if (random.nextInt(10) == 0)
        {
            attrs.add(random.nextInt(attrs.size() + 1), random.nextBoolean() ? "-" : "keepalive");
        }
        line.append(' ').append(String.join(" ", attrs));
        return line.toString();
    }

    private static String pick(final Random random, final String[] values)
    {
        return values[random.nextInt(values.length)];
    }
}
