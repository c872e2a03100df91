package io.temblor.bench.script;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One operation is one event: bytes of a JSON event in, the transformed event's JSON bytes out. Each invocation runs
 * {@link #BATCH} events of the workload (its events in file order, from the start again when they run out) through one
 * engine, side by side in one run: Temblor's interpreter, JSLT, and hand-written Jackson tree code. Setup (reading the
 * events, compiling) is not measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScriptBenchmark
{
    /** Events per invocation (the 100 log events 20 times, the 2000 access-log lines once). */
    public static final int BATCH = 2000;
    /** Benchmark method names, one per engine, in report order. */
    public static final List<String> ENGINES = List.of("temblor", "jslt", "jacksonHandwritten");
    /** System property naming the folder of Tremor's standard library modules ({@code use std::array}). */
    public static final String LIB_PROPERTY = "temblor.tremor.lib";

    /** The workload: {@code classify}, {@code enrich} or {@code dissect-kv}. */
    @Param({"classify", "enrich", "dissect-kv"})
    public String workload;

    /** The batch: {@link #BATCH} events, each followed by a line end. */
    byte[] bytes;
    int[] starts;
    int[] lengths;
    TemblorTransform temblor;
    JsltTransform jslt;
    JacksonTransform jackson;

    /** Loads the events and compiles the three engines' transforms; once per trial. */
    @Setup
    public void setup()
    {
        final ScriptWorkload w = ScriptWorkload.of(workload);
        final ScriptWorkload.Events events = w.events();
        final java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
        starts = new int[BATCH];
        lengths = new int[BATCH];
        for (int i = 0; i < BATCH; i++)
        {
            final int e = i % events.count();
            starts[i] = batch.size();
            lengths[i] = events.lengths()[e];
            batch.write(events.bytes(), events.starts()[e], lengths[i]);
            batch.write('\n');
        }
        bytes = batch.toByteArray();
        temblor = new TemblorTransform(w, List.of(libDir()));
        jslt = new JsltTransform(w);
        jackson = new JacksonTransform(w);
    }

    /** Releases the Temblor transform's native memory. */
    @TearDown
    public void tearDown()
    {
        temblor.close();
    }

    /**
     * Tremor's standard library modules: {@code -Dtemblor.tremor.lib}, else the conformance copy beside the
     * repository ({@code <temblor.home>/../shared/...}, or {@code <temblor.shared>/...}).
     *
     * @return the folder.
     */
    public static Path libDir()
    {
        final String lib = System.getProperty(LIB_PROPERTY);
        if (lib != null)
        {
            return Paths.get(lib);
        }
        final String tail = "conformance/tremor/tremor-script/lib";
        final String shared = System.getProperty("temblor.shared");
        final String home = System.getProperty("temblor.home");
        final Path dir = shared != null ? Paths.get(shared).resolve(tail) :
            home != null ? Paths.get(home).resolve("../shared").resolve(tail).normalize() : null;
        if (dir == null || !Files.isDirectory(dir))
        {
            throw new IllegalStateException("no tremor-script standard library folder (" + dir + "): set -D" + LIB_PROPERTY);
        }
        return dir;
    }

    /**
     * Temblor: the batch read as newline-delimited events into one tape after the other, each run through the script
     * and its emitted value serialised into a reused off-heap sink.
     *
     * @return output bytes of the batch.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long temblor()
    {
        return temblor.transformAll(bytes, 0, bytes.length);
    }

    /**
     * JSLT: Jackson {@code readTree}, {@code Expression.apply}, the result written by one reused generator.
     *
     * @return output bytes of the batch.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long jslt()
    {
        final JsltTransform t = jslt;
        final byte[] in = bytes;
        final int[] s = starts;
        final int[] n = lengths;
        long written = 0;
        for (int i = 0; i < BATCH; i++)
        {
            written += t.transform(in, s[i], n[i]);
        }
        return written;
    }

    /**
     * Hand-written Jackson: {@code readTree}, the tree changed in Java, written by one reused generator.
     *
     * @return output bytes of the batch.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long jacksonHandwritten()
    {
        final JacksonTransform t = jackson;
        final byte[] in = bytes;
        final int[] s = starts;
        final int[] n = lengths;
        long written = 0;
        for (int i = 0; i < BATCH; i++)
        {
            written += t.transform(in, s[i], n[i]);
        }
        return written;
    }
}
