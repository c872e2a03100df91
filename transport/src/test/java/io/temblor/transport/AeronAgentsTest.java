package io.temblor.transport;

import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import io.temblor.offheap.EventRing;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Aeron agents with a real embedded media driver: frames cross IPC and UDP whole, in order, with their ingest
 * times; a publication with no subscriber yet holds its frame instead of dropping it; a full ring aborts fragments
 * that Aeron hands over again; short messages are reported; the driver holder counts its users and reports missing or
 * silent external drivers.
 */
class AeronAgentsTest
{
    private static final int UDP_PORT = 40_311;

    private static final class Received implements EventRing.FrameHandler
    {
        final List<String> text = new ArrayList<>();
        final List<Long> ingest = new ArrayList<>();
        final List<Integer> types = new ArrayList<>();
        final List<Long> ids = new ArrayList<>();

        @Override
        public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
            final long offset, final int length)
        {
            final byte[] bytes = new byte[length];
            MemorySegment.copy(memory, java.lang.foreign.ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
            text.add(new String(bytes, StandardCharsets.UTF_8));
            ingest.add(ingestNs);
            types.add(type);
            ids.add(id);
        }
    }

    private static AeronDriverHolder.Lease lease()
    {
        return AeronDriverHolder.embedded(new BackoffIdleStrategy(), AeronDriverHolder.DRIVER_TIMEOUT_MS_DEFAULT);
    }

    private static void offer(final EventRing ring, final long ingestNs, final String text)
    {
        final MemorySegment bytes = MemorySegment.ofArray(text.getBytes(StandardCharsets.UTF_8));
        assertTrue(ring.offer(TransportDescriptor.DATA_TYPE, ingestNs, 0, bytes, 0, (int)bytes.byteSize()));
    }

    private static void roundTrip(final String channel, final int payloadBytes, final int events) throws Exception
    {
        final EventRing toSend = new EventRing(1 << 22);
        final EventRing received = new EventRing(1 << 22);
        final AeronSubscriptionAgent sub = new AeronSubscriptionAgent("sub", lease(), channel, 7, received,
            SystemEpochNanoClock.INSTANCE, 64);
        final AeronPublicationAgent pub = new AeronPublicationAgent("pub", lease(), channel, 7, toSend, 64);
        final Received got = new Received();
        final String pad = "x".repeat(payloadBytes);
        try
        {
            for (int i = 0; i < events; i++)
            {
                offer(toSend, 1_000_000L + i, i + ":" + pad);
            }
            Frames.driveUntil(() -> got.text.size() == events, () -> received.poll(got, 100), pub, sub);
            for (int i = 0; i < events; i++)
            {
                assertEquals(i + ":" + pad, got.text.get(i));
                assertEquals(1_000_000L + i, got.ingest.get(i));
                assertEquals(TransportDescriptor.DATA_TYPE, got.types.get(i));
                assertEquals(pub.sessionId(), got.ids.get(i));
            }
            assertEquals(events, pub.sent());
            assertEquals(events, sub.received());
            assertEquals(0, pub.undeliveredFrames());
        }
        finally
        {
            pub.onClose();
            sub.onClose();
        }
    }

    @Test
    @Timeout(30)
    void shouldCarryFramesOverIpcInOrderWithTheirIngestTimes() throws Exception
    {
        roundTrip("aeron:ipc", 40, 2_000);
        assertFalse(AeronDriverHolder.isEmbeddedRunning(), "the driver stops with its last lease");
    }

    @Test
    @Timeout(30)
    void shouldCarryFragmentedMessagesOverUdpInOrder() throws Exception
    {
        // 5 000 bytes do not fit one UDP frame: offer fragments them, the assembler puts them together again
        roundTrip("aeron:udp?endpoint=127.0.0.1:" + UDP_PORT, 5_000, 500);
    }

