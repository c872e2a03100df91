package io.temblor.engine.runtime;

import io.temblor.engine.codec.ChunkHandler;
import io.temblor.engine.codec.Codec;
import io.temblor.engine.codec.Postprocessor;
import io.temblor.engine.codec.Preprocessor;
import io.temblor.json.JsonWriter;
import io.temblor.offheap.ByteSink;
import io.temblor.offheap.EventRing;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.tukaani.xz.XZInputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Tremor's {@code bench} connector: a load generator and a latency/throughput meter in one. The source part replays
 * the elements of a data file (lines, or {@code chunk_size} chunks; xz-decompressed when the path ends in {@code .xz};
 * base64-decoded when {@code base64} is set) to its {@code out} rings as fast as they take them (or one every
 * {@code interval} ns, on a fixed schedule). With a codec other than plain JSON each element is checked once at
 * deployment and then decoded by the codec again for every event it emits (as Tremor's source decodes every event);
 * with JSON the element is the event frame and the pipeline parses it. The sink part
 * encodes every event it gets with the codec (and postprocessor) to count bytes, records the event's latency (now
 * minus its ingest time) in an HDR histogram once {@code warmup_secs} have passed, and when {@code stop_after_secs}
 * (after the warm-up) or {@code iters} passes over the data are reached prints Tremor's report (or JSON when
 * {@code structured}) plus the JVM's garbage collections during the measured period, then asks the runtime to exit.
 * Events of the warm-up go through the same encoding and timing but are not counted: on a JIT the warm-up has to
 * compile the measured path too, or the first measured events run it cold (measured: a 10-40 ms stall of the duty
 * cycle when the measured period began, which alone put the p99.9 of the Aeron latency flow in milliseconds).
 *
 * <p>Ingest times come from {@link System#nanoTime()} shifted once to the Unix epoch, so that they compare with the
 * transports' epoch ingest times (Tremor's are epoch nanoseconds too). The environment variable
 * {@value #SECONDS_ENV} ({@code WARMUP,RUN}, e.g. {@code 1,4}) replaces {@code warmup_secs} and
 * {@code stop_after_secs} when set, for short runs. Neither part allocates per event.
 */
final class BenchConnector
{
    /** Environment variable overriding {@code warmup_secs,stop_after_secs}. */
    static final String SECONDS_ENV = "TEMBLOR_BENCH_SECONDS";
    /** Lowest latency the histogram tracks, ns. */
    static final long LOWEST_NS = 1;
    /** Highest latency the histogram tracks, ns (larger values are recorded as this). */
    static final long HIGHEST_NS = 100_000_000_000L;
    /** Events a source emits per duty cycle at most. */
    static final int BATCH = 64;

    private static final Set<String> KEYS = Set.of("path", "interval", "chunk_size", "iters", "base64",
        "is_transactional", "structured", "stop_after_secs", "significant_figures", "warmup_secs");

    private BenchConnector()
    {
    }

    /**
     * The connector's configuration, as Tremor's.
     *
     * @param path               the data file.
     * @param intervalNs         ns between events, 0 for as fast as possible.
     * @param chunkSize          chunk size in bytes, 0 to split into lines.
     * @param iters              passes over the data before stopping, 0 for no limit.
     * @param base64             whether elements are base64 text.
     * @param structured         JSON report instead of text.
     * @param stopAfterSecs      seconds measured after the warm-up, 0 for no limit.
     * @param significantFigures histogram precision (at most 5).
     * @param warmupSecs         seconds during which events are not measured.
     */
    record Settings(String path, long intervalNs, int chunkSize, long iters, boolean base64, boolean structured,
        long stopAfterSecs, int significantFigures, long warmupSecs)
    {
        /**
         * The settings with {@code warmup_secs} and {@code stop_after_secs} replaced by a {@value #SECONDS_ENV}
         * value.
         *
         * @param value {@code WARMUP,RUN} in whole seconds, or null to keep them.
         * @return the settings.
         * @throws IllegalArgumentException when the value is not two non-negative integers.
         */
        Settings withSeconds(final String value)
        {
            if (null == value || value.isBlank())
            {
                return this;
            }
            final String[] parts = value.trim().split(",");
            try
            {
                if (parts.length == 2)
                {
                    final long warmup = Long.parseLong(parts[0].trim());
                    final long run = Long.parseLong(parts[1].trim());
                    if (warmup >= 0 && run >= 0)
                    {
                        return new Settings(path, intervalNs, chunkSize, iters, base64, structured, run,
                            significantFigures, warmup);
                    }
                }
            }
            catch (final NumberFormatException ex)
            {
                // reported below
            }
            throw new IllegalArgumentException(SECONDS_ENV + " must be WARMUP,RUN in whole seconds (e.g. 1,4), got `" +
                value + "`");
        }
    }

    /**
     * Builds the connector: its source part when {@code out} (or {@code err}) is connected, its sink part when
     * something is connected to it.
     *
     * @param ctx the connector's context.
     */
    static void build(final ConnectorContext ctx)
    {
        final Settings settings;
        try
        {
            settings = settings(ctx.config()).withSeconds(System.getenv(SECONDS_ENV));
        }
        catch (final IllegalArgumentException ex)
        {
            throw ctx.error(ex.getMessage());
        }
        final Path file = ctx.path(settings.path());
        final List<byte[]> elements;
        try
        {
            elements = elements(read(file), settings.chunkSize(), settings.base64());
        }
        catch (final IOException ex)
        {
            throw ctx.error("cannot read `config.path` " + file + " (" + ex.getMessage() + ")");
        }
        catch (final IllegalArgumentException ex)
        {
            throw ctx.error(file + ": " + ex.getMessage());
        }
        if (elements.isEmpty())
        {
            throw ctx.error(file + " holds no data to replay");
        }
        final Frames frames = Frames.decode(elements, ctx.preprocessors(), ctx.codec());
        if (frames.failed() > 0)
        {
            System.err.println("temblor: " + ctx.name() + ": " + frames.failed() + " of " + frames.count() +
                " elements of " + file + " do not decode with codec " + ctx.codecName() + " (first: " +
                frames.firstFailure() + "); they go to the err port on each pass");
        }
        final LongEpochClock clock = new LongEpochClock();
        final EventRing[] out = ctx.out("out");
        final EventRing[] err = ctx.out("err");
        final long stopAfterEvents = settings.iters() * frames.ok();
        if (out.length > 0 || err.length > 0)
        {
            ctx.source(ctx.captureEvents(new Blaster(ctx.name(), out, err, frames, settings, settings.iters() * frames.count(),
                clock)));
        }
        if (ctx.in().length > 0)
        {
            ctx.agent(new Blackhole(ctx.name() + "/sink", ctx.in(), settings, stopAfterEvents, clock,
                new FrameEncoder(ctx.codec()), ctx.postprocessor(), ctx.stdout(), ctx.runtime()));
        }
    }

    /**
     * Reads the configuration, rejecting unknown keys as Tremor does.
     *
     * @param config the parsed {@code config}.
     * @return the settings.
     * @throws IllegalArgumentException on a missing path, an unknown key or a bad value.
     */
    static Settings settings(final Object config)
    {
        if (!(config instanceof Map<?, ?> map))
        {
            throw new IllegalArgumentException("`config` must be a record with at least `path`");
        }
        for (final Object key : map.keySet())
        {
            if (!KEYS.contains(String.valueOf(key)))
            {
                throw new IllegalArgumentException("unknown `config." + key + "` (known: " +
                    String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        if (!(map.get("path") instanceof String path) || path.isEmpty())
        {
            throw new IllegalArgumentException("`config.path` (the data file) is required");
        }
        final long chunkSize = count(map, "chunk_size", 0);
        if (chunkSize > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("`config.chunk_size` is too large: " + chunkSize);
        }
        return new Settings(path, count(map, "interval", 0), (int)chunkSize, count(map, "iters", 0),
            flag(map, "base64"), flag(map, "structured"), count(map, "stop_after_secs", 0),
            (int)Math.min(5, count(map, "significant_figures", 2)), count(map, "warmup_secs", 0));
    }

    private static long count(final Map<?, ?> map, final String key, final long missing)
    {
        final Object value = map.get(key);
        if (null == value)
        {
            return missing;
        }
        if (value instanceof Long n && n >= 0)
        {
            return n;
        }
        throw new IllegalArgumentException("`config." + key + "` must be a non-negative integer, got " + value);
    }

    private static boolean flag(final Map<?, ?> map, final String key)
    {
        final Object value = map.get(key);
        if (null == value || value instanceof Boolean)
        {
            return Boolean.TRUE.equals(value);
        }
        throw new IllegalArgumentException("`config." + key + "` must be true or false, got " + value);
    }

    /**
     * A data file's bytes, xz-decompressed when its name ends in {@code .xz}.
     *
     * @param file the file.
     * @return its content.
     * @throws IOException when it cannot be read or decompressed.
     */
    static byte[] read(final Path file) throws IOException
    {
        if (!file.getFileName().toString().endsWith(".xz"))
        {
            return Files.readAllBytes(file);
        }
        try (InputStream in = new XZInputStream(Files.newInputStream(file)))
        {
            final ByteArrayOutputStream data = new ByteArrayOutputStream();
            in.transferTo(data);
            return data.toByteArray();
        }
    }

    /**
     * Splits data into the elements to replay: chunks of {@code chunkSize} bytes (the last may be shorter), or lines
     * (without their {@code \n} or {@code \r\n}; a final newline ends the last line), each base64-decoded if asked.
     *
     * @param data      the data.
     * @param chunkSize the chunk size, or 0 for lines.
     * @param base64    whether each element is base64 text.
     * @return the elements.
     * @throws IllegalArgumentException naming the line or chunk that is not base64.
     */
    static List<byte[]> elements(final byte[] data, final int chunkSize, final boolean base64)
    {
        final List<byte[]> elements = new ArrayList<>();
        if (chunkSize > 0)
        {
            for (int at = 0; at < data.length; at += chunkSize)
            {
                elements.add(Arrays.copyOfRange(data, at, Math.min(data.length, at + chunkSize)));
            }
        }
        else
        {
            int start = 0;
            while (start < data.length)
            {
                int end = start;
                while (end < data.length && data[end] != '\n')
                {
                    end++;
                }
                final int next = end + 1;
                if (end > start && data[end - 1] == '\r')
                {
                    end--;
                }
                elements.add(Arrays.copyOfRange(data, start, end));
                start = next;
            }
        }
        if (base64)
        {
            final Base64.Decoder decoder = Base64.getDecoder();
            for (int i = 0; i < elements.size(); i++)
            {
                try
                {
                    elements.set(i, decoder.decode(elements.get(i)));
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new IllegalArgumentException((chunkSize > 0 ? "chunk " : "line ") + (i + 1) +
                        " is not base64 (" + ex.getMessage() + ")", ex);
                }
            }
        }
        return elements;
    }

    /** {@link System#nanoTime()} shifted once to the Unix epoch: cheap, monotonic, comparable to epoch ingest times. */
    static final class LongEpochClock
    {
        private final long offsetNs;

        LongEpochClock()
        {
            offsetNs = new SystemEpochNanoClock().nanoTime() - System.nanoTime();
        }

        long nanoTime()
        {
            return offsetNs + System.nanoTime();
        }
    }

    /**
     * The replayed events, built once: every frame's payload in one array ({@link #memory()}), with its offset, length
     * and port ({@link PipelineAgent#OUT}, or {@link PipelineAgent#ERR} for an element that did not decode).
     */
    static final class Frames implements ChunkHandler
    {
        private final ByteArrayOutputStream payloads = new ByteArrayOutputStream();
        private final List<int[]> index = new ArrayList<>();
        private final Codec codec;
        private final Arena arena = new Arena(64 * 1024);
        private final ValueContext ctx = new ValueContext(arena);
        private final ValueWriter writer = new ValueWriter();
        private final ByteSink json = new ByteSink(4096);
        private final long[] v = new long[2];
        private int element;
        private int failed;
        private String firstFailure;
        private MemorySegment memory;
        private int[] offsets;
        private int[] lengths;
        private int[] types;
        private boolean[] decodeEach;
        private byte[] raw;
        private boolean lastBinary;

        private Frames(final Codec codec)
        {
            this.codec = codec;
        }

        /**
         * Decodes elements into frames: through a preprocessor when there is one (each chunk it emits becomes a
         * frame), then the codec (none: the element is the JSON frame). A chunk the codec decodes is kept as it is
         * (its raw bytes) and decoded again by {@link #decode(int, long)} for every event emitted from it; one that does
         * not decode becomes an error frame. A decoded value that is a binary (the {@code binary} codec's) is sent as
         * a {@link PipelineAgent#BINARY} frame of its raw bytes, as the decode agent makes it; anything else as JSON.
         *
         * @param elements      the elements.
         * @param preprocessors a preprocessor per stream, or null.
         * @param codec         the codec, or null for JSON passed through.
         * @return the frames.
         */
        static Frames decode(final List<byte[]> elements, final Supplier<Preprocessor> preprocessors,
            final Codec codec)
        {
            final Frames frames = new Frames(codec);
            final Preprocessor preprocessor = null == preprocessors ? null : preprocessors.get();
            for (final byte[] e : elements)
            {
                frames.element++;
                if (null == preprocessor)
                {
                    frames.onChunk(0, e, 0, e.length);
                }
                else if (preprocessor.process(0, e, 0, e.length, frames) != Preprocessor.OK)
                {
                    frames.error(preprocessor.errorMessage());
                }
            }
            if (null != preprocessor && preprocessor.finish(0, frames) != Preprocessor.OK)
            {
                frames.error(preprocessor.errorMessage());
            }
            frames.seal();
            return frames;
        }

        @Override
        public void onChunk(final long ingestNs, final byte[] data, final int offset, final int length)
        {
            if (null == codec)
            {
                add(PipelineAgent.OUT, data, offset, length, false);
                return;
            }
            arena.reset();
            if (codec.decode(ctx, data, offset, length, 0, v, 0) != Codec.OK)
            {
                error(codec.errorMessage());
                return;
            }
            add(PipelineAgent.OUT, data, offset, length, true);
        }

        /**
         * Decodes frame {@code i} (one that {@link #decodeEach(int) decodes each time}) with the codec into the frames'
         * reusable JSON buffer ({@link #decoded()}), without allocating.
         *
         * @param i        the frame.
         * @param ingestNs the event's ingest time (influx uses it when a line has no timestamp).
         * @return the JSON's length, or -1 when the codec fails (its {@link Codec#errorMessage()} says why).
         */
        int decode(final int i, final long ingestNs)
        {
            arena.reset();
            if (codec.decode(ctx, raw, offsets[i], lengths[i], ingestNs, v, 0) != Codec.OK)
            {
                return -1;
            }
            json.reset();
            lastBinary = Values.type(v[0]) == ValueDescriptor.TYPE_BINARY;
            if (lastBinary)
            {
                json.write(ctx.segment(v[0]), ctx.stringOffset(v[0]), ctx.stringLength(v[0]));
            }
            else
            {
                writer.write(ctx, v[0], v[1], json);
            }
            return (int)json.position();
        }

        /** @return whether the last {@link #decode(int, long)} made a binary (its raw bytes), not JSON. */
        boolean lastBinary()
        {
            return lastBinary;
        }

        /** @return the memory holding the JSON of the last {@link #decode(int, long)}, valid until the next one. */
        MemorySegment decoded()
        {
            return json.segment();
        }

        /** @return the codec's message for the last failed {@link #decode(int, long)}. */
        String decodeError()
        {
            return codec.errorMessage();
        }

        /**
         * Whether frame {@code i} holds an element's raw bytes, decoded by {@link #decode(int, long)} for each event.
         *
         * @param i the frame.
         * @return true for raw bytes, false for a JSON frame sent as it is.
         */
        boolean decodeEach(final int i)
        {
            return decodeEach[i];
        }

        /** Releases the decoding buffers. */
        void close()
        {
            arena.close();
            json.close();
        }

        private void error(final String message)
        {
            failed++;
            if (null == firstFailure)
            {
                firstFailure = "element " + element + ": " + message;
            }
            final byte[] text = ("{\"error\":" + JsonWriter.quote(String.valueOf(message), new StringBuilder()) + "}")
                .getBytes(StandardCharsets.UTF_8);
            add(PipelineAgent.ERR, text, 0, text.length, false);
        }

        private void add(final int type, final byte[] data, final int offset, final int length, final boolean raw)
        {
            index.add(new int[] {payloads.size(), length, type, raw ? 1 : 0});
            payloads.write(data, offset, length);
        }

        private void seal()
        {
            raw = payloads.toByteArray();
            memory = MemorySegment.ofArray(raw);
            offsets = new int[index.size()];
            lengths = new int[index.size()];
            types = new int[index.size()];
            decodeEach = new boolean[index.size()];
            for (int i = 0; i < index.size(); i++)
            {
                offsets[i] = index.get(i)[0];
                lengths[i] = index.get(i)[1];
                types[i] = index.get(i)[2];
                decodeEach[i] = index.get(i)[3] == 1;
            }
        }

        /** @return the frames' memory. */
        MemorySegment memory()
        {
            return memory;
        }

        /** @return the number of frames. */
        int count()
        {
            return offsets.length;
        }

        /** @return the frames that carry an event (not an error). */
        int ok()
        {
            return offsets.length - failed;
        }

        /** @return the frames that carry a decoding error. */
        int failed()
        {
            return failed;
        }

        /** @return the first decoding error with its element number, or null. */
        String firstFailure()
        {
            return firstFailure;
        }

        int offset(final int i)
        {
            return offsets[i];
        }

        int length(final int i)
        {
            return lengths[i];
        }

        int type(final int i)
        {
            return types[i];
        }
    }

    /**
     * The source part: replays the frames in order, round and round, until {@code iters} passes or
     * {@code warmup_secs + stop_after_secs} have gone by. A frame of raw bytes is decoded by the codec for each event
     * (into one reused buffer). With an {@code interval} the events follow a fixed schedule (event k is due at start +
     * k * interval): after a late duty cycle (the thread parked, a ring was full) the events that fell due meanwhile
     * are emitted at once, up to {@link #BATCH} per duty cycle, so the rate is the configured one; each is stamped with
     * its emission time. A frame a full ring does not take is held (with its ingest time) and offered again on the next
     * duty cycles; nothing is dropped.
     */
    static final class Blaster extends Connectors.Source
    {
        private final EventRing[] err;
        private final Frames frames;
        private final MemorySegment memory;
        private final long intervalNs;
        private final long stopAfterFrames;
        private final long runNs;
        private final LongEpochClock clock;
        private long stopAtNs;
        private long nextNs;
        private long emitted;
        private int next;
        private int pendingRing = -1;
        private long pendingIngestNs;
        private MemorySegment current;
        private long currentOffset;
        private int currentLength;
        private int currentType;
        private long decodeFailed;
        private volatile boolean finished;

        Blaster(final String name, final EventRing[] out, final EventRing[] err, final Frames frames,
            final Settings settings, final long stopAfterFrames, final LongEpochClock clock)
        {
            super(name, out);
            this.err = err;
            this.frames = frames;
            this.memory = frames.memory();
            this.intervalNs = settings.intervalNs();
            this.stopAfterFrames = stopAfterFrames;
            this.runNs = settings.stopAfterSecs() == 0 ? 0 :
                (settings.stopAfterSecs() + settings.warmupSecs()) * 1_000_000_000L;
            this.clock = clock;
        }

        @Override
        public void onStart()
        {
            final long now = clock.nanoTime();
            stopAtNs = runNs == 0 ? 0 : now + runNs;
            nextNs = now;
        }

        @Override
        public int doWork()
        {
            if (pendingRing >= 0 && !offer(pendingIngestNs))
            {
                return 0;
            }
            int work = 0;
            while (work < BATCH && !stopped && !finished)
            {
                final long now = clock.nanoTime();
                if ((stopAtNs != 0 && now - stopAtNs >= 0) || (stopAfterFrames != 0 && emitted >= stopAfterFrames))
                {
                    finished = true;
                    break;
                }
                if (intervalNs > 0)
                {
                    if (now - nextNs < 0)
                    {
                        break;
                    }
                    nextNs += intervalNs;
                }
                prepare(now);
                if (null != capture && currentType != PipelineAgent.ERR)
                {
                    capture.record(now, emitted, current, currentOffset, currentLength);
                }
                pendingRing = 0;
                work++;
                if (!offer(now))
                {
                    break;
                }
            }
            return work;
        }

        /**
         * Makes frame {@link #next} the current payload: its JSON as built, or its raw bytes decoded now by the codec
         * (an error frame for the {@code err} port if the codec fails on bytes it decoded at deployment).
         */
        private void prepare(final long ingestNs)
        {
            final int i = next;
            if (!frames.decodeEach(i))
            {
                current = memory;
                currentOffset = frames.offset(i);
                currentLength = frames.length(i);
                currentType = frames.type(i);
                return;
            }
            final int n = frames.decode(i, ingestNs);
            if (n >= 0)
            {
                current = frames.decoded();
                currentOffset = 0;
                currentLength = n;
                currentType = frames.lastBinary() ? PipelineAgent.OUT | PipelineAgent.BINARY : PipelineAgent.OUT;
                return;
            }
            decodeFailed++;
            final byte[] text = ("{\"error\":" + JsonWriter.quote(String.valueOf(frames.decodeError()),
                new StringBuilder()) + "}").getBytes(StandardCharsets.UTF_8);
            current = MemorySegment.ofArray(text);
            currentOffset = 0;
            currentLength = text.length;
            currentType = PipelineAgent.ERR;
        }

        /** Offers the current payload to the rings of its port from {@link #pendingRing} on; true when all took it. */
        private boolean offer(final long ingestNs)
        {
            final int i = next;
            final int type = currentType;
            final EventRing[] rings = type == PipelineAgent.ERR ? err : out;
            while (pendingRing < rings.length)
            {
                if (!rings[pendingRing].offer(type, ingestNs, emitted, current, currentOffset, currentLength))
                {
                    pendingIngestNs = ingestNs;
                    return false;
                }
                pendingRing++;
            }
            pendingRing = -1;
            emitted++;
            sent++;
            next = i + 1 == frames.count() ? 0 : i + 1;
            return true;
        }

        /** @return whether the replay has ended (iterations or time reached). */
        boolean finished()
        {
            return finished;
        }

        /** @return events whose bytes the codec failed to decode at emission although they decoded at deployment. */
        long decodeFailed()
        {
            return decodeFailed;
        }

        @Override
        public void onClose()
        {
            frames.close();
        }
    }

    /**
     * The sink part: counts and measures events, prints the report once the stop condition is reached, then asks the
     * runtime to exit; later events are read and discarded so the runtime's drain completes. Warm-up events are encoded
     * (through the postprocessor too) and timed into a histogram that is not reported, so that the measured period
     * starts with that code compiled; the management beans of the GC line are looked up at start for the same reason.
     */
    static final class Blackhole extends Connectors.Sink implements ChunkHandler
    {
        private final Settings settings;
        private final long stopAfterEvents;
        private final LongEpochClock clock;
        private final FrameEncoder encoder;
        private final Postprocessor postprocessor;
        private final PrintStream stdout;
        private final FlowRuntime runtime;
        private final Histogram histogram;
        private final Histogram warmupHistogram;
        private List<GarbageCollectorMXBean> collectors;
        private long warmupUntilNs;
        private long stopAtNs;
        private long measureStartNs;
        private boolean measuring;
        private long bytes;
        private long count;
        private long failed;
        private String lastFailure;
        private long gcCountStart;
        private long gcMsStart;
        private volatile boolean finished;

        Blackhole(final String name, final EventRing[] in, final Settings settings, final long stopAfterEvents,
            final LongEpochClock clock, final FrameEncoder encoder, final Postprocessor postprocessor,
            final PrintStream stdout, final FlowRuntime runtime)
        {
            super(name, in);
            this.settings = settings;
            this.stopAfterEvents = stopAfterEvents;
            this.clock = clock;
            this.encoder = encoder;
            this.postprocessor = postprocessor;
            this.stdout = stdout;
            this.runtime = runtime;
            this.histogram = new Histogram(LOWEST_NS, HIGHEST_NS, settings.significantFigures());
            this.warmupHistogram = new Histogram(LOWEST_NS, HIGHEST_NS, settings.significantFigures());
        }

        @Override
        public void onStart()
        {
            // the management beans are looked up (and their code loaded) now, not on the first measured event
            collectors = ManagementFactory.getGarbageCollectorMXBeans();
            gcCountStart = gcCount(collectors);
            gcMsStart = gcMs(collectors);
            final long now = clock.nanoTime();
            warmupUntilNs = now + settings.warmupSecs() * 1_000_000_000L;
            stopAtNs = settings.stopAfterSecs() == 0 ? 0 :
                now + (settings.stopAfterSecs() + settings.warmupSecs()) * 1_000_000_000L;
            measureStartNs = warmupUntilNs;
        }

        @Override
        public int doWork()
        {
            final int work = super.doWork();
            if (!finished && stopAtNs != 0 && clock.nanoTime() - stopAtNs >= 0)
            {
                finish(clock.nanoTime());
            }
            return work;
        }

        @Override
        public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
            final long offset, final int length)
        {
            if (finished)
            {
                return;
            }
            final long now = clock.nanoTime();
            if (!measuring && now - warmupUntilNs > 0)
            {
                measuring = true;
                measureStartNs = now;
                gcCountStart = gcCount(collectors);
                gcMsStart = gcMs(collectors);
            }
            // every event is encoded and recorded, during the warm-up too (into a histogram that is not reported), so
            // that the code on this path is compiled when the measured period starts
            final int n = encoder.encode(type, memory, offset, length, -1);
            if (n < 0)
            {
                if (measuring)
                {
                    failed++;
                    lastFailure = encoder.errorMessage();
                }
            }
            else if (null == postprocessor)
            {
                bytes += measuring ? n : 0;
            }
            else if (postprocessor.process(ingestNs, encoder.bytes(), 0, n, this) != Postprocessor.OK && measuring)
            {
                failed++;
                lastFailure = postprocessor.errorMessage();
            }
            final long latencyNs = Math.max(0, Math.min(HIGHEST_NS, now - ingestNs));
            if (measuring)
            {
                count++;
                histogram.recordValue(latencyNs);
            }
            else
            {
                warmupHistogram.recordValue(latencyNs);
            }
            if ((stopAtNs != 0 && now - stopAtNs >= 0) || (stopAfterEvents != 0 && count >= stopAfterEvents))
            {
                finish(now);
            }
        }

        @Override
        public void onChunk(final long ingestNs, final byte[] data, final int offset, final int length)
        {
            bytes += measuring ? length : 0;
        }

        private void finish(final long now)
        {
            finished = true;
            if (!measuring)
            {
                gcCountStart = gcCount(collectors);
                gcMsStart = gcMs(collectors);
            }
            final double runSecs = settings.stopAfterSecs() > 0 ? settings.stopAfterSecs() :
                Math.max(1, now - measureStartNs) / 1e9;
            final long gcCount = gcCount(collectors) - gcCountStart;
            final long gcMs = gcMs(collectors) - gcMsStart;
            stdout.print(settings.structured() ?
                json(histogram, bytes, count, runSecs, gcCount, gcMs) + "\n" :
                text(histogram, bytes, count, runSecs) + gcLine(gcCount, gcMs));
            if (failed > 0)
            {
                stdout.println("Encode failures: " + failed + " (last: " + lastFailure + ")");
            }
            stdout.flush();
            runtime.exit(0, 0);
        }

        /** @return whether the report has been printed. */
        boolean finished()
        {
            return finished;
        }

        /** @return events counted (after the warm-up). */
        long count()
        {
            return count;
        }

        /** @return encoded bytes counted (after the warm-up). */
        long bytes()
        {
            return bytes;
        }

        @Override
        public void onClose()
        {
            encoder.close();
        }
    }

    /**
     * Garbage collections so far, all collectors together.
     *
     * @param collectors the JVM's collectors ({@link ManagementFactory#getGarbageCollectorMXBeans()}).
     * @return the count.
     */
    static long gcCount(final List<GarbageCollectorMXBean> collectors)
    {
        long n = 0;
        for (final GarbageCollectorMXBean gc : collectors)
        {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    /**
     * Time spent in garbage collections so far, all collectors together.
     *
     * @param collectors the JVM's collectors ({@link ManagementFactory#getGarbageCollectorMXBeans()}).
     * @return milliseconds.
     */
    static long gcMs(final List<GarbageCollectorMXBean> collectors)
    {
        long ms = 0;
        for (final GarbageCollectorMXBean gc : collectors)
        {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /**
     * The line reporting the JVM's garbage collections during the measured period.
     *
     * @param collections collections.
     * @param ms          milliseconds spent in them.
     * @return the line, with its newline.
     */
    static String gcLine(final long collections, final long ms)
    {
        return "GC (measured period): " + collections + " collections, " + ms + " ms\n";
    }

    /**
     * Tremor's text report: the latency percentile distribution (ns), the histogram's summary lines and the
     * throughput in MB/s (MiB) and thousands of events per second.
     *
     * @param h        the latencies.
     * @param bytes    encoded bytes.
     * @param count    events.
     * @param runSecs  the measured seconds.
     * @return the report.
     */
    static String text(final Histogram h, final long bytes, final long count, final double runSecs)
    {
        final StringBuilder out = new StringBuilder(4096);
        out.append(String.format(Locale.ROOT, "%10s %7s %10s %14s%n%n", "Value", "Percentile", "TotalCount",
            "1/(1-Percentile)"));
        if (h.getTotalCount() > 0)
        {
            for (final HistogramIterationValue v : h.percentiles(2))
            {
                final double q = v.getPercentileLevelIteratedTo() / 100.0;
                // Rust rounds a tie to even when formatting (0.953125 prints as 0.95312)
                final String quantile = new BigDecimal(q).setScale(5, RoundingMode.HALF_EVEN).toPlainString();
                out.append(q < 1.0 ?
                    String.format(Locale.ROOT, "%12d %s %10d %14.2f%n", v.getValueIteratedTo(), quantile,
                        v.getTotalCountToThisValue(), 1.0 / (1.0 - q)) :
                    String.format(Locale.ROOT, "%12d %s %10d %14s%n", v.getValueIteratedTo(), quantile,
                        v.getTotalCountToThisValue(), "inf"));
            }
        }
        final int sigfig = h.getNumberOfSignificantValueDigits();
        out.append(String.format(Locale.ROOT, "#[%-10s = %12.2f, %-14s = %12.2f]%n", "Mean", h.getMean(),
            "StdDeviation", h.getStdDeviation()));
        out.append(String.format(Locale.ROOT, "#[%-10s = %12d, %-14s = %12d]%n", "Max", h.getMaxValue(),
            "Total count", h.getTotalCount()));
        out.append(String.format(Locale.ROOT, "#[%-10s = %12d, %-14s = %12d]%n", "Buckets", buckets(HIGHEST_NS, sigfig),
            "SubBuckets", countsLength(HIGHEST_NS, sigfig)));
        out.append(String.format(Locale.ROOT, "%n%nThroughput   (data): %.1f MB/s%nThroughput (events): %.1fk events/s%n",
            bytes / runSecs / (1024.0 * 1024.0), count / runSecs / 1000.0));
        return out.toString();
    }

    /**
     * Tremor's structured report, plus the garbage collections of the measured period.
     *
     * @param h           the latencies.
     * @param bytes       encoded bytes.
     * @param count       events.
     * @param runSecs     the measured seconds.
     * @param gcCount     collections.
     * @param gcMs        milliseconds in collections.
     * @return one line of JSON.
     */
    static String json(final Histogram h, final long bytes, final long count, final double runSecs, final long gcCount,
        final long gcMs)
    {
        final int sigfig = h.getNumberOfSignificantValueDigits();
        final StringBuilder out = new StringBuilder(4096);
        out.append("{\"mean\":").append(number(h.getMean())).append(",\"stdev\":").append(number(h.getStdDeviation()))
            .append(",\"max\":").append(h.getMaxValue()).append(",\"count\":").append(h.getTotalCount())
            .append(",\"buckets\":").append(buckets(HIGHEST_NS, sigfig)).append(",\"subbuckets\":")
            .append(countsLength(HIGHEST_NS, sigfig)).append(",\"bytes\":").append(bytes)
            .append(",\"throughput\":{\"events_per_second\":").append(number(count / runSecs))
            .append(",\"bytes_per_second\":").append(number(bytes / runSecs)).append("},\"quantiles\":[");
        if (h.getTotalCount() > 0)
        {
            boolean first = true;
            for (final HistogramIterationValue v : h.percentiles(2))
            {
                out.append(first ? "" : ",").append("{\"value\":").append(v.getValueIteratedTo())
                    .append(",\"quantile\":").append(number(v.getPercentile() / 100.0)).append(",\"quantile_to\":")
                    .append(number(v.getPercentileLevelIteratedTo() / 100.0)).append('}');
                first = false;
            }
        }
        out.append("],\"gc\":{\"collections\":").append(gcCount).append(",\"ms\":").append(gcMs).append("}}");
        return out.toString();
    }

    private static String number(final double v)
    {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    /**
     * The histogram's bucket count (as Tremor's report prints it), for a lowest trackable value of 1.
     *
     * @param highest the highest trackable value.
     * @param sigfig  significant figures.
     * @return the bucket count.
     */
    static int buckets(final long highest, final int sigfig)
    {
        final int subBucketCount = subBucketCount(sigfig);
        long smallestUntrackable = subBucketCount;
        int buckets = 1;
        while (smallestUntrackable <= highest)
        {
            if (smallestUntrackable > Long.MAX_VALUE / 2)
            {
                return buckets + 1;
            }
            smallestUntrackable <<= 1;
            buckets++;
        }
        return buckets;
    }

    /**
     * The histogram's number of distinct counters (Tremor prints it as SubBuckets).
     *
     * @param highest the highest trackable value.
     * @param sigfig  significant figures.
     * @return the length of its counts array.
     */
    static int countsLength(final long highest, final int sigfig)
    {
        return (buckets(highest, sigfig) + 1) * (subBucketCount(sigfig) / 2);
    }

    private static int subBucketCount(final int sigfig)
    {
        final long largestSingleUnitResolution = 2 * (long)Math.pow(10, sigfig);
        final int magnitude = (int)Math.ceil(Math.log(largestSingleUnitResolution) / Math.log(2));
        return 1 << Math.max(magnitude, 1);
    }
}
