package io.temblor.script.error;

/**
 * A position in a source text: 1-based line, 1-based column counted in code points, and 0-based UTF-8 byte offset.
 *
 * @param line   line number starting at 1.
 * @param column column number starting at 1, in code points.
 * @param offset byte offset in the UTF-8 encoding of the source.
 */
public record Location(int line, int column, int offset)
{
    /**
     * The first position of every source.
     */
    public static final Location START = new Location(1, 1, 0);

    @Override
    public String toString()
    {
        return line + ":" + column;
    }
}
