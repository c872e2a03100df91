package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code std::win}: {@code cardinality} is declared with one argument in {@code std/win.tremor} but Tremor implements it
 * without any ({@code std_lib/win.rs}), so only the call without arguments works; outside a window it is 0.
 */
class WinModuleTest
{
    @TestFactory
    Stream<DynamicTest> shouldBeZeroOutsideWindowsWhenCallingCardinality()
    {
        return ScriptTable.cases("use std::win;", """
            win::cardinality() --> 0
            win::cardinality() + 1 --> 1
            // not constant in Tremor: the bad arity is a runtime error even with a literal
            win::cardinality("w") --> error: Bad arity for function win::cardinality/0..=0 but was called with 1 arguments
            win::cardinality(event) @ 1 --> error: Bad arity for function win::cardinality/0..=0 but was called with 1 \
            arguments
            """);
    }
}
