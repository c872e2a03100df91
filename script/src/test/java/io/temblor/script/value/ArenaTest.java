package io.temblor.script.value;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArenaTest
{
    @Test
    void shouldAlignBlocksWhenAllocating()
    {
        try (Arena arena = new Arena(64))
        {
            assertEquals(0, arena.allocate(5));
            assertEquals(8, arena.allocate(1));
            assertEquals(16, arena.allocate(16));
            assertEquals(32, arena.position());
        }
    }

    @Test
    void shouldKeepContentsWhenGrowing()
    {
        try (Arena arena = new Arena(64))
        {
            final long a = arena.allocate(8);
            arena.putLong(a, 0x1122334455667788L);
            final long b = arena.allocate(1000);
            arena.putInt(b + 996, 7);
            assertEquals(1, arena.growthCount());
            assertTrue(arena.capacity() >= 1008);
            assertEquals(0x1122334455667788L, arena.getLong(a));
            assertEquals(7, arena.getInt(b + 996));
        }
    }

    @Test
    void shouldNotGrowWhenResetBetweenEqualEvents()
    {
        try (Arena arena = new Arena(64))
        {
            for (int i = 0; i < 3; i++)
            {
                arena.allocate(100);
                arena.allocate(300);
                arena.reset();
            }
            final int growths = arena.growthCount();
            final long capacity = arena.capacity();
            for (int i = 0; i < 1000; i++)
            {
                assertEquals(0, arena.allocate(100));
                arena.allocate(300);
                arena.reset();
            }
            assertEquals(growths, arena.growthCount());
            assertEquals(capacity, arena.capacity());
            assertEquals(0, arena.position());
        }
    }

    @Test
    void shouldRejectAccessWhenBeyondAllocatedBytes()
    {
        try (Arena arena = new Arena(64))
        {
            final long a = arena.allocate(8);
            arena.putLong(a, 1);
            assertThrows(IndexOutOfBoundsException.class, () -> arena.getLong(a + 4));
            assertThrows(IndexOutOfBoundsException.class, () -> arena.putInt(8, 1));
            arena.reset();
            assertThrows(IndexOutOfBoundsException.class, () -> arena.getInt(0));
        }
    }

    @Test
    void shouldExtendInPlaceWhenBlockIsLast()
    {
        try (Arena arena = new Arena(64))
        {
            final long a = arena.allocate(10);
            assertTrue(arena.isLast(a, 10));
            arena.extendLast(a, 30);
            assertEquals(32, arena.position());
            final long b = arena.allocate(4);
            assertFalse(arena.isLast(a, 30));
            assertTrue(arena.isLast(b, 4));
        }
    }
}
