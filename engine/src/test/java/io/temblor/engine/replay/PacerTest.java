package io.temblor.engine.replay;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacerTest
{
    @Test
    void shouldScheduleEveryFrameFromTheStartInstantAtASpeed()
    {
        final Pacer tenTimes = Pacer.parse("10x", null);
        tenTimes.start(1_000L);
        // due = start + offset / speed, whatever came before: no drift
        assertEquals(1_000L, tenTimes.dueNs(0, 0));
        assertEquals(1_000L + 100_000L, tenTimes.dueNs(1_000_000L, 1));
        assertEquals(1_000L + 3_600_000_000_000L / 10, tenTimes.dueNs(3_600_000_000_000L, 5));
        final Pacer half = Pacer.parse("0.5x", null);
        half.start(0);
        assertEquals(2_000_000L, half.dueNs(1_000_000L, 1));
        final Pacer real = Pacer.parse(null, null);
        real.start(7);
        assertEquals(7 + 123_456L, real.dueNs(123_456L, 99));
        assertFalse(real.isMax());
    }

    @Test
    void shouldScheduleByPositionAtARate()
    {
        final Pacer rate = Pacer.parse(null, "1000/s");
        rate.start(0);
        assertEquals(0, rate.dueNs(5_000_000_000L, 0));
        assertEquals(1_000_000L, rate.dueNs(0, 1));
        assertEquals(10_000_000_000L, rate.dueNs(0, 10_000));
        assertEquals(250_000L, Pacer.parse(null, "4000").dueNs(0, 1));
    }

    @Test
    void shouldNotWaitAtMax()
    {
        final Pacer max = Pacer.parse("max", null);
        max.start(42);
        assertTrue(max.isMax());
        assertEquals(42, max.dueNs(1_000_000_000L, 10));
    }

    @Test
    void shouldRejectBadValuesNamingThem()
    {
        assertEquals("bad --speed `fast`: expected a factor like 1x, 10x, 0.5x, or max",
            assertThrows(IllegalArgumentException.class, () -> Pacer.parse("fast", null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pacer.parse("-1x", null));
        assertThrows(IllegalArgumentException.class, () -> Pacer.parse("Infinityx", null));
        assertEquals("bad --rate `0/s`: expected events per second like 1000/s",
            assertThrows(IllegalArgumentException.class, () -> Pacer.parse(null, "0/s")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pacer.parse(null, "abc/s"));
        assertThrows(IllegalArgumentException.class, () -> Pacer.parse("1x", "5/s"));
    }
}
