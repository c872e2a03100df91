package io.temblor.script.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InterpolationTest
{
    @Test
    void shouldJoinStringsAndIntegersWhenAllPartsAreThem()
    {
        final String event = "{\"a\": \"x\", \"b\": \"h\\u00e9llo \\\"q\\\"\", \"n\": -9223372036854775808, \"m\": 7}";
        assertEquals("\"x.h\u00e9llo \\\"q\\\"-9223372036854775808: 7\"",
            TestScripts.run("\"#{event.a}.#{event.b}#{event.n}: #{event.m}\"", event).get(0));
        final String longText = "y".repeat(70);
        assertEquals("\"x" + longText + "/x\"", TestScripts.run("\"#{event.a}" + longText + "/#{event.a}\"", event).get(0));
        assertEquals("[\"\",\"x\",\"xx\"]", TestScripts.run("[\"#{\"\"}\", \"#{event.a}\", \"#{event.a}#{event.a}\"]",
            event).get(0));
    }

    @Test
    void shouldRenderOtherValuesAsJsonWhenAPartIsNotAStringOrInteger()
    {
        final String event = "{\"a\": \"x\", \"r\": {\"k\": [1, 2.5, null, true]}, \"u\": 18446744073709551615}";
        assertEquals("\"x {\\\"k\\\":[1,2.5,null,true]} 18446744073709551615 x\"",
            TestScripts.run("\"#{event.a} #{event.r} #{event.u} #{\"#{event.a}\"}\"", event).get(0));
    }

    @Test
    void shouldInlineConstantStringsWhenInterpolatingThem()
    {
        final String script = "const C = {\"region\": \"eu\", \"n\": 3}; " +
            "[\"#{C.region}/#{event.a}\", \"#{C.region}-#{C.n}\", \"#{event.a}#{C.region}#{event.a}\", \"#{C}\"]";
        assertEquals("[\"eu/x\",\"eu-3\",\"xeux\",\"{\\\"region\\\":\\\"eu\\\",\\\"n\\\":3}\"]",
            TestScripts.run(script, "{\"a\": \"x\"}").get(0));
    }

    @Test
    void shouldReportTheFailingPartWhenAPartFails()
    {
        assertEquals("error: Trying to access a non existing event key `nope`",
            TestScripts.run("\"eu#{event.nope}\"", "{\"a\": \"x\"}").get(0));
    }
}
