package io.temblor.script.extract;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Span;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.Values;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * {@code datetime|strftime format|}: parses the string with a chrono-style format into nanoseconds since the epoch
 * (UTC unless the format has a zone: {@code %z}, {@code %:z}, {@code %Z}, {@code %+}).
 */
final class Datetime extends Extractor
{
    private final DateTimeFormatter formatter;
    private final boolean zoned;

    Datetime(final Span span, final String rule)
    {
        super(span);
        try
        {
            this.formatter = toFormatter(rule);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CompileError(span, "Invalid tilde predicate pattern: " + ex.getMessage());
        }
        this.zoned = hasZone(rule);
    }

    static boolean hasZone(final String rule)
    {
        return rule.contains("%z") || rule.contains("%:z") || rule.contains("%Z") || rule.contains("%+");
    }

    /**
     * Converts a chrono/strftime format into a java.time formatter.
     *
     * @param rule the format.
     * @return the formatter.
     * @throws IllegalArgumentException for unsupported specifiers.
     */
    static DateTimeFormatter toFormatter(final String rule)
    {
        final StringBuilder pattern = new StringBuilder();
        for (int i = 0; i < rule.length(); i++)
        {
            final char c = rule.charAt(i);
            if (c != '%' || i + 1 >= rule.length())
            {
                pattern.append(c == '\'' ? "''" : Character.isLetter(c) ? "'" + c + "'" : String.valueOf(c));
                continue;
            }
            char d = rule.charAt(++i);
            if (d == ':' && i + 1 < rule.length())
            {
                d = rule.charAt(++i);
                if (d == 'z')
                {
                    pattern.append("xxx");
                    continue;
                }
            }
            final String p = switch (d)
            {
                case 'Y' -> "uuuu";
                case 'y' -> "uu";
                case 'm' -> "MM";
                case 'd' -> "dd";
                case 'e' -> "d";
                case 'H' -> "HH";
                case 'I' -> "hh";
                case 'M' -> "mm";
                case 'S' -> "ss";
                case 'p' -> "a";
                case 'b', 'h' -> "MMM";
                case 'B' -> "MMMM";
                case 'a' -> "EEE";
                case 'A' -> "EEEE";
                case 'j' -> "DDD";
                case 'f' -> "SSSSSSSSS";
                case 'T' -> "HH:mm:ss";
                case 'R' -> "HH:mm";
                case 'D' -> "MM/dd/uu";
                case 'F' -> "uuuu-MM-dd";
                case 'z' -> "xx";
                case 'Z' -> "z";
                case '+' -> "uuuu-MM-dd'T'HH:mm:ssxxx";
                case '%' -> "'%'";
                default -> throw new IllegalArgumentException("unsupported datetime specifier %" + d);
            };
            pattern.append(p);
        }
        return DateTimeFormatter.ofPattern(pattern.toString(), Locale.ROOT).withZone(java.time.ZoneOffset.UTC);
    }

    /**
     * Parses a datetime string.
     *
     * @param s the text.
     * @param formatter the formatter.
     * @param zoned whether the format has a zone.
     * @param out receives the nanoseconds since the epoch.
     * @return false when the text does not parse.
     */
    static boolean parse(final String s, final DateTimeFormatter formatter, final boolean zoned, final long[] out)
    {
        try
        {
            final java.time.Instant instant = zoned ? OffsetDateTime.parse(s, formatter).toInstant() :
                LocalDateTime.parse(s, formatter).toInstant(ZoneOffset.UTC);
            out[0] = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
            return true;
        }
        catch (final DateTimeParseException | ArithmeticException ex)
        {
            return false;
        }
    }

    @Override
    protected boolean extract(final Env e, final String s, final int out)
    {
        final long[] nanos = new long[1];
        if (!parse(s, formatter, zoned, nanos))
        {
            return false;
        }
        if (out >= 0)
        {
            e.set(out, Values.INT, nanos[0]);
        }
        return true;
    }
}
