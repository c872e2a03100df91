package io.temblor.script.extract;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The {@code json} extractor: the string parsed as strict JSON (the rule text is ignored). */
class JsonExtractorTest
{
    @TestFactory
    Stream<DynamicTest> shouldParseStrictJsonWhenMatching()
    {
        return ExtractorTable.cases("""
            json|| @ "{\\"a\\":\\"b\\", \\"c\\":\\"d\\"}" --> {"a":"b","c":"d"}
            json|| @ "{\\"a\\": [1, true]}" --> {"a":[1,true]}
            json|| @ "[1.5, -2, \\"x\\", null, {}]" --> [1.5,-2,"x",null,{}]
            json|| @ "1" --> 1
            json|| @ " \\"ä\\\\u00e4\\" " --> "ää"
            json|| @ "null" --> null
            json|| @ "18446744073709551615" --> 18446744073709551615
            json|ignored| @ "true" --> true
            json|| @ "{nope" --> "no"
            json|| @ "" --> "no"
            json|| @ "[1] x" --> "no"
            json|| @ "[1,]" --> "no"
            json|| @ "01" --> "no"
            json|| @ "\\"\\\\ud800\\"" --> "no"
            json|| @ "\\u000b1" --> "no"
            json|| @ {"a": 1} --> "no"
            json|| @ 1 --> "no"
            test json|| @ "{}" --> "yes"
            test json|| @ "{" --> "no"
            """);
    }
}
