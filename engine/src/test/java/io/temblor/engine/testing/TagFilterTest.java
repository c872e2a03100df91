package io.temblor.engine.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TagFilterTest
{
    @TempDir
    Path dir;

    @Test
    void shouldFollowTremorRulesWhenIncludingAndExcluding()
    {
        assertTrue(TagFilter.ALL.matches(List.of("a")));
        final TagFilter include = new TagFilter(Set.of("a"), Set.of());
        assertTrue(include.matches(List.of("a", "b")));
        assertFalse(include.matches(List.of("b")));
        final TagFilter exclude = new TagFilter(Set.of(), Set.of("b"));
        assertFalse(exclude.matches(List.of("a", "b")));
        assertTrue(exclude.matches(List.of("a")));
        final TagFilter both = new TagFilter(Set.of("a"), Set.of("b"));
        assertTrue(both.matches(List.of("a", "b")), "an included tag wins over an excluded one, as in Tremor");
        assertFalse(both.matches(List.of("c")));
    }

    @Test
    void shouldMergeTagsYamlFromBaseDownWhenResolving() throws IOException
    {
        final Path c = Files.createDirectories(dir.resolve("b/c"));
        Files.writeString(dir.resolve("tags.yaml"), "- root\n");
        Files.writeString(c.resolve("tags.yaml"), "[\"leaf\"]");
        assertEquals(List.of("root", "leaf"), TagFilter.resolve(dir, c));
        assertEquals(Set.of("x", "y"), TagFilter.parseList(" x,,y "));
    }

    @Test
    void shouldNameFileWhenTagsYamlIsNotAList() throws IOException
    {
        Files.writeString(dir.resolve("tags.yaml"), "name: x\n");
        final TestSetupException ex = assertThrows(TestSetupException.class, () -> TagFilter.read(dir));
        assertTrue(ex.getMessage().contains("tags.yaml:1: tags must be a list"), ex.getMessage());
        Files.writeString(dir.resolve("tags.yaml"), "[a, b\n");
        final TestSetupException bad = assertThrows(TestSetupException.class, () -> TagFilter.read(dir));
        assertTrue(bad.getMessage().contains("tags.yaml") && bad.getMessage().contains("line"), bad.getMessage());
    }
}
