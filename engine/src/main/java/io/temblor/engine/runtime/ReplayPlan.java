package io.temblor.engine.runtime;

import io.temblor.engine.runtime.metrics.EventCounters;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.json.Tape;
import io.temblor.json.TapeFrame;
import io.temblor.offheap.EventRing;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.transport.TransportDescriptor;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * How a {@link FlowRuntime} is deployed for a replay: the connectors whose captured frames are replayed are not
 * started from their builders; each gets a {@link Target} the replay writes its frames to, decoded with the
 * connector's own codec and preprocessors (so the events are those the live source made), and when it also has
 * inputs its sink side becomes a {@link Collector}. Connectors named as collected sinks become collectors too; all
 * other connectors run as configured. The runtime's clock is the plan's (a {@link VirtualClock} in deterministic
 * mode).
 *
 * <p>Built on the thread that builds the runtime; {@link #target} is then read by the replay's thread.
 */
public final class ReplayPlan
{
    /** Connector types whose live source hands whole events on (no preprocessors; frames are events). */
    private static final Set<String> EVENT_SOURCES = Set.of("bench", "metronome");
    /** Preprocessors of connector types that have defaults when {@code preprocessors} is not set. */
    private static final Map<String, List<String>> DEFAULT_PREPROCESSORS = Map.of(
        "file", List.of("separate", "remove-empty"),
        "stdio", List.of("separate", "remove-empty"),
        "console", List.of("separate", "remove-empty"));

    private static final DirectBuffer EMPTY = new UnsafeBuffer(new byte[0]);

    private final Set<String> replayed;
    private final Set<String> eventFramed;
    private final Set<String> collected;
    private final LongSupplier clock;
    private final boolean latency;
    private final OutputStream output;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final List<Collector> collectors = new ArrayList<>();
    private volatile boolean cancelled;

    /**
     * A plan.
     *
     * @param replayed aliases of the connectors fed by the replay.
     * @param eventFramed aliases of replayed connectors whose frames are whole events (imported lines): decoded by
     *     the codec without the connector's preprocessors.
     * @param collected aliases of sinks replaced by collectors (besides replayed connectors that have inputs).
     * @param clock the runtime's clock ({@link System#nanoTime} or a {@link VirtualClock}).
     * @param latency whether collectors record latency (now minus the frame's ingest time; wall-clock replays only).
     * @param output where collectors write the events they get as NDJSON, in arrival order, or null for none.
     */
    public ReplayPlan(final Set<String> replayed, final Set<String> eventFramed, final Set<String> collected, final LongSupplier clock,
        final boolean latency, final OutputStream output)
    {
        this.replayed = replayed;
        this.eventFramed = eventFramed;
        this.collected = collected;
        this.clock = clock;
        this.latency = latency;
        this.output = output;
    }

    /** @return the runtime's clock. */
    LongSupplier clock()
    {
        return clock;
    }

    /**
     * The builder to use for a connector: the replay's for replayed and collected connectors, else its own.
     *
     * @param connector the connector.
     * @param configured the builder of its type (null when not supported).
     * @return the builder.
     */
    ConnectorBuilder builder(final CompiledDeployment.Connector connector, final ConnectorBuilder configured)
    {
        if (replayed.contains(connector.alias()))
        {
            return this::replayed;
        }
        if (collected.contains(connector.alias()))
        {
            return this::collector;
        }
        return configured;
    }

    private void replayed(final ConnectorContext ctx)
    {
        final boolean events = EVENT_SOURCES.contains(ctx.type()) || eventFramed.contains(ctx.alias());
        final EventCounters counters = new EventCounters("out", EventCounters.OUT);
        if (EVENT_SOURCES.contains(ctx.type()) && null == ctx.codec())
        {
            // as the live source: the event JSON goes straight to the pipelines, which parse it
            // when only pipelines read it, the replay's thread may parse an event itself (the pipeline loads the tape:
            // less work on its thread), as a live source's codec decodes on the source's side (see Target#put)
            targets.put(ctx.alias(), new Target(this, ctx.alias(), ctx.out("out"), PipelineAgent.OUT, false, counters,
                ctx.runtime().feedsPipelinesOnly(ctx.out("out"))));
            ctx.agent(new Tally(ctx.name() + "/replay", counters));
        }
        else
        {
            final EventRing raw = ctx.ring(FlowRuntime.RING_CAPACITY);
            targets.put(ctx.alias(), new Target(this, ctx.alias(), new EventRing[] {raw}, TransportDescriptor.DATA_TYPE,
                true, counters, false));
            ctx.agent(ctx.decode(raw, events ? null :
                ctx.preprocessors(DEFAULT_PREPROCESSORS.getOrDefault(ctx.type(), List.of())), ctx.codec()));
        }
        if (ctx.in().length > 0)
        {
            collector(ctx);
        }
    }

    private void collector(final ConnectorContext ctx)
    {
        final Collector collector = new Collector(ctx.name() + "/collect", ctx.in(), latency, output);
        collectors.add(collector);
        ctx.agent(collector);
    }

    /**
     * Where the frames of a replayed connector go. Replay thread, after the runtime was built.
     *
     * @param alias the connector's alias.
     * @return the target, or null when the connector is not replayed.
     */
    public Target target(final String alias)
    {
        return targets.get(alias);
    }

    /** The flow stopped: a replay waiting on a full ring gives up (the next {@link Target#put} throws). Any thread. */
    public void cancel()
    {
        cancelled = true;
    }

    /** @return true after {@link #cancel()}. Any thread. */
    public boolean isCancelled()
    {
        return cancelled;
    }

    /** @return the collectors built (after the runtime was built). */
    public List<Collector> collectors()
    {
        return collectors;
    }

    /**
     * Events per port of every connector and pipeline, e.g. {@code connector/in} {@code {"out": 10}}. Any thread.
     *
     * @param runtime the runtime.
     * @return the counts, by connector or pipeline and port ({@code in:PORT} for input ports other than in).
     */
    public static Map<String, Map<String, Long>> ports(final FlowRuntime runtime)
    {
        final Map<String, Map<String, Long>> all = new LinkedHashMap<>();
        for (final RuntimeMetrics.ConnectorEntry c : runtime.metrics().connectors())
        {
            final Map<String, Long> ports = new LinkedHashMap<>();
            for (final EventCounters counters : c.ports())
            {
                final String key = EventCounters.IN.equals(counters.direction()) && !"in".equals(counters.port()) ?
                    "in:" + counters.port() : counters.port();
                ports.putIfAbsent(key, c.eventsOf(counters));
            }
            if (c.failures() > 0)
            {
                ports.put("failed", c.failures());
            }
            all.put("connector/" + c.alias(), ports);
        }
        for (final RuntimeMetrics.PipelineEntry p : runtime.metrics().pipelines())
        {
            final Map<String, Long> ports = new LinkedHashMap<>();
            ports.put("in", p.agent().eventsIn());
            ports.put("out", p.agent().eventsOut());
            ports.put("err", p.agent().errors());
            all.put("pipeline/" + p.alias(), ports);
        }
        return all;
    }

    /**
     * A JSON text as a Java value (records are maps, arrays lists, numbers Long or Double), for comparing outputs as
     * values. Cold path.
     *
     * @param text the text.
     * @return the value, or empty when the text is not valid JSON.
     */
    public static Optional<Object> json(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (JsonParser parser = new JsonParser())
        {
            if (parser.parse(bytes, 0, bytes.length) != JsonError.OK)
            {
                return Optional.empty();
            }
        }
        return Optional.of(JsonConfig.parse(text));
    }

    /**
     * The rings a replayed connector's frames are written to, by one writer thread (the replay's). Frames are copied
     * straight from the caller's buffer (e.g. the journal's mapped memory) into every ring; while a ring is full the
     * writer waits, so nothing is dropped.
     */
    public static final class Target
    {
        private final ReplayPlan plan;
        private final String alias;
        private final EventRing[] rings;
        private final int type;
        private final boolean decoded;
        private final EventCounters counters;
        /** Tape frames are written while the first ring is fuller than its capacity divided by this. */
        static final int TAPE_FILL_DIVISOR = 16;
        /** Whether JSON event frames are parsed here and written as {@link PipelineAgent#TAPE} frames. */
        private final boolean tapes;
        private JsonParser parser;
        private byte[] text = new byte[4096];
        private long tapeFrames;

        Target(final ReplayPlan plan, final String alias, final EventRing[] rings, final int type, final boolean decoded,
            final EventCounters counters, final boolean tapes)
        {
            this.decoded = decoded;
            this.plan = plan;
            this.alias = alias;
            this.rings = rings;
            this.type = type;
            this.counters = counters;
            this.tapes = tapes;
        }

        /**
         * Ends a stream: the decode agent finishes its preprocessors (a last line without separator is decoded), as
         * when a live connection closes or a file ends. Replay thread only.
         *
         * @param ingestNs the ingest time to stamp.
         * @param streamId the stream.
         */
        public void end(final long ingestNs, final long streamId)
        {
            // only a decode agent has streams to end; event frames go straight to the pipelines
            if (decoded)
            {
                put(CodecAgents.Decode.END_OF_STREAM, ingestNs, streamId, EMPTY, 0, 0);
            }
            if (null != parser)
            {
                parser.close();
                parser = null;
            }
        }

        /** @return the connector's alias. */
        public String alias()
        {
            return alias;
        }

        /** @return the frames written parsed, as {@link PipelineAgent#TAPE} frames. Replay thread. */
        public long tapeFrames()
        {
            return tapeFrames;
        }

        /**
         * Whether this target parses event frames and writes {@link PipelineAgent#TAPE} frames.
         *
         * @return true when it does.
         */
        public boolean writesTapes()
        {
            return tapes;
        }

        /**
         * Writes a frame to every ring, waiting while one is full. Replay thread only. A JSON event for pipelines is
         * parsed here and written as a {@link PipelineAgent#TAPE} frame while the pipelines are behind (their first
         * ring is fuller than a {@value #TAPE_FILL_DIVISOR}th); otherwise, and when it does not parse (or has a scalar
         * root), it is written as it is, and the pipeline parses it (and reports it as it would any frame).
         *
         * @param ingestNs the ingest time to stamp.
         * @param streamId the stream the frame belongs to (one per captured source, for the preprocessors).
         * @param frame the buffer holding the frame.
         * @param offset where it starts.
         * @param length its length.
         * @throws IllegalStateException when the flow stopped while the frame waited for room.
         */
        public void put(final long ingestNs, final long streamId, final DirectBuffer frame, final int offset,
            final int length)
        {
            // parsing here pays while the pipelines are behind (their ring holds work); while they keep up, this thread
            // is the slower one and the pipelines parse the text themselves: the work settles where a core has room
            if (!tapes || rings[0].size() < rings[0].capacity() / TAPE_FILL_DIVISOR ||
                !putTape(ingestNs, streamId, frame, offset, length))
            {
                put(type, ingestNs, streamId, frame, offset, length);
            }
            counters.add(length);
        }

        private boolean putTape(final long ingestNs, final long streamId, final DirectBuffer frame, final int offset,
            final int length)
        {
            if (text.length < length)
            {
                text = new byte[Math.max(length, 2 * text.length)];
            }
            frame.getBytes(offset, text, 0, length);
            if (null == parser)
            {
                parser = new JsonParser();
            }
            if (parser.parse(text, 0, length) != JsonError.OK)
            {
                return false;
            }
            final Tape tape = parser.tape();
            final int bytes = TapeFrame.length(tape);
            if (bytes < 0 || bytes > rings[0].maxPayloadLength())
            {
                return false;
            }
            for (final EventRing ring : rings)
            {
                // written straight into the ring (the frame is built once, not copied again)
                int spins = 0;
                int at;
                while ((at = ring.tryClaim(type | PipelineAgent.TAPE, ingestNs, streamId, bytes)) == 0)
                {
                    spins = idle(spins);
                }
                TapeFrame.write(tape, ring.segment(), at);
                ring.commit(at);
            }
            tapeFrames++;
            return true;
        }

        private void put(final int frameType, final long ingestNs, final long streamId, final DirectBuffer frame,
            final int offset, final int length)
        {
            for (final EventRing ring : rings)
            {
                int spins = 0;
                while (!ring.offer(frameType, ingestNs, streamId, frame, offset, length))
                {
                    spins = idle(spins);
                }
            }
        }

        /** Waits a little for room in a full ring; the spins so far, counted on. */
        private int idle(final int spins)
        {
            if (plan.cancelled)
            {
                throw new IllegalStateException("the flow stopped before connector " + alias +
                    " took every replayed frame");
            }
            if (spins > 100)
            {
                // a full ring holds milliseconds of work: leave the core to the agents draining it
                LockSupport.parkNanos(20_000);
            }
            else
            {
                Thread.onSpinWait();
            }
            return spins + 1;
        }
    }

    /** Counts what a replayed connector that has no agent of its own hands on (for the summary). */
    private static final class Tally implements Agent, Metered
    {
        private final String name;
        private final EventCounters counters;

        Tally(final String name, final EventCounters counters)
        {
            this.name = name;
            this.counters = counters;
        }

        @Override
        public int doWork()
        {
            return 0;
        }

        @Override
        public EventCounters[] ports()
        {
            return new EventCounters[] {counters};
        }

        @Override
        public String roleName()
        {
            return name;
        }
    }

    /**
     * A replay's sink: counts the events reaching it, records their latency (arrival minus ingest time) in an HDR
     * histogram when asked, and writes them as NDJSON lines when there is an output; it encodes nothing otherwise.
     * The histogram is read after the run stopped.
     */
    public static final class Collector implements Agent, Metered, EventRing.FrameHandler
    {
        private final String name;
        private final EventRing[] in;
        private final boolean latency;
        private final OutputStream output;
        private final EventCounters counters = new EventCounters("in", EventCounters.IN);
        private final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        private byte[] line = new byte[4096];
        private long lastArrivalNs;

        Collector(final String name, final EventRing[] in, final boolean latency, final OutputStream output)
        {
            this.name = name;
            this.in = in;
            this.latency = latency;
            this.output = output;
        }

        @Override
        public int doWork()
        {
            int work = 0;
            for (final EventRing ring : in)
            {
                work += ring.poll(this, 256);
            }
            return work;
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
            final long offset, final int length)
        {
            final long now = System.nanoTime();
            lastArrivalNs = now;
            if (latency)
            {
                histogram.recordValue(Math.max(0, now - ingestNs));
            }
            counters.add(length);
            if (null != output)
            {
                if (line.length < length + 1)
                {
                    line = new byte[Math.max(length + 1, line.length * 2)];
                }
                MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, line, 0, length);
                line[length] = '\n';
                try
                {
                    synchronized (output)
                    {
                        output.write(line, 0, length + 1);
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
        }

        /** @return events received. Any thread. */
        public long events()
        {
            return counters.events();
        }

        /** @return bytes received. Any thread. */
        public long bytes()
        {
            return counters.bytes();
        }

        /** @return when the last event arrived ({@link System#nanoTime()}, 0 for none; read after the run stopped). */
        public long lastArrivalNs()
        {
            return lastArrivalNs;
        }

        /** @return the latency histogram (read after the run stopped). */
        public Histogram latency()
        {
            return histogram;
        }

        @Override
        public EventCounters[] ports()
        {
            return new EventCounters[] {counters};
        }

        @Override
        public String roleName()
        {
            return name;
        }
    }
}
