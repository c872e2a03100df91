package io.temblor.script.extract;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The {@code dissect} extractor, checked against the dissect crate (0.7) Tremor uses. */
class DissectExtractorTest
{
    @TestFactory
    Stream<DynamicTest> shouldSplitAtDelimitersWhenTheTextMatches()
    {
        return ExtractorTable.cases("""
            dissect|%{a} %{b}| @ "John Doe" --> {"a":"John","b":"Doe"}
            dissect|%{name}, %{age}| @ "John Doe, 22" --> {"name":"John Doe","age":"22"}
            dissect|%{name}| @ "John" --> {"name":"John"}
            // the last field takes the rest; empty fields are empty strings
            dissect|%{a} %{b}| @ "1 2 3" --> {"a":"1","b":"2 3"}
            dissect|%{name}, %{age}| @ ", 22" --> {"name":"","age":"22"}
            dissect|[%{a}]| @ "[x]" --> {"a":"x"}
            dissect|%{a}→%{b}| @ "ä→😀" --> {"a":"ä","b":"😀"}
            // skipped fields, named keys, appends (joined with the last padding, a space by default)
            dissect|%{?first} %{last}, %{age}| @ "John Doe, 22" --> {"last":"Doe","age":"22"}
            dissect|%{} %{b}| @ "a b" --> {"b":"b"}
            dissect|%{?name}, %{&name}| @ "John Doe, 22" --> {"John Doe":"22"}
            dissect|%{+name} %{+name}, %{age}| @ "John Doe, 22" --> {"name":"John Doe","age":"22"}
            dissect|%{+a}-%{+a}| @ "x-y" --> {"a":"x y"}
            dissect|%{+a}%{_(-)}%{+a}| @ "x---y" --> {"a":"x-y"}
            dissect|%{+a} %{b} %{+a}| @ "1 2 3" --> {"b":"2","a":"1 3"}
            // types
            dissect|%{name}, %{age:int}| @ "John Doe, 22" --> {"name":"John Doe","age":22}
            dissect|%{f:float} %{s:string}| @ "1.5 x" --> {"f":1.5,"s":"x"}
            dissect|%{&k:int}| @ "1" --> "no"
            dissect|%{?k}=%{&k:int}| @ "n=-7" --> {"n":-7}
            // padding
            dissect|%{name}, %{_}%{age}| @ "John Doe,                22" --> {"name":"John Doe","age":"22"}
            dissect|%{name}, %{_(-)}%{age}| @ "John Doe, -----------------------22" --> {"name":"John Doe","age":"22"}
            dissect|%{a}%{_}| @ "x   " --> {"a":"x"}
            // escapes in delimiters
            dissect|%{a}\\\\t%{b}| @ "x\\ty" --> {"a":"x","b":"y"}
            test dissect|%{a}-%{b}| @ "x-y" --> "yes"
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldNotMatchWhenTheTextDoesNot()
    {
        return ExtractorTable.cases("""
            dissect|%{a}-%{b}| @ "xy" --> "no"
            dissect|x%{a}| @ "ya" --> "no"
            dissect|a%{b}c| @ "a1cd" --> "no"
            dissect|%{a}| @ 1 --> "no"
            dissect|%{a}| @ null --> "no"
            dissect|%{age:int}| @ "x" --> "no"
            dissect|%{age:int}| @ " 1" --> "no"
            dissect|%{f:float}| @ "1.5d" --> "no"
            dissect|%{&x}| @ "a" --> "no"
            dissect|%{?k}=%{&k}| @ "=v" --> "no"
            // only strings can be appended to
            dissect|%{a:int} %{+a}| @ "1 2" --> "no"
            dissect|| @ "x" --> "no"
            dissect|| @ "" --> {}
            test dissect|%{a}-%{b}| @ "xy" --> "no"
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldRejectBadPatternsWhenCompiling()
    {
        return ExtractorTable.cases("""
            dissect|%{a}%{b}| @ "" --> compile: Invalid tilde predicate pattern: A dilimiter needs to be provided between \
            the two patterns at 4
            dissect|%{a| @ "" --> compile: Invalid tilde predicate pattern: Unterminated patter at 0
            dissect|x %{a %{b}| @ "" --> compile: Invalid tilde predicate pattern: Unterminated patter at 2
            dissect|%{a:foo}| @ "" --> compile: Invalid tilde predicate pattern: Invalid type '0' at foo
            dissect|ä %{a:foo}| @ "" --> compile: Invalid tilde predicate pattern: Invalid type '3' at foo
            dissect|%{_x}| @ "" --> compile: Invalid tilde predicate pattern: Invalid padding at 0
            dissect|%{_} %{a}| @ "" --> compile: Invalid tilde predicate pattern: The padding at 0 can't be followed up \
            by a dilimiter that begins with it
            dissect|%{a}\\\\x%{b}| @ "" --> compile: Invalid tilde predicate pattern: Invalid escape sequence \\'x' is not \
            valid.
            dissect|%{a}-\\\\| @ "" --> compile: Invalid tilde predicate pattern: Unterminated escape at the end of line \
            or of a delimiter %{ can't be escaped
            """);
    }
}
