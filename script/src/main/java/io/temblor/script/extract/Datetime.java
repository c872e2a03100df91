package io.temblor.script.extract;

import io.temblor.script.error.Span;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.Values;

/**
 * {@code datetime|chrono format|}: parses the string with the format ({@link Strftime}) into nanoseconds since the
 * epoch (UTC unless the format has a zone: {@code %z}, {@code %:z}, {@code %#z}, {@code %Z}, {@code %+}). As in Tremor
 * the format is not checked when the script compiles: a bad one makes every string fail to match.
 */
final class Datetime extends Extractor
{
    private final String format;
    private final boolean zoned;

    Datetime(final Span span, final String rule)
    {
        super(span);
        this.format = rule;
        this.zoned = Strftime.hasTz(rule);
    }

    @Override
    protected boolean extract(final Env e, final String s, final int out)
    {
        final long nanos;
        try
        {
            nanos = Strftime.parse(s, format, zoned);
        }
        catch (final Strftime.ParseError | ArithmeticException ex)
        {
            return false;
        }
        if (out >= 0)
        {
            // Tremor casts the i64 nanoseconds to u64: instants before 1970 wrap around
            e.set(out, Values.unsignedHandle(nanos), nanos);
        }
        return true;
    }
}
