package io.temblor.engine.pipeline;

import io.temblor.engine.qos.TokenBuckets;

/**
 * {@code qos::token_bucket} (Temblor's, not in Tremor): a token bucket per key, {@code rate} tokens per second with
 * {@code burst} tokens of depth (default: the rate), keyed by the event's {@code $class} and {@code $dimensions}
 * (events without a class share one bucket). Police mode ({@code mode = "police"}, the default): an event with a
 * token leaves by {@code out}, one without by {@code overflow}. The decision cost does not grow with the number of
 * keys ({@link TokenBuckets} keeps up to {@code max_keys} buckets, default 100 000, in a preallocated table).
 */
final class TokenBucketOperator extends Operator
{
    private final TokenBuckets buckets;
    private final MetaKeys keys;

    TokenBucketOperator(final Pipeline pipeline, final String name, final Operators.Config config)
    {
        super(name);
        final double rate = config.decimal("rate", 1000);
        final long burst = config.number("burst", Math.max(1, (long)Math.ceil(rate)));
        final int maxKeys = (int)config.number("max_keys", 100_000);
        final String mode = config.text("mode", "police");
        if (!"police".equals(mode))
        {
            throw new io.temblor.script.error.CompileError(null, "qos::token_bucket: mode `" + mode +
                "` is not supported here (police)");
        }
        this.buckets = new TokenBuckets(rate, burst, maxKeys);
        this.keys = new MetaKeys(pipeline.context());
    }

    @Override
    public void onEvent(final int port, final PipelineEvent event, final Emitter out)
    {
        final MetaKeys k = keys;
        if (!k.readClass(event.metaH))
        {
            k.classLength = 0;
        }
        k.readDimensions(event.metaH);
        final int decision = buckets.acquire(k.hash(), event.ingestNs);
        out.emit(decision == TokenBuckets.PASS ? Pipeline.OUT : Pipeline.OVERFLOW, event);
    }
}
