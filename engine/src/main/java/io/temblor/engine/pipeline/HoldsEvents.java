package io.temblor.engine.pipeline;

/**
 * An operator that holds events back and emits them later, on an event or a tick ({@code qos::token_bucket} in shape
 * mode). A driver without a clock of its own ({@code bin/temblor run}) asks it when to tick next so that nothing stays
 * held at the end of the input. Pipeline thread only.
 */
public interface HoldsEvents
{
    /**
     * Events held now.
     *
     * @return the count.
     */
    int heldEvents();

    /**
     * When a tick will release the next held event.
     *
     * @param nowNs the current time.
     * @return {@code nowNs} if one is due now, a later time otherwise, {@link Long#MAX_VALUE} when nothing is held.
     */
    long nextReleaseNs(long nowNs);
}
