package io.temblor.engine.codec;

import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Tremor's {@code syslog} codec (its parser is the {@code syslog_loose} crate): a line is parsed as RFC 5424 first and
 * as RFC 3164 when that fails; a line neither accepts becomes {@code {"protocol": "RFC3164", "msg": line}}. The record
 * holds {@code hostname}, {@code severity}, {@code facility}, {@code timestamp} (UTC nanoseconds), {@code protocol},
 * {@code protocol_version} (5424), {@code appname}, {@code msgid}, {@code structured_data}
 * ({@code {id: [{name: value}, ...]}}, raw escaped values), {@code procid} (a string) and {@code msg}, each only when
 * present. RFC 3164 dates without a year take the current year (the previous one for a December date in January),
 * in UTC. Encode writes RFC 5424 ({@code <pri>version ts host app procid msgid sd msg}, {@code -} for what is
 * missing) or, for {@code protocol: "RFC3164"}, {@code <pri>Mmm dd hh:mm:ss host app[procid]: sd msg}. Decode fails
 * only on invalid UTF-8.
 */
final class SyslogCodec extends AbstractCodec
{
    private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
        "uucp", "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clockd", "local0", "local1", "local2", "local3",
        "local4", "local5", "local6", "local7"};
    private static final String[] SEVERITIES = {"emerg", "alert", "crit", "err", "warning", "notice", "info",
        "debug"};
    private static final byte[][] FACILITY_BYTES = asciiAll(FACILITIES);
    private static final byte[][] SEVERITY_BYTES = asciiAll(SEVERITIES);
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"};
    private static final byte[] MONTH_NAMES = Text.ascii("JanFebMarAprMayJunJulAugSepOctNovDec");
    private static final byte[] K_HOSTNAME = Text.ascii("hostname");
    private static final byte[] K_SEVERITY = Text.ascii("severity");
    private static final byte[] K_FACILITY = Text.ascii("facility");
    private static final byte[] K_TIMESTAMP = Text.ascii("timestamp");
    private static final byte[] K_PROTOCOL = Text.ascii("protocol");
    private static final byte[] K_PROTOCOL_VERSION = Text.ascii("protocol_version");
    private static final byte[] K_APPNAME = Text.ascii("appname");
    private static final byte[] K_MSGID = Text.ascii("msgid");
    private static final byte[] K_STRUCTURED_DATA = Text.ascii("structured_data");
    private static final byte[] K_PROCID = Text.ascii("procid");
    private static final byte[] K_MSG = Text.ascii("msg");
    private static final byte[] RFC3164 = Text.ascii("RFC3164");
    private static final byte[] RFC5424 = Text.ascii("RFC5424");
    private static final byte[] UTC_SUFFIX = Text.ascii("+00:00");
    private static final String PREFIX = "Invalid Syslog Protocol data: ";
    private static final long NANOS = 1_000_000_000L;
    private static final int NONE = -1;

    private final LongSupplier nowNanos;
    private final Text text = new Text();
    /** Value slots: 0 record, 2 key, 4 value, 6 sd record, 8 params array, 10 param record, 12 scratch. */
    private final long[] v = new long[16];
    /** Scratch for the procid's canonical digits. */
    private final byte[] digits = new byte[12];

    // parse state: [start, end) byte ranges, NONE when absent
    private int facility;
    private int severity;
    private boolean hasTimestamp;
    private long timestamp;
    private long version;
    private boolean is5424;
    private int hostS;
    private int hostE;
    private int appS;
    private int appE;
    private int procS;
    private int procE;
    private int msgidS;
    private int msgidE;
    private int msgS;
    private int msgE;
    /** Structured data elements: id start, id end, first param, param count. */
    private int[] elements = new int[16];
    private int elementCount;
    /** Params: name start, name end, value start, value end. */
    private int[] params = new int[32];
    private int paramCount;
    /** The four 5424 header fields' ranges. */
    private final int[] fields = new int[8];
    // scratch results of the small parsers
    private int pos;
    private long number;

    SyslogCodec()
    {
        this(() -> System.currentTimeMillis() * 1_000_000L);
    }

    /** A codec whose clock (for 3164 years and 3164 encodes without a timestamp) is {@code nowNanos}. */
    SyslogCodec(final LongSupplier nowNanos)
    {
        this.nowNanos = nowNanos;
    }

    private static byte[][] asciiAll(final String[] names)
    {
        final byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++)
        {
            out[i] = Text.ascii(names[i]);
        }
        return out;
    }

    @Override
    public String name()
    {
        return "syslog";
    }

    // ---------------------------------------------------------------- decode

    @Override
    public int decode(final ValueContext ctx, final byte[] b, final int offset, final int length, final long ingestNs,
        final long[] out, final int at)
    {
        if (checkText(b, offset, length) != OK)
        {
            return ERROR;
        }
        final int end = offset + length;
        int s = offset;
        int e = end;
        while (s < e && whitespaceAt(b, s, e) > 0)
        {
            s += whitespaceAt(b, s, e);
        }
        while (e > s && whitespaceBefore(b, s, e) > 0)
        {
            e -= whitespaceBefore(b, s, e);
        }
        reset();
        if (!parse5424(b, s, e))
        {
            reset();
            if (!parse3164(b, s, e))
            {
                reset();
                msgS = offset;
                msgE = end;
            }
        }
        build(ctx, b);
        out[at] = v[0];
        out[at + 1] = 0;
        return ok();
    }

    private void reset()
    {
        facility = NONE;
        severity = NONE;
        hasTimestamp = false;
        is5424 = false;
        hostS = NONE;
        appS = NONE;
        procS = NONE;
        msgidS = NONE;
        msgS = NONE;
        elementCount = 0;
        paramCount = 0;
    }

    private void build(final ValueContext ctx, final byte[] b)
    {
        final long[] g = v;
        ctx.newRecord(11, g, 0);
        putString(ctx, K_HOSTNAME, b, hostS, hostE);
        if (severity != NONE)
        {
            putString(ctx, K_SEVERITY, SEVERITY_BYTES[severity], 0, SEVERITY_BYTES[severity].length);
        }
        if (facility != NONE)
        {
            putString(ctx, K_FACILITY, FACILITY_BYTES[facility], 0, FACILITY_BYTES[facility].length);
        }
        if (hasTimestamp)
        {
            ctx.newString(K_TIMESTAMP, 0, K_TIMESTAMP.length, g, 2);
            ctx.append(g[0], g[2], Values.INT, timestamp, g, 0);
        }
        final byte[] protocol = is5424 ? RFC5424 : RFC3164;
        putString(ctx, K_PROTOCOL, protocol, 0, protocol.length);
        if (is5424)
        {
            ctx.newString(K_PROTOCOL_VERSION, 0, K_PROTOCOL_VERSION.length, g, 2);
            ctx.append(g[0], g[2], Values.INT, version, g, 0);
        }
        putString(ctx, K_APPNAME, b, appS, appE);
        putString(ctx, K_MSGID, b, msgidS, msgidE);
        if (elementCount > 0)
        {
            ctx.newRecord(elementCount, g, 6);
            for (int i = 0; i < elementCount; i++)
            {
                final int first = elements[4 * i + 2];
                final int count = elements[4 * i + 3];
                ctx.newArray(count, g, 8);
                for (int j = first; j < first + count; j++)
                {
                    ctx.newRecord(1, g, 10);
                    ctx.newString(b, params[4 * j], params[4 * j + 1] - params[4 * j], g, 2);
                    ctx.newString(b, params[4 * j + 2], params[4 * j + 3] - params[4 * j + 2], g, 4);
                    // Tremor inserts: a repeated name keeps its place and takes the last value
                    ctx.put(g[10], g[2], g[4], g[5], g, 10);
                    ctx.push(g[8], g[10], g[11], g, 8);
                }
                ctx.newString(b, elements[4 * i], elements[4 * i + 1] - elements[4 * i], g, 2);
                ctx.put(g[6], g[2], g[8], g[9], g, 6);
            }
            ctx.newString(K_STRUCTURED_DATA, 0, K_STRUCTURED_DATA.length, g, 2);
            ctx.append(g[0], g[2], g[6], g[7], g, 0);
        }
        if (procS != NONE)
        {
            final int n = canonicalPid(b, procS, procE);
            if (n > 0)
            {
                putString(ctx, K_PROCID, digits, 0, n);
            }
            else
            {
                putString(ctx, K_PROCID, b, procS, procE);
            }
        }
        if (msgS != NONE && msgE > msgS)
        {
            putString(ctx, K_MSG, b, msgS, msgE);
        }
    }

    private void putString(final ValueContext ctx, final byte[] key, final byte[] b, final int s, final int e)
    {
        if (s == NONE)
        {
            return;
        }
        final long[] g = v;
        ctx.newString(key, 0, key.length, g, 2);
        ctx.newString(b, s, e - s, g, 4);
        ctx.append(g[0], g[2], g[4], g[5], g, 0);
    }

    /** A procid that reads as an i32 becomes its canonical digits (returns their count), else 0. */
    private int canonicalPid(final byte[] b, final int s, final int e)
    {
        int p = s;
        final boolean negative = p < e && b[p] == '-';
        if (p < e && (b[p] == '-' || b[p] == '+'))
        {
            p++;
        }
        if (p == e)
        {
            return 0;
        }
        long value = 0;
        for (; p < e; p++)
        {
            final int d = b[p] - '0';
            if (d < 0 || d > 9)
            {
                return 0;
            }
            value = value * 10 + d;
            if (value > 2147483648L)
            {
                return 0;
            }
        }
        if (negative)
        {
            value = -value;
        }
        if (value > Integer.MAX_VALUE)
        {
            return 0;
        }
        int n = 0;
        if (value < 0)
        {
            digits[n++] = '-';
            value = -value;
        }
        long div = 1;
        while (div * 10 <= value)
        {
            div *= 10;
        }
        for (; div > 0; div /= 10)
        {
            digits[n++] = (byte)('0' + value / div % 10);
        }
        return n;
    }

    /** Byte length of the UTF-8 character starting with {@code lead}. */
    private static int charLength(final byte lead)
    {
        final int c = lead & 0xFF;
        if (c < 0x80)
        {
            return 1;
        }
        if (c < 0xE0)
        {
            return 2;
        }
        return c < 0xF0 ? 3 : 4;
    }

    /** {@code <digits>} fitting a byte, or nothing (then pos is unchanged). */
    private void pri(final byte[] b, final int s, final int e)
    {
        pos = s;
        if (s < e && b[s] == '<' && digits(b, s + 1, e, 255) && pos < e && b[pos] == '>')
        {
            facility = (int)(number >> 3) < FACILITIES.length ? (int)(number >> 3) : NONE;
            severity = (int)(number & 7);
            pos++;
            return;
        }
        pos = s;
    }

    /** One or more ASCII digits with a value at most {@code max}: sets pos after them and number. */
    private boolean digits(final byte[] b, final int s, final int e, final long max)
    {
        int p = s;
        long value = 0;
        while (p < e && b[p] >= '0' && b[p] <= '9')
        {
            value = value * 10 + b[p] - '0';
            if (value > max)
            {
                return false;
            }
            p++;
        }
        if (p == s)
        {
            return false;
        }
        pos = p;
        number = value;
        return true;
    }

    private static int spaces(final byte[] b, final int s, final int e)
    {
        int p = s;
        while (p < e && (b[p] == ' ' || b[p] == '\t'))
        {
            p++;
        }
        return p;
    }

    /** A field up to whitespace (and ':' unless allowed): its end, or {@code s} when empty. */
    private static int field(final byte[] b, final int s, final int e, final boolean colons)
    {
        int p = s;
        while (p < e && whitespaceAt(b, p, e) == 0 && (colons || b[p] != ':'))
        {
            p++;
        }
        return p;
    }

    private static boolean isDash(final byte[] b, final int s, final int e)
    {
        return e - s == 1 && b[s] == '-';
    }

    private boolean parse5424(final byte[] b, final int s, final int e)
    {
        pri(b, s, e);
        if (!digits(b, pos, e, 0xFFFF_FFFFL))
        {
            return false;
        }
        version = number;
        int p = spaces(b, pos, e);
        if (p == pos)
        {
            return false;
        }
        final int space = Text.indexOf(b, p, e, ' ');
        if (space < 0 || !rfc3339(b, p, space))
        {
            return false;
        }
        p = spaces(b, space, e);
        final int[] ranges = fields;
        for (int f = 0; f < 4; f++)
        {
            if (f > 0)
            {
                final int q = spaces(b, p, e);
                if (q == p)
                {
                    return false;
                }
                p = q;
            }
            final int q = field(b, p, e, f == 1);
            if (q == p)
            {
                return false;
            }
            ranges[2 * f] = isDash(b, p, q) ? NONE : p;
            ranges[2 * f + 1] = q;
            p = q;
        }
        p = spaces(b, p, e);
        if (p < e && b[p] == '-')
        {
            p++;
        }
        else if (!structuredData(b, p, e, true))
        {
            return false;
        }
        else
        {
            p = pos;
        }
        is5424 = true;
        hostS = ranges[0];
        hostE = ranges[1];
        appS = ranges[2];
        appE = ranges[3];
        procS = ranges[4];
        procE = ranges[5];
        msgidS = ranges[6];
        msgidE = ranges[7];
        msgS = spaces(b, p, e);
        msgE = e;
        return true;
    }

    private boolean parse3164(final byte[] b, final int s, final int e)
    {
        pri(b, s, e);
        final int t = spaces(b, pos, e);
        if (!timestamp3164(b, t, e))
        {
            return false;
        }
        int p = pos;
        // two optional fields: -1 absent, else start (with end), dash flagged
        int f1s = NONE;
        int f1e = NONE;
        int f2s = NONE;
        int f2e = NONE;
        int q = spaces(b, p, e);
        int r = field(b, q, e, false);
        if (q > p && r > q)
        {
            f1s = q;
            f1e = r;
            p = r;
            q = spaces(b, p, e);
            r = field(b, q, e, false);
            if (q > p && r > q)
            {
                f2s = q;
                f2e = r;
                p = r;
            }
        }
        resolveHostAndTag(b, f1s, f1e, f2s, f2e);
        p = spaces(b, p, e);
        if (p < e && b[p] == ':')
        {
            p++;
        }
        p = spaces(b, p, e);
        if (p < e && b[p] == '-')
        {
            p++;
        }
        else if (structuredData(b, p, e, false))
        {
            p = pos;
        }
        else
        {
            elementCount = 0;
            paramCount = 0;
        }
        msgS = spaces(b, p, e);
        msgE = e;
        return true;
    }

    private void resolveHostAndTag(final byte[] b, final int f1s, final int f1e, final int f2s, final int f2e)
    {
        if (f1s == NONE)
        {
            return;
        }
        final boolean dash1 = isDash(b, f1s, f1e);
        if (f2s != NONE)
        {
            if (isDash(b, f2s, f2e))
            {
                return;
            }
            if (!dash1)
            {
                hostS = f1s;
                hostE = f1e;
            }
            if (!systag(b, f2s, f2e))
            {
                appS = f2s;
                appE = f2e;
            }
            return;
        }
        if (!dash1 && !systag(b, f1s, f1e))
        {
            hostS = f1s;
            hostE = f1e;
        }
    }

    /** {@code app[procid]} filling the whole field: sets appname and procid. */
    private boolean systag(final byte[] b, final int s, final int e)
    {
        final int open = Text.indexOf(b, s, e, '[');
        if (open < 0 || e - open < 3 || b[e - 1] != ']' || Text.indexOf(b, open + 1, e, ']') != e - 1)
        {
            return false;
        }
        appS = s;
        appE = open;
        procS = open + 1;
        procE = e - 1;
        return true;
    }

    /**
     * One or more {@code [id name="value" ...]} elements from {@code s}; pos is set after them. 5424 skips an
     * element it cannot read (up to the next {@code ]}) and keeps one without params; 3164 fails on either.
     */
    private boolean structuredData(final byte[] b, final int s, final int e, final boolean loose)
    {
        int p = s;
        int read = 0;
        while (p < e && b[p] == '[')
        {
            final int mark = paramCount;
            final int elementMark = elementCount;
            if (element(b, p, e) && (loose || paramCount > mark))
            {
                p = pos;
            }
            else
            {
                paramCount = mark;
                elementCount = elementMark;
                final int close = loose ? Text.indexOf(b, p + 1, e, ']') : -1;
                if (close < 0)
                {
                    break;
                }
                p = close + 1;
            }
            read++;
        }
        pos = p;
        return read > 0;
    }

    private boolean element(final byte[] b, final int s, final int e)
    {
        int p = s + 1;
        final int idStart = p;
        while (p < e && whitespaceAt(b, p, e) == 0 && b[p] != ']' && b[p] != '=')
        {
            p++;
        }
        if (p == idStart)
        {
            return false;
        }
        final int idEnd = p;
        final int first = paramCount;
        p = spaces(b, p, e);
        if (param(b, p, e))
        {
            p = pos;
            while (p < e && b[p] == ' ' && param(b, p + 1, e))
            {
                p = pos;
            }
        }
        if (p >= e || b[p] != ']')
        {
            return false;
        }
        if (elementCount * 4 + 4 > elements.length)
        {
            elements = Arrays.copyOf(elements, elements.length * 2);
        }
        final int i = 4 * elementCount++;
        elements[i] = idStart;
        elements[i + 1] = idEnd;
        elements[i + 2] = first;
        elements[i + 3] = paramCount - first;
        pos = p + 1;
        return true;
    }

    private boolean param(final byte[] b, final int s, final int e)
    {
        int p = s;
        while (p < e && b[p] != ']' && b[p] != '=')
        {
            p++;
        }
        if (p == s || p >= e || b[p] != '=')
        {
            return false;
        }
        final int nameEnd = p;
        p = spaces(b, p + 1, e);
        if (p >= e || b[p] != '"')
        {
            return false;
        }
        final int valueStart = p + 1;
        int valueEnd;
        if (valueStart < e && b[valueStart] == '"')
        {
            valueEnd = valueStart;
            p = valueStart + 1;
        }
        else
        {
            p = valueStart;
            while (p < e && b[p] != '"')
            {
                if (b[p] == '\\')
                {
                    if (p + 1 >= e)
                    {
                        return false;
                    }
                    p += 1 + charLength(b[p + 1]);
                }
                else
                {
                    p++;
                }
            }
            if (p >= e)
            {
                return false;
            }
            valueEnd = p;
            p++;
        }
        if (paramCount * 4 + 4 > params.length)
        {
            params = Arrays.copyOf(params, params.length * 2);
        }
        final int i = 4 * paramCount++;
        params[i] = s;
        params[i + 1] = nameEnd;
        params[i + 2] = valueStart;
        params[i + 3] = valueEnd;
        pos = p;
        return true;
    }

    // ---------------------------------------------------------------- timestamps

    /** RFC 3339 filling {@code [s, e)} exactly, as chrono's {@code parse_from_rfc3339}; sets the timestamp. */
    private boolean rfc3339(final byte[] b, final int s, final int e)
    {
        if (e - s < 20 || !fixed(b, s, 4) || b[s + 4] != '-' || !fixed(b, s + 5, 2) || b[s + 7] != '-' ||
            !fixed(b, s + 8, 2) || (b[s + 10] != 'T' && b[s + 10] != 't') || !fixed(b, s + 11, 2) ||
            b[s + 13] != ':' || !fixed(b, s + 14, 2) || b[s + 16] != ':' || !fixed(b, s + 17, 2))
        {
            return false;
        }
        final int year = num(b, s, 4);
        final int month = num(b, s + 5, 2);
        final int day = num(b, s + 8, 2);
        final int hour = num(b, s + 11, 2);
        final int minute = num(b, s + 14, 2);
        final int second = num(b, s + 17, 2);
        if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 ||
            second > 60)
        {
            return false;
        }
        int p = s + 19;
        long frac = 0;
        if (b[p] == '.')
        {
            p++;
            final int from = p;
            long scale = 100_000_000L;
            while (p < e && b[p] >= '0' && b[p] <= '9')
            {
                frac += (b[p] - '0') * scale;
                scale /= 10;
                p++;
            }
            if (p == from)
            {
                return false;
            }
        }
        int offsetSeconds;
        if (p < e && (b[p] == 'Z' || b[p] == 'z'))
        {
            offsetSeconds = 0;
            p++;
        }
        else if (e - p == 6 && (b[p] == '+' || b[p] == '-') && fixed(b, p + 1, 2) && b[p + 3] == ':' &&
            fixed(b, p + 4, 2))
        {
            final int oh = num(b, p + 1, 2);
            final int om = num(b, p + 4, 2);
            if (oh > 23 || om > 59)
            {
                return false;
            }
            offsetSeconds = (b[p] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
            p += 6;
        }
        else
        {
            return false;
        }
        if (p != e)
        {
            return false;
        }
        final long secs = daysFromCivil(year, month, day) * 86400L + hour * 3600L + minute * 60L + second -
            offsetSeconds;
        setTimestamp(secs, frac);
        return true;
    }

    private void setTimestamp(final long secs, final long frac)
    {
        hasTimestamp = secs >= -9_223_372_036L && secs <= 9_223_372_036L &&
            secs * NANOS <= Long.MAX_VALUE - frac;
        timestamp = hasTimestamp ? secs * NANOS + frac : 0;
    }

    /** {@code Mmm d hh:mm:ss}, {@code Mmm d yyyy hh:mm:ss} or RFC 3339 up to a space; sets pos and the timestamp. */
    private boolean timestamp3164(final byte[] b, final int s, final int e)
    {
        final int month = month(b, s, e);
        if (month > 0)
        {
            if (dateTime3164(b, s + 3, e, month, false) || dateTime3164(b, s + 3, e, month, true))
            {
                return true;
            }
        }
        final int space = Text.indexOf(b, s, e, ' ');
        if (space >= 0 && rfc3339(b, s, space))
        {
            pos = space;
            return true;
        }
        return false;
    }

    private boolean dateTime3164(final byte[] b, final int s, final int e, final int month, final boolean withYear)
    {
        int p = spaces(b, s, e);
        if (p == s || !digits(b, p, e, 0xFFFF_FFFFL))
        {
            return false;
        }
        final long day = number;
        long year = 0;
        int q = spaces(b, pos, e);
        if (q == pos)
        {
            return false;
        }
        if (withYear)
        {
            if (!digits(b, q, e, Integer.MAX_VALUE))
            {
                return false;
            }
            year = number;
            p = pos;
            q = spaces(b, p, e);
            if (q == p)
            {
                return false;
            }
        }
        if (!digits(b, q, e, 0xFFFF_FFFFL) || pos >= e || b[pos] != ':')
        {
            return false;
        }
        final long hour = number;
        if (!digits(b, pos + 1, e, 0xFFFF_FFFFL) || pos >= e || b[pos] != ':')
        {
            return false;
        }
        final long minute = number;
        if (!digits(b, pos + 1, e, 0xFFFF_FFFFL))
        {
            return false;
        }
        final long second = number;
        if (pos < e && b[pos] == ':')
        {
            pos++;
        }
        if (!withYear)
        {
            final long now = nowNanos.getAsLong();
            final long nowDays = Math.floorDiv(now, NANOS * 86400L);
            final int nowYear = yearOf(nowDays);
            final int nowMonth = monthOf(nowDays);
            year = nowMonth == 1 && month == 12 ? nowYear - 1 : nowYear;
        }
        if (year > 262_143 || day < 1 || day > daysIn((int)year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        setTimestamp(daysFromCivil((int)year, month, (int)day) * 86400L + hour * 3600 + minute * 60 + second, 0);
        return true;
    }

    /** A three letter month name (any case): 1 to 12, else 0. */
    private static int month(final byte[] b, final int s, final int e)
    {
        if (e - s < 3)
        {
            return 0;
        }
        for (int m = 0; m < 12; m++)
        {
            final String name = MONTHS[m];
            if ((b[s] | 0x20) == name.charAt(0) && (b[s + 1] | 0x20) == name.charAt(1) &&
                (b[s + 2] | 0x20) == name.charAt(2))
            {
                return m + 1;
            }
        }
        return 0;
    }

    private static boolean fixed(final byte[] b, final int s, final int n)
    {
        for (int i = s; i < s + n; i++)
        {
            if (b[i] < '0' || b[i] > '9')
            {
                return false;
            }
        }
        return true;
    }

    private static int num(final byte[] b, final int s, final int n)
    {
        int value = 0;
        for (int i = s; i < s + n; i++)
        {
            value = value * 10 + b[i] - '0';
        }
        return value;
    }

    private static boolean leap(final long y)
    {
        return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    }

    private static int daysIn(final int year, final int month)
    {
        return switch (month)
        {
            case 2 -> leap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm). */
    private static long daysFromCivil(final long year, final int month, final int day)
    {
        final long y = month <= 2 ? year - 1 : year;
        final long era = Math.floorDiv(y, 400);
        final long yoe = y - era * 400;
        final long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        final long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /** Packs year, month and day of a day number as {@code year * 10000 + month * 100 + day}. */
    private static long civil(final long days)
    {
        final long z = days + 719468;
        final long era = Math.floorDiv(z, 146097);
        final long doe = z - era * 146097;
        final long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final long d = doy - (153 * mp + 2) / 5 + 1;
        final long m = mp < 10 ? mp + 3 : mp - 9;
        final long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        return y * 10000 + m * 100 + d;
    }

    private static int yearOf(final long days)
    {
        return (int)Math.floorDiv(civil(days), 10000);
    }

    private static int monthOf(final long days)
    {
        return (int)(Math.floorMod(civil(days), 10000) / 100);
    }

    // ---------------------------------------------------------------- whitespace (Rust's char::is_whitespace)

    /** Byte length of the whitespace character at {@code i}, 0 when it is not one. */
    private static int whitespaceAt(final byte[] b, final int i, final int e)
    {
        final int c = b[i] & 0xFF;
        if (c == ' ' || (c >= 0x09 && c <= 0x0D))
        {
            return 1;
        }
        if (c < 0x80)
        {
            return 0;
        }
        if (c == 0xC2 && i + 1 < e)
        {
            final int d = b[i + 1] & 0xFF;
            return d == 0x85 || d == 0xA0 ? 2 : 0;
        }
        if (i + 2 < e)
        {
            final int cp = (c & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | (b[i + 2] & 0x3F);
            if (c >= 0xE0 && c < 0xF0 && isWideSpace(cp))
            {
                return 3;
            }
        }
        return 0;
    }

    private static boolean isWideSpace(final int cp)
    {
        return cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
            cp == 0x205F || cp == 0x3000;
    }

    /** Byte length of the whitespace character ending at {@code e}, 0 when it is not one. */
    private static int whitespaceBefore(final byte[] b, final int s, final int e)
    {
        if (whitespaceAt(b, e - 1, e) == 1)
        {
            return 1;
        }
        if (e - 2 >= s && whitespaceAt(b, e - 2, e) == 2)
        {
            return 2;
        }
        if (e - 3 >= s && whitespaceAt(b, e - 3, e) == 3)
        {
            return 3;
        }
        return 0;
    }

    // ---------------------------------------------------------------- encode

    @Override
    public int encode(final ValueContext ctx, final long handle, final long bits, final ByteSink sink)
    {
        final long start = sink.position();
        return rollBackUnlessOk(sink, start, write(ctx, handle, sink));
    }

    private boolean isRecord(final long handle)
    {
        return Values.type(handle) == ValueDescriptor.TYPE_RECORD;
    }

    /** The field as a string into v[at]. */
    private boolean string(final ValueContext ctx, final long record, final byte[] key, final int at)
    {
        return isRecord(record) && ctx.get(record, key, v, at) && Values.type(v[at]) == ValueDescriptor.TYPE_STRING;
    }

    /** The field as an i64 into v[at + 1]. */
    private boolean i64(final ValueContext ctx, final long record, final byte[] key, final int at)
    {
        if (!isRecord(record) || !ctx.get(record, key, v, at))
        {
            return false;
        }
        final int type = Values.type(v[at]);
        return type == ValueDescriptor.TYPE_INT || (type == ValueDescriptor.TYPE_UINT && v[at + 1] >= 0);
    }

    private static int indexOf(final ValueContext ctx, final long s, final byte[][] names)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (ctx.stringEquals(s, names[i]))
            {
                return i;
            }
        }
        return NONE;
    }

    private int write(final ValueContext ctx, final long handle, final ByteSink sink)
    {
        final boolean hasProtocol = string(ctx, handle, K_PROTOCOL, 12);
        final long protocol = v[12];
        boolean hasVersion = i64(ctx, handle, K_PROTOCOL_VERSION, 12);
        final long versionBits = v[13];
        hasVersion = hasVersion && versionBits >= 0 && versionBits <= 0xFFFF_FFFFL;
        if (hasProtocol && ctx.stringEquals(protocol, RFC3164))
        {
            return write3164(ctx, handle, sink);
        }
        if (hasProtocol && ctx.stringEquals(protocol, RFC5424))
        {
            return hasVersion ? write5424(ctx, handle, versionBits, sink) : fail(PREFIX + "Missing protocol version",
                -1);
        }
        if (hasProtocol)
        {
            return fail(PREFIX + "Invalid protocol type", -1);
        }
        if (hasVersion)
        {
            return fail(PREFIX + "Missing protocol type", -1);
        }
        return write5424(ctx, handle, 1, sink);
    }

    private int write5424(final ValueContext ctx, final long handle, final long protocolVersion, final ByteSink sink)
    {
        if (!string(ctx, handle, K_FACILITY, 12))
        {
            return fail(PREFIX + "facility missing", -1);
        }
        final long f = v[12];
        if (!string(ctx, handle, K_SEVERITY, 12))
        {
            return fail(PREFIX + "severity missing", -1);
        }
        final long s = v[12];
        final int fi = indexOf(ctx, f, FACILITY_BYTES);
        if (fi == NONE)
        {
            return fail(PREFIX + "invalid facility", -1);
        }
        final int si = indexOf(ctx, s, SEVERITY_BYTES);
        if (si == NONE)
        {
            return fail(PREFIX + "invalid severity", -1);
        }
        sink.writeByte('<');
        text.writeLong(fi * 8L + si, sink);
        sink.writeByte('>');
        text.writeLong(protocolVersion, sink);
        sink.writeByte(' ');
        if (i64(ctx, handle, K_TIMESTAMP, 12))
        {
            writeRfc3339(v[13], sink);
        }
        else
        {
            sink.writeByte('-');
        }
        writeField(ctx, handle, K_HOSTNAME, sink);
        writeField(ctx, handle, K_APPNAME, sink);
        writeField(ctx, handle, K_PROCID, sink);
        writeField(ctx, handle, K_MSGID, sink);
        sink.writeByte(' ');
        if (ctx.get(handle, K_STRUCTURED_DATA, v, 12))
        {
            if (writeSd(ctx, v[12], sink) != OK)
            {
                return ERROR;
            }
        }
        else
        {
            sink.writeByte('-');
        }
        writeMsg(ctx, handle, sink);
        return ok();
    }

    private void writeField(final ValueContext ctx, final long handle, final byte[] key, final ByteSink sink)
    {
        sink.writeByte(' ');
        if (string(ctx, handle, key, 12))
        {
            text.writeString(ctx, v[12], sink);
        }
        else
        {
            sink.writeByte('-');
        }
    }

    private void writeMsg(final ValueContext ctx, final long handle, final ByteSink sink)
    {
        if (string(ctx, handle, K_MSG, 12))
        {
            sink.writeByte(' ');
            text.writeString(ctx, v[12], sink);
        }
    }

    private int write3164(final ValueContext ctx, final long handle, final ByteSink sink)
    {
        long pri = 13;
        if (string(ctx, handle, K_FACILITY, 12))
        {
            final long f = v[12];
            if (string(ctx, handle, K_SEVERITY, 12))
            {
                final int fi = indexOf(ctx, f, FACILITY_BYTES);
                if (fi == NONE)
                {
                    return fail(PREFIX + "invalid facility", -1);
                }
                final int si = indexOf(ctx, v[12], SEVERITY_BYTES);
                if (si == NONE)
                {
                    return fail(PREFIX + "invalid severity", -1);
                }
                pri = fi * 8L + si;
            }
        }
        final long nanos = i64(ctx, handle, K_TIMESTAMP, 12) ? v[13] : nowNanos.getAsLong();
        sink.writeByte('<');
        text.writeLong(pri, sink);
        sink.writeByte('>');
        final long secs = Math.floorDiv(nanos, NANOS);
        final long days = Math.floorDiv(secs, 86400L);
        final long tod = secs - days * 86400L;
        final long ymd = civil(days);
        final int month = (int)(Math.floorMod(ymd, 10000) / 100);
        final int day = (int)(Math.floorMod(ymd, 100));
        sink.write(MONTH_NAMES, 3 * (month - 1), 3);
        sink.writeByte(' ');
        sink.writeByte(day < 10 ? ' ' : '0' + day / 10);
        sink.writeByte('0' + day % 10);
        sink.writeByte(' ');
        writeTime(tod, sink);
        writeField(ctx, handle, K_HOSTNAME, sink);
        sink.writeByte(' ');
        if (string(ctx, handle, K_APPNAME, 12))
        {
            text.writeString(ctx, v[12], sink);
            if (string(ctx, handle, K_PROCID, 12))
            {
                sink.writeByte('[');
                text.writeString(ctx, v[12], sink);
                sink.writeByte(']');
            }
        }
        sink.writeByte(':');
        if (ctx.get(handle, K_STRUCTURED_DATA, v, 12))
        {
            sink.writeByte(' ');
            if (writeSd(ctx, v[12], sink) != OK)
            {
                return ERROR;
            }
        }
        writeMsg(ctx, handle, sink);
        return ok();
    }

    private int writeSd(final ValueContext ctx, final long sd, final ByteSink sink)
    {
        if (!isRecord(sd))
        {
            return fail(PREFIX + "Invalid structured data: structured data not an object", -1);
        }
        for (int i = ctx.first(sd); i >= 0; i = ctx.next(sd, i))
        {
            sink.writeByte('[');
            ctx.entryKey(sd, i, v, 12);
            text.writeString(ctx, v[12], sink);
            ctx.entryValue(sd, i, v, 12);
            final long list = v[12];
            if (Values.type(list) != ValueDescriptor.TYPE_ARRAY)
            {
                return fail(PREFIX + "Invalid structured data: params not an array of objects", -1);
            }
            for (int j = ctx.first(list); j >= 0; j = ctx.next(list, j))
            {
                ctx.entryValue(list, j, v, 14);
                final long kv = v[14];
                if (!isRecord(kv))
                {
                    return fail(PREFIX + "Invalid structured data: param's key value pair not an object", -1);
                }
                for (int k = ctx.first(kv); k >= 0; k = ctx.next(kv, k))
                {
                    ctx.entryValue(kv, k, v, 12);
                    if (Values.type(v[12]) != ValueDescriptor.TYPE_STRING)
                    {
                        return fail(PREFIX + "Invalid structured data: param's key value pair not an object", -1);
                    }
                    sink.writeByte(' ');
                    ctx.entryKey(kv, k, v, 10);
                    text.writeString(ctx, v[10], sink);
                    sink.writeByte('=');
                    sink.writeByte('"');
                    text.writeString(ctx, v[12], sink);
                    sink.writeByte('"');
                }
            }
            sink.writeByte(']');
        }
        return OK;
    }

    private static void two(final long n, final ByteSink sink)
    {
        sink.writeByte((int)('0' + n / 10));
        sink.writeByte((int)('0' + n % 10));
    }

    private static void writeTime(final long tod, final ByteSink sink)
    {
        two(tod / 3600, sink);
        sink.writeByte(':');
        two(tod / 60 % 60, sink);
        sink.writeByte(':');
        two(tod % 60, sink);
    }

    /** chrono's {@code to_rfc3339} of a UTC time: 0, 3, 6 or 9 fraction digits and {@code +00:00}. */
    private void writeRfc3339(final long nanos, final ByteSink sink)
    {
        final long secs = Math.floorDiv(nanos, NANOS);
        final long frac = nanos - secs * NANOS;
        final long days = Math.floorDiv(secs, 86400L);
        final long ymd = civil(days);
        final long year = Math.floorDiv(ymd, 10000);
        two(year / 100, sink);
        two(year % 100, sink);
        sink.writeByte('-');
        two(Math.floorMod(ymd, 10000) / 100, sink);
        sink.writeByte('-');
        two(Math.floorMod(ymd, 100), sink);
        sink.writeByte('T');
        writeTime(secs - days * 86400L, sink);
        if (frac != 0)
        {
            sink.writeByte('.');
            long value = frac;
            int n = 9;
            if (frac % 1_000_000 == 0)
            {
                value = frac / 1_000_000;
                n = 3;
            }
            else if (frac % 1_000 == 0)
            {
                value = frac / 1_000;
                n = 6;
            }
            long div = 1;
            for (int i = 1; i < n; i++)
            {
                div *= 10;
            }
            for (; div > 0; div /= 10)
            {
                sink.writeByte((int)('0' + value / div % 10));
            }
        }
        sink.write(UTC_SUFFIX, 0, UTC_SUFFIX.length);
    }
}
