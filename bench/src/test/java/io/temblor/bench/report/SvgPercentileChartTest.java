package io.temblor.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The latency percentile plot: log scale of 1/(1-p) on x, one path per series, the maximum left out. */
class SvgPercentileChartTest
{
    @Test
    void shouldPlaceThePercentilesOnALogScaleOfOneOverOneMinusP()
    {
        assertEquals(0, SvgPercentileChart.x(0), 1e-12);
        assertEquals(1, SvgPercentileChart.x(0.9), 1e-9);
        assertEquals(3, SvgPercentileChart.x(0.999), 1e-9);
        assertEquals("99.99%", SvgPercentileChart.percentileLabel(4));
        assertEquals("90%", SvgPercentileChart.percentileLabel(1));
    }

    @Test
    void shouldDrawOneCurvePerSeriesWithoutThePointAtTheMaximum()
    {
        // given: two series; the first ends at percentile 1 (the maximum, infinitely far right)
        final List<double[]> a = List.of(new double[] {0, 1000}, new double[] {0.5, 2000}, new double[] {0.99, 50_000},
            new double[] {1.0, 90_000});
        final List<double[]> b = List.of(new double[] {0.5, 300}, new double[] {0.999, 4000});

        // when
        final String svg = SvgPercentileChart.render("t", List.of("a", "b<c"), List.of(a, b), 100_000, "target");

        // then: two paths, of 3 and 2 points, names escaped, axis ticks to 99.99%
        final Matcher path = Pattern.compile("<path class=\"curve\" d=\"([^\"]+)\"").matcher(svg);
        assertTrue(path.find());
        assertEquals(3, path.group(1).split(" L").length, path.group(1));
        assertTrue(path.find());
        assertEquals(2, path.group(1).split(" L").length, path.group(1));
        assertFalse(path.find());
        assertTrue(svg.contains("b&lt;c"));
        assertTrue(svg.contains(">99.99%</text>"));
        assertTrue(svg.contains("stroke-dasharray"));
        assertFalse(svg.contains("no latency distribution"));
    }

    @Test
    void shouldSayWhenARunHasNoDistribution()
    {
        final String svg = SvgPercentileChart.render("t", List.of(), List.of(), Double.NaN, "");
        assertTrue(svg.contains("no latency distribution in this run's results"));
        assertFalse(svg.contains("class=\"curve\""));
    }
}
