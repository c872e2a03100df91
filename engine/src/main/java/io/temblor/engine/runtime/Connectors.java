package io.temblor.engine.runtime;

import io.temblor.engine.codec.ChunkHandler;
import io.temblor.engine.codec.Codec;
import io.temblor.engine.codec.Postprocessor;
import io.temblor.engine.runtime.metrics.EventCounters;
import io.temblor.offheap.EventRing;
import org.agrona.concurrent.Agent;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The connectors of this first runtime, each an agent that owns its I/O: sources write JSON event frames to the
 * rings linked to their {@code out} port, sinks read frames from their rings. {@code metronome} (an event every
 * {@code interval} ns), {@code exit} (stops the runtime on its first event, after its {@code delay}, with its
 * {@code exit} code), {@code null} (discards), and the {@link Writer} that {@code stdio} and {@code file} sinks
 * use. Sinks encode with the connector's codec (JSON by default).
 */
final class Connectors
{
    private Connectors()
    {
    }

    /** Writes one frame to every ring of a port, holding it while a ring is full (nothing dropped). */
    abstract static class Source implements Agent, Metered
    {
        private final String name;
        final EventRing[] out;
        /** Events and bytes handed on by the {@code out} port. */
        final EventCounters outPort = new EventCounters("out", EventCounters.OUT);
        private final MemorySegment[] held = new MemorySegment[1];
        private int heldLength = -1;
        private long heldIngest;
        private long heldId;
        private int heldRing;
        /** Events handed to the rings (all rings reached). */
        volatile long sent;
        private byte[] buffer = new byte[256];
        private final MemorySegment[] segment = {MemorySegment.ofArray(buffer)};
        volatile boolean stopped;
        /** Records each new frame (the source's events) when the run captures; null otherwise. */
        CaptureTap capture;

        Source(final String name, final EventRing[] out)
        {
            this.name = name;
            this.out = out;
        }

        /** Offers the held frame to the rings it has not reached; true when none is left. */
        final boolean flushHeld()
        {
            if (heldLength < 0)
            {
                return true;
            }
            while (heldRing < out.length)
            {
                if (!out[heldRing].offer(1, heldIngest, heldId, held[0], 0, heldLength))
                {
                    return false;
                }
                heldRing++;
            }
            outPort.add(heldLength);
            heldLength = -1;
            sent++;
            return true;
        }

        /**
         * Sends a frame straight from {@code memory} to every ring; when a ring is full, the frame is copied and held
         * for the rings not reached yet. Only when nothing is held ({@link #idle()}).
         */
        final void send(final MemorySegment memory, final long offset, final int length, final long ingestNs,
            final long id)
        {
            if (null != capture)
            {
                capture.record(ingestNs, id, memory, offset, length);
            }
            for (int r = 0; r < out.length; r++)
            {
                if (!out[r].offer(1, ingestNs, id, memory, offset, length))
                {
                    if (buffer.length < length)
                    {
                        buffer = new byte[Math.max(length, buffer.length * 2)];
                        segment[0] = MemorySegment.ofArray(buffer);
                    }
                    MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, buffer, 0, length);
                    held[0] = segment[0];
                    heldLength = length;
                    heldIngest = ingestNs;
                    heldId = id;
                    heldRing = r;
                    return;
                }
            }
            sent++;
        }

        /** Holds a new frame (copied) and tries to send it. */
        final void send(final byte[] bytes, final int length, final long ingestNs, final long id)
        {
            if (null != capture)
            {
                capture.record(ingestNs, id, bytes, 0, length);
            }
            if (buffer.length < length)
            {
                buffer = new byte[Math.max(length, buffer.length * 2)];
                segment[0] = MemorySegment.ofArray(buffer);
            }
            System.arraycopy(bytes, 0, buffer, 0, length);
            held[0] = segment[0];
            heldLength = length;
            heldIngest = ingestNs;
            heldId = id;
            heldRing = 0;
            flushHeld();
        }

