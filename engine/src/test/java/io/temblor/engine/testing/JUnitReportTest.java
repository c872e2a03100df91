package io.temblor.engine.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JUnitReportTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteParseableXmlWhenResultsMixPassFailAndSkip() throws Exception
    {
        final List<TestResult> results = List.of(
            new TestResult("s1", "a <ok>", TestResult.Status.PASS, "", 1_500_000_000L),
            new TestResult("s1", "b", TestResult.Status.FAIL, "expected \"a\" & got \"b\"\nmore", 2_000_000L),
            new TestResult("s2", "c", TestResult.Status.SKIP, "", 0),
            new TestResult("s2", "d", TestResult.Status.FAIL,
                "Error: \n    3 | 1 / 0\n      |     ^^^^^ must have a non zero RHS\u0001", 0));
        final Path file = dir.resolve("out/report.xml");

        JUnitReport.write(file, "run", results);

        final Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        final Element root = doc.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("4", root.getAttribute("tests"));
        assertEquals("2", root.getAttribute("failures"));
        assertEquals("1", root.getAttribute("skipped"));
        final NodeList suites = root.getElementsByTagName("testsuite");
        assertEquals(2, suites.getLength());
        assertEquals("s1", ((Element)suites.item(0)).getAttribute("name"));
        final NodeList cases = root.getElementsByTagName("testcase");
        assertEquals("a <ok>", ((Element)cases.item(0)).getAttribute("name"));
        assertEquals("1.500", ((Element)cases.item(0)).getAttribute("time"));
        final Element failure = (Element)((Element)cases.item(1)).getElementsByTagName("failure").item(0);
        assertEquals("expected \"a\" & got \"b\"", failure.getAttribute("message"));
        assertEquals("expected \"a\" & got \"b\"\nmore", failure.getTextContent());
        assertEquals(1, ((Element)cases.item(2)).getElementsByTagName("skipped").getLength());
        final Element caret = (Element)((Element)cases.item(3)).getElementsByTagName("failure").item(0);
        assertEquals("must have a non zero RHS", caret.getAttribute("message"));
    }
}
