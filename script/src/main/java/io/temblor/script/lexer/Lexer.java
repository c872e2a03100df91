package io.temblor.script.lexer;

import java.util.ArrayList;
import java.util.List;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Location;
import io.temblor.script.error.Span;

/**
 * Tokenizer for tremor-script, trickle and troy, following Tremor's lexer token for token: strings and heredocs are
 * split into quote, text piece, <code>#{</code> interpolation (with the nested tokens) and <code>}</code> tokens, extractors
 * ({@code |...|}) become one token, whitespace, newlines and {@code #} comments are dropped while {@code ##} and
 * {@code ###} comments are kept as tokens. Tokens come one per {@link #next()}; the parser lexes the whole source first,
 * as Tremor does, so a lexical error anywhere wins over a syntax error. Errors are thrown as {@link CompileError} with
 * Tremor's messages and spans. Single-threaded, compile time only.
 */
public final class Lexer
{
    /**
     * Deepest nesting of string interpolations accepted before a clean error (guards the call stack).
     */
    public static final int MAX_INTERPOLATION_DEPTH = 64;

    static final String UNTERMINATED_STRING = "It looks like you forgot to terminate a string with a closing '\"'";
    static final String UNTERMINATED_HEREDOC = "It looks like you forgot to terminate a here doc with with a closing '\"\"\"'";
    static final String TAILING_HEREDOC =
        "It looks like you have characters tailing the here doc opening, it needs to be followed by a newline";
    static final String UNTERMINATED_IDENT = "It looks like you forgot to terminate an ident with a closing '`'";
    static final String UNTERMINATED_EXTRACTOR = "It looks like you forgot to terminate an extractor with a closing '|'";
    static final String UNTERMINATED_INTERPOLATION =
        "It looks like you forgot to terminate a string interpolation with a closing '}'";
    static final String EMPTY_INTERPOLATION = "You have an interpolation without content.";
    static final String INTERPOLATION_HINT = "Did you mean to write a literal '#{'? Escape it as '\\#{'.";
    static final String INVALID_UTF8 = "An invalid UTF8 escape sequence was found";
    static final String END_OF_STREAM = "An unexpected end of stream was found";
    static final String INVALID_HEX = "An invalid hexadecimal";
    static final String INVALID_INT = "An invalid integer literal";
    static final String INVALID_FLOAT = "An invalid float literal";

    private final int[] cps;
    private final int length;
    private final int[] lineAt;
    private final int[] columnAt;
    private final int[] offsetAt;
    private final List<Token> pending = new ArrayList<>();
    private int pendingIndex;
    private final List<Location> comments = new ArrayList<>();
    private int pos;
    private int depth;

