package io.temblor.script.aggr;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cases of the sketches-ddsketch crate's own tests (src/ddsketch.rs), plus the collapsing store. */
class DdSketchTest
{
    @Test
    void shouldEstimateQuartilesWithinRelativeAccuracy()
    {
        final DdSketch dd = new DdSketch();
        for (int i = 1; i < 5; i++)
        {
            dd.add(i);
        }
        final double[][] cases = {{0.0, 1.0}, {0.25, 1.0}, {0.33, 1.0}, {0.34, 2.0}, {0.5, 2.0}, {0.66, 2.0},
            {0.67, 3.0}, {0.75, 3.0}, {0.99, 3.0}, {1.0, 4.0}};
        for (final double[] c : cases)
        {
            assertEquals(c[1], dd.quantile(c[0]), c[1] * DdSketch.ALPHA, "q " + c[0]);
        }
    }

    @Test
    void shouldMatchCrateSimpleQuantile()
    {
        final DdSketch dd = new DdSketch();
        for (int i = 1; i < 101; i++)
        {
            dd.add(i);
        }
        assertEquals(95.0, Math.ceil(dd.quantile(0.95)));
        assertEquals(100, dd.count());
    }

    @Test
    void shouldKeepExactMinMaxSumCount()
    {
        final double[] values = {0.754225035, 0.752900282, 0.752812246, 0.752602367, 0.754310155, 0.753525981,
            0.752981082, 0.752715536, 0.751667941, 0.755079054, 0.753528150, 0.755188464, 0.752508723, 0.750064549,
            0.753960428, 0.751139298, 0.752523560, 0.753253428, 0.753498342, 0.751858358, 0.752104636, 0.753841300,
            0.754467374, 0.753814334, 0.750881719, 0.753182556, 0.752576884, 0.753945708, 0.753571911, 0.752314573,
            0.752586651};
        final DdSketch dd = new DdSketch();
        for (final double v : values)
        {
            dd.add(v);
        }
        assertEquals(0.755188464, dd.max());
        assertEquals(0.750064549, dd.min());
        assertEquals(31, dd.count());
        assertEquals(23.343630625000003, dd.sum());
    }

    @Test
    void shouldCountZerosBelowMinValue()
    {
        final DdSketch dd = new DdSketch();
        dd.add(0.0);
        dd.add(1e-10);
        dd.add(5.0);
        assertEquals(3, dd.count());
        assertEquals(0.0, dd.quantile(0.5));
        assertEquals(5.0, dd.quantile(1.0));
    }

    @Test
    void shouldCollapseLowestKeysWhenRangeExceedsBinLimit()
    {
        // keys span ln(1e12 / 1e-8) / ln(gamma), about 2300 keys: more than the 2048 bins
        final DdSketch dd = new DdSketch();
        final DdSketch merged = new DdSketch();
        final DdSketch part = new DdSketch();
        for (int i = 0; i < 200; i++)
        {
            final double v = Math.pow(10, -8 + i * 0.1);
            dd.add(v);
            (i % 2 == 0 ? merged : part).add(v);
        }
        merged.merge(part);
        assertEquals(200, dd.count());
        assertEquals(200, merged.count());
        // rank (0.999 * 199) = 198 is within the sketch's accuracy; the lowest keys collapsed upwards
        final double top = Math.pow(10, -8 + 198 * 0.1);
        assertEquals(top, dd.quantile(0.999), top * DdSketch.ALPHA);
        assertTrue(dd.quantile(0.001) > Math.pow(10, -8));
        assertEquals(dd.quantile(0.999), merged.quantile(0.999));
    }
}
