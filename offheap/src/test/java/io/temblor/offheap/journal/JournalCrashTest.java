package io.temblor.offheap.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writer in another JVM killed with SIGKILL while appending: every record it acknowledged is read back, in order,
 * the read ends cleanly, and a new writer appends after them.
 */
class JournalCrashTest
{
    @TempDir
    Path dir;

    /**
     * The child: appends records 0, 1, 2, ... forever and prints the count after every 1000.
     *
     * @param args the capture directory.
     */
    public static void main(final String[] args)
    {
        if (args.length > 1 && "mid-write".equals(args[1]))
        {
            // ten whole records, then one left half-written: the JVM halts inside Chronicle's document
            try (JournalWriter w = JournalWriter.open(Path.of(args[0]), JournalSettings.DEFAULT))
            {
                for (int i = 0; i < 10; i++)
                {
                    w.append("in", i, new byte[] {(byte)i}, null);
                }
            }
            final net.openhft.chronicle.queue.impl.single.SingleChronicleQueue q =
                net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(Path.of(args[0]).toFile())
                    .rollCycle(JournalSettings.Roll.DAILY.cycle()).blockSize(JournalWriter.BLOCK_SIZE).build();
            final net.openhft.chronicle.queue.ExcerptAppender appender = q.createAppender();
            final net.openhft.chronicle.wire.DocumentContext dc = appender.writingDocument();
            dc.wire().bytes().writeByte(JournalRecordDescriptor.VERSION).writeByte((byte)2).writeByte((byte)'i');
            System.out.println("halting");
            System.out.flush();
            Runtime.getRuntime().halt(9);
        }
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[64]);
        try (JournalWriter w = JournalWriter.open(Path.of(args[0]), JournalSettings.DEFAULT))
        {
            for (long i = 0; ; i++)
            {
                frame.putLong(0, i);
                w.append("in", i, frame, 0, 64, null, 0, 0);
                if (i % 1000 == 999)
                {
                    System.out.println(i + 1);
                    System.out.flush();
                }
            }
        }
    }

    private List<String> child(final String... args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--") || a.startsWith("-XX")).toList());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(JournalCrashTest.class.getName());
        cmd.add(dir.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    @Timeout(120)
    void shouldReadPastNothingAndAppendAfterARecordLeftHalfWritten() throws Exception
    {
        // given a writer that died inside a record
        final Process child = new ProcessBuilder(child("mid-write")).redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(9, child.exitValue());

        // then the ten whole records read, and the read stops cleanly at the half-written one
        try (JournalReader r = JournalReader.open(dir))
        {
            for (int i = 0; i < 10; i++)
            {
                assertTrue(r.next(), "record " + i);
                assertEquals(i, r.ingestNs());
            }
            assertFalse(r.next());
        }

        // when a new writer appends
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.DEFAULT))
        {
            w.append("in", 100, new byte[] {1}, null);
        }

        // then the reader reaches the new record
        final List<Long> seen = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir))
        {
            while (r.next())
            {
                seen.add(r.ingestNs());
            }
        }
        assertEquals(11, seen.size(), seen.toString());
        assertEquals(100L, seen.get(10));
    }

    @Test
    @Timeout(120)
    void shouldKeepEveryAcknowledgedRecordWhenTheWriterIsKilled() throws Exception
    {
        // given a child JVM appending as fast as it can
        final List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--") || a.startsWith("-XX")).toList());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(JournalCrashTest.class.getName());
        cmd.add(dir.toString());
        final Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long acknowledged = 0;
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (acknowledged < 200_000 && (line = out.readLine()) != null)
            {
                acknowledged = Long.parseLong(line.trim());
            }
            // when it is killed mid-stream
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(acknowledged >= 200_000, "child acknowledged only " + acknowledged);

        // then every acknowledged record is there, in order, and the read ends cleanly
        long count = 0;
        try (JournalReader r = JournalReader.open(dir))
        {
            while (r.next())
            {
                assertEquals(count, r.ingestNs());
                assertEquals(count, r.frame().getLong(r.frameOffset()));
                count++;
            }
            assertFalse(r.next());
        }
        assertTrue(count >= acknowledged, count + " records read, " + acknowledged + " acknowledged");

        // and a new writer appends after them
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.DEFAULT))
        {
            w.append("in", -1, "after restart".getBytes(StandardCharsets.UTF_8), null);
        }
        long again = 0;
        boolean sawRestart = false;
        try (JournalReader r = JournalReader.open(dir))
        {
            while (r.next())
            {
                if (r.ingestNs() == -1)
                {
                    sawRestart = true;
                }
                again++;
            }
        }
        assertTrue(sawRestart, "the record appended after the restart is not readable");
        assertTrue(again >= count + 1, again + " records after restart, " + count + " before");
    }
}
