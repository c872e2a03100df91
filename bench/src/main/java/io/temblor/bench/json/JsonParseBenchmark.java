package io.temblor.bench.json;

import com.alibaba.fastjson2.JSON;
import com.fasterxml.jackson.core.JsonFactory;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.json.Tape;
import io.temblor.json.TapeDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.simdjson.SimdJsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Parses one file of the shared corpus per operation with each parser, side by side in one run. Every method does
 * the full work of its parser and returns something derived from the result. Setup (reading the file, splitting
 * NDJSON lines for the parsers without a stream API, padding for simdjson-java) is not measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JsonParseBenchmark
{
    /** The corpus, in report order; the same names as the {@code file} parameter. */
    public static final List<String> FILES = List.of(
        "twitter.json", "citm_catalog.json", "canada.json", "github_events.json", "gsoc-2018.json", "logs.ndjson");
    /** Benchmark method names, one per parser, in report order. */
    public static final List<String> PARSERS = List.of("temblor", "simdjsonJava", "jacksonStreaming", "fastjson2");
    /** System property naming the corpus directory. */
    public static final String DATA_PROPERTY = "temblor.data";
    /** Bytes simdjson-java wants readable past the end of its input; with less it copies into its own buffer. */
    static final int SIMDJSON_PADDING = 64;

    /** The corpus file parsed per operation. */
    @Param({"twitter.json", "citm_catalog.json", "canada.json", "github_events.json", "gsoc-2018.json", "logs.ndjson"})
    public String file;

    byte[] bytes;
    int length;
    boolean ndjson;
    byte[] padded;
    byte[][] paddedLines;
    int[] lineStarts;
    int[] lineLengths;

    JsonParser temblorParser;
    SimdJsonParser simdjsonParser;
    JsonFactory jacksonFactory;
    JacksonWalker jacksonWalker;

    /**
     * Reads the file and creates the parsers; called by JMH once per trial.
     *
     * @throws IOException if the corpus cannot be read.
     */
    @Setup
    public void setup() throws IOException
    {
        load(dataDir());
    }

    /** Releases the Temblor parser's native memory. */
    @TearDown
    public void tearDown()
    {
        temblorParser.close();
    }

    /**
     * The corpus directory: {@code -Dtemblor.data}, else {@code <temblor.home>/../shared/data/json}, else
     * {@code <temblor.shared>/data/json}.
     *
     * @return the directory.
     */
    public static Path dataDir()
    {
        final String data = System.getProperty(DATA_PROPERTY);
        if (data != null)
        {
            return Paths.get(data);
        }
        final String home = System.getProperty("temblor.home");
        if (home != null)
        {
            return Paths.get(home).resolve("../shared/data/json").normalize();
        }
        final String shared = System.getProperty("temblor.shared");
        if (shared != null)
        {
            return Paths.get(shared).resolve("data/json");
        }
        throw new IllegalStateException("no corpus directory: set -D" + DATA_PROPERTY + " or -Dtemblor.home");
    }

    void load(final Path dir) throws IOException
    {
        final Path path = dir.resolve(file);
        if (!Files.isRegularFile(path))
        {
            throw new IllegalStateException("corpus file missing: " + path.toAbsolutePath() +
                " (set -D" + DATA_PROPERTY + "=DIR to the directory holding " + FILES + ")");
        }
        bytes = Files.readAllBytes(path);
        length = bytes.length;
        ndjson = file.endsWith(".ndjson");
        padded = Arrays.copyOf(bytes, length + SIMDJSON_PADDING);
        if (ndjson)
        {
            splitLines();
        }
        temblorParser = new JsonParser();
        simdjsonParser = new SimdJsonParser();
        jacksonFactory = new JsonFactory();
        jacksonWalker = new JacksonWalker();
    }

    private void splitLines()
    {
        final List<int[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= length; i++)
        {
            if (i == length || bytes[i] == '\n')
            {
                int end = i;
                if (end > start && bytes[end - 1] == '\r')
                {
                    end--;
                }
                if (!isBlank(start, end))
                {
                    lines.add(new int[]{start, end - start});
                }
                start = i + 1;
            }
        }
        lineStarts = new int[lines.size()];
        lineLengths = new int[lines.size()];
        paddedLines = new byte[lines.size()][];
        for (int i = 0; i < lines.size(); i++)
        {
            lineStarts[i] = lines.get(i)[0];
            lineLengths[i] = lines.get(i)[1];
            paddedLines[i] = Arrays.copyOfRange(bytes, lineStarts[i], lineStarts[i] + lineLengths[i] + SIMDJSON_PADDING);
        }
    }

    private boolean isBlank(final int start, final int end)
    {
        for (int i = start; i < end; i++)
        {
            final byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r')
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Temblor: one reused parser builds the tape (stage 1 once over the whole buffer for NDJSON).
     *
     * @return for a document the tape's word count; for NDJSON the sum of the root objects' entry counts.
     */
    @Benchmark
    public long temblor()
    {
        final JsonParser parser = temblorParser;
        if (!ndjson)
        {
            final int status = parser.parse(bytes, 0, length);
            if (status != JsonError.OK)
            {
                throw failure(status, parser.errorOffset());
            }
            return (parser.tape().word(0) & TapeDescriptor.INDEX_MASK) + 1;
        }
        int status = parser.startDocuments(bytes, 0, length);
        if (status != JsonError.OK)
        {
            throw failure(status, parser.errorOffset());
        }
        long entries = 0;
        final Tape tape = parser.tape();
        while ((status = parser.nextDocument()) == JsonError.OK)
        {
            entries += (tape.word(1) >>> TapeDescriptor.COUNT_SHIFT) & TapeDescriptor.COUNT_MASK;
        }
        if (status != JsonParser.END_OF_DOCUMENTS)
        {
            throw failure(status, parser.errorOffset());
        }
        return entries;
    }

    /**
     * simdjson-java: {@code parse(bytes, len)} on an input padded by 64 bytes so it does not copy; per line for
     * NDJSON, each line pre-split into its own padded array (it takes no offset and has no stream API).
     *
     * @return for a document the root value; for NDJSON the sum of the root objects' sizes.
     */
    @Benchmark
    public Object simdjsonJava()
    {
        final SimdJsonParser parser = simdjsonParser;
        if (!ndjson)
        {
            return parser.parse(padded, length);
        }
        final byte[][] lines = paddedLines;
        final int[] lengths = lineLengths;
        long entries = 0;
        for (int i = 0; i < lines.length; i++)
        {
            entries += parser.parse(lines[i], lengths[i]).getSize();
        }
        return entries;
    }

    /**
     * Jackson streaming: a reused factory, a new parser per document, and a full token walk that reads every value.
     * NDJSON is one parser over the whole buffer (Jackson reads root-level value sequences).
     *
     * @return the number of values seen.
     * @throws IOException never on the corpus.
     */
    @Benchmark
    public long jacksonStreaming() throws IOException
    {
        try (com.fasterxml.jackson.core.JsonParser parser = jacksonFactory.createParser(bytes, 0, length))
        {
            return jacksonWalker.walk(parser);
        }
    }

    /**
     * fastjson2: {@code JSON.parse(bytes)} builds its full tree (JSONObject / JSONArray); per line with
     * {@code JSON.parseObject(bytes, offset, length)} for NDJSON.
     *
     * @return for a document the tree; for NDJSON the sum of the root objects' sizes.
     */
    @Benchmark
    public Object fastjson2()
    {
        if (!ndjson)
        {
            return JSON.parse(bytes);
        }
        final byte[] input = bytes;
        final int[] starts = lineStarts;
        final int[] lengths = lineLengths;
        long entries = 0;
        for (int i = 0; i < starts.length; i++)
        {
            entries += JSON.parseObject(input, starts[i], lengths[i]).size();
        }
        return entries;
    }

    private IllegalStateException failure(final int status, final long offset)
    {
        return new IllegalStateException("temblor: " + file + ": " + JsonError.message(status) + " at byte " + offset);
    }
}
