package io.temblor.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The reference side of the round-trip tests: Jackson reads numbers exactly (BigInteger, BigDecimal) and the
 * comparison states what "the same value" means for Temblor's value model.
 */
final class JsonValues
{
    static final ObjectMapper EXACT = JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
        .build();

    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private JsonValues()
    {
    }

    /** Reads with the reference parser, or returns null when it rejects the input. */
    static JsonNode readOrNull(final byte[] json)
    {
        try
        {
            return EXACT.readTree(json);
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    static JsonNode read(final byte[] json)
    {
        try
        {
            return EXACT.readTree(json);
        }
        catch (final IOException ex)
        {
            throw new AssertionError("reference parser rejects " + new String(json, 0, Math.min(json.length, 200),
                java.nio.charset.StandardCharsets.UTF_8), ex);
        }
    }

    /**
     * Asserts that {@code actual} (Temblor's output, read back by the reference) holds the same value as
     * {@code expected} (the original input): integers in the int64/uint64 range exactly and still integers;
     * integers beyond that as the nearest double; floats as the same double, still floats.
     */
    static void assertSameValue(final JsonNode expected, final JsonNode actual, final String path)
    {
        if (expected.isIntegralNumber())
        {
            final BigInteger value = expected.bigIntegerValue();
            if (value.compareTo(INT64_MIN) >= 0 && value.compareTo(UINT64_MAX) <= 0)
            {
                assertTrue(actual.isIntegralNumber(), () -> path + ": integer " + value + " became " + actual);
                assertEquals(value, actual.bigIntegerValue(), path);
            }
            else
            {
                assertTrue(actual.isFloatingPointNumber(), () -> path + ": big integer must become a double: " + actual);
                assertEquals(value.doubleValue(), actual.doubleValue(), 0.0, path);
            }
        }
        else if (expected.isFloatingPointNumber())
        {
            assertTrue(actual.isFloatingPointNumber(), () -> path + ": float " + expected + " became " + actual);
            // BigDecimal.doubleValue rounds correctly; delta 0 means the same double (the sign of zero aside,
            // which BigDecimal does not keep)
            assertEquals(expected.decimalValue().doubleValue(), actual.decimalValue().doubleValue(), 0.0,
                () -> path + ": " + expected + " != " + actual);
        }
        else if (expected.isTextual())
        {
            assertTrue(actual.isTextual(), path);
            assertEquals(expected.textValue(), actual.textValue(), path);
        }
        else if (expected.isBoolean() || expected.isNull())
        {
            assertEquals(expected, actual, path);
        }
        else if (expected.isArray())
        {
            assertTrue(actual.isArray(), path);
            assertEquals(expected.size(), actual.size(), path + " size");
            for (int i = 0; i < expected.size(); i++)
            {
                assertSameValue(expected.get(i), actual.get(i), path + "[" + i + "]");
            }
        }
        else if (expected.isObject())
        {
            assertTrue(actual.isObject(), path);
            assertEquals(expected.size(), actual.size(), path + " size");
            final Iterator<Map.Entry<String, JsonNode>> fields = expected.properties().iterator();
            while (fields.hasNext())
            {
                final Map.Entry<String, JsonNode> field = fields.next();
                final JsonNode other = actual.get(field.getKey());
                if (other == null)
                {
                    fail(path + ": missing key " + field.getKey());
                }
                assertSameValue(field.getValue(), other, path + "." + field.getKey());
            }
        }
        else
        {
            fail(path + ": unexpected node " + expected.getNodeType());
        }
    }
}
