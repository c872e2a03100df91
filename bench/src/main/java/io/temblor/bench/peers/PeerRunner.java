package io.temblor.bench.peers;

import io.temblor.bench.ProcFs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one subject: starts it pinned to {@link #SUBJECT_CPU} with {@code taskset}, waits for its port, sends a warm-up
 * batch, then {@code repetitions} batches of {@code messages}, each over fresh connections, and after each waits until
 * its output file holds every line sent so far. Per repetition: events/s and MB/s of input (messages and bytes over
 * the time from the first byte sent to the last line seen in the file), the subject's CPU seconds (utime + stime of
 * the process, children included, from {@code /proc/PID/stat}) per GB of input, and lost lines. At the end: peak RSS
 * ({@code VmHWM}), and the output checked: every line valid JSON, every sequence number present once.
 */
final class PeerRunner
{
    /** The CPU the subject runs on. */
    static final int SUBJECT_CPU = 0;
    /** The CPU the generator (this JVM) runs on. */
    static final int GENERATOR_CPU = 1;
    /** How often the output file is checked, ms. */
    static final long POLL_MS = 2;
    /** Seconds without a new line in the output after which the missing ones count as lost. */
    static final long STALL_SECS = 15;
    /** Seconds a subject may take to open its port. */
    static final long START_SECS = 90;

    /**
     * A subject to run.
     *
     * @param name        its name.
     * @param command     its command line (without {@code taskset}).
     * @param env         extra environment.
     * @param dir         its working folder.
     * @param output      the file it writes.
     * @param port        its TCP port.
     * @param javaChild   true when the measured process is the {@code temblor.jar} JVM under the command.
     */
    record Subject(String name, List<String> command, Map<String, String> env, Path dir, Path output, int port,
        boolean javaChild)
    {
    }

    private final SyslogGenerator generator;
    private final double ticksPerSec;
    private final PrintStream out;
    private final boolean pin;

    /**
     * A runner.
     *
     * @param generator   the load generator.
     * @param ticksPerSec the kernel's clock ticks per second (CPU times in /proc).
     * @param out         progress.
     * @param pin         whether subjects run under {@code taskset} (false when it is missing or fails).
     */
    PeerRunner(final SyslogGenerator generator, final double ticksPerSec, final PrintStream out, final boolean pin)
    {
        this.generator = generator;
        this.ticksPerSec = ticksPerSec;
        this.out = out;
        this.pin = pin;
    }

    /**
     * Runs a subject.
     *
     * @param subject     the subject.
     * @param warmup      warm-up messages.
     * @param messages    messages per repetition.
     * @param repetitions measured repetitions.
     * @param connections TCP connections per batch.
     * @return the result as written to results.json.
     * @throws IOException when it cannot be started.
     */
    Map<String, Object> run(final Subject subject, final long warmup, final long messages, final int repetitions,
        final int connections) throws IOException
    {
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("subject", subject.name());
        final List<String> command = new ArrayList<>(pin ? List.of("taskset", "-c", Integer.toString(SUBJECT_CPU)) :
            List.of());
        command.addAll(subject.command());
        result.put("command", String.join(" ", command));
        result.put("pinned", pin);
        result.put("env", subject.env());
        final ProcessBuilder builder = new ProcessBuilder(command).directory(subject.dir().toFile())
            .redirectErrorStream(true).redirectOutput(subject.dir().resolve("subject.log").toFile());
        builder.environment().putAll(subject.env());
        final Process process = builder.start();
        final List<Map<String, Object>> reps = new ArrayList<>();
        result.put("repetitions", reps);
        try
        {
            final long pid = awaitStart(subject, process);
            if (pid < 0)
            {
                result.put("status", "failed");
                result.put("reason", "it did not open port " + subject.port() + " within " + START_SECS +
                    " s (see " + subject.name() + "/subject.log): " + lastLine(subject.dir().resolve("subject.log")));
                return result;
            }
            try (LineCounter lines = new LineCounter(subject.output()))
            {
                final Map<String, Object> warm = batch(subject, pid, lines, 0, warmup, connections);
                result.put("warmup", warm);
                out.println("temblor bench peers:   " + subject.name() + " warm-up: " + oneLine(warm));
                for (int r = 0; r < repetitions; r++)
                {
                    final Map<String, Object> rep = batch(subject, pid, lines, warmup + r * messages, messages,
                        connections);
                    reps.add(rep);
                    out.println("temblor bench peers:   " + subject.name() + " repetition " + (r + 1) + "/" +
                        repetitions + ": " + oneLine(rep));
                }
            }
            result.put("peakRssBytes", ProcFs.peakRssKb(pid) * 1024);
            stop(process);
            final long expected = warmup + (long)repetitions * messages;
            final Map<String, Object> check = verify(subject.output(), expected);
            result.put("verification", check);
            final boolean complete = Boolean.TRUE.equals(check.get("complete"));
            final long lost = reps.stream().mapToLong(m -> ((Number)m.get("lost")).longValue()).sum();
            result.put("status", complete && lost == 0 ? "ok" : "incomplete");
            if (!complete || lost > 0)
            {
                result.put("reason", lost + " lines lost in the measured repetitions; output check: " + check);
            }
            result.put("outputBytes", Files.size(subject.output()));
            return result;
        }
        finally
        {
            stop(process);
        }
    }

