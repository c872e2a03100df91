package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * writev through FFM: 100 000 frames through the agent into a real file, a FIFO with a one-page buffer and a slow
 * reader (partial writes and EAGAIN, nothing lost or reordered), a reader that goes away (EPIPE counted with its
 * reason), open errors with strerror's text, and no allocation per frame.
 */
class NativeWriterTest
{
    private static String event(final int i)
    {
        return "{\"seq\":" + i + ",\"text\":\"event number " + i + "\"}\n";
    }

    @Test
    @Timeout(60)
    void shouldWriteOneHundredThousandFramesToAFileInOrder(@TempDir final Path dir) throws Exception
    {
        // given
        final Path file = dir.resolve("out.json");
        Files.writeString(file, "old content that truncate removes\n");
        final EventRing ring = new EventRing(64 * 1024);
        final NativeFileAgent agent = new NativeFileAgent("native", ring, NativeWriter.open(file, false), true);
        agent.onStart();
        final StringBuilder expected = new StringBuilder();
        // when
        try
        {
            for (int i = 0; i < 100_000; i++)
            {
                final String text = event(i);
                expected.append(text);
                final MemorySegment payload = Frames.bytes(text);
                while (!ring.offer(1, 0, i, payload, 0, (int)payload.byteSize()))
                {
                    agent.doWork();
                }
            }
            while (ring.size() > 0 || agent.isHolding())
            {
                agent.doWork();
            }
        }
        finally
        {
            agent.onClose();
        }
        // then
        assertEquals(expected.toString(), Files.readString(file));
        assertEquals(100_000, agent.framesWritten());
        assertEquals(0, agent.failedFrames());
        assertTrue(agent.writevCalls() < 100_000 / 10, "frames are batched: " + agent.writevCalls() + " calls");
    }

    @Test
    void shouldAppendWhenOpenedForAppend(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("log.txt");
        Files.writeString(file, "first\n");
        try (NativeWriter writer = new NativeWriter(NativeWriter.open(file, true), true, 4, 64))
        {
            writer.stage(Frames.bytes("second\n"), 0, 7);
            assertEquals(NativeWriter.FLUSHED, writer.flush());
        }
        assertEquals("first\nsecond\n", Files.readString(file));
    }

