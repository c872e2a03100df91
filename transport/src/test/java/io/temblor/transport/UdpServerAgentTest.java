package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The UDP server over loopback: datagrams echo back to their sender, one frame each; an oversize datagram and a frame
 * for an unknown peer are reported.
 */
class UdpServerAgentTest
{
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    @Timeout(10)
    void shouldEchoDatagramsToTheirSender() throws Exception
    {
        final TransportSettings settings = new TransportSettings();
        final EventRing serverIn = new EventRing(64 * 1024);
        final EventRing serverOut = new EventRing(64 * 1024);
        final UdpServerAgent server = new UdpServerAgent(new InetSocketAddress(LOOPBACK, 0), serverIn, serverOut,
            SystemEpochNanoClock.INSTANCE, settings);
        final EventRing clientIn = new EventRing(64 * 1024);
        final EventRing clientOut = new EventRing(64 * 1024);
        final UdpClientAgent client = new UdpClientAgent(new InetSocketAddress(LOOPBACK, server.localPort()), clientIn,
            clientOut, SystemEpochNanoClock.INSTANCE, settings);
        final Frames got = new Frames();
        final EventRing.FrameHandler echo = (type, ingestNs, id, memory, offset, length) ->
            serverOut.offer(type, ingestNs, id, memory, offset, length);
        try
        {
            for (int i = 0; i < 10; i++)
            {
                Frames.offer(clientOut, 0, "d" + i);
            }
            Frames.driveUntil(() -> got.frames.size() == 10, () ->
            {
                serverIn.poll(echo, 100);
                clientIn.poll(got, 100);
            }, server, client);

            for (int i = 0; i < 10; i++)
            {
                assertEquals(new Frames.Frame(TransportDescriptor.DATA_TYPE, UdpClientAgent.PEER_ID, "d" + i),
                    got.frames.get(i));
            }
            assertEquals(1, server.peerCount());
        }
        finally
        {
            client.onClose();
            server.onClose();
        }
    }

    @Test
    @Timeout(10)
    void shouldReportAnOversizeDatagramAndAFrameForAnUnknownPeer() throws Exception
    {
        final EventRing serverIn = new EventRing(64 * 1024);
        final EventRing serverOut = new EventRing(64 * 1024);
        final UdpServerAgent server = new UdpServerAgent(new InetSocketAddress(LOOPBACK, 0), serverIn, serverOut,
            SystemEpochNanoClock.INSTANCE, new TransportSettings().maxDatagramBytes(100));
        final EventRing clientIn = new EventRing(64 * 1024);
        final EventRing clientOut = new EventRing(64 * 1024);
        final UdpClientAgent client = new UdpClientAgent(new InetSocketAddress(LOOPBACK, server.localPort()), clientIn,
            clientOut, SystemEpochNanoClock.INSTANCE, new TransportSettings());
        final Frames got = new Frames();
        try
        {
            Frames.offer(clientOut, 0, "y".repeat(300));
            Frames.offer(clientOut, 0, "fits");
            Frames.offer(serverOut, 99, "nobody");
            Frames.driveUntil(() -> got.frames.size() == 3, () -> serverIn.poll(got, 100), server, client);

            assertEquals(new Frames.Frame(TransportDescriptor.UNDELIVERED_TYPE, 99, "nobody"), got.frames.get(0));
            assertEquals(new Frames.Frame(TransportDescriptor.OVERSIZE_TYPE, 1, "y".repeat(100)), got.frames.get(1));
            assertEquals(new Frames.Frame(TransportDescriptor.DATA_TYPE, 1, "fits"), got.frames.get(2));
            assertEquals(1, server.oversizeDatagrams());
            assertEquals(1, server.undeliveredFrames());
        }
        finally
        {
            client.onClose();
            server.onClose();
        }
    }
}
