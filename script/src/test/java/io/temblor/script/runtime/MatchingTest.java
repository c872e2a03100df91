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
}
