package io.temblor.engine.pipeline;

import io.temblor.engine.qos.TokenBuckets;
import io.temblor.engine.qos.TokenShaper;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.compile.CompiledQuery;
import io.temblor.script.error.CompileError;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueWriter;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code qos::token_bucket} (Temblor's, not in Tremor): lets {@code rate} events per {@code period} through on average
 * and up to {@code burst} at once. Configuration, read once when the pipeline is built:
 * <ul>
 *   <li>{@code rate}: events per period (default 1000); a whole number in shape mode.</li>
 *   <li>{@code period}: milliseconds (default 1000).</li>
 *   <li>{@code burst}: bucket depth in events (default: the rate, rounded up).</li>
 *   <li>{@code mode}: {@code "police"} (default) or {@code "shape"}.</li>
 *   <li>{@code max_keys} (police): buckets kept at once (default 100 000).</li>
 *   <li>{@code queue_bytes} (shape): off-heap queue capacity (default 1 MiB).</li>
 * </ul>
 * Police mode: a token bucket per key, the event's {@code $class} and {@code $dimensions} (events without a class share
 * one bucket); an event with a token leaves by {@code out}, one without by {@code overflow}. The decision cost does not
 * grow with the number of keys ({@link TokenBuckets} keeps up to {@code max_keys} buckets in a preallocated table).
 *
 * <p>Shape mode: one bucket for the operator (shape per class with one operator per class). An event that finds the
 * queue empty and a token leaves by {@code out} at once, unchanged; any other event is serialised (compact JSON of its
 * value and metadata, with its ingest time and id, see {@link ShapedFrameDescriptor}) into a {@link TokenShaper} queue
 * of {@code queue_bytes}, or leaves by {@code overflow} at once when the queue lacks room for it. Queued events leave by
 * {@code out}, oldest first, as tokens become whole: after each new event is queued (at its ingest time) and on every
 * tick; they are parsed back into the pipeline's event arena with their original metadata, ingest time and id. Every
 * event thus leaves by {@code out} or {@code overflow}, and those leaving by {@code out} keep their order. Types JSON
 * lacks do not survive the queue: a binary comes back as an array of byte values.
 *
 * <p>Times are ingest times for events and the tick's time for ticks (nanoseconds); neither may go backwards. Allocation
 * free in steady state: the frame is written by a reused {@link ValueWriter} into a reused {@link ByteSink} and read
 * back by a reused simd-json {@link JsonParser} whose tape is deep-copied into the arena
 * ({@link ValueContext#copy}); the recursive-descent {@code JsonReader} of the extractors would allocate a reader and a
 * {@code byte[]} per string.
 */
final class TokenBucketOperator extends Operator implements HoldsEvents, AutoCloseable
{
    /** Default {@code period}: one second. */
    static final long DEFAULT_PERIOD_MS = 1000;
    /** Default {@code rate}. */
    static final double DEFAULT_RATE = 1000;
    /** Default {@code max_keys}. */
    static final int DEFAULT_MAX_KEYS = 100_000;
    /** Default {@code queue_bytes}: 1 MiB. */
    static final int DEFAULT_QUEUE_BYTES = 1 << 20;

    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final TokenBuckets buckets;
    private final MetaKeys keys;
    private final TokenShaper shaper;
    private final Shape shape;

    TokenBucketOperator(final Pipeline pipeline, final String name, final Operators.Config config)
    {
        super(name);
        final double rate = config.decimal("rate", DEFAULT_RATE);
        final long periodMs = config.number("period", DEFAULT_PERIOD_MS);
        final long burst = config.number("burst", Math.max(1, (long)Math.ceil(rate)));
        final String mode = config.text("mode", "police");
        if (periodMs < 1 || periodMs > Long.MAX_VALUE / NANOS_PER_MILLI)
        {
            throw invalid(pipeline, name, "`period` must be a positive number of milliseconds: " + periodMs);
        }
        if (burst < 1)
        {
            throw invalid(pipeline, name, "`burst` must be at least 1: " + burst);
        }
        switch (mode)
        {
            case "police" ->
            {
                final double ratePerSec = rate * 1000.0 / periodMs;
                if (!(ratePerSec >= TokenBuckets.MIN_RATE))
                {
                    throw invalid(pipeline, name, "`rate` must be positive: " + rate);
                }
                this.buckets = new TokenBuckets(ratePerSec, burst, (int)config.number("max_keys", DEFAULT_MAX_KEYS));
                this.keys = new MetaKeys(pipeline.context());
                this.shaper = null;
                this.shape = null;
            }
            case "shape" ->
            {
                if (rate != Math.rint(rate) || rate < 1 || rate > TokenShaper.MAX_RATE)
                {
                    throw invalid(pipeline, name, "`rate` must be a whole number of events per period in shape mode " +
                        "(use `period` for slower rates): " + rate);
                }
                final long queueBytes = config.number("queue_bytes", DEFAULT_QUEUE_BYTES);
                if (queueBytes < 64 || queueBytes > Integer.MAX_VALUE - 8)
                {
                    throw invalid(pipeline, name, "`queue_bytes` must be in [64, 2^31 - 9]: " + queueBytes);
                }
                final long periodNs = periodMs * NANOS_PER_MILLI;
                if (burst > TokenShaper.MAX_CREDIT / periodNs)
                {
                    throw invalid(pipeline, name, "`burst` * `period` is too large: " + burst + " * " + periodMs);
                }
                final int capacity = (int)((queueBytes + TokenShaper.FRAME_ALIGNMENT - 1) &
                    -TokenShaper.FRAME_ALIGNMENT);
                this.shaper = new TokenShaper(capacity, (long)rate, periodNs, burst);
                this.shape = new Shape(pipeline.context());
                this.buckets = null;
                this.keys = null;
            }
            default -> throw invalid(pipeline, name, "`mode` must be \"police\" or \"shape\": `" + mode + "`");
        }
    }

    private static CompileError invalid(final Pipeline pipeline, final String name, final String message)
    {
        final String text = "Invalid operator configuration: qos::token_bucket " + name + ": " + message;
        for (final CompiledQuery.QueryNode node : pipeline.query().nodes())
        {
            if (node instanceof CompiledQuery.Operator o && o.name().equals(name))
            {
                return new CompileError(o.span(), text);
            }
        }
        return new CompileError(null, text);
    }

    @Override
    public void onEvent(final int port, final PipelineEvent event, final Emitter out)
    {
        if (null == shaper)
        {
            police(event, out);
            return;
        }
        final TokenShaper s = shaper;
        final long nowNs = event.ingestNs;
        if (s.passIfIdle(nowNs))
        {
            out.emit(Pipeline.OUT, event);
            return;
        }
        if (shape.offer(event, s) == TokenShaper.FULL)
        {
            out.emit(Pipeline.OVERFLOW, event);
        }
        shape.release(s, nowNs, out, false);
    }

    @Override
    public void onTick(final long nowNs, final Emitter out)
    {
        if (null != shaper && shaper.size() > 0)
        {
            shape.release(shaper, nowNs, out, true);
        }
    }

    @Override
    public int heldEvents()
    {
        return null == shaper ? 0 : shaper.size();
    }

    @Override
    public long nextReleaseNs(final long nowNs)
    {
        return null == shaper ? Long.MAX_VALUE : shaper.nextReleaseNs(nowNs);
    }

    /** The shape mode's queue (null in police mode), for tests. */
    TokenShaper shaper()
    {
        return shaper;
    }

    @Override
    public void close()
    {
        if (null != shape)
        {
            shape.close();
        }
    }

    private void police(final PipelineEvent event, final Emitter out)
    {
        final MetaKeys k = keys;
        if (!k.readClass(event.metaH))
        {
            k.classLength = 0;
        }
        k.readDimensions(event.metaH);
        final int decision = buckets.acquire(k.hash(), event.ingestNs);
        out.emit(decision == TokenBuckets.PASS ? Pipeline.OUT : Pipeline.OVERFLOW, event);
    }

    /** Shape mode's reusable buffers: the frame writer and the frame reader. */
    private final class Shape implements TokenShaper.FrameHandler, AutoCloseable
    {
        private final ValueContext shared;
        /** Reads the parser's tape; shares the pipeline's event arena, so its copies are the pipeline's values. */
        private final ValueContext reader;
        private final ValueWriter writer = new ValueWriter();
        private final ByteSink sink = new ByteSink(4096);
        private final JsonParser parser = new JsonParser();
        private final long[] t = new long[6];
        private byte[] json = new byte[4096];
        private Emitter out;

        Shape(final ValueContext shared)
        {
            this.shared = shared;
            this.reader = new ValueContext(shared.arena());
        }

        int offer(final PipelineEvent event, final TokenShaper s)
        {
            final ByteSink b = sink;
            b.reset();
            final MemorySegment header = b.reserve(ShapedFrameDescriptor.JSON_OFFSET);
            header.set(I64, ShapedFrameDescriptor.INGEST_NS_OFFSET, event.ingestNs);
            header.set(I64, ShapedFrameDescriptor.ID_OFFSET, event.id);
            b.position(ShapedFrameDescriptor.JSON_OFFSET);
            b.writeByte('[');
            writer.write(shared, event.valueH, event.valueB, b);
            b.writeByte(',');
            writer.write(shared, event.metaH, event.metaB, b);
            b.writeByte(']');
            final long length = b.position();
            if (length > Integer.MAX_VALUE)
            {
                return TokenShaper.FULL;
            }
            return s.offer(b.segment(), 0, (int)length, event.ingestNs);
        }

        /** Releases the due frames to {@code out}, oldest first. */
        void release(final TokenShaper s, final long nowNs, final Emitter out, final boolean tick)
        {
            this.out = out;
            try
            {
                s.poll(this, nowNs, Integer.MAX_VALUE);
            }
            finally
            {
                this.out = null;
            }
        }

        @Override
        public void onFrame(final ByteBuffer buffer, final int offset, final int length)
        {
            final long ingestNs = buffer.getLong(offset + ShapedFrameDescriptor.INGEST_NS_OFFSET);
            final long id = buffer.getLong(offset + ShapedFrameDescriptor.ID_OFFSET);
            final int jsonLength = length - ShapedFrameDescriptor.JSON_OFFSET;
            if (json.length < jsonLength)
            {
                json = new byte[Math.max(jsonLength, 2 * json.length)];
            }
            buffer.get(offset + ShapedFrameDescriptor.JSON_OFFSET, json, 0, jsonLength);
            final int status = parser.parse(json, 0, jsonLength);
            if (status != JsonError.OK)
            {
                // the frame was written by ValueWriter: not reading it back is a bug, not an event's fault
                throw new IllegalStateException("qos::token_bucket " + name + ": a queued event does not read back: " +
                    JsonError.message(status));
            }
            final ValueContext r = reader;
            final long[] v = t;
            r.event(parser.tape());
            r.root(v, 4);
            r.element(v[4], 0, v, 0);
            r.copy(v[0], v[1], v, 0);
            r.element(v[4], 1, v, 2);
            r.copy(v[2], v[3], v, 2);
            r.event(null);
            out.emit(Pipeline.OUT, v[0], v[1], v[2], v[3], ingestNs, id);
        }

        @Override
        public void close()
        {
            sink.close();
            parser.close();
        }
    }
}
