package io.temblor.script.extract;

import io.temblor.script.runtime.TestScripts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The dissect extractor: the byte path (plain fields, skips, padding, conversions) and the string path (lookups, appends). */
class DissectTest
{
    private static String extract(final String rule, final String value)
    {
        return TestScripts.run("match event of case r = %{v ~= dissect|" + rule + "|} => r.v case _ => \"no\" end",
            "{\"v\": " + value + "}").get(0);
    }

    @Test
    void shouldSplitAtFirstDelimiterWhenFieldsAreSeparated()
    {
        assertEquals("{\"a\":\"x y\",\"b\":\"z\"}", extract("%{a}: %{b}", "\"x y: z\""));
        assertEquals("{\"a\":\"\",\"b\":\"z\"}", extract("%{a}-%{b}", "\"-z\""));
        assertEquals("\"no\"", extract("[%{a}]", "\"x]\""));
        assertEquals("\"no\"", extract("%{a}-%{b}.", "\"x-y\""));
        assertEquals("{\"é\":\"ü\",\"b\":\"→\"}", extract("%{é}→%{b}", "\"ü→→\""));
    }

    @Test
    void shouldConvertNumbersAsJavaParsesThemWhenTypesGiven()
    {
        assertEquals("{\"n\":-42,\"f\":1.5}", extract("%{n:int} %{f:float}", "\"-42 1.50\""));
        assertEquals("{\"n\":5,\"f\":0.5}", extract("%{n:int} %{f:float}", "\"+5 .5\""));
        assertEquals("{\"n\":0,\"f\":-0.0}", extract("%{n:int} %{f:float}", "\"-0 -0.0\""));
        assertEquals("{\"f\":1000.0}", extract("%{f:float}", "\"1e3\""));
        assertEquals("{\"f\":0.1}", extract("%{f:float}", "\"0.1\""));
        assertEquals("{\"f\":1.9649999999999999}", extract("%{f:float}", "\"1.9649999999999999\""));
        assertEquals("{\"n\":9223372036854775807}", extract("%{n:int}", "\"9223372036854775807\""));
        assertEquals("\"no\"", extract("%{n:int}", "\"9223372036854775808\""));
        assertEquals("\"no\"", extract("%{n:int}", "\"1.5\""));
        assertEquals("\"no\"", extract("%{f:float}", "\"abc\""));
        assertEquals("\"no\"", extract("%{f:float}", "\"\""));
    }

    @Test
    void shouldSkipAndPadWhenPatternSaysSo()
    {
        assertEquals("{\"b\":\"y\"}", extract("%{?a} %{b}", "\"x y\""));
        assertEquals("{\"b\":\"y\"}", extract("%{} %{b}", "\"x y\""));
        assertEquals("{\"a\":\"x\",\"b\":\"y\"}", extract("%{a}%{_}%{b}", "\"x    y\""));
        assertEquals("{\"a\":\"x\",\"b\":\"y\"}", extract("%{a}%{_(-)}%{b}", "\"x---y\""));
    }

    @Test
    void shouldUseStringPathWhenLookupsOrAppendsPresent()
    {
        assertEquals("{\"k\":\"v\"}", extract("%{?name}=%{&name}", "\"k=v\""));
        assertEquals("{\"a\":\"x y\"}", extract("%{+a} %{+a}", "\"x y\""));
    }
}
