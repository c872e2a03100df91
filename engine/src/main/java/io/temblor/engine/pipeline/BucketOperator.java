package io.temblor.engine.pipeline;

import io.temblor.engine.qos.BucketGrouper;

/**
 * {@code grouper::bucket}, as in Tremor: events carry their class in {@code $class}, their allowed rate per time range
 * in {@code $rate}, optionally {@code $dimensions} (the key within the class), {@code $cardinality} (dimension values
 * kept per class, LRU, default 1000), {@code $time_range} (ms, default 1000) and {@code $windows} (slots, default
 * 100). An event within its rate leaves by {@code out}, one over it by {@code overflow}, one without class or rate by
 * {@code err}. Decisions come from {@link BucketGrouper}; per-class pass and overflow counts are kept there.
 */
final class BucketOperator extends Operator
{
    private final BucketGrouper grouper = new BucketGrouper();
    private final MetaKeys keys;

    BucketOperator(final Pipeline pipeline, final String name)
    {
        super(name);
        this.keys = new MetaKeys(pipeline.context());
    }

    @Override
    public void onEvent(final int port, final PipelineEvent event, final Emitter out)
    {
        final MetaKeys k = keys;
        final long meta = event.metaH;
        if (!k.readClass(meta))
        {
            out.emit(Pipeline.ERR, event);
            return;
        }
        k.readDimensions(meta);
        final long cardinality = k.number(meta, "cardinality", BucketGrouper.DEFAULT_CARDINALITY);
        final long rate = k.number(meta, "rate", BucketGrouper.NO_RATE);
        final long timeRange = k.number(meta, "time_range", BucketGrouper.DEFAULT_TIME_RANGE_MS);
        final long windows = k.number(meta, "windows", BucketGrouper.DEFAULT_WINDOWS);
        final int decision = grouper.decide(k.classBytes, 0, k.classLength,
            (int)Math.min(cardinality, BucketGrouper.MAX_CARDINALITY), k.dimBytes, 0, k.dimLength, rate, timeRange,
            (int)Math.min(windows, Integer.MAX_VALUE), event.ingestNs);
        switch (decision)
        {
            case BucketGrouper.PASS -> out.emit(Pipeline.OUT, event);
            case BucketGrouper.OVERFLOW -> out.emit(Pipeline.OVERFLOW, event);
            default -> out.emit(Pipeline.ERR, event);
        }
    }

    /**
     * The decisions' state, for metrics and tests.
     *
     * @return the grouper.
     */
    BucketGrouper grouper()
    {
        return grouper;
    }
}
