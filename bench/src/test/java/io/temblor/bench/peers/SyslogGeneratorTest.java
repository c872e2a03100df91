package io.temblor.bench.peers;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator's lines are RFC 5424 with distinct sequence numbers, and what it sends over TCP is all of them. */
class SyslogGeneratorTest
{
    /**
     * RFC 5424 (section 6): {@code <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP
     * STRUCTURED-DATA [SP MSG]}, with the header fields' lengths and characters as the RFC limits them.
     */
    private static final Pattern RFC5424 = Pattern.compile("<(\\d{1,3})>1 " +
        "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?(?:Z|[+-]\\d{2}:\\d{2})) " +
        "([\\x21-\\x7e]{1,255}) ([\\x21-\\x7e]{1,48}) ([\\x21-\\x7e]{1,128}) ([\\x21-\\x7e]{1,32}) " +
        "(-|(?:\\[[\\x21-\\x7e&&[^= \\]\"]]{1,32}(?: [\\x21-\\x7e&&[^= \\]\"]]{1,32}=\"[^\"\\\\\\]]*\")*\\])+) (.+)");

    @Test
    void shouldGenerateRfc5424LinesWithTheirSequenceNumber()
    {
        final SyslogGenerator generator = new SyslogGenerator();
        final Set<String> hosts = new HashSet<>();
        final Set<String> apps = new HashSet<>();
        final Set<String> data = new HashSet<>();
        for (long seq = 1_234_567; seq < 1_234_567 + 2L * SyslogGenerator.VARIANTS; seq++)
        {
            final String line = generator.line(seq);
            assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, line);
            final Matcher m = RFC5424.matcher(line.strip());
            assertTrue(m.matches(), "not RFC 5424: " + line);
            assertTrue(Integer.parseInt(m.group(1)) <= 191, line);
            hosts.add(m.group(3));
            apps.add(m.group(4));
            data.add(m.group(7).equals("-") ? "-" : m.group(7).substring(0, 5));
            assertEquals(seq, SyslogGenerator.seqOf(m.group(8)));
        }
        assertTrue(hosts.size() > 8 && apps.size() > 4 && data.size() == 3, hosts + " " + apps + " " + data);
    }

    @Test
    void shouldSendEveryLineOverTcpAndClose() throws Exception
    {
        final SyslogGenerator generator = new SyslogGenerator();
        final long first = 500;
        final long count = 20_000;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            final CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> readAll(server, 2));
            final SyslogGenerator.Sent sent = generator.send(server.getLocalPort(), first, count, 2);
            final String text = received.get();
            assertEquals(count, sent.messages());
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, sent.bytes());
            final String[] lines = text.split("\n");
            assertEquals(count, lines.length);
            final BitSet seen = new BitSet();
            for (final String line : lines)
            {
                assertTrue(RFC5424.matcher(line).matches(), line);
                final long seq = SyslogGenerator.seqOf(line);
                assertTrue(seq >= first && seq < first + count && !seen.get((int)seq), line);
                seen.set((int)seq);
                assertEquals(generator.line(seq), line + "\n");
            }
            assertEquals(count, seen.cardinality());
        }
    }

    private static String readAll(final ServerSocket server, final int connections)
    {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        try
        {
            for (int c = 0; c < connections; c++)
            {
                try (Socket s = server.accept(); InputStream in = s.getInputStream())
                {
                    all.write(in.readAllBytes());
                }
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
