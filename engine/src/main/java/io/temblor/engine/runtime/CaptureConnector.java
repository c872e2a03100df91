package io.temblor.engine.runtime;

import io.temblor.offheap.journal.JournalException;
import io.temblor.offheap.journal.JournalSettings;
import io.temblor.offheap.journal.JournalWriter;
import io.temblor.offheap.EventRing;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Set;

/**
 * {@code capture} (Temblor's): a sink recording the events it receives (their JSON, or the raw bytes of binary
 * frames) into a capture journal. {@code config}: {@code dir} (required; relative to the working directory),
 * {@code roll} ({@code daily}, {@code hourly}, {@code minutely}), {@code retention} ({@code 10GiB}, {@code 7d},
 * or both: {@code "10GiB,7d"}). Records carry the connector's alias as their source.
 */
final class CaptureConnector
{
    private static final Set<String> KEYS = Set.of("dir", "roll", "retention");

    private CaptureConnector()
    {
    }

    static void build(final ConnectorContext ctx)
    {
        if (ctx.config() instanceof Map<?, ?> config)
        {
            for (final Object key : config.keySet())
            {
                if (!KEYS.contains(String.valueOf(key)))
                {
                    throw ctx.error("unknown field `" + key + "` in `config`, expected dir, roll or retention");
                }
            }
        }
        if (!(ctx.config("dir") instanceof String dir) || dir.isEmpty())
        {
            throw ctx.error("`config.dir` (the capture directory) must be given as a string");
        }
        final JournalSettings settings;
        try
        {
            settings = JournalSettings.parse(text(ctx, "roll"), text(ctx, "retention"));
        }
        catch (final IllegalArgumentException ex)
        {
            throw ctx.error(ex.getMessage());
        }
        final JournalWriter writer;
        try
        {
            writer = JournalWriter.open(ctx.path(dir), settings);
        }
        catch (final JournalException ex)
        {
            throw ctx.error(ex.getMessage());
        }
        ctx.agent(new Sink(ctx.name(), ctx.in(), writer, ctx.captureTap(writer)));
    }

    private static String text(final ConnectorContext ctx, final String key)
    {
        final Object value = ctx.config(key);
        if (null != value && !(value instanceof String))
        {
            throw ctx.error("`config." + key + "` must be a string, got `" + value + "`");
        }
        return (String)value;
    }

    /** Appends every frame it reads to the journal; closes the journal when the runtime closes it. */
    static final class Sink extends Connectors.Sink
    {
        private final JournalWriter writer;
        private final CaptureTap tap;

        Sink(final String name, final EventRing[] in, final JournalWriter writer, final CaptureTap tap)
        {
            super(name, in);
            this.writer = writer;
            this.tap = tap;
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
            final long offset, final int length)
        {
            tap.record(ingestNs, id, memory, offset, length);
        }

        /** @return appends that failed. */
        long failed()
        {
            return tap.failed();
        }

        @Override
        public void onClose()
        {
            writer.close();
        }
    }
}
