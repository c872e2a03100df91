package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code std::test}, checked against tremor-script's {@code std_lib/test.rs} and {@code std/test.tremor}:
 * {@code assert} compares with the {@code ==} operator's equality and, outside Tremor's test runner, returns
 * {@code [expected, got]} on a mismatch; {@code suite} and {@code test} are no-ops.
 */
class TestModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::test;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldReturnTrueOrBothValuesWhenCallingAssert()
    {
        return cases("""
            test::assert("same", 1, 1) --> true
            test::assert("deep", {"a": [1, 2.0]}, {"a": [1, 2]}) --> true
            test::assert("1 == 1.0", 1, 1.0) --> true
            test::assert("differs", [1], [2]) --> [[1],[2]]
            test::assert("type", "1", 1) --> ["1",1]
            test::assert(event.name, event.expected, event.got) @ {"name": "x", "expected": null, "got": false} --> [null,false]
            test::assert("too few", 1) --> error: Bad arity for function test::assert/3..=3 but was called with 2 arguments
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldDoNothingWhenCallingSuiteAndTest()
    {
        return cases("""
            test::suite() --> null
            test::suite({"name": "s"}, 1, 2) --> null
            test::test({"name": "t", "test": test::assert("x", 1, 1)}) --> null
            """);
    }
}
