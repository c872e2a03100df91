package io.temblor.engine.runtime;

import io.temblor.engine.pipeline.Pipeline;
import io.temblor.engine.runtime.metrics.EventCounters;
import io.temblor.engine.runtime.metrics.LatencyRecorder;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.json.Tape;
import io.temblor.json.TapeFrame;
import io.temblor.offheap.ByteSink;
import io.temblor.offheap.EventRing;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;
import org.agrona.concurrent.Agent;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Runs a pipeline on a duty cycle: reads JSON event frames from an inbound {@link EventRing}, decodes each straight
 * from the ring's memory into a tape, sends it through the pipeline and writes every event that leaves, encoded as
 * compact JSON, to the outbound ring with the output port as the frame type ({@link #OUT}, {@link #ERR}, or
 * {@link #OTHER} for named outputs). A frame that is not JSON, and an event that an operator fails, leave by
 * {@link #ERR} as {@code {"error": "...", "event": "<frame text>"}}. A frame whose type carries {@link #BINARY} is
 * the raw bytes of one binary value: it enters the pipeline as that binary, and an event whose value is a binary
 * leaves as such a frame (a binary nested in a record or array is written as an array of its byte values). A frame
 * whose type carries {@link #TAPE} is an event parsed by another thread ({@link TapeFrame}): it is loaded, not parsed.
 *
 * <p>Back pressure: when the outbound ring is full, the outputs of the event in hand are kept (in a staging sink) and
 * no further inbound frame is read until they are written; nothing accepted is dropped. Allocation: none per event in
 * steady state (the staging sink and its index grow once).
 */
public final class PipelineAgent implements Agent, EventRing.FrameHandler, Pipeline.Outputs
{
    /** Frame type of events leaving by {@code out}. */
    public static final int OUT = 1;
    /** Frame type of events leaving by {@code err}, and of errors. */
    public static final int ERR = 2;
    /** Frame type of events leaving by any other output port. */
    public static final int OTHER = 3;
    /**
     * Flag of a frame type: the payload is the raw bytes of one top-level binary value, not JSON text. The port is the
     * type's {@link #PORT_MASK} bits ({@code OUT | BINARY}, {@code ERR | BINARY}, {@code OTHER | BINARY}).
     */
    public static final int BINARY = 0x40;
    /** The bits of a frame type that name its port or kind (every type below 64: ports, stream and transport kinds). */
    public static final int PORT_MASK = 0x3F;
    /**
     * Frame type flag: the payload is compact JSON as {@code ValueWriter} writes it (a decode agent's output), so a
     * pipeline that passes every event unchanged to {@code out} may forward the bytes without parsing and writing
     * them again (it would produce the same bytes). Only ever set on frames into a pipeline; never leaves one.
     */
    public static final int CANONICAL_JSON = 0x80;
    /**
     * Frame type flag: the payload is a {@link TapeFrame}, an event another thread already parsed (e.g. a replay's
     * JSON source), loaded here without parsing it again. Only ever set on frames into a pipeline; never leaves one.
     */
    public static final int TAPE = 0x100;
    /** Inbound frames handled per duty cycle at most. */
    public static final int DEFAULT_BATCH = 64;

    private final String name;
    private final Pipeline pipeline;
    private final EventRing[] inbound;
    private final EventRing[][] outbound;
    private int nextRing;
    private final JsonParser parser = new JsonParser();
    private final ByteSink staging = new ByteSink(64 * 1024);
    private final ValueWriter writer = new ValueWriter();
    private final int batch;
    private long[] pending = new long[4 * 64];
    private int pendingCount;
    private int pendingNext;
    private final EventCounters in = new EventCounters("in", EventCounters.IN);
    /** By frame type: the counters of the output ports ({@code other} for named ports). */
    private final EventCounters[] out = {null, new EventCounters("out", EventCounters.OUT),
        new EventCounters("err", EventCounters.OUT), new EventCounters("other", EventCounters.OUT)};
    private final LatencyRecorder latency = new LatencyRecorder();
    private volatile long errors;
    /** The pipeline passes every event from {@code in} to {@code out} unchanged. */
    private final boolean directToOut;

    /**
     * An agent.
     *
     * @param name the agent's role name.
     * @param pipeline the pipeline it runs (owned by this agent's thread from now on).
     * @param inbound frames in (only the {@link #BINARY} flag of a frame type matters).
     * @param outbound frames out.
     * @param batch inbound frames per duty cycle at most.
     */
    public PipelineAgent(final String name, final Pipeline pipeline, final EventRing inbound, final EventRing outbound,
        final int batch)
    {
        this(name, pipeline, new EventRing[] {inbound}, new EventRing[][] {{}, {outbound}, {outbound}, {outbound}}, batch);
    }

    /**
     * An agent reading several rings and writing each output port to the rings linked to it.
     *
     * @param name the agent's role name.
     * @param pipeline the pipeline it runs (owned by this agent's thread from now on).
     * @param inbound the rings read, in turn.
     * @param outbound by frame type ({@link #OUT}, {@link #ERR}, {@link #OTHER}): the rings written (none: the events
     *                 leave nowhere, as from an unconnected port).
     * @param batch inbound frames per ring and duty cycle at most.
     */
    public PipelineAgent(final String name, final Pipeline pipeline, final EventRing[] inbound,
        final EventRing[][] outbound, final int batch)
    {
        this.name = name;
        this.pipeline = pipeline;
        this.inbound = inbound.clone();
        this.outbound = outbound.clone();
        this.batch = batch;
        this.directToOut = pipeline.isDirectToOut("in");
    }

    @Override
    public int doWork()
    {
        int work = flush();
        if (pendingCount > 0)
        {
            return work;
        }
        for (final EventRing ring : inbound)
        {
            work += ring.poll(this, batch);
        }
        return work + flush();
    }

    @Override
    public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory, final long offset,
        final int length)
    {
        final long startNs = System.nanoTime();
        in.add(length);
        if (directToOut && (type & CANONICAL_JSON) != 0)
        {
            final long start = staging.position();
            staging.write(memory, offset, length);
            stage(OUT, start, ingestNs, id);
        }
        else if ((type & TAPE) != 0)
        {
            if (parser.load(memory, offset, length) != JsonError.OK)
            {
                error("malformed tape frame of " + length + " bytes", memory, offset, length, ingestNs, id, true);
            }
            else if (pipeline.enqueue("in", parser.tape(), ingestNs, id, this) == Pipeline.ERROR)
            {
                // the event's text is the tape's root input text
                final Tape tape = parser.tape();
                error(pipeline.error().render(pipeline.query().source()), MemorySegment.ofArray(tape.source()),
                    tape.sourceOffset(), tape.sourceLength(), ingestNs, id, false);
            }
        }
        else if ((type & BINARY) != 0)
        {
            if (pipeline.enqueueBinary("in", memory, offset, length, ingestNs, id, this) == Pipeline.ERROR)
            {
                error(pipeline.error().render(pipeline.query().source()), memory, offset, length, ingestNs, id, true);
            }
        }
        else if (parser.parse(memory, offset, length) != JsonError.OK)
        {
            error("invalid JSON: " + JsonError.message(parser.errorCode()) + " at byte " + parser.errorOffset(), memory,
                offset, length, ingestNs, id, false);
        }
        else if (pipeline.enqueue("in", parser.tape(), ingestNs, id, this) == Pipeline.ERROR)
        {
            error(pipeline.error().render(pipeline.query().source()), memory, offset, length, ingestNs, id, false);
        }
        latency.record(System.nanoTime() - startNs);
    }

    @Override
    public void onOutput(final String port, final long valueH, final long valueB, final long metaH, final long metaB,
        final long ingestNs, final long id)
    {
        final long start = staging.position();
        final int type = "out".equals(port) ? OUT : "err".equals(port) ? ERR : OTHER;
        final ValueContext ctx = pipeline.context();
        if (Values.type(valueH) == ValueDescriptor.TYPE_BINARY)
        {
            staging.write(ctx.segment(valueH), ctx.stringOffset(valueH), ctx.stringLength(valueH));
            stage(type | BINARY, start, ingestNs, id);
            return;
        }
        try
        {
            writer.write(ctx, valueH, valueB, staging);
        }
        catch (final IllegalArgumentException ex)
        {
            // the JSON text between agents has no form for a NaN or infinite float: the event leaves by err instead
            staging.position(start);
            errors++;
            final byte[] bytes = ("{\"error\":" + quote(name + ": cannot pass on the event leaving by `" + port +
                "`: " + ex.getMessage() + " (JSON has no NaN or infinite numbers)") + "}").getBytes(StandardCharsets.UTF_8);
            staging.write(bytes, 0, bytes.length);
            stage(ERR, start, ingestNs, id);
            return;
        }
        stage(type, start, ingestNs, id);
    }

    /** An error event; a binary frame's bytes are shown as base64 (Tremor's JSON form of bytes). */
    private void error(final String message, final MemorySegment memory, final long offset, final int length,
        final long ingestNs, final long id, final boolean binary)
    {
        errors++;
        final byte[] frame = new byte[length];
        MemorySegment.copy(memory, java.lang.foreign.ValueLayout.JAVA_BYTE, offset, frame, 0, length);
        final String text = "{\"error\":" + quote(message) + ",\"event\":" +
            quote(binary ? Base64.getEncoder().encodeToString(frame) : new String(frame, StandardCharsets.UTF_8)) + "}";
        final long start = staging.position();
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        staging.write(bytes, 0, bytes.length);
        stage(ERR, start, ingestNs, id);
    }

    private void stage(final int type, final long start, final long ingestNs, final long id)
    {
        if ((pendingCount + 1) * 4 > pending.length)
        {
            pending = Arrays.copyOf(pending, pending.length * 2);
        }
        final int at = pendingCount * 4;
        pending[at] = type | (start << 8);
        pending[at + 1] = staging.position() - start;
        pending[at + 2] = ingestNs;
        pending[at + 3] = id;
        pendingCount++;
    }

    /** Writes staged outputs to the rings of their ports, oldest first, until one is full; the work done. */
    private int flush()
    {
        int written = 0;
        while (pendingNext < pendingCount)
        {
            final int at = pendingNext * 4;
            final int type = (int)(pending[at] & 0xFF);
            final int port = type & PORT_MASK;
            final long start = pending[at] >>> 8;
            final int length = (int)pending[at + 1];
            final EventRing[] rings = port < outbound.length ? outbound[port] : null;
            while (null != rings && nextRing < rings.length)
            {
                if (!rings[nextRing].offer(type, pending[at + 2], pending[at + 3], staging.segment(), start, length))
                {
                    return written;
                }
                nextRing++;
            }
            nextRing = 0;
            pendingNext++;
            written++;
            out[port < out.length && port > 0 ? port : OTHER].add(length);
        }
        pendingCount = 0;
        pendingNext = 0;
        staging.reset();
        return written;
    }

    /**
     * Whether events are waiting to be written (a full outbound ring).
     *
     * @return true while outputs are held.
     */
    public boolean holdsEvents()
    {
        return pendingCount > 0;
    }

    private static String quote(final String text)
    {
        return io.temblor.json.JsonWriter.quote(text, new StringBuilder(text.length() + 2)).toString();
    }

    /**
     * Frames read.
     *
     * @return the count.
     */
    public long eventsIn()
    {
        return in.events();
    }

    /**
     * Frames written.
     *
     * @return the count.
     */
    public long eventsOut()
    {
        return out[OUT].events() + out[ERR].events() + out[OTHER].events();
    }

    /**
     * The counters of the pipeline's ports: {@code in}, then {@code out}, {@code err} and {@code other} (named output
     * ports). Written by this agent, read by any thread.
     *
     * @return the counters.
     */
    public EventCounters[] ports()
    {
        return new EventCounters[] {in, out[OUT], out[ERR], out[OTHER]};
    }

    /**
     * Time spent on each inbound event (decoding it, running the pipeline, staging its outputs). Recorded by this
     * agent; other threads take snapshots.
     *
     * @return the recorder.
     */
    public LatencyRecorder latency()
    {
        return latency;
    }

    /**
     * Frames that were not JSON or failed in the pipeline.
     *
     * @return the count.
     */
    public long errors()
    {
        return errors;
    }

    @Override
    public void onClose()
    {
        parser.close();
        staging.close();
        pipeline.close();
    }

    @Override
    public String roleName()
    {
        return name;
    }
}
