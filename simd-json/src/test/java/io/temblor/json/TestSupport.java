package io.temblor.json;

import io.temblor.offheap.ByteSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Shared helpers for the data-driven tests: locating ../shared and serializing a parsed tape. */
final class TestSupport
{
    static final SimdWidth[] WIDTHS = {SimdWidth.W512, SimdWidth.W256, SimdWidth.SCALAR};

    private TestSupport()
    {
    }

    static Path shared()
    {
        final String property = System.getProperty("temblor.shared");
        final Path path = property != null ? Path.of(property) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(path))
        {
            throw new IllegalStateException("test data not found: " + path.toAbsolutePath() + " (set -Dtemblor.shared)");
        }
        return path;
    }

    static Path testParsing()
    {
        return shared().resolve("data/JSONTestSuite/test_parsing");
    }

    static Path corpora()
    {
        return shared().resolve("data/json");
    }

    static List<Path> list(final Path dir, final String prefix)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            final List<Path> result = new ArrayList<>();
            files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().forEach(result::add);
            return result;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static byte[] read(final Path path)
    {
        try
        {
            return Files.readAllBytes(path);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Serializes the parser's current document to compact JSON bytes. */
    static byte[] serialize(final JsonParser parser, final JsonWriter writer, final ByteSink sink)
    {
        sink.reset();
        writer.write(parser.tape(), sink);
        return sink.toByteArray();
    }
}
