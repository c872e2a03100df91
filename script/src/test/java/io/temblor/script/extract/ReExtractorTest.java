package io.temblor.script.extract;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The {@code re} and {@code rerg} extractors, checked against Tremor's ({@code extractor/re.rs}, Rust's regex crate):
 * a search anywhere in the string; {@code re} extracts the named groups of the first match (groups that did not take
 * part are left out), {@code rerg} each named group's captures over all matches.
 */
class ReExtractorTest
{
    @TestFactory
    Stream<DynamicTest> shouldExtractNamedGroupsWhenCallingRe()
    {
        return ExtractorTable.cases("""
            re|(?P<a>\\\\d+)| @ "x12y34" --> {"a":"12"}
            re|(snot)?foo(?P<snot>.*)| @ "foobar" --> {"snot":"bar"}
            re|(\\\\d+)-(?P<b>\\\\w+)| @ "1-ab" --> {"b":"ab"}
            re|(?P<a>x)?(?P<b>y)| @ "y" --> {"b":"y"}
            re|^\\\\d+$| @ "12" --> {}
            re|(?i)(?P<w>abc)| @ "xABCx" --> {"w":"ABC"}
            re|(?P<w>ä.)| @ "xä😀" --> {"w":"ä😀"}
            // Rust's \\d is Unicode
            re|^(?P<n>\\\\d+)$| @ "١٢" --> {"n":"١٢"}
            re|^\\\\d+$| @ "x" --> "no"
            re|.*| @ 1 --> "no"
            re|.*| @ null --> "no"
            test re|b| @ "abc" --> "yes"
            test re|^b| @ "abc" --> "no"
            re|(| @ "" --> compile: Invalid tilde predicate pattern: ...
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldCollectEveryMatchWhenCallingRerg()
    {
        return ExtractorTable.cases("""
            rerg|(?P<d>\\\\d)| @ "1 2 3" --> {"d":["1","2","3"]}
            rerg|(?P<key>[^=]+)=(?P<val>[^&]+)&| @ "foo=bar&baz=bat&" --> {"key":["foo","baz"],"val":["bar","bat"]}
            // bound to a name, rerg matches any string (Tremor's execute_rerg), with {} when nothing matched
            rerg|(?P<d>\\\\d)| @ "none" --> {}
            rerg|(?P<d>\\\\d)| @ 1 --> "no"
            test rerg|(?P<d>\\\\d)| @ "1" --> "yes"
            test rerg|(?P<d>\\\\d)| @ "none" --> "no"
            rerg|(| @ "" --> compile: Invalid tilde predicate pattern: ...
            """);
    }
}
