package io.temblor.engine.log;

import io.temblor.json.JsonWriter;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A small structured logger: each record is one line, {@code ts=... level=info component=api msg="..." key=value} in
 * logfmt (the default) or {@code {"ts":"...","level":"info","component":"api","msg":"...","key":"value"}} in JSON,
 * written to one stream (standard error by default). Records below the configured level are skipped before they are
 * formatted. Meant for cold paths (start, stop, connections, errors), never per event. Any thread; a record is written
 * with one call on the stream, so lines of concurrent records do not mix.
 */
public final class Log
{
    /** How severe a record is. */
    public enum Level
    {
        /** Details for debugging. */
        DEBUG,
        /** Normal operation: start, stop, listening addresses. */
        INFO,
        /** Something is off but the run goes on. */
        WARN,
        /** Something failed. */
        ERROR;

        /**
         * The level of a name.
         *
         * @param name {@code debug}, {@code info}, {@code warn} or {@code error} (any case).
         * @return the level.
         * @throws IllegalArgumentException for another name.
         */
        public static Level of(final String name)
        {
            for (final Level level : values())
            {
                if (level.name().equalsIgnoreCase(name) || (level == WARN && "warning".equalsIgnoreCase(name)))
                {
                    return level;
                }
            }
            throw new IllegalArgumentException("unknown log level `" + name + "` (debug, info, warn or error)");
        }
    }

    /** How a record is written. */
    public enum Format
    {
        /** {@code key=value} pairs (values with spaces, quotes or {@code =} quoted). */
        LOGFMT,
        /** One JSON object per line. */
        JSON;

        /**
         * The format of a name.
         *
         * @param name {@code logfmt} or {@code json} (any case).
         * @return the format.
         * @throws IllegalArgumentException for another name.
         */
        public static Format of(final String name)
        {
            for (final Format format : values())
            {
                if (format.name().equalsIgnoreCase(name))
                {
                    return format;
                }
            }
            throw new IllegalArgumentException("unknown log format `" + name + "` (logfmt or json)");
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    private static volatile PrintStream out = System.err;
    private static volatile Format format = Format.LOGFMT;
    private static volatile Level level = Level.INFO;

    private Log()
    {
    }

    /**
     * Sets where records go, how they look and the least level written. Any thread.
     *
     * @param stream the stream.
     * @param recordFormat the format.
     * @param minimum the least level written.
     */
    public static void configure(final PrintStream stream, final Format recordFormat, final Level minimum)
    {
        out = stream;
        format = recordFormat;
        level = minimum;
    }

    /**
     * Whether records of a level are written.
     *
     * @param at the level.
     * @return true when they are.
     */
    public static boolean enabled(final Level at)
    {
        return at.compareTo(level) >= 0;
    }

    /**
     * Writes a debug record.
     *
     * @param component what logs, e.g. {@code connector/in}, {@code api}, {@code runtime}.
     * @param message the message.
     * @param fields more keys and values, alternating.
     */
    public static void debug(final String component, final String message, final Object... fields)
    {
        log(Level.DEBUG, component, message, fields);
    }

    /**
     * Writes an info record.
     *
     * @param component what logs.
     * @param message the message.
     * @param fields more keys and values, alternating.
     */
    public static void info(final String component, final String message, final Object... fields)
    {
        log(Level.INFO, component, message, fields);
    }

    /**
     * Writes a warning record.
     *
     * @param component what logs.
     * @param message the message.
     * @param fields more keys and values, alternating.
     */
    public static void warn(final String component, final String message, final Object... fields)
    {
        log(Level.WARN, component, message, fields);
    }

    /**
     * Writes an error record.
     *
     * @param component what logs.
     * @param message the message.
     * @param fields more keys and values, alternating.
     */
    public static void error(final String component, final String message, final Object... fields)
    {
        log(Level.ERROR, component, message, fields);
    }

    /**
     * Writes a record when its level is enabled.
     *
     * @param at the level.
     * @param component what logs.
     * @param message the message.
     * @param fields more keys and values, alternating.
     */
    public static void log(final Level at, final String component, final String message, final Object... fields)
    {
        if (enabled(at))
        {
            final PrintStream stream = out;
            final String line = format(format, Instant.now(), at, component, message, fields);
            synchronized (stream)
            {
                stream.print(line);
                stream.flush();
            }
        }
    }

    /**
     * One record as a line (with its line feed).
     *
     * @param recordFormat the format.
     * @param time the record's time (written as ISO-8601 UTC, millisecond precision).
     * @param at its level.
     * @param component what logs.
     * @param message the message.
     * @param fields more keys and values, alternating (numbers and booleans stay unquoted in JSON).
     * @return the line.
     */
    public static String format(final Format recordFormat, final Instant time, final Level at, final String component,
        final String message, final Object... fields)
    {
        final StringBuilder line = new StringBuilder(128);
        final String ts = TIME.format(time);
        final String lvl = at.name().toLowerCase(Locale.ROOT);
        if (recordFormat == Format.JSON)
        {
            line.append('{');
            json(line, "ts", ts, true);
            json(line, "level", lvl, false);
            json(line, "component", component, false);
            json(line, "msg", message, false);
            for (int i = 0; i + 1 < fields.length; i += 2)
            {
                json(line, String.valueOf(fields[i]), fields[i + 1], false);
            }
            line.append('}');
        }
        else
        {
            line.append("ts=").append(ts).append(" level=").append(lvl);
            logfmt(line, "component", component);
            logfmt(line, "msg", message);
            for (int i = 0; i + 1 < fields.length; i += 2)
            {
                logfmt(line, String.valueOf(fields[i]), fields[i + 1]);
            }
        }
        return line.append('\n').toString();
    }

    private static void json(final StringBuilder line, final String key, final Object value, final boolean first)
    {
        if (!first)
        {
            line.append(',');
        }
        JsonWriter.quote(key, line).append(':');
        if (value instanceof Number || value instanceof Boolean)
        {
            final boolean finite = !(value instanceof Double d) || Double.isFinite(d);
            if (finite)
            {
                line.append(value);
                return;
            }
        }
        if (null == value)
        {
            line.append("null");
            return;
        }
        JsonWriter.quote(String.valueOf(value), line);
    }

    private static void logfmt(final StringBuilder line, final String key, final Object value)
    {
        line.append(' ').append(key).append('=');
        final String text = String.valueOf(value);
        boolean quote = text.isEmpty();
        for (int i = 0; i < text.length() && !quote; i++)
        {
            final char c = text.charAt(i);
            quote = c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7f;
        }
        if (!quote)
        {
            line.append(text);
            return;
        }
        line.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> line.append(c);
            }
        }
        line.append('"');
    }
}
