package io.temblor.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldNameTheForkOrderWhenForksWereInterleaved() throws Exception
    {
        final String line = Markdown.jmhSettings(JSON.readTree("""
            {"forks":4,"warmupIterations":3,"warmupMs":2000,"iterations":1,"iterationMs":10000,
             "interleaved":"a b, b a, a b, b a"}"""), "average time");
        assertTrue(line.startsWith("JMH settings: 4 fork(s), 3 x 2000 ms warm-up, 1 x 10000 ms measurement"), line);
        assertTrue(line.contains("in the order a b, b a, a b, b a for each input"), line);
    }

    @Test
    void shouldNotClaimInterleavingWhenTheRunWasNot() throws Exception
    {
        final String line = Markdown.jmhSettings(JSON.readTree("""
            {"forks":0,"warmupIterations":1,"warmupMs":600,"iterations":1,"iterationMs":400}"""), "average time");
        assertFalse(line.contains("take turns"), line);
    }
}
