package io.temblor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux's {@code /proc} tells of a process the benchmarks measure: CPU time and peak resident memory. Every
 * reader returns a sentinel instead of failing when the process has already gone.
 */
public final class ProcFs
{
    private ProcFs()
    {
    }

    /**
     * A process's CPU time in clock ticks ({@code /proc/PID/stat}: utime + stime, and with {@code children} also the
     * waited-for children's cutime + cstime).
     *
     * @param pid      the process.
     * @param children whether to add the CPU time of its children.
     * @return ticks, or -1 when the process is gone or the file unreadable.
     */
    public static long cpuTicks(final long pid, final boolean children)
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // after the command (which may hold spaces): state is field 3; utime 14, stime 15, cutime 16, cstime 17
            final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            final long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return children ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    /**
     * A process's peak resident set size ({@code VmHWM} of {@code /proc/PID/status}).
     *
     * @param pid the process.
     * @return kB, or 0 when the process is gone.
     */
    public static long peakRssKb(final long pid)
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")))
            {
                if (line.startsWith("VmHWM:"))
                {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // gone
        }
        return 0;
    }
}
