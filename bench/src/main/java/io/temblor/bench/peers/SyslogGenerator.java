package io.temblor.bench.peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peers suite's load generator: RFC 5424 syslog lines, newline framed, sent over TCP as fast as the receiver takes
 * them (the socket's back-pressure paces it). The lines are built once from {@link #VARIANTS} templates with varying
 * priorities, hosts, apps, procids, msgids, structured data and messages; each message carries a zero-padded
 * sequence number ({@code seq=0000000042}) that is written into the template's copy in place, so sending allocates
 * nothing per message and the receivers' outputs can be checked for completeness.
 */
public final class SyslogGenerator
{
    /** Distinct line templates. */
    public static final int VARIANTS = 64;
    /** Digits of the sequence number. */
    public static final int SEQ_DIGITS = 10;
    /** Finds a sequence number in any output line. */
    public static final Pattern SEQ = Pattern.compile("seq=(\\d{" + SEQ_DIGITS + "})");
    /** Bytes written to the socket at once. */
    static final int BATCH_BYTES = 256 * 1024;

    private static final String[] APPS = {"sshd", "nginx", "postgres", "kernel", "cron", "haproxy", "kafka", "app"};
    private static final String[] MSGIDS = {"-", "ID47", "AUTH", "REQ", "GC", "CONN"};
    private static final String[] WORDS = {"accepted connection from 10.0.3.17 port 51522", "GET /api/v1/items?id=93 " +
        "200 1532 bytes in 3 ms", "checkpoint complete: wrote 1337 buffers (8.1%)", "session opened for user deploy",
        "backend web-2 is DOWN, reason: Layer4 timeout", "rebalancing partition orders-7 to broker 3",
        "disk usage 81% on /var/lib/data", "request failed: upstream reset, retrying (2/5)"};

    private final byte[][] lines = new byte[VARIANTS][];
    private final int[] seqAt = new int[VARIANTS];
    private final long totalBytesPerCycle;

    /**
     * A generator with its templates built.
     */
    public SyslogGenerator()
    {
        long total = 0;
        for (int i = 0; i < VARIANTS; i++)
        {
            final String line = template(i);
            lines[i] = line.getBytes(StandardCharsets.UTF_8);
            seqAt[i] = line.indexOf("seq=") + 4;
            total += lines[i].length;
        }
        totalBytesPerCycle = total;
    }

    /**
     * The template of variant {@code i}: an RFC 5424 line with a zero sequence number and its newline.
     *
     * @param i the variant.
     * @return the line.
     */
    static String template(final int i)
    {
        final int facility = i % 24;
        final int severity = i % 8;
        final String host = "host-" + (i % 16) + ".example.net";
        final String app = APPS[i % APPS.length];
        final String procid = i % 5 == 0 ? "-" : Integer.toString(1000 + 37 * i);
        final String msgid = MSGIDS[i % MSGIDS.length];
        final String sd = i % 3 == 0 ? "-" : i % 3 == 1 ? "[origin@32473 ip=\"10.0." + i + ".1\" software=\"gen\"]" :
            "[meta@32473 sequenceId=\"" + i + "\" region=\"eu-west-1\"][exampleSDID@32473 iut=\"3\"]";
        final String timestamp = String.format(Locale.ROOT, "2026-12-04T21:%02d:%02d.%03dZ", i % 60, (i * 7) % 60,
            (i * 131) % 1000);
        return "<" + (facility * 8 + severity) + ">1 " + timestamp + " " + host + " " + app + " " + procid + " " + msgid +
            " " + sd + " " + WORDS[i % WORDS.length] + " seq=" + "0".repeat(SEQ_DIGITS) + "\n";
    }

    /**
     * The line of sequence number {@code seq}, as it is sent (with its newline).
     *
     * @param seq the sequence number.
     * @return the line.
     */
    public String line(final long seq)
    {
        final int v = (int)(seq % VARIANTS);
        final byte[] copy = lines[v].clone();
        writeSeq(copy, seqAt[v], seq);
        return new String(copy, StandardCharsets.UTF_8);
    }

    /**
     * The mean length of a line, newline included.
     *
     * @return bytes.
     */
    public double meanLineBytes()
    {
        return (double)totalBytesPerCycle / VARIANTS;
    }

    /**
     * Sends messages {@code first} to {@code first + count - 1} over {@code connections} TCP connections (message
     * {@code k} on connection {@code k % connections}'s share, contiguous ranges per connection), each in its own
     * thread, writing {@link #BATCH_BYTES} at a time, then closes them.
     *
     * @param port        the receiver's port on 127.0.0.1.
     * @param first       the first sequence number.
     * @param count       messages.
     * @param connections connections (1 or more).
     * @return what was sent.
     * @throws IOException when a connection fails.
     */
    public Sent send(final int port, final long first, final long count, final int connections) throws IOException
    {
        final List<Thread> threads = new ArrayList<>();
        final long[] bytes = new long[connections];
        final IOException[] errors = new IOException[connections];
        final long startNs = System.nanoTime();
        for (int c = 0; c < connections; c++)
        {
            final int index = c;
            final long from = first + count * c / connections;
            final long to = first + count * (c + 1) / connections;
            final Thread t = new Thread(() ->
            {
                try
                {
                    bytes[index] = sendRange(port, from, to);
                }
                catch (final IOException ex)
                {
                    errors[index] = ex;
                }
            }, "syslog-generator-" + c);
            t.start();
            threads.add(t);
        }
        for (final Thread t : threads)
        {
            try
            {
                t.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending", ex);
            }
        }
        for (final IOException e : errors)
        {
            if (null != e)
            {
                throw e;
            }
        }
        long total = 0;
        for (final long b : bytes)
        {
            total += b;
        }
        return new Sent(count, total, startNs, System.nanoTime());
    }

    private long sendRange(final int port, final long from, final long to) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(BATCH_BYTES);
        final byte[] staging = new byte[BATCH_BYTES];
        long sent = 0;
        try (SocketChannel channel = SocketChannel.open())
        {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            int used = 0;
            for (long seq = from; seq < to; seq++)
            {
                final int v = (int)(seq % VARIANTS);
                final byte[] line = lines[v];
                if (used + line.length > staging.length)
                {
                    sent += flush(channel, buffer, staging, used);
                    used = 0;
                }
                System.arraycopy(line, 0, staging, used, line.length);
                writeSeq(staging, used + seqAt[v], seq);
                used += line.length;
            }
            sent += flush(channel, buffer, staging, used);
            channel.shutdownOutput();
        }
        return sent;
    }

    private static int flush(final SocketChannel channel, final ByteBuffer buffer, final byte[] staging, final int used)
        throws IOException
    {
        buffer.clear();
        buffer.put(staging, 0, used).flip();
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
        return used;
    }

    private static void writeSeq(final byte[] b, final int at, final long seq)
    {
        long v = seq;
        for (int i = at + SEQ_DIGITS - 1; i >= at; i--)
        {
            b[i] = (byte)('0' + v % 10);
            v /= 10;
        }
    }

    /**
     * The sequence number in an output line.
     *
     * @param line the line.
     * @return the number, or -1 when the line has none.
     */
    public static long seqOf(final String line)
    {
        final Matcher m = SEQ.matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * What one {@link #send} sent.
     *
     * @param messages messages.
     * @param bytes    bytes, newlines included.
     * @param startNs  {@link System#nanoTime()} before the first connection opened.
     * @param endNs    {@link System#nanoTime()} after the last connection closed.
     */
    public record Sent(long messages, long bytes, long startNs, long endNs)
    {
    }
}
