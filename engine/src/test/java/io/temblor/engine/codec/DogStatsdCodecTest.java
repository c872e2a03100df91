package io.temblor.engine.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class DogStatsdCodecTest
{
    @Test
    void shouldMatchTremorsVectorsWhenDecodingAndEncoding()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec dog = Codecs.create("dogstatsd");
            final String tags = "\"tags\":[\"foo:bar\",\"fizz:buzz\"]";
            final String[][] vectors = {
                {"dog:111|g|@0.5|#foo:bar,fizz:buzz|c:123abc", "{\"metric\":{\"container_id\":\"123abc\",\"metric\":\"dog\"," +
                    "\"sample_rate\":0.5," + tags + ",\"type\":\"g\",\"values\":[111.0]}}"},
                {"dog:111:222:333:4.44|g|@0.5|#foo:bar,fizz:buzz|c:123abc", "{\"metric\":{\"container_id\":\"123abc\"," +
                    "\"metric\":\"dog\",\"sample_rate\":0.5," + tags + ",\"type\":\"g\",\"values\":[111.0,222.0,333.0,4.44]}}"},
                {"dog:111|g|@0.5|#foo:bar,fizz:buzz", "{\"metric\":{\"metric\":\"dog\",\"sample_rate\":0.5," + tags +
                    ",\"type\":\"g\",\"values\":[111.0]}}"},
                {"dog:111|g|@0.5|c:123abc", "{\"metric\":{\"container_id\":\"123abc\",\"metric\":\"dog\",\"sample_rate\":0.5," +
                    "\"type\":\"g\",\"values\":[111.0]}}"},
                {"dog:111|g|#foo:bar,fizz:buzz|c:123abc", "{\"metric\":{\"container_id\":\"123abc\",\"metric\":\"dog\"," +
                    tags + ",\"type\":\"g\",\"values\":[111.0]}}"},
                {"dog:111|g|#foo:bar,fizz:buzz", "{\"metric\":{\"metric\":\"dog\"," + tags +
                    ",\"type\":\"g\",\"values\":[111.0]}}"},
                {"dog:111|g|#foo:bar", "{\"metric\":{\"metric\":\"dog\",\"tags\":[\"foo:bar\"],\"type\":\"g\"," +
                    "\"values\":[111.0]}}"},
                {"dog:111|g|c:123abc", "{\"metric\":{\"container_id\":\"123abc\",\"metric\":\"dog\",\"type\":\"g\"," +
                    "\"values\":[111.0]}}"},
                {"dog:1|c", "{\"metric\":{\"metric\":\"dog\",\"type\":\"c\",\"values\":[1.0]}}"},
                {"dog:320|ms", "{\"metric\":{\"metric\":\"dog\",\"type\":\"ms\",\"values\":[320.0]}}"},
                {"_e{21,36}:An exception occurred|Cannot parse CSV file from 10.0.0.17|t:warning|#err_type:bad_file",
                    "{\"event\":{\"tags\":[\"err_type:bad_file\"],\"text\":\"Cannot parse CSV file from 10.0.0.17\"," +
                    "\"title\":\"An exception occurred\",\"type\":\"warning\"}}"},
                {"_e{21,36}:An exception occurred|Cannot parse CSV file from 10.0.0.17",
                    "{\"event\":{\"text\":\"Cannot parse CSV file from 10.0.0.17\",\"title\":\"An exception occurred\"}}"},
                {"_e{4,6}:Test|A Test|d:1663016695|h:test.example.com|k:a1b2c3|p:normal|s:test|t:warning|" +
                    "#err_type:bad_file|c:123abc", "{\"event\":{\"aggregation_key\":\"a1b2c3\",\"container_id\":\"123abc\"," +
                    "\"hostname\":\"test.example.com\",\"priority\":\"normal\",\"source\":\"test\",\"tags\":" +
                    "[\"err_type:bad_file\"],\"text\":\"A Test\",\"timestamp\":1663016695,\"title\":\"Test\"," +
                    "\"type\":\"warning\"}}"},
                {"_sc|Redis connection|2|#env:dev|m:Redis connection timed out after 10s", "{\"service_check\":{" +
                    "\"message\":\"Redis connection timed out after 10s\",\"name\":\"Redis connection\",\"status\":2," +
                    "\"tags\":[\"env:dev\"]}}"},
                {"_sc|Redis connection|2", "{\"service_check\":{\"name\":\"Redis connection\",\"status\":2}}"},
                {"_sc|Redis connection|2|d:1663016695|h:test.example.com|#env:dev|m:Redis connection timed out after " +
                    "10s|c:123abc", "{\"service_check\":{\"container_id\":\"123abc\",\"hostname\":\"test.example.com\"," +
                    "\"message\":\"Redis connection timed out after 10s\",\"name\":\"Redis connection\",\"status\":2," +
                    "\"tags\":[\"env:dev\"],\"timestamp\":1663016695}}"},
                {"foo:1620649445.3351967|h", "{\"metric\":{\"metric\":\"foo\",\"type\":\"h\"," +
                    "\"values\":[1620649445.3351967]}}"},
                {"foo1:12345|c", "{\"metric\":{\"metric\":\"foo1\",\"type\":\"c\",\"values\":[12345.0]}}"},
                {"foo2:1234567890|c", "{\"metric\":{\"metric\":\"foo2\",\"type\":\"c\",\"values\":[1234567890.0]}}"},
                {"_e{21,36}:An exception occurred|Cannot parse CSV file from 10.0.0.17|#env:dev,test:testing",
                    "{\"event\":{\"tags\":[\"env:dev\",\"test:testing\"],\"text\":\"Cannot parse CSV file from 10.0.0.17\"," +
                    "\"title\":\"An exception occurred\"}}"},
            };
            for (final String[] vector : vectors)
            {
                assertEquals(vector[1], t.decodeLine(dog, vector[0]), vector[0]);
                assertEquals(vector[0], t.encodeUtf8(dog, t.v[0], t.v[1]), vector[0]);
            }
        }
    }

    @Test
    void shouldReproduceCanonicalLinesWhenRoundTripping()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec dog = Codecs.create("dogstatsd");
            final String[] lines = {"a.b:-1:2.5:1e-7|d|@1.0|#|c:", "日本:0|s|#a,,b", "x:1|h|@0.001",
                "_e{6,2}:日本|é|d:4294967295|p:low", "_e{0,0}:|", "_sc||0|h:", "_sc|n|3|#x|m:|c:c"};
            for (final String line : lines)
            {
                t.decodeLine(dog, line);
                assertEquals(line, t.encodeUtf8(dog, t.v[0], t.v[1]));
            }
        }
    }

    @Test
    void shouldFollowTremorWhenLinesAreUnusual()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec dog = Codecs.create("dogstatsd");
            // unknown type and unknown sections are skipped, a repeated section keeps the last
            assertEquals("{\"metric\":{\"metric\":\"a\",\"sample_rate\":0.5,\"values\":[1.0]}}",
                t.decodeLine(dog, "a:1|x|@0.2|z:1|@0.5"));
            // the text length decides where the text ends
            assertEquals("{\"event\":{\"text\":\"ab\",\"title\":\"t\"}}", t.decodeLine(dog, "_e{1,2}:t|abc|x"));
            // integers in values are skipped on encode (Tremor's as_f64), integral floats written as integers
            t.value("{\"metric\":{\"metric\":\"a\",\"type\":\"c\",\"values\":[1,2.0,\"x\",2.5],\"sample_rate\":1}}", 0);
            assertEquals("a:2:2.5|c|@1", t.encodeUtf8(dog, t.v[0], t.v[1]));
            t.value("{\"event\":{\"title\":\"t\",\"text\":\"x\",\"timestamp\":-1,\"tags\":[1,\"a\"]}}", 0);
            assertEquals("_e{1,1}:t|x|#a", t.encodeUtf8(dog, t.v[0], t.v[1]));
        }
    }

    @Test
    void shouldReportAnErrorWhenInputIsBad()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec dog = Codecs.create("dogstatsd");
            final String[] bad = {"", "dog:111", "dog", "dog:|c", "dog:1:|c", "dog:x|c", "dog:1|c|@", "dog:1|c|@x",
                "_e{4,6}:Test", "_e{4,6}:Test|A Tes", "_e{4,6}:TestXA Test", "_e{4}:Test|A Test", "_e{4,6:Test|A Test",
                "_e{x,6}:Test|A Test", "_e{4,-6}:Test|A Test", "_e{1,1}:t|x|d:4294967296", "_e{1,1}:é|x",
                "_e{99999999999999999999,1}:t|x", "_e{9223372036854775807,9223372036854775807}:t|x",
                "_sc|Redis connection", "_sc|n|4", "_sc|n|", "_sc|n|x", "_sc|n|2|d:x"};
            for (final String s : bad)
            {
                final byte[] b = CodecTesting.bytes(s);
                assertEquals(Codec.ERROR, dog.decode(t.ctx, b, 0, b.length, 0, t.v, 0), s);
                assertNotNull(dog.errorMessage(), s);
            }
            final byte[] invalidUtf8 = {'d', ':', '1', '|', 'c', '|', '#', (byte)0xE2, (byte)0x82};
            assertEquals(Codec.ERROR, dog.decode(t.ctx, invalidUtf8, 0, invalidUtf8.length, 0, t.v, 0));
            assertEquals(7, dog.errorOffset());
            final String[] badValues = {"[]", "{}", "{\"metric\":1}", "{\"metric\":{\"type\":\"c\",\"values\":[]}}",
                "{\"metric\":{\"metric\":\"a\",\"values\":[]}}", "{\"metric\":{\"metric\":\"a\",\"type\":\"c\"}}",
                "{\"metric\":{\"metric\":\"a\",\"type\":\"c\",\"values\":[],\"sample_rate\":\"x\"}}",
                "{\"event\":{\"title\":\"t\"}}", "{\"service_check\":{\"name\":\"n\",\"status\":2.0}}",
                "{\"service_check\":{\"name\":\"n\",\"status\":4294967296}}", "{\"service_check\":{\"status\":1}}"};
            for (final String s : badValues)
            {
                t.value(s, 0);
                t.sink.reset();
                assertEquals(Codec.ERROR, dog.encode(t.ctx, t.v[0], t.v[1], t.sink), s);
                assertNotNull(dog.errorMessage(), s);
                assertEquals(0, t.sink.position(), s);
            }
        }
    }
}
