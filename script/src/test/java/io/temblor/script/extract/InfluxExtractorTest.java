package io.temblor.script.extract;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The {@code influx} extractor, checked against tremor-influx's line-protocol decoder. */
class InfluxExtractorTest
{
    @TestFactory
    Stream<DynamicTest> shouldDecodeLinesWhenTheyAreLineProtocol()
    {
        return ExtractorTable.cases("""
            influx|| @ "wea\\\\ ther,location=us-midwest temperature=82.0 1465839830100400200" --> \
            {"measurement":"wea ther","tags":{"location":"us-midwest"},"fields":{"temperature":82.0},"timestamp":1465839830100400200}
            influx|| @ "m f=1i 2" --> {"measurement":"m","tags":{},"fields":{"f":1},"timestamp":2}
            influx|| @ "m,a=b,c=d f=1.5,g=\\"s x\\",h=true,i=-3i,j=F 5" --> \
            {"measurement":"m","tags":{"a":"b","c":"d"},"fields":{"f":1.5,"g":"s x","h":true,"i":-3,"j":false},"timestamp":5}
            influx|| @ "m f=82 1" --> {"measurement":"m","tags":{},"fields":{"f":82.0},"timestamp":1}
            influx|| @ "m f=18446744073709551615i 1" --> {"measurement":"m","tags":{},"fields":{"f":18446744073709551615},"timestamp":1}
            influx|| @ "  m f=1i 1 \\n" --> {"measurement":"m","tags":{},"fields":{"f":1},"timestamp":1}
            influx|| @ "m,a= f=1i 1" --> {"measurement":"m","tags":{"a":""},"fields":{"f":1},"timestamp":1}
            influx|| @ "m f=\\"a\\\\\\"b\\" 1" --> {"measurement":"m","tags":{},"fields":{"f":"a\\"b"},"timestamp":1}
            // a backslash escapes a separator and is kept before anything else
            influx|| @ "a\\\\,b f=1i 1" --> {"measurement":"a,b","tags":{},"fields":{"f":1},"timestamp":1}
            influx|| @ "a\\\\b f=1i 1" --> {"measurement":"a\\\\b","tags":{},"fields":{"f":1},"timestamp":1}
            test influx|| @ "m f=1i 1" --> "yes"
            """);
    }

    @TestFactory
    Stream<DynamicTest> shouldNotMatchWhenTheLineIsMalformed()
    {
        return ExtractorTable.cases("""
            influx|| @ "# a comment" --> "no"
            influx|| @ "" --> "no"
            influx|| @ "   " --> "no"
            influx|| @ "m" --> "no"
            influx|| @ "m,a=b" --> "no"
            influx|| @ "m,a f=1 1" --> "no"
            influx|| @ "m f=1 x" --> "no"
            influx|| @ "m f=1 -5" --> "no"
            influx|| @ "m f=1u 1" --> "no"
            influx|| @ "m f=x 1" --> "no"
            influx|| @ "m f=\\"a\\"x 1" --> "no"
            influx|| @ 1 --> "no"
            test influx|| @ "m" --> "no"
            """);
    }

    @Test
    void shouldStampTheIngestTimeWhenTheLineHasNoTimestamp()
    {
        final long before = System.currentTimeMillis() * 1_000_000L;
        ScriptTable.check("match event of case r = %{v ~= influx||} => r.v.timestamp >= " + before + " case _ => \"no\" end",
            "{\"v\": \"m f=1i\"}", "true");
    }
}
