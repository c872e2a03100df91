package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code std::array}, checked against tremor-script's {@code std_lib/array.rs}: typed arguments fail with "Bad type",
 * a wrong argument count with "Bad arity" (at compile time when every argument is a literal, as Tremor folds those
 * calls; at run time otherwise).
 */
class ArrayModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::array;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldCountElementsWhenCallingLenAndIsEmpty()
    {
        return cases("""
            array::len([]) --> 0
            array::len([1, "a", [2, 3], {"b": null}]) --> 4
            array::len(event) @ [1, 2, 3] --> 3
            array::len(event) @ ["ä", "😀"] --> 2
            array::len("abc") --> compile: Bad type passed to function array::len/1
            array::len(event) @ {"a": 1} --> error: Bad type passed to function array::len/1
            array::len(event) @ null --> error: Bad type passed to function array::len/1
            array::len() --> compile: Bad arity for function array::len/1..=1 but was called with 0 arguments
            array::len(event, 1) @ [] --> error: Bad arity for function array::len/1..=1 but was called with 2 arguments
            array::is_empty([]) --> true
            array::is_empty([null]) --> false
            array::is_empty(event) @ [] --> true
            array::is_empty("") --> compile: Bad type passed to function array::is_empty/1
            array::is_empty(event) @ {} --> error: Bad type passed to function array::is_empty/1
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldCompareWithTremorsValueEqualityWhenCallingContains()
    {
        return cases("""
            array::contains([1, 2, 3], 2) --> true
            array::contains([1, 2, 3], 4) --> false
            array::contains([], null) --> false
            array::contains([null], null) --> true
            array::contains([[1, 2], {"a": 1}], {"a": 1}) --> true
            array::contains([[1, 2]], [1, 2]) --> true
            array::contains(["a", "b"], "B") --> false
            array::contains(event, "ä") @ ["a", "ä"] --> true
            // Value equality, not the == operator: an integer never equals a float
            array::contains([1, 2], 2.0) --> false
            array::contains(event, 2) @ [2.0] --> false
            array::contains([1.5], 1.5) --> true
            array::contains("abc", "a") --> compile: Bad type passed to function array::contains/2
            array::contains(event, 1) @ {"a": 1} --> error: Bad type passed to function array::contains/2
            array::contains(event) @ [] --> error: Bad arity for function array::contains/2..=2 but was called with 1 arguments
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldAppendWithoutChangingTheArgumentWhenCallingPushAndConcatenate()
    {
        return cases("""
            array::push([1, 2], 3) --> [1,2,3]
            array::push([], [1]) --> [[1]]
            array::push(event, {"a": null}) @ ["x"] --> ["x",{"a":null}]
            let a = [1]; let b = array::push(a, 2); [a, b] --> [[1],[1,2]]
            array::push("a", 1) --> compile: Bad type passed to function array::push/2
            array::push(event, 1) @ 7 --> error: Bad type passed to function array::push/2
            array::concatenate([1], [2, 3]) --> [1,2,3]
            array::concatenate([], []) --> []
            array::concatenate(event, event) @ [[1]] --> [[1],[1]]
            let a = [1]; let b = array::concatenate(a, [2]); [a, b] --> [[1],[1,2]]
            array::concatenate([1], 2) --> compile: Bad type passed to function array::concatenate/2
            array::concatenate(event, [1]) @ "a" --> error: Bad type passed to function array::concatenate/2
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldPairElementsWhenCallingZipAndUnzip()
    {
        return cases("""
            array::zip([1, 2], ["a", "b"]) --> [[1,"a"],[2,"b"]]
            array::zip([], []) --> []
            array::zip(event, [1]) @ [1, 2] --> error: Runtime error in function array::zip/2: Zipping two arrays requires \
            them to have the same length, but the first array provided has 2 elements while the second one has 1 elements
            array::zip([1], "a") --> compile: Bad type passed to function array::zip/2
            array::zip(event, []) @ {} --> error: Bad type passed to function array::zip/2
            array::unzip([[1, "a"], [2, "b"]]) --> [[1,2],["a","b"]]
            array::unzip([]) --> [[],[]]
            array::unzip(event) @ [[[1], {"a": 2}]] --> [[[1]],[{"a":2}]]
            array::unzip(event) @ [[1, 2], [3]] --> error: Runtime error in function array::unzip/1: Only arrays that \
            consist of tuples (arrays of two elements) can be unzipped but this array contained 1 elements
            array::unzip(event) @ [1] --> error: Runtime error in function array::unzip/1: Only arrays that consist of \
            tuples (arrays of two elements) can be unzipped but this array contained: Static(I64(1))
            array::unzip(event) @ ["a\\"b"] --> error: Runtime error in function array::unzip/1: Only arrays that consist \
            of tuples (arrays of two elements) can be unzipped but this array contained: String("a\\"b")
            array::unzip({}) --> compile: Bad type passed to function array::unzip/1
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldFlattenNestedArraysWhenCallingFlatten()
    {
        return cases("""
            array::flatten([[1, [2, [3]]], 4, []]) --> [1,2,3,4]
            array::flatten([]) --> []
            array::flatten([[[]]]) --> []
            array::flatten([{"a": [1]}]) --> [{"a":[1]}]
            array::flatten(event) @ [[null], [["x"]]] --> [null,"x"]
            // not typed: anything else is a one-element array
            array::flatten(1) --> [1]
            array::flatten(event) @ {"a": [1]} --> [{"a":[1]}]
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldJoinDisplayFormsWhenCallingJoin()
    {
        return cases("""
            array::join(["this", "is", "a", "cake"], " ") --> "this is a cake"
            array::join([], ",") --> ""
            array::join(["a"], ",") --> "a"
            array::join(["ä", "b"], "😀") --> "ä😀b"
            array::join(event, "") @ [1, -2, 1.5, true, null] --> "1-21.5truenull"
            // floats as Rust displays them: no exponent, no trailing .0
            array::join(event, ",") @ [1.0, 1e20, 0.000001] --> "1,100000000000000000000,0.000001"
            array::join(event, ",") @ [[1, "a"]] --> "[Static(I64(1)), String(\\"a\\")]"
            array::join(event, ",") @ [{"a": true}] --> "{\\"a\\": Static(Bool(true))}"
            array::join("ab", ",") --> compile: Bad type passed to function array::join/2
            array::join(["a"], 1) --> compile: Bad type passed to function array::join/2
            array::join(event, ",") @ "a" --> error: Bad type passed to function array::join/2
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldDropNullsWhenCallingCoalesce()
    {
        return cases("""
            array::coalesce([null, 1, null, "a", []]) --> [1,"a",[]]
            array::coalesce([]) --> []
            array::coalesce([null]) --> []
            array::coalesce([[null]]) --> [[null]]
            array::coalesce(event) @ [false, 0, ""] --> [false,0,""]
            array::coalesce("a") --> compile: Bad type passed to function array::coalesce/1
            array::coalesce(event) @ null --> error: Bad type passed to function array::coalesce/1
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldOrderLikeTremorsValueOrderWhenCallingSortAndReverse()
    {
        return cases("""
            array::sort([3, 1, 2]) --> [1,2,3]
            array::sort([-1, 18446744073709551615, 0, -9223372036854775808]) --> [-9223372036854775808,-1,0,18446744073709551615]
            array::sort(["b", "a", "C", "ä", ""]) --> ["","C","a","b","ä"]
            array::sort([]) --> []
            array::sort([false, true, false]) --> [false,false,true]
            array::sort([[2], [1, 2], [1], []]) --> [[],[1],[1,2],[2]]
            // records by size, then by their sorted keys, then by the values in key order
            array::sort([{"b": 1}, {"a": 2}, {"a": 1, "b": 1}, {"a": 1}]) --> [{"a":1},{"a":2},{"b":1},{"a":1,"b":1}]
            // across types: records < arrays < strings < numbers < booleans < null
            array::sort([null, true, 1, "a", [1], {"a": 1}]) --> [{"a":1},[1],"a",1,true,null]
            // a float is compared with an integer as the integer it truncates to (and the sort is stable)
            array::sort([2, 1.5, 1, 0.5]) --> [0.5,1.5,1,2]
            array::sort(event) @ [2.5, -1.5, 2.25] --> [-1.5,2.25,2.5]
            array::sort("a") --> compile: Bad type passed to function array::sort/1
            array::sort(event) @ {} --> error: Bad type passed to function array::sort/1
            array::reverse([1, 2, 3]) --> [3,2,1]
            array::reverse([]) --> []
            array::reverse(event) @ [[1, 2], "a"] --> ["a",[1,2]]
            array::reverse("abc") --> compile: Bad type passed to function array::reverse/1
            array::reverse(event) @ 1 --> error: Bad type passed to function array::reverse/1
            """);
    }
}
