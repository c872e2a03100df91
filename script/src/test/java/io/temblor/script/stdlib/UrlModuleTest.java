package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code std::url}, checked against tremor-script's {@code std_lib/url.rs}: the percent-encoding crate with the
 * {@code NON_ALPHANUMERIC} set (every byte but ASCII letters and digits is encoded, upper-case hex), decoding that
 * leaves malformed escapes and {@code +} as they are. Neither function is constant in Tremor, so even literal
 * arguments fail at run time.
 */
class UrlModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use std::url;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldPercentEncodeAllButAlphanumericsWhenCallingEncode()
    {
        return cases("""
            url::encode("beep:snot/foobar") --> "beep%3Asnot%2Ffoobar"
            url::encode("snot badger") --> "snot%20badger"
            url::encode("") --> ""
            url::encode("aZ09") --> "aZ09"
            url::encode("-_.~*+") --> "%2D%5F%2E%7E%2A%2B"
            url::encode("ä😀") --> "%C3%A4%F0%9F%98%80"
            url::encode(event) @ "a\\nb" --> "a%0Ab"
            url::encode(1) --> error: Bad type passed to function url::encode/1
            url::encode(event) @ null --> error: Bad type passed to function url::encode/1
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldDecodePercentEscapesWhenCallingDecode()
    {
        return cases("""
            url::decode("beep%3Asnot%2Ffoobar") --> "beep:snot/foobar"
            url::decode("%22snot%20badger%22") --> "\\"snot badger\\""
            url::decode("") --> ""
            url::decode("a+b") --> "a+b"
            url::decode("%c3%A4%F0%9F%98%80") --> "ä😀"
            // malformed escapes stay as they are
            url::decode("100%") --> "100%"
            url::decode("%zz%4") --> "%zz%4"
            url::decode(url::encode(event)) @ "ä b/c?d=e&f" --> "ä b/c?d=e&f"
            url::decode("%ff") --> error: Runtime error in function url::decode/1: Could not urldecode value: %ff
            url::decode(event) @ "a%C3" --> error: Runtime error in function url::decode/1: Could not urldecode value: a%C3
            url::decode([]) --> error: Bad type passed to function url::decode/1
            """);
    }
}
