package io.temblor.engine.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Times on the {@code capture} command line: nanoseconds since the epoch ({@code 1733349000000000000}), ISO-8601
 * ({@code 2026-12-04T21:55:00Z}, {@code 2026-12-04T22:55:00+01:00}, fractions allowed), or relative to now
 * ({@code -5m}, {@code -2h}, {@code -30s}, {@code -1d}, {@code -500ms}).
 */
final class CaptureTime
{
    private CaptureTime()
    {
    }

    /**
     * Parses a time.
     *
     * @param text the time.
     * @param nowNs the current epoch time for relative times.
     * @return epoch nanoseconds.
     * @throws IllegalArgumentException naming the text and the accepted forms.
     */
    static long parse(final String text, final long nowNs)
    {
        final String t = text.trim();
        try
        {
            if (t.matches("\\d+"))
            {
                return Long.parseLong(t);
            }
            if (t.matches("[-+]\\d+(ns|us|ms|s|m|h|d)"))
            {
                final int unitAt = t.replaceAll("^[-+]\\d+", "").length();
                final long n = Long.parseLong(t.substring(1, t.length() - unitAt));
                final long unitNs = switch (t.substring(t.length() - unitAt))
                {
                    case "ns" -> 1L;
                    case "us" -> 1_000L;
                    case "ms" -> 1_000_000L;
                    case "s" -> 1_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    case "h" -> 3_600_000_000_000L;
                    default -> 86_400_000_000_000L;
                };
                return nowNs + (t.charAt(0) == '-' ? -1 : 1) * Math.multiplyExact(n, unitNs);
            }
            final Instant instant = t.endsWith("Z") || t.endsWith("z") ? Instant.parse(t.toUpperCase()) :
                OffsetDateTime.parse(t).toInstant();
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final DateTimeParseException | ArithmeticException | NumberFormatException ex)
        {
            throw new IllegalArgumentException("bad time '" + text + "': expected epoch nanoseconds, ISO-8601 " +
                "(2026-12-04T21:55:00Z) or relative to now (-5m, -2h, -30s)");
        }
    }

    /**
     * Formats epoch nanoseconds as ISO-8601 UTC.
     *
     * @param ns epoch nanoseconds.
     * @return e.g. {@code 2026-12-04T21:55:00.123456789Z}.
     */
    static String iso(final long ns)
    {
        return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)).toString();
    }
}
