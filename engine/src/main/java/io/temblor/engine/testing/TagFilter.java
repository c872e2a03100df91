package io.temblor.engine.testing;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code --tags}/{@code --exclude-tags} choice of tests, with Tremor's rules: without either every test runs; a
 * test with an included tag runs; otherwise one with an excluded tag is left out; otherwise it runs only when no tag
 * was included. Also reads {@code tags.yaml} files (a YAML or JSON list of strings).
 *
 * @param includes the tags asked for.
 * @param excludes the tags left out.
 */
public record TagFilter(Set<String> includes, Set<String> excludes)
{
    /** The filter that runs everything. */
    public static final TagFilter ALL = new TagFilter(Set.of(), Set.of());

    /**
     * Whether a test with these tags runs.
     *
     * @param tags the test's tags (its own, its suite's, its folders').
     * @return true when it runs.
     */
    public boolean matches(final Collection<String> tags)
    {
        if (includes.isEmpty() && excludes.isEmpty())
        {
            return true;
        }
        for (final String tag : tags)
        {
            if (includes.contains(tag))
            {
                return true;
            }
        }
        for (final String tag : tags)
        {
            if (excludes.contains(tag))
            {
                return false;
            }
        }
        return includes.isEmpty();
    }

    /**
     * Parses a comma separated list of tags.
     *
     * @param csv the list, or null.
     * @return the tags.
     */
    public static Set<String> parseList(final String csv)
    {
        final Set<String> tags = new LinkedHashSet<>();
        if (null != csv)
        {
            for (final String tag : csv.split(","))
            {
                if (!tag.isBlank())
                {
                    tags.add(tag.strip());
                }
            }
        }
        return tags;
    }

    /**
     * The tags of {@code tags.yaml} in a folder, if there is one.
     *
     * @param dir the folder.
     * @return its tags, empty when there is no file.
     * @throws TestSetupException when the file is not a list of strings (with the file and line).
     */
    public static List<String> read(final Path dir)
    {
        final Path file = dir.resolve("tags.yaml");
        final List<String> tags = new ArrayList<>();
        if (!Files.isRegularFile(file))
        {
            return tags;
        }
        final Object value;
        try
        {
            value = new Load(LoadSettings.builder().setLabel(file.toString()).build())
                .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new TestSetupException(file + ": cannot read (" + ex.getMessage() + ")");
        }
        catch (final YamlEngineException ex)
        {
            throw new TestSetupException(file + ": not valid YAML: " + ex.getMessage());
        }
        if (null == value)
        {
            return tags;
        }
        if (!(value instanceof List<?> list))
        {
            throw new TestSetupException(file + ":1: tags must be a list of strings");
        }
        for (final Object tag : list)
        {
            tags.add(String.valueOf(tag));
        }
        return tags;
    }

    /**
     * The tags of every {@code tags.yaml} from {@code base} down to {@code dir} (both included), as Tremor merges them.
     *
     * @param base the folder the run started from.
     * @param dir a folder under it (or base itself).
     * @return the merged tags.
     */
    public static List<String> resolve(final Path base, final Path dir)
    {
        final Path b = base.toAbsolutePath().normalize();
        final Path d = dir.toAbsolutePath().normalize();
        final List<String> tags = new ArrayList<>(read(b));
        if (d.startsWith(b) && !d.equals(b))
        {
            Path at = b;
            for (final Path part : b.relativize(d))
            {
                at = at.resolve(part);
                tags.addAll(read(at));
            }
        }
        return tags;
    }
}
