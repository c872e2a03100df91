package io.temblor.engine.codec;

import java.util.List;

/**
 * A list of interceptors applied in order, as a connector's {@code preprocessors}/{@code postprocessors} in Tremor:
 * each chunk a stage emits is processed by the next stage at once, and the last stage's chunks go to the caller's
 * handler. {@link #finish} finishes the stages in order, each one's remainder flowing through the stages after it
 * before they finish (so a buffered {@code separate} followed by {@code remove-empty} still delivers its last line).
 * A stage's {@link #ERROR} does not stop the chunk's other output: the chain reports the first error of the call,
 * prefixed with the stage's name and position. Links are preallocated: nothing is allocated per chunk.
 * Single-threaded, like its stages.
 */
public final class InterceptorChain implements Preprocessor, Postprocessor
{
    private final Interceptor[] stages;
    private final Link[] links;
    private final String kind;
    private ChunkHandler out;
    private String error;

    private InterceptorChain(final String kind, final Interceptor[] stages)
    {
        this.kind = kind;
        this.stages = stages;
        this.links = new Link[stages.length];
        for (int i = 0; i < stages.length; i++)
        {
            links[i] = new Link(i + 1);
        }
    }

    /**
     * A chain of preprocessors (the single stage itself when there is one).
     *
     * @param stages the preprocessors, in order (none: chunks pass through).
     * @return the chain.
     */
    public static Preprocessor preprocessors(final List<? extends Preprocessor> stages)
    {
        return stages.size() == 1 ? stages.get(0) :
            new InterceptorChain("preprocessor", stages.toArray(new Interceptor[0]));
    }

    /**
     * A chain of postprocessors (the single stage itself when there is one).
     *
     * @param stages the postprocessors, in order (none: chunks pass through).
     * @return the chain.
     */
    public static Postprocessor postprocessors(final List<? extends Postprocessor> stages)
    {
        return stages.size() == 1 ? stages.get(0) :
            new InterceptorChain("postprocessor", stages.toArray(new Interceptor[0]));
    }

    @Override
    public String name()
    {
        return "chain";
    }

    /**
     * The number of stages.
     *
     * @return the count.
     */
    public int size()
    {
        return stages.length;
    }

    @Override
    public int process(final long ingestNs, final byte[] data, final int offset, final int length,
        final ChunkHandler handler)
    {
        out = handler;
        error = null;
        if (stages.length == 0)
        {
            handler.onChunk(ingestNs, data, offset, length);
            return OK;
        }
        if (stages[0].process(ingestNs, data, offset, length, links[0]) != OK)
        {
            record(0);
        }
        return error == null ? OK : ERROR;
    }

    @Override
    public int finish(final long ingestNs, final ChunkHandler handler)
    {
        out = handler;
        error = null;
        for (int i = 0; i < stages.length; i++)
        {
            if (stages[i].finish(ingestNs, links[i]) != OK)
            {
                record(i);
            }
        }
        return error == null ? OK : ERROR;
    }

    @Override
    public String errorMessage()
    {
        return error;
    }

    private void record(final int stage)
    {
        if (error == null)
        {
            error = kind + " " + stages[stage].name() + " (" + (stage + 1) + " of " + stages.length + "): " +
                stages[stage].errorMessage();
        }
    }

    /** Hands a stage's output to the next stage, or to the caller after the last. */
    private final class Link implements ChunkHandler
    {
        private final int next;

        Link(final int next)
        {
            this.next = next;
        }

        @Override
        public void onChunk(final long ingestNs, final byte[] data, final int offset, final int length)
        {
            if (next == stages.length)
            {
                out.onChunk(ingestNs, data, offset, length);
            }
            else if (stages[next].process(ingestNs, data, offset, length, links[next]) != OK)
            {
                record(next);
            }
        }
    }
}
