package io.temblor.offheap.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;

import java.util.Locale;

/**
 * How a journal rolls and how much it keeps.
 *
 * <p>Files roll by time ({@link Roll}: one Chronicle cycle file per day, hour or minute, UTC). Chronicle Queue has no
 * per-file size bound, so "by size" is retention by total bytes: when a cycle file is started (and when a writer
 * opens), the oldest cycle files are deleted while all cycle files together exceed {@code retentionBytes} or while a
 * file's cycle ended more than {@code retentionAgeMs} ago. The file being written is never deleted, so a journal may
 * hold up to one cycle more than the bound.
 *
 * @param roll the roll cycle.
 * @param retentionBytes the most bytes all cycle files may hold together; 0 = no bound.
 * @param retentionAgeMs the oldest a finished cycle may be, in milliseconds; 0 = no bound.
 */
public record JournalSettings(Roll roll, long retentionBytes, long retentionAgeMs)
{
    /** The default: daily files, kept forever. */
    public static final JournalSettings DEFAULT = new JournalSettings(Roll.DAILY, 0, 0);

    /** Roll cycles: one file per period, named by its UTC start. */
    public enum Roll
    {
        /** One file per day. */
        DAILY(RollCycles.FAST_DAILY),
        /** One file per hour. */
        HOURLY(RollCycles.FAST_HOURLY),
        /** One file per minute. */
        MINUTELY(LegacyRollCycles.MINUTELY);

        private final RollCycle cycle;

        Roll(final RollCycle cycle)
        {
            this.cycle = cycle;
        }

        RollCycle cycle()
        {
            return cycle;
        }

        /**
         * A roll by name.
         *
         * @param name {@code daily}, {@code hourly} or {@code minutely} (any case).
         * @return the roll.
         * @throws IllegalArgumentException naming the accepted values.
         */
        public static Roll parse(final String name)
        {
            return switch (name.trim().toLowerCase(Locale.ROOT))
            {
                case "daily" -> DAILY;
                case "hourly" -> HOURLY;
                case "minutely" -> MINUTELY;
                default -> throw new IllegalArgumentException(
                    "bad roll '" + name + "': expected daily, hourly or minutely");
            };
        }
    }

    /**
     * Checks the bounds.
     *
     * @param roll the roll cycle.
     * @param retentionBytes the most bytes all cycle files may hold together; 0 = no bound.
     * @param retentionAgeMs the oldest a finished cycle may be, in milliseconds; 0 = no bound.
     */
    public JournalSettings
    {
        if (roll == null)
        {
            throw new IllegalArgumentException("roll must be given");
        }
        if (retentionBytes < 0 || retentionAgeMs < 0)
        {
            throw new IllegalArgumentException("retention must not be negative");
        }
    }

    /**
     * Settings from the strings the CLI and connector config use.
     *
     * @param roll {@code daily} (when null or empty), {@code hourly} or {@code minutely}.
     * @param retention null/empty (keep everything), a size ({@code 10GiB}, {@code 500MB}, {@code 4096}), an age
     *     ({@code 7d}, {@code 12h}, {@code 30m}, {@code 45s}: lower-case units; {@code 10M} is a size), or both
     *     separated by a comma ({@code 10GiB,7d}).
     * @return the settings.
     * @throws IllegalArgumentException naming the bad part.
     */
    public static JournalSettings parse(final String roll, final String retention)
    {
        final Roll r = roll == null || roll.isBlank() ? Roll.DAILY : Roll.parse(roll);
        long bytes = 0;
        long ageMs = 0;
        if (retention != null && !retention.isBlank())
        {
            for (final String part : retention.split(","))
            {
                final String p = part.trim();
                if (isAge(p))
                {
                    ageMs = parseAgeMs(p);
                }
                else
                {
                    bytes = parseBytes(p);
                }
            }
        }
        return new JournalSettings(r, bytes, ageMs);
    }

    private static boolean isAge(final String s)
    {
        if (s.length() < 2 || "smhdw".indexOf(s.charAt(s.length() - 1)) < 0)
        {
            return false;
        }
        for (int i = 0; i < s.length() - 1; i++)
        {
            if (!Character.isDigit(s.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * A byte size: a number with an optional unit {@code B}, {@code KB}/{@code MB}/{@code GB}/{@code TB} (powers of
     * 1000) or {@code KiB}/{@code MiB}/{@code GiB}/{@code TiB} (powers of 1024); {@code K}, {@code M}, {@code G}
     * alone mean the binary units.
     *
     * @param text the size.
     * @return bytes.
     * @throws IllegalArgumentException naming the text.
     */
    public static long parseBytes(final String text)
    {
        final String s = text.trim();
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.'))
        {
            i++;
        }
        if (i == 0)
        {
            throw new IllegalArgumentException("bad size '" + text + "': expected a number and a unit like 10GiB");
        }
        final double n;
        try
        {
            n = Double.parseDouble(s.substring(0, i));
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("bad size '" + text + "': expected a number and a unit like 10GiB", e);
        }
        final String unit = s.substring(i).trim().toLowerCase(Locale.ROOT);
        final double scale = switch (unit)
        {
            case "", "b" -> 1;
            case "kb" -> 1e3;
            case "mb" -> 1e6;
            case "gb" -> 1e9;
            case "tb" -> 1e12;
            case "k", "kib" -> 1L << 10;
            case "m", "mib" -> 1L << 20;
            case "g", "gib" -> 1L << 30;
            case "t", "tib" -> 1L << 40;
            default -> throw new IllegalArgumentException(
                "bad size '" + text + "': unknown unit '" + unit + "' (use B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)");
        };
        return (long)(n * scale);
    }

    /**
     * An age: a whole number with unit {@code s}, {@code m}, {@code h}, {@code d} or {@code w}.
     *
     * @param text the age, e.g. {@code 7d}.
     * @return milliseconds.
     * @throws IllegalArgumentException naming the text.
     */
    public static long parseAgeMs(final String text)
    {
        final String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.length() < 2)
        {
            throw new IllegalArgumentException("bad age '" + text + "': expected a number and s, m, h, d or w");
        }
        final long unitMs = switch (s.charAt(s.length() - 1))
        {
            case 's' -> 1000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            case 'd' -> 86_400_000L;
            case 'w' -> 7 * 86_400_000L;
            default -> throw new IllegalArgumentException(
                "bad age '" + text + "': expected a number and s, m, h, d or w");
        };
        try
        {
            return Long.parseLong(s.substring(0, s.length() - 1)) * unitMs;
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("bad age '" + text + "': expected a number and s, m, h, d or w", e);
        }
    }
}
