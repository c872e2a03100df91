package io.temblor.script.lexer;

import java.util.HashMap;
import java.util.Map;

/**
 * Every kind of token of tremor-script, trickle and troy. Each kind carries its name in Tremor's grammar, which is
 * what error messages list (and sort by) as expected tokens.
 */
public enum TokenKind
{
    // literals and names
    /** An identifier, plain or quoted in back ticks. */
    IDENT("<ident>"),
    /** An integer literal (64 bit, unsigned in the token). */
    INT("int"),
    /** A float literal. */
    FLOAT("float"),
    /** {@code true} or {@code false}. */
    BOOL("bool"),
    /** A piece of text inside a {@code "..."} string. */
    STRING("string"),
    /** A piece of text inside a heredoc. */
    HEREDOC("heredoc"),
    /** The opening {@code """} of a heredoc. */
    HEREDOC_START("heredoc_start"),
    /** The closing {@code """} of a heredoc. */
    HEREDOC_END("heredoc_end"),
    /** The {@code |...|} body of an extractor. */
    EXTRACTOR("<extractor>"),
    /** A {@code ###} module comment. */
    MOD_COMMENT("<mod-comment>"),
    /** A {@code ##} doc comment. */
    DOC_COMMENT("<doc-comment>"),
    /** A {@code #!config} directive. */
    CONFIG_DIRECTIVE("#!config"),
    /** A character sequence that is no token ({@code :::}, {@code #!}, a stray character). */
    BAD("<error>"),
    /** The end of the input. */
    EOF("<eof>"),

    // symbols
    /** {@code "}. */
    DQUOTE("\""),
    /** {@code \#} inside a string. */
    ESCAPED_HASH("\\#"),
    /** <code>#{</code> opening an interpolation. */
    INTERPOL("#{"),
    /** {@code .}. */
    DOT("."),
    /** {@code ;}. */
    SEMI(";"),
    /** {@code ::}. */
    COLON_COLON("::"),
    /** {@code :}. */
    COLON(":"),
    /** {@code ,}. */
    COMMA(","),
    /** {@code =}. */
    EQ("="),
    /** {@code _}. */
    DONT_CARE("_"),
    /** {@code ==}. */
    EQ_EQ("=="),
    /** {@code !=}. */
    NOT_EQ("!="),
    /** <code>{</code>. */
    LBRACE("{"),
    /** <code>}</code>. */
    RBRACE("}"),
    /** {@code (}. */
    LPAREN("("),
    /** {@code )}. */
    RPAREN(")"),
    /** {@code $}. */
    DOLLAR("$"),
    /** {@code =>}. */
    EQ_ARROW("=>"),
    /** {@code [}. */
    LBRACKET("["),
    /** {@code ]}. */
    RBRACKET("]"),
    /** {@code >=}. */
    GTE(">="),
    /** {@code >}. */
    GT(">"),
    /** {@code <=}. */
    LTE("<="),
    /** {@code <}. */
    LT("<"),
    /** {@code >>}. */
    RSHIFT(">>"),
    /** {@code >>>}. */
    RSHIFT_UNSIGNED(">>>"),
    /** {@code <<}. */
    LSHIFT("<<"),
    /** {@code !}. */
    BIT_NOT("!"),
    /** {@code ^}. */
    BIT_XOR("^"),
    /** {@code &}. */
    BIT_AND("&"),
    /** {@code +}. */
    ADD("+"),
    /** {@code -}. */
    SUB("-"),
    /** {@code *}. */
    MUL("*"),
    /** {@code /}. */
    DIV("/"),
    /** {@code %}. */
    MOD("%"),
    /** {@code %(}. */
    LPAT_PAREN("%("),
    /** {@code %[}. */
    LPAT_BRACKET("%["),
    /** <code>%{</code>. */
    LPAT_BRACE("%{"),
    /** {@code ~=}. */
    TILDE_EQ("~="),
    /** {@code ~}. */
    TILDE("~"),
    /** A lone back slash. */
    BSLASH("\\"),

