package io.temblor.script.stdlib;

import io.temblor.script.extract.Extractor;
import io.temblor.script.extract.Strftime;
import io.temblor.script.runtime.Builtin;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

import static io.temblor.script.stdlib.Stdlib.arg;
import static io.temblor.script.stdlib.Stdlib.b;
import static io.temblor.script.stdlib.Stdlib.h;
import static io.temblor.script.stdlib.Stdlib.isString;
import static io.temblor.script.stdlib.Stdlib.setString;
import static io.temblor.script.stdlib.Stdlib.type;
import static io.temblor.script.value.ValueDescriptor.TYPE_INT;
import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;
import static io.temblor.script.value.ValueDescriptor.TYPE_UINT;

/**
 * {@code std::datetime}, as tremor-script's {@code std_lib/datetime.rs}: a datetime is nanoseconds since the epoch
 * (a u64, read in UTC) or a record {@code {"timestamp": u64, "tz": zone}} made by {@code with_timezone}, where the
 * zone is an index into chrono-tz's zone list (the constants of {@code std::datetime::timezones}), a zone name, or a
 * fixed offset like {@code +02:00}. Formats are chrono's ({@link Strftime}). Builds Java objects; allocates.
 */
final class StdDatetime
{
    private static final long NANOS = 1_000_000_000L;
    private static final String INVALID_OFFSET = "Invalid timezone offset";
    private static final int MAX_OFFSET_SECONDS = 86_400;
    private static final List<String> ZONES = readZones();
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);
    /** chrono-tz's UTC (named {@code UTC}), the zone of plain timestamps. */
    private static final ZoneId UTC = ZoneId.of("UTC");

    private StdDatetime()
    {
    }

    /** A resolved datetime argument: the local time in its zone, the zone's offset and its name for {@code %Z}. */
    private record Moment(LocalDateTime local, int offsetSeconds, String zoneName)
    {
    }

    /** A failure while resolving an argument: the runtime error's text. */
    private static final class Failure extends Exception
    {
        private static final long serialVersionUID = 1L;

        Failure(final String message)
        {
            super(message, null, false, false);
        }
    }

    static void register(final Map<String, Builtin> r)
    {
        field(r, "datetime::year", ZonedDateTime::getYear);
        field(r, "datetime::month", ZonedDateTime::getMonthValue);
        field(r, "datetime::day_of_month", ZonedDateTime::getDayOfMonth);
        field(r, "datetime::day_of_year", ZonedDateTime::getDayOfYear);
        field(r, "datetime::hour", ZonedDateTime::getHour);
        field(r, "datetime::minute", ZonedDateTime::getMinute);
        field(r, "datetime::second", ZonedDateTime::getSecond);
        field(r, "datetime::iso_week", d -> d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        field(r, "datetime::subsecond_millis", d -> d.getNano() / 1_000_000);
        field(r, "datetime::subsecond_micros", d -> d.getNano() / 1_000);
        field(r, "datetime::subsecond_nanos", ZonedDateTime::getNano);
        r.put("datetime::rfc3339", (e, a, n, at) -> text(e, a, at, m -> Strftime.rfc3339(m.local(), m.offsetSeconds())));
        r.put("datetime::rfc2822", (e, a, n, at) -> text(e, a, at, m -> Strftime.rfc2822(m.local(), m.offsetSeconds())));
        r.put("datetime::format", (e, a, n, at) ->
        {
            // the format is checked first, as in Tremor
            if (!isString(e, a, 1))
            {
                return Builtin.BAD_TYPE;
            }
            final String format = arg(e, a, 1);
            try
            {
                return text(e, a, at, m -> Strftime.format(format, m.local(), m.offsetSeconds(), m.zoneName()));
            }
            catch (final IllegalArgumentException ex)
            {
                // chrono's formatter fails here (and Tremor panics on it): a runtime error instead
                return e.fail("Invalid format string: " + format);
            }
        });
        r.put("datetime::parse", (e, a, n, at) ->
        {
            if (!isString(e, a, 0) || !isString(e, a, 1))
            {
                return Builtin.BAD_TYPE;
            }
            final long nanos;
            try
            {
                nanos = Extractor.parseDatetime(arg(e, a, 0), arg(e, a, 1));
            }
            catch (final Strftime.ParseError ex)
            {
                // Tremor names this function with arity 1 in its errors
                return e.fail("Datetime Parse Error: " + ex.getMessage(), 1);
            }
            catch (final ArithmeticException ex)
            {
                return e.fail("Datetime Parse Error", 1);
            }
            // Tremor casts chrono's i64 nanoseconds to u64: instants before 1970 wrap around
            e.set(at, Values.unsignedHandle(nanos), nanos);
            return Builtin.OK;
        });
        r.put("datetime::with_timezone", StdDatetime::withTimezone);
    }

    private static void field(final Map<String, Builtin> r, final String name, final ToLongFunction<ZonedDateTime> f)
    {
        r.put(name, (e, a, n, at) ->
        {
            final ZonedDateTime d;
            try
            {
                d = zoned(e, h(e, a, 0), b(e, a, 0));
            }
            catch (final Failure ex)
            {
                return e.fail(ex.getMessage());
            }
            e.set(at, Values.INT, f.applyAsLong(d));
            return Builtin.OK;
        });
    }

    @FunctionalInterface
    private interface MomentText
    {
        String apply(Moment m);
    }

    private static int text(final Env e, final int a, final int at, final MomentText f)
    {
        final ZonedDateTime d;
        try
        {
            d = zoned(e, h(e, a, 0), b(e, a, 0));
        }
        catch (final Failure ex)
        {
            return e.fail(ex.getMessage());
        }
        final String name = d.getZone() instanceof ZoneOffset offset ? offsetName(offset) : ZONE_NAME.format(d);
        setString(e, at, f.apply(new Moment(d.toLocalDateTime(), d.getOffset().getTotalSeconds(), name)));
        return Builtin.OK;
    }

    /** chrono's FixedOffset display ({@code +02:00}); UTC as chrono-tz names it. */
    private static String offsetName(final ZoneOffset offset)
    {
        final int s = offset.getTotalSeconds();
        return String.format("%s%02d:%02d", s < 0 ? "-" : "+", Math.abs(s) / 3600, Math.abs(s) / 60 % 60);
    }

    /** Tremor's with_datetime_input: a u64, or a record with a u64 timestamp and an optional zone. */
    private static ZonedDateTime zoned(final Env e, final long h, final long b) throws Failure
    {
        final ValueContext ctx = e.ctx;
        if (isU64(h, b))
        {
            return instant(b).atZone(UTC);
        }
        if (Values.type(h) != TYPE_RECORD)
        {
            throw new Failure("Invalid datetime input of type " + Rendering.valueType(h));
        }
        final long[] t = new long[4];
        if (!ctx.get(h, "timestamp", t, 0) || !isU64(t[0], t[1]))
        {
            throw new Failure("Missing or invalid \"timestamp\" field");
        }
        if (!ctx.get(h, "tz", t, 2))
        {
            return instant(t[1]).atZone(UTC);
        }
        return instant(t[1]).atZone(zone(e, t[2], t[3]));
    }

    private static boolean isU64(final long h, final long b)
    {
        return Values.type(h) == TYPE_UINT || (Values.type(h) == TYPE_INT && b >= 0);
    }

    private static Instant instant(final long unsignedNanos)
    {
        return Instant.ofEpochSecond(Long.divideUnsigned(unsignedNanos, NANOS), Long.remainderUnsigned(unsignedNanos, NANOS));
    }

    /** Tremor's with_timezone!: an index into the zone list, a zone name, or a fixed offset. */
    private static ZoneId zone(final Env e, final long h, final long b) throws Failure
    {
        if (isU64(h, b))
        {
            if (Long.compareUnsigned(b, ZONES.size()) >= 0)
            {
                throw new Failure("Invalid timezone identifier " + Long.toUnsignedString(b));
            }
            return zoneId(ZONES.get((int)b));
        }
        if (Values.type(h) != TYPE_STRING)
        {
            throw new Failure("Invalid timezone type " + Rendering.valueType(h));
        }
        final String name = Stdlib.string(e, h);
        if (ZONES.contains(name))
        {
            return zoneId(name);
        }
        final int seconds = fixedOffset(name);
        if (Math.abs(seconds) >= MAX_OFFSET_SECONDS)
        {
            throw new Failure("Invalid timezone offset seconds: " + name);
        }
        return ZoneOffset.ofTotalSeconds(seconds);
    }

    /** A zone of chrono-tz's list in Java's zone database (four legacy names are links there). */
    private static ZoneId zoneId(final String name)
    {
        return ZoneId.of(switch (name)
        {
            case "EST" -> "America/Panama";
            case "MST" -> "America/Phoenix";
            case "HST" -> "Pacific/Honolulu";
            case "ROC" -> "Asia/Taipei";
            default -> name;
        });
    }

    /** Tremor's parse_fixed_offset: {@code [+-]hh[[:]mm]}, minutes below 60, anything after them ignored. */
    private static int fixedOffset(final String offset) throws Failure
    {
        final byte[] s = offset.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        if (s.length == 0)
        {
            throw new Failure(INVALID_OFFSET);
        }
        final boolean negative = s[0] == '-';
        if (s[0] == '-' || s[0] == '+')
        {
            i++;
        }
        else if (s[0] < '0' || s[0] > '9')
        {
            throw new Failure(INVALID_OFFSET);
        }
        if (s.length < 2 || i + 1 >= s.length || !digit(s[i]) || !digit(s[i + 1]))
        {
            throw new Failure(INVALID_OFFSET);
        }
        final int hours = (s[i] - '0') * 10 + (s[i + 1] - '0');
        i += 2;
        if (i < s.length && s[i] == ':')
        {
            i++;
        }
        final int minutes;
        if (i >= s.length)
        {
            minutes = 0;
        }
        else if (i + 1 < s.length && s[i] >= '0' && s[i] <= '5' && digit(s[i + 1]))
        {
            minutes = (s[i] - '0') * 10 + (s[i + 1] - '0');
        }
        else
        {
            throw new Failure(INVALID_OFFSET);
        }
        final int seconds = hours * 3600 + minutes * 60;
        return negative ? -seconds : seconds;
    }

    private static boolean digit(final byte c)
    {
        return c >= '0' && c <= '9';
    }

    /** datetime::with_timezone(ts, tz): checks the zone, then {@code {"timestamp": ts, "tz": tz}}. */
    private static int withTimezone(final Env e, final int a, final int argc, final int at)
    {
        try
        {
            zone(e, h(e, a, 1), b(e, a, 1));
        }
        catch (final Failure ex)
        {
            return e.fail(ex.getMessage());
        }
        final ValueContext ctx = e.ctx;
        final long[] t = new long[4];
        if (isU64(h(e, a, 0), b(e, a, 0)))
        {
            t[0] = h(e, a, 0);
            t[1] = b(e, a, 0);
        }
        else if (type(e, a, 0) == TYPE_RECORD)
        {
            if (!ctx.get(h(e, a, 0), "timestamp", t, 0) || !isU64(t[0], t[1]))
            {
                return e.fail("Invalid datetime input: Missing or invalid \"timestamp\" field.");
            }
        }
        else
        {
            return Builtin.BAD_TYPE;
        }
        ctx.newRecord(2, e.regs, at);
        ctx.newString("timestamp", t, 2);
        ctx.put(e.regs[at], t[2], t[0], t[1], e.regs, at);
        ctx.newString("tz", t, 2);
        ctx.put(e.regs[at], t[2], h(e, a, 1), b(e, a, 1), e.regs, at);
        return Builtin.OK;
    }

    /**
     * chrono-tz's zone names, in the order of its list.
     *
     * @return the names.
     */
    static List<String> zones()
    {
        return ZONES;
    }

    private static List<String> readZones()
    {
        final List<String> zones = new ArrayList<>(600);
        try (InputStream in = StdDatetime.class.getResourceAsStream("timezones.txt");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
        {
            for (String line = reader.readLine(); null != line; line = reader.readLine())
            {
                if (!line.isBlank() && !line.startsWith("#"))
                {
                    zones.add(line.strip());
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return List.copyOf(zones);
    }
}
