package io.temblor.script.extract;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;

/**
 * chrono's (0.4.38) {@code strftime} format strings, which Tremor's {@code datetime} extractor and {@code std::datetime}
 * use: the items of a format ({@code StrftimeItems}), formatting ({@code DelayedFormat}) and parsing
 * ({@code format::parse} into {@code Parsed}, then {@code NaiveDateTime::parse_from_str} or
 * {@code DateTime::parse_from_str}), with chrono's leniency (numbers of 1 to N digits, leading whitespace before
 * numbers, month and weekday names in any case) and its errors ({@link ParseError}). Locale: English. Stateless.
 */
public final class Strftime
{
    /** A literal to copy or match. */
    static final int LITERAL = 0;
    /** Whitespace: copied when formatting, any amount (also none) when parsing. */
    static final int SPACE = 1;
    /** A number ({@code spec} is one of the {@code N_} constants). */
    static final int NUMERIC = 2;
    /** A fixed item ({@code spec} is one of the {@code F_} constants). */
    static final int FIXED = 3;
    /** An invalid specifier. */
    static final int ERROR = 4;

    static final int N_YEAR = 0;
    static final int N_YEAR_DIV_100 = 1;
    static final int N_YEAR_MOD_100 = 2;
    static final int N_ISO_YEAR = 3;
    static final int N_ISO_YEAR_DIV_100 = 4;
    static final int N_ISO_YEAR_MOD_100 = 5;
    static final int N_MONTH = 6;
    static final int N_DAY = 7;
    static final int N_WEEK_FROM_SUN = 8;
    static final int N_WEEK_FROM_MON = 9;
    static final int N_ISO_WEEK = 10;
    static final int N_NUM_DAYS_FROM_SUN = 11;
    static final int N_WEEKDAY_FROM_MON = 12;
    static final int N_ORDINAL = 13;
    static final int N_HOUR = 14;
    static final int N_HOUR12 = 15;
    static final int N_MINUTE = 16;
    static final int N_SECOND = 17;
    static final int N_NANOSECOND = 18;
    static final int N_TIMESTAMP = 19;

    static final int F_SHORT_MONTH = 0;
    static final int F_LONG_MONTH = 1;
    static final int F_SHORT_WEEKDAY = 2;
    static final int F_LONG_WEEKDAY = 3;
    static final int F_LOWER_AMPM = 4;
    static final int F_UPPER_AMPM = 5;
    static final int F_NANO = 6;
    static final int F_NANO3 = 7;
    static final int F_NANO6 = 8;
    static final int F_NANO9 = 9;
    static final int F_NANO3_NO_DOT = 10;
    static final int F_NANO6_NO_DOT = 11;
    static final int F_NANO9_NO_DOT = 12;
    static final int F_TZ_NAME = 13;
    static final int F_TZ_OFFSET = 14;
    static final int F_TZ_OFFSET_COLON = 15;
    static final int F_TZ_OFFSET_DOUBLE_COLON = 16;
    static final int F_TZ_OFFSET_TRIPLE_COLON = 17;
    static final int F_TZ_OFFSET_PERMISSIVE = 18;
    static final int F_RFC3339 = 19;

    static final int PAD_NONE = 0;
    static final int PAD_ZERO = 1;
    static final int PAD_SPACE = 2;

    private static final String[] SHORT_MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    private static final String[] LONG_MONTHS = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    /** Sunday first, as chrono's locale tables. */
    private static final String[] SHORT_WEEKDAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    private static final String[] LONG_WEEKDAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday"};
    private static final int MIN_YEAR = -262_144;
    private static final int MAX_YEAR = 262_143;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int[] SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private Strftime()
    {
    }

    /**
     * One item of a format.
     *
     * @param kind {@link #LITERAL}, {@link #SPACE}, {@link #NUMERIC}, {@link #FIXED} or {@link #ERROR}.
     * @param text the literal or whitespace.
     * @param spec the numeric or fixed specifier.
     * @param pad the padding of a number.
     */
    record Item(int kind, String text, int spec, int pad)
    {
    }

    /** chrono's {@code ParseError}: its kind prints as Rust's {@code Debug}, e.g. {@code ParseError(Invalid)}. */
    public static final class ParseError extends Exception
    {
        private static final long serialVersionUID = 1L;

        ParseError(final String kind)
        {
            super("ParseError(" + kind + ")", null, false, false);
        }
    }

    private static ParseError outOfRange()
    {
        return new ParseError("OutOfRange");
    }

    private static ParseError impossible()
    {
        return new ParseError("Impossible");
    }

    private static ParseError notEnough()
    {
        return new ParseError("NotEnough");
    }

    private static ParseError invalid()
    {
        return new ParseError("Invalid");
    }