    private Map<String, Object> batch(final Subject subject, final long pid, final LineCounter lines, final long first,
        final long count, final int connections) throws IOException
    {
        final long expected = first + count;
        final long ticks0 = ProcFs.cpuTicks(pid, true);
        final long wait0 = runQueueWaitNs(pid);
        final SyslogGenerator.Sent sent = generator.send(subject.port(), first, count, connections);
        long seen = lines.count();
        long lastProgressNs = System.nanoTime();
        long doneNs = seen >= expected ? System.nanoTime() : -1;
        while (doneNs < 0)
        {
            sleep();
            final long now = lines.count();
            final long t = System.nanoTime();
            if (now >= expected)
            {
                doneNs = t;
            }
            else if (now > seen)
            {
                seen = now;
                lastProgressNs = t;
            }
            else if (t - lastProgressNs > TimeUnit.SECONDS.toNanos(STALL_SECS))
            {
                break;
            }
        }
        final long ticks1 = ProcFs.cpuTicks(pid, true);
        final long wait1 = runQueueWaitNs(pid);
        final long endNs = doneNs < 0 ? lastProgressNs : doneNs;
        final double secs = (endNs - sent.startNs()) / 1e9;
        final long received = Math.min(lines.count(), expected) - first;
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("messages", count);
        m.put("bytes", sent.bytes());
        m.put("seconds", round(secs, 4));
        m.put("sendSeconds", round((sent.endNs() - sent.startNs()) / 1e9, 4));
        m.put("eventsPerSec", round(received / secs, 1));
        m.put("mbPerSec", round(sent.bytes() * ((double)received / count) / secs / 1e6, 2));
        final double cpu = (ticks1 - ticks0) / ticksPerSec;
        m.put("cpuSeconds", round(cpu, 2));
        m.put("cpuSecondsPerGb", round(cpu / (sent.bytes() / 1e9), 2));
        m.put("runQueueWaitSeconds", wait0 < 0 || wait1 < 0 ? null : round((wait1 - wait0) / 1e9, 3));
        m.put("lost", count - received);
        return m;
    }

