package io.temblor.script.extract;

import io.temblor.script.runtime.TestScripts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kv extractor against the cases of Tremor's kv library and its documentation. */
class KvTest
{
    private static String extract(final String rule, final String value)
    {
        return TestScripts.run("match event of case r = %{v ~= kv|" + rule + "|} => r.v case _ => \"no\" end",
            "{\"v\": " + value + "}").get(0);
    }

    @Test
    void shouldSplitOnSpacesAndColonsWhenPatternEmpty()
    {
        assertEquals("{\"foo\":\"bar\",\"snot\":\"badger\"}", extract("", "\"foo:bar snot:badger\""));
        assertEquals("{\"foo\":\"bar\",\"snot\":\"badger\"}", extract(" ", "\"foo:bar snot:badger\""));
        assertEquals("{\"foo\":\"bar\",\"snot\":\"badger\"}", extract("%{key}:%{val} ", "\"foo:bar snot:badger\""));
        assertEquals("{\"foo\":\"bar\",\"snot\":\"badger\"}",
            extract("%{key}:%{val} %{key}:%{val} %{key}:%{val}", "\"foo:bar snot:badger\""));
    }

    @Test
    void shouldUseKeySeparatorWhenPatternNamesOne()
    {
        assertEquals("{\"this\":\"is\",\"a\":\"test\"}", extract("%{key}=%{val}", "\"this=is a=test\""));
        assertEquals("{\"this\":\"is\"}", extract("%{key}=%{val}", "\"this=is\""));
        assertEquals("{\"this\":\"is\",\"a\":\"test\"}", extract("&%{key}=%{val}", "\"this=is&a=test\""));
        assertEquals("{\"this\":\"is\",\"a\":\"test\"}", extract("\\\\n%{key}=%{val}", "\"this=is\\na=test\""));
        assertEquals("{\"this\":\"is\",\"a\":\"test\"}", extract("&", "\"this:is&a:test\""));
        assertEquals("{\"this\":\"is\",\"a\":\"test\"}", extract("%{key}%{%{val}", "\"this%{is a%{test\""));
    }

    @Test
    void shouldSplitByEverySeparatorWhenPatternHasSeveral()
    {
        assertEquals("{\"this\":\"is\",\"a\":\"test\",\"for\":\"seperators\"}",
            extract("%{key}=%{val};%{key}:%{val} %{key}:%{val}", "\"this=is;a=test for:seperators\""));
        assertEquals("{\"this\":\"is\",\"a\":\"test\",\"for\":\"seperators\"}",
            extract("%{key}=%{val}%{key}:%{val} %{key}:%{val};", "\"this=is;a=test for:seperators\""));
    }

    @Test
    void shouldDropPiecesWithoutExactlyTwoPartsWhenSplitting()
    {
        assertEquals("\"no\"", extract("%{key}=%{val}", "\"this is a test\""));
        assertEquals("{\"b\":\"2\",\"\":\"3\"}", extract("%{key}=%{val}", "\"a=1=x  b=2 flag =3\""));
        assertEquals("{\"a\":\"2\"}", extract("%{key}=%{val}", "\"a=1 a=2\""));
        assertEquals("{\"k\":\"v:w\"}", extract("%{key}=%{val}", "\"k=v:w\""));
        assertEquals("\"no\"", extract("", "1"));
    }

    @Test
    void shouldSplitSequentiallyWhenSeparatorsOverlapInInput()
    {
        // Tremor splits by "ba" first, then by "bb": "k=vbba" -> "k=vb", "" (the earlier "bb" is not a separator then)
        assertEquals("{\"k\":\"vb\"}", extract("%{key}=%{val}ba%{key}=%{val}bb", "\"k=vbba\""));
    }

    @Test
    void shouldRejectPatternWhenSeparatorsOverlap()
    {
        assertTrue(TestScripts.isCompileError("match event of case %{v ~= kv|%{key} %{val} |} => 1 case _ => 2 end"));
        assertTrue(TestScripts.isCompileError(
            "match event of case %{v ~= kv|%{key}=%{val}; %{key}:%{val} %{key}:%{val}|} => 1 case _ => 2 end"));
        assertTrue(TestScripts.isCompileError(
            "match event of case %{v ~= kv|%{key}=%{val};%{key}:%{val} :%{key}:%{val}|} => 1 case _ => 2 end"));
        assertTrue(TestScripts.isCompileError("match event of case %{v ~= kv|%{key}=|} => 1 case _ => 2 end"));
        assertTrue(TestScripts.isCompileError("match event of case %{v ~= kv|\\\\x|} => 1 case _ => 2 end"));
    }
}
