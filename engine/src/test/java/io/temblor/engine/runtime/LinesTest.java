package io.temblor.engine.runtime;

import io.temblor.offheap.EventRing;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The line source splits a stream into one frame per non-blank line however the reads cut it (CRLF and a last line
 * without a newline included), holds lines while its ring is full, and skips a line too long for a frame with its line
 * number while the others go on; a failing read is reported after the lines read before it.
 */
class LinesTest
{
    /** Hands out its bytes a few at a time, then fails or ends. */
    private static final class Trickle extends InputStream
    {
        private final byte[] data;
        private final boolean failAtEnd;
        private int at;

        Trickle(final String text, final boolean failAtEnd)
        {
            this.data = text.getBytes(StandardCharsets.UTF_8);
            this.failAtEnd = failAtEnd;
        }

        @Override
        public int read()
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException
        {
            if (at == data.length)
            {
                if (failAtEnd)
                {
                    throw new IOException("disk on fire");
                }
                return -1;
            }
            final int n = Math.min(Math.min(len, 7), data.length - at);
            System.arraycopy(data, at, b, off, n);
            at += n;
            return n;
        }
    }

    private static List<String> drain(final Connectors.Lines lines, final EventRing ring)
    {
        final List<String> got = new ArrayList<>();
        final EventRing.FrameHandler collect = (type, ingestNs, id, memory, offset, length) ->
        {
            final byte[] b = new byte[length];
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, b, 0, length);
            got.add(new String(b, StandardCharsets.UTF_8));
        };
        final long until = System.nanoTime() + 10_000_000_000L;
        while (!lines.finished() && System.nanoTime() < until)
        {
            lines.doWork();
            ring.poll(collect, 1);
        }
        assertTrue(lines.finished(), "the source reached the end of its input");
        while (ring.poll(collect, 100) > 0)
        {
            lines.doWork();
        }
        return got;
    }

    @Test
    void shouldSendEveryNonBlankLineWhateverTheReadsAndHoldThemWhileTheRingIsFull()
    {
        final StringBuilder text = new StringBuilder();
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++)
        {
            final String line = "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}";
            expected.add(line);
            text.append(line).append(i % 3 == 0 ? "\r\n" : "\n").append(i % 7 == 0 ? "  \n\n" : "");
        }
        text.append("{\"last\":true}");
        expected.add("{\"last\":true}");
        final EventRing ring = new EventRing(4096);
        final Connectors.Lines lines = new Connectors.Lines("connector/in", new EventRing[] {ring},
            new Trickle(text.toString(), false), System::nanoTime);
        assertEquals(expected, drain(lines, ring));
        assertEquals(expected.size(), lines.sent);
        assertEquals(0, lines.failed());
        lines.onClose();
    }

    @Test
    void shouldSkipALineTooLongForAFrameWithItsLineNumberAndReportAFailedRead()
    {
        final EventRing ring = new EventRing(4096);
        final String text = "{\"a\":1}\n{\"big\":\"" + "y".repeat(3 * ring.maxPayloadLength()) + "\"}\n{\"b\":2}\n";
        final Connectors.Lines lines = new Connectors.Lines("connector/in", new EventRing[] {ring},
            new Trickle(text, true), System::nanoTime);
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), drain(lines, ring));
        assertEquals(2, lines.failed());
        assertEquals("read failed after line 3: disk on fire", lines.lastFailure());
        lines.onClose();
        final Connectors.Lines once = new Connectors.Lines("connector/in", new EventRing[] {ring},
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), System::nanoTime);
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), drain(once, ring));
        assertEquals(1, once.failed());
        assertEquals("line 2 is longer than " + ring.maxPayloadLength() +
            " bytes (the most an event frame carries); skipped", once.lastFailure());
        once.onClose();
    }
}
