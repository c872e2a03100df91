package io.temblor.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code temblor capture import|cat|info} in process: NDJSON round trip, base64 for frames that are not UTF-8, time
 * and source filters, pcap import, and the errors.
 */
class CaptureCommandTest
{
    @TempDir
    Path dir;

    private record Result(int code, byte[] out, String err)
    {
        String text()
        {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    private static Result run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldGiveBackTheImportedLinesInOrderWithFrames() throws Exception
    {
        // given lines that are not all JSON, with odd whitespace, an empty line and a CR
        final byte[] input = ("{\"a\":1}\n{ \"b\" : [1, 2] }\nnot json at all\n\n{\"c\":\"é\"}\r\n{\"last\":true}\n")
            .getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("in.ndjson"), input);
        final Path capture = dir.resolve("cap");

        // when
        final Result imported = run("capture", "import", dir.resolve("in.ndjson").toString(), "--out",
            capture.toString());
        final Result cat = run("capture", "cat", capture.toString(), "--frames");

        // then
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.text().contains("imported 6 lines"), imported.text());
        assertEquals(0, cat.code(), cat.err());
        assertArrayEquals(input, cat.out());
    }

    @Test
    void shouldAddTheLastNewlineOnlyWhenTheFileLacksIt() throws Exception
    {
        Files.writeString(dir.resolve("in.ndjson"), "1\n2");
        assertEquals(0, run("capture", "import", dir.resolve("in.ndjson").toString(), "--out",
            dir.resolve("cap").toString()).code());
        assertEquals("1\n2\n", run("capture", "cat", dir.resolve("cap").toString(), "--frames").text());
    }

    @Test
    void shouldPrintRecordsAsJsonWithBase64ForFramesThatAreNotUtf8() throws Exception
    {
        final byte[] input = {'{', '}', '\n', (byte)0xff, (byte)0xfe, 'x', '\n', '"', '\\', '\n'};
        Files.write(dir.resolve("in.bin"), input);
        final Path capture = dir.resolve("cap");
        assertEquals(0, run("capture", "import", dir.resolve("in.bin").toString(), "--out", capture.toString(),
            "--source", "raw", "--start", "1000", "--rate", "2/s").code());

        final List<String> lines = run("capture", "cat", capture.toString()).text().lines().toList();

        assertEquals(3, lines.size(), lines.toString());
        final String meta = ",\"meta\":{\"connector\":\"import\",\"file\":\"in.bin\"}}";
        assertEquals("{\"source\":\"raw\",\"ingest_ns\":1000,\"frame\":\"{}\"" + meta, lines.get(0));
        assertEquals("{\"source\":\"raw\",\"ingest_ns\":500001000,\"frame\":\"" +
            Base64.getEncoder().encodeToString(new byte[] {(byte)0xff, (byte)0xfe, 'x'}) +
            "\",\"encoding\":\"base64\"" + meta, lines.get(1));
        assertEquals("{\"source\":\"raw\",\"ingest_ns\":1000001000,\"frame\":\"\\\"\\\\\"" + meta, lines.get(2));
    }

    @Test
    void shouldFilterByTimeAndSource() throws Exception
    {
        Files.writeString(dir.resolve("a.ndjson"), "a0\na1\na2\na3\n");
        Files.writeString(dir.resolve("b.ndjson"), "b0\nb1\n");
        final Path capture = dir.resolve("cap");
        final String start = "2026-01-01T00:00:00Z";
        assertEquals(0, run("capture", "import", dir.resolve("a.ndjson").toString(), "--out", capture.toString(),
            "--source", "a", "--start", start, "--rate", "1/s").code());
        assertEquals(0, run("capture", "import", dir.resolve("b.ndjson").toString(), "--out", capture.toString(),
            "--source", "b", "--start", start, "--rate", "1").code());

        assertEquals("a1\na2\nb1\n", run("capture", "cat", capture.toString(), "--frames", "--from",
            "2026-01-01T00:00:01Z", "--to", "2026-01-01T00:00:02Z").text());
        assertEquals("b0\nb1\n", run("capture", "cat", capture.toString(), "--frames", "--source", "b").text());
        final long t0 = 1_767_225_600_000_000_000L;
        assertEquals("a3\n", run("capture", "cat", capture.toString(), "--frames", "--source", "a", "--from",
            String.valueOf(t0 + 3_000_000_000L)).text());

        final Result info = run("capture", "info", capture.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.text().contains("records 6, frame bytes 12"), info.text());
        assertTrue(info.text().contains("first   2026-01-01T00:00:00Z (" + t0 + " ns)"), info.text());
        assertTrue(info.text().contains("last    2026-01-01T00:00:03Z"), info.text());
        assertTrue(info.text().contains("  a: 4 records, 8 bytes"), info.text());
        assertTrue(info.text().contains("  b: 2 records, 4 bytes"), info.text());
        assertTrue(info.text().contains(".cq4: "), info.text());
    }

