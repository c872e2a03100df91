package io.temblor.script.extract;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The {@code glob} extractor, checked against Tremor's (the glob crate with default options: the whole string,
 * {@code *} also across {@code /}, case sensitive); a match extracts {@code true}.
 */
class GlobExtractorTest
{
    @TestFactory
    Stream<DynamicTest> shouldMatchTheWholeStringWhenUsingWildcards()
    {
        return ExtractorTable.cases("""
            glob|*INFO*| @ "INFO" --> true
            glob|a*c| @ "abc" --> true
            glob|a*c| @ "ac" --> true
            glob|a*c| @ "abcd" --> "no"
            glob|*.log| @ "x.log" --> true
            glob|*.log| @ "x.txt" --> "no"
            glob|app-*| @ "app-1" --> true
            glob|app-*| @ "xapp-1" --> "no"
            glob|a?c| @ "abc" --> true
            glob|a?c| @ "aäc" --> true
            glob|a?c| @ "ac" --> "no"
            glob|a/*/c| @ "a/b/x/c" --> true
            glob|x[a-c]y| @ "xby" --> true
            glob|x[a-c]y| @ "xdy" --> "no"
            glob|x[!a]y| @ "xby" --> true
            glob|x[!a]y| @ "xay" --> "no"
            glob|A*B| @ "aB" --> "no"
            glob|abc| @ "abc" --> true
            glob|abc| @ "abcd" --> "no"
            glob|*| @ "" --> true
            // as Tremor: a literal then one star (or one star then a literal) is a plain prefix (suffix) test
            glob|[ab]*| @ "[ab]c" --> true
            glob|[ab]*| @ "ac" --> "no"
            glob|*[x]| @ "a[x]" --> true
            glob|a*| @ 1 --> "no"
            test glob|a*c| @ "abc" --> "yes"
            test glob|a*c| @ "abd" --> "no"
            glob|x[| @ "" --> compile: Invalid tilde predicate pattern: ...
            """);
    }
}
