package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code std::time::nanos}: the constants and script functions of {@code std/time/nanos.tremor}. {@code to_*}
 * divide, so they give floats; {@code truncate_*} of negative values go one unit further down when the value is
 * already a multiple (Tremor's formula, kept).
 */
class TimeNanosModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::time::nanos;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldConvertUnitsWhenCallingFromAndTo()
    {
        return cases("""
            [nanos::NANOS_PER_MICROSECOND, nanos::NANOS_PER_MILLISECOND, nanos::NANOS_PER_SECOND] --> [1000,1000000,1000000000]
            [nanos::NANOS_PER_MINUTE, nanos::NANOS_PER_HOUR, nanos::NANOS_PER_DAY, nanos::NANOS_PER_WEEK] --> \
            [60000000000,3600000000000,86400000000000,604800000000000]
            [nanos::from_weeks(1), nanos::from_days(2), nanos::from_hours(1)] --> [604800000000000,172800000000000,3600000000000]
            [nanos::from_minutes(1), nanos::from_seconds(3), nanos::from_millis(1), nanos::from_micros(1)] --> \
            [60000000000,3000000000,1000000,1000]
            [nanos::from_seconds(-1), nanos::from_seconds(0.5)] --> [-1000000000,500000000.0]
            [nanos::to_weeks(604800000000000), nanos::to_days(129600000000000), nanos::to_hours(5400000000000)] --> \
            [1.0,1.5,1.5]
            [nanos::to_minutes(90000000000), nanos::to_seconds(1500000000), nanos::to_millis(2500000), nanos::to_micros(1000)] --> \
            [1.5,1.5,2.5,1.0]
            nanos::to_seconds(event) @ 0 --> 0.0
            nanos::from_weeks(event) @ 15251 --> 9223804800000000000
            nanos::from_weeks(event) @ 30502 --> error: The binary operation `*` caused an over- or underflow
            nanos::to_seconds(event) @ "1" --> error: The binary operation `/` is not defined for the type `string` and `integer`
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldRoundDownWhenCallingTruncate()
    {
        return cases("""
            [nanos::truncate_micros(1500), nanos::truncate_millis(2999999), nanos::truncate_seconds(1500000000)] --> \
            [1000,2000000,1000000000]
            [nanos::truncate_minutes(90000000000), nanos::truncate_hours(5400000000000)] --> [60000000000,3600000000000]
            nanos::truncate_days(86400000000001) --> 86400000000000
            nanos::truncate_seconds(0) --> 0
            nanos::truncate_seconds(-1500000000) --> -2000000000
            // Tremor's formula takes an exact negative multiple one unit further down
            nanos::truncate_seconds(-2000000000) --> -3000000000
            nanos::truncate_millis(event) @ -1 --> -1000000
            """);
    }
}
