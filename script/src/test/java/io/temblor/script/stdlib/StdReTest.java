package io.temblor.script.stdlib;

import io.temblor.script.runtime.TestScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StdReTest
{
    private static String eval(final String body)
    {
        return TestScripts.eval("use std::re; " + body);
    }

    @Test
    void shouldReplaceLikeTremorWhenCallingReplaceAndReplaceAll()
    {
        assertEquals("\"cake is a test\"", eval("re::replace(\"t...\", \"this is a test\", \"cake\")"));
        assertEquals("\"cake is a cake\"", eval("re::replace_all(\"t...\", \"this is a test\", \"cake\")"));
        assertEquals("\"05/2024 $\"", eval("re::replace(\"(?P<y>\\\\d{4})-(?<m>\\\\d{2})\", \"2024-05\", \"$m/${y} $$\")"));
        assertEquals("\"-b-\"", eval("re::replace_all(\"a*\", \"baaa\", \"-\")"));
    }

    @Test
    void shouldTestAndSplitLikeTremorWhenCallingIsMatchAndSplit()
    {
        assertEquals("true", eval("re::is_match(\"t...\", \"this is a test\")"));
        assertEquals("false", eval("re::is_match(\"x...\", \"this is a test\")"));
        assertEquals("[\"this\",\"is\",\"a\",\"test\"]", eval("re::split(\" \", \"this is a test\")"));
        assertEquals("[\"\",\"a\",\"b\",\"\"]", eval("re::split(\"\", \"ab\")"));
        assertEquals("[\"a\",\"b\",\"\"]", eval("re::split(\",\", \"a,b,\")"));
    }

    @Test
    void shouldUseRegexesComputedAtRunTimeWhenArgumentIsNotALiteral()
    {
        assertEquals(List.of("\"x-y\"", "\"x_y\""), TestScripts.run("use std::re; re::replace_all(event.re, \"x y\", " +
            "event.t)", "{\"re\": \"\\\\s\", \"t\": \"-\"}", "{\"re\": \" \", \"t\": \"_\"}"));
        assertEquals(List.of("true", "false"), TestScripts.run("use std::re; re::is_match(event, \"abc\")", "\"^a\"",
            "\"^b\""));
    }

    @Test
    void shouldFailWithRustsMessageWhenRegexIsInvalid()
    {
        // a literal regex with a run-time input fails on each call, as in Tremor
        assertEquals("error: Runtime error in function re::is_match/2: regex parse error:\n    (\n    ^\n" +
            "error: unclosed group", TestScripts.run("use std::re; re::is_match(\"(\", event)", "\"x\"").get(0));
        assertEquals("error: Runtime error in function re::split/2: regex parse error:\n    a{2\n     ^^\n" +
            "error: unclosed counted repetition", TestScripts.run("use std::re; re::split(event, \"x\")", "\"a{2\"").get(0));
        // all literals: Tremor folds the call at compile time, so the error is a compile error
        assertTrue(TestScripts.isCompileError("use std::re; re::is_match(\"(\", \"x\")"));
        assertEquals("error: Bad type passed to function re::is_match/2", TestScripts.run("use std::re; " +
            "re::is_match(\"a\", event)", "1").get(0));
        assertEquals("error: Bad type passed to function re::replace/3", TestScripts.run("use std::re; " +
            "re::replace(\"a\", \"a\", event)", "1").get(0));
    }

    @Test
    void shouldBindCompiledRegexWhenFirstArgumentIsALiteral()
    {
        assertNotNull(Stdlib.bind("re::replace", "a+"));
        assertNotNull(Stdlib.bind("re::split", "\\s"));
        assertNull(Stdlib.bind("re::replace", "("));
        assertNull(Stdlib.bind("string::len", "a"));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldRunInLinearTimeWhenRegexWouldBacktrackCatastrophically()
    {
        final String as = "\"" + "a".repeat(50_000) + "b\"";
        assertEquals(List.of("false"), TestScripts.run("use std::re; re::is_match(\"(a+)+$\", event)", as));
        assertEquals(List.of("false"), TestScripts.run("use std::re; re::is_match(\"a*a*a*a*a*a*c\", event)", as));
        assertEquals(List.of("\"b\""), TestScripts.run("use std::re; re::replace_all(\"(a|aa)+\", event, \"\")", as));
        assertEquals(List.of("false"), TestScripts.run("use std::re; re::is_match(\"(x+x+)+y\", event)",
            "\"" + "x".repeat(50_000) + "\""));
    }
}
