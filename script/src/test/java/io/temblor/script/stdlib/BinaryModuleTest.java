package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** {@code std::binary}, checked against tremor-script's {@code std_lib/binary.rs}. */
class BinaryModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::binary; use std::string;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldConvertBetweenBinariesAndByteArraysWhenCallingFromBytesAndIntoBytes()
    {
        return cases("""
            binary::into_bytes(<<1, 2, 255>>) --> [1,2,255]
            binary::into_bytes(binary::from_bytes([])) --> []
            binary::into_bytes(binary::from_bytes([0, 127, 128, 255])) --> [0,127,128,255]
            string::from_utf8_lossy(binary::from_bytes([115, 110, 111, 116])) --> "snot"
            string::from_utf8_lossy(binary::from_bytes(event)) @ [195, 164] --> "ä"
            binary::from_bytes([256]) --> compile: Runtime error in function binary::from_bytes/1: array contains non bytes
            binary::from_bytes(event) @ [-1] --> error: Runtime error in function binary::from_bytes/1: array contains \
            non bytes
            binary::from_bytes(event) @ [1.0] --> error: Runtime error in function binary::from_bytes/1: array contains \
            non bytes
            binary::from_bytes(event) @ ["a"] --> error: Runtime error in function binary::from_bytes/1: array contains \
            non bytes
            binary::from_bytes("ab") --> compile: Bad type passed to function binary::from_bytes/1
            binary::from_bytes(event) @ {} --> error: Bad type passed to function binary::from_bytes/1
            // into_bytes is not typed: anything else is a runtime error
            binary::into_bytes("ab") --> compile: Runtime error in function binary::into_bytes/1: cannot convert a \
            non-binary into an array of bytes
            binary::into_bytes(event) @ [1, 2] --> error: Runtime error in function binary::into_bytes/1: cannot convert \
            a non-binary into an array of bytes
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldCountBytesWhenCallingLen()
    {
        return cases("""
            binary::len(<<1, 2, 3>>) --> 3
            binary::len(binary::from_bytes([])) --> 0
            binary::len(string::into_binary("ä😀")) --> 6
            binary::len(<<1:4, 1:4>>) --> 1
            binary::len("abc") --> compile: Bad type passed to function binary::len/1
            binary::len(event) @ [1] --> error: Bad type passed to function binary::len/1
            binary::len() --> compile: Bad arity for function binary::len/1..=1 but was called with 0 arguments
            """);
    }
}