    private long awaitStart(final Subject subject, final Process process)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECS);
        while (System.nanoTime() - deadline < 0 && process.isAlive())
        {
            try (Socket s = new Socket())
            {
                s.connect(new InetSocketAddress("127.0.0.1", subject.port()), 200);
                final long pid = subject.javaChild() ? javaPid(process) : process.pid();
                if (pid > 0 && (!subject.javaChild() || Files.exists(subject.output())))
                {
                    return pid;
                }
            }
            catch (final IOException ex)
            {
                // not yet
            }
            try
            {
                Thread.sleep(100);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }

    private static long javaPid(final Process process)
    {
        return process.descendants().filter(p -> p.info().commandLine().orElse("").contains("temblor.jar"))
            .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    private static void stop(final Process process)
    {
        if (!process.isAlive())
        {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try
        {
            if (!process.waitFor(15, TimeUnit.SECONDS))
            {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Checks an output file: every line valid JSON holding a sequence number, every number below {@code expected}
     * present exactly once.
     *
     * @param output   the file.
     * @param expected messages sent.
     * @return lines, invalid, missing, duplicates, complete.
     * @throws IOException on read failure.
     */
    static Map<String, Object> verify(final Path output, final long expected) throws IOException
    {
        final ObjectMapper json = new ObjectMapper();
        final BitSet seen = new BitSet((int)expected);
        long lines = 0;
        long invalid = 0;
        long duplicates = 0;
        String firstInvalid = null;
        try (BufferedReader in = Files.newBufferedReader(output, StandardCharsets.UTF_8))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                lines++;
                final long seq = SyslogGenerator.seqOf(line);
                if (!validJson(json, line) || seq < 0 || seq >= expected)
                {
                    invalid++;
                    firstInvalid = null == firstInvalid ? line : firstInvalid;
                    continue;
                }
                if (seen.get((int)seq))
                {
                    duplicates++;
                }
                seen.set((int)seq);
            }
        }
        final long missing = expected - seen.cardinality();
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("lines", lines);
        m.put("expected", expected);
        m.put("invalid", invalid);
        m.put("missing", missing);
        m.put("duplicates", duplicates);
        m.put("complete", lines == expected && invalid == 0 && missing == 0 && duplicates == 0);
        if (null != firstInvalid)
        {
            m.put("firstInvalid", firstInvalid.length() > 200 ? firstInvalid.substring(0, 200) : firstInvalid);
        }
        return m;
    }

    private static boolean validJson(final ObjectMapper json, final String line)
    {
        try (JsonParser p = json.getFactory().createParser(line))
        {
            if (p.nextToken() != JsonToken.START_OBJECT)
            {
                return false;
            }
            p.skipChildren();
            return null == p.nextToken();
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** Counts the newlines appended to a file since it was opened (from its start). */
    static final class LineCounter implements AutoCloseable
    {
        private final Path file;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        private FileChannel channel;
        private long position;
        private long lines;

        LineCounter(final Path file)
        {
            this.file = file;
        }

        long count() throws IOException
        {
            if (null == channel)
            {
                if (!Files.exists(file))
                {
                    return 0;
                }
                channel = FileChannel.open(file, StandardOpenOption.READ);
            }
            int n;
            while ((n = channel.read(buffer.clear(), position)) > 0)
            {
                position += n;
                for (int i = 0; i < n; i++)
                {
                    if (buffer.get(i) == '\n')
                    {
                        lines++;
                    }
                }
            }
            return lines;
        }

        @Override
        public void close() throws IOException
        {
            if (null != channel)
            {
                channel.close();
            }
        }
    }
    /**
     * The time the process's threads spent runnable but waiting for a CPU ({@code /proc/PID/task/TID/schedstat}'s
     * second field, summed over the live threads): on a shared machine, how much other work kept the subject off its
     * core.
     *
     * @param pid the process.
     * @return nanoseconds, or -1 when unknown.
     */
    static long runQueueWaitNs(final long pid)
    {
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task")))
        {
            long total = 0;
            for (final Path task : (Iterable<Path>)tasks::iterator)
            {
                try
                {
                    total += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[1]);
                }
                catch (final IOException | RuntimeException ex)
                {
                    // the thread ended
                }
            }
            return total;
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }
    private static String lastLine(final Path file)
    {
        try
        {
            final List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        }
        catch (final IOException ex)
        {
            return "(no output)";
        }
    }

    private static String oneLine(final Map<String, Object> m)
    {
        return String.format(Locale.ROOT, "%,.0f events/s, %.1f MB/s, %.2f CPU s/GB, %d lost",
            ((Number)m.get("eventsPerSec")).doubleValue(), ((Number)m.get("mbPerSec")).doubleValue(),
            ((Number)m.get("cpuSecondsPerGb")).doubleValue(), ((Number)m.get("lost")).longValue());
    }

    private static void sleep()
    {
        try
        {
            Thread.sleep(POLL_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    static double round(final double v, final int digits)
    {
        final double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