    @Test
    void shouldReportMissingAndBadInputsClearly() throws Exception
    {
        final Path missing = dir.resolve("missing");
        final Result noDir = run("capture", "cat", missing.toString());
        assertEquals(Main.EXIT_INVALID, noDir.code());
        assertTrue(noDir.err().contains(missing.toString()) && noDir.err().contains("not a directory"), noDir.err());

        Files.createDirectories(dir.resolve("empty"));
        final Result notCapture = run("capture", "info", dir.resolve("empty").toString());
        assertEquals(Main.EXIT_INVALID, notCapture.code());
        assertTrue(notCapture.err().contains("not a capture"), notCapture.err());

        Files.writeString(dir.resolve("x.ndjson"), "1\n");
        run("capture", "import", dir.resolve("x.ndjson").toString(), "--out", dir.resolve("cap").toString());
        final Result badTime = run("capture", "cat", dir.resolve("cap").toString(), "--from", "yesterday");
        assertEquals(Main.EXIT_USAGE, badTime.code());
        assertTrue(badTime.err().contains("bad time 'yesterday'"), badTime.err());

        final Result noFile = run("capture", "import", dir.resolve("nope.ndjson").toString(), "--out",
            dir.resolve("x").toString());
        assertEquals(Main.EXIT_INVALID, noFile.code());
        assertTrue(noFile.err().contains("nope.ndjson"), noFile.err());

        final Result noOut = run("capture", "import", dir.resolve("x.ndjson").toString());
        assertEquals(Main.EXIT_USAGE, noOut.code());
        assertTrue(noOut.err().contains("--out"), noOut.err());

        final Result badRate = run("capture", "import", dir.resolve("x.ndjson").toString(), "--out",
            dir.resolve("y").toString(), "--rate", "fast");
        assertEquals(Main.EXIT_USAGE, badRate.code());
        assertTrue(badRate.err().contains("bad --rate 'fast'"), badRate.err());

        Files.write(dir.resolve("x.pcapng"), new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0});
        final Result pcapng = run("capture", "import", dir.resolve("x.pcapng").toString(), "--out",
            dir.resolve("z").toString());
        assertEquals(Main.EXIT_INVALID, pcapng.code());
        assertTrue(pcapng.err().contains("pcapng"), pcapng.err());

        Files.write(dir.resolve("cut.pcap"), java.util.Arrays.copyOf(pcap(ethernetIpv4(17, udp(1, "x"))), 50));
        final Result cut = run("capture", "import", dir.resolve("cut.pcap").toString(), "--out",
            dir.resolve("w").toString());
        assertEquals(Main.EXIT_INVALID, cut.code());
        assertTrue(cut.err().contains("cut.pcap: packet at byte 24 is cut short"), cut.err());
        for (final String name : List.of("x", "y", "z", "w"))
        {
            assertTrue(!Files.exists(dir.resolve(name)), "no capture made for a failed import: " + name);
        }

