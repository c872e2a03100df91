package io.temblor.json;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class NumberWriterTest
{
    private final byte[] buf = new byte[64];

    @Test
    void shouldWriteLongLikeLongToStringWhenAnyValue()
    {
        final SplittableRandom random = new SplittableRandom(1);
        for (final long v : new long[]{0, 1, -1, 9, 10, -10, 99, 100, 101, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1})
        {
            assertEquals(Long.toString(v), writeLong(v));
        }
        long p = 1;
        for (int i = 0; i < 19; i++)
        {
            assertEquals(Long.toString(p - 1), writeLong(p - 1));
            assertEquals(Long.toString(p), writeLong(p));
            assertEquals(Long.toString(-p), writeLong(-p));
            p *= 10;
        }
        for (int i = 0; i < 200_000; i++)
        {
            final long v = random.nextLong() >> random.nextInt(64);
            assertEquals(Long.toString(v), writeLong(v));
        }
    }

    @Test
    void shouldWriteUnsignedLongLikeToUnsignedStringWhenAnyValue()
    {
        final SplittableRandom random = new SplittableRandom(2);
        for (final long v : new long[]{0, 1, 9, 10, -1, -2, Long.MAX_VALUE, Long.MIN_VALUE, -10, -9_999_999_999_999_999L})
        {
            assertEquals(Long.toUnsignedString(v), writeUnsigned(v));
        }
        for (int i = 0; i < 200_000; i++)
        {
            final long v = random.nextLong() >>> random.nextInt(64);
            assertEquals(Long.toUnsignedString(v), writeUnsigned(v));
        }
    }

    @Test
    void shouldWriteReadableFloatWhenValueIsSimple()
    {
        assertEquals("0.0", writeDouble(0.0));
        assertEquals("-0.0", writeDouble(-0.0));
        assertEquals("1.0", writeDouble(1.0));
        assertEquals("-1.0", writeDouble(-1.0));
        assertEquals("0.1", writeDouble(0.1));
        assertEquals("123.456", writeDouble(123.456));
        assertEquals("-65.61361699999998", writeDouble(-65.613616999999977));
        assertEquals("9007199254740992.0", writeDouble(9007199254740992.0));
        // ryu's (and so Tremor's) boundaries: plain from 1e-5 up to below 1e16
        assertEquals("1000000000000000.0", writeDouble(1e15));
        assertEquals("9999999999999998.0", writeDouble(9999999999999998.0));
        assertEquals("1e16", writeDouble(1e16));
        assertEquals("1.2345678901234567e19", writeDouble(12345678901234567890.0));
        assertEquals("1e20", writeDouble(1e20));
        assertEquals("1e21", writeDouble(1e21));
        assertEquals("1.5e21", writeDouble(1.5e21));
        assertEquals("0.00001", writeDouble(1e-5));
        assertEquals("0.000015", writeDouble(1.5e-5));
        assertEquals("1e-6", writeDouble(1e-6));
        assertEquals("1.5e-6", writeDouble(1.5e-6));
        assertEquals("1e-7", writeDouble(1e-7));
        assertEquals("1.5e-7", writeDouble(1.5e-7));
        assertEquals("1e-8", writeDouble(1e-8));
        assertEquals("5e-324", writeDouble(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e308", writeDouble(Double.MAX_VALUE));
        assertEquals("2.2250738585072014e-308", writeDouble(Double.MIN_NORMAL));
        assertEquals("1e23", writeDouble(1e23));
        assertEquals("1.2345678901234568e20", writeDouble(123456789012345678901.0));
    }

    @Test
    void shouldThrowWhenDoubleNotFinite()
    {
        assertThrows(IllegalArgumentException.class, () -> NumberWriter.writeDouble(Double.NaN, buf, 0));
        assertThrows(IllegalArgumentException.class, () -> NumberWriter.writeDouble(Double.POSITIVE_INFINITY, buf, 0));
        assertThrows(IllegalArgumentException.class, () -> NumberWriter.writeDouble(Double.NEGATIVE_INFINITY, buf, 0));
    }

    @Test
    void shouldWriteShortestRoundTripWhenRandomDouble()
    {
        final SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 1_000_000; i++)
        {
            final double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(v))
            {
                assertShortest(v);
            }
        }
    }

    @Test
    void shouldWriteShortestRoundTripWhenEdgeDouble()
    {
        for (int e = -1074; e <= 1023; e++)
        {
            final double p = Math.scalb(1.0, e);
            assertShortest(p);
            assertShortest(Math.nextUp(p));
            assertShortest(Math.nextDown(p));
            assertShortest(e < 1023 ? 3 * p : p / 3);
        }
        for (int e = -325; e <= 308; e++)
        {
            final double p = Double.parseDouble("1e" + e);
            assertShortest(p);
            assertShortest(Math.nextUp(p));
            assertShortest(Math.nextDown(p));
        }
        for (long bits = 1; bits < 200_000; bits++)
        {
            assertShortest(Double.longBitsToDouble(bits));
            assertShortest(Double.longBitsToDouble(0x000F_FFFF_FFFF_FFFFL - bits));
        }
        final SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 100_000; i++)
        {
            assertShortest(random.nextLong(-(1L << 53), 1L << 53));
            assertShortest(random.nextInt() / 1000.0);
            assertShortest(random.nextInt(1_000_000) / 1e6);
        }
        assertShortest(Double.MAX_VALUE);
        assertShortest(-Double.MIN_VALUE);
        assertShortest(Double.MIN_NORMAL);
    }

    @Test
    void shouldMatchExactLogarithmsWhenExponentInRange()
    {
        final BigDecimal log10of2 = new BigDecimal("0.30102999566398119521373889472449302676818988146210854131");
        final BigDecimal log10of3over4 = new BigDecimal("-0.12493873660829995313244988619387190236679496559490547519");
        final BigDecimal log2of10 = new BigDecimal("3.32192809488736234787031942948939017586483139302458061205");
        for (int q = -1100; q <= 1100; q++)
        {
            final BigDecimal x = log10of2.multiply(BigDecimal.valueOf(q));
            assertEquals(x.setScale(0, RoundingMode.FLOOR).intValueExact(), NumberWriter.floorLog10Pow2(q), "q=" + q);
            assertEquals(x.add(log10of3over4).setScale(0, RoundingMode.FLOOR).intValueExact(),
                NumberWriter.floorLog10ThreeQuartersPow2(q), "q=" + q);
            // the constants above are checked against exact integer arithmetic where it is cheap
            if (q >= 0 && q <= 400)
            {
                assertEquals(BigInteger.TWO.pow(q).toString().length() - 1, NumberWriter.floorLog10Pow2(q), "q=" + q);
                assertEquals(BigInteger.TEN.pow(q).bitLength() - 1, NumberWriter.floorLog2Pow10(q), "e=" + q);
            }
        }
        for (int e = -400; e <= 400; e++)
        {
            final BigDecimal x = log2of10.multiply(BigDecimal.valueOf(e));
            assertEquals(x.setScale(0, RoundingMode.FLOOR).intValueExact(), NumberWriter.floorLog2Pow10(e), "e=" + e);
        }
        // every k the writer looks up is in the table
        for (int q = -1074; q <= 971; q++)
        {
            final int k = Math.min(NumberWriter.floorLog10Pow2(q), NumberWriter.floorLog10ThreeQuartersPow2(q));
            assertTrue(-k <= NumberWriter.MAX_POW10 && -NumberWriter.floorLog10Pow2(q) >= NumberWriter.MIN_POW10, "q=" + q);
        }
    }

    @Test
    void shouldNotAllocateWhenWritingManyNumbers()
    {
        // given
        final SplittableRandom random = new SplittableRandom(4);
        final double[] doubles = new double[1024];
        for (int i = 0; i < doubles.length; i++)
        {
            double v;
            do
            {
                v = Double.longBitsToDouble(random.nextLong());
            }
            while (!Double.isFinite(v));
            doubles[i] = i % 3 == 0 ? v : random.nextInt() / 100.0;
        }
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < 200_000; i++)
        {
            sink += NumberWriter.writeDouble(doubles[i & 1023], buf, 0) + NumberWriter.writeLong(i * 31L, buf, 32);
        }

        // when
        final long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++)
        {
            sink += NumberWriter.writeDouble(doubles[i & 1023], buf, 0) + NumberWriter.writeLong(i * 31L, buf, 32)
                + NumberWriter.writeUnsignedLong(-i, buf, 32);
        }
        final long allocated = mx.getCurrentThreadAllocatedBytes() - before;

        // then
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes (sink " + sink + ")");
    }

    private void assertShortest(final double v)
    {
        final int n = NumberWriter.writeDouble(v, buf, 3);
        final String s = new String(buf, 3, n, StandardCharsets.US_ASCII);
        assertTrue(n <= NumberWriter.MAX_DOUBLE_LENGTH, s);
        assertTrue(s.indexOf('.') >= 0 || s.indexOf('e') >= 0, s);
        if (Double.doubleToRawLongBits(Double.parseDouble(s)) != Double.doubleToRawLongBits(v))
        {
            fail(s + " does not read back as " + v);
        }
        final String mine = significantDigits(s);
        final String jdk = significantDigits(Double.toString(v));
        // the JDK writes two digits where one would do (e.g. 4.9E-324 for 5e-324); otherwise both are shortest+closest
        if (!mine.equals(jdk) && !(mine.length() == 1 && jdk.length() == 2))
        {
            fail("wrote " + s + " for " + v + " but the JDK's digits are " + jdk);
        }
        final MemorySegment segment = MemorySegment.ofArray(buf);
        final NumberParser parser = new NumberParser();
        assertEquals(3 + n, parser.parse(segment, 3, 3 + n), s);
        assertEquals(TapeDescriptor.TAG_DOUBLE, parser.type(), s);
    }

    private static String significantDigits(final String s)
    {
        int end = s.length();
        for (int i = 0; i < s.length(); i++)
        {
            if ((s.charAt(i) | 0x20) == 'e')
            {
                end = i;
            }
        }
        final String digits = s.substring(0, end).replace("-", "").replace(".", "");
        int a = 0;
        int b = digits.length();
        while (a < b - 1 && digits.charAt(a) == '0')
        {
            a++;
        }
        while (b > a + 1 && digits.charAt(b - 1) == '0')
        {
            b--;
        }
        return digits.substring(a, b);
    }

    private String writeLong(final long v)
    {
        return new String(buf, 5, NumberWriter.writeLong(v, buf, 5), StandardCharsets.US_ASCII);
    }

    private String writeUnsigned(final long v)
    {
        return new String(buf, 5, NumberWriter.writeUnsignedLong(v, buf, 5), StandardCharsets.US_ASCII);
    }

    private String writeDouble(final double v)
    {
        return new String(buf, 0, NumberWriter.writeDouble(v, buf, 0), StandardCharsets.US_ASCII);
    }
}
