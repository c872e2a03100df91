package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code std::json}, checked against tremor-script's {@code std_lib/json.rs}: {@code decode} takes strict JSON,
 * {@code encode} writes compact JSON (binaries as arrays of bytes, as simd-json's serde serializer does),
 * {@code encode_pretty} simd-json's pretty form (two spaces, {@code ": "}).
 */
class JsonModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::json; use std::string;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldParseStrictJsonWhenCallingDecode()
    {
        return cases("""
            json::decode("[1, 2, 3, 4]") --> [1,2,3,4]
            json::decode("{\\"a\\": [1.5, true, null], \\"b\\": {}}") --> {"a":[1.5,true,null],"b":{}}
            json::decode(" \\"x\\" ") --> "x"
            json::decode("18446744073709551615") --> 18446744073709551615
            json::decode("-9223372036854775808") --> -9223372036854775808
            json::decode("1e2") --> 100.0
            json::decode(event) @ "{\\"ä\\": \\"\\\\u00e4\\\\ud83d\\\\ude00\\"}" --> {"ä":"ä😀"}
            json::decode(event) @ "[1,]" --> error: Runtime error in function json::decode/1: ...
            json::decode(event) @ "{nope}" --> error: Runtime error in function json::decode/1: ...
            json::decode(event) @ "" --> error: Runtime error in function json::decode/1: ...
            json::decode(event) @ "[1] x" --> error: Runtime error in function json::decode/1: ...
            json::decode(event) @ "01" --> error: Runtime error in function json::decode/1: ...
            json::decode(event) @ "\\"\\\\x\\"" --> error: Runtime error in function json::decode/1: ...
            json::decode(event) @ "'a'" --> error: Runtime error in function json::decode/1: ...
            json::decode(event) @ "\\u000b1" --> error: Runtime error in function json::decode/1: ...
            json::decode("[") --> compile: Runtime error in function json::decode/1: ...
            json::decode(1) --> compile: Bad type passed to function json::decode/1
            json::decode(event) @ ["[]"] --> error: Bad type passed to function json::decode/1
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldWriteCompactJsonWhenCallingEncode()
    {
        return cases("""
            json::encode([1, 2, 3, 4]) --> "[1,2,3,4]"
            json::encode({"a": [1.5, true, null], "b": {}}) --> "{\\"a\\":[1.5,true,null],\\"b\\":{}}"
            json::encode("a\\"b\\\\c") --> "\\"a\\\\\\"b\\\\\\\\c\\""
            json::encode(event) @ "\\n\\u0001ä/" --> "\\"\\\\n\\\\u0001ä/\\""
            json::encode([]) --> "[]"
            // floats as Rust's ryu writes them: plain from 1e-5 up to below 1e16, exponent notation outside
            json::encode(event) @ [1e15, 1e16, 1.5e-5, 1e-6, 1.5e19] --> "[1000000000000000.0,1e16,0.000015,1e-6,1.5e19]"
            json::encode(1.0) --> "1.0"
            json::encode(-9223372036854775808) --> "-9223372036854775808"
            json::encode(string::into_binary("ab")) --> "[97,98]"
            json::decode(json::encode(event)) @ {"x": [1, {"y": "ä"}]} --> {"x":[1,{"y":"ä"}]}
            json::encode() --> compile: Bad arity for function json::encode/1..=1 but was called with 0 arguments
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldIndentTwoSpacesWhenCallingEncodePretty()
    {
        return cases("""
            json::encode_pretty([1, 2]) --> "[\\n  1,\\n  2\\n]"
            json::encode_pretty({"a": 1, "b": [true]}) --> "{\\n  \\"a\\": 1,\\n  \\"b\\": [\\n    true\\n  ]\\n}"
            json::encode_pretty([]) --> "[]"
            json::encode_pretty({}) --> "{}"
            json::encode_pretty({"a": {}, "b": []}) --> "{\\n  \\"a\\": {},\\n  \\"b\\": []\\n}"
            json::encode_pretty("x") --> "\\"x\\""
            json::encode_pretty(null) --> "null"
            json::encode_pretty(string::into_binary("ab")) --> "[\\n  97,98\\n]"
            json::decode(json::encode_pretty(event)) @ {"x": [1, {"y": "ä"}]} --> {"x":[1,{"y":"ä"}]}
            """);
    }
}