    @Test
    @Timeout(30)
    void shouldHoldFramesUntilASubscriberConnects() throws Exception
    {
        final EventRing toSend = new EventRing(1 << 16);
        final AeronPublicationAgent pub = new AeronPublicationAgent("pub", lease(), "aeron:ipc", 8, toSend, 64);
        final EventRing received = new EventRing(1 << 16);
        AeronSubscriptionAgent sub = null;
        try
        {
            for (int i = 0; i < 100; i++)
            {
                offer(toSend, i, "e" + i);
            }
            for (int i = 0; i < 1_000; i++)
            {
                pub.doWork();
            }
            assertTrue(pub.isHoldingFrame(), "no subscriber: the first frame is held");
            assertEquals(0, pub.sent());
            assertTrue(toSend.size() > 0, "and the rest stay in the ring");

            sub = new AeronSubscriptionAgent("sub", lease(), "aeron:ipc", 8, received, SystemEpochNanoClock.INSTANCE, 64);
            final Received got = new Received();
            Frames.driveUntil(() -> got.text.size() == 100, () -> received.poll(got, 100), pub, sub);
            for (int i = 0; i < 100; i++)
            {
                assertEquals("e" + i, got.text.get(i));
            }
            assertFalse(pub.isHoldingFrame());
            assertEquals(0, pub.undeliveredFrames());
        }
        finally
        {
            pub.onClose();
            if (null != sub)
            {
                sub.onClose();
            }
        }
    }

    @Test
    @Timeout(30)
    void shouldAbortFragmentsWhileTheRingIsFullAndLoseNone() throws Exception
    {
        final EventRing toSend = new EventRing(1 << 20);
        final EventRing received = new EventRing(1024);
        final AeronSubscriptionAgent sub = new AeronSubscriptionAgent("sub", lease(), "aeron:ipc", 9, received,
            SystemEpochNanoClock.INSTANCE, 64);
        final AeronPublicationAgent pub = new AeronPublicationAgent("pub", lease(), "aeron:ipc", 9, toSend, 64);
        final Received got = new Received();
        final int events = 5_000;
        try
        {
            for (int i = 0; i < events; i++)
            {
                offer(toSend, i, "event " + i);
            }
            // the ring takes a handful of frames; the reader takes one per round
            Frames.driveUntil(() -> got.text.size() == events, () -> received.poll(got, 1), pub, sub);
            for (int i = 0; i < events; i++)
            {
                assertEquals("event " + i, got.text.get(i));
                assertEquals(i, got.ingest.get(i));
            }
            assertTrue(sub.abortedFragments() > 0, "the full ring aborted fragments");
        }
        finally
        {
            pub.onClose();
            sub.onClose();
        }
    }

    @Test
    @Timeout(30)
    void shouldReportMessagesShorterThanTheHeader() throws Exception
    {
        final EventRing received = new EventRing(1 << 16);
        final AeronDriverHolder.Lease raw = lease();
        final AeronSubscriptionAgent sub = new AeronSubscriptionAgent("sub", lease(), "aeron:ipc", 10, received,
            SystemEpochNanoClock.INSTANCE, 64);
        final Received got = new Received();
        try (Publication direct = raw.aeron().addPublication("aeron:ipc", 10))
        {
            final UnsafeBuffer bytes = new UnsafeBuffer("abc".getBytes(StandardCharsets.UTF_8));
            Frames.driveUntil(direct::isConnected, () -> { }, sub);
            while (direct.offer(bytes) < 0)
            {
                Thread.onSpinWait();
            }
            Frames.driveUntil(() -> got.text.size() == 1, () -> received.poll(got, 100), sub);
            assertEquals(TransportDescriptor.MALFORMED_TYPE, got.types.get(0));
            assertEquals("abc", got.text.get(0));
            assertEquals(1, sub.malformedMessages());
        }
        finally
        {
            sub.onClose();
            raw.close();
        }
    }

    @Test
    @Timeout(30)
    void shouldCountFramesThatCanNeverBePublishedWithTheReason() throws Exception
    {
        // a 64 KiB term takes messages of 8 KiB at most
        final String channel = "aeron:ipc?term-length=64k";
        final EventRing toSend = new EventRing(1 << 20);
        final EventRing received = new EventRing(1 << 20);
        final AeronDriverHolder.Lease lease = lease();
        final AeronSubscriptionAgent sub = new AeronSubscriptionAgent("sub", lease(), channel, 12, received,
            SystemEpochNanoClock.INSTANCE, 64);
        final AeronPublicationAgent pub = new AeronPublicationAgent("pub", lease, channel, 12, toSend, 64);
        final Received got = new Received();
        try
        {
            offer(toSend, 1, "y".repeat(10_000));
            offer(toSend, 2, "fits");
            Frames.driveUntil(() -> got.text.size() == 1, () -> received.poll(got, 100), pub, sub);
            assertEquals("fits", got.text.get(0));
            assertEquals(1, pub.undeliveredFrames());
            assertEquals("message of 10008 bytes is over the stream's maximum of 8192 (raise the channel's term-length)",
                pub.lastFailure());

            // when the client closes under it, the publication is closed: what comes next is undelivered, not held
            lease.aeron().close();
            offer(toSend, 3, "late");
            Frames.driveUntil(() -> pub.undeliveredFrames() == 2, () -> { }, pub);
            assertFalse(pub.isHoldingFrame());
            assertTrue(pub.lastFailure().startsWith("could not publish 4 bytes: publication closed"), pub.lastFailure());
        }
        finally
        {
            pub.onClose();
            sub.onClose();
        }
    }

