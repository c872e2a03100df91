package io.temblor.engine.runtime;

import io.temblor.engine.codec.Codec;
import io.temblor.offheap.EventRing;
import io.temblor.transport.TransportDescriptor;
import org.agrona.concurrent.Agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
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
    abstract static class Source implements Agent
    {
        private final String name;
        final EventRing[] out;
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
            heldLength = -1;
            sent++;
            return true;
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

    /** Reads lines from a stream on a reader thread (blocking I/O stays off the duty cycle) and sends one frame each. */
    static final class Lines extends Source
    {
        private static final byte[] END = new byte[0];
        private final ArrayBlockingQueue<byte[]> lines = new ArrayBlockingQueue<>(4096);
        private final Thread reader;
        private final LongSupplier clock;
        private long id;
        private volatile boolean finished;

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
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
            {
                String line;
                while (null != (line = r.readLine()))
                {
                    if (!line.isBlank())
                    {
                        lines.put(line.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            catch (final IOException | InterruptedException ex)
            {
                // end of input: what was read is sent
            }
            try
            {
                lines.put(END);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public int doWork()
        {
            int work = 0;
            while (work < 64 && flushHeld() && !stopped)
            {
                final byte[] line = lines.poll();
                if (null == line)
                {
                    break;
                }
                if (line == END)
                {
                    finished = true;
                    break;
                }
                send(line, line.length, clock.getAsLong(), id++);
                work++;
            }
            return work;
        }

        boolean finished()
        {
            return finished && idle();
        }

        @Override
        public void onClose()
        {
            reader.interrupt();
        }
    }

    /** A sink: reads its rings and hands each frame to {@link #onEvent}. */
    abstract static class Sink implements Agent, EventRing.FrameHandler
    {
        private final String name;
        final EventRing[] in;

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
                work += ring.poll(this, 64);
            }
            return work;
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
     * Writes each event, encoded with the codec, one per line. An event that does not encode, or a failed write, is
     * counted with its reason ({@link #failed()}, {@link #lastFailure()}; the runtime's summary prints them).
     */
    static final class Writer extends Sink
    {
        private final OutputStream stream;
        private final FrameEncoder encoder;
        private volatile String lastFailure;
        private volatile long failed;
        /** Events written. */
        volatile long written;

        Writer(final String name, final EventRing[] in, final OutputStream stream, final Codec codec)
        {
            super(name, in);
            this.stream = stream;
            this.encoder = new FrameEncoder(codec);
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
            final long offset, final int length)
        {
            final int n = encoder.encode(memory, offset, length, '\n');
            if (n < 0)
            {
                fail(encoder.errorMessage());
                return;
            }
            try
            {
                stream.write(encoder.bytes(), 0, n);
                written++;
            }
            catch (final IOException ex)
            {
                fail("write failed: " + ex.getMessage());
            }
        }

        @Override
        public int doWork()
        {
            final int work = super.doWork();
            if (work > 0)
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
            return work;
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
            encoder.close();
        }
    }

    /**
     * Reads the inbound ring of a client transport so it never fills: frames the transport reports as undelivered
     * (not connected and its send buffer full, or larger than that buffer) are counted with the reason, for the
     * runtime's stop summary; bytes the peer sent back are counted and discarded (a client's {@code out} port is not
     * supported yet). Without it a client that started before its server deadlocked once the ring was full.
     */
    static final class Replies extends Sink
    {
        private volatile long failed;
        private volatile long received;

        Replies(final String name, final EventRing in)
        {
            super(name, new EventRing[] {in});
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
            final long offset, final int length)
        {
            if (type == TransportDescriptor.UNDELIVERED_TYPE)
            {
                failed++;
            }
            else
            {
                received++;
            }
        }

        /** @return events the transport could not send. */
        long failed()
        {
            return failed;
        }

        /** @return chunks the peer sent back (discarded). */
        long received()
        {
            return received;
        }

        /** @return why events were not sent. */
        String lastFailure()
        {
            return "undelivered: not connected and the send buffer full, or an event larger than the send buffer";
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