    private static ParseError tooShort()
    {
        return new ParseError("TooShort");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // items

    private static Item num(final int spec, final int pad)
    {
        return new Item(NUMERIC, null, spec, pad);
    }

    private static Item fixed(final int spec)
    {
        return new Item(FIXED, null, spec, PAD_NONE);
    }

    private static Item literal(final String text)
    {
        return new Item(LITERAL, text, 0, PAD_NONE);
    }

    private static Item space(final String text)
    {
        return new Item(SPACE, text, 0, PAD_NONE);
    }

    private static final Item ERROR_ITEM = new Item(ERROR, null, 0, PAD_NONE);

    /**
     * The items of a format, as chrono's {@code StrftimeItems} yields them (an invalid specifier is an error item, met
     * only when formatting or parsing gets to it).
     *
     * @param format the format.
     * @return the items.
     */
    static List<Item> items(final String format)
    {
        final List<Item> items = new ArrayList<>();
        int i = 0;
        while (i < format.length())
        {
            final int c = format.codePointAt(i);
            if (c == '%')
            {
                i = spec(format, i + 1, items);
            }
            else if (isWhiteSpace(c))
            {
                final int start = i;
                while (i < format.length() && isWhiteSpace(format.codePointAt(i)))
                {
                    i += Character.charCount(format.codePointAt(i));
                }
                items.add(space(format.substring(start, i)));
            }
            else
            {
                final int start = i;
                while (i < format.length() && format.charAt(i) != '%' && !isWhiteSpace(format.codePointAt(i)))
                {
                    i += Character.charCount(format.codePointAt(i));
                }
                items.add(literal(format.substring(start, i)));
            }
        }
        return items;
    }

    /** Reads the specifier after a {@code %} at {@code i}; returns the index after it. */
    private static int spec(final String f, final int start, final List<Item> items)
    {
        int i = start;
        if (i >= f.length())
        {
            items.add(ERROR_ITEM);
            return i;
        }
        char c = f.charAt(i++);
        final int pad = c == '-' ? PAD_NONE : c == '0' ? PAD_ZERO : c == '_' ? PAD_SPACE : -1;
        final boolean alternate = c == '#';
        if (pad >= 0 || alternate)
        {
            if (i >= f.length())
            {
                items.add(ERROR_ITEM);
                return i;
            }
            c = f.charAt(i++);
        }
        if (alternate && c != 'z')
        {
            items.add(ERROR_ITEM);
            return i;
        }
        final List<Item> out = new ArrayList<>(5);
        switch (c)
        {
            case 'A' -> out.add(fixed(F_LONG_WEEKDAY));
            case 'B' -> out.add(fixed(F_LONG_MONTH));
            case 'C' -> out.add(num(N_YEAR_DIV_100, PAD_ZERO));
            case 'D', 'x' -> out.addAll(List.of(num(N_MONTH, PAD_ZERO), literal("/"), num(N_DAY, PAD_ZERO), literal("/"),
                num(N_YEAR_MOD_100, PAD_ZERO)));
            case 'F' -> out.addAll(List.of(num(N_YEAR, PAD_ZERO), literal("-"), num(N_MONTH, PAD_ZERO), literal("-"),
                num(N_DAY, PAD_ZERO)));
            case 'G' -> out.add(num(N_ISO_YEAR, PAD_ZERO));
            case 'H' -> out.add(num(N_HOUR, PAD_ZERO));
            case 'I' -> out.add(num(N_HOUR12, PAD_ZERO));
            case 'M' -> out.add(num(N_MINUTE, PAD_ZERO));
            case 'P' -> out.add(fixed(F_LOWER_AMPM));
            case 'R' -> out.addAll(List.of(num(N_HOUR, PAD_ZERO), literal(":"), num(N_MINUTE, PAD_ZERO)));
            case 'S' -> out.add(num(N_SECOND, PAD_ZERO));
            case 'T', 'X' -> out.addAll(List.of(num(N_HOUR, PAD_ZERO), literal(":"), num(N_MINUTE, PAD_ZERO), literal(":"),
                num(N_SECOND, PAD_ZERO)));
            case 'U' -> out.add(num(N_WEEK_FROM_SUN, PAD_ZERO));
            case 'V' -> out.add(num(N_ISO_WEEK, PAD_ZERO));
            case 'W' -> out.add(num(N_WEEK_FROM_MON, PAD_ZERO));
            case 'Y' -> out.add(num(N_YEAR, PAD_ZERO));
            case 'Z' -> out.add(fixed(F_TZ_NAME));
            case 'a' -> out.add(fixed(F_SHORT_WEEKDAY));
            case 'b', 'h' -> out.add(fixed(F_SHORT_MONTH));
            case 'c' -> out.addAll(List.of(fixed(F_SHORT_WEEKDAY), space(" "), fixed(F_SHORT_MONTH), space(" "),
                num(N_DAY, PAD_SPACE), space(" "), num(N_HOUR, PAD_ZERO), literal(":"), num(N_MINUTE, PAD_ZERO),
                literal(":"), num(N_SECOND, PAD_ZERO), space(" "), num(N_YEAR, PAD_ZERO)));
            case 'd' -> out.add(num(N_DAY, PAD_ZERO));
            case 'e' -> out.add(num(N_DAY, PAD_SPACE));
            case 'f' -> out.add(num(N_NANOSECOND, PAD_ZERO));
            case 'g' -> out.add(num(N_ISO_YEAR_MOD_100, PAD_ZERO));
            case 'j' -> out.add(num(N_ORDINAL, PAD_ZERO));
            case 'k' -> out.add(num(N_HOUR, PAD_SPACE));
            case 'l' -> out.add(num(N_HOUR12, PAD_SPACE));
            case 'm' -> out.add(num(N_MONTH, PAD_ZERO));
            case 'n' -> out.add(space("\n"));
            case 'p' -> out.add(fixed(F_UPPER_AMPM));
            case 'r' -> out.addAll(List.of(num(N_HOUR12, PAD_ZERO), literal(":"), num(N_MINUTE, PAD_ZERO), literal(":"),
                num(N_SECOND, PAD_ZERO), space(" "), fixed(F_UPPER_AMPM)));
            case 's' -> out.add(num(N_TIMESTAMP, PAD_NONE));
            case 't' -> out.add(space("\t"));
            case 'u' -> out.add(num(N_WEEKDAY_FROM_MON, PAD_NONE));
            case 'v' -> out.addAll(List.of(num(N_DAY, PAD_SPACE), literal("-"), fixed(F_SHORT_MONTH), literal("-"),
                num(N_YEAR, PAD_ZERO)));
            case 'w' -> out.add(num(N_NUM_DAYS_FROM_SUN, PAD_NONE));
            case 'y' -> out.add(num(N_YEAR_MOD_100, PAD_ZERO));
            case 'z' -> out.add(fixed(alternate ? F_TZ_OFFSET_PERMISSIVE : F_TZ_OFFSET));
            case '+' -> out.add(fixed(F_RFC3339));
            case ':' ->
            {
                if (f.startsWith("::z", i))
                {
                    i += 3;
                    out.add(fixed(F_TZ_OFFSET_TRIPLE_COLON));
                }
                else if (f.startsWith(":z", i))
                {
                    i += 2;
                    out.add(fixed(F_TZ_OFFSET_DOUBLE_COLON));
                }
                else if (f.startsWith("z", i))
                {
                    i += 1;
                    out.add(fixed(F_TZ_OFFSET_COLON));
                }
                else
                {
                    out.add(ERROR_ITEM);
                }
            }
            case '.', '3', '6', '9' ->
            {
                final boolean dot = c == '.';
                final char d = dot ? (i < f.length() ? f.charAt(i++) : '\0') : c;
                final char e = d == 'f' && dot ? 'f' : (i < f.length() ? f.charAt(i++) : '\0');
                if (dot && d == 'f')
                {
                    out.add(fixed(F_NANO));
                }
                else if (e != 'f' || (d != '3' && d != '6' && d != '9'))
                {
                    out.add(ERROR_ITEM);
                }
                else
                {
                    final int k = d == '3' ? 0 : d == '6' ? 1 : 2;
                    out.add(fixed((dot ? F_NANO3 : F_NANO3_NO_DOT) + k));
                }
            }
            case '%' -> out.add(literal("%"));
            default ->
            {
                // a non-ASCII specifier is one char (a code point)
                if (Character.isHighSurrogate(c) && i < f.length())
                {
                    i++;
                }
                out.add(ERROR_ITEM);
            }
        }
        if (pad >= 0)
        {
            // a padding override applies only to a single numeric item
            items.add(out.size() == 1 && out.get(0).kind() == NUMERIC ? num(out.get(0).spec(), pad) : ERROR_ITEM);
        }
        else
        {
            items.addAll(out);
        }
        return i;
    }

    /**
     * Tremor's {@code has_tz}: whether the format has {@code %z}, {@code %Z}, {@code %+}, {@code %:z} or {@code %#z}.
     *
     * @param format the format.
     * @return whether a parse needs an offset.
     */
    public static boolean hasTz(final String format)
    {
        for (int i = 0; i < format.length(); i++)
        {
            if (format.charAt(i) != '%' || i + 1 >= format.length())
            {
                continue;
            }
            final char c = format.charAt(++i);
            if (c == '+' || c == 'z' || c == 'Z')
            {
                return true;
            }
            if ((c == ':' || c == '#') && i + 1 < format.length() && format.charAt(++i) == 'z')
            {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // formatting

    /**
     * Formats a date and time with an offset as chrono does.
     *
     * @param format the format.
     * @param local the local date and time.
     * @param offsetSeconds the offset from UTC.
     * @param zoneName what {@code %Z} prints (the zone's abbreviation, or the offset for fixed offsets).
     * @return the text.
     * @throws IllegalArgumentException for an invalid specifier (chrono's formatter fails, Tremor panics).
     */
    public static String format(final String format, final LocalDateTime local, final int offsetSeconds,
        final String zoneName)
    {
        final StringBuilder out = new StringBuilder();
        for (final Item item : items(format))
        {
            switch (item.kind())
            {
                case LITERAL, SPACE -> out.append(item.text());
                case NUMERIC -> numeric(out, item.spec(), item.pad(), local, offsetSeconds);
                case FIXED -> fixedItem(out, item.spec(), local, offsetSeconds, zoneName);
                default -> throw new IllegalArgumentException("invalid format specifier in " + format);
            }
        }
        return out.toString();
    }

    private static void numeric(final StringBuilder out, final int spec, final int pad, final LocalDateTime t,
        final int offset)
    {
        final LocalDate d = t.toLocalDate();
        switch (spec)
        {
            case N_YEAR -> year(out, d.getYear(), pad);
            case N_YEAR_DIV_100 -> two(out, Math.floorDiv(d.getYear(), 100), pad);
            case N_YEAR_MOD_100 -> two(out, Math.floorMod(d.getYear(), 100), pad);
            case N_ISO_YEAR -> year(out, d.get(IsoFields.WEEK_BASED_YEAR), pad);
            case N_ISO_YEAR_DIV_100 -> two(out, Math.floorDiv(d.get(IsoFields.WEEK_BASED_YEAR), 100), pad);
            case N_ISO_YEAR_MOD_100 -> two(out, Math.floorMod(d.get(IsoFields.WEEK_BASED_YEAR), 100), pad);
            case N_MONTH -> two(out, d.getMonthValue(), pad);
            case N_DAY -> two(out, d.getDayOfMonth(), pad);
            case N_WEEK_FROM_SUN -> two(out, weeksFrom(d, DayOfWeek.SUNDAY), pad);
            case N_WEEK_FROM_MON -> two(out, weeksFrom(d, DayOfWeek.MONDAY), pad);
            case N_ISO_WEEK -> two(out, d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), pad);
            case N_NUM_DAYS_FROM_SUN -> out.append(d.getDayOfWeek().getValue() % 7);
            case N_WEEKDAY_FROM_MON -> out.append(d.getDayOfWeek().getValue());
            case N_ORDINAL -> n(out, 3, d.getDayOfYear(), pad, false);
            case N_HOUR -> two(out, t.getHour(), pad);
            case N_HOUR12 -> two(out, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, pad);
            case N_MINUTE -> two(out, t.getMinute(), pad);
            case N_SECOND -> two(out, t.getSecond(), pad);
            case N_NANOSECOND -> n(out, 9, t.getNano(), pad, false);
            default -> n(out, 9, t.toEpochSecond(ZoneOffset.UTC) - offset, pad, false);
        }
    }

    private static void two(final StringBuilder out, final int v, final int pad)
    {
        if (v / 10 != 0)
        {
            out.append((char)('0' + v / 10 % 10));
        }
        else if (pad == PAD_ZERO)
        {
            out.append('0');
        }
        else if (pad == PAD_SPACE)
        {
            out.append(' ');
        }
        out.append((char)('0' + v % 10));
    }

    private static void year(final StringBuilder out, final int year, final int pad)
    {
        n(out, 4, year, pad, year < 0 || year >= 10_000);
    }

    /** Rust's {@code {:+0n$}} family: a sign when asked for, padded to n digits (n + 1 with a sign). */
    private static void n(final StringBuilder out, final int width, final long v, final int pad, final boolean sign)
    {
        final String digits = Long.toString(Math.abs(v));
        final String signText = v < 0 ? "-" : sign ? "+" : "";
        final int total = width + (sign ? 1 : 0);
        final int fill = Math.max(0, total - signText.length() - digits.length());
        if (pad == PAD_ZERO)
        {
            out.append(signText).append("0".repeat(fill)).append(digits);
        }
        else if (pad == PAD_SPACE)
        {
            out.append(" ".repeat(fill)).append(signText).append(digits);
        }
        else
        {
            out.append(signText).append(digits);
        }
    }

    private static int weeksFrom(final LocalDate d, final DayOfWeek start)
    {
        final int daysSince = Math.floorMod(d.getDayOfWeek().getValue() - start.getValue(), 7);
        return (d.getDayOfYear() - daysSince + 6) / 7;
    }

    private static void fixedItem(final StringBuilder out, final int spec, final LocalDateTime t, final int offset,
        final String zoneName)
    {
        final int nano = t.getNano();
        switch (spec)
        {
            case F_SHORT_MONTH -> out.append(SHORT_MONTHS[t.getMonthValue() - 1]);
            case F_LONG_MONTH -> out.append(LONG_MONTHS[t.getMonthValue() - 1]);
            case F_SHORT_WEEKDAY -> out.append(SHORT_WEEKDAYS[t.getDayOfWeek().getValue() % 7]);
            case F_LONG_WEEKDAY -> out.append(LONG_WEEKDAYS[t.getDayOfWeek().getValue() % 7]);
            case F_LOWER_AMPM -> out.append(t.getHour() < 12 ? "am" : "pm");
            case F_UPPER_AMPM -> out.append(t.getHour() < 12 ? "AM" : "PM");
            case F_NANO -> autoFraction(out, nano);
            case F_NANO3 -> out.append('.').append(String.format("%03d", nano / 1_000_000));
            case F_NANO6 -> out.append('.').append(String.format("%06d", nano / 1_000));
            case F_NANO9 -> out.append('.').append(String.format("%09d", nano));
            case F_NANO3_NO_DOT -> out.append(String.format("%03d", nano / 1_000_000));
            case F_NANO6_NO_DOT -> out.append(String.format("%06d", nano / 1_000));
            case F_NANO9_NO_DOT -> out.append(String.format("%09d", nano));
            case F_TZ_NAME -> out.append(zoneName);
            case F_TZ_OFFSET -> offset(out, offset, false, 1);
            case F_TZ_OFFSET_COLON -> offset(out, offset, true, 1);
            case F_TZ_OFFSET_DOUBLE_COLON -> offset(out, offset, true, 2);
            case F_TZ_OFFSET_TRIPLE_COLON -> offset(out, offset, false, 0);
            case F_RFC3339 -> out.append(rfc3339(t, offset));
            // %#z is for parsing only: chrono's formatter fails
            default -> throw new IllegalArgumentException("format specifier for parsing only");
        }
    }

    private static void autoFraction(final StringBuilder out, final int nano)
    {
        if (nano == 0)
        {
            return;
        }
        if (nano % 1_000_000 == 0)
        {
            out.append('.').append(String.format("%03d", nano / 1_000_000));
        }
        else if (nano % 1_000 == 0)
        {
            out.append('.').append(String.format("%06d", nano / 1_000));
        }
        else
        {
            out.append('.').append(String.format("%09d", nano));
        }
    }

    /** chrono's {@code OffsetFormat}: precision 0 hours, 1 minutes (rounded), 2 seconds; zero padded. */
    private static void offset(final StringBuilder out, final int offset, final boolean colons, final int precision)
    {
        final char sign = offset < 0 ? '-' : '+';
        final int off = Math.abs(offset);
        final int hours;
        int mins = 0;
        int secs = 0;
        if (precision == 0)
        {
            hours = off / 3600;
        }
        else if (precision == 1)
        {
            final int minutes = (off + 30) / 60;
            mins = minutes % 60;
            hours = minutes / 60;
        }
        else
        {
            secs = off % 60;
            mins = off / 60 % 60;
            hours = off / 3600;
        }
        out.append(sign).append(String.format("%02d", hours));
        if (precision >= 1)
        {
            out.append(colons ? ":" : "").append(String.format("%02d", mins));
        }
        if (precision == 2)
        {
            out.append(colons ? ":" : "").append(String.format("%02d", secs));
        }
    }

    /**
     * chrono's {@code to_rfc3339}: {@code %Y-%m-%dT%H:%M:%S}, 0/3/6/9 fractional digits, {@code +hh:mm} (never Z).
     *
     * @param t the local date and time.
     * @param offset the offset in seconds.
     * @return the text.
     */
    public static String rfc3339(final LocalDateTime t, final int offset)
    {
        final StringBuilder out = new StringBuilder();
        final int year = t.getYear();
        if (year >= 0 && year <= 9999)
        {
            out.append(String.format("%04d", year));
        }
        else
        {
            n(out, 4, year, PAD_ZERO, true);
        }
        out.append(String.format("-%02d-%02dT%02d:%02d:%02d", t.getMonthValue(), t.getDayOfMonth(), t.getHour(),
            t.getMinute(), t.getSecond()));
        autoFraction(out, t.getNano());
        offset(out, offset, true, 1);
        return out.toString();
    }

    /**
     * chrono's {@code to_rfc2822}: {@code Tue, 1 Jul 2003 10:52:37 +0200} (the day not padded).
     *
     * @param t the local date and time.
     * @param offset the offset in seconds.
     * @return the text.
     */
    public static String rfc2822(final LocalDateTime t, final int offset)
    {
        final StringBuilder out = new StringBuilder();
        out.append(SHORT_WEEKDAYS[t.getDayOfWeek().getValue() % 7]).append(", ").append(t.getDayOfMonth()).append(' ')
            .append(SHORT_MONTHS[t.getMonthValue() - 1]).append(' ').append(String.format("%04d", t.getYear()))
            .append(String.format(" %02d:%02d:%02d ", t.getHour(), t.getMinute(), t.getSecond()));
        offset(out, offset, false, 1);
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // parsing

    /** chrono's {@code Parsed}: each field set at most once (to one value). */
    private static final class Parsed
    {
        Integer year;
        Integer yearDiv100;
        Integer yearMod100;
        Integer isoYear;
        Integer isoYearDiv100;
        Integer isoYearMod100;
        Integer month;
        Integer weekFromSun;
        Integer weekFromMon;
        Integer isoWeek;
        /** ISO number: Monday 1 .. Sunday 7. */
        Integer weekday;
        Integer ordinal;
        Integer day;
        Integer hourDiv12;
        Integer hourMod12;
        Integer minute;
        Integer second;
        Integer nanosecond;
        Long timestamp;
        Integer offset;
        /** The nanoseconds of a leap second (second 60), from 1e9 on; -1 otherwise. */
        long leapNanos = -1;

        static Integer consistent(final Integer old, final long value) throws ParseError
        {
            if (null != old && old != value)
            {
                throw impossible();
            }
            return (int)value;
        }

        static Integer range(final Integer old, final long value, final long min, final long max) throws ParseError
        {
            if (value < min || value > max)
            {
                throw outOfRange();
            }
            return consistent(old, value);
        }

        void set(final int spec, final long v) throws ParseError
        {
            switch (spec)
            {
                case N_YEAR -> year = range(year, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case N_YEAR_DIV_100 -> yearDiv100 = range(yearDiv100, v, 0, Integer.MAX_VALUE);
                case N_YEAR_MOD_100 -> yearMod100 = range(yearMod100, v, 0, 99);
                case N_ISO_YEAR -> isoYear = range(isoYear, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case N_ISO_YEAR_DIV_100 -> isoYearDiv100 = range(isoYearDiv100, v, 0, Integer.MAX_VALUE);
                case N_ISO_YEAR_MOD_100 -> isoYearMod100 = range(isoYearMod100, v, 0, 99);
                case N_MONTH -> month = range(month, v, 1, 12);
                case N_DAY -> day = range(day, v, 1, 31);
                case N_WEEK_FROM_SUN -> weekFromSun = range(weekFromSun, v, 0, 53);
                case N_WEEK_FROM_MON -> weekFromMon = range(weekFromMon, v, 0, 53);
                case N_ISO_WEEK -> isoWeek = range(isoWeek, v, 1, 53);
                case N_NUM_DAYS_FROM_SUN -> weekday = consistent(weekday, v == 0 ? 7 : range(null, v, 0, 6));
                case N_WEEKDAY_FROM_MON -> weekday = consistent(weekday, range(null, v, 1, 7));
                case N_ORDINAL -> ordinal = range(ordinal, v, 1, 366);
                case N_HOUR ->
                {
                    range(null, v, 0, 23);
                    hourDiv12 = consistent(hourDiv12, v / 12);
                    hourMod12 = consistent(hourMod12, v % 12);
                }
                case N_HOUR12 -> hourMod12 = consistent(hourMod12, range(null, v, 1, 12) % 12);
                case N_MINUTE -> minute = range(minute, v, 0, 59);
                case N_SECOND -> second = range(second, v, 0, 60);
                case N_NANOSECOND -> nanosecond = range(nanosecond, v, 0, 999_999_999);
                default ->
                {
                    if (null != timestamp && timestamp != v)
                    {
                        throw impossible();
                    }
                    timestamp = v;
                }
            }
        }

        void setOffset(final long v) throws ParseError
        {
            offset = consistent(offset, v);
        }

        void setAmPm(final boolean pm) throws ParseError
        {
            hourDiv12 = consistent(hourDiv12, pm ? 1 : 0);
        }

        void setWeekday(final int iso) throws ParseError
        {
            weekday = consistent(weekday, iso);
        }

        /** resolve_year: the year from itself or from year / 100 and year % 100. */
        private static Integer resolveYear(final Integer y, final Integer q, final Integer r) throws ParseError
        {
            if (null == q && null == r)
            {
                return y;
            }
            if (null != y && (null == r || (r >= 0 && r <= 99)))
            {
                if (y < 0)
                {
                    throw impossible();
                }
                if ((null != q && q != y / 100) || (null != r && r != y % 100))
                {
                    throw impossible();
                }
                return y;
            }
            if (null == y && null != q && null != r && r >= 0 && r <= 99)
            {
                if (q < 0)
                {
                    throw impossible();
                }
                final long year = (long)q * 100 + r;
                if (year > Integer.MAX_VALUE)
                {
                    throw outOfRange();
                }
                return (int)year;
            }
            if (null == y && null == q && null != r && r >= 0 && r <= 99)
            {
                return r + (r < 70 ? 2000 : 1900);
            }
            if (null == y && null != q && null == r)
            {
                throw notEnough();
            }
            throw outOfRange();
        }

        LocalDate date() throws ParseError
        {
            final Integer givenYear = resolveYear(year, yearDiv100, yearMod100);
            final Integer givenIsoYear = resolveYear(isoYear, isoYearDiv100, isoYearMod100);
            final LocalDate date;
            final boolean verified;
            if (null != givenYear && null != month && null != day)
            {
                date = ymd(givenYear, month, day);
                verified = verifyIsoWeekDate(date) && verifyOrdinal(date);
            }
            else if (null != givenYear && null != ordinal)
            {
                date = yo(givenYear, ordinal);
                verified = verifyYmd(date) && verifyIsoWeekDate(date) && verifyOrdinal(date);
            }
            else if (null != givenYear && null != weekFromSun && null != weekday)
            {
                date = weekDate(givenYear, weekFromSun, weekday, DayOfWeek.SUNDAY);
                verified = verifyYmd(date) && verifyIsoWeekDate(date) && verifyOrdinal(date);
            }
            else if (null != givenYear && null != weekFromMon && null != weekday)
            {
                date = weekDate(givenYear, weekFromMon, weekday, DayOfWeek.MONDAY);
                verified = verifyYmd(date) && verifyIsoWeekDate(date) && verifyOrdinal(date);
            }
            else if (null != givenIsoYear && null != isoWeek && null != weekday)
            {
                date = isoWeekDate(givenIsoYear, isoWeek, weekday);
                verified = verifyYmd(date) && verifyOrdinal(date);
            }
            else
            {
                throw notEnough();
            }
            if (!verified)
            {
                throw impossible();
            }
            return date;
        }

        private boolean verifyYmd(final LocalDate d)
        {
            final int y = d.getYear();
            final Integer q = y >= 0 ? y / 100 : null;
            final Integer r = y >= 0 ? y % 100 : null;
            return (null == year || year == y) && (null == yearDiv100 || yearDiv100.equals(q)) &&
                (null == yearMod100 || yearMod100.equals(r)) && (null == month || month == d.getMonthValue()) &&
                (null == day || day == d.getDayOfMonth());
        }

        private boolean verifyIsoWeekDate(final LocalDate d)
        {
            final int y = d.get(IsoFields.WEEK_BASED_YEAR);
            final Integer q = y >= 0 ? y / 100 : null;
            final Integer r = y >= 0 ? y % 100 : null;
            return (null == isoYear || isoYear == y) && (null == isoYearDiv100 || isoYearDiv100.equals(q)) &&
                (null == isoYearMod100 || isoYearMod100.equals(r)) &&
                (null == isoWeek || isoWeek == d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)) &&
                (null == weekday || weekday == d.getDayOfWeek().getValue());
        }

        private boolean verifyOrdinal(final LocalDate d)
        {
            return (null == ordinal || ordinal == d.getDayOfYear()) &&
                (null == weekFromSun || weekFromSun == weeksFrom(d, DayOfWeek.SUNDAY)) &&
                (null == weekFromMon || weekFromMon == weeksFrom(d, DayOfWeek.MONDAY));
        }

        LocalTime time() throws ParseError
        {
            if (null == hourDiv12 || null == hourMod12 || null == minute)
            {
                throw notEnough();
            }
            int sec = null == second ? 0 : second;
            if (null != nanosecond && null == second)
            {
                throw notEnough();
            }
            final int nano = null == nanosecond ? 0 : nanosecond;
            if (sec == 60)
            {
                // a leap second: chrono keeps second 59 with 1e9 more nanoseconds (LocalTime cannot)
                sec = 59;
                leapNanos = NANOS_PER_SECOND + nano;
                return LocalTime.of(hourDiv12 * 12 + hourMod12, minute, sec);
            }
            return LocalTime.of(hourDiv12 * 12 + hourMod12, minute, sec, nano);
        }

        /** to_naive_datetime_with_offset. */
        LocalDateTime dateTime(final int off) throws ParseError
        {
            LocalDate date = null;
            LocalTime time = null;
            ParseError dateError = null;
            ParseError timeError = null;
            try
            {
                date = date();
            }
            catch (final ParseError ex)
            {
                dateError = ex;
            }
            try
            {
                time = time();
            }
            catch (final ParseError ex)
            {
                timeError = ex;
            }
            if (null != date && null != time)
            {
                final LocalDateTime dt = date.atTime(time);
                final long ts = dt.toEpochSecond(ZoneOffset.UTC) - off;
                if (null != timestamp && timestamp != ts)
                {
                    throw impossible();
                }
                return dt;
            }
            if (null == timestamp)
            {
                throw null != dateError ? dateError : timeError;
            }
            for (final ParseError e : new ParseError[] {dateError, timeError})
            {
                if (null != e && (e.getMessage().contains("OutOfRange") || e.getMessage().contains("Impossible")))
                {
                    throw e;
                }
            }
            final long ts = Math.addExact(timestamp, off);
            final LocalDateTime fromTs;
            try
            {
                fromTs = LocalDateTime.ofEpochSecond(ts, 0, ZoneOffset.UTC);
            }
            catch (final java.time.DateTimeException ex)
            {
                throw outOfRange();
            }
            if (fromTs.getYear() < MIN_YEAR || fromTs.getYear() > MAX_YEAR)
            {
                throw outOfRange();
            }
            final Parsed p = copy();
            p.set(N_SECOND, fromTs.getSecond());
            p.set(N_YEAR, fromTs.getYear());
            p.set(N_ORDINAL, fromTs.getDayOfYear());
            p.set(N_HOUR, fromTs.getHour());
            p.set(N_MINUTE, fromTs.getMinute());
            return p.date().atTime(p.time());
        }

        private Parsed copy()
        {
            final Parsed p = new Parsed();
            p.year = year;
            p.yearDiv100 = yearDiv100;
            p.yearMod100 = yearMod100;
            p.isoYear = isoYear;
            p.isoYearDiv100 = isoYearDiv100;
            p.isoYearMod100 = isoYearMod100;
            p.month = month;
            p.weekFromSun = weekFromSun;
            p.weekFromMon = weekFromMon;
            p.isoWeek = isoWeek;
            p.weekday = weekday;
            p.ordinal = ordinal;
            p.day = day;
            p.hourDiv12 = hourDiv12;
            p.hourMod12 = hourMod12;
            p.minute = minute;
            p.second = second;
            p.nanosecond = nanosecond;
            p.timestamp = timestamp;
            p.offset = offset;
            return p;
        }
    }

    private static LocalDate ymd(final int year, final int month, final int day) throws ParseError
    {
        if (year < MIN_YEAR || year > MAX_YEAR)
        {
            throw outOfRange();
        }
        try
        {
            return LocalDate.of(year, month, day);
        }
        catch (final java.time.DateTimeException ex)
        {
            throw outOfRange();
        }
    }

    private static LocalDate yo(final int year, final int ordinal) throws ParseError
    {
        if (year < MIN_YEAR || year > MAX_YEAR || ordinal > LocalDate.of(year, 1, 1).lengthOfYear())
        {
            throw outOfRange();
        }
        return LocalDate.ofYearDay(year, ordinal);
    }

    private static LocalDate weekDate(final int year, final int week, final int isoWeekday, final DayOfWeek start)
        throws ParseError
    {
        final LocalDate first = yo(year, 1);
        final int firstWeekStart = 1 + Math.floorMod(start.getValue() - first.getDayOfWeek().getValue(), 7);
        final int weekday = Math.floorMod(isoWeekday - start.getValue(), 7);
        final int ordinal = firstWeekStart + (week - 1) * 7 + weekday;
        if (ordinal <= 0 || ordinal > first.lengthOfYear())
        {
            throw impossible();
        }
        return LocalDate.ofYearDay(year, ordinal);
    }

    private static LocalDate isoWeekDate(final int isoYear, final int week, final int isoWeekday) throws ParseError
    {
        if (isoYear < MIN_YEAR || isoYear > MAX_YEAR)
        {
            throw outOfRange();
        }
        final LocalDate jan4 = LocalDate.of(isoYear, 1, 4);
        final long weeks = jan4.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
        if (week > weeks)
        {
            throw outOfRange();
        }
        return jan4.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(java.time.temporal.ChronoField.DAY_OF_WEEK,
            isoWeekday);
    }

    /**
     * Tremor's {@code _parse}: chrono's {@code DateTime::parse_from_str} when the format has a zone (an offset, or a
     * {@code %s} timestamp, must then be given), {@code NaiveDateTime::parse_from_str} read as UTC otherwise, then
     * {@code timestamp_nanos_opt}.
     *
     * @param text the text.
     * @param format the format.
     * @param zoned whether the format has a zone ({@link #hasTz}).
     * @return the nanoseconds since the epoch.
     * @throws ParseError when the text does not match the format.
     * @throws ArithmeticException when the instant is beyond the nanoseconds an i64 holds (Tremor's plain "Datetime
     *     Parse Error").
     */
    public static long parse(final String text, final String format, final boolean zoned) throws ParseError
    {
        final Parsed p = new Parsed();
        final String rest = parse(p, text, items(format));
        if (!rest.isEmpty())
        {
            throw new ParseError("TooLong");
        }
        int off = 0;
        if (zoned)
        {
            if (null != p.offset)
            {
                off = p.offset;
            }
            else if (null == p.timestamp)
            {
                throw notEnough();
            }
        }
        final LocalDateTime local = p.dateTime(off);
        if (Math.abs(off) >= 86_400)
        {
            throw outOfRange();
        }
        final long seconds = local.toEpochSecond(ZoneOffset.UTC) - off;
        final long nanos = p.leapNanos >= 0 ? p.leapNanos : local.getNano();
        return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), nanos);
    }

    private static String parse(final Parsed p, final String input, final List<Item> items) throws ParseError
    {
        String s = input;
        for (final Item item : items)
        {
            switch (item.kind())
            {
                case LITERAL ->
                {
                    if (s.length() < item.text().length())
                    {
                        throw tooShort();
                    }
                    if (!s.startsWith(item.text()))
                    {
                        throw invalid();
                    }
                    s = s.substring(item.text().length());
                }
                case SPACE -> s = trimStart(s);
                case NUMERIC -> s = parseNumeric(p, s, item.spec());
                case FIXED -> s = parseFixed(p, s, item.spec());
                default -> throw new ParseError("BadFormat");
            }
        }
        return s;
    }

    private static String parseNumeric(final Parsed p, final String input, final int spec) throws ParseError
    {
        final int width = switch (spec)
        {
            case N_YEAR, N_ISO_YEAR -> 4;
            case N_NUM_DAYS_FROM_SUN, N_WEEKDAY_FROM_MON -> 1;
            case N_ORDINAL -> 3;
            case N_NANOSECOND -> 9;
            case N_TIMESTAMP -> Integer.MAX_VALUE;
            default -> 2;
        };
        final String s = trimStart(input);
        final long[] v = new long[1];
        final String rest;
        if ((spec == N_YEAR || spec == N_ISO_YEAR) && s.startsWith("-"))
        {
            rest = number(s.substring(1), 1, Integer.MAX_VALUE, v);
            v[0] = -v[0];
        }
        else if ((spec == N_YEAR || spec == N_ISO_YEAR) && s.startsWith("+"))
        {
            rest = number(s.substring(1), 1, Integer.MAX_VALUE, v);
        }
        else
        {
            rest = number(s, 1, width, v);
        }
        p.set(spec, v[0]);
        return rest;
    }

    /** scan::number: min to max ASCII digits. */
    private static String number(final String s, final int min, final int max, final long[] out) throws ParseError
    {
        if (s.length() < min)
        {
            throw tooShort();
        }
        long n = 0;
        int i = 0;
        while (i < s.length() && i < max)
        {
            final char c = s.charAt(i);
            if (c < '0' || c > '9')
            {
                if (i < min)
                {
                    throw invalid();
                }
                break;
            }
            try
            {
                n = Math.addExact(Math.multiplyExact(n, 10), c - '0');
            }
            catch (final ArithmeticException ex)
            {
                throw outOfRange();
            }
            i++;
        }
        out[0] = n;
        return s.substring(i);
    }

    private static String parseFixed(final Parsed p, final String s, final int spec) throws ParseError
    {
        switch (spec)
        {
            case F_SHORT_MONTH, F_LONG_MONTH ->
            {
                final int month0 = nameIndex(s, SHORT_MONTHS);
                String rest = s.substring(3);
                if (spec == F_LONG_MONTH)
                {
                    rest = longSuffix(rest, LONG_MONTHS[month0].substring(3));
                }
                p.set(N_MONTH, month0 + 1);
                return rest;
            }
            case F_SHORT_WEEKDAY, F_LONG_WEEKDAY ->
            {
                final int sunday0 = nameIndex(s, SHORT_WEEKDAYS);
                String rest = s.substring(3);
                if (spec == F_LONG_WEEKDAY)
                {
                    rest = longSuffix(rest, LONG_WEEKDAYS[sunday0].substring(3));
                }
                p.setWeekday(sunday0 == 0 ? 7 : sunday0);
                return rest;
            }
            case F_LOWER_AMPM, F_UPPER_AMPM ->
            {
                if (s.length() < 2)
                {
                    throw tooShort();
                }
                final String ampm = s.substring(0, 2).toLowerCase(java.util.Locale.ROOT);
                if (!ampm.equals("am") && !ampm.equals("pm"))
                {
                    throw invalid();
                }
                p.setAmPm(ampm.equals("pm"));
                return s.substring(2);
            }
            case F_NANO, F_NANO3, F_NANO6, F_NANO9 ->
            {
                if (!s.startsWith("."))
                {
                    return s;
                }
                final long[] v = new long[1];
                final String after = number(s.substring(1), 1, 9, v);
                final int consumed = s.length() - 1 - after.length();
                p.set(N_NANOSECOND, v[0] * SCALE[consumed]);
                int i = 0;
                while (i < after.length() && after.charAt(i) >= '0' && after.charAt(i) <= '9')
                {
                    i++;
                }
                return after.substring(i);
            }
            case F_NANO3_NO_DOT, F_NANO6_NO_DOT, F_NANO9_NO_DOT ->
            {
                final int digits = spec == F_NANO3_NO_DOT ? 3 : spec == F_NANO6_NO_DOT ? 6 : 9;
                if (s.length() < digits)
                {
                    throw tooShort();
                }
                final long[] v = new long[1];
                final String rest = number(s, digits, digits, v);
                p.set(N_NANOSECOND, v[0] * SCALE[digits]);
                return rest;
            }
            case F_TZ_NAME ->
            {
                int i = 0;
                while (i < s.length() && !isWhiteSpace(s.codePointAt(i)))
                {
                    i += Character.charCount(s.codePointAt(i));
                }
                return s.substring(i);
            }
            case F_TZ_OFFSET, F_TZ_OFFSET_COLON, F_TZ_OFFSET_DOUBLE_COLON, F_TZ_OFFSET_TRIPLE_COLON ->
            {
                return offset(p, trimStart(s), false, false);
            }
            case F_TZ_OFFSET_PERMISSIVE ->
            {
                return offset(p, trimStart(s), true, true);
            }
            default ->
            {
                return rfc3339(p, s);
            }
        }
    }

    private static int nameIndex(final String s, final String[] names) throws ParseError
    {
        if (s.length() < 3)
        {
            throw tooShort();
        }
        for (int i = 0; i < names.length; i++)
        {
            if (s.regionMatches(true, 0, names[i], 0, 3) && s.charAt(0) < 0x80 && s.charAt(1) < 0x80 && s.charAt(2) < 0x80)
            {
                return i;
            }
        }
        throw invalid();
    }

    private static String longSuffix(final String s, final String suffix)
    {
        return s.length() >= suffix.length() && s.regionMatches(true, 0, suffix, 0, suffix.length()) ? s.substring(
            suffix.length()) : s;
    }

    /** scan::timezone_offset with colon_or_space between hours and minutes and U+2212 allowed as minus. */
    private static String offset(final Parsed p, final String input, final boolean zulu, final boolean optionalMinutes)
        throws ParseError
    {
        String s = input;
        if (zulu && (s.startsWith("Z") || s.startsWith("z")))
        {
            p.setOffset(0);
            return s.substring(1);
        }
        if (s.isEmpty())
        {
            throw tooShort();
        }
        final boolean negative;
        if (s.charAt(0) == '+' || s.charAt(0) == '-' || s.charAt(0) == '\u2212')
        {
            negative = s.charAt(0) != '+';
            s = s.substring(1);
        }
        else
        {
            throw invalid();
        }
        if (s.length() < 2)
        {
            throw tooShort();
        }
        if (!isDigit(s.charAt(0)) || !isDigit(s.charAt(1)))
        {
            throw invalid();
        }
        final int hours = (s.charAt(0) - '0') * 10 + (s.charAt(1) - '0');
        s = s.substring(2);
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ':' || isWhiteSpace(s.codePointAt(i))))
        {
            i += Character.charCount(s.codePointAt(i));
        }
        s = s.substring(i);
        int minutes = 0;
        if (s.length() >= 2)
        {
            final char m1 = s.charAt(0);
            final char m2 = s.charAt(1);
            if (m1 >= '0' && m1 <= '5' && isDigit(m2))
            {
                minutes = (m1 - '0') * 10 + (m2 - '0');
            }
            else if (m1 >= '6' && m1 <= '9' && isDigit(m2))
            {
                throw outOfRange();
            }
            else
            {
                throw invalid();
            }
            s = s.substring(2);
        }
        else if (!optionalMinutes)
        {
            throw tooShort();
        }
        else if (s.length() == 1)
        {
            throw tooShort();
        }
        final int seconds = hours * 3600 + minutes * 60;
        p.setOffset(negative ? -seconds : seconds);
        return s;
    }

    /** parse_rfc3339_relaxed, for {@code %+}. */
    private static String rfc3339(final Parsed p, final String input) throws ParseError
    {
        String s = parse(p, input, List.of(num(N_YEAR, PAD_ZERO), space(""), literal("-"), num(N_MONTH, PAD_ZERO),
            space(""), literal("-"), num(N_DAY, PAD_ZERO)));
        if (s.isEmpty())
        {
            throw tooShort();
        }
        if (s.charAt(0) != 'T' && s.charAt(0) != 't' && s.charAt(0) != ' ')
        {
            throw invalid();
        }
        s = parse(p, s.substring(1), List.of(num(N_HOUR, PAD_ZERO), space(""), literal(":"), num(N_MINUTE, PAD_ZERO),
            space(""), literal(":"), num(N_SECOND, PAD_ZERO), fixed(F_NANO), space("")));
        s = trimStart(s);
        if (s.length() >= 3 && s.regionMatches(true, 0, "UTC", 0, 3))
        {
            p.setOffset(0);
            return s.substring(3);
        }
        return offset(p, s, true, false);
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }

    private static String trimStart(final String s)
    {
        int i = 0;
        while (i < s.length() && isWhiteSpace(s.codePointAt(i)))
        {
            i += Character.charCount(s.codePointAt(i));
        }
        return s.substring(i);
    }

    /** Rust's {@code char::is_whitespace} (the Unicode {@code White_Space} property). */
    static boolean isWhiteSpace(final int c)
    {
        return switch (c)
        {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200A;
        };
    }
}