        assertEquals(Main.EXIT_USAGE, run("capture", "frobnicate").code());
    }

    @Test
    void shouldRefuseBadCaptureOptionsOfRun() throws Exception
    {
        final Path flow = dir.resolve("f.troy");
        Files.writeString(flow, "define flow main\nflow\n  define connector tick from metronome;\n" +
            "  create connector tick;\nend;\ndeploy flow main;\n");
        Files.writeString(dir.resolve("s.tremor"), "event");
        final Result roll = run("run", flow.toString(), "--no-api", "--capture", "c", "--capture-roll", "weekly");
        assertEquals(Main.EXIT_USAGE, roll.code());
        assertTrue(roll.err().contains("bad roll 'weekly'"), roll.err());
        final Result retention = run("run", flow.toString(), "--no-api", "--capture", "c", "--capture-retention",
            "forever");
        assertEquals(Main.EXIT_USAGE, retention.code());
        assertTrue(retention.err().contains("bad size 'forever'"), retention.err());
        final Result noDir = run("run", flow.toString(), "--no-api", "--capture-roll", "hourly");
        assertEquals(Main.EXIT_USAGE, noDir.code());
        assertTrue(noDir.err().contains("need --capture DIR"), noDir.err());
        final Result script = run("run", dir.resolve("s.tremor").toString(), "--capture", "c");
        assertEquals(Main.EXIT_USAGE, script.code());
        assertTrue(script.err().contains("--capture applies to flows (.troy) only"), script.err());
        Files.writeString(dir.resolve("file"), "x");
        final Result notDir = run("run", flow.toString(), "--no-api", "--capture", dir.resolve("file").toString());
        assertEquals(Main.EXIT_USAGE, notDir.code());
        assertTrue(notDir.err().contains("--capture: cannot create capture directory"), notDir.err());
    }

    @Test
    void shouldParseTimes()
    {
        assertEquals(42L, CaptureTime.parse("42", 0));
        assertEquals(1_000_000_500L, CaptureTime.parse("1970-01-01T00:00:01.0000005Z", 0));
        assertEquals(0L, CaptureTime.parse("1970-01-01T01:00:00+01:00", 0));
        assertEquals(1_000L - 300_000_000_000L, CaptureTime.parse("-5m", 1_000L));
        assertEquals(2_000_000L, CaptureTime.parse("+2ms", 0));
        assertThrows(IllegalArgumentException.class, () -> CaptureTime.parse("5 minutes ago", 0));
        assertEquals("1970-01-01T00:00:01.000000500Z", CaptureTime.iso(1_000_000_500L));
    }

    // a classic pcap (little endian, microseconds, Ethernet) written by hand

    private static byte[] ethernetIpv4(final int proto, final byte[] l4)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 20 + l4.length).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[12]).putShort((short)0x0800);
        b.put((byte)0x45).put((byte)0).putShort((short)(20 + l4.length)).putInt(0).put((byte)64).put((byte)proto)
            .putShort((short)0).put(new byte[] {10, 0, 0, 1}).put(new byte[] {10, 0, 0, 2});
        return b.put(l4).array();
    }

    private static byte[] ethernetIpv6Udp(final int dstPort, final String text)
    {
        final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer b = ByteBuffer.allocate(14 + 40 + 8 + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[12]).putShort((short)0x86DD);
        b.putInt(0x60000000).putShort((short)(8 + payload.length)).put((byte)17).put((byte)64);
        final byte[] loopback = new byte[16];
        loopback[15] = 1;
        b.put(loopback).put(loopback);
        b.putShort((short)5000).putShort((short)dstPort).putShort((short)(8 + payload.length)).putShort((short)0);
        return b.put(payload).array();
    }

    private static byte[] tcp(final int dstPort, final long seq, final int flags, final String payload)
    {
        final byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer b = ByteBuffer.allocate(20 + data.length).order(ByteOrder.BIG_ENDIAN);
        b.putShort((short)40000).putShort((short)dstPort).putInt((int)seq).putInt(0).put((byte)0x50).put((byte)flags)
            .putShort((short)65535).putInt(0);
        return b.put(data).array();
    }

    private static byte[] udp(final int dstPort, final String payload)
    {
        final byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer b = ByteBuffer.allocate(8 + data.length).order(ByteOrder.BIG_ENDIAN);
        b.putShort((short)40001).putShort((short)dstPort).putShort((short)(8 + data.length)).putShort((short)0);
        return b.put(data).array();
    }

    private static byte[] pcap(final byte[]... packets)
    {
        int size = 24;
        for (final byte[] p : packets)
        {
            size += 16 + p.length;
        }
        final ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int second = 100;
        for (final byte[] p : packets)
        {
            b.putInt(second++).putInt(0).putInt(p.length).putInt(p.length).put(p);
        }
        return b.array();
    }

    @Test
    void shouldImportTcpSegmentsInSequenceOrderAndUdpDatagramsFromAPcap() throws Exception
    {
        // given: a SYN, then segments 2 and 3 arriving before 1, a UDP datagram, an IPv6 datagram
        final long isn = 0xFFFFFFF0L;
        Files.write(dir.resolve("t.pcap"), pcap(
            ethernetIpv4(6, tcp(9000, isn, 0x02, "")),
            ethernetIpv4(6, tcp(9000, isn + 1 + 6, 0x18, "two\n")),
            ethernetIpv4(17, udp(5514, "datagram")),
            ethernetIpv4(6, tcp(9000, (isn + 1 + 10) & 0xFFFFFFFFL, 0x18, "three\n")),
            ethernetIpv4(6, tcp(9000, isn + 1, 0x18, "one\n  ")),
            ethernetIpv6Udp(5515, "v6")));
        final Path capture = dir.resolve("cap");

        // when
        final Result imported = run("capture", "import", dir.resolve("t.pcap").toString(), "--out", capture.toString());

        // then
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.text().contains("imported 5 frames"), imported.text());
        // one frame per segment: "one\n  " has no newline of its own, so --frames adds one
        assertEquals("one\n  \ntwo\nthree\n", run("capture", "cat", capture.toString(), "--frames", "--source",
            "tcp:9000").text());
        assertEquals("datagram\n", run("capture", "cat", capture.toString(), "--frames", "--source", "udp:5514").text());
        final String v6 = run("capture", "cat", capture.toString(), "--source", "udp:5515").text();
        assertTrue(v6.contains("\"frame\":\"v6\"") && v6.contains("\"ingest_ns\":105000000000") &&
            v6.contains("\"proto\":\"udp\""), v6);
        final String udp = run("capture", "cat", capture.toString(), "--source", "udp:5514").text();
        assertTrue(udp.contains("\"peer\":\"10.0.0.1:40001\",\"local\":\"10.0.0.2:5514\""), udp);
    }
}
