package io.temblor.engine.pipeline;

/**
 * One event inside a pipeline, as a reusable flyweight of handles into the pipeline's shared value context: the value,
 * its metadata record, the ingest time and the event id. No allocation per event: the pipeline keeps one instance and
 * refills it for every operator call.
 */
public final class PipelineEvent
{
    /** The value. */
    public long valueH;
    /** Its bits. */
    public long valueB;
    /** The metadata ({@code $}). */
    public long metaH;
    /** Its bits. */
    public long metaB;
    /** Ingest time in nanoseconds. */
    public long ingestNs;
    /** The event id. */
    public long id;

    /**
     * Fills the flyweight.
     *
     * @param valueH value.
     * @param valueB its bits.
     * @param metaH metadata.
     * @param metaB its bits.
     * @param ingestNs ingest time.
     * @param id event id.
     * @return this.
     */
    public PipelineEvent set(final long valueH, final long valueB, final long metaH, final long metaB, final long ingestNs,
        final long id)
    {
        this.valueH = valueH;
        this.valueB = valueB;
        this.metaH = metaH;
        this.metaB = metaB;
        this.ingestNs = ingestNs;
        this.id = id;
        return this;
    }
}
