package io.temblor.script.lexer;

import java.util.List;

import io.temblor.script.error.Span;

/**
 * One token with its source span. {@code text} is what Tremor prints for the token in error messages and carries
 * the payload of names and strings: the identifier's name, the (unescaped) string piece, the float's literal text,
 * the comment's text. {@code bits} holds an {@link TokenKind#INT}'s value (unsigned 64 bit), a
 * {@link TokenKind#FLOAT}'s raw double bits or a {@link TokenKind#BOOL} as 0/1. {@code lines} holds an extractor's
 * lines with the common indentation removed.
 *
 * @param kind   the token kind.
 * @param span   where the token is.
 * @param text   display text / payload.
 * @param bits   numeric payload.
 * @param quoted for identifiers: written in back ticks.
 * @param lines  for extractors: the lines of the body; otherwise empty.
 */
public record Token(TokenKind kind, Span span, String text, long bits, boolean quoted, List<String> lines)
{
    /**
     * A token without payload.
     *
     * @param kind the kind.
     * @param span where.
     * @param text the display text.
     * @return the token.
     */
    public static Token of(final TokenKind kind, final Span span, final String text)
    {
        return new Token(kind, span, text, 0, false, List.of());
    }

    /**
     * The float value of a {@link TokenKind#FLOAT} token.
     *
     * @return the value.
     */
    public double doubleValue()
    {
        return Double.longBitsToDouble(bits);
    }

    /**
     * The text Tremor shows for this token when it reports it as unexpected.
     *
     * @return the display text.
     */
    public String display()
    {
        return switch (kind)
        {
            case IDENT -> quoted ? "`" + text + "`" : text;
            case INT -> Long.toUnsignedString(bits);
            case HEREDOC_START, HEREDOC_END -> "\"\"\"";
            case DOC_COMMENT -> "##" + text;
            case MOD_COMMENT -> "###" + text;
            case EOF -> "";
            default -> text;
        };
    }
}
