package io.temblor.engine.runtime;

import io.temblor.engine.codec.Compression;
import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.compile.TroyCompiler;
import io.temblor.script.error.CompileError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tremor's file connector: reading (compressed by extension, through preprocessors and the codec, bad lines to
 * {@code err}, the unterminated last line kept), and writing in each mode through the codec and postprocessors.
 */
class FileConnectorTest
{
    private static final long TIMEOUT_NS = 20_000_000_000L;

    private static FlowRuntime runtime(final String flow, final Path dir)
    {
        final CompiledDeployment deployment = TroyCompiler.compile(flow, List.of(dir), name ->
        {
            final AggregateFunction fn = Aggregates.lookup(name);
            return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
        }, "main", null);
        return new FlowRuntime(deployment, new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir);
    }

    /** A copy flow: input (read) to output, the input's err port to errors, an event with {@code last} exits. */
    private static String copyFlow(final String input, final String output)
    {
        return "define flow main\nflow\n" +
            "  define connector input from file with " + input + " end;\n" +
            "  define connector output from file with " + output + " end;\n" +
            "  define connector errors from file with config = {\"path\": \"errors.json\", \"mode\": \"truncate\"} end;\n" +
            "  define connector stop from exit;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  define pipeline errs pipeline select event from in into out; end;\n" +
            "  define pipeline last pipeline select {\"exit\": 0} from in where present event.last into out; end;\n" +
            "  create connector input; create connector output; create connector errors; create connector stop;\n" +
            "  create pipeline pass; create pipeline errs; create pipeline last;\n" +
            "  connect /connector/input to /pipeline/pass;\n" +
            "  connect /connector/input/err to /pipeline/errs;\n" +
            "  connect /pipeline/errs to /connector/errors;\n" +
            "  connect /pipeline/pass to /connector/output;\n" +
            "  connect /pipeline/pass to /pipeline/last;\n" +
            "  connect /pipeline/last to /connector/stop;\n" +
            "end;\n";
    }

    private static void write(final Path file, final byte[] data) throws IOException
    {
        final int algorithm = Compression.byExtension(file.getFileName().toString());
        try (OutputStream out = algorithm == Compression.NONE ? Files.newOutputStream(file) :
            Compression.compressor(algorithm, Compression.DEFAULT_LEVEL, Files.newOutputStream(file)))
        {
            out.write(data);
        }
    }

    private static List<String> readLines(final Path file) throws IOException
    {
        final int algorithm = Compression.byExtension(file.getFileName().toString());
        try (InputStream in = algorithm == Compression.NONE ? Files.newInputStream(file) :
            Compression.decompressor(algorithm, Files.newInputStream(file)))
        {
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
        }
    }

    @Test
    void shouldDecodeEveryLineOfACompressedFileAndSendTheBadOneToErr(@TempDir final Path dir) throws Exception
    {
        for (final String extension : List.of("", ".xz", ".gz", ".zst", ".lz4", ".sz"))
        {
            // given 1000 lines, one not JSON, the last without a newline
            final StringBuilder text = new StringBuilder();
            final List<String> expected = new ArrayList<>();
            for (int i = 0; i < 1000; i++)
            {
                final String line = i == 500 ? "{not json" : "{\"n\":" + i + (i == 999 ? ",\"last\":true}" : "}");
                text.append(line).append(i == 999 ? "" : "\n");
                if (i != 500)
                {
                    expected.add(line);
                }
            }
            final Path in = dir.resolve("in.json" + extension);
            write(in, text.toString().getBytes(StandardCharsets.UTF_8));

            // when
            final FlowRuntime runtime = runtime(copyFlow(
                "config = {\"path\": \"in.json" + extension + "\", \"mode\": \"read\", \"chunk_size\": 100}",
                "config = {\"path\": \"out.json\", \"mode\": \"truncate\"}"), dir);
            assertEquals(0, runtime.run(TIMEOUT_NS), extension);

            // then
            final List<String> out = readLines(dir.resolve("out.json"));
            assertEquals(expected, out.subList(0, out.size() - 1), extension);
            assertEquals("", out.get(out.size() - 1));
            final List<String> errors = readLines(dir.resolve("errors.json"));
            assertEquals(2, errors.size(), errors.toString());
            assertTrue(errors.get(0).startsWith("{\"error\":\"invalid JSON: "), errors.get(0));
            assertTrue(runtime.summary().contains("connector/input sent 999"), runtime.summary());
            assertTrue(runtime.summary().contains("connector/input/decode failed 1 (last: invalid JSON"),
                runtime.summary());
        }
    }

