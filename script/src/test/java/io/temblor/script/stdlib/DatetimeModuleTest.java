package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code std::datetime}, checked against tremor-script's {@code std_lib/datetime.rs} and {@code datetime.rs} and
 * chrono 0.4.38's strftime formatting and parsing. A datetime is nanoseconds since the epoch (a u64, UTC) or a
 * {@code with_timezone} record.
 */
class DatetimeModuleTest
{
    /** 2019-01-01T09:42:00Z, a Tuesday. */
    private static final String T = "1546335720000000000";
    /** 2019-06-17T13:15:40.752123456Z, a Monday. */
    private static final String T2 = "1560777340752123456";

    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::datetime; let t = " + T + "; let t2 = " + T2 + ";", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldReadCalendarFieldsWhenGivenNanoseconds()
    {
        return cases("""
            [datetime::year(t), datetime::month(t), datetime::day_of_month(t), datetime::day_of_year(t)] --> [2019,1,1,1]
            [datetime::hour(t), datetime::minute(t), datetime::second(t), datetime::iso_week(t)] --> [9,42,0,1]
            [datetime::subsecond_millis(t2), datetime::subsecond_micros(t2), datetime::subsecond_nanos(t2)] --> \
            [752,752123,752123456]
            [datetime::iso_week(t2), datetime::day_of_year(t2)] --> [25,168]
            // 2021-01-01 is in ISO week 53 of 2020
            datetime::iso_week(1609459200000000000) --> 53
            [datetime::year(0), datetime::month(0), datetime::hour(0)] --> [1970,1,0]
            // the largest u64 is in 2554
            [datetime::year(18446744073709551615), datetime::subsecond_nanos(18446744073709551615)] --> [2554,709551615]
            datetime::year(event) @ 1546335720000000000 --> 2019
            datetime::year(-1) --> compile: Runtime error in function datetime::year/1: Invalid datetime input of type i64
            datetime::month(event) @ 1.5 --> error: Runtime error in function datetime::month/1: Invalid datetime input of \
            type f64
            datetime::hour(event) @ "2019" --> error: Runtime error in function datetime::hour/1: Invalid datetime input \
            of type string
            datetime::minute(event) @ null --> error: Runtime error in function datetime::minute/1: Invalid datetime \
            input of type null
            datetime::second(event) @ [] --> error: Runtime error in function datetime::second/1: Invalid datetime input \
            of type array
            datetime::year(event) @ {} --> error: Runtime error in function datetime::year/1: Missing or invalid \
            "timestamp" field
            datetime::year(event) @ {"timestamp": -1} --> error: Runtime error in function datetime::year/1: Missing or \
            invalid "timestamp" field
            datetime::year() --> compile: Bad arity for function datetime::year/1..=1 but was called with 0 arguments
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldAttachZonesWhenCallingWithTimezone()
    {
        return cases("""
            datetime::with_timezone(1, "UTC") --> {"timestamp":1,"tz":"UTC"}
            datetime::with_timezone({"timestamp": 5, "tz": "Europe/Berlin"}, 3) --> {"timestamp":5,"tz":3}
            datetime::with_timezone(0, datetime::timezones::EUROPE_BERLIN) --> {"timestamp":0,"tz":432}
            [datetime::hour(datetime::with_timezone(0, "Europe/Berlin")), datetime::hour(datetime::with_timezone(t2, \
            "Europe/Berlin"))] --> [1,15]
            datetime::hour(datetime::with_timezone(0, datetime::timezones::ASIA_TOKYO)) --> 9
            [datetime::hour(datetime::with_timezone(0, "+05:30")), datetime::minute(datetime::with_timezone(0, "0530"))] \
            --> [5,30]
            [datetime::year(datetime::with_timezone(0, "-0230")), datetime::hour(datetime::with_timezone(0, "-02"))] \
            --> [1969,22]
            datetime::hour({"timestamp": 0, "tz": "Pacific/Pitcairn"}) --> 15
            datetime::hour({"timestamp": 0, "tz": "EST"}) --> 19
            datetime::with_timezone(0, "Nope/Zone") --> compile: Runtime error in function datetime::with_timezone/2: \
            Invalid timezone offset
            datetime::with_timezone(0, "utc") --> compile: Runtime error in function datetime::with_timezone/2: Invalid \
            timezone offset
            datetime::with_timezone(0, "+01:79") --> compile: Runtime error in function datetime::with_timezone/2: \
            Invalid timezone offset
            datetime::with_timezone(0, "+99") --> compile: Runtime error in function datetime::with_timezone/2: Invalid \
            timezone offset seconds: +99
            datetime::with_timezone(0, 596) --> compile: Runtime error in function datetime::with_timezone/2: Invalid \
            timezone identifier 596
            datetime::with_timezone(0, 1.5) --> compile: Runtime error in function datetime::with_timezone/2: Invalid \
            timezone type f64
            datetime::with_timezone(-1, "UTC") --> compile: Bad type passed to function datetime::with_timezone/2
            datetime::with_timezone(event, "UTC") @ {"x": 1} --> error: Runtime error in function \
            datetime::with_timezone/2: Invalid datetime input: Missing or invalid "timestamp" field.
            datetime::year(event) @ {"timestamp": 0, "tz": "bad"} --> error: Runtime error in function datetime::year/1: \
            Invalid timezone offset
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldWriteChronosFormsWhenCallingRfc3339AndRfc2822()
    {
        return cases("""
            datetime::rfc3339(t) --> "2019-01-01T09:42:00+00:00"
            datetime::rfc3339(t2) --> "2019-06-17T13:15:40.752123456+00:00"
            datetime::rfc3339(1560777340752000000) --> "2019-06-17T13:15:40.752+00:00"
            datetime::rfc3339(1560777340752123000) --> "2019-06-17T13:15:40.752123+00:00"
            datetime::rfc3339(datetime::with_timezone(1560777340752000000, "Europe/Berlin")) --> \
            "2019-06-17T15:15:40.752+02:00"
            datetime::rfc2822(t) --> "Tue, 1 Jan 2019 09:42:00 +0000"
            datetime::rfc2822(datetime::with_timezone(t2, "Europe/Berlin")) --> "Mon, 17 Jun 2019 15:15:40 +0200"
            datetime::rfc2822(datetime::with_timezone(0, "-02:30")) --> "Wed, 31 Dec 1969 21:30:00 -0230"
            datetime::rfc3339("x") --> compile: Runtime error in function datetime::rfc3339/1: Invalid datetime input of \
            type string
            datetime::rfc2822(event) @ -5 --> error: Runtime error in function datetime::rfc2822/1: Invalid datetime input \
            of type i64
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldFollowChronoSpecifiersWhenCallingFormat()
    {
        return cases("""
            datetime::format(t, "%Y-%m-%d %H:%M:%S") --> "2019-01-01 09:42:00"
            datetime::format(t, "%a %A %b %B %h %d %e %j") --> "Tue Tuesday Jan January Jan 01  1 001"
            datetime::format(t, "%-d/%-m %_H %I %l %p %P %k") --> "1/1  9 09  9 AM am  9"
            datetime::format(t2, "%f %.f %.3f %3f %.6f %6f %.9f %9f") --> \
            "752123456 .752123456 .752 752 .752123 752123 .752123456 752123456"
            datetime::format(t, "[%.f] %f") --> "[] 000000000"
            datetime::format(t, "%s %C %y %G %g %V %U %W %u %w") --> "1546335720 20 19 2019 19 01 00 00 2 2"
            datetime::format(t, "%D|%x|%F|%T") --> "01/01/19|01/01/19|2019-01-01|09:42:00"
            datetime::format(t, "%X|%R|%r|%v") --> "09:42:00|09:42|09:42:00 AM| 1-Jan-2019"
            datetime::format(t, "%c") --> "Tue Jan  1 09:42:00 2019"
            datetime::format(t, "100%% %t|%n|") --> "100% \\t|\\n|"
            datetime::format(t, "%z %:z %::z %:::z %Z %+") --> "+0000 +00:00 +00:00:00 +00 UTC 2019-01-01T09:42:00+00:00"
            datetime::format(datetime::with_timezone(t, "America/New_York"), "%H %Z %z") --> "04 EST -0500"
            datetime::format(datetime::with_timezone(t2, "Europe/Berlin"), "%H %Z %:z") --> "15 CEST +02:00"
            datetime::format(datetime::with_timezone(t, "+05:30"), "%H:%M %Z %z") --> "15:12 +05:30 +0530"
            datetime::format(t, "äö 😀 %Y") --> "äö 😀 2019"
            datetime::format(t, "") --> ""
            datetime::format(0, "%Y %C %y") --> "1970 19 70"
            datetime::format(t, 1) --> error: Bad type passed to function datetime::format/2
            // the format is checked before the datetime
            datetime::format(-1, 1) --> compile: Bad type passed to function datetime::format/2
            datetime::format(-1, "%Y") --> compile: Runtime error in function datetime::format/2: Invalid datetime input \
            of type i64
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldParseLikeChronoWhenCallingParse()
    {
        return cases("""
            datetime::parse("2019-06-17T13:15:40.752Z", "%Y-%m-%dT%H:%M:%S%.3fZ") --> 1560777340752000000
            datetime::parse("1983 Apr 13 12:09:14.274 +0000", "%Y %b %d %H:%M:%S%.3f %z") --> 419083754274000000
            datetime::parse("1560777212", "%s") --> 1560777212000000000
            datetime::parse("2019-08-07T16:41:12.159975-04:00", "%Y-%m-%dT%T%.6f%:z") --> 1565210472159975000
            datetime::parse("2019-06-17T13:15:40.752+02:00", "%+") --> 1560770140752000000
            datetime::parse("2019-06-17 13:15:40Z", "%+") --> 1560777340000000000
            datetime::parse("2019-01-01 00:00 +01", "%Y-%m-%d %H:%M %#z") --> 1546297200000000000
            // numbers take 1 to N digits, whitespace before them is skipped, names in any case
            datetime::parse("2019-1-2 3:4:5", "%Y-%m-%d %H:%M:%S") --> 1546398245000000000
            datetime::parse("2019-01-02   03:04:05", "%Y-%m-%d %H:%M:%S") --> 1546398245000000000
            datetime::parse("13 APRIL 1983 12:09", "%d %B %Y %H:%M") --> 419083740000000000
            datetime::parse("2019-01-01 12:30 am", "%Y-%m-%d %I:%M %p") --> 1546302600000000000
            datetime::parse("20190102030405", "%Y%m%d%H%M%S") --> 1546398245000000000
            // a leap second is the next second
            datetime::parse("2016-12-31 23:59:60", "%Y-%m-%d %H:%M:%S") --> 1483228800000000000
            // before 1970 chrono's i64 is cast to u64
            datetime::parse("1969-12-31 23:59:59", "%Y-%m-%d %H:%M:%S") --> 18446744072709551616
            datetime::parse(event, "%d/%b/%Y:%H:%M:%S %z") @ "10/Oct/2000:13:55:36 -0700" --> 971211336000000000
            datetime::parse("Wed 2019-01-01 00:00", "%a %Y-%m-%d %H:%M") --> compile: Runtime error in function \
            datetime::parse/1: Datetime Parse Error: ParseError(Impossible)
            datetime::parse(event, "%Y-%m-%d") @ "2019-01-01" --> error: Runtime error in function datetime::parse/1: \
            Datetime Parse Error: ParseError(NotEnough)
            datetime::parse(event, "%Y-%m-%d %H:%M") @ "2019-01-01 00:00 x" --> error: Runtime error in function \
            datetime::parse/1: Datetime Parse Error: ParseError(TooLong)
            datetime::parse(event, "%Y") @ "x2019" --> error: Runtime error in function datetime::parse/1: Datetime Parse \
            Error: ParseError(Invalid)
            datetime::parse(event, "%Y-%m-%d %H:%M:%S") @ "2019-01-01 00:0" --> error: Runtime error in function \
            datetime::parse/1: Datetime Parse Error: ParseError(TooShort)
            datetime::parse(event, "%Y-%m-%d %H:%M") @ "2019-13-01 00:00" --> error: Runtime error in function \
            datetime::parse/1: Datetime Parse Error: ParseError(OutOfRange)
            datetime::parse(event, "%Y %Q") @ "2019 x" --> error: Runtime error in function datetime::parse/1: Datetime \
            Parse Error: ParseError(BadFormat)
            // a zoned format needs an offset: %Z only skips a name
            datetime::parse(event, "%Y-%m-%d %H:%M %Z") @ "2019-01-01 00:00 CET" --> error: Runtime error in function \
            datetime::parse/1: Datetime Parse Error: ParseError(NotEnough)
            // beyond the nanoseconds of an i64
            datetime::parse(event, "%Y-%m-%d %H:%M") @ "2300-01-01 00:00" --> error: Runtime error in function \
            datetime::parse/1: Datetime Parse Error
            datetime::parse(1, "%Y") --> compile: Bad type passed to function datetime::parse/2
            """);
    }
}
