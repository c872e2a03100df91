package io.temblor.bench.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The workloads written by hand in Java on Jackson's tree model, as a team without a transformation language would:
 * {@code readTree}, the event's tree changed in place (or a new one built) with plain Java and string code, then
 * {@link TreeOutput}. Each method does exactly what its tremor-script does on well-formed events.
 */
public final class JacksonTransform implements ScriptTransform
{
    private static final String REGION = "eu-west-1";
    private static final String CLUSTER = "logs-prod-2";
    private static final String TEAM = "sre";

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonNodeFactory nodes = mapper.getNodeFactory();
    private final TreeOutput out = new TreeOutput(mapper);
    private final ScriptWorkload workload;
    private final ObjectNode deployment;
    private final ObjectNode pipeline;

    /**
     * The hand-written transform of a workload.
     *
     * @param workload the workload.
     */
    public JacksonTransform(final ScriptWorkload workload)
    {
        this.workload = workload;
        // constant sub-trees, shared by every output (never changed after this)
        this.deployment = nodes.objectNode().put("region", REGION).put("cluster", CLUSTER).put("team", TEAM);
        this.pipeline = nodes.objectNode().put("name", "sre-enrich").put("version", 3);
    }

    @Override
    public int transform(final byte[] input, final int offset, final int length)
    {
        final JsonNode event;
        try
        {
            event = mapper.readTree(input, offset, length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final JsonNode result = switch (workload)
        {
            case CLASSIFY -> classify((ObjectNode)event);
            case ENRICH -> enrich((ObjectNode)event);
            case DISSECT_KV -> dissectKv((ObjectNode)event);
        };
        return out.write(result);
    }

    /** classify.tremor: the first rule that applies sets class, rate and dimension(s) in the metadata. */
    private JsonNode classify(final ObjectNode event)
    {
        final ObjectNode meta = nodes.objectNode();
        final String application = text(event, "application");
        switch (application)
        {
            case "app1" -> meta.put("class", "applog_app1").put("rate", 1250).put("dimension", application);
            case "app2" -> meta.put("class", "applog_app1").put("rate", 2500).put("dimension", application);
            case "app3" -> meta.put("class", "applog_app1").put("rate", 18750).put("dimension", application);
            case "app4" -> meta.put("class", "applog_app1").put("rate", 750).put("dimension", application);
            case "app5" -> meta.put("class", "applog_app1").put("rate", 18750).put("dimension", application);
            default ->
            {
                final String index = text(event, "index_type");
                if ("applog_app6".equals(index))
                {
                    meta.put("class", "applog_app6").put("rate", 4500).put("dimensions", text(event, "logger_name"));
                }
                else if ("syslog_app1".equals(index))
                {
                    meta.put("class", "syslog_app1").put("rate", 2500).put("dimensions", text(event, "syslog_hostname"));
                }
                else if (containsText(event.get("tags"), "tag1"))
                {
                    meta.put("class", "syslog_app2").put("rate", 125).put("dimensions", text(event, "syslog_hostname"));
                }
                else
                {
                    final String host = text(event, "syslog_hostname");
                    switch (index)
                    {
                        case "syslog_app3" -> meta.put("class", "syslog_app3").put("rate", 1750).put("dimensions", host);
                        case "syslog_app4" -> meta.put("class", "syslog_app4").put("rate", 7500).put("dimensions", host);
                        case "syslog_app5" -> meta.put("class", "syslog_app5").put("rate", 125).put("dimensions", host);
                        case "syslog_app6" -> meta.put("class", "syslog_app6").put("rate", 3750).put("dimensions", host);
                        default -> meta.put("class", "default").put("rate", 250);
                    }
                }
            }
        }
        final ObjectNode result = nodes.objectNode();
        result.set("event", event);
        result.set("meta", meta);
        return result;
    }

    /** enrich.tremor: severity, service, host, labels and summary added, two fields dropped, two records merged in. */
    private JsonNode enrich(final ObjectNode event)
    {
        final String application = text(event, "application");
        final String hostname = text(event, "syslog_hostname");
        final String index = text(event, "index_type");
        final ObjectNode severity = switch (text(event, "short_message"))
        {
            case "ERROR", "error" -> nodes.objectNode().put("level", "error").put("code", 3);
            case "warn" -> nodes.objectNode().put("level", "warning").put("code", 4);
            case "INFO", "info" -> nodes.objectNode().put("level", "info").put("code", 6);
            default -> nodes.objectNode().put("level", "unknown").put("code", 7);
        };
        event.put("service", application + "." + text(event, "logger_name"));
        event.set("severity", severity);
        event.putObject("host").put("name", hostname).put("fqdn", hostname + "." + REGION + ".example.net");
        final JsonNode existing = event.get("labels");
        final ObjectNode labels = existing instanceof ObjectNode o ? o : event.putObject("labels");
        labels.put("team", TEAM).put("index", index).put("type", text(event, "type"));
        event.put("summary", severity.get("level").textValue() + ": " + application + " on " + hostname + " (" +
            event.get("aint").asText() + " ms)");
        event.remove("array");
        event.remove("doc-type");
        event.put("route", CLUSTER + "/" + index);
        event.set("deployment", deployment);
        event.set("pipeline", pipeline);
        return event;
    }

    /** dissect-kv.tremor: the access-log prefix split at its delimiters, then the key=value tail. */
    private JsonNode dissectKv(final ObjectNode event)
    {
        final String message = text(event, "message");
        final ObjectNode line = accessLine(message);
        return line != null ? line : nodes.objectNode().put("unparsed", message);
    }

    /**
     * {@code %{ts} %{host} %{program}[%{pid:int}]: %{client} "%{method} %{path} %{protocol}" %{status:int}
     * %{bytes:int} %{duration:float} %{tail}}: each field ends at the first occurrence of the delimiter after it.
     */
    private ObjectNode accessLine(final String s)
    {
        final int ts = s.indexOf(' ');
        final int host = ts < 0 ? -1 : s.indexOf(' ', ts + 1);
        final int program = host < 0 ? -1 : s.indexOf('[', host + 1);
        final int pid = program < 0 ? -1 : s.indexOf("]: ", program + 1);
        final int client = pid < 0 ? -1 : s.indexOf(" \"", pid + 3);
        final int method = client < 0 ? -1 : s.indexOf(' ', client + 2);
        final int path = method < 0 ? -1 : s.indexOf(' ', method + 1);
        final int protocol = path < 0 ? -1 : s.indexOf("\" ", path + 1);
        final int status = protocol < 0 ? -1 : s.indexOf(' ', protocol + 2);
        final int bytes = status < 0 ? -1 : s.indexOf(' ', status + 1);
        final int duration = bytes < 0 ? -1 : s.indexOf(' ', bytes + 1);
        if (duration < 0)
        {
            return null;
        }
        final ObjectNode line = nodes.objectNode();
        try
        {
            line.put("ts", s.substring(0, ts))
                .put("host", s.substring(ts + 1, host))
                .put("program", s.substring(host + 1, program))
                .put("pid", Long.parseLong(s, program + 1, pid, 10))
                .put("client", s.substring(pid + 3, client))
                .put("method", s.substring(client + 2, method))
                .put("path", s.substring(method + 1, path))
                .put("protocol", s.substring(path + 1, protocol))
                .put("status", Long.parseLong(s, protocol + 2, status, 10))
                .put("bytes", Long.parseLong(s, status + 1, bytes, 10))
                .put("duration", Double.parseDouble(s.substring(bytes + 1, duration)));
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
        final ObjectNode attrs = keyValues(s, duration + 1);
        if (attrs != null)
        {
            line.set("attrs", attrs);
        }
        return line;
    }

    /** {@code kv|%{key}=%{val}|}: space-separated pieces; one with exactly one {@code =} is a pair. */
    private ObjectNode keyValues(final String s, final int from)
    {
        ObjectNode attrs = null;
        int start = from;
        while (start <= s.length())
        {
            int end = s.indexOf(' ', start);
            if (end < 0)
            {
                end = s.length();
            }
            int eq = -1;
            int separators = 0;
            for (int i = start; i < end; i++)
            {
                if (s.charAt(i) == '=' && separators++ == 0)
                {
                    eq = i;
                }
            }
            if (separators == 1)
            {
                if (attrs == null)
                {
                    attrs = nodes.objectNode();
                }
                attrs.put(s.substring(start, eq), s.substring(eq + 1, end));
            }
            start = end + 1;
        }
        return attrs;
    }

    private static String text(final JsonNode event, final String key)
    {
        final JsonNode value = event.get(key);
        if (value == null || !value.isTextual())
        {
            throw new IllegalStateException("event has no string '" + key + "'");
        }
        return value.textValue();
    }

    private static boolean containsText(final JsonNode array, final String value)
    {
        if (array == null || !array.isArray())
        {
            throw new IllegalStateException("tags is not an array");
        }
        for (final JsonNode element : array)
        {
            if (element.isTextual() && value.equals(element.textValue()))
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] output()
    {
        return out.toByteArray();
    }

    @Override
    public void close()
    {
        // nothing native
    }
}
