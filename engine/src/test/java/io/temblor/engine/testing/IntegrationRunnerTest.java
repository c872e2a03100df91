package io.temblor.engine.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntegrationRunnerTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCompareJsonLinesAsValuesWhenTextDiffers() throws IOException
    {
        final Path expected = dir.resolve("expected.json");
        Files.writeString(expected, "{\"a\":1,\"b\":[1,2]}\n\"text\"\n\n");
        assertNull(IntegrationRunner.equalLines(expected, "expected.json", List.of("{\"b\": [1, 2], \"a\": 1}", "\"text\"")));
        assertEquals("differs from expected.json at line 2: expected `\"text\"`, got `\"other\"`",
            IntegrationRunner.equalLines(expected, "expected.json", List.of("{\"a\":1,\"b\":[1,2]}", "\"other\"")));
        assertEquals("differs from expected.json at line 3: expected end of file, got `extra`",
            IntegrationRunner.equalLines(expected, "expected.json", List.of("{\"a\":1,\"b\":[1,2]}", "\"text\"", "extra")));
        assertTrue(IntegrationRunner.equalLines(expected, "expected.json", List.of("{\"a\":1,\"b\":[2,1]}", "\"text\""))
            .contains("at line 1"));
    }

    @Test
    void shouldFindCasesBelowARootAndNotInsideACase() throws IOException
    {
        final Path a = Files.createDirectories(dir.resolve("a"));
        Files.writeString(a.resolve("assert.yaml"), "status: 0\n");
        Files.createDirectories(a.resolve("before"));
        Files.writeString(a.resolve("before/config.troy"), "");
        Files.writeString(a.resolve("before/tags.yaml"), "[]");
        final Path b = Files.createDirectories(dir.resolve("group/b"));
        Files.writeString(b.resolve("tags.yaml"), "[\"x\"]");
        Files.writeString(b.resolve("main.troy"), "");
        Files.createDirectories(dir.resolve("lib"));
        assertEquals(List.of(a, b), IntegrationRunner.cases(dir));
        assertEquals(b.resolve("main.troy"), IntegrationRunner.flow(b));
    }

    @Test
    void shouldRejectAFolderWithoutCases() throws IOException
    {
        Files.createDirectories(dir.resolve("empty"));
        final TestSetupException none = assertThrows(TestSetupException.class,
            () -> IntegrationRunner.cases(dir.resolve("empty")));
        assertTrue(none.getMessage().contains("no integration case found"), none.getMessage());
        final TestSetupException missing = assertThrows(TestSetupException.class,
            () -> IntegrationRunner.cases(dir.resolve("missing")));
        assertTrue(missing.getMessage().contains("no such folder"), missing.getMessage());
    }

    @Test
    void shouldUnpackTheBundledIntegrationModule() throws IOException
    {
        final Path lib = IntegrationRunner.bundledLib();
        final String text = Files.readString(lib.resolve("integration.tremor"));
        assertTrue(text.contains("define pipeline out_or_exit") && text.contains("define connector write_file"), text);
    }
}
