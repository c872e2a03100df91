package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code std::float}, checked against tremor-script's {@code std_lib/float.rs}: {@code parse} is Rust's
 * {@code f64::from_str}; the tests take integers as floats and fail on other types with value-trait's
 * {@code TryTypeError} text.
 */
class FloatModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::float;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldParseRustFloatSyntaxWhenCallingParse()
    {
        return cases("""
            float::parse("1.5") --> 1.5
            [float::parse("-1.5"), float::parse("+1.5"), float::parse("1"), float::parse("-0")] --> [-1.5,1.5,1.0,-0.0]
            [float::parse("1e3"), float::parse("1E-3"), float::parse(".5"), float::parse("5.")] --> [1000.0,0.001,0.5,5.0]
            float::parse(event) @ "0.1" --> 0.1
            float::parse("1.7976931348623157e308") --> 1.7976931348623157e308
            // out of range: infinity and zero, not errors
            [float::is_infinite(float::parse("1e400")), float::parse("1e-400")] --> [true,0.0]
            [float::is_infinite(float::parse("inf")), float::is_infinite(float::parse("-Infinity"))] --> [true,true]
            float::is_nan(float::parse("NaN")) --> true
            float::parse(event) @ "" --> error: Runtime error in function float::parse/1: cannot parse float from empty \
            string
            float::parse(event) @ "abc" --> error: Runtime error in function float::parse/1: invalid float literal
            float::parse(event) @ " 1.5" --> error: Runtime error in function float::parse/1: invalid float literal
            // Java's parseDouble would read these
            float::parse(event) @ "1.5d" --> error: Runtime error in function float::parse/1: invalid float literal
            float::parse(event) @ "0x1p3" --> error: Runtime error in function float::parse/1: invalid float literal
            float::parse(event) @ "1_000.0" --> error: Runtime error in function float::parse/1: invalid float literal
            float::parse("x") --> compile: Runtime error in function float::parse/1: invalid float literal
            float::parse(1.5) --> compile: Bad type passed to function float::parse/1
            float::parse(event) @ 1 --> error: Bad type passed to function float::parse/1
            float::parse() --> compile: Bad arity for function float::parse/1..=1 but was called with 0 arguments
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldClassifyNumbersWhenCallingIsNanIsInfiniteAndIsFinite()
    {
        return cases("""
            [float::is_nan(1.5), float::is_infinite(1.5), float::is_finite(1.5)] --> [false,false,true]
            // integers are cast to floats
            [float::is_nan(1), float::is_infinite(-1), float::is_finite(18446744073709551615)] --> [false,false,true]
            [float::is_finite(float::parse("inf")), float::is_finite(float::parse("nan"))] --> [false,false]
            float::is_infinite(float::parse("nan")) --> false
            float::is_nan(event) @ 1.7976931348623157e308 --> false
            float::is_nan("a") --> compile: Runtime error in function float::is_nan/1: Expected type i128, got string
            float::is_infinite(event) @ null --> error: Runtime error in function float::is_infinite/1: Expected type \
            i128, got null
            float::is_finite(event) @ {} --> error: Runtime error in function float::is_finite/1: Expected type i128, \
            got object
            float::is_finite(event) @ [true] --> error: Runtime error in function float::is_finite/1: Expected type \
            i128, got array
            float::is_nan(true) --> compile: Runtime error in function float::is_nan/1: Expected type i128, got bool
            """);
    }
}
