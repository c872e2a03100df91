package io.temblor.engine.pipeline;

import io.temblor.engine.qos.BucketGrouper;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

/**
 * {@code grouper::bucket}, as in Tremor: events are grouped by class ({@code $class}); their allowed rate per time
 * range in {@code $rate}, optionally {@code $dimensions} (the key within the class), {@code $cardinality} (dimension
 * values kept per class, LRU, default 1000), {@code $time_range} (ms, default 1000) and {@code $windows} (slots,
 * default 100); the settings are read only when a class or a dimension value is created, the only time Tremor uses
 * them. An event within its rate leaves by {@code out}, one over it by {@code overflow}, one without class or rate by
 * {@code err}. Decisions come from {@link BucketGrouper}; per-class pass and overflow counts are kept there.
 *
 * <p>Classes set from script literals ({@code let $class = "..."}) are strings of the constant pool, whose handles
 * never change: their groups are remembered by handle in a small direct-mapped cache, so such an event costs no class
 * copy, hash or lookup. Other class strings are copied and looked up by their bytes.
 */
final class BucketOperator extends Operator
{
    private static final int CACHE_SIZE = 32;

    private final BucketGrouper grouper = new BucketGrouper();
    private final MetaKeys keys;
    private final long[] cachedHandles = new long[CACHE_SIZE];
    private final BucketGrouper.Group[] cachedGroups = new BucketGrouper.Group[CACHE_SIZE];

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
        if (!k.findClass(meta))
        {
            out.emit(Pipeline.ERR, event);
            return;
        }
        final BucketGrouper.Group group = group(k, meta);
        k.readDimensions(meta);
        int decision = group.decideKept(k.dimBytes, 0, k.dimLength, event.ingestNs);
        if (decision == BucketGrouper.NOT_KEPT)
        {
            // a new dimension value: only now are its window's settings read
            final long rate = k.number(meta, k.rate, BucketGrouper.NO_RATE);
            final long timeRange = k.number(meta, k.timeRange, BucketGrouper.DEFAULT_TIME_RANGE_MS);
            final long windows = k.number(meta, k.windows, BucketGrouper.DEFAULT_WINDOWS);
            decision = group.decide(k.dimBytes, 0, k.dimLength, rate, timeRange,
                (int)Math.min(windows, Integer.MAX_VALUE), event.ingestNs);
        }
        switch (decision)
        {
            case BucketGrouper.PASS -> out.emit(Pipeline.OUT, event);
            case BucketGrouper.OVERFLOW -> out.emit(Pipeline.OVERFLOW, event);
            default -> out.emit(Pipeline.ERR, event);
        }
    }

    /** The group of the class {@link MetaKeys#findClass} found, from the cache for constant-pool strings. */
    private BucketGrouper.Group group(final MetaKeys k, final long meta)
    {
        final long handle = k.classHandle;
        final boolean constant = Values.store(handle) == ValueDescriptor.STORE_CONSTANT;
        int slot = 0;
        if (constant)
        {
            final long h = handle * 0x9E37_79B9_7F4A_7C15L;
            slot = (int)(h >>> 59) & (CACHE_SIZE - 1);
            final BucketGrouper.Group cached = cachedGroups[slot];
            if (null != cached && cachedHandles[slot] == handle)
            {
                return cached;
            }
        }
        k.copyClass();
        final long cardinality = k.number(meta, k.cardinality, BucketGrouper.DEFAULT_CARDINALITY);
        final BucketGrouper.Group group = grouper.group(k.classBytes, 0, k.classLength,
            (int)Math.min(cardinality, BucketGrouper.MAX_CARDINALITY));
        if (constant)
        {
            cachedHandles[slot] = handle;
            cachedGroups[slot] = group;
        }
        return group;
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
