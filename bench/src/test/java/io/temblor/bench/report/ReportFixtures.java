package io.temblor.bench.report;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What the report tests of every suite share: copying a sample run (its {@code results.json} and {@code env.json},
 * test resources) into a folder, and reading a Markdown table of a generated report.
 */
public final class ReportFixtures
{
    private ReportFixtures()
    {
    }

    /**
     * Copies a sample run's files.
     *
     * @param anchor the class whose resources hold the sample.
     * @param sample the resource folder (ending in {@code /}).
     * @param dir where to copy.
     * @throws Exception when a file is missing or cannot be copied.
     */
    public static void copySample(final Class<?> anchor, final String sample, final Path dir) throws Exception
    {
        for (final String name : List.of("results.json", "env.json"))
        {
            try (InputStream in = anchor.getResourceAsStream(sample + name))
            {
                assertNotNull(in, "sample run file " + sample + name);
                Files.copy(in, dir.resolve(name));
            }
        }
    }

    /**
     * The rows (cells stripped, the separator row skipped) of the first table after a heading.
     *
     * @param md the report.
     * @param heading text that starts the section.
     * @return the header row first, then the data rows.
     */
    public static List<String[]> table(final String md, final String heading)
    {
        final List<String[]> rows = new ArrayList<>();
        final String[] lines = md.substring(md.indexOf(heading)).split("\n");
        for (int i = 1; i < lines.length; i++)
        {
            final String line = lines[i];
            if (line.startsWith("|"))
            {
                if (!line.startsWith("|---"))
                {
                    rows.add(Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::strip)
                        .toArray(String[]::new));
                }
            }
            else if (!rows.isEmpty())
            {
                break;
            }
        }
        return rows;
    }
}
