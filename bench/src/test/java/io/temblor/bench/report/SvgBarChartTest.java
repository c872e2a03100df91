package io.temblor.bench.report;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvgBarChartTest
{
    @Test
    void shouldDrawOneBarPerPresentValueWhenRenderingLinearChart() throws Exception
    {
        final String svg = SvgBarChart.render("t <&>", "GB/s", List.of("a.json", "b.json"), List.of("x", "y"),
            new double[][]{{1.0, 2.0}, {0.5, Double.NaN}}, false, Double.NaN, "", v -> String.format("%.1f", v));
        final Document doc = parse(svg);
        // 2 x 2 legend swatches + background + 3 bars (the NaN gets no bar)
        assertEquals(1 + 2 + 3, doc.getElementsByTagName("rect").getLength());
        assertTrue(svg.contains("t &lt;&amp;&gt;"));
        assertTrue(svg.contains(">n/a<"));
    }

    @Test
    void shouldLabelDecadesAndDrawTargetWhenRenderingLogChart() throws Exception
    {
        final String svg = SvgBarChart.render("alloc", "B/op", List.of("a"), List.of("x"),
            new double[][]{{12_345}}, true, 16, "target", v -> String.format("%.0f", v));
        parse(svg);
        for (final String tick : List.of(">1<", ">10<", ">100<", ">1k<", ">10k<", ">100k<"))
        {
            assertTrue(svg.contains(tick), tick);
        }
        assertTrue(svg.contains("stroke-dasharray"));
    }

    private static Document parse(final String svg) throws Exception
    {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
