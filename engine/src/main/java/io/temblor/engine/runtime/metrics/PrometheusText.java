package io.temblor.engine.runtime.metrics;

/**
 * Writes Prometheus' text exposition format (version 0.0.4): for each metric family a {@code # HELP} and a
 * {@code # TYPE} line, then its samples, {@code name{label="value",...} number}, one per line. Label values are escaped
 * as the format asks ({@code \\}, {@code \"}, {@code \n}). Not thread safe: one writer per rendering.
 */
public final class PrometheusText
{
    /** The content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out;

    /**
     * A writer appending to a buffer.
     *
     * @param out the buffer.
     */
    public PrometheusText(final StringBuilder out)
    {
        this.out = out;
    }

    /**
     * Starts a metric family; its samples follow.
     *
     * @param name the family's name.
     * @param type {@code counter}, {@code gauge} or {@code summary}.
     * @param help what it measures.
     * @return this.
     */
    public PrometheusText family(final String name, final String type, final String help)
    {
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++)
        {
            final char c = help.charAt(i);
            out.append(c == '\\' ? "\\\\" : c == '\n' ? "\\n" : String.valueOf(c));
        }
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /**
     * One sample.
     *
     * @param name the sample's name (the family's, or with {@code _sum}/{@code _count}).
     * @param labels label names and values, alternating.
     * @param value the value.
     * @return this.
     */
    public PrometheusText sample(final String name, final String[] labels, final double value)
    {
        out.append(name);
        if (labels.length > 0)
        {
            out.append('{');
            for (int i = 0; i + 1 < labels.length; i += 2)
            {
                out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"");
                escape(labels[i + 1]);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ');
        if (value == Math.rint(value) && Math.abs(value) < 1e15)
        {
            out.append((long)value);
        }
        else if (Double.isNaN(value))
        {
            out.append("NaN");
        }
        else
        {
            out.append(value);
        }
        out.append('\n');
        return this;
    }

    private void escape(final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /**
     * Label names and values, alternating, with more pairs appended.
     *
     * @param labels the first pairs.
     * @param more the pairs to add.
     * @return a new array.
     */
    public static String[] with(final String[] labels, final String... more)
    {
        final String[] all = java.util.Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }
}
