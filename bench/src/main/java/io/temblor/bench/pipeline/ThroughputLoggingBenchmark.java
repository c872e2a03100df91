package io.temblor.bench.pipeline;

import io.temblor.bench.script.ScriptWorkload;
import io.temblor.engine.pipeline.Pipeline;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.json.Tape;
import io.temblor.offheap.ByteSink;
import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.QueryCompiler;
import io.temblor.script.value.ValueWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tremor's throughput-logging pipeline in process: the {@code main} pipeline of Tremor's
 * {@code tremor-cli/tests/bench/throughput-logging-json} bench ({@link #QUERY_RESOURCE}: the classification script
 * setting {@code $class}, {@code $rate} and {@code $dimensions}, then {@code grouper::bucket}, out and overflow both to
 * {@code out}) over that bench's 100 log events ({@code demo/data/data.json.xz}, decompressed: the script suite's
 * {@link #DATA_RESOURCE}). One operation is one event; an invocation sends all {@link #EVENTS} events once, in file
 * order, with a virtual ingest clock advancing {@link #STEP_NS} per event (continuing across invocations), so the
 * bucket windows see a steady 1 M events/s and route events to both out and overflow.
 *
 * <ul>
 *   <li>{@link #tapes()}: events already decoded. Each event has its own {@link JsonParser} holding its tape (a tape
 *       belongs to its parser and the next parse overwrites it), parsed once at setup; the benchmark measures
 *       {@link Pipeline#enqueue} only, and the outputs are counted, not encoded.</li>
 *   <li>{@link #json()}: decode and encode included. One parser parses each event's bytes, the pipeline runs on its
 *       tape, and every output event is written as compact JSON with a {@link ValueWriter} into one reused
 *       {@link ByteSink} (reset per invocation, one line per output event).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ThroughputLoggingBenchmark
{
    /** The pipeline, as a resource beside this class. */
    public static final String QUERY_RESOURCE = "throughput-logging.trickle";
    /** The events: Tremor's bench data, decompressed (shared with the script suite). */
    public static final String DATA_RESOURCE = "/io/temblor/bench/script/" + ScriptWorkload.CLASSIFY.dataResource();
    /** Events per invocation: the whole data set. */
    public static final int EVENTS = 100;
    /** Virtual ingest time between events, in ns (1 M events/s). */
    public static final long STEP_NS = 1_000;
    /** Benchmark method names, in report order. */
    public static final List<String> METHODS = List.of("tapes", "json");

    Pipeline pipeline;
    JsonParser[] parsers;
    Tape[] tapes;
    byte[] bytes;
    int[] starts;
    int[] lengths;
    JsonParser parser;
    ByteSink sink;
    long nowNs;
    Counter counter;
    Encoder encoder;

    /** Compiles the pipeline, reads the events and decodes each into its own parser; once per trial. */
    @Setup(Level.Trial)
    public void setup()
    {
        pipeline = new Pipeline(QueryCompiler.compile(text(QUERY_RESOURCE), List.of(),
            ThroughputLoggingBenchmark::arity));
        final ScriptWorkload.Events events = ScriptWorkload.Events.of(resource(DATA_RESOURCE));
        if (events.count() != EVENTS)
        {
            throw new IllegalStateException("expected " + EVENTS + " events in " + DATA_RESOURCE + ", found " +
                events.count());
        }
        bytes = events.bytes();
        starts = events.starts();
        lengths = events.lengths();
        parsers = new JsonParser[EVENTS];
        tapes = new Tape[EVENTS];
        for (int i = 0; i < EVENTS; i++)
        {
            parsers[i] = new JsonParser();
            check(parsers[i].parse(bytes, starts[i], lengths[i]), i);
            tapes[i] = parsers[i].tape();
        }
        parser = new JsonParser();
        sink = new ByteSink(128 * 1024);
        nowNs = 0;
        counter = new Counter();
        encoder = new Encoder(pipeline, sink);
    }

    /** Frees the parsers' and the pipeline's off-heap memory. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        for (final JsonParser p : parsers)
        {
            p.close();
        }
        parser.close();
        sink.close();
        pipeline.close();
    }

    /**
     * The pipeline on decoded events.
     *
     * @return a checksum of the outputs' handles.
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long tapes()
    {
        final Pipeline p = pipeline;
        final Tape[] t = tapes;
        final Counter c = counter;
        long now = nowNs;
        for (int i = 0; i < EVENTS; i++)
        {
            now += STEP_NS;
            p.enqueue("in", t[i], now, now, c);
        }
        nowNs = now;
        return c.checksum;
    }

    /**
     * Decode, pipeline, encode.
     *
     * @return bytes written.
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long json()
    {
        final Pipeline p = pipeline;
        final JsonParser jp = parser;
        final byte[] b = bytes;
        final int[] s = starts;
        final int[] l = lengths;
        final Encoder e = encoder;
        sink.reset();
        long now = nowNs;
        for (int i = 0; i < EVENTS; i++)
        {
            now += STEP_NS;
            check(jp.parse(b, s[i], l[i]), i);
            p.enqueue("in", jp.tape(), now, now, e);
        }
        nowNs = now;
        return sink.position();
    }

    /** The arity range of an aggregate function, for the query compiler (as {@code temblor run}). */
    static int[] arity(final String name)
    {
        final AggregateFunction fn = Aggregates.lookup(name);
        return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
    }

    private static void check(final int status, final int event)
    {
        if (status != JsonError.OK)
        {
            throw new IllegalStateException("event " + event + " is not JSON: " + JsonError.message(status));
        }
    }

    static byte[] resource(final String name)
    {
        try (InputStream in = ThroughputLoggingBenchmark.class.getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new IllegalStateException("resource missing: " + name);
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static String text(final String name)
    {
        return new String(resource(name), StandardCharsets.UTF_8);
    }

    /** Counts output events and folds their handles into a checksum. */
    static final class Counter implements Pipeline.Outputs
    {
        long count;
        long checksum;

        @Override
        public void onOutput(final String port, final long valueH, final long valueB, final long metaH,
            final long metaB, final long ingestNs, final long id)
        {
            count++;
            checksum += valueH ^ metaH ^ id;
        }
    }

    /** Writes every output event's value as one line of compact JSON into the sink. */
    static final class Encoder implements Pipeline.Outputs
    {
        private final Pipeline pipeline;
        private final ByteSink sink;
        private final ValueWriter writer = new ValueWriter();
        long count;

        Encoder(final Pipeline pipeline, final ByteSink sink)
        {
            this.pipeline = pipeline;
            this.sink = sink;
        }

        @Override
        public void onOutput(final String port, final long valueH, final long valueB, final long metaH,
            final long metaB, final long ingestNs, final long id)
        {
            count++;
            writer.write(pipeline.context(), valueH, valueB, sink);
            sink.writeByte('\n');
        }
    }
}
