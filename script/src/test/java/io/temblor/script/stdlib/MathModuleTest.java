package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code std::math}, checked against tremor-script's {@code std_lib/math.rs}: rounding keeps integers and turns floats
 * into integers (saturating, as Rust's {@code as} casts); {@code max}/{@code min} compare as u64, then i64, then f64.
 */
class MathModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::math; use std::type;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldRoundToIntegersWhenCallingFloorCeilRoundAndTrunc()
    {
        return cases("""
            [math::floor(2.5), math::floor(-2.5), math::floor(2.0), math::floor(-0.5)] --> [2,-3,2,-1]
            [math::ceil(2.1), math::ceil(-2.1), math::ceil(2.0), math::ceil(-0.5)] --> [3,-2,2,0]
            [math::round(2.5), math::round(-2.5), math::round(2.4999), math::round(-0.4)] --> [3,-3,2,0]
            // Rust rounds exactly: the largest double below 0.5 rounds to 0
            math::round(0.49999999999999994) --> 0
            [math::trunc(2.7), math::trunc(-2.7), math::trunc(0.1)] --> [2,-2,0]
            // integers pass through unchanged
            [math::floor(5), math::ceil(-5), math::round(0), math::trunc(18446744073709551615)] --> [5,-5,0,18446744073709551615]
            [math::floor(event), math::round(event)] @ -9223372036854775808 --> [-9223372036854775808,-9223372036854775808]
            // beyond the integer range the cast saturates
            math::floor(1.0e19) --> 10000000000000000000
            math::ceil(1.0e30) --> 18446744073709551615
            math::floor(-1.0e30) --> -9223372036854775808
            math::round(event) @ 4503599627370495.5 --> 4503599627370496
            math::floor("a") --> compile: Bad type passed to function math::floor/1
            math::ceil(event) @ null --> error: Bad type passed to function math::ceil/1
            math::round(event) @ true --> error: Bad type passed to function math::round/1
            math::trunc(event) @ [1.5] --> error: Bad type passed to function math::trunc/1
            math::floor(1.5, 2) --> compile: Bad arity for function math::floor/1..=1 but was called with 2 arguments
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldPickByTypeLadderWhenCallingMaxAndMin()
    {
        return cases("""
            [math::max(1, 2), math::max(-1, -2), math::max(0, -9223372036854775808)] --> [2,-1,0]
            [math::min(1, 2), math::min(-1, -2), math::min(18446744073709551615, 1)] --> [1,-2,1]
            math::max(18446744073709551615, 18446744073709551614) --> 18446744073709551615
            // an integer and a float compare as floats, and the result is a float
            [math::max(1, 2.5), math::max(3, 2.5), math::min(1, 2.5), math::min(-1.5, -1)] --> [2.5,3.0,1.0,-1.5]
            [math::max(1.5, 1.5), math::min(-0.5, 0.5)] --> [1.5,-0.5]
            // u64 above i64 against a negative integer: neither fits the other, so floats
            type::is_float(math::max(18446744073709551615, -1)) --> true
            math::max(18446744073709551615, -1) == 18446744073709551615.0 --> true
            math::max(event, 1) @ 2 --> 2
            math::max("a", 1) --> compile: Bad type passed to function math::max/2
            math::min(event, 1) @ "1" --> error: Bad type passed to function math::min/2
            math::max(event, [1]) @ [2] --> error: Bad type passed to function math::max/2
            math::min(1) --> compile: Bad arity for function math::min/2..=2 but was called with 1 arguments
            """);
    }
}
