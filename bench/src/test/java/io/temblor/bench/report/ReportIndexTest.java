package io.temblor.bench.report;

import io.temblor.bench.SuiteRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportIndexTest
{
    @Test
    void shouldKeepHandWrittenIntroAndListRunsNewestFirstWhenRegenerating(@TempDir final Path root) throws Exception
    {
        // given
        Files.writeString(root.resolve(ReportIndex.README), ReportIndex.INTRO_BEGIN + "\n# Mine\nkeep me\n" +
            ReportIndex.INTRO_END + "\n" + ReportIndex.INDEX_BEGIN + "\nstale index\n");
        run(root, "json/2026-01-01-aaaaaaa", "2026-01-01T10:00:00Z", "aaaaaaa");
        run(root, "json/2026-02-01-bbbbbbb-quick", "2026-02-01T10:00:00Z", "bbbbbbb");

        // when
        ReportIndex.regenerate(root, SuiteRegistry.standard());

        // then
        final String md = Files.readString(root.resolve(ReportIndex.README), StandardCharsets.UTF_8);
        assertTrue(md.startsWith(ReportIndex.INTRO_BEGIN + "\n# Mine\nkeep me\n" + ReportIndex.INTRO_END), md);
        assertTrue(!md.contains("stale index"), md);
        assertTrue(md.indexOf("bbbbbbb") < md.indexOf("aaaaaaa"), md);
        assertTrue(md.contains("(json/2026-02-01-bbbbbbb-quick/report.md)"), md);
        assertTrue(ReportIndex.isIndexRoot(root));
    }

    @Test
    void shouldWriteDefaultIntroWhenNoIndexExists(@TempDir final Path root) throws Exception
    {
        ReportIndex.regenerate(root, SuiteRegistry.standard());
        final String md = Files.readString(root.resolve(ReportIndex.README), StandardCharsets.UTF_8);
        assertTrue(ReportIndex.intro(md).startsWith("# Temblor performance reports"), md);
        assertTrue(md.contains(ReportIndex.INDEX_BEGIN + "\n\n## Runs (newest first)\n\nNo runs yet.\n"), md);
    }

    private static void run(final Path root, final String rel, final String date, final String commit) throws Exception
    {
        final Path dir = Files.createDirectories(root.resolve(rel));
        Files.writeString(dir.resolve("env.json"), "{\"suite\":\"json\",\"date\":\"" + date + "\",\"git\":{\"shortCommit\":\"" +
            commit + "\",\"dirty\":false},\"settings\":{\"mode\":\"full\"}}");
        Files.writeString(dir.resolve("results.json"), "[]");
    }
}
