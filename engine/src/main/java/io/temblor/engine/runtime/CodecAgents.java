package io.temblor.engine.runtime;

import io.temblor.engine.codec.ChunkHandler;
import io.temblor.engine.codec.Codec;
import io.temblor.engine.codec.Postprocessor;
import io.temblor.engine.codec.Preprocessor;
import io.temblor.offheap.ByteSink;
import io.temblor.offheap.EventRing;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueWriter;
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
                final EventRing[] rings = type == PipelineAgent.ERR ? err : out;
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

    /** Raw chunks in, JSON event frames out (the pipeline reads JSON). */
    static final class Decode extends Relay implements EventRing.FrameHandler, ChunkHandler
    {
        private final EventRing in;
        private final Supplier<Preprocessor> preprocessors;
        private final Codec codec;
        private final Long2ObjectHashMap<Preprocessor> streams = new Long2ObjectHashMap<>();
        private final Arena arena = new Arena(64 * 1024);
        private final ValueContext ctx = new ValueContext(arena);
        private final ValueWriter writer = new ValueWriter();
        private final ByteSink json = new ByteSink(4096);
        private final long[] v = new long[2];
        private byte[] chunk = new byte[64 * 1024];
        private byte[] out = new byte[4096];
        private long stream;
        private volatile long failed;
        private volatile String lastFailure;

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
            if (type != TransportDescriptor.DATA_TYPE)
            {
                // the transport reports what it could not take (oversize, malformed): an error event, not data
                error(TransportDescriptor.reason(type, length), ingestNs);
                return;
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

        @Override
        public void onChunk(final long ingestNs, final byte[] data, final int offset, final int length)
        {
            if (null == codec)
            {
                emit(PipelineAgent.OUT, ingestNs, stream, data, offset, length);
                return;
            }
            arena.reset();
            if (codec.decode(ctx, data, offset, length, ingestNs, v, 0) != Codec.OK)
            {
                error(codec.errorMessage(), ingestNs);
                return;
            }
            json.reset();
            writer.write(ctx, v[0], v[1], json);
            final int n = (int)json.position();
            if (out.length < n)
            {
                out = new byte[Math.max(n, out.length * 2)];
            }
            json.copyTo(out, 0);
            emit(PipelineAgent.OUT, ingestNs, stream, out, 0, n);
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

        private void error(final String message, final long ingestNs)
        {
            failed++;
            lastFailure = message;
            final byte[] text = ("{\"error\":" + io.temblor.json.JsonWriter.quote(String.valueOf(message),
                new StringBuilder()) + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            emit(PipelineAgent.ERR, ingestNs, stream, text, 0, text.length);
        }

        @Override
        public void onClose()
        {
            arena.close();
            json.close();
        }
    }

    /** JSON event frames in, bytes to send out; frames that do not encode are counted with their reason. */
    static final class Encode extends Relay implements EventRing.FrameHandler, ChunkHandler
    {
        private final EventRing[] in;
        private final Postprocessor postprocessor;
        private final FrameEncoder encoder;
        private long id;
        private volatile String lastFailure;
        private volatile long failed;

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
            return work;
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long frameId, final MemorySegment memory,
            final long offset, final int length)
        {
            id = frameId;
            final int n = encoder.encode(memory, offset, length, -1);
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
        public void onClose()
        {
            encoder.close();
        }
    }
}
