package io.temblor.engine.runtime;

import io.temblor.engine.codec.Codec;
import io.temblor.offheap.EventRing;
import io.temblor.transport.AeronDriverHolder;
import io.temblor.transport.AeronPublicationAgent;
import io.temblor.transport.AeronSubscriptionAgent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The {@code aeron} connector (Temblor's own; Tremor has none): events over an Aeron stream, IPC or UDP, through the
 * process's embedded media driver or an external one. As a source (its {@code out} port connected) it subscribes:
 * subscription agent, raw ring, {@link CodecAgents.Decode} (preprocessors and codec; bytes that do not decode go to the
 * {@code err} port with the reason). As a sink (an input connected) it publishes: {@link CodecAgents.Encode} (codec and
 * postprocessor), bytes ring, publication agent. One connector may do both. Each message carries the event's
 * ingest_ns ({@link io.temblor.transport.AeronDescriptor}), so latency can be measured on the far side.
 *
 * <p>Config: {@code channel} (required, {@code aeron:ipc} or {@code aeron:udp?endpoint=host:port}), {@code stream_id}
 * (required integer), {@code media_driver} ({@code "embedded"}, the default, or {@code {"dir": "/path"}} for an
 * external driver), {@code idle} (the embedded driver thread's idle strategy: {@code backoff}, the default,
 * {@code yield}, {@code busy-spin}, {@code noop}, {@code sleep}; the first connector to start the driver sets it),
 * {@code driver_timeout_ms} (default 10 000).
 */
final class AeronConnector
{
    /** Fragments a subscription agent reads per duty cycle at most. */
    static final int FRAGMENT_LIMIT = 64;
    /** Frames a publication agent takes per duty cycle at most. */
    static final int POLL_LIMIT = 64;

    private AeronConnector()
    {
    }

    /** The driver-side settings of one connector. */
    private record Settings(String channel, int streamId, String dir, IdleStrategy idle, long driverTimeoutMs)
    {
    }

    /**
     * Builds an {@code aeron} connector.
     *
     * @param ctx its configuration and ports.
     */
    static void build(final ConnectorContext ctx)
    {
        final Settings settings = settings(ctx);
        final boolean source = ctx.out("out").length > 0;
        final boolean sink = ctx.in().length > 0;
        final List<AutoCloseable> opened = new ArrayList<>();
        try
        {
            if (source)
            {
                final EventRing raw = ctx.ring(FlowRuntime.RING_CAPACITY);
                final LongSupplier clock = ctx.clock();
                final EpochNanoClock ingestClock = clock::getAsLong;
                final AeronDriverHolder.Lease lease = lease(ctx, settings);
                opened.add(lease);
                final AeronSubscriptionAgent subscription;
                try
                {
                    subscription = new AeronSubscriptionAgent(ctx.name() + "/subscription", lease, settings.channel(),
                        settings.streamId(), raw, ingestClock, FRAGMENT_LIMIT);
                }
                catch (final RuntimeException ex)
                {
                    throw ctx.error("cannot subscribe to `" + settings.channel() + "` stream " + settings.streamId() +
                        ": " + ex.getMessage());
                }
                opened.add(subscription::onClose);
                opened.remove(lease);
                ctx.agent(subscription);
                ctx.agent(ctx.decode(raw, ctx.preprocessors(), decodingCodec(ctx)));
            }
            if (sink)
            {
                final EventRing bytes = ctx.ring(FlowRuntime.RING_CAPACITY);
                final AeronDriverHolder.Lease lease = lease(ctx, settings);
                opened.add(lease);
                final AeronPublicationAgent publication;
                try
                {
                    publication = new AeronPublicationAgent(ctx.name() + "/publication", lease, settings.channel(),
                        settings.streamId(), bytes, POLL_LIMIT);
                }
                catch (final RuntimeException ex)
                {
                    throw ctx.error("cannot publish to `" + settings.channel() + "` stream " + settings.streamId() + ": " +
                        ex.getMessage());
                }
                opened.add(publication::onClose);
                opened.remove(lease);
                ctx.agent(new CodecAgents.Encode(ctx.name() + "/encode", ctx.in(), bytes, ctx.postprocessor(),
                    ctx.codec()));
                ctx.agent(publication);
            }
        }
        catch (final RuntimeException ex)
        {
            for (final AutoCloseable c : opened)
            {
                try
                {
                    c.close();
                }
                catch (final Exception closeFailure)
                {
                    ex.addSuppressed(closeFailure);
                }
            }
            throw ex;
        }
    }

    /**
     * The connector's codec. Plain JSON (no codec) is passed on as it is: the decode agent still parses each message
     * to check it (bytes from another process that are not JSON reach {@code err} with the reason) but does not build
     * a value and write it out again, which the pipeline reading the frame does anyway.
     */
    private static Codec decodingCodec(final ConnectorContext ctx)
    {
        return ctx.codec();
    }

    private static AeronDriverHolder.Lease lease(final ConnectorContext ctx, final Settings settings)
    {
        try
        {
            return null == settings.dir() ?
                AeronDriverHolder.embedded(settings.idle(), settings.driverTimeoutMs()) :
                AeronDriverHolder.external(ctx.path(settings.dir()), settings.driverTimeoutMs());
        }
        catch (final IllegalStateException ex)
        {
            throw ctx.error(ex.getMessage());
        }
    }

    private static Settings settings(final ConnectorContext ctx)
    {
        final Object channelValue = ctx.config("channel");
        if (!(channelValue instanceof String channel) || channel.isBlank())
        {
            throw ctx.error("`config.channel` must be an Aeron channel such as \"aeron:ipc\" or " +
                "\"aeron:udp?endpoint=127.0.0.1:40123\"");
        }
        final String channelError = AeronDriverHolder.channelError(channel);
        if (null != channelError)
        {
            throw ctx.error("bad `config.channel` `" + channel + "`: " + channelError);
        }
        final Object stream = ctx.config("stream_id");
        if (!(stream instanceof Long id) || id < Integer.MIN_VALUE || id > Integer.MAX_VALUE)
        {
            throw ctx.error("`config.stream_id` must be a 32-bit integer, got " + (null == stream ? "nothing" : stream));
        }
        final Object driver = ctx.config("media_driver");
        String dir = null;
        if (driver instanceof Map<?, ?> external)
        {
            if (!(external.get("dir") instanceof String path) || path.isBlank())
            {
                throw ctx.error("`config.media_driver` must be \"embedded\" or {\"dir\": \"/path/of/the/driver\"}");
            }
            dir = path;
        }
        else if (null != driver && !"embedded".equals(driver))
        {
            throw ctx.error("`config.media_driver` must be \"embedded\" or {\"dir\": \"/path/of/the/driver\"}, got " +
                driver);
        }
        final String idleName = JsonConfig.text(ctx.config("idle"), "backoff");
        final IdleStrategy idle = AeronDriverHolder.idleStrategy(idleName);
        if (null == idle)
        {
            throw ctx.error("unknown `config.idle` `" + idleName + "` (one of " + AeronDriverHolder.IDLE_NAMES + ")");
        }
        final Object timeout = ctx.config("driver_timeout_ms");
        if (null != timeout && !(timeout instanceof Long t && t > 0))
        {
            throw ctx.error("`config.driver_timeout_ms` must be a positive integer, got " + timeout);
        }
        return new Settings(channel, id.intValue(), dir, idle,
            null == timeout ? AeronDriverHolder.DRIVER_TIMEOUT_MS_DEFAULT : (Long)timeout);
    }
}
