package io.temblor.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.CompiledQuery;
import io.temblor.script.compile.QueryCompiler;
import io.temblor.script.error.CompileError;
import io.temblor.script.value.ValueWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs one of Tremor's query conformance cases in process the way Tremor's test runners do ({@code tests/query.rs},
 * {@code query_error.rs}, {@code query_runtime_error.rs}): each line of {@code in} is an event into {@code in} with id
 * and ingest time its 0-based index; every event leaving the pipeline (any port) is compared, in order, as a JSON
 * value with the lines of {@code out} (records unordered, integers and floats distinct); compile errors are compared
 * with {@code error.txt} as rendered text or with the regular expression of {@code error.re}; a runtime error of an
 * event is compared with {@code error.txt}.
 */
final class QueryCases
{
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Outcome of one case. */
    record Outcome(boolean passed, String detail)
    {
    }

    private QueryCases()
    {
    }

    static Path tremor()
    {
        return Path.of(System.getProperty("temblor.shared", "../../shared"), "conformance", "tremor");
    }

    static List<Path> cases(final String folder)
    {
        final List<Path> out = new ArrayList<>();
        try (var dirs = Files.list(tremor().resolve("tests").resolve(folder)))
        {
            dirs.filter(d -> Files.isRegularFile(d.resolve("query.trickle"))).sorted().forEach(out::add);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out;
    }

    static int[] arity(final String name)
    {
        final AggregateFunction fn = Aggregates.lookup(name);
        return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
    }

    static CompiledQuery compile(final Path dir, final String source)
    {
        return QueryCompiler.compile(source, List.of(dir), QueryCases::arity);
    }

    /** Trailing blanks of each line and of the text removed, as Tremor's runners trim before comparing. */
    static String normalise(final String text)
    {
        final StringBuilder out = new StringBuilder();
        for (final String line : text.strip().split("\n", -1))
        {
            out.append(line.stripTrailing()).append('\n');
        }
        return out.toString().strip();
    }

    static Outcome compileError(final Path dir) throws IOException
    {
        final String source = Files.readString(dir.resolve("query.trickle"), StandardCharsets.UTF_8);
        final CompileError error;
        try
        {
            try (Pipeline ignored = new Pipeline(compile(dir, source)))
            {
                return new Outcome(false, "compiled without error");
            }
        }
        catch (final CompileError ex)
        {
            error = ex;
        }
        final Path re = dir.resolve("error.re");
        if (Files.isRegularFile(re))
        {
            final Pattern pattern = Pattern.compile(Files.readString(re, StandardCharsets.UTF_8).strip());
            return new Outcome(pattern.matcher(error.getMessage()).find(), "message: " + error.getMessage());
        }
        final String expected = normalise(Files.readString(dir.resolve("error.txt"), StandardCharsets.UTF_8));
        final String got = normalise(error.render(source));
        return new Outcome(expected.equals(got), "expected:\n" + expected + "\ngot:\n" + got);
    }

    static Outcome run(final Path dir, final boolean runtimeErrors) throws IOException
    {
        final String source = Files.readString(dir.resolve("query.trickle"), StandardCharsets.UTF_8);
        final List<JsonNode> expected = values(dir.resolve("out"));
        final Path errorFile = dir.resolve("error.txt");
        final String expectedError = Files.isRegularFile(errorFile) ?
            normalise(Files.readString(errorFile, StandardCharsets.UTF_8)) : null;
        final List<JsonNode> got = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline(compile(dir, source)); JsonParser parser = new JsonParser();
            ByteSink sink = new ByteSink())
        {
            final ValueWriter writer = new ValueWriter();
            final Pipeline.Outputs outputs = (port, valueH, valueB, metaH, metaB, ingestNs, id) ->
            {
                sink.reset();
                writer.write(pipeline.context(), valueH, valueB, sink);
                try
                {
                    got.add(JSON.readTree(sink.toByteArray()));
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("pipeline wrote invalid JSON", ex);
                }
            };
            long index = 0;
            for (final String line : Files.readAllLines(dir.resolve("in"), StandardCharsets.UTF_8))
            {
                if (line.isBlank())
                {
                    continue;
                }
                final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                if (parser.parse(bytes, 0, bytes.length) != JsonError.OK)
                {
                    return new Outcome(false, "bad input line " + line);
                }
                if (pipeline.enqueue("in", parser.tape(), index, index, outputs) == Pipeline.ERROR)
                {
                    errors.add(normalise(pipeline.error().render(source)));
                }
                index++;
            }
        }
        catch (final CompileError ex)
        {
            return new Outcome(false, "does not compile: " + ex.render(source));
        }
        for (final String error : errors)
        {
            if (!runtimeErrors || null == expectedError || !expectedError.equals(error))
            {
                return new Outcome(false, "runtime error:\n" + error + "\nexpected:\n" + expectedError);
            }
        }
        return new Outcome(expected.equals(got), "expected " + expected + "\ngot " + got);
    }

    static List<JsonNode> values(final Path file) throws IOException
    {
        final List<JsonNode> out = new ArrayList<>();
        if (!Files.isRegularFile(file))
        {
            return out;
        }
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            if (!line.isBlank())
            {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
