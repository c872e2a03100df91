package io.temblor.script.extract;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The {@code datetime} extractor: chrono parsing into nanoseconds since the epoch, as {@code datetime::parse}; any
 * format compiles (a bad one never matches), as in Tremor.
 */
class DatetimeExtractorTest
{
    @TestFactory
    Stream<DynamicTest> shouldParseNanosecondsWhenTheTextFitsTheFormat()
    {
        return ExtractorTable.cases("""
            datetime|%Y-%m-%d %H:%M| @ "2019-01-01 09:42" --> 1546335720000000000
            datetime|%Y-%m-%d %H:%M:%S %z| @ "2019-01-01 09:42:00 +0100" --> 1546332120000000000
            datetime|%Y-%m-%dT%H:%M:%S%.3fZ| @ "2019-06-17T13:15:40.752Z" --> 1560777340752000000
            datetime|%s| @ "1546335720" --> 1546335720000000000
            datetime|%+| @ "2019-01-01T09:42:00+00:00" --> 1546335720000000000
            datetime|%d/%b/%Y:%H:%M:%S %z| @ "10/Oct/2000:13:55:36 -0700" --> 971211336000000000
            datetime|%Y-%m-%d %H:%M| @ "1969-12-31 23:59" --> 18446744013709551616
            test datetime|%Y| @ "2019" --> "no"
            test datetime|%Y-%m-%d %H:%M| @ "2019-01-01 09:42" --> "yes"
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldNotMatchWhenTheTextDoesNotFit()
    {
        return ExtractorTable.cases("""
            datetime|%Y-%m-%d| @ "2019-01-01" --> "no"
            datetime|%Y-%m-%d %H:%M| @ "2019-01-01 09:42 x" --> "no"
            datetime|%Y-%m-%d %H:%M| @ "2019-13-01 09:42" --> "no"
            datetime|%Y-%m-%d %H:%M %z| @ "2019-01-01 09:42" --> "no"
            datetime|%Y-%m-%d %H:%M| @ "x" --> "no"
            datetime|%Y-%m-%d %H:%M| @ 1546335720 --> "no"
            // a bad format compiles and never matches
            datetime|%Q| @ "x" --> "no"
            """);
    }
}
