package io.temblor.engine.runtime;

import io.temblor.engine.runtime.metrics.EventCounters;

/**
 * An agent that counts the events passing the connector ports it serves; {@link RuntimeMetrics} reads the counters.
 */
interface Metered
{
    /**
     * The counters of the ports this agent serves (the same objects for the agent's life).
     *
     * @return the counters.
     */
    EventCounters[] ports();
}
