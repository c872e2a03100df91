package io.temblor.script.stdlib;

import io.temblor.script.runtime.TestScripts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StdlibTest
{
    @Test
    void shouldImplementArrayFunctionsWhenCalledWithArrays()
    {
        assertEquals("[3,true,[1,2,3],[3,2,1],[1,2,3],true,[[1,3],[2,4]],\"1-2\"]", TestScripts.eval("use std::array; " +
            "[array::len([1,2,3]), array::is_empty([]), array::sort([3,1,2]), array::reverse([1,2,3]), " +
            "array::push([1,2], 3), array::contains([1,2], 2), array::zip([1,2],[3,4]), array::join([1,2], \"-\")]"));
        assertEquals("error: Bad type passed to function array::len/1", TestScripts.eval("use std::array; let a = 1; array::len(a)"));
    }

    @Test
    void shouldImplementRecordFunctionsWhenCalledWithRecords()
    {
        assertEquals("[1,[\"a\"],[1],[[\"a\",1]],{\"b\":2},true]", TestScripts.eval("use std::record; let r = {\"a\": 1}; " +
            "[record::len(r), record::keys(r), record::values(r), record::to_array(r), record::from_array([[\"b\", 2]]), " +
            "record::contains(r, \"a\")]"));
        assertEquals("error: Bad type passed to function record::from_array/1",
            TestScripts.eval("use std::record; let a = 7; record::from_array(a)"));
    }

    @Test
    void shouldFormatAndSplitWhenUsingStringFunctions()
    {
        assertEquals("[\"a 1 {x}\",[\"a\",\"b\"],\"ABC\",\"bc\",true,3]", TestScripts.eval("use std::string; " +
            "[string::format(\"{} {} {{x}}\", \"a\", 1), string::split(\"a,b\", \",\"), string::uppercase(\"abc\"), " +
            "string::substr(\"abc\", 1, 3), string::contains(\"abc\", \"b\"), string::len(\"äbc\")]"));
        assertEquals("error: Runtime error in function string::format/2: too many parameters passed. Ensure that you have " +
            "the same number of {} in your format string", TestScripts.eval("use std::string; let f = \"x\"; string::format(f, 1)"));
    }

    @Test
    void shouldCompareNumbersWhenUsingMathFunctions()
    {
        assertEquals("[2,1.5,3,-3,2,2]", TestScripts.eval("use std::math; let x = 2.5; let y = -2.5; " +
            "[math::max(1, 2), math::min(1.5, 2), math::round(x), math::round(y), math::floor(x), math::trunc(x)]"));
        assertEquals("error: Bad type passed to function math::max/2", TestScripts.eval("use std::math; let a = 7; math::max(\"s\", a)"));
    }

    @Test
    void shouldConvertWhenUsingTypeIntegerAndRangeFunctions()
    {
        assertEquals("[\"string\",true,42,[0,1,2]]", TestScripts.eval("use std::{type, integer, range}; " +
            "[type::as_string(\"x\"), type::is_number(1.0), integer::parse(\"42\"), range::range(0, 3)]"));
        assertTrue(TestScripts.eval("use std::integer; let s = \"x\"; integer::parse(s)").startsWith("error: Runtime error"));
    }

    @Test
    void shouldRoundTripWhenEncodingBase64AndJson()
    {
        assertEquals("[\"c25vdA==\",\"{\\\"a\\\":[1,2.5]}\",[1,2]]", TestScripts.eval("use std::{base64, json, binary}; " +
            "[base64::encode(binary::from_bytes([115, 110, 111, 116])), json::encode({\"a\": [1, 2.5]}), binary::into_bytes(<<1, 2>>)]"));
    }

    @Test
    void shouldUseUtcWhenReadingDatetimes()
    {
        assertEquals("[2019,1,1,9,42,\"2019-01-01 09:42\",1546335720000000000]", TestScripts.eval("use std::datetime; " +
            "let t = 1546335720000000000; [datetime::year(t), datetime::month(t), datetime::day_of_month(t), " +
            "datetime::hour(t), datetime::minute(t), datetime::format(t, \"%Y-%m-%d %H:%M\"), " +
            "datetime::parse(\"2019-01-01 09:42\", \"%Y-%m-%d %H:%M\")]"));
    }

    @Test
    void shouldHashConsistentlyWhenUsingJump()
    {
        assertEquals("[0,3]", TestScripts.eval("use tremor::chash; [chash::jump(\"key1\", 5), " +
            "chash::jump_with_keys(23, 42, \"key1\", 5)]"));
    }

    @Test
    void shouldRegisterEveryNameOnlyOnceWhenLookingUp()
    {
        assertNotNull(Stdlib.lookup("string::format"));
        assertNull(Stdlib.lookup("string::no_such_function"));
        assertTrue(Stdlib.names().size() > 100);
    }
}
