package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** {@code std::record}, checked against tremor-script's {@code std_lib/record.rs}. */
class RecordModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::record;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldInspectRecordsWhenCallingLenIsEmptyAndContains()
    {
        return cases("""
            record::len({}) --> 0
            record::len({"a": 1, "b": [1, 2]}) --> 2
            record::len(event) @ {"ä": null, "😀": {}} --> 2
            record::len([]) --> compile: Bad type passed to function record::len/1
            record::len(event) @ "a" --> error: Bad type passed to function record::len/1
            record::len({}, {}) --> compile: Bad arity for function record::len/1..=1 but was called with 2 arguments
            record::is_empty({}) --> true
            record::is_empty({"a": null}) --> false
            record::is_empty(event) @ [] --> error: Bad type passed to function record::is_empty/1
            record::contains({"a": null}, "a") --> true
            record::contains({"a": 1}, "A") --> false
            record::contains({}, "") --> false
            record::contains(event, "ä") @ {"ä": 1} --> true
            record::contains(event, 1) @ {"1": 1} --> error: Bad type passed to function record::contains/2
            record::contains(event, "a") @ ["a"] --> error: Bad type passed to function record::contains/2
            record::contains({"a": 1}) --> compile: Bad arity for function record::contains/2..=2 but was called with 1 arguments
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldListEntriesInOrderWhenCallingKeysValuesAndToArray()
    {
        return cases("""
            record::keys({"b": 1, "a": 2}) --> ["b","a"]
            record::keys({}) --> []
            record::values({"b": 1, "a": [2]}) --> [1,[2]]
            record::values({}) --> []
            record::to_array({"b": 1, "a": {"c": null}}) --> [["b",1],["a",{"c":null}]]
            record::to_array({}) --> []
            record::keys(event) @ {"ä": 1, "": 2} --> ["ä",""]
            record::keys(event) @ [1] --> error: Bad type passed to function record::keys/1
            record::values(event) @ null --> error: Bad type passed to function record::values/1
            record::to_array("a") --> compile: Bad type passed to function record::to_array/1
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldBuildRecordsFromPairsWhenCallingFromArray()
    {
        return cases("""
            record::from_array([["a", 1], ["b", [2]]]) --> {"a":1,"b":[2]}
            record::from_array([]) --> {}
            // a repeated key keeps its first place and takes the last value
            record::from_array([["a", 1], ["b", 2], ["a", 3]]) --> {"a":3,"b":2}
            record::from_array(record::to_array({"x": {"y": 1}})) --> {"x":{"y":1}}
            record::from_array(event) @ [[1, 2]] --> error: Runtime error in function record::from_array/1: The first \
            element of the tuple needs to be a string: []
            record::from_array(event) @ [["a", 1, 2]] --> error: Runtime error in function record::from_array/1: Onlay \
            arrays that consist of tuples (arrays of two elements) can be trurned into an record this array contained 3 elements
            record::from_array(event) @ ["a"] --> error: Runtime error in function record::from_array/1: Onlay arrays \
            that consist of tuples (arrays of two elements) can be turned into records but this array contained: String("a")
            record::from_array(event) @ [{"a": 1}] --> error: Runtime error in function record::from_array/1: Onlay \
            arrays that consist of tuples (arrays of two elements) can be turned into records but this array contained: \
            Object({"a": Static(I64(1))})
            record::from_array({}) --> compile: Bad type passed to function record::from_array/1
            record::from_array(event) @ "a" --> error: Bad type passed to function record::from_array/1
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldSelectMergeAndRenameWhenCallingExtractCombineAndRename()
    {
        return cases("""
            // extract keeps the record's order; keys that are missing or not strings are ignored
            record::extract({"a": 1, "b": 2, "c": 3}, ["c", "a", "x", 1]) --> {"a":1,"c":3}
            record::extract({"a": 1}, []) --> {}
            record::extract({}, ["a"]) --> {}
            record::extract(event, ["ä"]) @ {"ä": [1], "a": 2} --> {"ä":[1]}
            record::extract({"a": 1}, "a") --> compile: Bad type passed to function record::extract/2
            record::extract(event, ["a"]) @ [["a", 1]] --> error: Bad type passed to function record::extract/2
            // combine: the right side wins, keys of the left come first
            record::combine({"a": 1, "b": 2}, {"b": 3, "c": 4}) --> {"a":1,"b":3,"c":4}
            record::combine({}, {}) --> {}
            record::combine({"a": {"x": 1}}, {"a": {"y": 2}}) --> {"a":{"y":2}}
            let l = {"a": 1}; let r = record::combine(l, {"b": 2}); [l, r] --> [{"a":1},{"a":1,"b":2}]
            record::combine({"a": 1}, [1]) --> compile: Bad type passed to function record::combine/2
            record::combine(event, {}) @ 1 --> error: Bad type passed to function record::combine/2
            // rename: only string targets rename; a rename onto an existing key keeps the first place, last value
            record::rename({"a": 1, "b": 2}, {"a": "x", "b": 7}) --> {"x":1,"b":2}
            record::rename({"a": 1, "b": 2}, {"a": "b"}) --> {"b":2}
            record::rename({}, {"a": "b"}) --> {}
            record::rename(event, {"ä": "😀"}) @ {"ä": 1} --> {"😀":1}
            record::rename({"a": 1}, ["a", "b"]) --> compile: Bad type passed to function record::rename/2
            record::rename(event, {}) @ null --> error: Bad type passed to function record::rename/2
            """);
    }
}