    @Test
    @Timeout(60)
    void shouldWriteTheRemainderAfterPartialWritesToAFullPipe(@TempDir final Path dir) throws Exception
    {
        // given: a FIFO whose buffer is one page, read slowly
        final Path fifo = dir.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        final AtomicReference<byte[]> read = new AtomicReference<>();
        final Thread reader = new Thread(() ->
        {
            try (InputStream in = new FileInputStream(fifo.toFile()))
            {
                final ByteArrayOutputStream all = new ByteArrayOutputStream();
                final byte[] chunk = new byte[1000];
                int n;
                while ((n = in.read(chunk)) > 0)
                {
                    all.write(chunk, 0, n);
                    Thread.sleep(0, 200_000);
                }
                read.set(all.toByteArray());
            }
            catch (final Exception ex)
            {
                read.set(("reader failed: " + ex).getBytes(StandardCharsets.UTF_8));
            }
        });
        reader.start();
        final int fd = openWhenReaderIsThere(fifo);
        NativeWriter.pipeCapacity(fd, 4096);
        final StringBuilder expected = new StringBuilder();
        long backPressured = 0;
        // when: 20 000 frames, 512 per batch (over PIPE_BUF, so the kernel may take part of a call)
        try (NativeWriter writer = new NativeWriter(fd, true, 512, 64 * 1024))
        {
            for (int i = 0; i < 20_000; i++)
            {
                final String text = event(i);
                expected.append(text);
                final MemorySegment payload = Frames.bytes(text);
                while (!writer.stage(payload, 0, (int)payload.byteSize()))
                {
                    if (writer.flush() == NativeWriter.BACK_PRESSURED)
                    {
                        backPressured++;
                        Thread.onSpinWait();
                    }
                }
            }
            while (writer.flush() == NativeWriter.BACK_PRESSURED)
            {
                backPressured++;
            }
            // then
            assertTrue(writer.partialWrites() > 0, "partial writes: " + writer.partialWrites());
            assertTrue(writer.wouldBlockCalls() > 0 && backPressured > 0, "EAGAIN seen: " + writer.wouldBlockCalls());
            assertEquals(20_000, writer.framesWritten());
        }
        reader.join(30_000);
        assertEquals(expected.toString(), new String(read.get(), StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(30)
    void shouldCountFramesWithTheReasonWhenTheReaderIsGone(@TempDir final Path dir) throws Exception
    {
        final Path fifo = dir.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        final Thread reader = new Thread(() ->
        {
            try (InputStream in = new FileInputStream(fifo.toFile()))
            {
                in.read();
            }
            catch (final Exception ex)
            {
                // closing is the point
            }
        });
        reader.start();
        final int fd = openWhenReaderIsThere(fifo);
        final EventRing ring = new EventRing(64 * 1024);
        final NativeFileAgent agent = new NativeFileAgent("native", ring, fd, true);
        agent.onStart();
        try
        {
            final MemorySegment first = Frames.bytes("x");
            ring.offer(1, 0, 0, first, 0, 1);
            while (ring.size() > 0 || agent.isHolding())
            {
                agent.doWork();
            }
            reader.join(10_000);
            final MemorySegment payload = Frames.bytes("after the reader left\n");
            ring.offer(1, 0, 1, payload, 0, (int)payload.byteSize());
            while (ring.size() > 0 || agent.isHolding())
            {
                agent.doWork();
            }
            assertEquals(1, agent.framesWritten());
            assertEquals(1, agent.failedFrames());
            assertTrue(agent.lastFailure().contains("Broken pipe (errno 32)"), agent.lastFailure());
        }
        finally
        {
            agent.onClose();
        }
    }

    @Test
    void shouldNameTheReasonWhenAFileCannotBeOpened(@TempDir final Path dir)
    {
        final Path missing = dir.resolve("no/such/dir/out.txt");
        final UncheckedIOException error = assertThrows(UncheckedIOException.class, () -> NativeWriter.open(missing,
            false));
        assertEquals("cannot open " + missing + " for writing: No such file or directory (errno 2)", error.getMessage());
    }

    @Test
    @Timeout(60)
    void shouldAllocateNothingPerFrame(@TempDir final Path dir) throws Exception
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        final MemorySegment payload = MemorySegment.ofArray(event(123_456).getBytes(StandardCharsets.UTF_8));
        final int length = (int)payload.byteSize();
        try (NativeWriter writer = new NativeWriter(NativeWriter.open(dir.resolve("out.json"), false), true, 256,
            64 * 1024))
        {
            // warm up until the write path is compiled
            writeFrames(writer, payload, length, 300_000);
            final long before = threads.getThreadAllocatedBytes(thread);
            writeFrames(writer, payload, length, 1_000_000);
            final long allocated = threads.getThreadAllocatedBytes(thread) - before;
            // what is left is a few dozen bytes per writev call (in the downcall), none per frame
            assertTrue(allocated < 1_000_000, "allocated " + allocated + " bytes for 1 000 000 frames");
            assertEquals(1_300_000, writer.framesWritten());
        }
    }

    private static void writeFrames(final NativeWriter writer, final MemorySegment payload, final int length,
        final int frames)
    {
        for (int i = 0; i < frames; i++)
        {
            if (!writer.stage(payload, 0, length))
            {
                writer.flush();
                writer.stage(payload, 0, length);
            }
        }
        writer.flush();
    }

    private static int openWhenReaderIsThere(final Path fifo) throws Exception
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (true)
        {
            try
            {
                return NativeWriter.open(fifo, false);
            }
            catch (final UncheckedIOException ex)
            {
                // ENXIO until the reader has opened its end
                if (System.nanoTime() - deadline > 0 || !ex.getMessage().contains("errno 6"))
                {
                    throw ex;
                }
                Thread.sleep(1);
            }
        }
    }
}