    // keywords of tremor-script
    /** {@code let}. */
    LET("let"),
    /** {@code const}. */
    CONST("const"),
    /** {@code match}. */
    MATCH("match"),
    /** {@code of}. */
    OF("of"),
    /** {@code end}. */
    END("end"),
    /** {@code case}. */
    CASE("case"),
    /** {@code when}. */
    WHEN("when"),
    /** {@code for}. */
    FOR("for"),
    /** {@code null} (named {@code nil} in the grammar). */
    NIL("nil"),
    /** {@code and}. */
    AND("and"),
    /** {@code or}. */
    OR("or"),
    /** {@code xor}. */
    XOR("xor"),
    /** {@code not}. */
    NOT("not"),
    /** {@code drop}. */
    DROP("drop"),
    /** {@code emit}. */
    EMIT("emit"),
    /** {@code default}. */
    DEFAULT("default"),
    /** {@code patch}. */
    PATCH("patch"),
    /** {@code insert}. */
    INSERT("insert"),
    /** {@code upsert}. */
    UPSERT("upsert"),
    /** {@code update}. */
    UPDATE("update"),
    /** {@code erase}. */
    ERASE("erase"),
    /** {@code move}. */
    MOVE("move"),
    /** {@code copy}. */
    COPY("copy"),
    /** {@code merge}. */
    MERGE("merge"),
    /** {@code event}. */
    EVENT("event"),
    /** {@code state}. */
    STATE("state"),
    /** {@code present}. */
    PRESENT("present"),
    /** {@code absent}. */
    ABSENT("absent"),
    /** {@code fn}. */
    FN("fn"),
    /** {@code intrinsic}. */
    INTRINSIC("intrinsic"),
    /** {@code mod}. */
    MODULE("mod"),
    /** {@code recur}. */
    RECUR("recur"),
    /** {@code use}. */
    USE("use"),
    /** {@code as}. */
    AS("as"),
    /** {@code args}. */
    ARGS("args"),

    // keywords of trickle and troy
    /** {@code select}. */
    SELECT("select"),
    /** {@code from}. */
    FROM("from"),
    /** {@code into}. */
    INTO("into"),
    /** {@code create}. */
    CREATE("create"),
    /** {@code tumbling}. */
    TUMBLING("tumbling"),
    /** {@code sliding}. */
    SLIDING("sliding"),
    /** {@code window}. */
    WINDOW("window"),
    /** {@code stream}. */
    STREAM("stream"),
    /** {@code operator}. */
    OPERATOR("operator"),
    /** {@code where}. */
    WHERE("where"),
    /** {@code with}. */
    WITH("with"),
    /** {@code script}. */
    SCRIPT("script"),
    /** {@code having}. */
    HAVING("having"),
    /** {@code group}. */
    GROUP("group"),
    /** {@code by}. */
    BY("by"),
    /** {@code define}. */
    DEFINE("define"),
    /** {@code set}. */
    SET("set"),
    /** {@code each}. */
    EACH("each"),
    /** {@code pipeline}. */
    PIPELINE("pipeline"),
    /** {@code connector}. */
    CONNECTOR("connector"),
    /** {@code flow}. */
    FLOW("flow"),
    /** {@code connect}. */
    CONNECT("connect"),
    /** {@code to}. */
    TO("to"),
    /** {@code deploy}. */
    DEPLOY("deploy");

    private static final Map<String, TokenKind> KEYWORDS = new HashMap<>();

    static
    {
        for (final TokenKind kind : values())
        {
            if (kind.ordinal() >= LET.ordinal())
            {
                KEYWORDS.put(kind.grammarName, kind);
            }
        }
        KEYWORDS.remove("nil");
        KEYWORDS.put("null", NIL);
    }

    private final String grammarName;

    TokenKind(final String grammarName)
    {
        this.grammarName = grammarName;
    }

    /**
     * The terminal's name in Tremor's grammar, e.g. {@code <ident>}, {@code ==}, {@code nil}.
     *
     * @return the grammar name.
     */
    public String grammarName()
    {
        return grammarName;
    }

    /**
     * How an error message lists this kind among expected tokens, e.g. {@code `<ident>`} or {@code `"""`}.
     *
     * @return the quoted display name.
     */
    public String expectedName()
    {
        if (this == HEREDOC_START || this == HEREDOC_END)
        {
            return "`\"\"\"`";
        }
        return "`" + grammarName + "`";
    }

    /**
     * Whether this kind is a keyword (which therefore can not be used as a plain identifier).
     *
     * @return true for keywords.
     */
    public boolean isKeyword()
    {
        return ordinal() >= LET.ordinal();
    }

    /**
     * The keyword spelled {@code word}, or null when {@code word} is an ordinary identifier. {@code true} and
     * {@code false} are not keywords but {@link #BOOL} literals.
     *
     * @param word an identifier-shaped word.
     * @return the keyword kind or null.
     */
    public static TokenKind keyword(final String word)
    {
        return KEYWORDS.get(word);
    }
}
