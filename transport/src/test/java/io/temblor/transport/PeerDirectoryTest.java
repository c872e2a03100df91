package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Server transports name each stream's peer once asked to ({@link PeerDirectory#recordPeers()}), until forgotten.
 */
class PeerDirectoryTest
{
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    @Timeout(10)
    void shouldNameTheTcpPeerOfAConnectionUntilForgotten() throws Exception
    {
        final EventRing in = new EventRing(64 * 1024);
        final TcpServerAgent server = new TcpServerAgent(new InetSocketAddress(LOOPBACK, 0), in,
            new EventRing(64 * 1024), SystemEpochNanoClock.INSTANCE, new TransportSettings());
        server.recordPeers();
        final Frames got = new Frames();
        try (Socket client = new Socket(LOOPBACK, server.localPort()))
        {
            final OutputStream os = client.getOutputStream();
            os.write("hello".getBytes(StandardCharsets.UTF_8));
            os.flush();
            Frames.driveUntil(() -> !got.frames.isEmpty(), () -> in.poll(got, 10), server);
            final long id = got.frames.get(0).id();
            assertEquals("127.0.0.1:" + client.getLocalPort(), server.peer(id));
            server.forgetPeer(id);
            assertNull(server.peer(id));
        }
        finally
        {
            server.onClose();
        }
    }

    @Test
    @Timeout(10)
    void shouldNameTheUdpPeerOfADatagramAndNothingWhenNotAsked() throws Exception
    {
        final EventRing in = new EventRing(64 * 1024);
        final UdpServerAgent server = new UdpServerAgent(new InetSocketAddress(LOOPBACK, 0), in,
            new EventRing(64 * 1024), SystemEpochNanoClock.INSTANCE, new TransportSettings());
        final EventRing quietIn = new EventRing(64 * 1024);
        final UdpServerAgent quiet = new UdpServerAgent(new InetSocketAddress(LOOPBACK, 0), quietIn,
            new EventRing(64 * 1024), SystemEpochNanoClock.INSTANCE, new TransportSettings());
        server.recordPeers();
        final Frames got = new Frames();
        final Frames quietGot = new Frames();
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            final byte[] data = "d".getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(data, data.length, new InetSocketAddress(LOOPBACK, server.localPort())));
            client.send(new DatagramPacket(data, data.length, new InetSocketAddress(LOOPBACK, quiet.localPort())));
            Frames.driveUntil(() -> !got.frames.isEmpty() && !quietGot.frames.isEmpty(), () ->
            {
                in.poll(got, 10);
                quietIn.poll(quietGot, 10);
            }, server, quiet);
            assertEquals("127.0.0.1:" + client.getLocalPort(), server.peer(got.frames.get(0).id()));
            assertNull(quiet.peer(quietGot.frames.get(0).id()));
        }
        finally
        {
            server.onClose();
            quiet.onClose();
        }
    }
}
