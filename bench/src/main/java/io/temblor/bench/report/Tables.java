package io.temblor.bench.report;

import java.util.Arrays;
import java.util.List;

/**
 * Table pieces every suite's report shares: the NaN-filled matrices results are collected in, Markdown table heads
 * and target tables, and the aligned plain-text summary printed at the end of a run.
 */
public final class Tables
{
    private Tables()
    {
    }

    /**
     * A matrix of NaN (missing) values.
     *
     * @param rows    rows.
     * @param columns columns.
     * @return the matrix.
     */
    public static double[][] nanMatrix(final int rows, final int columns)
    {
        final double[][] m = new double[rows][columns];
        for (final double[] row : m)
        {
            Arrays.fill(row, Double.NaN);
        }
        return m;
    }

    /**
     * Appends a Markdown table's head: the columns, then the alignment row with the first {@code leftColumns} columns
     * left-aligned and the rest (numbers) right-aligned.
     *
     * @param md          the report.
     * @param columns     column titles.
     * @param leftColumns how many leading columns hold text.
     */
    public static void markdownHead(final StringBuilder md, final List<String> columns, final int leftColumns)
    {
        md.append('|');
        for (final String c : columns)
        {
            md.append(' ').append(c).append(" |");
        }
        md.append("\n|").append("---|".repeat(leftColumns)).append("---:|".repeat(columns.size() - leftColumns))
            .append('\n');
    }

    /**
     * Appends one Markdown table row.
     *
     * @param md    the report.
     * @param cells the cells.
     */
    public static void markdownRow(final StringBuilder md, final List<String> cells)
    {
        md.append('|');
        for (final String c : cells)
        {
            md.append(' ').append(c).append(" |");
        }
        md.append('\n');
    }

    /**
     * Appends the targets section's table.
     *
     * @param md      the report.
     * @param targets the verdicts.
     */
    public static void markdownTargets(final StringBuilder md, final List<Target> targets)
    {
        md.append("| Target | Verdict | Numbers |\n|---|---|---|\n");
        for (final Target t : targets)
        {
            md.append("| ").append(t.name()).append(" | **").append(t.verdict()).append("** | ").append(t.detail())
                .append(" |\n");
        }
    }

    /**
     * The rows of a side-by-side summary: per row (file, workload, key count) the score of each subject, the ratios
     * named, then the allocation of each subject; header first. For {@link #console}.
     *
     * @param label       the first column's header.
     * @param rowNames    the rows' names.
     * @param subjects    the compared subjects (parsers, engines, limiters).
     * @param scoreUnit   the unit after a subject's name in the score headers ({@code GB/s}, {@code events/s}).
     * @param allocUnit   the unit after a subject's name in the allocation headers ({@code B/op}).
     * @param score       scores by row and subject.
     * @param alloc       allocation by row and subject.
     * @param scoreFormat formats a score.
     * @param allocFormat formats an allocation.
     * @param ratios      ratio headers and, for each, the ratio of a row ({@code row -> ratio}, formatted).
     * @return the rows.
     */
    public static List<List<String>> comparisonRows(final String label, final List<String> rowNames,
        final List<String> subjects, final String scoreUnit, final String allocUnit, final double[][] score,
        final double[][] alloc, final java.util.function.DoubleFunction<String> scoreFormat,
        final java.util.function.DoubleFunction<String> allocFormat,
        final java.util.LinkedHashMap<String, java.util.function.IntFunction<String>> ratios)
    {
        final List<String> header = new java.util.ArrayList<>(List.of(label));
        for (final String subject : subjects)
        {
            header.add(subject + " " + scoreUnit);
        }
        header.addAll(ratios.keySet());
        for (final String subject : subjects)
        {
            header.add(subject + " " + allocUnit);
        }
        final List<List<String>> rows = new java.util.ArrayList<>();
        rows.add(header);
        for (int r = 0; r < rowNames.size(); r++)
        {
            final List<String> row = new java.util.ArrayList<>(List.of(rowNames.get(r)));
            for (int c = 0; c < subjects.size(); c++)
            {
                row.add(scoreFormat.apply(score[r][c]));
            }
            for (final java.util.function.IntFunction<String> ratio : ratios.values())
            {
                row.add(ratio.apply(r));
            }
            for (int c = 0; c < subjects.size(); c++)
            {
                row.add(allocFormat.apply(alloc[r][c]));
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * The summary printed at the end of a run: rows as aligned columns (the first left-aligned, the others
     * right-aligned), then one line per target.
     *
     * @param rows    the header row first, then the data rows.
     * @param targets the verdicts.
     * @return lines of text.
     */
    public static String console(final List<List<String>> rows, final List<Target> targets)
    {
        int columns = 0;
        for (final List<String> row : rows)
        {
            columns = Math.max(columns, row.size());
        }
        final int[] widths = new int[columns];
        for (final List<String> row : rows)
        {
            for (int c = 0; c < row.size(); c++)
            {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        final StringBuilder out = new StringBuilder();
        for (final List<String> row : rows)
        {
            for (int c = 0; c < row.size(); c++)
            {
                out.append(c == 0 ? String.format("%-" + widths[c] + "s", row.get(c)) :
                    String.format("  %" + widths[c] + "s", row.get(c)));
            }
            out.append('\n');
        }
        for (final Target t : targets)
        {
            out.append(String.format("%-8s %s: %s%n", t.verdict(), t.name(), t.detail()));
        }
        return out.toString();
    }
}
