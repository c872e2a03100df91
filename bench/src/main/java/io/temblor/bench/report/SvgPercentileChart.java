package io.temblor.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * HdrHistogram's latency-by-percentile plot as plain SVG text: one curve per series, x = the percentile on a log scale
 * of {@code 1/(1-p)} (ticks at 50%, 90%, 99%, 99.9%, 99.99%, ...), y = the latency on a log-10 scale, with a legend and
 * an optional dashed horizontal target line. No dependencies; the output is readable and diffable.
 */
public final class SvgPercentileChart
{
    private static final String[] COLOURS = {"#e4572e", "#4c78a8", "#54a24b", "#b279a2", "#f58518", "#72b7b2",
        "#9d755d", "#bab0ac", "#eeca3b", "#ff9da6"};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 480;
    private static final int LEFT = 80;
    private static final int RIGHT = 220;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    /** The x axis spans at least 1/(1-p) = 10^4 (p99.99) and at most 10^6. */
    private static final int MIN_NINES = 4;
    private static final int MAX_NINES = 6;

    private SvgPercentileChart()
    {
    }

    /**
     * Renders the chart.
     *
     * @param title       chart title.
     * @param series      series names (legend), one per curve.
     * @param curves      per series, its {@code [percentile (0..1), latency ns]} points in rising percentile order;
     *                    points at percentile 1 (the maximum) and latencies below 1 ns are left out.
     * @param marker      a latency (ns) to draw as a dashed horizontal line, or NaN for none.
     * @param markerLabel the line's label.
     * @return the SVG document.
     */
    public static String render(
        final String title,
        final List<String> series,
        final List<List<double[]>> curves,
        final double marker,
        final String markerLabel)
    {
        double maxX = MIN_NINES;
        double minY = Double.isNaN(marker) ? Double.MAX_VALUE : marker;
        double maxY = Double.isNaN(marker) ? 0 : marker;
        for (final List<double[]> curve : curves)
        {
            for (final double[] point : curve)
            {
                if (plotted(point))
                {
                    maxX = Math.max(maxX, x(point[0]));
                    minY = Math.min(minY, point[1]);
                    maxY = Math.max(maxY, point[1]);
                }
            }
        }
        maxX = Math.min(MAX_NINES, Math.ceil(maxX));
        if (maxY <= 0)
        {
            minY = 1;
            maxY = 1000;
        }
        final int lowDecade = (int)Math.floor(Math.log10(minY));
        final int highDecade = Math.max(lowDecade + 1, (int)Math.ceil(Math.log10(maxY)));
        final double plotW = WIDTH - LEFT - RIGHT;
        final double plotH = HEIGHT - TOP - BOTTOM;

        final StringBuilder svg = new StringBuilder(8192);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" " +
            "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\" class=\"chart percentiles\">%n",
            WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s</text>%n",
            LEFT, escape(title)));
        // y grid: one line per decade
        for (int d = lowDecade; d <= highDecade; d++)
        {
            final double y = TOP + plotH - (d - lowDecade) * plotH / (highDecade - lowDecade);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>%n",
                LEFT, y, LEFT + plotW, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                LEFT - 6, y + 4, latency(Math.pow(10, d))));
        }
        // x grid: 0%, 90%, 99%, ... and 50%
        for (int n = 0; n <= maxX; n++)
        {
            final double x = LEFT + n * plotW / maxX;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>%n",
                x, TOP, x, TOP + plotH));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                x, TOP + plotH + 16, percentileLabel(n)));
        }
        final double half = LEFT + Math.log10(2) * plotW / maxX;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eeeeee\"/>%n",
            half, TOP, half, TOP + plotH));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">50%%</text>%n",
            half, TOP + plotH + 16));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">percentile " +
            "(log scale of 1/(1-p))</text>%n", LEFT + plotW / 2, HEIGHT - 18));
        svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 " +
            "%.1f)\">latency (log scale)</text>%n", TOP + plotH / 2, TOP + plotH / 2));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" " +
            "stroke=\"#888888\"/>%n", LEFT, TOP, plotW, plotH));
        if (!Double.isNaN(marker) && marker > 0)
        {
            final double y = y(marker, lowDecade, highDecade, plotH);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\" " +
                "stroke-dasharray=\"6,4\"/>%n", LEFT, y, LEFT + plotW, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\">%s</text>%n", LEFT + 4, y - 4,
                escape(markerLabel)));
        }
        for (int s = 0; s < curves.size(); s++)
        {
            final String colour = COLOURS[s % COLOURS.length];
            final StringBuilder d = new StringBuilder();
            for (final double[] point : curves.get(s))
            {
                if (!plotted(point) || x(point[0]) > maxX)
                {
                    continue;
                }
                d.append(d.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f,%.1f",
                    LEFT + x(point[0]) * plotW / maxX, y(point[1], lowDecade, highDecade, plotH)));
            }
            if (!d.isEmpty())
            {
                svg.append(String.format(Locale.ROOT, "<path class=\"curve\" d=\"%s\" fill=\"none\" stroke=\"%s\" " +
                    "stroke-width=\"2\"><title>%s</title></path>%n", d, colour, escape(series.get(s))));
            }
            final double ly = TOP + 10 + s * 18;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"4\" fill=\"%s\"/>%n",
                LEFT + plotW + 12, ly - 4, colour));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", LEFT + plotW + 32, ly,
                escape(series.get(s))));
        }
        if (curves.isEmpty())
        {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#555555\">" +
                "no latency distribution in this run's results</text>%n", LEFT + plotW / 2, TOP + plotH / 2));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static boolean plotted(final double[] point)
    {
        return point[0] >= 0 && point[0] < 1 && point[1] >= 1;
    }

    /** The x position in nines: log10(1/(1-p)); 0 at p = 0, 1 at 90%, 2 at 99%. */
    static double x(final double percentile)
    {
        return Math.log10(1 / (1 - percentile));
    }

    private static double y(final double ns, final int lowDecade, final int highDecade, final double plotH)
    {
        final double frac = (Math.log10(Math.max(1, ns)) - lowDecade) / (highDecade - lowDecade);
        return TOP + plotH - Math.max(0, Math.min(1, frac)) * plotH;
    }

    /**
     * The tick label of {@code n} nines: 0%, 90%, 99%, 99.9%, ...
     *
     * @param nines the number of nines.
     * @return the label.
     */
    static String percentileLabel(final int nines)
    {
        if (nines == 0)
        {
            return "0%";
        }
        return nines == 1 ? "90%" : nines == 2 ? "99%" : "99." + "9".repeat(nines - 2) + "%";
    }

    private static String latency(final double ns)
    {
        if (ns >= 1e9)
        {
            return String.format(Locale.ROOT, "%.0f s", ns / 1e9);
        }
        if (ns >= 1e6)
        {
            return String.format(Locale.ROOT, "%.0f ms", ns / 1e6);
        }
        return ns >= 1e3 ? String.format(Locale.ROOT, "%.0f µs", ns / 1e3) : String.format(Locale.ROOT, "%.0f ns", ns);
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
