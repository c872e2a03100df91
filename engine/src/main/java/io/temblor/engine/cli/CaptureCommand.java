package io.temblor.engine.cli;

import io.temblor.json.JsonWriter;
import io.temblor.offheap.journal.JournalException;
import io.temblor.offheap.journal.JournalFiles;
import io.temblor.offheap.journal.JournalReader;
import io.temblor.offheap.journal.JournalSettings;
import io.temblor.offheap.journal.JournalWriter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code temblor capture info|cat|import}: looks into capture journals ({@code io.temblor.offheap.journal}) and builds
 * them from NDJSON or pcap files.
 */
final class CaptureCommand
{
    private static final String USAGE = "usage: temblor capture info DIR\n" +
        "       temblor capture cat DIR [--from T] [--to T] [--source S] [--frames]\n" +
        "       temblor capture import FILE --out DIR [--rate N/s] [--source NAME] [--start T]\n" +
        "                              [--roll daily|hourly|minutely] [--retention 10GiB|7d]\n" +
        "  T: epoch nanoseconds, ISO-8601 (2026-12-04T21:55:00Z) or relative to now (-5m, -2h)";

    private CaptureCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0 || "--help".equals(args[0]) || "-h".equals(args[0]))
        {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? Main.EXIT_USAGE : Main.EXIT_OK;
        }
        final String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        try
        {
            return switch (args[0])
            {
                case "info" -> info(rest, out, err);
                case "cat" -> cat(rest, out, err);
                case "import" -> importFile(rest, out, err);
                default -> usage(err, "unknown capture command '" + args[0] + "'");
            };
        }
        catch (final JournalException ex)
        {
            err.println("temblor capture " + args[0] + ": " + ex.getMessage());
            return Main.EXIT_INVALID;
        }
        catch (final IllegalArgumentException ex)
        {
            return usage(err, ex.getMessage());
        }
    }

    private static int usage(final PrintStream err, final String message)
    {
        err.println("temblor capture: " + message);
        err.println(USAGE);
        return Main.EXIT_USAGE;
    }

    /** Options of a capture subcommand: one positional argument and {@code --name value} pairs (or flags). */
    private static Map<String, String> options(final String[] args, final List<String> withValue,
        final List<String> flags)
    {
        final Map<String, String> options = new TreeMap<>();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (withValue.contains(arg))
            {
                if (i + 1 >= args.length)
                {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                options.put(arg, args[++i]);
            }
            else if (flags.contains(arg))
            {
                options.put(arg, "");
            }
            else if (arg.startsWith("-") || options.containsKey(""))
            {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            else
            {
                options.put("", arg);
            }
        }
        if (!options.containsKey(""))
        {
            throw new IllegalArgumentException("missing the capture directory or file");
        }
        return options;
    }

    private static int info(final String[] args, final PrintStream out, final PrintStream err)
    {
        final Path dir = Path.of(options(args, List.of(), List.of()).get(""));
        final Map<String, long[]> sources = new TreeMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long records = 0;
        long bytes = 0;
        try (JournalReader reader = JournalReader.open(dir))
        {
            while (reader.next())
            {
                final long[] s = sources.computeIfAbsent(reader.source().toString(), k -> new long[2]);
                s[0]++;
                s[1] += reader.frameLength();
                records++;
                bytes += reader.frameLength();
                first = Math.min(first, reader.ingestNs());
                last = Math.max(last, reader.ingestNs());
            }
        }
        out.println("capture " + dir);
        out.println("records " + records + ", frame bytes " + bytes);
        if (records > 0)
        {
            out.println("first   " + CaptureTime.iso(first) + " (" + first + " ns)");
            out.println("last    " + CaptureTime.iso(last) + " (" + last + " ns)");
        }
        out.println("sources");
        sources.forEach((name, s) -> out.println("  " + name + ": " + s[0] + " records, " + s[1] + " bytes"));
        out.println("files");
        for (final Path file : JournalFiles.cycleFiles(dir))
        {
            long size;
            try
            {
                size = Files.size(file);
            }
            catch (final IOException ex)
            {
                size = -1;
            }
            out.println("  " + file.getFileName() + ": " + size + " bytes");
        }
        return Main.EXIT_OK;
    }

    private static int cat(final String[] args, final PrintStream out, final PrintStream err)
    {
        final Map<String, String> o = options(args, List.of("--from", "--to", "--source"), List.of("--frames"));
        final long now = System.currentTimeMillis() * 1_000_000L;
        final long from = o.containsKey("--from") ? CaptureTime.parse(o.get("--from"), now) : Long.MIN_VALUE;
        final long to = o.containsKey("--to") ? CaptureTime.parse(o.get("--to"), now) : Long.MAX_VALUE;
        final String source = o.get("--source");
        final boolean frames = o.containsKey("--frames");
        final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        final OutputStream sink = new BufferedOutputStream(out, 1 << 16);
        byte[] frame = new byte[4096];
        final StringBuilder line = new StringBuilder();
        try (JournalReader reader = JournalReader.open(Path.of(o.get(""))))
        {
            while (reader.next())
            {
                final long ns = reader.ingestNs();
                if (ns < from || ns > to || null != source && !source.contentEquals(reader.source()))
                {
                    continue;
                }
                final int n = reader.frameLength();
                if (frame.length < n)
                {
                    frame = new byte[Math.max(n, frame.length * 2)];
                }
                reader.frame().getBytes(reader.frameOffset(), frame, 0, n);
                if (frames)
                {
                    sink.write(frame, 0, n);
                    if (n == 0 || frame[n - 1] != '\n')
                    {
                        sink.write('\n');
                    }
                    continue;
                }
                line.setLength(0);
                line.append("{\"source\":");
                JsonWriter.quote(reader.source(), line);
                line.append(",\"ingest_ns\":").append(ns).append(",\"frame\":");
                String text;
                try
                {
                    final CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(frame, 0, n));
                    text = chars.toString();
                }
                catch (final CharacterCodingException ex)
                {
                    text = null;
                }
                if (null != text)
                {
                    JsonWriter.quote(text, line);
                }
                else
                {
                    line.append('"').append(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(frame, n)))
                        .append("\",\"encoding\":\"base64\"");
                }
                line.append(",\"meta\":");
                if (reader.metaLength() == 0)
                {
                    line.append("{}");
                }
                else
                {
                    final byte[] meta = new byte[reader.metaLength()];
                    reader.meta().getBytes(reader.metaOffset(), meta);
                    line.append(new String(meta, StandardCharsets.UTF_8));
                }
                line.append("}\n");
                sink.write(line.toString().getBytes(StandardCharsets.UTF_8));
            }
            sink.flush();
        }
        catch (final IOException ex)
        {
            err.println("temblor capture cat: cannot write: " + ex.getMessage());
            return Main.EXIT_INTERNAL;
        }
        return Main.EXIT_OK;
    }

    private static int importFile(final String[] args, final PrintStream out, final PrintStream err)
    {
        final Map<String, String> o = options(args, List.of("--out", "--rate", "--source", "--start", "--roll",
            "--retention"), List.of());
        if (!o.containsKey("--out"))
        {
            throw new IllegalArgumentException("import needs --out DIR");
        }
        final Path file = Path.of(o.get(""));
        final long now = System.currentTimeMillis() * 1_000_000L;
        final long start = o.containsKey("--start") ? CaptureTime.parse(o.get("--start"), now) : now;
        final double rate = rate(o.getOrDefault("--rate", "1000/s"));
        final String source = o.getOrDefault("--source", "in");
        final JournalSettings settings = JournalSettings.parse(o.get("--roll"), o.get("--retention"));
        if (!Files.isRegularFile(file) || !Files.isReadable(file))
        {
            err.println("temblor capture import: cannot read " + file + " (no such readable file)");
            return Main.EXIT_INVALID;
        }
        final byte[] head;
        try (InputStream in = Files.newInputStream(file))
        {
            head = in.readNBytes(4);
        }
        catch (final IOException ex)
        {
            err.println("temblor capture import: cannot read " + file + ": " + ex.getMessage());
            return Main.EXIT_INVALID;
        }
        if (PcapFrames.isPcapng(head))
        {
            err.println("temblor capture import: " + file + " is pcapng; convert it to classic pcap first " +
                "(editcap -F pcap IN OUT)");
            return Main.EXIT_INVALID;
        }
        long count;
        try
        {
            // a pcap is read (and checked) whole before the capture is opened, so a bad one leaves no directory
            final List<PcapFrames.Frame> packets;
            try
            {
                packets = PcapFrames.isPcap(head) ? PcapFrames.read(file) : null;
            }
            catch (final IllegalArgumentException ex)
            {
                err.println("temblor capture import: " + ex.getMessage());
                return Main.EXIT_INVALID;
            }
            try (JournalWriter writer = JournalWriter.open(Path.of(o.get("--out")), settings))
            {
                if (null != packets)
                {
                    for (final PcapFrames.Frame f : packets)
                    {
                        writer.append(f.source(), f.ingestNs(), f.payload(), f.meta().getBytes(StandardCharsets.UTF_8));
                    }
                    out.println("imported " + packets.size() + " frames from pcap " + file + " into " + o.get("--out"));
                    return Main.EXIT_OK;
                }
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16))
                {
                    count = ndjson(in, writer, source, start, 1e9 / rate,
                        ("{\"connector\":\"import\",\"file\":" + JsonWriter.quote(file.getFileName().toString(),
                            new StringBuilder()) + "}").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        catch (final IOException ex)
        {
            err.println("temblor capture import: cannot read " + file + ": " + ex.getMessage());
            return Main.EXIT_INVALID;
        }
        out.println("imported " + count + " lines from " + file + " into " + o.get("--out"));
        return Main.EXIT_OK;
    }

    /** One frame per line, the newline left out, the bytes otherwise exactly as they are (not checked as JSON). */
    private static long ndjson(final InputStream in, final JournalWriter writer, final String source, final long start,
        final double gapNs, final byte[] meta) throws IOException
    {
        final org.agrona.concurrent.UnsafeBuffer metaBuffer = new org.agrona.concurrent.UnsafeBuffer(meta);
        final org.agrona.concurrent.UnsafeBuffer frame = new org.agrona.concurrent.UnsafeBuffer(new byte[0]);
        byte[] line = new byte[1 << 16];
        int length = 0;
        long count = 0;
        boolean pending = false;
        final byte[] chunk = new byte[1 << 16];
        int n;
        while ((n = in.read(chunk)) > 0)
        {
            for (int i = 0; i < n; i++)
            {
                final byte c = chunk[i];
                if (c == '\n')
                {
                    frame.wrap(line, 0, length);
                    writer.append(source, start + Math.round(count * gapNs), frame, 0, length, metaBuffer, 0,
                        meta.length);
                    count++;
                    length = 0;
                    pending = false;
                    continue;
                }
                if (length == line.length)
                {
                    line = java.util.Arrays.copyOf(line, line.length * 2);
                }
                line[length++] = c;
                pending = true;
            }
        }
        if (pending)
        {
            frame.wrap(line, 0, length);
            writer.append(source, start + Math.round(count * gapNs), frame, 0, length, metaBuffer, 0, meta.length);
            count++;
        }
        return count;
    }

    private static double rate(final String text)
    {
        final String t = text.endsWith("/s") ? text.substring(0, text.length() - 2) : text;
        try
        {
            final double r = Double.parseDouble(t);
            if (r > 0 && Double.isFinite(r))
            {
                return r;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new IllegalArgumentException("bad --rate '" + text + "': expected events per second, e.g. 1000/s");
    }
}
