package io.temblor.script.ast;

/**
 * Unary operators: {@code +} and {@code -} bind looser than {@code not} and {@code !}, which bind looser than
 * {@code present} / {@code absent}.
 */
public enum UnaryOp
{
    /** {@code +x}. */
    PLUS("+"),
    /** {@code -x}. */
    MINUS("-"),
    /** {@code not x} (boolean). */
    NOT("not"),
    /** {@code !x} (bitwise). */
    BIT_NOT("!");

    private final String symbol;

    UnaryOp(final String symbol)
    {
        this.symbol = symbol;
    }

    /**
     * The operator as written.
     *
     * @return the symbol.
     */
    public String symbol()
    {
        return symbol;
    }
}
