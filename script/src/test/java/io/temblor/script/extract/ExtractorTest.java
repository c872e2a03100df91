package io.temblor.script.extract;

import io.temblor.script.compile.ScriptCompiler;
import io.temblor.script.error.CompileError;
import io.temblor.script.runtime.TestScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void shouldAcceptBothNamedGroupSyntaxesWhenRegexHasNames()
    {
        assertEquals("{\"y\":\"2024\",\"m\":\"05\"}", extract("re|(?P<y>\\\\d{4})-(?<m>\\\\d{2})|", "\"2024-05\""));
        assertEquals("{}", extract("re|^\\\\d+$|", "\"12\""));
        assertEquals("{\"a\":\"x\"}", extract("re|(?P<a>x)\\|(?P<b>y)|", "\"x\""));
        assertEquals("{\"w\":\"héllo\"}", extract("re|(?P<w>\\\\w+)|", "\"héllo!\""));
    }

    @Test
    void shouldCollectEveryMatchWhenRergIsUsed()
    {
        assertEquals("{\"k\":[\"a\",\"b\"],\"v\":[\"1\",\"2\"]}",
            extract("rerg|(?P<k>\\\\w)=(?P<v>\\\\d)|", "\"a=1 b=2\""));
        // as Tremor's execute_rerg: when the result is used, a string without matches still matches, with {}
        assertEquals("{}", extract("rerg|(?P<d>\\\\d)|", "\"none\""));
        assertEquals("[\"no\"]", TestScripts.run("match event of case %{v ~= rerg|(?P<d>\\\\d)|} => \"yes\" " +
            "case _ => \"no\" end", "{\"v\": \"none\"}").toString());
    }

    @Test
    void shouldMatchWholeStringWhenGlobUsed()
    {
        assertEquals("true", extract("glob|a*c|", "\"abc\""));
        assertEquals("\"no\"", extract("glob|a*c|", "\"abcd\""));
        assertEquals("true", extract("glob|a?[bx][!z]|", "\"a.bq\""));
        assertEquals("\"no\"", extract("glob|a?[bx][!z]|", "\"a.bz\""));
        // as Tremor: a literal followed by one star is a plain prefix test, brackets included
        assertEquals("true", extract("glob|[ab]*|", "\"[ab]c\""));
        assertEquals("\"no\"", extract("glob|[ab]*|", "\"ac\""));
        assertEquals("true", extract("glob|*.log|", "\"x.log\""));
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
        final String source = "match event of\n  case %{ v ~= re|a(?<n>b)(?P<n>c)| } => 1\n  case _ => 2\nend\n";
        final CompileError ex = assertThrows(CompileError.class, () -> ScriptCompiler.compile(source, List.of()));
        assertEquals("Error: \n    1 | match event of\n    2 |   case %{ v ~= re|a(?<n>b)(?P<n>c)| } => 1\n" +
            "      |                ^^^^^^^^^^^^^^^^^^^^ Invalid tilde predicate pattern: regex parse error:\n" +
            "    a(?<n>b)(?P<n>c)\n        ^       ^\nerror: duplicate capture group name\n    3 |   case _ => 2\n" +
            "    4 | end", ex.render(source));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldRunInLinearTimeWhenRegexWouldBacktrackCatastrophically()
    {
        final String as = "\"" + "a".repeat(50_000) + "b\"";
        assertEquals("\"no\"", extract("re|(a+)+$|", as));
        assertEquals("\"no\"", extract("re|a*a*a*a*a*a*c|", as));
        assertEquals("\"no\"", extract("re|(x+x+)+y|", "\"" + "x".repeat(50_000) + "\""));
        assertEquals("{\"b\":\"b\"}", extract("re|(a+)+(?P<b>b)$|", as));
        assertEquals("{\"a\":[\"" + "a".repeat(50_000) + "\"]}", extract("rerg|(?P<a>(a\\|aa)+)|", as));
    }
}
