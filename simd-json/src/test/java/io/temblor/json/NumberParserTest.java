package io.temblor.json;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class NumberParserTest
{
    private static final long[] LONG_POWERS = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L,
        100_000_000_000_000L, 1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L,
        1_000_000_000_000_000_000L};

    private final NumberParser parser = new NumberParser();

    @Test
    void shouldParseInt64WhenIntegerFitsInLong()
    {
        for (final String s : new String[]{
            "0", "-0", "1", "-1", "7", "42", "-42", "9007199254740991", "9007199254740992", "9007199254740993",
            "-9007199254740993", "999999999999999999", "1000000000000000000", "9999999999999999999".substring(1),
            "9223372036854775807", "-9223372036854775807", "-9223372036854775808", "-1000000000000000000"})
        {
            assertInt64(s, Long.parseLong(s));
        }
    }

    @Test
    void shouldParseUint64WhenIntegerAboveLongMax()
    {
        for (final String s : new String[]{
            "9223372036854775808", "9999999999999999999", "10000000000000000000", "18446744073709551614",
            "18446744073709551615", "12345678901234567890"})
        {
            assertEquals(s.length(), parse(s), s);
            assertEquals(TapeDescriptor.TAG_UINT64, parser.type(), s);
            assertEquals(new BigInteger(s).longValue(), parser.bits(), s);
            assertEquals(s, Long.toUnsignedString(parser.bits()));
        }
    }

    @Test
    void shouldParseDoubleWhenIntegerBeyondRange()
    {
        for (final String s : new String[]{
            "18446744073709551616", "18446744073709551617", "99999999999999999999", "-9223372036854775809",
            "-18446744073709551615", "-18446744073709551616", "123456789012345678901234567890",
            "100000000000000000000000", "-123456789012345678901234567890123456789"})
        {
            assertDouble(s);
        }
    }

    @Test
    void shouldParseDoubleWhenEdgeCase()
    {
        for (final String s : new String[]{
            "0.0", "-0.0", "0e0", "-0e0", "0E+5", "0.000", "-0.0e-999", "0e999999999999999999999", "1.0", "-1.5",
            "0.1", "0.2", "0.3", "1e0", "1E1", "1e+1", "1e-1", "45.6789", "-65.613616999999977", "3.141592653589793",
            "9007199254740993.0", "9007199254740993e0", "9007199254740995.0", "9007199254740992.5",
            "9223372036854775807.0", "9223372036854775808.0", "18446744073709551615.0", "18446744073709551616e0",
            "1e22", "1e23", "1e-22", "1e-23", "123456789e22", "9007199254740991e22", "9007199254740993e22",
            "1e308", "1.7976931348623157e308", "1.7976931348623158e308", "1.79769313486231580793728971405301e308",
            "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308",
            "2.225073858507201136057409796709131975934819546351645648e-308", "4.9e-324", "5e-324",
            "4.9406564584124654e-324",
            "2.4703282292062328e-324", "2.4703282292062327e-324",
            "2.4703282292062327208828439643411068618252990130716238221279284125033775364510e-324",
            "2.4703282292062327208828439643411068618252990130716238221279284125033775364511e-324",
            "1e-324", "1e-400", "-1e-400", "7.4109846876186981626485318930233205854758970392148714663837852375101326090531312"
                + "779794975454245398856969484704316857659638998506553390969459816219401617281718945106978546710679176872575177"
                + "347315553307795408549809608457500958111373034747658096871009590975442271004757307809711118935784838675653998"
                + "783503015228055934046593739791790738723868299395818481660169122019456499931289798411362062484498678713572180"
                + "352209017023903285791732520220528974020802906854021606612375549983402671300035812486479041385743401875520901"
                + "590172592547146296175134159774938718574737870961645638908718119841271673056017045493004705269590165763776884"
                + "908267986972573366521765567941072508764337560846003984904972149117463085539556354188641513168478436313080237"
                + "596295773983001708984375e-324", "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124", "1.00000000000000011102230246251565404236316680908203126",
            "0.000000000000000000000000000000000000000000001e-280", "100000000000000000000000000000000000000000e266",
            "1000000000000000000000000000000000000000000e-20", "3.0000000000000000000000000000000000000000000000001",
            "8.988465674311579e307", BigInteger.TWO.pow(1023).toString(),
            BigInteger.TWO.pow(1024).subtract(BigInteger.TWO.pow(970)).subtract(BigInteger.ONE).toString(),
            "-2.5e-5", "123.456", "1e-7", "1.5e-7", "123456.789e3",
            "9999999999999999999e-5", "9.999999999999999999", "9223372036854775808e-3", "-922337203685477580.9",
            "1844674407370955161.5e2", "0.9999999999999999999e22"})
        {
            assertDouble(s);
        }
    }

    @Test
    void shouldReturnNumberErrorWhenDoubleOverflows()
    {
        for (final String s : new String[]{
            "1.7976931348623159e308", "1.797693134862315807937289714053034150799341327710e308", "1e309", "-1e309",
            "1e400", "123e99999", BigInteger.TWO.pow(1024).subtract(BigInteger.TWO.pow(970)).toString(),
            "1e99999999999999999999999999", "0.0000001e316",
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330"
                + "286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069"
                + "855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792.0"})
        {
            assertEquals(JsonError.NUMBER_ERROR, parse(s), s);
        }
    }

    @Test
    void shouldReturnNumberErrorWhenSyntaxInvalid()
    {
        for (final String s : new String[]{
            "", "-", "+1", "01", "-01", "00", "1.", "-1.", ".1", "-.1", "1e", "1E", "1e+", "1e-", "1.e1", "0x1",
            "1e1.5", "1a", "1.5x", "1e5e", "1.2.3", "--1", "-a", "1..2", "Infinity", "NaN", "-Infinity", "1_000",
            "12345678901234567890123a", "1.0e+-1", "1/", "1\"", "1[", "1{", "1-", "1+", "0-", "1\u0000"})
        {
            assertEquals(JsonError.NUMBER_ERROR, parse(s), () -> "input '" + s + "'");
        }
    }

    @Test
    void shouldStopAtTerminatorWhenFollowedByWhitespaceOrStructural()
    {
        for (final String t : new String[]{" ", "\t", "\n", "\r", ",", "]", "}", ":"})
        {
            for (final String n : new String[]{"0", "-0", "12", "-3.25", "1e5", "2.5E-3", "18446744073709551615"})
            {
                final byte[] bytes = (n + t + "garbage").getBytes(StandardCharsets.US_ASCII);
                assertEquals(n.length(), parser.parse(MemorySegment.ofArray(bytes), 0, bytes.length), n + t);
            }
        }
    }

    @Test
    void shouldStopAtEndWhenEndBeforeSegmentEnd()
    {
        // given a number whose bytes continue past the caller's end
        final byte[] bytes = "1234.5e10xyz".getBytes(StandardCharsets.US_ASCII);

        // when / then
        assertEquals(4, parser.parse(MemorySegment.ofArray(bytes), 0, 4));
        assertEquals(1234L, parser.bits());
        assertEquals(6, parser.parse(MemorySegment.ofArray(bytes), 1, 6));
        assertEquals(Double.doubleToRawLongBits(234.5), parser.bits());
        assertEquals(JsonError.NUMBER_ERROR, parser.parse(MemorySegment.ofArray(bytes), 0, 5));
    }

    @Test
    void shouldRoundCorrectlyWhenRandomDoubleWrittenByJdk()
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 1_000_000; i++)
        {
            final double v = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(v))
            {
                continue;
            }
            final String s = Double.toString(v);
            assertEquals(s.length(), parse(s), s);
            assertEquals(TapeDescriptor.TAG_DOUBLE, parser.type(), s);
            if (Double.doubleToRawLongBits(v) != parser.bits())
            {
                fail(s + " parsed as " + Double.longBitsToDouble(parser.bits()));
            }
        }
    }

    @Test
    void shouldRoundTripWhenRandomDoubleWrittenByNumberWriter()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final byte[] buf = new byte[64];
        final MemorySegment segment = MemorySegment.ofArray(buf);
        for (int i = 0; i < 1_000_000; i++)
        {
            final double v = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(v))
            {
                continue;
            }
            final int n = NumberWriter.writeDouble(v, buf, 0);
            assertEquals(n, parser.parse(segment, 0, n));
            assertEquals(TapeDescriptor.TAG_DOUBLE, parser.type());
            if (Double.doubleToRawLongBits(v) != parser.bits())
            {
                fail(new String(buf, 0, n, StandardCharsets.US_ASCII) + " parsed as " + Double.longBitsToDouble(parser.bits()));
            }
        }
    }

    @Test
    void shouldRoundCorrectlyWhenRandomLongDigitStrings()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++)
        {
            sb.setLength(0);
            if (random.nextBoolean())
            {
                sb.append('-');
            }
            final int intDigits = random.nextInt(1, 30);
            sb.append((char)('1' + random.nextInt(9)));
            for (int j = 1; j < intDigits; j++)
            {
                sb.append((char)('0' + random.nextInt(10)));
            }
            if (random.nextBoolean())
            {
                sb.append('.');
                final int fracDigits = random.nextInt(1, 40);
                for (int j = 0; j < fracDigits; j++)
                {
                    sb.append((char)('0' + random.nextInt(10)));
                }
            }
            sb.append('e').append(random.nextInt(-360, 330));
            assertDouble(sb.toString());
        }
    }

    @Test
    void shouldRoundCorrectlyWhenRandomMantissaOfUpTo19DigitsAtAnyExponent()
    {
        // the Eisel-Lemire path with and without its second product: every exponent of the power table, mantissas
        // from 1 to 19 digits (random widths, so hi's low bits take every value)
        final SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 1_000_000; i++)
        {
            final int digits = random.nextInt(1, 20);
            final long bound = digits == 19 ? Long.MAX_VALUE : LONG_POWERS[digits];
            final long mantissa = random.nextLong(LONG_POWERS[digits - 1], bound);
            final int fraction = random.nextInt(0, digits + 1);
            final String text = Long.toString(mantissa);
            final String decimal = fraction == 0 ? text :
                text.substring(0, digits - fraction) + (digits == fraction ? "0" : "") + "." + text.substring(digits - fraction);
            assertDouble(decimal + "e" + random.nextInt(-345, 310));
        }
    }


    @Test
    void shouldRoundToNearestEvenWhenDecimalIsNearHalfway()
    {
        final SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 5_000; i++)
        {
            // given the exact midpoint between a random double and its successor, and decimals just around it
            final double v = Double.longBitsToDouble(random.nextLong(0, 0x7FEF_FFFF_FFFF_FFFFL));
            final BigDecimal lo = new BigDecimal(v);
            final BigDecimal mid = lo.add(new BigDecimal(Math.nextUp(v))).divide(BigDecimal.TWO);
            final BigDecimal tiny = mid.ulp();
            for (final BigDecimal d : new BigDecimal[]{mid, mid.add(tiny), mid.subtract(tiny)})
            {
                assertDouble(asDouble(d.toString()));
                assertDouble(asDouble(d.toPlainString()));
            }
            // and a midpoint with a non-zero digit far beyond the kept digits (a sticky bit)
            final String plain = mid.toPlainString();
            final StringBuilder far = new StringBuilder(plain);
            if (plain.indexOf('.') < 0)
            {
                far.append('.');
            }
            while (far.length() < 1000)
            {
                far.append('0');
            }
            far.append('1');
            assertDouble(far.toString());
        }
    }

    @Test
    void shouldIgnoreLeadingZerosWhenCountingSignificantDigits()
    {
        assertDouble("0.000000000000000000000000000000000000001234567890123456789");
        assertDouble("0.0000000000000000000000000000000000000012345678901234567891");
        assertDouble("0." + "0".repeat(2000) + "1e2000");
        assertDouble("1" + "0".repeat(2000) + "e-2000");
        assertDouble("1" + "0".repeat(400) + ".5e-400");
        assertDouble("9".repeat(900) + "e-600");
        assertDouble("0." + "9".repeat(900));
    }

    @Test
    void shouldNotAllocateWhenParsingManyNumbers()
    {
        // given inputs covering every path: ints, uint64, fast path, Eisel-Lemire, many digits, exact comparison
        final String[] inputs = {
            "12345", "-9223372036854775808", "18446744073709551615", "45.6789", "-65.613616999999977",
            "1.7976931348623157e308", "2.2250738585072012e-308", "9007199254740993.0", "4.9e-324",
            "2.4703282292062327208828439643411068618252990130716238221279284125033775364511e-324",
            "123456789012345678901234567890", "0." + "3".repeat(1200), "2.4703282292062328e-324"};
        final MemorySegment[] segments = new MemorySegment[inputs.length];
        for (int i = 0; i < inputs.length; i++)
        {
            segments[i] = MemorySegment.ofArray(inputs[i].getBytes(StandardCharsets.US_ASCII));
        }
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < 200_000; i++)
        {
            final MemorySegment s = segments[i % segments.length];
            sink += parser.parse(s, 0, s.byteSize()) + parser.bits();
        }

        // when
        final long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++)
        {
            final MemorySegment s = segments[i % segments.length];
            sink += parser.parse(s, 0, s.byteSize()) + parser.bits();
        }
        final long allocated = mx.getCurrentThreadAllocatedBytes() - before;

        // then
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes (sink " + sink + ")");
    }

    private long parse(final String s)
    {
        final byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        return parser.parse(MemorySegment.ofArray(bytes), 0, bytes.length);
    }

    private void assertInt64(final String s, final long expected)
    {
        assertEquals(s.length(), parse(s), s);
        assertEquals(TapeDescriptor.TAG_INT64, parser.type(), s);
        assertEquals(expected, parser.bits(), s);
    }

    private static String asDouble(final String s)
    {
        return s.indexOf('.') < 0 && s.indexOf('E') < 0 ? s + ".0" : s;
    }

    private static double oracle(final String s)
    {
        final double expected = Double.parseDouble(s);
        if (!s.contains("e999"))
        {
            // a second, independent oracle (BigDecimal has no negative zero, so compare magnitudes)
            assertEquals(Math.abs(expected), Math.abs(new BigDecimal(s).doubleValue()), s);
        }
        return expected;
    }

    private void assertDouble(final String s)
    {
        final double expected = oracle(s);
        final long r = parse(s);
        if (Double.isInfinite(expected))
        {
            assertEquals(JsonError.NUMBER_ERROR, r, s);
            return;
        }
        assertEquals(s.length(), r, () -> "parse result for " + s);
        assertEquals(TapeDescriptor.TAG_DOUBLE, parser.type(), s);
        if (Double.doubleToRawLongBits(expected) != parser.bits())
        {
            fail(s + ": expected " + expected + " but got " + Double.longBitsToDouble(parser.bits()));
        }
    }
}
