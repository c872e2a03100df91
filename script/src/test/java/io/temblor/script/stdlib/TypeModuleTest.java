package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** {@code std::type}, checked against tremor-script's {@code std_lib/type.rs}: total functions of one argument. */
class TypeModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::type; use std::string;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldNameEveryTypeWhenCallingAsString()
    {
        return cases("""
            [type::as_string(null), type::as_string(true), type::as_string(1), type::as_string(-1)] --> \
            ["null","bool","integer","integer"]
            [type::as_string(1.5), type::as_string("a"), type::as_string([]), type::as_string({})] --> \
            ["float","string","array","record"]
            type::as_string(string::into_binary("a")) --> "bytes"
            type::as_string(18446744073709551615) --> "integer"
            type::as_string(event) @ {"a": [1]} --> "record"
            type::as_string() --> compile: Bad arity for function type::as_string/1..=1 but was called with 0 arguments
            type::as_string(event, 1) @ 1 --> error: Bad arity for function type::as_string/1..=1 but was called with 2 \
            arguments
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldTestEachTypeWhenCallingIsFunctions()
    {
        return cases("""
            [type::is_null(null), type::is_null(0), type::is_null("")] --> [true,false,false]
            [type::is_bool(false), type::is_bool(0), type::is_bool("true")] --> [true,false,false]
            [type::is_integer(1), type::is_integer(-1), type::is_integer(1.0), type::is_integer("1")] --> [true,true,false,false]
            // is_integer is Rust's is_i64: a u64 above i64::MAX is not one
            type::is_integer(18446744073709551615) --> false
            [type::is_float(1.0), type::is_float(1), type::is_float(null)] --> [true,false,false]
            [type::is_number(1), type::is_number(1.5), type::is_number(18446744073709551615)] --> [true,true,true]
            [type::is_number("1"), type::is_number(null), type::is_number([1])] --> [false,false,false]
            [type::is_string(""), type::is_string(string::into_binary("a")), type::is_string(1)] --> [true,false,false]
            [type::is_array([]), type::is_array({}), type::is_array("[]")] --> [true,false,false]
            [type::is_record({}), type::is_record([]), type::is_record(null)] --> [true,false,false]
            [type::is_binary(string::into_binary("")), type::is_binary(""), type::is_binary([1])] --> [true,false,false]
            [type::is_null(event.a), type::is_record(event), type::is_array(event.b)] @ {"a": null, "b": []} --> [true,true,true]
            type::is_null() --> compile: Bad arity for function type::is_null/1..=1 but was called with 0 arguments
            """);
    }
}
