package io.temblor.offheap.journal;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalWriterTest
{
    private static final long MINUTE_MS = 60_000L;

    @TempDir
    Path dir;

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String frame(final JournalReader r)
    {
        final byte[] b = new byte[r.frameLength()];
        r.frame().getBytes(r.frameOffset(), b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String meta(final JournalReader r)
    {
        final byte[] b = new byte[r.metaLength()];
        r.meta().getBytes(r.metaOffset(), b);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadBackWhatWasAppendedInOrderFromHeapAndDirectBuffers()
    {
        final UnsafeBuffer direct = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
        direct.putStringWithoutLengthAscii(3, "direct frame");
        final UnsafeBuffer meta = new UnsafeBuffer(bytes("xx{\"type\":\"tcp_server\"}"));
        final long i0;
        final long i1;
        final long i2;
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.DEFAULT))
        {
            i0 = w.append("in", 42L, bytes("{\"a\":1}\n"), null);
            i1 = w.append("flow/ü", 43L, direct, 3, 12, meta, 2, meta.capacity() - 2);
            i2 = w.append("in", 44L, new byte[] {(byte)0xff, 0, 1}, bytes("{}"));
        }
        try (JournalReader r = JournalReader.open(dir))
        {
            assertEquals(-1, r.index());
            assertTrue(r.next());
            assertEquals("in", r.source());
            assertEquals(42L, r.ingestNs());
            assertEquals("{\"a\":1}\n", frame(r));
            assertEquals(0, r.metaLength());
            assertEquals(i0, r.index());
            assertTrue(r.next());
            assertEquals("flow/ü", r.source().toString());
            assertEquals(43L, r.ingestNs());
            assertEquals("direct frame", frame(r));
            assertEquals("{\"type\":\"tcp_server\"}", meta(r));
            assertEquals(i1, r.index());
            assertTrue(r.next());
            final byte[] raw = new byte[r.frameLength()];
            r.frame().getBytes(r.frameOffset(), raw);
            assertArrayEquals(new byte[] {(byte)0xff, 0, 1}, raw);
            assertEquals(i2, r.index());
            assertFalse(r.next());
            assertFalse(r.next());
            r.toStart();
            assertTrue(r.next());
            assertEquals(42L, r.ingestNs());
        }
    }

    @Test
    void shouldAppendAfterExistingRecordsWhenReopened()
    {
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.DEFAULT))
        {
            w.append("in", 1, bytes("one"), null);
        }
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.DEFAULT))
        {
            w.append("in", 2, bytes("two"), null);
        }
        final List<String> frames = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir))
        {
            while (r.next())
            {
                frames.add(frame(r));
            }
        }
        assertEquals(List.of("one", "two"), frames);
    }

    @Test
    void shouldReportEndOnEmptyJournal()
    {
        JournalWriter.open(dir, JournalSettings.DEFAULT).close();
        try (JournalReader r = JournalReader.open(dir))
        {
            assertFalse(r.next());
        }
    }

    @Test
    void shouldRejectMissingDirectoryNamingIt()
    {
        final Path missing = dir.resolve("nope");
        final JournalException e = assertThrows(JournalException.class, () -> JournalReader.open(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    }

    @Test
    void shouldRejectDirectoryThatIsNotACapture() throws Exception
    {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        final JournalException e = assertThrows(JournalException.class, () -> JournalReader.open(dir));
        assertTrue(e.getMessage().contains("not a capture: " + dir), e.getMessage());
    }

    @Test
    void shouldNameTheIndexOfAMalformedRecord()
    {
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.DEFAULT))
        {
            w.append("in", 1, bytes("ok"), null);
        }
        try (net.openhft.chronicle.queue.impl.single.SingleChronicleQueue q =
            net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(dir.toFile())
                .blockSize(JournalWriter.BLOCK_SIZE).build();
            net.openhft.chronicle.queue.ExcerptAppender a = q.createAppender();
            net.openhft.chronicle.wire.DocumentContext dc = a.writingDocument())
        {
            dc.wire().bytes().writeByte((byte)7).writeByte((byte)0);
        }
        try (JournalReader r = JournalReader.open(dir))
        {
            assertTrue(r.next());
            final JournalException e = assertThrows(JournalException.class, r::next);
            assertTrue(e.getMessage().contains("malformed record at index") &&
                e.getMessage().contains("unknown record version 7"), e.getMessage());
        }
    }

    @Test
    void shouldRejectBadSourceIds()
    {
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.DEFAULT))
        {
            assertThrows(IllegalArgumentException.class, () -> w.append("", 1, bytes("x"), null));
            assertThrows(IllegalArgumentException.class, () -> w.append("s".repeat(256), 1, bytes("x"), null));
        }
    }

    @Test
    void shouldRollToANewFilePerCycle()
    {
        final AtomicLong clock = new AtomicLong(1_700_000_000_000L / MINUTE_MS * MINUTE_MS);
        final JournalSettings settings = JournalSettings.parse("minutely", null);
        try (JournalWriter w = JournalWriter.open(dir, settings, clock::get))
        {
            for (int cycle = 0; cycle < 3; cycle++)
            {
                for (int i = 0; i < 10; i++)
                {
                    w.append("in", cycle * 10L + i, bytes("r" + (cycle * 10 + i)), null);
                }
                clock.addAndGet(MINUTE_MS);
            }
        }
        assertEquals(3, JournalFiles.cycleFiles(dir).size());
        try (JournalReader r = JournalReader.open(dir))
        {
            for (int i = 0; i < 30; i++)
            {
                assertTrue(r.next());
                assertEquals(i, r.ingestNs());
                assertEquals("r" + i, frame(r));
            }
            assertFalse(r.next());
        }
    }

    @Test
    void shouldDeleteOldestFilesWhenOverTheByteRetention() throws Exception
    {
        final AtomicLong clock = new AtomicLong(1_700_000_000_000L / MINUTE_MS * MINUTE_MS);
        final long fileSize;
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.parse("minutely", null), clock::get))
        {
            w.append("in", 0, bytes("probe"), null);
        }
        fileSize = Files.size(JournalFiles.cycleFiles(dir).get(0));
        final JournalSettings settings = JournalSettings.parse("minutely", (fileSize * 2 + fileSize / 2) + "B");
        try (JournalWriter w = JournalWriter.open(dir, settings, clock::get))
        {
            for (int cycle = 1; cycle <= 4; cycle++)
            {
                clock.addAndGet(MINUTE_MS);
                w.append("in", cycle, bytes("c" + cycle), null);
            }
        }
        final List<Path> files = JournalFiles.cycleFiles(dir);
        assertEquals(2, files.size(), files.toString());
        final List<Long> seen = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir))
        {
            while (r.next())
            {
                seen.add(r.ingestNs());
            }
        }
        assertEquals(List.of(3L, 4L), seen);
    }

    @Test
    void shouldDeleteCyclesOlderThanTheAgeRetention()
    {
        final AtomicLong clock = new AtomicLong(1_700_000_000_000L / MINUTE_MS * MINUTE_MS);
        final JournalSettings settings = JournalSettings.parse("minutely", "3m");
        try (JournalWriter w = JournalWriter.open(dir, settings, clock::get))
        {
            for (int cycle = 0; cycle < 8; cycle++)
            {
                w.append("in", cycle, bytes("c" + cycle), null);
                clock.addAndGet(MINUTE_MS);
            }
        }
        // the sweep when cycle 7 starts (t0 + 7 min) keeps the cycles that ended at or after t0 + 4 min: 3 to 7
        final List<Path> files = JournalFiles.cycleFiles(dir);
        assertEquals(5, files.size(), files.toString());
        try (JournalReader r = JournalReader.open(dir))
        {
            assertTrue(r.next());
            assertEquals(3L, r.ingestNs());
        }
    }

    @Test
    void shouldParseSettings()
    {
        final JournalSettings s = JournalSettings.parse("hourly", "10GiB,7d");
        assertEquals(JournalSettings.Roll.HOURLY, s.roll());
        assertEquals(10L << 30, s.retentionBytes());
        assertEquals(7 * 86_400_000L, s.retentionAgeMs());
        assertEquals(JournalSettings.DEFAULT, JournalSettings.parse(null, ""));
        assertEquals(500_000_000L, JournalSettings.parseBytes("500MB"));
        assertEquals(10L << 20, JournalSettings.parseBytes("10M"));
        assertEquals(30 * 60_000L, JournalSettings.parseAgeMs("30m"));
        assertThrows(IllegalArgumentException.class, () -> JournalSettings.parse("weekly", null));
        assertThrows(IllegalArgumentException.class, () -> JournalSettings.parse("daily", "10 parsecs"));
        assertThrows(IllegalArgumentException.class, () -> JournalSettings.parse("daily", "GiB"));
    }

    @Test
    @Timeout(60)
    void shouldKeepEveryThreadsRecordsInOrderWhenAppendingConcurrently() throws Exception
    {
        final int threads = 4;
        final int perThread = 20_000;
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.DEFAULT))
        {
            final List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final String source = "t" + t;
                final Thread th = new Thread(() ->
                {
                    final UnsafeBuffer buf = new UnsafeBuffer(new byte[8]);
                    for (int i = 0; i < perThread; i++)
                    {
                        buf.putLong(0, i);
                        w.append(source, i, buf, 0, 8, null, 0, 0);
                    }
                });
                ts.add(th);
                th.start();
            }
            for (final Thread th : ts)
            {
                th.join();
            }
        }
        final Map<String, Long> next = new HashMap<>();
        long total = 0;
        try (JournalReader r = JournalReader.open(dir))
        {
            while (r.next())
            {
                final String s = r.source().toString();
                final long expected = next.getOrDefault(s, 0L);
                assertEquals(expected, r.ingestNs(), s);
                assertEquals(expected, r.frame().getLong(r.frameOffset()), s);
                next.put(s, expected + 1);
                total++;
            }
        }
        assertEquals((long)threads * perThread, total);
        assertEquals(threads, next.size());
    }

    @Test
    void shouldNotAllocatePerAppendOrRead()
    {
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long tid = Thread.currentThread().threadId();
        final UnsafeBuffer frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, 64));
        final UnsafeBuffer meta = new UnsafeBuffer(bytes("{\"type\":\"tcp_server\",\"peer\":\"127.0.0.1:5000\"}"));
        final String source = "in";
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.DEFAULT))
        {
            for (int i = 0; i < 100_000; i++)
            {
                w.append(source, i, frame, 0, 100, meta, 0, meta.capacity());
            }
            final long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 100_000; i++)
            {
                w.append(source, i, frame, 0, 100, meta, 0, meta.capacity());
            }
            final long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertTrue(allocated < 100_000, "allocated " + allocated + " bytes over 100k appends");
        }
        try (JournalReader r = JournalReader.open(dir))
        {
            for (int i = 0; i < 100_000; i++)
            {
                assertTrue(r.next());
            }
            final long before = mx.getThreadAllocatedBytes(tid);
            long sum = 0;
            for (int i = 0; i < 100_000; i++)
            {
                r.next();
                sum += r.frameLength();
            }
            final long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertEquals(100L * 100_000, sum);
            assertTrue(allocated < 100_000, "allocated " + allocated + " bytes over 100k reads");
        }
    }
}
