package io.temblor.script.value;

import io.temblor.json.TapeDescriptor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueDescriptorTest
{
    @Test
    void shouldShareStringShapeWithTapeWhenReadingStrings()
    {
        // one reader serves tape and arena strings: u32 length then bytes, handle index at the length prefix
        assertEquals(TapeDescriptor.STRING_LENGTH_BYTES, ValueDescriptor.STRING_DATA_OFFSET);
        assertEquals(0, ValueDescriptor.STRING_LENGTH_OFFSET);
        assertTrue(TapeDescriptor.PAYLOAD_MASK <= ValueDescriptor.INDEX_MASK, "tape string offsets fit a handle index");
    }

    @Test
    void shouldKeepSlotsAlignedWhenLayingOutContainers()
    {
        assertEquals(0, ValueDescriptor.CONTAINER_HEADER_BYTES % ValueDescriptor.BLOCK_ALIGNMENT);
        assertEquals(2 * Long.BYTES, ValueDescriptor.ELEMENT_BYTES);
        assertEquals(2 * ValueDescriptor.ELEMENT_BYTES, ValueDescriptor.ENTRY_BYTES);
        assertEquals(ValueDescriptor.ELEMENT_BYTES, ValueDescriptor.ENTRY_VALUE_OFFSET);
        assertTrue(ValueDescriptor.CONTAINER_OWNERS_OFFSET + Integer.BYTES <= ValueDescriptor.CONTAINER_HEADER_BYTES);
        assertEquals(64, ValueDescriptor.STORE_SHIFT + 4);
        assertEquals(ValueDescriptor.STORE_SHIFT, ValueDescriptor.TYPE_SHIFT + 4);
        assertEquals(ValueDescriptor.INDEX_MASK, (1L << ValueDescriptor.TYPE_SHIFT) - 1);
        assertTrue(ValueDescriptor.TYPE_RECORD <= ValueDescriptor.NIBBLE_MASK);
        assertTrue(ValueDescriptor.STORE_CONSTANT <= ValueDescriptor.NIBBLE_MASK);
    }
}
