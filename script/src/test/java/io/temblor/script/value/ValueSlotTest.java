package io.temblor.script.value;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ValueSlotTest
{
    @Test
    void shouldCarryPairWhenLoadedAndStored()
    {
        // given
        final ValueSlot slot = new ValueSlot().set(Values.INT, 42);
        final long[] slots = new long[4];

        // when
        slot.store(slots, 2);
        final ValueSlot other = new ValueSlot().load(slots, 2);

        // then
        assertEquals(Values.INT, other.handle());
        assertEquals(42, other.bits());
        assertEquals(ValueDescriptor.TYPE_INT, other.type());
        other.clear();
        assertEquals(ValueDescriptor.TYPE_NULL, other.type());
        assertEquals(0, other.bits());
    }
}
