package io.temblor.script.aggr;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RustFloatTest
{
    @Test
    void shouldAcceptWhatRustParses()
    {
        final String[] accepted = {"0.5", "1", "1.", ".5", "+0.9", "-2", "1e3", "1E-3", "2.5e+2", "inf", "-Infinity",
            "NaN", "nan", "0000.1"};
        for (final String s : accepted)
        {
            assertNull(RustFloat.error(s), s);
        }
        assertEquals(0.5, RustFloat.parse("0.5"));
        assertEquals(250.0, RustFloat.parse("2.5e+2"));
        assertEquals(Double.NEGATIVE_INFINITY, RustFloat.parse("-Infinity"));
        assertTrue(Double.isNaN(RustFloat.parse("nan")));
    }

    @Test
    void shouldRejectWhatRustRejects()
    {
        assertEquals("Empty", RustFloat.error(""));
        final String[] rejected = {"snot", ".", "+", "-", "1e", "1e+", " 1", "1 ", "1d", "1f", "0x10", "1_000", "e5",
            "Infinityy", "1.2.3"};
        for (final String s : rejected)
        {
            assertEquals("Invalid", RustFloat.error(s), s);
        }
    }
}
