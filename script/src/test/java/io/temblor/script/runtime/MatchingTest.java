package io.temblor.script.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MatchingTest
{
    @Test
    void shouldPickFirstMatchingCaseWhenPatternsOverlap()
    {
        final String script = "match event of case 1 => \"one\" case %{present a} => \"a\" case %[2] => \"has two\" " +
            "case %(1, ...) => \"starts with one\" case _ => \"other\" end";
        assertEquals("\"one\"", TestScripts.run(script, "1").get(0));
        assertEquals("\"a\"", TestScripts.run(script, "{\"a\": null}").get(0));
        assertEquals("\"has two\"", TestScripts.run(script, "[3, 2]").get(0));
        assertEquals("\"starts with one\"", TestScripts.run(script, "[1, 3]").get(0));
        assertEquals("\"other\"", TestScripts.run(script, "\"x\"").get(0));
    }

    @Test
    void shouldBindExtractedFieldsWhenCaseAssignsRecordPattern()
    {
        assertEquals("{\"a\":1,\"n\":{\"m\":2}}", TestScripts.run("match event of case r = %{present a, absent z, b > 1, " +
            "n ~= %{present m}} => r case _ => null end", "{\"a\": 1, \"b\": 2, \"n\": {\"m\": 2, \"o\": 3}}").get(0));
    }

    @Test
    void shouldMatchPositionallyWhenTuplePatternUsed()
    {
        final String script = "match event of case %(\"a\", _) => 1 case %(\"a\", _, ...) => 2 case _ => 3 end";
        assertEquals("1", TestScripts.run(script, "[\"a\", 0]").get(0));
        assertEquals("2", TestScripts.run(script, "[\"a\", 0, 0]").get(0));
        assertEquals("3", TestScripts.run(script, "[\"b\", 0]").get(0));
    }

    @Test
    void shouldFailWhenNoCaseMatches()
    {
        assertEquals("error: A match expression executed but no clause matched",
            TestScripts.run("match event of case 1 => 1 end", "2").get(0));
        assertEquals("error: Conflicting types, got string but expected bool",
            TestScripts.run("match event of case _ when \"x\" => 1 end", "2").get(0));
    }

    @Test
    void shouldApplyGuardAndExtractorWhenBothGiven()
    {
        final String script = "match event of case %{msg ~= re|(?P<level>[A-Z]+): .*|} when event.n > 1 => \"loud\" " +
            "case x = %{msg ~= glob|INFO*|} => x case _ => \"quiet\" end";
        assertEquals("\"loud\"", TestScripts.run(script, "{\"msg\": \"WARN: x\", \"n\": 2}").get(0));
        assertEquals("{\"msg\":true}", TestScripts.run(script, "{\"msg\": \"INFO: x\", \"n\": 0}").get(0));
    }

    @Test
    void shouldPickTheFirstEqualStringWhenLeadingCasesAreStringLiterals()
    {
        final String script = "match event.m of case \"info\" => 1 case \"INFO\" => 2 case \"info\" => 3 " +
            "case \"information\" => 4 case \"inform\" when event.n > 0 => 5 case \"inform\" => 6 case \"\" => 7 " +
            "case 1 => 8 case \"x\" => 9 case _ => 0 end";
        assertEquals(java.util.List.of("1", "2", "4", "5", "6", "7", "8", "9", "0", "0", "0"), TestScripts.run(script,
            "{\"m\": \"info\"}", "{\"m\": \"INFO\"}", "{\"m\": \"information\"}", "{\"m\": \"inform\", \"n\": 1}",
            "{\"m\": \"inform\", \"n\": 0}", "{\"m\": \"\"}", "{\"m\": 1}", "{\"m\": \"x\"}", "{\"m\": \"infp\"}",
            "{\"m\": \"informatio\"}", "{\"m\": [\"info\"]}"));
        assertEquals("1", TestScripts.eval("match <<105, 110, 102, 111>> of case \"info\" => 1 case _ => 2 end"));
    }

    @Test
    void shouldReportNoMatchWhenNoStringLiteralCaseEquals()
    {
        assertEquals("error: A match expression executed but no clause matched",
            TestScripts.run("match event.m of case \"a\" => 1 case \"b\" => 2 end", "{\"m\": \"c\"}").get(0));
    }
}
