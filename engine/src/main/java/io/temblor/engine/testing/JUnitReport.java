package io.temblor.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes test results as JUnit XML (the {@code testsuites > testsuite > testcase} form CI systems read): one
 * {@code testsuite} per suite name, a {@code failure} element with the message for each failed case, {@code skipped}
 * for skipped ones, times in seconds.
 */
public final class JUnitReport
{
    private JUnitReport()
    {
    }

    /**
     * The report as XML text.
     *
     * @param name the name of the whole run ({@code testsuites name}).
     * @param results the results, in order.
     * @return the XML document.
     */
    public static String toXml(final String name, final List<TestResult> results)
    {
        final Map<String, List<TestResult>> bySuite = new LinkedHashMap<>();
        for (final TestResult result : results)
        {
            bySuite.computeIfAbsent(result.suite(), k -> new ArrayList<>()).add(result);
        }
        final StringBuilder xml = new StringBuilder(256 + results.size() * 128);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuites name=\"").append(escape(name)).append('"');
        counts(xml, results).append(">\n");
        for (final Map.Entry<String, List<TestResult>> suite : bySuite.entrySet())
        {
            xml.append("  <testsuite name=\"").append(escape(suite.getKey())).append('"');
            counts(xml, suite.getValue()).append(">\n");
            for (final TestResult result : suite.getValue())
            {
                xml.append("    <testcase classname=\"").append(escape(result.suite())).append("\" name=\"")
                    .append(escape(result.name())).append("\" time=\"").append(seconds(result.durationNs())).append('"');
                switch (result.status())
                {
                    case PASS -> xml.append("/>\n");
                    case SKIP -> xml.append(">\n      <skipped/>\n    </testcase>\n");
                    case FAIL ->
                    {
                        xml.append(">\n      <failure message=\"").append(escape(summary(result.message())))
                            .append("\">")
                            .append(escape(result.message())).append("</failure>\n    </testcase>\n");
                    }
                    default -> throw new IllegalStateException(result.status().toString());
                }
            }
            xml.append("  </testsuite>\n");
        }
        xml.append("</testsuites>\n");
        return xml.toString();
    }

    /**
     * Writes the report to a file (creating its folder).
     *
     * @param file the file.
     * @param name the name of the whole run.
     * @param results the results.
     * @throws IOException when it cannot be written.
     */
    public static void write(final Path file, final String name, final List<TestResult> results) throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (null != parent)
        {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toXml(name, results), StandardCharsets.UTF_8);
    }

    private static StringBuilder counts(final StringBuilder xml, final List<TestResult> results)
    {
        int failures = 0;
        int skipped = 0;
        long ns = 0;
        for (final TestResult result : results)
        {
            failures += result.status() == TestResult.Status.FAIL ? 1 : 0;
            skipped += result.status() == TestResult.Status.SKIP ? 1 : 0;
            ns += result.durationNs();
        }
        return xml.append(" tests=\"").append(results.size()).append("\" failures=\"").append(failures)
            .append("\" errors=\"0\" skipped=\"").append(skipped).append("\" time=\"").append(seconds(ns)).append('"');
    }

    /** One line for a failure's message attribute: a rendered error's caret line, or the message's first line. */
    static String summary(final String message)
    {
        for (final String line : message.lines().toList())
        {
            final int caret = line.indexOf("^");
            final int bar = line.indexOf('|');
            if (caret >= 0 && bar >= 0 && bar < caret && line.substring(bar + 1, caret).isBlank())
            {
                final String text = line.substring(caret).replaceFirst("^\\^+\\s*", "");
                if (!text.isBlank())
                {
                    return text.strip();
                }
            }
        }
        return message.lines().filter(l -> !l.isBlank()).findFirst().orElse("failed").strip();
    }

    private static String seconds(final long ns)
    {
        return String.format(Locale.ROOT, "%.3f", ns / 1e9);
    }

    /** Escapes text for an XML attribute or element; drops characters XML 1.0 cannot hold. */
    static String escape(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default ->
                {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r')
                    {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