    @Test
    @Timeout(30)
    void shouldReportAMessageOverTheRingsLargestFrameWithItsFirstBytes() throws Exception
    {
        final EventRing toSend = new EventRing(1 << 16);
        final EventRing received = new EventRing(1024);
        final AeronSubscriptionAgent sub = new AeronSubscriptionAgent("sub", lease(), "aeron:ipc", 13, received,
            SystemEpochNanoClock.INSTANCE, 64);
        final AeronPublicationAgent pub = new AeronPublicationAgent("pub", lease(), "aeron:ipc", 13, toSend, 64);
        final Received got = new Received();
        try
        {
            final String big = "z".repeat(received.maxPayloadLength() + 1);
            offer(toSend, 5, big);
            offer(toSend, 6, "small");
            Frames.driveUntil(() -> got.text.size() == 2, () -> received.poll(got, 100), pub, sub);
            assertEquals(TransportDescriptor.OVERSIZE_TYPE, got.types.get(0));
            assertEquals(big.substring(0, received.maxPayloadLength()), got.text.get(0));
            assertEquals(5L, got.ingest.get(0));
            assertEquals("small", got.text.get(1));
            assertEquals(1, sub.malformedMessages());
        }
        finally
        {
            pub.onClose();
            sub.onClose();
        }
    }

    @Test
    @Timeout(30)
    void shouldShareOneEmbeddedDriverUntilItsLastLeaseCloses()
    {
        final AeronDriverHolder.Lease first = lease();
        final AeronDriverHolder.Lease second = lease();
        try
        {
            assertEquals(first.directory(), second.directory());
            assertTrue(first.isEmbedded());
            assertTrue(Files.isDirectory(Path.of(first.directory())));
            first.close();
            first.close();
            assertTrue(AeronDriverHolder.isEmbeddedRunning(), "one lease still holds it");
        }
        finally
        {
            second.close();
        }
        assertFalse(AeronDriverHolder.isEmbeddedRunning());
        assertFalse(Files.exists(Path.of(first.directory())), "its directory is deleted");
    }

    @Test
    @Timeout(30)
    void shouldConnectToAnExternalDriverByDirectory(@TempDir final Path dir) throws Exception
    {
        final Path driverDir = dir.resolve("driver");
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(driverDir.toString())
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true)
            .ipcTermBufferLength(1 << 16)))
        {
            final AeronDriverHolder.Lease lease = AeronDriverHolder.external(driverDir, 5_000);
            try
            {
                assertFalse(lease.isEmbedded());
                assertEquals(driverDir.toAbsolutePath().toString(), lease.directory());
                assertTrue(lease.aeron().addPublication("aeron:ipc", 11).maxMessageLength() > 0);
            }
            finally
            {
                lease.close();
            }
            assertFalse(AeronDriverHolder.isEmbeddedRunning(), "no embedded driver was started");
            assertTrue(driver.context().aeronDirectory().exists());
        }
    }

    @Test
    void shouldReportAMissingExternalDriverDirectory(@TempDir final Path dir)
    {
        final IllegalStateException missing = assertThrows(IllegalStateException.class,
            () -> AeronDriverHolder.external(dir.resolve("nope"), 1_000));
        assertTrue(missing.getMessage().startsWith("no Aeron media driver directory at "), missing.getMessage());
        final IllegalStateException empty = assertThrows(IllegalStateException.class,
            () -> AeronDriverHolder.external(dir, 1_000));
        assertTrue(empty.getMessage().contains("no cnc.dat in"), empty.getMessage());
    }

    @Test
    @Timeout(60)
    void shouldReportAnExternalDriverThatDoesNotAnswer(@TempDir final Path dir)
    {
        // a driver that stopped without deleting its directory leaves a cnc.dat nobody answers
        final Path driverDir = dir.resolve("stale");
        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(driverDir.toString())
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(false));
        CloseHelper.close(driver);
        final IllegalStateException silent = assertThrows(IllegalStateException.class,
            () -> AeronDriverHolder.external(driverDir, 500));
        assertTrue(silent.getMessage().contains("did not respond within 500 ms"), silent.getMessage());
    }
}
