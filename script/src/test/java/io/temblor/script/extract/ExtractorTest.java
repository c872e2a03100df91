package io.temblor.script.extract;

import io.temblor.script.runtime.TestScripts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtractorTest
{
    private static String extract(final String extractor, final String value)
    {
        return TestScripts.run("match event of case r = %{v ~= " + extractor + "} => r.v case _ => \"no\" end",
            "{\"v\": " + value + "}").get(0);
    }

    @Test
    void shouldExtractNamedGroupsWhenRegexMatches()
    {
        assertEquals("{\"a\":\"12\"}", extract("re|(?P<a>\\\\d+)|", "\"x12y\""));
        assertEquals("\"no\"", extract("re|^\\\\d+$|", "\"x\""));
        assertEquals("\"no\"", extract("re|.*|", "1"));
        assertEquals("{\"d\":[\"1\",\"2\"]}", extract("rerg|(?P<d>\\\\d)|", "\"1 2\""));
    }

    @Test
    void shouldMatchWholeStringWhenGlobUsed()
    {
        assertEquals("true", extract("glob|a*c|", "\"abc\""));
        assertEquals("\"no\"", extract("glob|a*c|", "\"abcd\""));
    }

    @Test
    void shouldDecodeWhenJsonBase64OrKvGiven()
    {
        assertEquals("{\"a\":[1,true]}", extract("json||", "\"{\\\"a\\\": [1, true]}\""));
        assertEquals("\"no\"", extract("json||", "\"{nope\""));
        assertEquals("\"snot\"", extract("base64||", "\"c25vdA==\""));
        assertEquals("{\"a\":\"1\",\"b\":\"2\"}", extract("kv||", "\"a:1 b:2\""));
    }

    @Test
    void shouldParseNetworksWhenCidrGiven()
    {
        assertEquals("{\"prefix\":[10,0,0,0],\"mask\":[255,0,0,0]}", extract("cidr||", "\"10.0.0.0/8\""));
        assertEquals("\"no\"", extract("cidr|192.168.0.0/16|", "\"10.1.2.3\""));
        assertEquals("\"no\"", extract("cidr||", "\"300.1.1.1\""));
    }

    @Test
    void shouldSplitFieldsWhenDissectPatternMatches()
    {
        assertEquals("{\"a\":\"x\",\"n\":7}", extract("dissect|%{a}-%{n:int}|", "\"x-7\""));
        assertEquals("\"no\"", extract("dissect|%{a}-%{b}|", "\"xy\""));
    }

    @Test
    void shouldReadLogFieldsWhenGrokInfluxOrDatetimeUsed()
    {
        assertEquals("{\"ip\":\"1.2.3.4\",\"n\":\"5\"}", extract("grok|%{IP:ip} %{NUMBER:n}|", "\"1.2.3.4 5\""));
        assertEquals("{\"measurement\":\"m\",\"tags\":{},\"fields\":{\"f\":1},\"timestamp\":2}",
            extract("influx||", "\"m f=1i 2\""));
        assertEquals("0", extract("datetime|%Y-%m-%d %H:%M:%S|", "\"1970-01-01 00:00:00\""));
    }

    @Test
    void shouldRejectBadRulesWhenCompiling()
    {
        assertTrue(TestScripts.isCompileError("match event of case %{v ~= re|(| } => 1 case _ => 2 end"));
        assertTrue(TestScripts.isCompileError("match event of case %{v ~= snot|| } => 1 case _ => 2 end"));
    }
}
