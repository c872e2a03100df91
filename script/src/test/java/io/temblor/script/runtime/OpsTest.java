package io.temblor.script.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OpsTest
{
    @Test
    void shouldDivideIntegersIntoFloatWhenBothAreIntegers()
    {
        assertEquals("3.5", TestScripts.eval("7 / 2"));
        assertEquals("2.0", TestScripts.eval("4 / 2"));
    }

    @Test
    void shouldFailWhenIntegerArithmeticOverflows()
    {
        assertEquals("error: The binary operation `+` caused an over- or underflow",
            TestScripts.eval("let a = 18446744073709551615; a + 1"));
        assertEquals("error: The binary operation `*` caused an over- or underflow",
            TestScripts.eval("let a = -4611686018427387904; a * 3"));
        assertEquals("error: The binary operation `-` caused an over- or underflow",
            TestScripts.eval("let a = -9223372036854775807; a - 2"));
    }

    @Test
    void shouldUseUnsignedArithmeticWhenBothAreNonNegative()
    {
        assertEquals("18446744073709551615", TestScripts.eval("let a = 9223372036854775807; a + a + 1"));
        assertEquals("-1", TestScripts.eval("let a = 1; a - 2"));
        assertEquals("9223372036854775808", TestScripts.eval("let a = 1; a << 63"));
    }

    @Test
    void shouldFailWhenDividingByZero()
    {
        assertEquals("error: The binary operation `/` must have a non zero RHS", TestScripts.eval("let a = 0; 1 / a"));
        assertEquals("error: The binary operation `%` must have a non zero RHS", TestScripts.eval("let a = 0; 1 % a"));
    }

    @Test
    void shouldConcatenateWhenAddingStringsAndArrays()
    {
        assertEquals("\"ab\"", TestScripts.eval("let a = \"a\"; a + \"b\""));
        assertEquals("[1,2,3]", TestScripts.eval("let a = [1]; a + [2, 3]"));
    }

    @Test
    void shouldLetTheRightRecordWinWhenAddingRecords()
    {
        assertEquals("{\"a\":2,\"b\":1}", TestScripts.run("event + {\"a\": 2}", "{\"a\": 1, \"b\": 1}").get(0)
            .replace("{\"b\":1,\"a\":2}", "{\"a\":2,\"b\":1}"));
    }

    @Test
    void shouldRejectMixedTypesWhenOperatorIsUndefined()
    {
        assertEquals("error: The binary operation `+` is not defined for the type `integer` and `string`",
            TestScripts.eval("let a = 7; a + \"snot\""));
        assertEquals("error: The binary operation `-` is not defined for the type `string` and `string`",
            TestScripts.eval("let a = \"a\"; a - \"b\""));
    }

    @Test
    void shouldShortCircuitWhenLeftSideDecides()
    {
        assertEquals("true", TestScripts.eval("true or missing"));
        assertEquals("false", TestScripts.eval("false and missing"));
        assertEquals("true", TestScripts.eval("true xor false"));
        assertEquals("error: The binary operation `and` is not defined for the type `integer` and `<not executed>`",
            TestScripts.eval("let a = 1; a and true"));
    }

    @Test
    void shouldCompareDeeplyWhenTestingEquality()
    {
        assertEquals("true", TestScripts.run("event == {\"b\": [1, 2.0], \"a\": \"x\"}", "{\"a\": \"x\", \"b\": [1, 2]}").get(0));
        assertEquals("false", TestScripts.eval("let a = [1]; a == [1, 2]"));
        assertEquals("true", TestScripts.eval("let a = \"b\"; a > \"a\""));
    }

    @Test
    void shouldShiftAndMaskWhenUsingBitOperators()
    {
        assertEquals("2", TestScripts.eval("let a = 6; a & 3"));
        assertEquals("5", TestScripts.eval("let a = 6; a ^ 3"));
        assertEquals("-2", TestScripts.eval("let a = -4; a >> 1"));
        assertEquals("9223372036854775806", TestScripts.eval("let a = -4; a >>> 1"));
        assertEquals("error: RHS value is larger than or equal to the number of bits in LHS value",
            TestScripts.eval("let a = 64; 1 >> a"));
    }

    @Test
    void shouldNegateWhenApplyingUnaryOperators()
    {
        assertEquals("-3", TestScripts.eval("let a = 3; -a"));
        assertEquals("false", TestScripts.eval("let a = true; not a"));
        assertEquals("-1.5", TestScripts.eval("let a = 1.5; -a"));
        assertEquals("error: The unary operation `not` is not defined for the type `string`",
            TestScripts.eval("let a = \"x\"; not a"));
    }
}
