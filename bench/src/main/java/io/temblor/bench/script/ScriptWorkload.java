package io.temblor.bench.script;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The workloads of the script suite, each a tremor-script, the equivalent JSLT expression, and the events they run
 * on (resources beside this class):
 * <ul>
 *   <li>{@code classify}: the classification script of Tremor's {@code tremor-cli/tests/bench/throughput-logging-json}
 *       bench, verbatim, on the 100 log events that bench replays ({@code demo/data/data.json.xz}, decompressed into
 *       {@code logs.ndjson}); the script only sets metadata, so an engine's output is
 *       {@code {"event": <event>, "meta": <metadata>}};</li>
 *   <li>{@code enrich}: an SRE's enrichment of the same events with {@code patch} (insert, upsert, merge, erase),
 *       string interpolation and a record {@code merge};</li>
 *   <li>{@code dissect-kv}: access-log lines ({@code access.ndjson}, from {@link AccessLogGenerator}) parsed with
 *       {@code dissect}, then the key=value tail with {@code kv}.</li>
 * </ul>
 */
public enum ScriptWorkload
{
    /** (a) Tremor's throughput-logging-json classification. */
    CLASSIFY("classify", "logs.ndjson", true),
    /** (b) enrichment with patch, merge and interpolation. */
    ENRICH("enrich", "logs.ndjson", false),
    /** (c) dissect and kv on access-log lines. */
    DISSECT_KV("dissect-kv", "access.ndjson", false);

    private final String id;
    private final String data;
    private final boolean withMeta;

    ScriptWorkload(final String id, final String data, final boolean withMeta)
    {
        this.id = id;
        this.data = data;
        this.withMeta = withMeta;
    }

    /**
     * The workload's name, as the benchmark's {@code workload} parameter.
     *
     * @return the name.
     */
    public String id()
    {
        return id;
    }

    /**
     * The resource holding the events, one JSON object per line.
     *
     * @return the resource name, relative to this class.
     */
    public String dataResource()
    {
        return data;
    }

    /**
     * Whether the output carries the event's metadata ({@code {"event": ..., "meta": ...}}) rather than the value.
     *
     * @return true for {@link #CLASSIFY}.
     */
    public boolean withMeta()
    {
        return withMeta;
    }

    /**
     * The workload of a name.
     *
     * @param id a name from {@link #id()}.
     * @return the workload.
     * @throws IllegalArgumentException for an unknown name.
     */
    public static ScriptWorkload of(final String id)
    {
        for (final ScriptWorkload w : values())
        {
            if (w.id.equals(id))
            {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + id + "'");
    }

    /**
     * The names of all workloads, in report order.
     *
     * @return the names.
     */
    public static List<String> ids()
    {
        final List<String> ids = new ArrayList<>();
        for (final ScriptWorkload w : values())
        {
            ids.add(w.id);
        }
        return ids;
    }

    /**
     * The tremor-script source.
     *
     * @return the text of {@code <id>.tremor}.
     */
    public String tremorSource()
    {
        return text(id + ".tremor");
    }

    /**
     * The JSLT source.
     *
     * @return the text of {@code <id>.jslt}.
     */
    public String jsltSource()
    {
        return text(id + ".jslt");
    }

    /**
     * The events.
     *
     * @return the events of {@link #dataResource()}.
     */
    public Events events()
    {
        return Events.of(resource(data));
    }

    /**
     * The bytes of a resource beside this class.
     *
     * @param name the resource name.
     * @return its bytes.
     */
    static byte[] resource(final String name)
    {
        try (InputStream in = ScriptWorkload.class.getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new IllegalStateException("resource missing: " + name);
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String text(final String name)
    {
        return new String(resource(name), StandardCharsets.UTF_8);
    }

    /**
     * Newline-delimited events in one array: event {@code i} is {@code bytes[starts[i] .. starts[i] + lengths[i])}.
     *
     * @param bytes   the file.
     * @param starts  first byte of each event.
     * @param lengths bytes of each event (without the line end).
     */
    public record Events(byte[] bytes, int[] starts, int[] lengths)
    {
        /**
         * Splits NDJSON into events, skipping blank lines.
         *
         * @param bytes the file.
         * @return the events.
         */
        public static Events of(final byte[] bytes)
        {
            final List<int[]> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= bytes.length; i++)
            {
                if (i == bytes.length || bytes[i] == '\n')
                {
                    int end = i;
                    if (end > start && bytes[end - 1] == '\r')
                    {
                        end--;
                    }
                    if (!new String(bytes, start, end - start, StandardCharsets.UTF_8).isBlank())
                    {
                        lines.add(new int[]{start, end - start});
                    }
                    start = i + 1;
                }
            }
            final int[] starts = new int[lines.size()];
            final int[] lengths = new int[lines.size()];
            for (int i = 0; i < starts.length; i++)
            {
                starts[i] = lines.get(i)[0];
                lengths[i] = lines.get(i)[1];
            }
            return new Events(bytes, starts, lengths);
        }

        /**
         * Number of events.
         *
         * @return the count.
         */
        public int count()
        {
            return starts.length;
        }
    }
}
