package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCP client over loopback: it keeps frames while the server is away and delivers them when it is back, retries
 * a refused connection with backoff, and reports a frame larger than its send buffer.
 */
class TcpClientAgentTest
{
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static TransportSettings fastBackoff()
    {
        return new TransportSettings()
            .initialBackoffNs(TimeUnit.MILLISECONDS.toNanos(1))
            .maxBackoffNs(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    @Timeout(10)
    void shouldDeliverHeldFramesWhenTheServerComesBack() throws Exception
    {
        // given: a client connected to a server
        final TransportSettings settings = fastBackoff();
        final EventRing serverIn = new EventRing(64 * 1024);
        final EventRing serverOut = new EventRing(4096);
        final TcpServerAgent first = new TcpServerAgent(new InetSocketAddress(LOOPBACK, 0), serverIn, serverOut,
            SystemEpochNanoClock.INSTANCE, settings);
        final int port = first.localPort();
        final EventRing clientIn = new EventRing(4096);
        final EventRing clientOut = new EventRing(64 * 1024);
        final TcpClientAgent client = new TcpClientAgent(new InetSocketAddress(LOOPBACK, port), clientIn, clientOut,
            SystemEpochNanoClock.INSTANCE, settings);
        final Frames got = new Frames();
        TcpServerAgent second = null;
        try
        {
            Frames.offer(clientOut, 0, "before;");
            Frames.driveUntil(() -> got.data.length() == 7, () -> serverIn.poll(got, 10), first, client);

            // when: the server goes away, frames are sent meanwhile, and it comes back on the same port
            first.onClose();
            Frames.driveUntil(() -> client.disconnects() == 1, () -> { }, client);
            for (int i = 0; i < 100; i++)
            {
                Frames.offer(clientOut, 0, "held" + i + ";");
            }
            Frames.driveUntil(() -> client.connectFailures() >= 2 && client.bufferedFrames() == 100, () -> { }, client);
            assertFalse(client.isConnected());
            second = new TcpServerAgent(new InetSocketAddress(LOOPBACK, port), serverIn, serverOut,
                SystemEpochNanoClock.INSTANCE, settings);
            final StringBuilder expected = new StringBuilder("before;");
            for (int i = 0; i < 100; i++)
            {
                expected.append("held").append(i).append(';');
            }
            final TcpServerAgent server = second;
            Frames.driveUntil(() -> got.data.length() == expected.length(), () -> serverIn.poll(got, 10), server, client);

            // then
            assertEquals(expected.toString(), got.data.toString());
            assertEquals(2, client.connects());
            assertEquals(0, client.undeliveredFrames());
        }
        finally
        {
            client.onClose();
            first.onClose();
            if (second != null)
            {
                second.onClose();
            }
        }
    }

    @Test
    @Timeout(10)
    void shouldRetryWithBackoffWhenTheConnectionIsRefused() throws Exception
    {
        final int port;
        try (ServerSocketChannel probe = ServerSocketChannel.open())
        {
            probe.bind(new InetSocketAddress(LOOPBACK, 0));
            port = ((InetSocketAddress)probe.getLocalAddress()).getPort();
        }
        final EventRing in = new EventRing(4096);
        final EventRing out = new EventRing(4096);
        final TcpClientAgent client = new TcpClientAgent(new InetSocketAddress(LOOPBACK, port), in, out,
            SystemEpochNanoClock.INSTANCE, fastBackoff());
        try
        {
            Frames.offer(out, 0, "waiting");
            final long start = System.nanoTime();
            Frames.driveUntil(() -> client.connectFailures() >= 5, () -> { }, client);
            final long elapsedNs = System.nanoTime() - start;

            // waits of 1, 2, 4 and 8 ms come between the five attempts
            assertTrue(elapsedNs >= TimeUnit.MILLISECONDS.toNanos(15), "elapsed " + elapsedNs);
            assertFalse(client.isConnected());
            assertEquals(1, client.bufferedFrames());
            assertEquals(0, client.undeliveredFrames());
        }
        finally
        {
            client.onClose();
        }
    }

    @Test
    @Timeout(10)
    void shouldReportAFrameLargerThanTheSendBuffer() throws Exception
    {
        final EventRing in = new EventRing(64 * 1024);
        final EventRing out = new EventRing(64 * 1024);
        final TcpClientAgent client = new TcpClientAgent(new InetSocketAddress(LOOPBACK, 9), in, out,
            SystemEpochNanoClock.INSTANCE, fastBackoff().sendBufferBytes(1024));
        final Frames got = new Frames();
        try
        {
            Frames.offer(out, 7, "x".repeat(2000));
            Frames.driveUntil(() -> !got.frames.isEmpty(), () -> in.poll(got, 10), client);

            assertEquals(TransportDescriptor.UNDELIVERED_TYPE, got.frames.get(0).type());
            assertEquals(7, got.frames.get(0).id());
            assertEquals(2000, got.frames.get(0).text().length());
            assertEquals(1, client.undeliveredFrames());
        }
        finally
        {
            client.onClose();
        }
    }

    @Test
    @Timeout(10)
    void shouldHoldFramesThatDoNotFitWhileReconnecting() throws Exception
    {
        final EventRing in = new EventRing(64 * 1024);
        final EventRing out = new EventRing(64 * 1024);
        final TcpClientAgent client = new TcpClientAgent(new InetSocketAddress(LOOPBACK, 9), in, out,
            SystemEpochNanoClock.INSTANCE, fastBackoff().sendBufferBytes(1024));
        final Frames got = new Frames();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                Frames.offer(out, i, String.valueOf(i).repeat(400));
            }
            Frames.driveUntil(() -> client.connectFailures() >= 3, () -> in.poll(got, 10), client);

            // two frames buffered, the third held (back pressure), none reported
            assertEquals(2, client.bufferedFrames());
            assertTrue(client.isHoldingFrame());
            assertTrue(got.frames.isEmpty());
            assertEquals(0, client.undeliveredFrames());
        }
        finally
        {
            client.onClose();
        }
    }

