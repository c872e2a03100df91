package io.temblor.json;

/**
 * Status codes of the parser. Invalid input is an expected outcome, so the parser returns these (with a byte offset
 * available from the parser) instead of throwing. {@link #OK} is zero; every error is negative.
 */
public final class JsonError
{
    /** The document is valid and its tape is ready. */
    public static final int OK = 0;
    /** No JSON value in the input (empty or only whitespace). */
    public static final int EMPTY = -1;
    /** Unexpected character or structure (for example a missing comma, colon or value). */
    public static final int TAPE_ERROR = -2;
    /** Nesting deeper than the configured depth limit. */
    public static final int DEPTH_ERROR = -3;
    /** Invalid string: bad escape, unpaired surrogate escape or unescaped control character. */
    public static final int STRING_ERROR = -4;
    /** A string is not closed before the end of the input. */
    public static final int UNCLOSED_STRING = -5;
    /** Invalid number syntax or a number out of range (e.g. an infinite double). */
    public static final int NUMBER_ERROR = -6;
    /** The input is not valid UTF-8. */
    public static final int UTF8_ERROR = -7;
    /** Invalid literal where {@code true} was expected. */
    public static final int T_ATOM_ERROR = -8;
    /** Invalid literal where {@code false} was expected. */
    public static final int F_ATOM_ERROR = -9;
    /** Invalid literal where {@code null} was expected. */
    public static final int N_ATOM_ERROR = -10;
    /** Content after the end of the document's value. */
    public static final int TRAILING_CONTENT = -11;
    /** The input ended inside a value or container. */
    public static final int UNEXPECTED_END = -12;
    /** The document is larger than the parser supports (over 2 GiB or its tape over 2^31 words). */
    public static final int CAPACITY = -13;

    private JsonError()
    {
    }

    /**
     * A human readable message for a status code; returns a constant string (no allocation).
     *
     * @param code a status code.
     * @return its message.
     */
    public static String message(final int code)
    {
        return switch (code)
        {
            case OK -> "ok";
            case EMPTY -> "no JSON value in input";
            case TAPE_ERROR -> "unexpected character";
            case DEPTH_ERROR -> "nesting too deep";
            case STRING_ERROR -> "invalid string";
            case UNCLOSED_STRING -> "unclosed string";
            case NUMBER_ERROR -> "invalid number";
            case UTF8_ERROR -> "invalid UTF-8";
            case T_ATOM_ERROR -> "invalid literal (expected true)";
            case F_ATOM_ERROR -> "invalid literal (expected false)";
            case N_ATOM_ERROR -> "invalid literal (expected null)";
            case TRAILING_CONTENT -> "trailing content after JSON value";
            case UNEXPECTED_END -> "unexpected end of input";
            case CAPACITY -> "document too large";
            default -> "unknown error " + code;
        };
    }
}
