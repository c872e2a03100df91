package io.temblor.script.error;

/**
 * A half-open range of source text from {@code start} (inclusive) to {@code end} (exclusive).
 *
 * @param start first position covered.
 * @param end   position just past the range.
 */
public record Span(Location start, Location end)
{
    /**
     * A span covering both {@code this} and {@code other}, assuming {@code this} starts first.
     *
     * @param other the later span.
     * @return the joined span.
     */
    public Span to(final Span other)
    {
        return new Span(start, other.end);
    }

    @Override
    public String toString()
    {
        return start + "-" + end;
    }
}
