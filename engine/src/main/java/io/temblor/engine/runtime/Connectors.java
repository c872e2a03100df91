package io.temblor.engine.runtime;

import io.temblor.engine.codec.ChunkHandler;
import io.temblor.engine.codec.Codec;
import io.temblor.engine.codec.Postprocessor;
import io.temblor.engine.runtime.metrics.EventCounters;
import io.temblor.offheap.EventRing;
import org.agrona.concurrent.Agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The connectors of this first runtime, each an agent that owns its I/O: sources write JSON event frames to the
 * rings linked to their {@code out} port, sinks read frames from their rings. {@code metronome} (an event every
 * {@code interval} ns), {@code exit} (stops the runtime on its first event, after its {@code delay}, with its
 * {@code exit} code), {@code null} (discards), {@code stdio}/{@code console} (lines of standard input out, events to
 * standard output) and {@code file} (reads lines, or writes events one per line). Sinks encode with the connector's
 * codec (JSON by default).
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

    /**
     * Reads lines from a stream and sends one frame each. A reader thread (blocking I/O stays off the duty cycle) reads
     * into one reused buffer, splits the lines in place (a {@code \r} before the {@code \n} is dropped, blank lines are
     * skipped) and hands them to the agent through its own ring; nothing is allocated per line. A line longer than a
     * frame can carry is skipped and counted with its line number ({@link #failed()}, {@link #lastFailure()}).
     */
    static final class Lines extends Source implements EventRing.FrameHandler
    {
        private static final int LINE = 1;
        private static final int END = 2;
        private static final int READ_SIZE = 64 * 1024;
        private final EventRing lines = new EventRing(FlowRuntime.RING_CAPACITY);
        private final Thread reader;
        private final LongSupplier clock;
        private long id;
        private volatile boolean finished;
        private volatile boolean closed;
        private volatile long failed;
        private volatile String lastFailure;
        private long lineNumber = 1;
        private int maxLine;

        Lines(final String name, final EventRing[] out, final InputStream in, final LongSupplier clock)
        {
            super(name, out);
            this.clock = clock;
            this.reader = new Thread(() -> read(in), name + "-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read(final InputStream in)
        {
            maxLine = Math.min(lines.maxPayloadLength(), minPayload(out));
            byte[] buffer = new byte[READ_SIZE];
            MemorySegment segment = MemorySegment.ofArray(buffer);
            int start = 0;
            int end = 0;
            boolean skipping = false;
            try (InputStream stream = in)
            {
                while (!closed)
                {
                    if (end == buffer.length)
                    {
                        if (start > 0)
                        {
                            System.arraycopy(buffer, start, buffer, 0, end - start);
                            end -= start;
                            start = 0;
                        }
                        else if (buffer.length < maxLine + 1)
                        {
                            buffer = java.util.Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxLine + 1));
                            segment = MemorySegment.ofArray(buffer);
                        }
                        else
                        {
                            if (!skipping)
                            {
                                tooLong();
                            }
                            skipping = true;
                            start = 0;
                            end = 0;
                        }
                    }
                    final int n = stream.read(buffer, end, buffer.length - end);
                    if (n < 0)
                    {
                        break;
                    }
                    final int scanned = end;
                    end += n;
                    for (int i = scanned; i < end; i++)
                    {
                        if (buffer[i] == '\n')
                        {
                            if (!skipping && !line(segment, buffer, start, i))
                            {
                                return;
                            }
                            skipping = false;
                            lineNumber++;
                            start = i + 1;
                        }
                    }
                    if (start == end)
                    {
                        start = 0;
                        end = 0;
                    }
                }
                if (start < end && !skipping && !line(segment, buffer, start, end))
                {
                    return;
                }
            }
            catch (final IOException ex)
            {
                fail("read failed after line " + (lineNumber - 1) + ": " + ex.getMessage());
            }
            while (!closed && !lines.offer(END, 0, 0, segment, 0, 0))
            {
                LockSupport.parkNanos(50_000L);
            }
        }

        private static int minPayload(final EventRing[] rings)
        {
            int min = Integer.MAX_VALUE;
            for (final EventRing ring : rings)
            {
                min = Math.min(min, ring.maxPayloadLength());
            }
            return min;
        }

        /** Hands one line to the agent (waiting while its ring is full); false when closed meanwhile. */
        private boolean line(final MemorySegment segment, final byte[] buffer, final int start, final int newline)
        {
            int end = newline;
            if (end > start && buffer[end - 1] == '\r')
            {
                end--;
            }
            int i = start;
            while (i < end && (buffer[i] == ' ' || buffer[i] == '\t' || buffer[i] == '\r'))
            {
                i++;
            }
            if (i == end)
            {
                return true;
            }
            if (end - start > maxLine)
            {
                tooLong();
                return true;
            }
            while (!lines.offer(LINE, 0, 0, segment, start, end - start))
            {
                if (closed)
                {
                    return false;
                }
                LockSupport.parkNanos(20_000L);
            }
            return true;
        }

        private void tooLong()
        {
            fail("line " + lineNumber + " is longer than " + maxLine + " bytes (the most an event frame carries); skipped");
        }

        private void fail(final String reason)
        {
            lastFailure = reason;
            failed++;
        }

        @Override
        public int doWork()
        {
            if (!flushHeld())
            {
                return 0;
            }
            int work = 0;
            // one line per poll: a line that meets a full ring is held, and no further line is taken meanwhile
            while (work < 64 && !stopped && idle() && lines.poll(this, 1) > 0)
            {
                work++;
            }
            return work;
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long frameId, final MemorySegment memory,
            final long offset, final int length)
        {
            if (type == END)
            {
                finished = true;
                return;
            }
            send(memory, offset, length, clock.getAsLong(), id++);
        }

        /** @return the thread reading the stream. */
        Thread readerThread()
        {
            return reader;
        }

        boolean finished()
        {
            return finished && idle();
        }

        /** @return lines skipped as too long, and failed reads. */
        long failed()
        {
            return failed;
        }

        /** @return the reason of the last failure, or null. */
        String lastFailure()
        {
            return lastFailure;
        }

        @Override
        public void onClose()
        {
            closed = true;
            reader.interrupt();
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

    /** {@code exit}: on its first event, asks the runtime to stop with the event's {@code exit} code and delay. */
    static final class Exit extends Sink
    {
        private final FlowRuntime runtime;
        private final byte[] scratch = new byte[1024];

        Exit(final String name, final EventRing[] in, final FlowRuntime runtime)
        {
            super(name, in);
            this.runtime = runtime;
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
            final long offset, final int length)
        {
            final int n = Math.min(length, scratch.length);
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, scratch, 0, n);
            final String text = new String(scratch, 0, n, StandardCharsets.UTF_8);
            runtime.exit(number(text, "exit", 0), number(text, "delay", 0));
        }

        /** A top-level integer field of a small JSON record, or the default (the exit event is tiny and rare). */
        private static long number(final String json, final String key, final long missing)
        {
            final int at = json.indexOf("\"" + key + "\"");
            if (!json.startsWith("{") || at < 0)
            {
                return missing;
            }
            int i = json.indexOf(':', at) + 1;
            while (i < json.length() && json.charAt(i) == ' ')
            {
                i++;
            }
            int j = i;
            while (j < json.length() && (Character.isDigit(json.charAt(j)) || json.charAt(j) == '-'))
            {
                j++;
            }
            return j > i ? Long.parseLong(json.substring(i, j)) : missing;
        }
    }
}
