package io.temblor.script.extract;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The {@code base64} extractor: Tremor's base64 engine (standard alphabet, optional padding, no trailing bits); the
 * decoded bytes must be UTF-8 when the text is asked for, while a bare test only needs valid base64.
 */
class Base64ExtractorTest
{
    @TestFactory
    Stream<DynamicTest> shouldDecodeTextWhenMatching()
    {
        return ExtractorTable.cases("""
            base64|| @ "c25vdA==" --> "snot"
            base64|| @ "8J+agHNuZWFreSByb2NrZXQh" --> "🚀sneaky rocket!"
            base64|| @ "c25vdA" --> "snot"
            base64|| @ "c25vdA=" --> "snot"
            base64|| @ "" --> ""
            base64|| @ "!!" --> "no"
            base64|| @ "c25vdB==" --> "no"
            base64|| @ "c25vdA==\\n" --> "no"
            base64|| @ "-_8=" --> "no"
            base64|| @ 1 --> "no"
            // 0xff is not UTF-8: no text to extract, but valid base64 for a bare test
            base64|| @ "/w==" --> "no"
            test base64|| @ "/w==" --> "yes"
            test base64|| @ "!!" --> "no"
            """);
    }
}
