package io.temblor.json;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nicolas Seriot's JSONTestSuite, once per SIMD width: every y_ file accepted, every n_ file rejected with an error
 * code and an offset inside the input, every i_ file either, and nothing ever throws or hangs.
 */
class JsonTestSuiteTest
{
    @TestFactory
    List<DynamicContainer> shouldAgreeWithJsonTestSuiteForEveryWidth()
    {
        final List<Path> files = TestSupport.list(TestSupport.testParsing(), "");
        final List<DynamicContainer> containers = new ArrayList<>();
        for (final SimdWidth width : TestSupport.WIDTHS)
        {
            final JsonParser parser = new JsonParser(JsonParser.DEFAULT_MAX_DEPTH, width);
            final List<DynamicTest> tests = new ArrayList<>();
            for (final Path file : files)
            {
                final String name = file.getFileName().toString();
                tests.add(DynamicTest.dynamicTest(name, () -> check(parser, file, name)));
            }
            containers.add(DynamicContainer.dynamicContainer(width.name(), tests));
        }
        return containers;
    }

    private static void check(final JsonParser parser, final Path file, final String name)
    {
        final byte[] input = TestSupport.read(file);
        final int status = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> parser.parse(input, 0, input.length));
        if (name.startsWith("y_"))
        {
            assertEquals(JsonError.OK, status, () -> name + " must be accepted, got " + JsonError.message(status)
                + " at byte " + parser.errorOffset());
        }
        else if (name.startsWith("n_"))
        {
            assertTrue(status < 0, () -> name + " must be rejected");
            assertEquals(status, parser.errorCode());
            assertTrue(parser.errorOffset() >= 0 && parser.errorOffset() <= input.length,
                () -> name + ": error offset " + parser.errorOffset() + " outside the input of " + input.length);
        }
        else
        {
            assertTrue(status == JsonError.OK || status < 0, () -> name + ": unexpected status " + status);
        }
        final byte[] small = "[1,{\"a\":\"b\"}]".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(JsonError.OK, parser.parse(small, 0, small.length), "parser must stay usable after " + name);
    }
}
