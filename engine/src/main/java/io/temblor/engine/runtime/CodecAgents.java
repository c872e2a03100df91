package io.temblor.engine.runtime;

import io.temblor.engine.codec.ChunkHandler;
import io.temblor.engine.codec.Codec;
import io.temblor.engine.codec.Postprocessor;
import io.temblor.engine.codec.Preprocessor;
import io.temblor.engine.runtime.metrics.EventCounters;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.offheap.EventRing;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;
import io.temblor.transport.AeronDescriptor;
import io.temblor.transport.TransportDescriptor;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Supplier;

/**
 * The agents between transports and pipelines: {@link Decode} turns raw byte chunks (one stream per connection id)
 * into JSON event frames through the connector's preprocessors and codec; {@link Encode} turns event frames into the
 * bytes to send through the codec and postprocessors. A chunk that does not frame or decode becomes an error frame
 * ({@link PipelineAgent#ERR}) with the reason, never a silent drop. Both hold a frame when their output ring is full.
 */
final class CodecAgents
{
    private CodecAgents()
    {
    }

    /**
     * Writes frames to every ring of a list, in order: frames are staged, and while a ring is full the rest wait (the
     * agent then reads no more input), so nothing is dropped and the duty cycle never blocks.
     */
    abstract static class Relay implements Agent
    {
        private final String name;
        private final EventRing[] out;
        private final EventRing[] err;
        private final ByteSink staged = new ByteSink(4096);
        /** Events and bytes written to the {@code out} rings. */
        final EventCounters relayed = new EventCounters("out", EventCounters.OUT);
        /** Events and bytes written to the {@code err} rings. */
        final EventCounters relayedErr = new EventCounters("err", EventCounters.OUT);
        private long[] index = new long[4 * 16];
        private int count;
        private int next;
        private int nextRing;

        Relay(final String name, final EventRing[] out, final EventRing[] err)
        {
            this.name = name;
            this.out = out;
            this.err = err;
        }

        /** Writes staged frames until a ring is full; true when none is left. */
        final boolean flush()
        {
            while (next < count)
            {
                final int at = next * 4;
                final long start = index[at + 1] >>> 8;
                final int type = (int)(index[at + 1] & 0xFF);
                final boolean isErr = (type & PipelineAgent.PORT_MASK) == PipelineAgent.ERR;
                final EventRing[] rings = isErr ? err : out;
                while (nextRing < rings.length)
                {
                    if (!rings[nextRing].offer(type, index[at + 2], index[at + 3], staged.segment(), start, (int)index[at]))
                    {
                        return false;
                    }
                    nextRing++;
                }
                nextRing = 0;
                next++;
                (isErr ? relayedErr : relayed).add((int)index[at]);
            }
            count = 0;
            next = 0;
            staged.reset();
            return true;
        }

        final void emit(final int type, final long ingestNs, final long id, final byte[] data, final int offset,
            final int length)
        {
            if ((count + 1) * 4 > index.length)
            {
                index = java.util.Arrays.copyOf(index, index.length * 2);
            }
            final long start = staged.position();
            staged.write(data, offset, length);
            final int at = count * 4;
            index[at] = length;
            index[at + 1] = (start << 8) | type;
            index[at + 2] = ingestNs;
            index[at + 3] = id;
            count++;
        }

        final boolean holding()
        {
            return count > 0;
        }

        @Override
        public String roleName()
        {
            return name;
        }
    }

    /**
     * Raw chunks in, JSON event frames out (the pipeline reads JSON), or, for a codec result that is a binary value
     * (the {@code binary} codec's), a {@link PipelineAgent#BINARY} frame of its raw bytes. A frame of type
     * {@link #END_OF_STREAM} (or a transport's {@link TransportDescriptor#END_TYPE}) ends the stream of its id: the
     * stream's preprocessors are finished (a buffered last line is decoded) and dropped.
     */
    static final class Decode extends Relay implements EventRing.FrameHandler, ChunkHandler, Metered
    {
        /** Frame type on the input ring marking the end of the stream whose id the frame carries (no payload). */
        static final int END_OF_STREAM = 4;
        /** Frame type on the input ring carrying an error of the stream's source (UTF-8 text) for the err port. */
        static final int STREAM_ERROR = 5;

        private final EventRing in;
        private final Supplier<Preprocessor> preprocessors;
        private final Codec codec;
        private final Long2ObjectHashMap<Preprocessor> streams = new Long2ObjectHashMap<>();
        private final Arena arena = new Arena(64 * 1024);
        private final ValueContext ctx = new ValueContext(arena);
        private final ValueWriter writer = new ValueWriter();
        private final ByteSink json = new ByteSink(4096);
        private final JsonParser validator = new JsonParser();
        private final long[] v = new long[2];
        private byte[] chunk = new byte[64 * 1024];
        private byte[] out = new byte[4096];
        private long stream;
        private volatile long failed;
        private volatile String lastFailure;
        /** Events decoded and passed on (staged for the out port). */
        volatile long decoded;
        /** Records each raw chunk before preprocessing when the run captures; null otherwise. */
        CaptureTap capture;

