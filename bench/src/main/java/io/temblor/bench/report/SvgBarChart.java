package io.temblor.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A grouped horizontal bar chart written as plain SVG text: one group per row label (a file), one bar per series (a
 * parser), a legend, grid lines with tick labels, value labels at the bar ends and an optional dashed target line.
 * Linear or log-10 scale. No dependencies; the output is readable and diffable.
 */
public final class SvgBarChart
{
    private static final String[] COLOURS = {"#e4572e", "#4c78a8", "#54a24b", "#b279a2", "#f58518", "#72b7b2"};
    private static final int WIDTH = 900;
    private static final int LEFT = 160;
    private static final int RIGHT = 110;
    private static final int TOP = 70;
    private static final int BAR = 14;
    private static final int BAR_GAP = 2;
    private static final int GROUP_GAP = 14;
    private static final int BOTTOM = 44;

    private SvgBarChart()
    {
    }

    /**
     * Renders the chart.
     *
     * @param title       chart title.
     * @param axisLabel   label under the value axis (with the unit).
     * @param groups      row group labels, top to bottom.
     * @param series      series names (legend), bar order within a group.
     * @param values      values[group][series]; NaN draws no bar and the label "n/a".
     * @param logScale    log-10 axis from 1 (values below 1 get no bar but keep their label).
     * @param marker      a value to draw as a dashed vertical line, or NaN for none.
     * @param markerLabel the line's label.
     * @param format      formats value labels.
     * @return the SVG document.
     */
    public static String render(
        final String title,
        final String axisLabel,
        final List<String> groups,
        final List<String> series,
        final double[][] values,
        final boolean logScale,
        final double marker,
        final String markerLabel,
        final DoubleFunction<String> format)
    {
        double max = Double.isNaN(marker) ? 0 : marker;
        for (final double[] row : values)
        {
            for (final double v : row)
            {
                if (!Double.isNaN(v))
                {
                    max = Math.max(max, v);
                }
            }
        }
        final Axis axis = logScale ? Axis.log(max) : Axis.linear(max);
        final int plotWidth = WIDTH - LEFT - RIGHT;
        final int groupHeight = series.size() * (BAR + BAR_GAP) - BAR_GAP + GROUP_GAP;
        final int plotHeight = groups.size() * groupHeight;
        final int height = TOP + plotHeight + BOTTOM;

        final StringBuilder svg = new StringBuilder(16 * 1024);
        svg.append(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" " +
            "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "  <rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
        svg.append(String.format(Locale.ROOT,
            "  <text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", LEFT, escape(title)));

        int legendX = LEFT;
        for (int s = 0; s < series.size(); s++)
        {
            svg.append(String.format(Locale.ROOT,
                "  <rect x=\"%d\" y=\"34\" width=\"12\" height=\"12\" fill=\"%s\"/>" +
                "<text x=\"%d\" y=\"44\">%s</text>%n", legendX, colour(s), legendX + 16, escape(series.get(s))));
            legendX += 24 + 7 * series.get(s).length();
        }

        svg.append("  <g stroke=\"#dddddd\" stroke-width=\"1\">\n");
        for (final double tick : axis.ticks)
        {
            final double x = LEFT + axis.position(tick) * plotWidth;
            svg.append(String.format(Locale.ROOT, "    <line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>%n",
                x, TOP - 6, x, TOP + plotHeight));
        }
        svg.append("  </g>\n");
        for (final double tick : axis.ticks)
        {
            final double x = LEFT + axis.position(tick) * plotWidth;
            svg.append(String.format(Locale.ROOT,
                "  <text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555555\">%s</text>%n",
                x, TOP + plotHeight + 16, escape(axis.label(tick))));
        }
        svg.append(String.format(Locale.ROOT,
            "  <text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#333333\">%s</text>%n",
            LEFT + plotWidth / 2, TOP + plotHeight + 36, escape(axisLabel)));

        for (int g = 0; g < groups.size(); g++)
        {
            final int groupTop = TOP + g * groupHeight;
            final int barsHeight = groupHeight - GROUP_GAP;
            svg.append(String.format(Locale.ROOT,
                "  <text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-weight=\"bold\">%s</text>%n",
                LEFT - 8, groupTop + barsHeight / 2 + 4, escape(groups.get(g))));
            for (int s = 0; s < series.size(); s++)
            {
                final double v = values[g][s];
                final int y = groupTop + s * (BAR + BAR_GAP);
                final double w = Double.isNaN(v) ? 0 : Math.max(0, axis.position(v)) * plotWidth;
                if (w > 0)
                {
                    svg.append(String.format(Locale.ROOT,
                        "  <rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %s: %s</title></rect>%n",
                        LEFT, y, w, BAR, colour(s), escape(groups.get(g)), escape(series.get(s)),
                        escape(Double.isNaN(v) ? "n/a" : format.apply(v))));
                }
                svg.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%d\" fill=\"#333333\">%s</text>%n",
                    LEFT + w + 4, y + BAR - 3, escape(Double.isNaN(v) ? "n/a" : format.apply(v))));
            }
        }
        svg.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333333\"/>%n",
            LEFT, TOP - 6, LEFT, TOP + plotHeight));
        if (!Double.isNaN(marker))
        {
            final double x = LEFT + axis.position(marker) * plotWidth;
            svg.append(String.format(Locale.ROOT,
                "  <line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d62728\" stroke-dasharray=\"5,3\"/>%n" +
                "  <text x=\"%.1f\" y=\"%d\" fill=\"#d62728\" text-anchor=\"middle\">%s</text>%n",
                x, TOP - 10, x, TOP + plotHeight, x, TOP - 14, escape(markerLabel)));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String colour(final int series)
    {
        return COLOURS[series % COLOURS.length];
    }

    /**
     * Escapes text for SVG (XML) content and attributes.
     *
     * @param text the text.
     * @return escaped text.
     */
    public static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Maps values to [0, 1] of the plot width and lists tick values. */
    private static final class Axis
    {
        private final boolean log;
        private final double max;
        private final double[] ticks;

        private Axis(final boolean log, final double max, final double[] ticks)
        {
            this.log = log;
            this.max = max;
            this.ticks = ticks;
        }

        static Axis linear(final double maxValue)
        {
            final double step = niceStep(maxValue <= 0 ? 1 : maxValue / 5);
            final int count = (int)Math.max(1, Math.ceil(maxValue / step - 1e-9));
            final double[] ticks = new double[count + 1];
            for (int i = 0; i <= count; i++)
            {
                ticks[i] = i * step;
            }
            return new Axis(false, count * step, ticks);
        }

        static Axis log(final double maxValue)
        {
            final int decades = (int)Math.max(1, Math.ceil(Math.log10(Math.max(maxValue, 10)) - 1e-9));
            final double[] ticks = new double[decades + 1];
            for (int i = 0; i <= decades; i++)
            {
                ticks[i] = Math.pow(10, i);
            }
            return new Axis(true, Math.pow(10, decades), ticks);
        }

        private static double niceStep(final double raw)
        {
            final double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            final double fraction = raw / magnitude;
            final double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
            return nice * magnitude;
        }

        double position(final double value)
        {
            if (log)
            {
                return value < 1 ? 0 : Math.log10(value) / Math.log10(max);
            }
            return value / max;
        }

        String label(final double tick)
        {
            if (log)
            {
                final int exp = (int)Math.round(Math.log10(tick));
                final String[] names = {"1", "10", "100", "1k", "10k", "100k", "1M", "10M", "100M", "1G", "10G"};
                return exp < names.length ? names[exp] : String.format(Locale.ROOT, "1e%d", exp);
            }
            return tick == Math.rint(tick) ? String.valueOf((long)tick) : String.format(Locale.ROOT, "%.2f", tick)
                .replaceAll("0+$", "");
        }
    }
}
