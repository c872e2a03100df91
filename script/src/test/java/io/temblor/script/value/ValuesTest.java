package io.temblor.script.value;

import org.junit.jupiter.api.Test;

import static io.temblor.script.value.ValueDescriptor.STORE_ARENA;
import static io.temblor.script.value.ValueDescriptor.STORE_CONSTANT;
import static io.temblor.script.value.ValueDescriptor.STORE_IMMEDIATE;
import static io.temblor.script.value.ValueDescriptor.STORE_STATE;
import static io.temblor.script.value.ValueDescriptor.STORE_TAPE;
import static io.temblor.script.value.ValueDescriptor.TYPE_ARRAY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BINARY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BOOL;
import static io.temblor.script.value.ValueDescriptor.TYPE_FLOAT;
import static io.temblor.script.value.ValueDescriptor.TYPE_INT;
import static io.temblor.script.value.ValueDescriptor.TYPE_NULL;
import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;
import static io.temblor.script.value.ValueDescriptor.TYPE_UINT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValuesTest
{
    @Test
    void shouldRoundTripStoreTypeAndIndexWhenBuildingHandles()
    {
        final int[] stores = {STORE_IMMEDIATE, STORE_TAPE, STORE_ARENA, STORE_STATE, STORE_CONSTANT};
        final long[] indexes = {0, 1, 12345, ValueDescriptor.INDEX_MASK};
        for (final int store : stores)
        {
            for (int type = TYPE_NULL; type <= TYPE_RECORD; type++)
            {
                for (final long index : indexes)
                {
                    final long h = Values.handle(store, type, index);
                    assertEquals(store, Values.store(h));
                    assertEquals(type, Values.type(h));
                    assertEquals(index, Values.index(h));
                }
            }
        }
    }

    @Test
    void shouldReadZeroAsNullWhenSlotsAreZeroFilled()
    {
        assertTrue(Values.isNull(0L));
        assertTrue(Values.isImmediate(0L));
        assertEquals(Values.NULL, Values.handle(STORE_IMMEDIATE, TYPE_NULL, 0));
        assertEquals(TYPE_INT, Values.type(Values.INT));
        assertEquals(TYPE_UINT, Values.type(Values.UINT));
        assertEquals(TYPE_FLOAT, Values.type(Values.FLOAT));
        assertEquals(TYPE_BOOL, Values.type(Values.BOOL));
    }

    @Test
    void shouldClassifyTypesWhenAsked()
    {
        assertTrue(Values.isNumber(Values.INT));
        assertTrue(Values.isNumber(Values.FLOAT));
        assertFalse(Values.isNumber(Values.BOOL));
        assertTrue(Values.isBytes(Values.handle(STORE_ARENA, TYPE_BINARY, 8)));
        assertTrue(Values.isBytes(Values.handle(STORE_TAPE, TYPE_STRING, 8)));
        assertTrue(Values.isContainer(Values.handle(STORE_TAPE, TYPE_ARRAY, 3)));
        assertFalse(Values.isContainer(Values.handle(STORE_TAPE, TYPE_STRING, 3)));
        assertEquals("record", Values.typeName(TYPE_RECORD));
    }

    @Test
    void shouldConvertNumbersToDoubleWhenUnsigned()
    {
        assertEquals(1.5, Values.toDouble(Values.FLOAT, Values.bits(1.5)));
        assertEquals(-3.0, Values.toDouble(Values.INT, -3));
        assertEquals(18446744073709551615.0, Values.toDouble(Values.UINT, -1L));
        assertEquals(9223372036854775808.0, Values.toDouble(Values.UINT, Long.MIN_VALUE));
        assertEquals(Values.UINT, Values.unsignedHandle(-1L));
        assertEquals(Values.INT, Values.unsignedHandle(5));
        assertThrows(IllegalArgumentException.class, () -> Values.toDouble(Values.BOOL, 1));
    }
}