        Decode(final String name, final EventRing in, final EventRing[] outRings, final EventRing[] errRings,
            final Supplier<Preprocessor> preprocessors, final Codec codec)
        {
            super(name, outRings, errRings);
            this.in = in;
            this.preprocessors = preprocessors;
            this.codec = codec;
        }

        @Override
        public int doWork()
        {
            if (!flush())
            {
                return 0;
            }
            // one chunk at a time: the events it makes are staged and all written before the next chunk is read
            final int work = in.poll(this, 1);
            flush();
            return work;
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
            final long offset, final int length)
        {
            if (chunk.length < length)
            {
                chunk = new byte[Math.max(length, chunk.length * 2)];
            }
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, chunk, 0, length);
            stream = id;
            if (type == END_OF_STREAM || type == TransportDescriptor.END_TYPE)
            {
                if (null != capture)
                {
                    capture.endStream(id);
                }
                endOfStream(ingestNs, id);
                return;
            }
            if (type == STREAM_ERROR)
            {
                error(new String(chunk, 0, length, java.nio.charset.StandardCharsets.UTF_8), ingestNs);
                return;
            }
            if (type != TransportDescriptor.DATA_TYPE)
            {
                transportError(type, ingestNs, length);
                return;
            }
            if (null != capture)
            {
                capture.record(ingestNs, id, chunk, 0, length);
            }
            if (null == preprocessors)
            {
                onChunk(ingestNs, chunk, 0, length);
                return;
            }
            Preprocessor p = streams.get(id);
            if (null == p)
            {
                p = preprocessors.get();
                streams.put(id, p);
            }
            if (p.process(ingestNs, chunk, 0, length, this) != Preprocessor.OK)
            {
                error(p.errorMessage(), ingestNs);
            }
        }

        private void endOfStream(final long ingestNs, final long id)
        {
            final Preprocessor p = null == preprocessors ? null : streams.remove(id);
            if (null != p && p.finish(ingestNs, this) != Preprocessor.OK)
            {
                error(p.errorMessage(), ingestNs);
            }
        }

        @Override
        public void onChunk(final long ingestNs, final byte[] data, final int offset, final int length)
        {
            if (null == codec)
            {
                // JSON passed through as it is: checked here, so that a bad frame reaches this connector's err port
                if (validator.parse(data, offset, length) != JsonError.OK)
                {
                    error("invalid JSON: " + JsonError.message(validator.errorCode()) + " at byte " +
                        validator.errorOffset(), ingestNs);
                    return;
                }
                emit(PipelineAgent.OUT, ingestNs, stream, data, offset, length);
                decoded++;
                return;
            }
            arena.reset();
            final int status = codec.decode(ctx, data, offset, length, ingestNs, v, 0);
            if (status == Codec.NO_VALUE)
            {
                return;
            }
            if (status != Codec.OK)
            {
                error(codec.errorMessage(), ingestNs);
                return;
            }
            json.reset();
            final boolean binary = Values.type(v[0]) == ValueDescriptor.TYPE_BINARY;
            if (binary)
            {
                // a top-level binary travels as its raw bytes in a BINARY frame, not as JSON
                json.write(ctx.segment(v[0]), ctx.stringOffset(v[0]), ctx.stringLength(v[0]));
            }
            else
            {
                writer.write(ctx, v[0], v[1], json);
            }
            final int n = (int)json.position();
            if (out.length < n)
            {
                out = new byte[Math.max(n, out.length * 2)];
            }
            json.copyTo(out, 0);
            emit(binary ? PipelineAgent.OUT | PipelineAgent.BINARY : PipelineAgent.OUT, ingestNs, stream, out, 0, n);
            decoded++;
        }

        /**
         * Chunks that did not frame or decode (each also sent to the {@code err} port when it is connected).
         *
         * @return the count.
         */
        long failed()
        {
            return failed;
        }

        /**
         * The reason of the last such failure.
         *
         * @return the reason, or null.
         */
        String lastFailure()
        {
            return lastFailure;
        }

        /** A transport's report (a frame it could not send, a datagram too long) as an error with the bytes. */
        private void transportError(final int type, final long ingestNs, final int length)
        {
            final int shown = Math.min(length, 256);
            final String what = type == TransportDescriptor.UNDELIVERED_TYPE ?
                "not delivered (no such connection, connection lost, or the client gave up reconnecting)" :
                type == TransportDescriptor.OVERSIZE_TYPE ? "datagram or message over the largest size, dropped" :
                type == TransportDescriptor.MALFORMED_TYPE ? "Aeron message shorter than its " +
                    AeronDescriptor.HEADER_LENGTH + "-byte ingest_ns header, dropped" :
                "transport error " + type;
            error(what + ": " + length + " bytes" + (length > 0 ? ", starting `" +
                new String(chunk, 0, shown, java.nio.charset.StandardCharsets.UTF_8) + (shown < length ? "...`" : "`") :
                ""), ingestNs);
        }

