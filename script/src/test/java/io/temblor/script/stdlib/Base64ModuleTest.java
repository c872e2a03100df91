package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code std::base64}, checked against tremor-script's {@code std_lib/base64.rs} and the base64 0.22 engine Tremor
 * configures (standard alphabet, padding written, padding optional when decoding, no trailing bits), with that crate's
 * error texts.
 */
class Base64ModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::base64; use std::string; use std::binary;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldEncodeBinariesWhenCallingEncode()
    {
        return cases("""
            base64::encode(string::into_binary("snot")) --> "c25vdA=="
            base64::encode(string::into_binary("")) --> ""
            base64::encode(string::into_binary("ä😀")) --> "w6Twn5iA"
            base64::encode(binary::from_bytes([251, 255])) --> "+/8="
            base64::encode(<<1, 2, 3>>) --> "AQID"
            // only binaries: a string is a bad type
            base64::encode("snot") --> compile: Bad type passed to function base64::encode/1
            base64::encode(event) @ "snot" --> error: Bad type passed to function base64::encode/1
            base64::encode(event) @ [1] --> error: Bad type passed to function base64::encode/1
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldDecodeIntoBinariesWhenCallingDecode()
    {
        return cases("""
            string::from_utf8_lossy(base64::decode("c25vdA==")) --> "snot"
            binary::len(base64::decode("")) --> 0
            binary::into_bytes(base64::decode("+/8=")) --> [251,255]
            // padding may be left out or be short
            string::from_utf8_lossy(base64::decode("c25vdA")) --> "snot"
            string::from_utf8_lossy(base64::decode("c25vdA=")) --> "snot"
            string::from_utf8_lossy(base64::decode(event)) @ "w6Twn5iA" --> "ä😀"
            base64::decode(event) @ "c2!v" --> error: Runtime error in function base64::decode/1: Invalid symbol 33, offset 2.
            base64::decode(event) @ "c25vdA==\\n" --> error: Runtime error in function base64::decode/1: Invalid symbol \
            10, offset 8.
            base64::decode(event) @ "YQ==YQ==" --> error: Runtime error in function base64::decode/1: Invalid symbol 61, \
            offset 2.
            base64::decode(event) @ "=" --> error: Runtime error in function base64::decode/1: Invalid symbol 61, offset 0.
            base64::decode(event) @ "c25vd" --> error: Runtime error in function base64::decode/1: Invalid input length: 5
            base64::decode(event) @ "c25vdB==" --> error: Runtime error in function base64::decode/1: Invalid last \
            symbol 66, offset 5.
            // URL-safe letters are not in the standard alphabet
            base64::decode(event) @ "-_8=" --> error: Runtime error in function base64::decode/1: Invalid symbol 45, \
            offset 0.
            base64::decode("c2!v") --> compile: Runtime error in function base64::decode/1: Invalid symbol 33, offset 2.
            base64::decode(string::into_binary("AQID")) --> compile: Bad type passed to function base64::decode/1
            base64::decode(event) @ 1 --> error: Bad type passed to function base64::decode/1
            """);
    }
}