    @Test
    @Timeout(10)
    void shouldReportEveryFrameOnceMaxRetriesHaveFailed() throws Exception
    {
        final EventRing in = new EventRing(64 * 1024);
        final EventRing out = new EventRing(64 * 1024);
        final TcpClientAgent client = new TcpClientAgent(new InetSocketAddress(LOOPBACK, 9), in, out,
            SystemEpochNanoClock.INSTANCE, fastBackoff().maxRetries(3).sendBufferBytes(1024));
        final Frames got = new Frames();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                Frames.offer(out, i, String.valueOf(i).repeat(400));
            }
            Frames.driveUntil(() -> got.frames.size() == 3, () -> in.poll(got, 10), client);
            Frames.offer(out, 7, "late");
            Frames.driveUntil(() -> got.frames.size() == 4, () -> in.poll(got, 10), client);

            assertTrue(client.hasGivenUp());
            assertEquals(3, client.connectFailures());
            for (int i = 0; i < 3; i++)
            {
                assertEquals(TransportDescriptor.UNDELIVERED_TYPE, got.frames.get(i).type());
                assertEquals(String.valueOf(i).repeat(400), got.frames.get(i).text());
            }
            assertEquals(new Frames.Frame(TransportDescriptor.UNDELIVERED_TYPE, 7, "late"), got.frames.get(3));
            assertEquals(4, client.undeliveredFrames());
        }
        finally
        {
            client.onClose();
        }
    }

    @Test
    @Timeout(10)
    void shouldGrowTheWaitByTheGrowthRateAndResetItAfterASuccess() throws Exception
    {
        final int port;
        try (ServerSocketChannel probe = ServerSocketChannel.open())
        {
            probe.bind(new InetSocketAddress(LOOPBACK, 0));
            port = ((InetSocketAddress)probe.getLocalAddress()).getPort();
        }
        final EventRing in = new EventRing(4096);
        final EventRing out = new EventRing(4096);
        // waits of 20, 60 and 180 ms (growth 3) between four attempts: at least 260 ms
        final TcpClientAgent client = new TcpClientAgent(new InetSocketAddress(LOOPBACK, port), in, out,
            SystemEpochNanoClock.INSTANCE, new TransportSettings().initialBackoffNs(TimeUnit.MILLISECONDS.toNanos(20))
            .growthRate(3).maxBackoffNs(TimeUnit.SECONDS.toNanos(10)).maxRetries(4));
        try
        {
            final long start = System.nanoTime();
            Frames.driveUntil(client::hasGivenUp, () -> { }, client);
            final long elapsedNs = System.nanoTime() - start;

            assertEquals(4, client.connectFailures());
            assertTrue(elapsedNs >= TimeUnit.MILLISECONDS.toNanos(260), "elapsed " + elapsedNs);
        }
        finally
        {
            client.onClose();
        }
    }
}
