package io.temblor.offheap;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteSinkTest
{
    @Test
    void shouldAppendBytesWhenWritingMixedSources()
    {
        try (ByteSink sink = new ByteSink(8))
        {
            // given
            final byte[] array = {1, 2, 3, 4, 5};
            final MemorySegment segment = MemorySegment.ofArray(new byte[]{10, 11, 12});

            // when
            sink.writeByte(0).write(array, 1, 3).write(segment, 1, 2).writeByte(0x1FF);

            // then
            assertEquals(7, sink.position());
            assertArrayEquals(new byte[]{0, 2, 3, 4, 11, 12, (byte)0xFF}, sink.toByteArray());
        }
    }

    @Test
    void shouldGrowAndKeepContentWhenWritingPastCapacity()
    {
        try (ByteSink sink = new ByteSink(64))
        {
            for (int i = 0; i < 10_000; i++)
            {
                sink.writeByte(i);
            }
            assertTrue(sink.capacity() >= 10_000);
            final byte[] bytes = sink.toByteArray();
            assertEquals(10_000, bytes.length);
            for (int i = 0; i < bytes.length; i++)
            {
                assertEquals((byte)i, bytes[i]);
            }
        }
    }

    @Test
    void shouldRewindWithoutShrinkingWhenReset()
    {
        try (ByteSink sink = new ByteSink(64))
        {
            sink.write(new byte[1000], 0, 1000);
            final long capacity = sink.capacity();
            sink.reset();
            assertEquals(0, sink.position());
            assertEquals(capacity, sink.capacity());
            sink.writeByte('x');
            assertArrayEquals(new byte[]{'x'}, sink.toByteArray());
        }
    }

    @Test
    void shouldAdvanceWhenWritingDirectlyIntoReservedSegment()
    {
        try (ByteSink sink = new ByteSink(64))
        {
            sink.writeByte('a');
            final MemorySegment dst = sink.reserve(200);
            assertTrue(dst.byteSize() >= 201);
            for (int i = 0; i < 200; i++)
            {
                dst.set(ValueLayout.JAVA_BYTE, 1 + i, (byte)'b');
            }
            sink.position(201);
            assertEquals(201, sink.toByteArray().length);
            assertEquals('b', sink.segment().get(ValueLayout.JAVA_BYTE, 200));
            assertThrows(IndexOutOfBoundsException.class, () -> sink.position(sink.capacity() + 1));
            assertThrows(IndexOutOfBoundsException.class, () -> sink.position(-1));
        }
    }

    @Test
    void shouldCopyOutWhenTargetsAreArrayStreamAndChannel() throws IOException
    {
        try (ByteSink sink = new ByteSink(64))
        {
            final byte[] data = new byte[20_000];
            for (int i = 0; i < data.length; i++)
            {
                data[i] = (byte)(i * 31);
            }
            sink.write(data, 0, data.length);

            final byte[] copy = new byte[data.length + 3];
            assertEquals(data.length, sink.copyTo(copy, 3));
            assertEquals(data[19_999], copy[20_002]);

            final ByteArrayOutputStream stream = new ByteArrayOutputStream();
            sink.writeTo(stream);
            assertArrayEquals(data, stream.toByteArray());

            final ByteArrayOutputStream channelBytes = new ByteArrayOutputStream();
            final WritableByteChannel channel = Channels.newChannel(channelBytes);
            assertEquals(data.length, sink.writeTo(channel));
            assertArrayEquals(data, channelBytes.toByteArray());
        }
    }

    @Test
    void shouldNotAllocateWhenReusedAfterWarmUp() throws IOException
    {
        try (ByteSink sink = new ByteSink(64))
        {
            // given
            final byte[] chunk = new byte[100];
            final WritableByteChannel devNull = new WritableByteChannel()
            {
                public int write(final ByteBuffer src)
                {
                    final int n = src.remaining();
                    src.position(src.limit());
                    return n;
                }

                public boolean isOpen()
                {
                    return true;
                }

                public void close()
                {
                }
            };
            final Runnable round = () ->
            {
                sink.reset();
                for (int i = 0; i < 100; i++)
                {
                    sink.write(chunk, 0, chunk.length);
                    sink.writeByte('\n');
                }
            };
            for (int i = 0; i < 1000; i++)
            {
                round.run();
                sink.writeTo(devNull);
            }
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long threadId = Thread.currentThread().threadId();

            // when
            final long before = threads.getThreadAllocatedBytes(threadId);
            long written = 0;
            for (int i = 0; i < 1000; i++)
            {
                round.run();
                written += sink.writeTo(devNull);
            }
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            // then
            assertEquals(1000L * 10_100, written);
            assertTrue(allocated < 1024, "allocated " + allocated);
        }
    }
}
