package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code std::integer} and its {@code signed}/{@code unsigned} constants, checked against tremor-script's
 * {@code std_lib/integer.rs}: {@code parse} is Rust's {@code i64::from_str} (ASCII digits, an optional sign, no
 * whitespace) with its error texts.
 */
class IntegerModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::integer;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldParseDecimalIntegersWhenCallingParse()
    {
        return cases("""
            integer::parse("42") --> 42
            [integer::parse("-42"), integer::parse("+42"), integer::parse("007"), integer::parse("-0")] --> [-42,42,7,0]
            integer::parse("9223372036854775807") --> 9223372036854775807
            integer::parse("-9223372036854775808") --> -9223372036854775808
            integer::parse(event) @ "123" --> 123
            integer::parse("9223372036854775808") --> compile: Runtime error in function integer::parse/1: number too \
            large to fit in target type
            integer::parse(event) @ "-9223372036854775809" --> error: Runtime error in function integer::parse/1: number \
            too small to fit in target type
            integer::parse(event) @ "" --> error: Runtime error in function integer::parse/1: cannot parse integer from \
            empty string
            integer::parse(event) @ "-" --> error: Runtime error in function integer::parse/1: invalid digit found in string
            integer::parse(event) @ "1.0" --> error: Runtime error in function integer::parse/1: invalid digit found in \
            string
            integer::parse(event) @ " 1" --> error: Runtime error in function integer::parse/1: invalid digit found in \
            string
            integer::parse(event) @ "0x10" --> error: Runtime error in function integer::parse/1: invalid digit found in \
            string
            // only ASCII digits (Java would read these Arabic-Indic digits)
            integer::parse(event) @ "١٢" --> error: Runtime error in function integer::parse/1: invalid digit found in \
            string
            // digits are read left to right: an overflow is found before a later bad digit
            integer::parse(event) @ "99999999999999999999x" --> error: Runtime error in function integer::parse/1: \
            number too large to fit in target type
            integer::parse(1) --> compile: Bad type passed to function integer::parse/1
            integer::parse(event) @ null --> error: Bad type passed to function integer::parse/1
            integer::parse() --> compile: Bad arity for function integer::parse/1..=1 but was called with 0 arguments
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldExposeLimitsWhenReadingSignedAndUnsignedConstants()
    {
        return cases("""
            integer::signed::MAX --> 9223372036854775807
            integer::signed::MIN --> -9223372036854775808
            integer::unsigned::MAX --> 18446744073709551615
            integer::unsigned::MIN --> 0
            integer::signed::MAX + 1 --> 9223372036854775808
            integer::unsigned::MAX + 1 --> compile: The binary operation `+` caused an over- or underflow
            integer::signed::MIN - 1 --> compile: The binary operation `-` caused an over- or underflow
            integer::unsigned::NOPE --> compile: ...
            """);
    }
}
