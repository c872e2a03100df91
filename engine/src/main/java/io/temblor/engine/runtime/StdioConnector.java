package io.temblor.engine.runtime;

import io.temblor.engine.codec.InterceptorChain;
import io.temblor.engine.codec.Postprocessor;
import io.temblor.engine.codec.Preprocessor;
import io.temblor.offheap.EventRing;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Tremor's {@code stdio} connector (also registered as {@code console}).
 *
 * <p>Source: a reader thread (blocking I/O stays off the duty cycle) reads standard input as it comes, up to
 * {@value #READ_SIZE} bytes at a time (Tremor's read size), into one reused buffer and a ring; a
 * {@link CodecAgents.Decode} agent runs the connector's {@code preprocessors} and codec (default {@code json}) and
 * sends the events to {@code out}. Input that does not frame or decode goes to {@code err} as
 * {@code {"error": "..."}}. When the connector sets no {@code preprocessors}, Temblor reads lines ({@code separate}
 * and {@code remove-empty}; Tremor's bare {@code stdio} has none, and its {@code tremor::connectors::console} sets
 * {@code separate}). At the end of the input the stream ends: the preprocessors finish, so a last line without a
 * newline is decoded. Nothing is allocated per read.
 *
 * <p>Sink: events on the {@code in} or {@code stdout} port are written to standard output, events on {@code stderr}
 * to standard error, each through the codec and the connector's {@code postprocessors} (default {@code separate}: one
 * event per line; an explicit empty list writes them back to back). The chains' {@code finish} output (e.g.
 * {@code collect}) is written when the flow stops.
 */
final class StdioConnector
{
    /** Bytes read from standard input at once (Tremor's {@code INPUT_SIZE_BYTES}). */
    static final int READ_SIZE = 8192;
    /** The stream id of standard input's chunks. */

    private static final List<String> DEFAULT_PREPROCESSORS = List.of("separate", "remove-empty");
    private static final List<String> DEFAULT_POSTPROCESSORS = List.of("separate");
    private static final Set<String> IN_PORTS = Set.of("in", "stdout", "stderr");

    private StdioConnector()
    {
    }

    /**
     * Builds the agents of a {@code stdio} connector: its source when {@code out} or {@code err} is connected, a writer
     * per output stream that something is connected to.
     *
     * @param ctx the connector.
     */
    static void build(final ConnectorContext ctx)
    {
        for (final String port : ctx.inPorts())
        {
            if (!IN_PORTS.contains(port))
            {
                throw ctx.error("the " + ctx.type() + " connector has no input port `" + port +
                    "` (its input ports: in, stdout, stderr)");
            }
        }
        if (ctx.out("out").length > 0 || ctx.out("err").length > 0)
        {
            final EventRing raw = ctx.ring(FlowRuntime.RING_CAPACITY);
            final Supplier<Preprocessor> preprocessors = ctx.preprocessors(DEFAULT_PREPROCESSORS);
            final CodecAgents.Decode decode = ctx.decode(raw, preprocessors, ctx.codec());
            ctx.source(new Stdin(ctx.name(), ctx.out("out"), ctx.stdin(), raw, decode));
            ctx.agent(decode);
        }
        final EventRing[] stdout = concat(ctx.in("in"), ctx.in("stdout"));
        if (stdout.length > 0)
        {
            ctx.agent(writer(ctx, ctx.name(), stdout, ctx.stdout()));
        }
        final EventRing[] stderr = ctx.in("stderr");
        if (stderr.length > 0)
        {
            ctx.agent(writer(ctx, ctx.name() + "/stderr", stderr, ctx.stderr()));
        }
    }

    private static Connectors.Writer writer(final ConnectorContext ctx, final String name, final EventRing[] in,
        final PrintStream stream)
    {
        final Postprocessor postprocessor = ctx.postprocessor(DEFAULT_POSTPROCESSORS);
        return new Connectors.Writer(name, in, stream, ctx.codec(),
            null == postprocessor ? InterceptorChain.postprocessors(List.of()) : postprocessor, false, ctx.clock());
    }

    private static EventRing[] concat(final EventRing[] a, final EventRing[] b)
    {
        final EventRing[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * The reading side: the reader thread puts standard input's bytes on the ring for the decode agent as they come
     * (up to {@link #READ_SIZE} at a time, as Tremor reads).
     */
    static final class Stdin extends ReaderSource
    {
        private final InputStream in;
        private long total;

        Stdin(final String name, final EventRing[] out, final InputStream in, final EventRing raw,
            final CodecAgents.Decode decode)
        {
            super(name, out, raw, decode);
            this.in = in;
        }

        @Override
        void read() throws IOException
        {
            final byte[] chunk = new byte[READ_SIZE];
            final MemorySegment segment = MemorySegment.ofArray(chunk);
            int n;
            while (!stopped && (n = in.read(chunk, 0, READ_SIZE)) >= 0)
            {
                if (n > 0)
                {
                    chunk(segment, n);
                    total += n;
                }
            }
        }

        @Override
        String describeFailure(final Throwable error)
        {
            return "cannot read standard input after " + total + " bytes: " + error.getMessage();
        }

        @Override
        void closeInput()
        {
            try
            {
                in.close();
            }
            catch (final IOException ex)
            {
                // nothing was lost: the reading is over
            }
        }
    }
}
