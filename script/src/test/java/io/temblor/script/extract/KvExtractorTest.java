package io.temblor.script.extract;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The {@code kv} extractor, checked against the tremor-kv crate Tremor uses. */
class KvExtractorTest
{
    @TestFactory
    Stream<DynamicTest> shouldSplitPairsWhenUsingDefaultSeparators()
    {
        return ExtractorTable.cases("""
            kv|| @ "foo:bar snot:badger" --> {"foo":"bar","snot":"badger"}
            kv|| @ "a:1" --> {"a":"1"}
            // fields that do not split into exactly two parts are dropped, empty fields too
            kv|| @ "a:1:2 b:2" --> {"b":"2"}
            kv|| @ "a:1  b:2" --> {"a":"1","b":"2"}
            kv|| @ "a b:2" --> {"b":"2"}
            kv|| @ ":1" --> {"":"1"}
            kv|| @ "a:" --> {"a":""}
            kv|| @ "a:1 a:2" --> {"a":"2"}
            kv|| @ "ä:😀" --> {"ä":"😀"}
            kv|| @ "novalue" --> "no"
            kv|| @ "" --> "no"
            kv|| @ 1 --> "no"
            test kv|| @ "a:1" --> "yes"
            test kv|| @ "a" --> "no"
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldUseThePatternsSeparatorsWhenGivenOne()
    {
        return ExtractorTable.cases("""
            kv|%{key}=%{val}| @ "this=is a=test" --> {"this":"is","a":"test"}
            kv|&%{key}=%{val}| @ "this=is&a=test" --> {"this":"is","a":"test"}
            kv|&| @ "this:is&a:test" --> {"this":"is","a":"test"}
            kv|%{key}%{%{val}| @ "this%{is a%{test" --> {"this":"is","a":"test"}
            kv|%{key}=%{val};%{key}:%{val} %{key}:%{val}| @ "this=is;a=test for:seperators" --> \
            {"this":"is","a":"test","for":"seperators"}
            kv|\\\\n%{key}=%{val}| @ "this=is\\na=test" --> {"this":"is","a":"test"}
            kv|%{key}=%{val}| @ "this is a test" --> "no"
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldRejectBadPatternsWhenCompiling()
    {
        return ExtractorTable.cases("""
            kv|%{key} %{val} | @ "" --> compile: Invalid tilde predicate pattern: The seperator ' ' is used for both key \
            value seperation as well as pair seperation.
            kv|%{key}=%{val}; %{key}:%{val} %{key}:%{val}| @ "" --> compile: Invalid tilde predicate pattern: The \
            seperator ' ' is used for both key value seperation as well as pair seperation.
            kv|%{key}=%{val};%{key}:%{val} :%{key}:%{val}| @ "" --> compile: Invalid tilde predicate pattern: The \
            seperator ':' is used for both key value seperation as well as pair seperation.
            kv|%{key}| @ "" --> compile: Invalid tilde predicate pattern: invalid pattern at character 6
            kv|\\\\x%{key}:%{val}| @ "" --> compile: Invalid tilde predicate pattern: Invalid escape sequence \\'x' is not \
            valid.
            """);
    }
}