        final boolean idle()
        {
            return heldLength < 0;
        }

        @Override
        public EventCounters[] ports()
        {
            return new EventCounters[] {outPort};
        }

        @Override
        public String roleName()
        {
            return name;
        }
    }

    /** {@code metronome}: {@code {"connector":"metronome","ingest_ns":now,"id":n}} every {@code intervalNs}. */
    static final class Metronome extends Source
    {
        private final long intervalNs;
        private final LongSupplier clock;
        private long next = -1;
        private long id;
        private final StringBuilder text = new StringBuilder(96);
        private byte[] bytes = new byte[96];

        Metronome(final String name, final EventRing[] out, final long intervalNs, final LongSupplier clock)
        {
            super(name, out);
            this.intervalNs = Math.max(1, intervalNs);
            this.clock = clock;
        }

        @Override
        public int doWork()
        {
            if (!flushHeld() || stopped)
            {
                return 0;
            }
            final long now = clock.getAsLong();
            if (next < 0)
            {
                next = now;
            }
            if (now < next)
            {
                return 0;
            }
            next += intervalNs;
            text.setLength(0);
            text.append("{\"connector\":\"metronome\",\"ingest_ns\":").append(now).append(",\"id\":").append(id)
                .append('}');
            final int n = text.length();
            for (int i = 0; i < n; i++)
            {
                bytes[i] = (byte)text.charAt(i);
            }
            send(bytes, n, now, id++);
            return 1;
        }
    }

    /** A sink: reads its rings and hands each frame to {@link #onEvent}. */
    abstract static class Sink implements Agent, EventRing.FrameHandler, Metered
    {
        private final String name;
        final EventRing[] in;
        /** Events and bytes read from the {@code in} port. */
        final EventCounters inPort = new EventCounters("in", EventCounters.IN);
        private final EventRing.FrameHandler counted = (type, ingestNs, id, memory, offset, length) ->
        {
            inPort.add(length);
            onFrame(type, ingestNs, id, memory, offset, length);
        };

        Sink(final String name, final EventRing[] in)
        {
            this.name = name;
            this.in = in;
        }

        @Override
        public int doWork()
        {
            int work = 0;
            for (final EventRing ring : in)
            {
                work += ring.poll(counted, 64);
            }
            return work;
        }

        @Override
        public EventCounters[] ports()
        {
            return new EventCounters[] {inPort};
        }

        @Override
        public String roleName()
        {
            return name;
        }
    }

    /** {@code null}: discards. */
    static final class Null extends Sink
    {
        Null(final String name, final EventRing[] in)
        {
            super(name, in);
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
            final long offset, final int length)
        {
        }
    }

    /**
     * Writes each event, encoded with the codec: one per line, or through a postprocessor chain when one is given
     * (whose {@code finish} output is written when the runtime closes the agent). An event that does not encode or
     * postprocess, or a failed write, is counted with its reason ({@link #failed()}, {@link #lastFailure()}; the
     * runtime's summary prints them).
     */
    static final class Writer extends Sink implements ChunkHandler
    {
        private final OutputStream stream;
        private final FrameEncoder encoder;
        private final Postprocessor postprocessor;
        private final boolean closeStream;
        private final LongSupplier clock;
        private volatile String lastFailure;
        private volatile long failed;
        private boolean writeFailed;
        /** Events written. */
        volatile long written;

        Writer(final String name, final EventRing[] in, final OutputStream stream, final Codec codec)
        {
            this(name, in, stream, codec, null, false, System::nanoTime);
        }

        /**
         * A writer through postprocessors.
         *
         * @param name role name.
         * @param in rings read.
         * @param stream where bytes go.
         * @param codec the codec (null: the JSON frame as it is).
         * @param postprocessor the chain (null: one event per line).
         * @param closeStream whether {@link #onClose} closes the stream (a file, not stdout).
         * @param clock ingest time for bytes the chain emits when it finishes.
         */
        Writer(final String name, final EventRing[] in, final OutputStream stream, final Codec codec,
            final Postprocessor postprocessor, final boolean closeStream, final LongSupplier clock)
        {
            super(name, in);
            this.stream = stream;
            this.encoder = new FrameEncoder(codec);
            this.postprocessor = postprocessor;
            this.closeStream = closeStream;
            this.clock = clock;
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
            final long offset, final int length)
        {
            final int n = encoder.encode(type, memory, offset, length, null == postprocessor ? '\n' : -1);
            if (n < 0)
            {
                fail(encoder.errorMessage());
                return;
            }
            writeFailed = false;
            if (null == postprocessor)
            {
                onChunk(ingestNs, encoder.bytes(), 0, n);
            }
            else if (postprocessor.process(ingestNs, encoder.bytes(), 0, n, this) != Postprocessor.OK)
            {
                fail(postprocessor.errorMessage());
                return;
            }
            if (!writeFailed)
            {
                written++;
            }
        }

        @Override
        public void onChunk(final long ingestNs, final byte[] data, final int offset, final int length)
        {
            try
            {
                stream.write(data, offset, length);
            }
            catch (final IOException ex)
            {
                writeFailed = true;
                fail("write failed: " + ex.getMessage());
            }
        }

        @Override
        public int doWork()
        {
            final int work = super.doWork();
            if (work > 0)
            {
                flush();
            }
            return work;
        }

        private void flush()
        {
            try
            {
                stream.flush();
            }
            catch (final IOException ex)
            {
                fail("flush failed: " + ex.getMessage());
            }
        }

        private void fail(final String reason)
        {
            lastFailure = reason;
            failed++;
        }

        long failed()
        {
            return failed;
        }

        String lastFailure()
        {
            return lastFailure;
        }

        @Override
        public void onClose()
        {
            if (null != postprocessor && postprocessor.finish(clock.getAsLong(), this) != Postprocessor.OK)
            {
                fail(postprocessor.errorMessage());
            }
            flush();
            if (closeStream)
            {
                try
                {
                    stream.close();
                }
                catch (final IOException ex)
                {
                    fail("close failed: " + ex.getMessage());
                }
            }
            encoder.close();
        }
    }

    /**
     * {@code exit}: on its first event, asks the runtime to stop, as Tremor's exit connector: the event's top-level
     * {@code delay} (a non-negative integer, ns; else the connector's {@code config.delay}, else none) is waited first,
     * and the event's top-level {@code exit} integer is the process's exit code (Temblor's; 0 when absent or not an
     * integer). An event that is not a record (or not valid JSON) exits 0 after the configured delay. Later events are
     * ignored. The event is parsed with the JSON parser (one event per run: allocation does not matter here).
     */
    static final class Exit extends Sink
    {
        private final FlowRuntime runtime;
        private final long configDelayNs;
        private boolean done;

        Exit(final String name, final EventRing[] in, final FlowRuntime runtime, final long configDelayNs)
        {
            super(name, in);
            this.runtime = runtime;
            this.configDelayNs = configDelayNs;
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
            final long offset, final int length)
        {
            if (done)
            {
                return;
            }
            done = true;
            final byte[] bytes = new byte[length];
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
            final Object event = JsonConfig.parse(new String(bytes, StandardCharsets.UTF_8));
            runtime.exit(exitCode(event), delayNs(event, configDelayNs));
        }

        /** The {@code exit} field when it is an integer, else 0. */
        static long exitCode(final Object event)
        {
            return JsonConfig.field(event, "exit") instanceof Long code ? code : 0;
        }

        /** The {@code delay} field when it is a non-negative integer, else the configured delay. */
        static long delayNs(final Object event, final long configDelayNs)
        {
            return JsonConfig.field(event, "delay") instanceof Long delay && delay >= 0 ? delay : configDelayNs;
        }
    }
}
