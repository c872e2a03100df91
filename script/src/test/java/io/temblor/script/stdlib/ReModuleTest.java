package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code std::re}, checked against tremor-script's {@code std_lib/re.rs} (Rust's regex crate): unanchored search,
 * {@code replace} changes the first match and {@code replace_all} every one, {@code ${name}}/{@code $1} refer to
 * groups and {@code $$} is a dollar, {@code split} keeps empty parts; errors quote Rust's regex parser (prefix
 * checked here; the full texts are tested with the regex layer).
 */
class ReModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::re;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldSearchAnywhereWhenCallingIsMatch()
    {
        return cases("""
            re::is_match("t...", "this is a test") --> true
            re::is_match("x...", "this is a test") --> false
            re::is_match("b", "abc") --> true
            re::is_match("^a", "ba") --> false
            re::is_match("c$", "abc") --> true
            re::is_match("(?i)ABC", "xabcx") --> true
            re::is_match("", "") --> true
            // Rust's \\d is Unicode
            re::is_match("^\\\\d+$", event) @ "١٢" --> true
            re::is_match("ä.😀", event) @ "xäb😀y" --> true
            re::is_match(event, "abc") @ "^b" --> false
            re::is_match(1, "a") --> compile: Bad type passed to function re::is_match/2
            re::is_match("a", event) @ 1 --> error: Bad type passed to function re::is_match/2
            re::is_match("(", event) @ "x" --> error: Runtime error in function re::is_match/2: regex parse error:...
            re::is_match("a") --> compile: Bad arity for function re::is_match/2..=2 but was called with 1 arguments
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldSubstituteMatchesWhenCallingReplaceAndReplaceAll()
    {
        return cases("""
            re::replace("t...", "this is a test", "cake") --> "cake is a test"
            re::replace_all("t...", "this is a test", "cake") --> "cake is a cake"
            re::replace("a+", "baaac aa", "x") --> "bxc aa"
            re::replace_all("a+", "baaac aa", "x") --> "bxc x"
            re::replace("z", "abc", "x") --> "abc"
            re::replace_all("z", "", "x") --> ""
            re::replace("(?<y>\\\\d{4})-(?<m>\\\\d{2})", "2024-05", "${m}/${y}") --> "05/2024"
            re::replace_all("(\\\\w)(\\\\d)", "a1 b2", "$2$1") --> "1a 2b"
            re::replace("a", "a", "$$") --> "$"
            // Rust's syntax: (?P<name>) groups, $name references (the longest name)
            re::replace("(?P<y>\\\\d{4})-(?P<m>\\\\d{2})", "2024-05", "$m/$y") --> "05/2024"
            re::replace("(?P<a>x)", "x", "$ab") --> ""
            re::replace_all("ö", event, "o") @ "köln öl" --> "koln ol"
            re::replace_all(".", "😀a", "x") --> "xx"
            re::replace("a", "a", 1) --> compile: Bad type passed to function re::replace/3
            re::replace_all("a", event, "b") @ [] --> error: Bad type passed to function re::replace_all/3
            re::replace("(", event, "x") @ "x" --> error: Runtime error in function re::replace/3: ...
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldKeepEmptyPartsWhenCallingSplit()
    {
        return cases("""
            re::split(" ", "this is a test") --> ["this","is","a","test"]
            re::split(",\\\\s*", "a, b,c") --> ["a","b","c"]
            re::split(",", "a,b,") --> ["a","b",""]
            re::split(",", ",a") --> ["","a"]
            re::split(",", "") --> [""]
            re::split("x", "abc") --> ["abc"]
            re::split("", "ab") --> ["","a","b",""]
            re::split("😀", event) @ "ä😀ö" --> ["ä","ö"]
            re::split(1, "a") --> compile: Bad type passed to function re::split/2
            re::split(",", event) @ null --> error: Bad type passed to function re::split/2
            re::split(event, "x") @ "a{2" --> error: Runtime error in function re::split/2: ...
            """);
    }
}
