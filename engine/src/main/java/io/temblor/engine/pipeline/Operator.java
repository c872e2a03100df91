package io.temblor.engine.pipeline;

import io.temblor.script.runtime.ScriptError;

/**
 * A node of a pipeline. It receives one event at a time on an input port and emits any number of events on its output
 * ports through the {@link Emitter}; what it emits must stay valid until the pipeline's next input event (values of the
 * shared context's event arena, the tape or the constant pool). Operators run on the pipeline's thread only.
 */
public abstract class Operator
{
    /** The node's name. */
    protected final String name;

    /**
     * An operator.
     *
     * @param name the node's name.
     */
    protected Operator(final String name)
    {
        this.name = name;
    }

    /**
     * The node's name.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * Handles one event.
     *
     * @param port the input port's id (see {@link Pipeline#portId(String)}).
     * @param event the event (read it during the call only).
     * @param out where to emit.
     * @throws ScriptError for an error that fails the whole event, as Tremor's operators do.
     */
    public abstract void onEvent(int port, PipelineEvent event, Emitter out);

    /**
     * Handles a tick (time passing without events), for time-based windows; nothing by default.
     *
     * @param nowNs the time.
     * @param out where to emit.
     */
    public void onTick(final long nowNs, final Emitter out)
    {
    }

    /**
     * Handles a contraflow insight travelling back upstream (ack, fail, circuit breaker); nothing by default.
     *
     * @param insight the insight.
     */
    public void onContraflow(final Insight insight)
    {
    }

    /** Where an operator's events go. */
    public interface Emitter
    {
        /**
         * Emits an event.
         *
         * @param port output port id.
         * @param valueH the value.
         * @param valueB its bits.
         * @param metaH the metadata.
         * @param metaB its bits.
         * @param ingestNs ingest time.
         * @param id event id.
         */
        void emit(int port, long valueH, long valueB, long metaH, long metaB, long ingestNs, long id);

        /**
         * Emits an event unchanged.
         *
         * @param port output port id.
         * @param event the event.
         */
        default void emit(final int port, final PipelineEvent event)
        {
            emit(port, event.valueH, event.valueB, event.metaH, event.metaB, event.ingestNs, event.id);
        }
    }
}
