package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code std::string}, checked against tremor-script's {@code std_lib/string.rs}: lengths and positions count chars
 * (code points), text functions follow Rust's {@code str} (Unicode {@code White_Space}, full case mappings).
 */
class StringModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::string;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldFillPlaceholdersWhenCallingFormat()
    {
        return cases("""
            string::format("{} {}", "a", 1) --> "a 1"
            string::format("") --> ""
            string::format("no placeholders") --> "no placeholders"
            string::format("{{}} {{ }}") --> "{} { }"
            // strings as they are, everything else as JSON
            string::format("{}|{}|{}|{}", [1, "a"], {"a": null}, 1.5, 1.0) --> "[1,\\"a\\"]|{\\"a\\":null}|1.5|1.0"
            string::format("{} {} {}", true, null, -7) --> "true null -7"
            // a binary as its encode(): quoted base64
            string::format("{}", string::into_binary("ab")) --> "\\"YWI=\\""
            string::format("ä{}😀", "ö") --> "äö😀"
            string::format(event, "x") @ "{}{}{}" --> error: Runtime error in function string::format/2: the arguments \
            passed to the format function are less than the `{}` specifiers in the format string. The placeholder at 2 \
            can not be filled
            // a backslash escapes braces and is kept before anything else
            string::format("a\\\\{b\\\\}c") --> "a{b}c"
            string::format("a\\\\nb") --> "a\\\\nb"
            string::format("{}") --> compile: Runtime error in function string::format/1: the arguments passed to the \
            format function are less than the `{}` specifiers in the format string. The placeholder at 0 can not be filled
            string::format("{}", 1, 2) --> compile: Runtime error in function string::format/3: too many parameters \
            passed. Ensure that you have the same number of {} in your format string
            // positions count chars
            string::format("ä{", 1) --> compile: Runtime error in function string::format/2: the format specifier at 1 \
            is invalid. If you want to use `{` as a literal in the string, you need to escape it with `{{`
            string::format("{x}", 1) --> compile: Runtime error in function string::format/2: the format specifier at 0 \
            is invalid. If you want to use `{` as a literal in the string, you need to escape it with `{{`
            string::format("a}b") --> compile: Runtime error in function string::format/1: the format specifier at 1 is \
            invalid. You have to terminate `}` with another `}` to escape it
            string::format("x\\\\") --> compile: Runtime error in function string::format/1: bad escape sequence at 1
            string::format(event, 1) @ 7 --> error: Runtime error in function string::format/2: expected 1st parameter \
            to format to be a format specifier e.g. to print a number use `string::format("{}", 1)`
            string::format() --> compile: Bad arity for function string::format/0..=0 but was called with 0 arguments
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldReplaceEveryOccurrenceWhenCallingReplace()
    {
        return cases("""
            string::replace("this is a test", "t", "T") --> "This is a TesT"
            string::replace("aaa", "aa", "b") --> "ba"
            string::replace("abc", "x", "y") --> "abc"
            string::replace("abc", "b", "") --> "ac"
            // an empty pattern matches between every two chars
            string::replace("abc", "", "-") --> "-a-b-c-"
            string::replace("", "", "x") --> "x"
            string::replace(event, "", "-") @ "ä😀" --> "-ä-😀-"
            string::replace("abc", "b", 1) --> compile: Bad type passed to function string::replace/3
            string::replace(event, "a", "b") @ 1 --> error: Bad type passed to function string::replace/3
            string::replace("a", "b") --> compile: Bad arity for function string::replace/3..=3 but was called with 2 arguments
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldMeasureCharsAndBytesWhenCallingLenBytesAndIsEmpty()
    {
        return cases("""
            string::is_empty("") --> true
            string::is_empty(" ") --> false
            string::is_empty([]) --> compile: Bad type passed to function string::is_empty/1
            string::len("") --> 0
            string::len("äbc😀") --> 4
            // chars, not grapheme clusters
            string::len(event) @ "e\\u0301" --> 2
            string::len(1) --> compile: Bad type passed to function string::len/1
            string::len(event) @ ["a"] --> error: Bad type passed to function string::len/1
            string::bytes("") --> 0
            string::bytes("äbc😀") --> 8
            string::bytes(event) @ null --> error: Bad type passed to function string::bytes/1
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldTrimUnicodeWhiteSpaceWhenCallingTrim()
    {
        return cases("""
            string::trim("  a b  ") --> "a b"
            string::trim("\\t\\n a \\r\\n") --> "a"
            string::trim("") --> ""
            string::trim("   ") --> ""
            // Unicode White_Space: no-break, em and ideographic spaces and NEL are trimmed ...
            string::trim(event) @ "\\u00a0\\u2003a\\u3000\\u0085" --> "a"
            // ... but not the information separators U+001C..U+001F
            string::trim(event) @ "\\u001fa\\u001c" --> "\\u001fa\\u001c"
            string::trim_start("  a  ") --> "a  "
            string::trim_start(event) @ "\\u00a0a" --> "a"
            string::trim_end("  a  ") --> "  a"
            string::trim_end(event) @ "a\\u202f" --> "a"
            string::trim(1) --> compile: Bad type passed to function string::trim/1
            string::trim_start(event) @ [] --> error: Bad type passed to function string::trim_start/1
            string::trim_end(event) @ {} --> error: Bad type passed to function string::trim_end/1
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldMapCaseWhenCallingLowercaseUppercaseAndCapitalize()
    {
        return cases("""
            string::lowercase("ÄbC") --> "äbc"
            string::lowercase("ΟΔΟΣ") --> "οδος"
            string::lowercase("") --> ""
            string::uppercase("straße") --> "STRASSE"
            string::uppercase("äb1") --> "ÄB1"
            string::capitalize("hello world") --> "Hello world"
            string::capitalize("ärger") --> "Ärger"
            string::capitalize("ßa") --> "SSa"
            string::capitalize("1a") --> "1a"
            string::capitalize("") --> ""
            string::lowercase(1) --> compile: Bad type passed to function string::lowercase/1
            string::uppercase(event) @ true --> error: Bad type passed to function string::uppercase/1
            string::capitalize(event) @ null --> error: Bad type passed to function string::capitalize/1
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldCutByCharPositionsWhenCallingSubstr()
    {
        return cases("""
            string::substr("abcdef", 1, 3) --> "bc"
            string::substr("abc", 0, 3) --> "abc"
            string::substr("äöü", 1, 2) --> "ö"
            string::substr("😀a😀", 1, 3) --> "a😀"
            string::substr("abc", 1, 1) --> ""
            string::substr("", 0, 0) --> ""
            // Tremor's quirks: a start after the end gives the whole input, a start past the end counts as 0
            string::substr("abc", 2, 1) --> "abc"
            string::substr("abc", 5, 7) --> "abc"
            string::substr("abc", 3, 3) --> "abc"
            string::substr("abc", 1, 10) --> "bc"
            string::substr("abc", -1, 2) --> compile: Bad type passed to function string::substr/3
            string::substr("abc", 0, 1.0) --> compile: Bad type passed to function string::substr/3
            string::substr(event, 0, 1) @ 12 --> error: Bad type passed to function string::substr/3
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldSplitOnEveryOccurrenceWhenCallingSplit()
    {
        return cases("""
            string::split("a,b,c", ",") --> ["a","b","c"]
            string::split("a,b,", ",") --> ["a","b",""]
            string::split("", ",") --> [""]
            string::split("a::b", "::") --> ["a","b"]
            string::split("aaa", "aa") --> ["","a"]
            string::split("ä😀ö", "😀") --> ["ä","ö"]
            // an empty separator splits between chars, with empty ends
            string::split("abc", "") --> ["","a","b","c",""]
            string::split(event, "") @ "😀" --> ["","😀",""]
            string::split("abc", 1) --> compile: Bad type passed to function string::split/2
            string::split(event, ",") @ ["a,b"] --> error: Bad type passed to function string::split/2
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldConvertBinariesWhenCallingFromUtf8LossyAndIntoBinary()
    {
        return ScriptTable.cases("use std::string; use std::binary;", """
            string::from_utf8_lossy(<<104, 105>>) --> "hi"
            string::from_utf8_lossy(<<0xC3, 0xA4>>) --> "ä"
            // each maximal invalid sequence becomes one U+FFFD
            string::from_utf8_lossy(<<0xFF, 97>>) --> "\uFFFDa"
            string::from_utf8_lossy(<<0xF0, 0x9F, 0x98, 97>>) --> "\uFFFDa"
            string::from_utf8_lossy(<<0xE0, 0x80, 0x80>>) --> "\uFFFD\uFFFD\uFFFD"
            string::from_utf8_lossy("abc") --> compile: Bad type passed to function string::from_utf8_lossy/1
            string::from_utf8_lossy(event) @ "abc" --> error: Bad type passed to function string::from_utf8_lossy/1
            binary::into_bytes(string::into_binary("ä")) --> [195,164]
            string::from_utf8_lossy(string::into_binary("ä😀")) --> "ä😀"
            string::into_binary(1) --> compile: Bad type passed to function string::into_binary/1
            string::into_binary(event) @ [] --> error: Bad type passed to function string::into_binary/1
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldSearchAndReverseCharsWhenCallingContainsAndReverse()
    {
        return cases("""
            string::contains("abc", "b") --> true
            string::contains("abc", "B") --> false
            string::contains("abc", "") --> true
            string::contains("", "") --> true
            string::contains("", "a") --> false
            string::contains("äöü", "öü") --> true
            string::contains("abc", 1) --> compile: Bad type passed to function string::contains/2
            string::contains(event, "a") @ ["a"] --> error: Bad type passed to function string::contains/2
            string::reverse("abc") --> "cba"
            string::reverse("") --> ""
            string::reverse("ä😀b") --> "b😀ä"
            // chars, not grapheme clusters: the combining accent moves
            string::reverse(event) @ "e\\u0301" --> "\u0301e"
            string::reverse(1) --> compile: Bad type passed to function string::reverse/1
            """);
    }
}