    @Test
    void shouldSendTheReasonToErrWhenACompressedFileIsCorrupt(@TempDir final Path dir) throws Exception
    {
        // given a gzip file whose second half is garbage
        final ByteArrayOutputStream plain = new ByteArrayOutputStream();
        for (int i = 0; i < 5000; i++)
        {
            plain.writeBytes(("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}\n").getBytes());
        }
        final Path in = dir.resolve("in.json.gz");
        write(in, plain.toByteArray());
        final byte[] gz = Files.readAllBytes(in);
        for (int i = gz.length / 2; i < gz.length; i++)
        {
            gz[i] = (byte)(i * 31);
        }
        Files.write(in, gz);
        final String flow = copyFlow("config = {\"path\": \"in.json.gz\", \"mode\": \"read\"}",
            "config = {\"path\": \"out.json\", \"mode\": \"truncate\"}")
            .replace("connect /pipeline/errs to /connector/errors;",
                "connect /pipeline/errs to /connector/errors;\n  connect /pipeline/errs to /pipeline/quit;")
            .replace("create pipeline last;", "create pipeline last;\n" +
                "  define pipeline quit pipeline select {\"exit\": 3} from in\n" +
                "    where (match event of case %{ error ~= re|^cannot read| } => true case _ => false end) into out;\n" +
                "  end;\n  create pipeline quit;\n" +
                "  connect /pipeline/quit to /connector/stop;");

        // when
        final FlowRuntime runtime = runtime(flow, dir);

        // then the run ends through the read error's event, which names the file and the algorithm (lines the corrupt
        // data decoded to before the decompressor noticed are decode errors)
        assertEquals(3, runtime.run(TIMEOUT_NS));
        final List<String> errors = readLines(dir.resolve("errors.json"));
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("{\"error\":\"cannot read ") &&
            e.contains("in.json.gz as gzip: ")), errors.toString());
        final List<String> out = readLines(dir.resolve("out.json"));
        assertTrue(out.size() > 1 && out.get(0).equals("{\"n\":0,\"pad\":\"\"}"), out.toString());
    }

    private static void writeTwoEvents(final Path dir, final String mode) throws Exception
    {
        Files.writeString(dir.resolve("in.json"), "{\"b\":1,\"a\":2}\n{\"b\":3,\"a\":4,\"last\":true}\n");
        final FlowRuntime runtime = runtime(copyFlow("config = {\"path\": \"in.json\", \"mode\": \"read\"}",
            "codec = {\"name\": \"json\", \"config\": {\"mode\": \"sorted\"}}, postprocessors = [\"separate\"], " +
            "config = {\"path\": \"out.log\", \"mode\": \"" + mode + "\"}"), dir);
        assertEquals(0, runtime.run(TIMEOUT_NS));
    }

    @Test
    void shouldTruncateAppendOrOverwriteByMode(@TempDir final Path dir) throws Exception
    {
        final String sorted = "{\"a\":2,\"b\":1}\n{\"a\":4,\"b\":3,\"last\":true}\n";
        final String old = "old line that is longer than both events together, by far, so a tail is left\n";
        for (final String mode : List.of("truncate", "write"))
        {
            Files.writeString(dir.resolve("out.log"), old);
            writeTwoEvents(dir, mode);
            assertEquals(sorted, Files.readString(dir.resolve("out.log")), mode);
        }
        Files.writeString(dir.resolve("out.log"), old);
        writeTwoEvents(dir, "append");
        assertEquals(old + sorted, Files.readString(dir.resolve("out.log")));
        Files.writeString(dir.resolve("out.log"), old + old);
        writeTwoEvents(dir, "overwrite");
        assertEquals(sorted + (old + old).substring(sorted.length()), Files.readString(dir.resolve("out.log")));
        Files.delete(dir.resolve("out.log"));
        writeTwoEvents(dir, "append");
        assertEquals(sorted, Files.readString(dir.resolve("out.log")));
    }

    @Test
    void shouldWriteEventsBackToBackWhenPostprocessorsAreAnExplicitEmptyList(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("in.json"), "{\"a\":1}\n{\"a\":2,\"last\":true}");
        final FlowRuntime runtime = runtime(copyFlow("config = {\"path\": \"in.json\", \"mode\": \"read\"}",
            "postprocessors = [], config = {\"path\": \"out.json\", \"mode\": \"write\"}"), dir);
        assertEquals(0, runtime.run(TIMEOUT_NS));
        assertEquals("{\"a\":1}{\"a\":2,\"last\":true}", Files.readString(dir.resolve("out.json")));
    }

    @Test
    void shouldWriteThroughCompressingPostprocessorsAndReadItBack(@TempDir final Path dir) throws Exception
    {
        // given
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++)
        {
            text.append("{\"n\":").append(i).append(i == 2999 ? ",\"last\":true" : "").append("}\n");
        }
        Files.writeString(dir.resolve("in.json"), text);
        final String[][] cases = {
            {"[\"separate\", {\"name\": \"streaming-compress\", \"config\": {\"algorithm\": \"xz2\"}}]", "out.log.xz"},
            {"[\"separate\", {\"name\": \"compress\", \"config\": {\"algorithm\": \"gzip\"}}]", "out.log.gz"},
            {"[\"separate\", \"collect\", {\"name\": \"compress\", \"config\": {\"algorithm\": \"zstd\"}}]",
                "out.log.zst"},
        };
        for (final String[] c : cases)
        {
            // when written through the chain
            final FlowRuntime writer = runtime(copyFlow("config = {\"path\": \"in.json\", \"mode\": \"read\"}",
                "postprocessors = " + c[0] + ", config = {\"path\": \"" + c[1] + "\", \"mode\": \"truncate\"}"), dir);
            assertEquals(0, writer.run(TIMEOUT_NS), c[1]);

            // then the file decompresses to the lines, and the file connector reads it back by its extension
            assertEquals(text.toString(), String.join("\n", readLines(dir.resolve(c[1]))), c[1]);
            final FlowRuntime reader = runtime(copyFlow("config = {\"path\": \"" + c[1] + "\", \"mode\": \"read\"}",
                "config = {\"path\": \"back.json\", \"mode\": \"truncate\"}"), dir);
            assertEquals(0, reader.run(TIMEOUT_NS), c[1]);
            assertEquals(text.toString(), Files.readString(dir.resolve("back.json")), c[1]);
        }
    }

    @Test
    void shouldDecodeWithTheConnectorsCodecAndPreprocessors(@TempDir final Path dir) throws Exception
    {
        // given yaml documents framed by textual length prefixes, no newlines at all
        final String[] docs = {"n: 1\nname: snot\n", "n: 2\nlast: true\n"};
        final StringBuilder in = new StringBuilder();
        for (final String doc : docs)
        {
            in.append(doc.length()).append(' ').append(doc);
        }
        Files.writeString(dir.resolve("in.yaml"), in);

        // when
        final FlowRuntime runtime = runtime(copyFlow("codec = \"yaml\", preprocessors = [\"textual-length-prefixed\"]," +
            " config = {\"path\": \"in.yaml\", \"mode\": \"read\"}",
            "config = {\"path\": \"out.json\", \"mode\": \"truncate\"}"), dir);
        assertEquals(0, runtime.run(TIMEOUT_NS));

        // then
        assertEquals("{\"n\":1,\"name\":\"snot\"}\n{\"n\":2,\"last\":true}\n", Files.readString(dir.resolve("out.json")));
    }

    @Test
    void shouldReportConfigurationErrorsWithTheConnectorsName(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("in.json"), "{}\n");
        Files.writeString(dir.resolve("in.json.br"), "{}\n");
        final String[][] cases = {
            {"config = {\"path\": \"in.json\"}", "missing field `mode`"},
            {"config = {\"path\": \"in.json\", \"mode\": \"reed\"}", "unknown `mode` `reed`"},
            {"config = {\"path\": \"in.json\", \"mode\": \"read\", \"snot\": 1}", "unknown field `snot`"},
            {"config = {\"mode\": \"read\"}", "missing field `path`"},
            {"config = {\"path\": \"missing.json\", \"mode\": \"read\"}", "cannot open"},
            {"config = {\"path\": \"in.json.br\", \"mode\": \"read\"}", "br (brotli) algorithm is not supported"},
            {"config = {\"path\": \"in.json\", \"mode\": \"read\", \"chunk_size\": 0}", "`chunk_size` must be"},
            {"preprocessors = [\"snot\"], config = {\"path\": \"in.json\", \"mode\": \"read\"}",
                "snot Preprocessor not found."},
        };
        for (final String[] c : cases)
        {
            final CompileError e = assertThrows(CompileError.class, () -> runtime(copyFlow(c[0],
                "config = {\"path\": \"out.json\", \"mode\": \"truncate\"}"), dir), c[0]);
            assertTrue(e.getMessage().contains("connector input: ") && e.getMessage().contains(c[1]), e.getMessage());
        }
        final CompileError post = assertThrows(CompileError.class, () -> runtime(copyFlow(
            "config = {\"path\": \"in.json\", \"mode\": \"read\"}",
            "postprocessors = [{\"name\": \"chunk\", \"config\": {}}], config = {\"path\": \"o\", \"mode\": \"write\"}"),
            dir));
        assertTrue(post.getMessage().contains("connector output: chunk Invalid config"), post.getMessage());
    }
}
