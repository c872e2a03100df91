package io.temblor.script.ast;

/**
 * Binary operators with Tremor's precedence (higher binds tighter); all are left associative. {@code or}, {@code xor}
 * and {@code and} are the boolean (short-circuit) ones.
 */
public enum BinOp
{
    /** {@code or}. */
    OR("or", 1),
    /** {@code xor}. */
    XOR("xor", 2),
    /** {@code and}. */
    AND("and", 3),
    /** {@code ^}. */
    BIT_XOR("^", 4),
    /** {@code &}. */
    BIT_AND("&", 5),
    /** {@code ==}. */
    EQ("==", 6),
    /** {@code !=}. */
    NOT_EQ("!=", 6),
    /** {@code >=}. */
    GTE(">=", 7),
    /** {@code >}. */
    GT(">", 7),
    /** {@code <=}. */
    LTE("<=", 7),
    /** {@code <}. */
    LT("<", 7),
    /** {@code >>} (arithmetic). */
    RSHIFT(">>", 8),
    /** {@code >>>} (logical). */
    RSHIFT_UNSIGNED(">>>", 8),
    /** {@code <<}. */
    LSHIFT("<<", 8),
    /** {@code +}. */
    ADD("+", 9),
    /** {@code -}. */
    SUB("-", 9),
    /** {@code *}. */
    MUL("*", 10),
    /** {@code /}. */
    DIV("/", 10),
    /** {@code %}. */
    MOD("%", 10);

    private final String symbol;
    private final int precedence;

    BinOp(final String symbol, final int precedence)
    {
        this.symbol = symbol;
        this.precedence = precedence;
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

    /**
     * Binding strength, 1 (or) to 10 (multiplicative).
     *
     * @return the precedence.
     */
    public int precedence()
    {
        return precedence;
    }

    /**
     * Whether this is one of the boolean operators {@code or}, {@code xor}, {@code and}.
     *
     * @return true for boolean operators.
     */
    public boolean isBoolean()
    {
        return precedence <= AND.precedence;
    }
}
