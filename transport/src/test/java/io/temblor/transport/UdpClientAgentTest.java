package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The UDP client: a frame larger than a datagram may be is reported, and sending to a port nobody listens on is
 * counted as an error rather than failing the agent.
 */
class UdpClientAgentTest
{
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    @Timeout(10)
    void shouldReportAFrameLongerThanTheLargestDatagram() throws Exception
    {
        final EventRing in = new EventRing(64 * 1024);
        final EventRing out = new EventRing(64 * 1024);
        final UdpClientAgent client = new UdpClientAgent(new InetSocketAddress(LOOPBACK, 9), in, out,
            SystemEpochNanoClock.INSTANCE, new TransportSettings().maxDatagramBytes(64));
        final Frames got = new Frames();
        try
        {
            Frames.offer(out, 5, "z".repeat(65));
            Frames.driveUntil(() -> !got.frames.isEmpty(), () -> in.poll(got, 10), client);

            assertEquals(new Frames.Frame(TransportDescriptor.UNDELIVERED_TYPE, 5, "z".repeat(65)), got.frames.get(0));
            assertEquals(1, client.undeliveredFrames());
        }
        finally
        {
            client.onClose();
        }
    }

    @Test
    @Timeout(10)
    void shouldCountPortUnreachableAndKeepGoing() throws Exception
    {
        final int port;
        try (DatagramChannel probe = DatagramChannel.open())
        {
            probe.bind(new InetSocketAddress(LOOPBACK, 0));
            port = ((InetSocketAddress)probe.getLocalAddress()).getPort();
        }
        final EventRing in = new EventRing(64 * 1024);
        final EventRing out = new EventRing(64 * 1024);
        final UdpClientAgent client = new UdpClientAgent(new InetSocketAddress(LOOPBACK, port), in, out,
            SystemEpochNanoClock.INSTANCE, new TransportSettings());
        try
        {
            Frames.driveUntil(() -> client.ioErrors() > 0, () ->
            {
                if (out.size() == 0)
                {
                    Frames.offer(out, 0, "ping");
                }
            }, client);
        }
        finally
        {
            client.onClose();
        }
    }
}
