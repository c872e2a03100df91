package io.temblor.bench.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * A full token walk over a Jackson streaming parser that materialises every value the way a consumer would: the
 * text of every string, the numeric value of every number (long, BigInteger or double as the token requires), the
 * name of every field. Not thread safe: one per benchmark state.
 */
final class JacksonWalker
{
    private long checksum;

    /**
     * Walks every token until the end of the input (root-level value sequences included).
     *
     * @param parser a fresh parser.
     * @return the number of values seen: container starts, field names and scalars.
     * @throws IOException on malformed input.
     */
    long walk(final JsonParser parser) throws IOException
    {
        long values = 0;
        long sum = checksum;
        JsonToken token;
        while ((token = parser.nextToken()) != null)
        {
            switch (token)
            {
                case START_OBJECT, START_ARRAY, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> values++;
                case FIELD_NAME ->
                {
                    values++;
                    sum += parser.currentName().length();
                }
                case VALUE_STRING ->
                {
                    values++;
                    sum += parser.getText().length();
                }
                case VALUE_NUMBER_INT ->
                {
                    values++;
                    sum += parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ?
                        parser.getBigIntegerValue().hashCode() : parser.getLongValue();
                }
                case VALUE_NUMBER_FLOAT ->
                {
                    values++;
                    sum += Double.doubleToRawLongBits(parser.getDoubleValue());
                }
                default ->
                {
                }
            }
        }
        checksum = sum;
        return values;
    }

    /**
     * A sum over everything the walks touched, so the values cannot be optimised away.
     *
     * @return the checksum.
     */
    long checksum()
    {
        return checksum;
    }
}
