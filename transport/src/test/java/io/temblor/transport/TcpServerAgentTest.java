package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The TCP server over loopback: echo round trips, 100 000 frames in order through a small inbound ring (back pressure,
 * no loss) with both agents on their own threads, and frames for a connection that is gone reported.
 */
class TcpServerAgentTest
{
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    @Timeout(10)
    void shouldEchoFramesFromTwoClientsBackToTheirSenders() throws Exception
    {
        // given
        final TransportSettings settings = new TransportSettings();
        final EventRing serverIn = new EventRing(64 * 1024);
        final EventRing serverOut = new EventRing(64 * 1024);
        final TcpServerAgent server = new TcpServerAgent(ANY_PORT, serverIn, serverOut, SystemEpochNanoClock.INSTANCE,
            settings);
        final InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.localPort());
        final EventRing inA = new EventRing(64 * 1024);
        final EventRing outA = new EventRing(64 * 1024);
        final EventRing inB = new EventRing(64 * 1024);
        final EventRing outB = new EventRing(64 * 1024);
        final TcpClientAgent a = new TcpClientAgent(address, inA, outA, SystemEpochNanoClock.INSTANCE, settings);
        final TcpClientAgent b = new TcpClientAgent(address, inB, outB, SystemEpochNanoClock.INSTANCE, settings);
        final Frames gotA = new Frames();
        final Frames gotB = new Frames();
        final EventRing.FrameHandler echo = (type, ingestNs, id, memory, offset, length) ->
        {
            assertTrue(ingestNs > 0);
            if (!serverOut.offer(type, ingestNs, id, memory, offset, length))
            {
                fail("echo ring full");
            }
        };
        try
        {
            // when
            for (int i = 0; i < 10; i++)
            {
                Frames.offer(outA, 0, "a" + i + ";");
                Frames.offer(outB, 0, "b" + i + ";");
            }
            Frames.driveUntil(() -> gotA.data.length() == 30 && gotB.data.length() == 30, () ->
            {
                serverIn.poll(echo, 100);
                inA.poll(gotA, 100);
                inB.poll(gotB, 100);
            }, server, a, b);

            // then
            assertEquals("a0;a1;a2;a3;a4;a5;a6;a7;a8;a9;", gotA.data.toString());
            assertEquals("b0;b1;b2;b3;b4;b5;b6;b7;b8;b9;", gotB.data.toString());
            assertEquals(2, server.acceptedConnections());
            assertEquals(1, gotA.frames.get(0).id());
        }
        finally
        {
            a.onClose();
            b.onClose();
            server.onClose();
        }
    }

    @Test
    @Timeout(10)
    void shouldReportFramesForAConnectionThatIsGone() throws Exception
    {
        final EventRing serverIn = new EventRing(4096);
        final EventRing serverOut = new EventRing(4096);
        final TcpServerAgent server = new TcpServerAgent(ANY_PORT, serverIn, serverOut, SystemEpochNanoClock.INSTANCE,
            new TransportSettings());
        final Frames got = new Frames();
        try
        {
            Frames.offer(serverOut, 42, "lost");
            Frames.driveUntil(() -> !got.frames.isEmpty(), () -> serverIn.poll(got, 10), server);

            assertEquals(new Frames.Frame(TransportDescriptor.UNDELIVERED_TYPE, 42, "lost"), got.frames.get(0));
            assertEquals(1, server.undeliveredFrames());
        }
        finally
        {
            server.onClose();
        }
    }

    @Test
    @Timeout(20)
    void shouldCarryOneHundredThousandFramesInOrderWithoutLossThroughASmallRing() throws Exception
    {
        // given: a 4 KiB inbound ring, so the server stops reading often and the bytes wait in the kernel
        final int count = 100_000;
        final TransportSettings settings = new TransportSettings().sendBufferBytes(64 * 1024);
        final EventRing serverIn = new EventRing(4096);
        final EventRing serverOut = new EventRing(4096);
        final TcpServerAgent server = new TcpServerAgent(ANY_PORT, serverIn, serverOut, SystemEpochNanoClock.INSTANCE,
            settings);
        final EventRing clientIn = new EventRing(4096);
        final EventRing clientOut = new EventRing(64 * 1024);
        final TcpClientAgent client = new TcpClientAgent(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), server.localPort()), clientIn, clientOut,
            SystemEpochNanoClock.INSTANCE, settings);
        final MemorySegment payload = MemorySegment.ofArray(new byte[8]);
        final long[] next = {0};
        final long[] partial = {0, 0};
        final EventRing.FrameHandler check = (type, ingestNs, id, memory, offset, length) ->
        {
            for (int i = 0; i < length; i++)
            {
                partial[0] |= (memory.get(ValueLayout.JAVA_BYTE, offset + i) & 0xFFL) << (8 * partial[1]);
                if (++partial[1] == 8)
                {
                    assertEquals(next[0], partial[0]);
                    next[0]++;
                    partial[0] = 0;
                    partial[1] = 0;
                }
            }
        };

        // when
        try (AgentRunner serverRunner = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null, server);
            AgentRunner clientRunner = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null, client))
        {
            AgentRunner.startOnThread(serverRunner);
            AgentRunner.startOnThread(clientRunner);
            long sent = 0;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (next[0] < count)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    fail("timed out at " + next[0]);
                }
                while (sent < count)
                {
                    payload.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, sent);
                    if (!clientOut.offer(TransportDescriptor.DATA_TYPE, 0, sent, payload, 0, 8))
                    {
                        break;
                    }
                    sent++;
                }
                if (serverIn.poll(check, 4) == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }

        // then
        assertEquals(count, next[0]);
        assertEquals(0, partial[1]);
        assertEquals(0, client.undeliveredFrames());
    }

    @Test
    @Timeout(10)
    void shouldEchoFramesOverAUnixSocketAndRemoveItsFileOnClose(@TempDir final Path dir) throws Exception
    {
        // given: a stale socket file at the path (bound, then its server gone without removing it)
        final Path path = dir.resolve("echo.sock");
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            stale.bind(UnixDomainSocketAddress.of(path));
        }
        assertTrue(Files.exists(path));
        final TransportSettings settings = new TransportSettings();
        final EventRing serverIn = new EventRing(64 * 1024);
        final EventRing serverOut = new EventRing(64 * 1024);
        final TcpServerAgent server = new TcpServerAgent(UnixDomainSocketAddress.of(path), serverIn, serverOut,
            SystemEpochNanoClock.INSTANCE, settings);
        final EventRing clientIn = new EventRing(64 * 1024);
        final EventRing clientOut = new EventRing(64 * 1024);
        final TcpClientAgent client = new TcpClientAgent(UnixDomainSocketAddress.of(path), clientIn, clientOut,
            SystemEpochNanoClock.INSTANCE, settings);
        final Frames got = new Frames();
        final EventRing.FrameHandler echo = (type, ingestNs, id, memory, offset, length) ->
        {
            if (!serverOut.offer(type, ingestNs, id, memory, offset, length))
            {
                fail("echo ring full");
            }
        };
        try
        {
            // when
            for (int i = 0; i < 100; i++)
            {
                Frames.offer(clientOut, 0, "u" + i + ";");
            }
            final StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 100; i++)
            {
                expected.append('u').append(i).append(';');
            }
            Frames.driveUntil(() -> got.data.length() == expected.length(), () ->
            {
                serverIn.poll(echo, 100);
                clientIn.poll(got, 100);
            }, server, client);

            // then
            assertEquals(expected.toString(), got.data.toString());
            assertEquals("unix-server", server.roleName());
            assertEquals(-1, server.localPort());
            assertEquals(1, server.acceptedConnections());
        }
        finally
        {
            client.onClose();
            server.onClose();
        }
        assertFalse(Files.exists(path), "socket file removed on close");
    }

    @Test
    @Timeout(10)
    void shouldRefuseAUnixSocketPathThatIsLiveOrNotASocket(@TempDir final Path dir) throws Exception
    {
        final Path live = dir.resolve("live.sock");
        final Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "keep me");
        final EventRing in = new EventRing(4096);
        final EventRing out = new EventRing(4096);
        final TcpServerAgent first = new TcpServerAgent(UnixDomainSocketAddress.of(live), in, out,
            SystemEpochNanoClock.INSTANCE, new TransportSettings());
        try
        {
            final UncheckedIOException inUse = assertThrows(UncheckedIOException.class, () -> new TcpServerAgent(
                UnixDomainSocketAddress.of(live), in, out, SystemEpochNanoClock.INSTANCE, new TransportSettings()));
            assertTrue(inUse.getMessage().contains("a server is already listening on " + live), inUse.getMessage());
            final UncheckedIOException notSocket = assertThrows(UncheckedIOException.class, () -> new TcpServerAgent(
                UnixDomainSocketAddress.of(plain), in, out, SystemEpochNanoClock.INSTANCE, new TransportSettings()));
            assertTrue(notSocket.getMessage().contains(plain + " exists and is not a socket"), notSocket.getMessage());
            assertEquals("keep me", Files.readString(plain));
        }
        finally
        {
            first.onClose();
        }
    }

    @Test
    @Timeout(10)
    void shouldEndEachConnectionsStreamAfterItsLastBytesWhenItClosesOrReadsStop() throws Exception
    {
        // a ring that holds one chunk: the end frames wait, in order, behind the data
        final EventRing serverIn = new EventRing(1024);
        final EventRing serverOut = new EventRing(4096);
        final TcpServerAgent server = new TcpServerAgent(ANY_PORT, serverIn, serverOut, SystemEpochNanoClock.INSTANCE,
            new TransportSettings());
        final InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.localPort());
        final Frames got = new Frames();
        try (java.net.Socket open = new java.net.Socket(address.getAddress(), address.getPort()))
        {
            try (java.net.Socket closing = new java.net.Socket(address.getAddress(), address.getPort()))
            {
                closing.getOutputStream().write("last line, no newline".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                closing.getOutputStream().flush();
                // both connected; the closing one has sent its bytes
                Frames.driveUntil(() -> server.acceptedConnections() == 2, () -> { }, server);
            }
            Frames.driveUntil(() -> got.frames.stream().anyMatch(f -> f.type() == TransportDescriptor.END_TYPE),
                () -> serverIn.poll(got, 1), server);
            final long closedId = got.frames.get(0).id();
            assertEquals(new Frames.Frame(TransportDescriptor.DATA_TYPE, closedId, "last line, no newline"),
                got.frames.get(0));
            assertEquals(new Frames.Frame(TransportDescriptor.END_TYPE, closedId, ""), got.frames.get(1));
            assertEquals(2, got.frames.size());

            open.getOutputStream().write("partial".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            open.getOutputStream().flush();
            Frames.driveUntil(() -> got.frames.size() == 3, () -> serverIn.poll(got, 1), server);
            server.stopReading();
            Frames.driveUntil(() -> got.frames.size() == 4, () -> serverIn.poll(got, 1), server);
            final long openId = got.frames.get(2).id();
            assertEquals(new Frames.Frame(TransportDescriptor.DATA_TYPE, openId, "partial"), got.frames.get(2));
            assertEquals(new Frames.Frame(TransportDescriptor.END_TYPE, openId, ""), got.frames.get(3));
        }
        // the open connection closing after the reads stopped ends nothing twice
        for (int i = 0; i < 100; i++)
        {
            server.doWork();
            serverIn.poll(got, 10);
        }
        assertEquals(4, got.frames.size(), got.frames.toString());
        server.onClose();
    }
}
