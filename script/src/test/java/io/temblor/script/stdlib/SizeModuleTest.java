package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** {@code std::size}: the script functions of {@code std/size.tremor} (powers of 1024 with checked arithmetic). */
class SizeModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::size;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldMultiplyByPowersOf1024WhenCallingUnits()
    {
        return cases("""
            [size::kiB(1), size::MiB(1), size::GiB(1)] --> [1024,1048576,1073741824]
            [size::TiB(1), size::PiB(1), size::EiB(1)] --> [1099511627776,1125899906842624,1152921504606846976]
            [size::kiB(0), size::kiB(-1), size::MiB(3)] --> [0,-1024,3145728]
            size::kiB(1.5) --> 1536.0
            // above i64::MAX the arithmetic goes on in u64, 2^64 overflows
            size::EiB(15) --> 17293822569102704640
            size::EiB(event) @ 16 --> error: The binary operation `*` caused an over- or underflow
            size::EiB(event) @ -8 --> -9223372036854775808
            size::EiB(event) @ -9 --> error: The binary operation `*` caused an over- or underflow
            size::kiB(event) @ "1" --> error: The binary operation `*` is not defined for the type `string` and `integer`
            """);
    }
}
