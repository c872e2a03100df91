package io.temblor.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CaptureTestsCommandTest
{
    /** The cases checked in with the sources (the module's folder is the working directory of the tests). */
    static final Path CASES = Path.of("src/test/tremor/captures");

    @TempDir
    Path dir;

    private static String[] run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final String[] all = new String[args.length + 2];
        all[0] = "test";
        all[1] = "captures";
        System.arraycopy(args, 0, all, 2, args.length);
        final int status = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(status), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void shouldPassEveryCheckedInCase() throws IOException
    {
        final Path report = dir.resolve("report.xml");
        final String[] r = run(CASES.toString(), "--report", report.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        final List<String> lines = r[1].lines().toList();
        assertTrue(lines.contains("3 passed, 0 failed") && lines.getLast().equals("3 passed, 0 failed"), r[1]);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("PASS window-count (")), r[1]);
        final String xml = Files.readString(report);
        assertTrue(xml.contains("<testsuite name=\"captures.captures\" tests=\"3\" failures=\"0\""), xml);
        assertTrue(xml.contains("<testcase classname=\"captures.captures\" name=\"lines-transform\""), xml);
    }

    @Test
    void shouldShowTheDiffOfAFailingCaseAndReportItInJunitXml() throws IOException
    {
        // given: the lines case with one expected value changed
        final Path c = Files.createDirectories(dir.resolve("cases/changed"));
        Files.copy(CASES.resolve("lines-transform/flow.troy"), c.resolve("flow.troy"));
        Files.copy(CASES.resolve("lines-transform/capture.ndjson"), c.resolve("capture.ndjson"));
        Files.writeString(c.resolve("expected.json"), Files.readString(CASES.resolve("lines-transform/expected.json"))
            .replace("\"cy\",\"total\":6.0", "\"cy\",\"total\":7"));
        final Path broken = Files.createDirectories(dir.resolve("cases/no-capture"));
        Files.writeString(broken.resolve("flow.troy"), "");
        Files.writeString(broken.resolve("expected.json"), "");
        final Path report = dir.resolve("report.xml");
        // when
        final String[] r = run(dir.resolve("cases").toString(), "--report", report.toString());
        // then
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("FAIL changed ("), r[1]);
        assertTrue(r[1].contains("    expect: 1 differing line(s); expected 3 events, got 3\n      line 2:\n" +
            "        expected {\"user\":\"cy\",\"total\":7}\n        got      {\"user\":\"cy\",\"total\":6.0}"), r[1]);
        assertTrue(r[1].contains("FAIL no-capture (0.00 s)\n    no capture/ or capture.ndjson in "), r[1]);
        assertTrue(r[1].endsWith("0 passed, 2 failed\n"), r[1]);
        final String xml = Files.readString(report);
        assertTrue(xml.contains("tests=\"2\" failures=\"2\""), xml);
        assertTrue(xml.contains("<failure message=\"expect: 1 differing line(s); expected 3 events, got 3\">"), xml);
    }

    @Test
    void shouldRejectAMissingFolderOfCases()
    {
        final String[] r = run(dir.resolve("none").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("no folder of cases at " + dir.resolve("none")), r[2]);
    }
}