        private void error(final String message, final long ingestNs)
        {
            failed++;
            lastFailure = message;
            final byte[] text = ("{\"error\":" + io.temblor.json.JsonWriter.quote(String.valueOf(message),
                new StringBuilder()) + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            emit(PipelineAgent.ERR, ingestNs, stream, text, 0, text.length);
        }

        @Override
        public EventCounters[] ports()
        {
            return new EventCounters[] {relayed, relayedErr};
        }

        @Override
        public void onClose()
        {
            arena.close();
            json.close();
            validator.close();
        }
    }

    /**
     * JSON event frames in, bytes to send out; frames that do not encode are counted with their reason. When the
     * connector asks for it ({@link #finishAtStop}), the postprocessor chain is finished once the stopping runtime has
     * drained its input ({@link #requestFinish}): what the chain still holds ({@code collect}, the end of a
     * {@code streaming-compress} stream) is sent as the last bytes, with the id of the last event.
     */
    static final class Encode extends Relay implements EventRing.FrameHandler, ChunkHandler, Metered
    {
        private final EventRing[] in;
        /** Events and bytes read from the {@code in} port. */
        final EventCounters inPort = new EventCounters("in", EventCounters.IN);
        private final Postprocessor postprocessor;
        private final FrameEncoder encoder;
        private long id;
        private volatile String lastFailure;
        private volatile long failed;
        private boolean finishAtStop;
        private volatile boolean finishRequested;
        private volatile boolean chainFinished;

        Encode(final String name, final EventRing[] in, final EventRing out, final Postprocessor postprocessor,
            final Codec codec)
        {
            super(name, new EventRing[] {out}, new EventRing[0]);
            this.in = in;
            this.postprocessor = postprocessor;
            this.encoder = new FrameEncoder(codec);
        }

        @Override
        public int doWork()
        {
            if (!flush())
            {
                return 0;
            }
            int work = 0;
            for (final EventRing ring : in)
            {
                work += ring.poll(this, 1);
                if (!flush())
                {
                    break;
                }
            }
            if (work == 0 && finishRequested && !chainFinished)
            {
                finishChain();
                work++;
            }
            return work;
        }

        /** Sends what the chain still holds: once, after the last event, when the runtime has drained the input. */
        private void finishChain()
        {
            if (postprocessor.finish(System.nanoTime(), this) != Postprocessor.OK)
            {
                lastFailure = postprocessor.errorMessage();
                failed++;
            }
            chainFinished = true;
            flush();
        }

        /**
         * Finishes the postprocessor chain when the runtime stops (the connector's stream ends with the flow: a client,
         * a file). Build time.
         *
         * @return this.
         */
        Encode finishAtStop()
        {
            finishAtStop = true;
            return this;
        }

        /**
         * Asks the agent to finish its chain once its input is empty (a stopping runtime, after the drain). Any thread.
         *
         * @return true when there is a chain to finish (then {@link #finishPending} says when it is done).
         */
        boolean requestFinish()
        {
            if (!finishAtStop || null == postprocessor || finishRequested)
            {
                return false;
            }
            finishRequested = true;
            return true;
        }

        /**
         * Whether a requested finish has not run yet. Any thread.
         *
         * @return true while pending.
         */
        boolean finishPending()
        {
            return finishRequested && !chainFinished;
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long frameId, final MemorySegment memory,
            final long offset, final int length)
        {
            id = frameId;
            inPort.add(length);
            final int n = encoder.encode(type, memory, offset, length, -1);
            if (n < 0)
            {
                lastFailure = encoder.errorMessage();
                failed++;
                return;
            }
            if (null == postprocessor)
            {
                onChunk(ingestNs, encoder.bytes(), 0, n);
            }
            else
            {
                if (postprocessor.process(ingestNs, encoder.bytes(), 0, n, this) != Postprocessor.OK)
                {
                    lastFailure = postprocessor.errorMessage();
                    failed++;
                }
            }
        }

        /**
         * Events that did not encode or postprocess.
         *
         * @return the count.
         */
        long failed()
        {
            return failed;
        }

        /**
         * The reason of the last such failure.
         *
         * @return the reason, or null.
         */
        String lastFailure()
        {
            return lastFailure;
        }

        @Override
        public void onChunk(final long ingestNs, final byte[] data, final int offset, final int length)
        {
            emit(1, ingestNs, id, data, offset, length);
        }

        @Override
        public EventCounters[] ports()
        {
            return new EventCounters[] {inPort};
        }

        @Override
        public void onClose()
        {
            encoder.close();
        }
    }
}
