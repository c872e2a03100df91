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
    void shouldReportFramesThatDoNotFitWhileDisconnected() throws Exception
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
            Frames.driveUntil(() -> !got.frames.isEmpty(), () -> in.poll(got, 10), client);

            assertEquals(new Frames.Frame(TransportDescriptor.UNDELIVERED_TYPE, 2, "2".repeat(400)), got.frames.get(0));
            assertEquals(2, client.bufferedFrames());
        }
        finally
        {
            client.onClose();
        }
    }
}
