package io.temblor.script.extract;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The {@code grok} extractor, checked against Tremor's ({@code grok.rs}, the grok crate with the default patterns):
 * a search anywhere in the string, only named patterns are extracted, always as strings.
 */
class GrokExtractorTest
{
    @Test
    void shouldNameClashingAliasesWhenAPatternNameRepeats()
    {
        // Tremor's grok: the last capture keeps the alias, the earlier one is renamed name0
        ScriptTable.check("match event of case r = %{v ~= grok|%{USERNAME:snot} %{USERNAME:snot}|} => " +
            "[r.v.snot, r.v.name0, std::record::len(r.v)] case _ => \"no\" end", "{\"v\": \"foobar badger\"}",
            "[\"badger\",\"foobar\",2]");
    }

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
            grok|%{TIMESTAMP_ISO8601:t} %{LOGLEVEL:l}| @ "2019-04-01T09:59:19+0010 INFO" --> \
            {"t":"2019-04-01T09:59:19+0010","l":"INFO"}
            grok|%{NOPE:x}| @ "" --> compile: Invalid tilde predicate pattern: Failed to compile logstash grok pattern \
            `%{NOPE:x}`
            """);
    }
}
