package io.temblor.script.parser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates Tremor's conformance material under the shared folder (system property {@code temblor.shared}).
 */
final class Conformance
{
    static final String[] SCRIPT_FOLDERS = {"tests/scripts", "tests/script_runtime_errors", "tests/script_warnings"};

    private Conformance()
    {
    }

    static Path tremor()
    {
        final String shared = System.getProperty("temblor.shared", "../../shared");
        return Path.of(shared, "conformance", "tremor");
    }

    static List<Path> files(final String folder, final String suffix)
    {
        final Path root = tremor().resolve(folder);
        try (Stream<Path> walk = Files.walk(root))
        {
            return walk.filter(Files::isRegularFile)
                .filter(p -> p.getFileName().toString().endsWith(suffix))
                .sorted()
                .toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static String read(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static String name(final Path file)
    {
        return tremor().relativize(file).toString();
    }
}
