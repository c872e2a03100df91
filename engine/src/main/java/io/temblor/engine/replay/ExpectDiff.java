package io.temblor.engine.replay;

import io.temblor.engine.runtime.ReplayPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code replay --expect FILE}: the events that reached the sinks against the expected NDJSON, compared as JSON values
 * line by line (blank lines skipped on both sides; key order does not matter). The report names the first
 * differences with their line numbers, expected against got, and both counts.
 */
public final class ExpectDiff
{
    /** Differences listed before the rest are only counted. */
    public static final int SHOWN = 10;

    private final List<String> report = new ArrayList<>();
    private final int differences;

    private ExpectDiff(final List<String> expected, final List<String> got)
    {
        int diffs = 0;
        final int lines = Math.max(expected.size(), got.size());
        for (int i = 0; i < lines; i++)
        {
            final String e = i < expected.size() ? expected.get(i) : null;
            final String g = i < got.size() ? got.get(i) : null;
            if (!same(e, g))
            {
                diffs++;
                if (diffs <= SHOWN)
                {
                    report.add("  line " + (i + 1) + ":");
                    report.add("    expected " + (null == e ? "(nothing: the output has more lines)" : e));
                    report.add("    got      " + (null == g ? "(nothing: the output ended)" : g));
                }
            }
        }
        if (diffs > SHOWN)
        {
            report.add("  ... and " + (diffs - SHOWN) + " more differing lines");
        }
        this.differences = diffs;
        if (diffs > 0)
        {
            report.add(0, "expect: " + diffs + " differing line(s); expected " + expected.size() + " events, got " +
                got.size());
        }
    }

    /**
     * Compares.
     *
     * @param expectedText the expected NDJSON.
     * @param gotText the output's NDJSON.
     * @return the comparison.
     */
    public static ExpectDiff compare(final String expectedText, final String gotText)
    {
        return new ExpectDiff(lines(expectedText), lines(gotText));
    }

    private static List<String> lines(final String text)
    {
        final List<String> lines = new ArrayList<>();
        for (final String line : text.split("\n", -1))
        {
            final String trimmed = line.strip();
            if (!trimmed.isEmpty())
            {
                lines.add(trimmed);
            }
        }
        return lines;
    }

    private static boolean same(final String expected, final String got)
    {
        if (null == expected || null == got)
        {
            return false;
        }
        if (expected.equals(got))
        {
            return true;
        }
        final Optional<Object> e = ReplayPlan.json(expected);
        final Optional<Object> g = ReplayPlan.json(got);
        return e.isPresent() && g.isPresent() && Objects.equals(e.get(), g.get());
    }

    /** @return the number of differing lines (0: a match). */
    public int differences()
    {
        return differences;
    }

    /** @return the report lines (empty on a match). */
    public List<String> report()
    {
        return report;
    }
}
