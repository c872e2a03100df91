package io.temblor.engine.replay;

import io.temblor.offheap.journal.JournalException;
import io.temblor.offheap.journal.JournalReader;
import io.temblor.offheap.journal.JournalSettings;
import io.temblor.offheap.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalFeedTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadWhatTheJournalsOwnReaderReadsInPlace()
    {
        // given: frames of random lengths (0 to 70 000 bytes) and bytes, from three sources, some with a stream
        final Random random = new Random(42);
        try (JournalWriter writer = JournalWriter.open(dir, JournalSettings.DEFAULT))
        {
            for (int i = 0; i < 3000; i++)
            {
                final byte[] frame = new byte[i % 100 == 0 ? 70_000 : random.nextInt(300)];
                random.nextBytes(frame);
                final String meta = i % 2 == 0 ? "{\"connector\":\"tcp_server\",\"stream\":" + (i % 7 - 1) + "}" : "";
                writer.append("source" + i % 3, 1_000L * i, frame, meta.isEmpty() ? null :
                    meta.getBytes(StandardCharsets.UTF_8));
            }
        }
        // when / then: the same records, twice (toStart)
        try (JournalReader reader = JournalReader.open(dir); JournalFeed feed = JournalFeed.open(dir))
        {
            for (int pass = 0; pass < 2; pass++)
            {
                reader.toStart();
                feed.toStart();
                int n = 0;
                CharSequence first = null;
                while (reader.next())
                {
                    assertTrue(feed.next());
                    assertEquals(reader.source().toString(), feed.source().toString());
                    assertEquals(reader.ingestNs(), feed.ingestNs());
                    final byte[] expected = new byte[reader.frameLength()];
                    reader.frame().getBytes(reader.frameOffset(), expected);
                    final byte[] got = new byte[feed.frameLength()];
                    feed.frame().getBytes(feed.frameOffset(), got);
                    assertArrayEquals(expected, got, "record " + n);
                    assertEquals(reader.meta().getStringWithoutLengthUtf8(reader.metaOffset(), reader.metaLength()),
                        feed.meta());
                    assertEquals(n % 2 == 0 ? n % 7 - 1 : 0, feed.stream(), "record " + n);
                    if (n == 0)
                    {
                        first = feed.source();
                    }
                    else if (n % 3 == 0)
                    {
                        assertSame(first, feed.source());
                    }
                    n++;
                }
                assertFalse(feed.next());
                assertEquals(3000, n);
            }
        }
    }

    @Test
    void shouldRefuseAFolderThatIsNotACapture() throws Exception
    {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        final JournalException ex = assertThrows(JournalException.class, () -> JournalFeed.open(dir));
        assertTrue(ex.getMessage().contains("not a capture"), ex.getMessage());
    }
}
