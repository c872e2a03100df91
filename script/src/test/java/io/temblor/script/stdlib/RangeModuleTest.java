package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code std::range}: {@code range} (tremor-script's {@code std_lib/range.rs}, half open, u64 or i64) and
 * {@code contains} (a script function of {@code std/range.tremor}).
 */
class RangeModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::range; use std::array;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldListHalfOpenRangesWhenCallingRange()
    {
        return cases("""
            range::range(0, 3) --> [0,1,2]
            range::range(-2, 2) --> [-2,-1,0,1]
            range::range(0, 0) --> []
            range::range(5, 2) --> []
            range::range(-1, -3) --> []
            range::range(18446744073709551613, 18446744073709551615) --> [18446744073709551613,18446744073709551614]
            range::range(9223372036854775806, 9223372036854775809) --> [9223372036854775806,9223372036854775807,9223372036854775808]
            range::range(-9223372036854775808, -9223372036854775806) --> [-9223372036854775808,-9223372036854775807]
            array::len(range::range(0, 10000)) --> 10000
            range::range(event.a, event.b) @ {"a": 1, "b": 3} --> [1,2]
            // neither both u64 nor both i64
            range::range(-1, 18446744073709551615) --> compile: Bad type passed to function range::range/2
            range::range(0, 1.5) --> compile: Bad type passed to function range::range/2
            range::range(event, 3) @ "0" --> error: Bad type passed to function range::range/2
            range::range(1) --> compile: Bad arity for function range::range/2..=2 but was called with 1 arguments
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldTestBoundsWhenCallingContains()
    {
        return cases("""
            range::contains(range::range(0, 10), 5) --> true
            range::contains(range::range(0, 10), 0) --> true
            range::contains(range::range(0, 10), 9) --> true
            range::contains(range::range(0, 10), 10) --> false
            range::contains(range::range(0, 10), -1) --> false
            range::contains([], 1) --> false
            // only the ends are looked at
            range::contains([1, 100], 50) --> true
            range::contains(range::range(0, 10), 2.5) --> true
            range::contains(event, 1) @ "ab" --> error: Bad type passed to function array::len/1
            """);
    }
}