    /**
     * A lexer over {@code source}.
     *
     * @param source the source text.
     */
    public Lexer(final String source)
    {
        cps = source.codePoints().toArray();
        length = cps.length;
        lineAt = new int[length + 1];
        columnAt = new int[length + 1];
        offsetAt = new int[length + 1];
        int line = 1;
        int column = 1;
        int offset = 0;
        for (int i = 0; i < length; i++)
        {
            lineAt[i] = line;
            columnAt[i] = column;
            offsetAt[i] = offset;
            final int c = cps[i];
            offset += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (c == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        lineAt[length] = line;
        columnAt[length] = column;
        offsetAt[length] = offset;
    }

    /**
     * Lexes all of {@code source}; the last token is {@link TokenKind#EOF}.
     *
     * @param source the source text.
     * @return the significant tokens.
     * @throws CompileError on a lexical error.
     */
    public static List<Token> tokenize(final String source)
    {
        final Lexer lexer = new Lexer(source);
        final List<Token> tokens = new ArrayList<>();
        Token token;
        do
        {
            token = lexer.next();
            tokens.add(token);
        }
        while (token.kind() != TokenKind.EOF);
        return tokens;
    }

    /**
     * The next significant token; {@link TokenKind#EOF} at the end (repeatedly).
     *
     * @return the token.
     * @throws CompileError on a lexical error.
     */
    public Token next()
    {
        while (pendingIndex >= pending.size())
        {
            pending.clear();
            pendingIndex = 0;
            if (pos >= length)
            {
                return Token.of(TokenKind.EOF, span(length, length), "");
            }
            lexInto(pending);
        }
        return pending.get(pendingIndex++);
    }

    private CompileError lexError(final Span span, final String message)
    {
        return lexError(span, message, null);
    }

    private CompileError lexError(final Span span, final String message, final String hint)
    {
        return new CompileError(span, message, hint, span.start().line() - 2, 0, 0);
    }

    private CompileError interpolationError(final int totalStart, final Span span)
    {
        return new CompileError(span, UNTERMINATED_INTERPOLATION, INTERPOLATION_HINT, lineAt[totalStart], 0, 0);
    }

    /**
     * Start positions of the comments lexed so far (for error rendering).
     *
     * @return the comment positions in source order.
     */
    public List<Location> comments()
    {
        return comments;
    }

    private Location loc(final int i)
    {
        return new Location(lineAt[i], columnAt[i], offsetAt[i]);
    }

    private Span span(final int from, final int to)
    {
        return new Span(loc(from), loc(to));
    }

    private String slice(final int from, final int to)
    {
        return new String(cps, from, to - from);
    }

    private int peek(final int ahead)
    {
        final int i = pos + ahead;
        return i < length ? cps[i] : -1;
    }

    private int endOfLine(final int from)
    {
        int i = from;
        while (i < length && cps[i] != '\n')
        {
            i++;
        }
        return i;
    }

    private void add(final List<Token> sink, final TokenKind kind, final int from, final int to, final String text)
    {
        sink.add(Token.of(kind, span(from, to), text));
    }

    static boolean isWhitespace(final int c)
    {
        return c != '\n' && (Character.isWhitespace(c) || c == 0x85 || c == 0xA0 || c == 0x2007 || c == 0x202F);
    }

    static boolean isIdentStart(final int c)
    {
        return c >= 0 && (c == '_' || Character.isUnicodeIdentifierStart(c)) && !Character.isIdentifierIgnorable(c);
    }

    static boolean isIdentContinue(final int c)
    {
        return c >= 0 && (c == '_' || Character.isUnicodeIdentifierPart(c)) && !Character.isIdentifierIgnorable(c);
    }

    private static boolean isDigit(final int c)
    {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(final int c)
    {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * Lexes one item at pos into sink: nothing for whitespace and plain comments, one token, or all tokens of a
     * string. Requires pos < length.
     */
    private void lexInto(final List<Token> sink)
    {
        final int start = pos;
        final int c = cps[pos++];
        switch (c)
        {
            case ',' -> add(sink, TokenKind.COMMA, start, pos, ",");
            case '$' -> add(sink, TokenKind.DOLLAR, start, pos, "$");
            case '.' -> add(sink, TokenKind.DOT, start, pos, ".");
            case '_' -> add(sink, TokenKind.DONT_CARE, start, pos, "_");
            case ';' -> add(sink, TokenKind.SEMI, start, pos, ";");
            case '+' -> add(sink, TokenKind.ADD, start, pos, "+");
            case '*' -> add(sink, TokenKind.MUL, start, pos, "*");
            case '\\' -> add(sink, TokenKind.BSLASH, start, pos, "\\");
            case '(' -> add(sink, TokenKind.LPAREN, start, pos, "(");
            case ')' -> add(sink, TokenKind.RPAREN, start, pos, ")");
            case '{' -> add(sink, TokenKind.LBRACE, start, pos, "{");
            case '}' -> add(sink, TokenKind.RBRACE, start, pos, "}");
            case '[' -> add(sink, TokenKind.LBRACKET, start, pos, "[");
            case ']' -> add(sink, TokenKind.RBRACKET, start, pos, "]");
            case '/' -> add(sink, TokenKind.DIV, start, pos, "/");
            case '^' -> add(sink, TokenKind.BIT_XOR, start, pos, "^");
            case '&' -> add(sink, TokenKind.BIT_AND, start, pos, "&");
            case '-' -> add(sink, TokenKind.SUB, start, pos, "-");
            case ':' -> colon(sink, start);
            case '#' -> comment(sink, start);
            case '=' -> equals(sink, start);
            case '<' -> less(sink, start);
            case '>' -> greater(sink, start);
            case '%' -> percent(sink, start);
            case '~' -> tilde(sink, start);
            case '!' -> bang(sink, start);
            case '`' -> quotedIdent(sink, start);
            case '"' -> stringOrHeredoc(sink, start);
            case '|' -> extractor(sink, start);
            case '\n' ->
            {
            }
            default ->
            {
                if (isIdentStart(c))
                {
                    ident(sink, start);
                }
                else if (isDigit(c))
                {
                    number(sink, start);
                }
                else if (Character.isWhitespace(c) || isWhitespace(c))
                {
                    while (isWhitespace(peek(0)))
                    {
                        pos++;
                    }
                }
                else
                {
                    sink.add(Token.of(TokenKind.BAD, span(start, start), Character.toString(c)));
                }
            }
        }
    }

    private void colon(final List<Token> sink, final int start)
    {
        while (peek(0) == ':')
        {
            pos++;
        }
        final int n = pos - start;
        if (n == 1)
        {
            add(sink, TokenKind.COLON, start, pos, ":");
        }
        else if (n == 2)
        {
            add(sink, TokenKind.COLON_COLON, start, pos, "::");
        }
        else
        {
            add(sink, TokenKind.BAD, start, pos, slice(start, pos));
        }
    }

    private boolean startsWith(final int start, final String s)
    {
        final int[] want = s.codePoints().toArray();
        if (start + want.length > length)
        {
            return false;
        }
        for (int i = 0; i < want.length; i++)
        {
            if (cps[start + i] != want[i])
            {
                return false;
            }
        }
        return true;
    }

    private void comment(final List<Token> sink, final int start)
    {
        if (startsWith(start, "#!config "))
        {
            pos = start + 9;
            add(sink, TokenKind.CONFIG_DIRECTIVE, start, pos, "#!config");
        }
        else if (startsWith(start, "#!"))
        {
            pos = start + 2;
            add(sink, TokenKind.BAD, start, pos, "#!");
        }
        else
        {
            comments.add(loc(start));
            pos = endOfLine(start);
            final String text = slice(start, pos);
            if (text.startsWith("###"))
            {
                add(sink, TokenKind.MOD_COMMENT, start, pos, text.substring(3));
            }
            else if (text.startsWith("##"))
            {
                add(sink, TokenKind.DOC_COMMENT, start, pos, text.substring(2));
            }
        }
    }

    private void equals(final List<Token> sink, final int start)
    {
        if (peek(0) == '>')
        {
            pos++;
            add(sink, TokenKind.EQ_ARROW, start, pos, "=>");
        }
        else if (peek(0) == '=')
        {
            pos++;
            add(sink, TokenKind.EQ_EQ, start, pos, "==");
        }
        else
        {
            add(sink, TokenKind.EQ, start, pos, "=");
        }
    }

    private void less(final List<Token> sink, final int start)
    {
        final int c = peek(0);
        if (c == '<')
        {
            pos++;
            add(sink, TokenKind.LSHIFT, start, pos, "<<");
        }
        else if (c == '=')
        {
            pos++;
            add(sink, TokenKind.LTE, start, pos, "<=");
        }
        else if (c < 0)
        {
            add(sink, TokenKind.BAD, start, start, "<");
        }
        else
        {
            add(sink, TokenKind.LT, start, pos, "<");
        }
    }

    private void greater(final List<Token> sink, final int start)
    {
        final int c = peek(0);
        if (c == '>')
        {
            pos++;
            if (peek(0) == '>')
            {
                pos++;
                add(sink, TokenKind.RSHIFT_UNSIGNED, start, pos, ">>>");
            }
            else
            {
                add(sink, TokenKind.RSHIFT, start, pos, ">>");
            }
        }
        else if (c == '=')
        {
            pos++;
            add(sink, TokenKind.GTE, start, pos, ">=");
        }
        else if (c < 0)
        {
            add(sink, TokenKind.BAD, start, start, ">");
        }
        else
        {
            add(sink, TokenKind.GT, start, pos, ">");
        }
    }

    private void mustHaveMore()
    {
        if (pos >= length)
        {
            throw lexError(span(length, length), END_OF_STREAM);
        }
    }

    private void percent(final List<Token> sink, final int start)
    {
        mustHaveMore();
        switch (peek(0))
        {
            case '[' ->
            {
                pos++;
                add(sink, TokenKind.LPAT_BRACKET, start, pos, "%[");
            }
            case '(' ->
            {
                pos++;
                add(sink, TokenKind.LPAT_PAREN, start, pos, "%(");
            }
            case '{' ->
            {
                pos++;
                add(sink, TokenKind.LPAT_BRACE, start, pos, "%{");
            }
            default -> add(sink, TokenKind.MOD, start, pos, "%");
        }
    }

    private void tilde(final List<Token> sink, final int start)
    {
        mustHaveMore();
        if (peek(0) == '=')
        {
            pos++;
            add(sink, TokenKind.TILDE_EQ, start, pos, "~=");
        }
        else
        {
            add(sink, TokenKind.TILDE, start, pos, "~");
        }
    }

    private void bang(final List<Token> sink, final int start)
    {
        mustHaveMore();
        if (peek(0) == '=')
        {
            pos++;
            add(sink, TokenKind.NOT_EQ, start, pos, "!=");
        }
        else
        {
            add(sink, TokenKind.BIT_NOT, start, pos, "!");
        }
    }

    private void ident(final List<Token> sink, final int start)
    {
        while (isIdentContinue(peek(0)))
        {
            pos++;
        }
        final String word = slice(start, pos);
        final TokenKind keyword = TokenKind.keyword(word);
        if (null != keyword)
        {
            add(sink, keyword, start, pos, word);
        }
        else if ("true".equals(word) || "false".equals(word))
        {
            sink.add(new Token(TokenKind.BOOL, span(start, pos), word, "true".equals(word) ? 1 : 0, false, List.of()));
        }
        else
        {
            sink.add(new Token(TokenKind.IDENT, span(start, pos), word, 0, false, List.of()));
        }
    }

    private void quotedIdent(final List<Token> sink, final int start)
    {
        int last = start;
        while (true)
        {
            if (pos >= length)
            {
                throw lexError(span(start, last), UNTERMINATED_IDENT);
            }
            final int c = cps[pos];
            if (c == '`')
            {
                pos++;
                sink.add(new Token(TokenKind.IDENT, span(start, pos), slice(start + 1, pos - 1), 0, true, List.of()));
                return;
            }
            if (c == '\n')
            {
                throw lexError(span(start, pos), UNTERMINATED_IDENT);
            }
            last = pos;
            pos++;
        }
    }

    private String digits(final int from, final boolean hex)
    {
        while (pos < length && (cps[pos] == '_' || (hex ? isHex(cps[pos]) : isDigit(cps[pos]))))
        {
            pos++;
        }
        return slice(from, pos).replace("_", "");
    }

    private void number(final List<Token> sink, final int start)
    {
        final String integer = digits(start, false);
        final int end = pos;
        final int c = peek(0);
        if (c == '.')
        {
            floating(sink, start, integer);
        }
        else if (c == 'x')
        {
            hex(sink, start, integer);
        }
        else if (isIdentStart(c))
        {
            throw lexError(span(pos, pos), unexpectedCharacter(c));
        }
        else
        {
            final long value;
            try
            {
                value = Long.parseUnsignedLong(integer);
            }
            catch (final NumberFormatException ex)
            {
                throw lexError(span(start, end), INVALID_INT);
            }
            sink.add(new Token(TokenKind.INT, span(start, end), integer, value, false, List.of()));
        }
    }

    private static String unexpectedCharacter(final int c)
    {
        return "An unexpected character '" + Character.toString(c) + "' was found";
    }

    private void floating(final List<Token> sink, final int start, final String integer)
    {
        pos++; // the '.'
        final String mantissa = integer + "." + digits(pos, false);
        final int mantissaEnd = pos;
        final int c = peek(0);
        if (c == 'e')
        {
            pos++;
            if (pos >= length)
            {
                throw lexError(span(start, mantissaEnd), INVALID_FLOAT);
            }
            final int expStart = pos;
            pos++;
            if (peek(0) == '+' || peek(0) == '-')
            {
                pos++;
            }
            digits(pos, false);
            final String exponent = slice(expStart, pos).replace("_", "");
            if (!exponent.matches("[+-]?[0-9]+"))
            {
                throw lexError(span(start, pos), INVALID_FLOAT);
            }
            final String text = mantissa + "e" + exponent;
            sink.add(new Token(TokenKind.FLOAT, span(start, pos), text,
                Double.doubleToRawLongBits(Double.parseDouble(text)), false, List.of()));
        }
        else if (isIdentStart(c))
        {
            throw lexError(span(start, mantissaEnd), unexpectedCharacter(c));
        }
        else
        {
            sink.add(new Token(TokenKind.FLOAT, span(start, mantissaEnd), mantissa,
                Double.doubleToRawLongBits(Double.parseDouble(mantissa)), false, List.of()));
        }
    }

    private void hex(final List<Token> sink, final int start, final String integer)
    {
        pos++; // the 'x'
        mustHaveMore();
        final int hexStart = pos;
        pos++; // Tremor always takes the character after the 'x'
        final String hex = digits(hexStart, true);
        final int end = pos;
        if (!"0".equals(integer))
        {
            throw lexError(span(start, end), INVALID_HEX);
        }
        final int c = peek(0);
        if (isIdentStart(c))
        {
            throw lexError(span(start, end), unexpectedCharacter(c));
        }
        final long value;
        try
        {
            if (hex.isEmpty() || hex.startsWith("+") || hex.startsWith("-"))
            {
                throw new NumberFormatException(hex);
            }
            value = Long.parseUnsignedLong(hex, 16);
        }
        catch (final NumberFormatException ex)
        {
            throw lexError(span(start, end), INVALID_HEX);
        }
        sink.add(new Token(TokenKind.INT, span(start, end), slice(start, end), value, false, List.of()));
    }

    private void extractor(final List<Token> sink, final int start)
    {
        final List<String> lines = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        while (true)
        {
            if (pos >= length)
            {
                throw lexError(span(start, endOfLine(start)), UNTERMINATED_EXTRACTOR);
            }
            final int c = cps[pos++];
            if (c == '\\')
            {
                mustHaveMore();
                final int e = cps[pos++];
                if (e == '\\' || e == '|')
                {
                    current.appendCodePoint(e);
                }
                else if (e == '\n')
                {
                    lines.add(current.toString());
                    current.setLength(0);
                }
                else
                {
                    final Span at = span(pos - 1, pos - 1);
                    throw new CompileError(at, "An unexpected escape code '" + Character.toString(e) + "' was found", null,
                        at.start().line() - 2, 0, at.start().column() + 1);
                }
            }
            else if (c == '|')
            {
                lines.add(current.toString());
                sink.add(new Token(TokenKind.EXTRACTOR, span(start, pos), slice(start, pos), 0, false, dedent(lines)));
                return;
            }
            else if (c == '\n')
            {
                throw lexError(span(start, pos - 1), UNTERMINATED_EXTRACTOR);
            }
            else
            {
                current.appendCodePoint(c);
            }
        }
    }

    private static List<String> dedent(final List<String> lines)
    {
        int indent = -1;
        for (final String line : lines)
        {
            if (!line.isEmpty())
            {
                final int l = line.length() - line.stripLeading().length();
                indent = indent < 0 ? l : Math.min(indent, l);
            }
        }
        final int cut = Math.max(0, indent);
        final List<String> out = new ArrayList<>(lines.size());
        for (final String line : lines)
        {
            out.add(line.isEmpty() ? line : line.substring(Math.min(cut, line.length())));
        }
        return List.copyOf(out);
    }

    private void stringOrHeredoc(final List<Token> sink, final int start)
    {
        if (pos >= length)
        {
            throw lexError(span(start, endOfLine(start)), UNTERMINATED_STRING);
        }
        if (cps[pos] == '"')
        {
            pos++;
            if (peek(0) == '"')
            {
                final int third = pos;
                pos++;
                if (pos >= length)
                {
                    throw lexError(span(start, third), UNTERMINATED_HEREDOC);
                }
                final int c = cps[pos];
                pos++;
                if (c != '\n')
                {
                    throw lexError(span(start, pos - 1), TAILING_HEREDOC);
                }
                sink.add(Token.of(TokenKind.HEREDOC_START, span(start, third + 1), "\"\"\""));
                heredoc(sink, start, third);
            }
            else
            {
                add(sink, TokenKind.DQUOTE, start, start + 1, "\"");
                add(sink, TokenKind.DQUOTE, start + 1, pos, "\"");
            }
            return;
        }
        add(sink, TokenKind.DQUOTE, start, start + 1, "\"");
        string(sink, start);
    }

    private void string(final List<Token> sink, final int start)
    {
        int segment = pos;
        final StringBuilder content = new StringBuilder();
        while (true)
        {
            if (pos >= length)
            {
                throw lexError(span(start, endOfLine(start)), UNTERMINATED_STRING);
            }
            final int here = pos;
            final int c = cps[pos++];
            if (c == '"')
            {
                if (content.length() > 0)
                {
                    add(sink, TokenKind.STRING, segment, here, content.toString());
                }
                add(sink, TokenKind.DQUOTE, here, pos, "\"");
                return;
            }
            else if (c == '\n')
            {
                throw lexError(span(start, here), UNTERMINATED_STRING);
            }
            else
            {
                segment = stringChar(sink, false, start, segment, here, c, content, TokenKind.STRING);
            }
        }
    }

    private void heredoc(final List<Token> sink, final int start, final int third)
    {
        int segment = pos;
        int end = third;
        final StringBuilder content = new StringBuilder();
        while (true)
        {
            if (pos >= length)
            {
                throw lexError(span(start, end), UNTERMINATED_HEREDOC);
            }
            final int here = pos;
            final int c = cps[pos++];
            if (c == '"' && peek(0) == '"' && peek(1) == '"')
            {
                if (content.length() > 0)
                {
                    add(sink, TokenKind.HEREDOC, segment, here, content.toString());
                }
                pos += 2;
                add(sink, TokenKind.HEREDOC_END, here, pos, "\"\"\"");
                return;
            }
            else if (c == '\n')
            {
                content.append('\n');
                add(sink, TokenKind.HEREDOC, segment, pos, content.toString());
                content.setLength(0);
                segment = pos;
                end = pos;
            }
            else
            {
                segment = stringChar(sink, true, start, segment, here, c, content, TokenKind.HEREDOC);
                end = pos;
            }
        }
    }

    /**
     * Handles one character of a string or heredoc body (escapes and interpolations); returns the new segment start.
     */
    private int stringChar(
        final List<Token> sink,
        final boolean heredoc,
        final int totalStart,
        final int segment,
        final int here,
        final int c,
        final StringBuilder content,
        final TokenKind pieceKind)
    {
        if (c == '\\')
        {
            if (pos >= length)
            {
                final Span at = span(length, length);
                throw new CompileError(at, END_OF_STREAM, null, at.start().line() - 2, 0, columnAt[totalStart]);
            }
            final int e = cps[pos++];
            switch (e)
            {
                case '"', '\\' -> content.appendCodePoint(e);
                case '#' ->
                {
                    flush(sink, pieceKind, segment, here, content);
                    add(sink, TokenKind.ESCAPED_HASH, here, pos, "\\#");
                    return pos;
                }
                case 'b' -> content.append('\b');
                case 'f' -> content.append('\f');
                case 'n' -> content.append('\n');
                case 'r' -> content.append('\r');
                case 't' -> content.append('\t');
                case 'u' -> content.appendCodePoint(unicodeEscape(here));
                default -> throw lexError(span(here, pos), "An unexpected escape code '" + Character.toString(e) + "' was found");
            }
            return segment;
        }
        if (c == '#' && peek(0) == '{')
        {
            flush(sink, pieceKind, segment, here, content);
            pos++;
            add(sink, TokenKind.INTERPOL, here, pos, "#{");
            interpolation(sink, heredoc, totalStart, here);
            return pos;
        }
        content.appendCodePoint(c);
        return segment;
    }

    private void flush(final List<Token> sink, final TokenKind kind, final int segment, final int here, final StringBuilder content)
    {
        if (content.length() > 0)
        {
            add(sink, kind, segment, here, content.toString());
            content.setLength(0);
        }
    }

    private int unicodeEscape(final int backslash)
    {
        int value = 0;
        int last = pos - 1;
        for (int i = 0; i < 4; i++)
        {
            if (pos >= length)
            {
                throw lexError(span(backslash, last + 1), INVALID_UTF8);
            }
            final int d = cps[pos++];
            last = pos - 1;
            if (!isHex(d))
            {
                throw lexError(span(backslash, last + 1), INVALID_UTF8);
            }
            value = value * 16 + Character.digit(d, 16);
        }
        if (value >= 0xD800 && value <= 0xDFFF)
        {
            throw lexError(span(backslash, last + 1), INVALID_UTF8);
        }
        return value;
    }

    private void interpolation(final List<Token> sink, final boolean heredoc, final int totalStart, final int hash)
    {
        if (++depth > MAX_INTERPOLATION_DEPTH)
        {
            throw lexError(span(hash, pos), "String interpolations are nested too deeply (more than "
                + MAX_INTERPOLATION_DEPTH + " levels)");
        }
        int open = 0;
        boolean first = true;
        final List<Token> inner = new ArrayList<>();
        while (true)
        {
            if (pos >= length)
            {
                throw interpolationError(totalStart, span(hash, hash + 2));
            }
            inner.clear();
            try
            {
                lexInto(inner);
            }
            catch (final CompileError error)
            {
                throw intercept(heredoc, totalStart, hash, error);
            }
            if (inner.isEmpty())
            {
                first = false;
                continue;
            }
            for (final Token token : inner)
            {
                if (token.kind() == TokenKind.RBRACE && open == 0)
                {
                    if (first)
                    {
                        throw lexError(span(hash, pos), EMPTY_INTERPOLATION, INTERPOLATION_HINT);
                    }
                    sink.add(token);
                    depth--;
                    return;
                }
                if (token.kind() == TokenKind.RBRACE)
                {
                    open--;
                }
                else if (token.kind() == TokenKind.LBRACE || token.kind() == TokenKind.INTERPOL)
                {
                    open++;
                }
                sink.add(token);
                first = false;
            }
        }
    }

    private CompileError intercept(final boolean heredoc, final int totalStart, final int hash, final CompileError error)
    {
        final String message = error.getMessage();
        if (heredoc && (UNTERMINATED_HEREDOC.equals(message) || TAILING_HEREDOC.equals(message)))
        {
            final int errorLine = error.span().end().line();
            int i = totalStart;
            while (i < length && lineAt[i] < errorLine)
            {
                i++;
            }
            return interpolationError(totalStart, span(totalStart, endOfLine(i)));
        }
        if (!heredoc && UNTERMINATED_STRING.equals(message))
        {
            return interpolationError(totalStart, span(hash, hash + 2));
        }
        return error;
    }
}
