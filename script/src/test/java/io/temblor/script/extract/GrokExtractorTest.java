package io.temblor.script.extract;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The {@code grok} extractor, checked against Tremor's ({@code grok.rs}, the grok crate with the default patterns):
 * a search anywhere in the string, only named patterns are extracted, always as strings. Only behaviour both pattern
 * engines here agree on is asserted (the full pattern set is tested with the engine).
 */
class GrokExtractorTest
{
    @TestFactory
    Stream<DynamicTest> shouldExtractNamedPatternsWhenTheyMatch()
    {
        return ExtractorTable.cases("""
            grok|%{USERNAME:username}| @ "foobar" --> {"username":"foobar"}
            grok|%{USERNAME}| @ "foobar" --> {}
            grok|%{IP:ip} %{NUMBER:n}| @ "1.2.3.4 5" --> {"ip":"1.2.3.4","n":"5"}
            grok|%{WORD:w} %{GREEDYDATA:rest}| @ "hello big world" --> {"w":"hello","rest":"big world"}
            grok|%{INT:i}| @ "abc 42 def" --> {"i":"42"}
            grok|%{INT:i}| @ "abc" --> "no"
            grok|^%{IPV4:a}$| @ "1.2.3.4x" --> "no"
            grok|%{WORD:w}| @ 1 --> "no"
            test grok|%{INT:i}| @ "42" --> "yes"
            test grok|%{INT:i}| @ "x" --> "no"
            grok|%{NOPE:x}| @ "" --> compile: Invalid tilde predicate pattern: ...
            """);
    }
}
