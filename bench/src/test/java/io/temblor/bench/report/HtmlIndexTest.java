package io.temblor.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The static index page: reports rendered from their Markdown, charts inlined, only the latest run per suite. */
class HtmlIndexTest
{
    @Test
    void shouldRenderCodeBoldAndLinksAndEscapeTheRest()
    {
        assertEquals("a <code>x&lt;y</code> <strong>MET</strong> &amp; <a href=\"r/report.md\">run</a>",
            HtmlIndex.inline("a `x<y` **MET** & [run](r/report.md)"));
    }

    @Test
    void shouldShowTheLatestRunOfEachSuiteWithItsTablesAndInlinedCharts(@TempDir final Path root) throws IOException
    {
        // given: two runs of one suite, the newer with a table, a quote and a chart
        final Path newer = root.resolve("flows/2026-12-05-bbb");
        final Path older = root.resolve("flows/2026-12-04-aaa");
        Files.createDirectories(newer);
        Files.createDirectories(older);
        Files.writeString(newer.resolve("report.md"), """
            # Flows

            > **Quick run**: smoke numbers.

            | Flow | MB/s |
            |---|---:|
            | a\\|b | 12.5 |

            ![events per second](throughput.svg)
            """);
        Files.writeString(newer.resolve("throughput.svg"), "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\">" +
            "<rect fill=\"#e4572e\"/></svg>\n");
        Files.writeString(older.resolve("report.md"), "# Old\n\nold text\n");
        final List<HtmlIndex.Entry> runs = List.of(
            new HtmlIndex.Entry(newer, "flows", "2026-12-05", "bbb", "quick", "new headline"),
            new HtmlIndex.Entry(older, "flows", "2026-12-04", "aaa", "full", "old headline"));

        // when
        HtmlIndex.write(root, runs);

        // then
        final String html = Files.readString(root.resolve(HtmlIndex.FILE));
        assertTrue(html.contains("<tr><th>Flow</th><th>MB/s</th></tr>\n<tr><td>a|b</td><td class=\"num\">12.5</td></tr>"),
            html);
        assertTrue(html.contains("<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><rect fill=\"#e4572e\"/></svg>"),
            html);
        assertFalse(html.contains("<?xml"));
        assertTrue(html.contains("<blockquote><strong>Quick run</strong>: smoke numbers.</blockquote>"), html);
        assertFalse(html.contains("old text"), "only the latest run of a suite is shown in full");
        assertTrue(html.contains("<a href=\"flows/2026-12-04-aaa/report.md\">2026-12-04-aaa</a>"), html);
        assertTrue(html.contains("<p class=\"headline\">new headline</p>"), html);
        assertFalse(html.contains("<script") || html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"));
    }
}
