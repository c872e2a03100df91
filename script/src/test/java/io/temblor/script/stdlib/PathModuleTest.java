package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** {@code std::path}, checked against tremor-script's {@code std_lib/path.rs}. */
class PathModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::path;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldFollowSegmentsOrDefaultWhenCallingTryDefault()
    {
        return cases("""
            path::try_default({"a": {"b": 1}}, ["a", "b"], "d") --> 1
            path::try_default({"a": {"b": 1}}, ["a"], "d") --> {"b":1}
            path::try_default({"a": {"b": 1}}, ["a", "c"], "d") --> "d"
            path::try_default({"a": [10, 20]}, ["a", 1], "d") --> 20
            path::try_default({"a": [10, 20]}, ["a", 2], "d") --> "d"
            path::try_default({"a": [10, 20]}, ["a", -1], "d") --> "d"
            path::try_default({"a": [10, 20]}, ["a", "0"], "d") --> "d"
            path::try_default([1, [2, 3]], [1, 0], "d") --> 2
            path::try_default([1, {"x": null}], [1, "x"], "d") --> null
            path::try_default({"a": 1}, [], "d") --> {"a":1}
            path::try_default(null, ["a"], "d") --> "d"
            path::try_default(null, "not checked", "d") --> "d"
            path::try_default(event, ["ä", 0], 0) @ {"ä": ["x"]} --> "x"
            // Tremor's quirks: a segment that cannot apply to a record is skipped while nothing was followed yet,
            // and a path that stops at a scalar is the default
            path::try_default({"a": 1}, [0], "d") --> {"a":1}
            path::try_default({"a": "x"}, ["a", "b"], "d") --> "d"
            path::try_default({"a": 1}, "a", "d") --> compile: Runtime error in function path::try_default/3: Expected \
            path segment array as second argument
            path::try_default(event, {}, "d") @ [] --> error: Runtime error in function path::try_default/3: Expected \
            path segment array as second argument
            path::try_default("x", ["a"], "d") --> compile: Runtime error in function path::try_default/3: Expected \
            record or array or literal `null` as first argument
            path::try_default(event, [], "d") @ 1 --> error: Runtime error in function path::try_default/3: Expected \
            record or array or literal `null` as first argument
            path::try_default({}, []) --> compile: Bad arity for function path::try_default/3..=3 but was called with 2 \
            arguments
            """);
    }
}
