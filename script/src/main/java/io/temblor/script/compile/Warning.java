package io.temblor.script.compile;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Span;

/**
 * A compile warning, as Tremor's: a class ({@code performance}, {@code behaviour}, {@code consistency},
 * {@code general}), the marked source range and the message. Immutable.
 *
 * @param kind the warning class.
 * @param span the marked range.
 * @param message the text.
 */
public record Warning(String kind, Span span, String message)
{
    /**
     * Renders the warning like Tremor: {@code Warning(class): } and the source lines with a marker.
     *
     * @param source the script source.
     * @return the text.
     */
    public String render(final String source)
    {
        final String error = new CompileError(span, message).render(source);
        return "Warning(" + kind + "): " + error.substring(error.indexOf('\n'));
    }
}
