package io.temblor.script.lexer;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Location;

import static io.temblor.script.lexer.TokenKind.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LexerTest
{
    private static List<TokenKind> kinds(final String source)
    {
        return Lexer.tokenize(source).stream().map(Token::kind).toList();
    }

    private static Token first(final String source)
    {
        return Lexer.tokenize(source).get(0);
    }

    private static CompileError error(final String source)
    {
        return assertThrows(CompileError.class, () -> Lexer.tokenize(source));
    }

    private static String at(final CompileError error)
    {
        return error.caretLine() + ":" + error.caretColumn() + "+" + error.caretLength();
    }

    @Test
    void shouldLexOperatorsLongestFirstWhenCharactersRepeat()
    {
        assertEquals(List.of(RSHIFT_UNSIGNED, RSHIFT, GT, GTE, LSHIFT, LTE, LT, IDENT, EOF), kinds(">>> >> > >= << <= < x"));
        assertEquals(List.of(EQ_ARROW, EQ_EQ, EQ, NOT_EQ, BIT_NOT, IDENT, TILDE_EQ, TILDE, IDENT, EOF), kinds("=> == = != !x ~= ~y"));
        assertEquals(List.of(LPAT_BRACE, LPAT_BRACKET, LPAT_PAREN, MOD, IDENT, COLON_COLON, COLON, EOF), kinds("%{ %[ %( % a :: :"));
    }

    @Test
    void shouldLexKeywordsOfAllThreeLanguagesWhenSpelledExactly()
    {
        assertEquals(List.of(LET, NIL, BOOL, BOOL, SELECT, FROM, INTO, DEPLOY, FLOW, CONNECT, TO, IDENT, IDENT, EOF),
            kinds("let null true false select from into deploy flow connect to nil Let"));
    }

    @Test
    void shouldLexQuotedIdentWhenKeywordIsInBackTicks()
    {
        final Token token = first("`match`");
        assertEquals(IDENT, token.kind());
        assertEquals("match", token.text());
        assertTrue(token.quoted());
        assertEquals("`match`", token.display());
    }

    @Test
    void shouldLexDontCareSeparatelyWhenIdentStartsWithUnderscore()
    {
        assertEquals(List.of(DONT_CARE, IDENT, EOF), kinds("_x"));
        assertEquals("a_b", first("a_b").text());
    }

    @Test
    void shouldLexIntegersWhenHexOrWithSeparators()
    {
        assertEquals(1_000_000L, first("1_000_000").bits());
        assertEquals(255L, first("0xff").bits());
        assertEquals(0xdeadbeefL, first("0xdead_beef").bits());
        assertEquals(-1L, first("18446744073709551615").bits());
        assertEquals("18446744073709551615", first("18446744073709551615").display());
    }

    @Test
    void shouldLexFloatsWhenWithFractionOrExponent()
    {
        assertEquals(1.5, first("1.5").doubleValue());
        assertEquals(1.5e-7, first("1.5e-7").doubleValue());
        assertEquals(2.0e10, first("2.0e10").doubleValue());
        assertEquals(1.0, first("1.").doubleValue());
        assertEquals(List.of(FLOAT, EOF), kinds("1_0.2_5"));
        assertEquals(10.25, first("1_0.2_5").doubleValue());
    }

    @Test
    void shouldReportNumberErrorsWhereTremorDoes()
    {
        assertEquals("1:9+3", at(error("let f = 0xg;")));
        assertEquals("1:9+3", at(error("let f = 7x0;")));
        assertEquals("1:10+1", at(error("let f = 0snot;")));
        assertEquals("1:1+5", at(error("1.0e;")));
        assertEquals("1:1+4", at(error("12.0e")));
        assertEquals("1:1+4", at(error("12.0j5")));
        assertEquals("An invalid integer literal", error("123456789012345678901234567890").getMessage());
    }

    @Test
    void shouldTrackLineColumnAndByteOffsetWhenSourceHasMultibyteCharacters()
    {
        final List<Token> tokens = Lexer.tokenize("\"ä€\"\n  x");
        final Token x = tokens.get(3);
        assertEquals(IDENT, x.kind());
        assertEquals(new Location(2, 3, 10), x.span().start());
        assertEquals(new Location(1, 2, 1), tokens.get(1).span().start());
        assertEquals(new Location(1, 4, 6), tokens.get(1).span().end());
    }

    @Test
    void shouldSplitStringWhenItHasEscapesAndInterpolation()
    {
        final List<Token> tokens = Lexer.tokenize("\"a\\n\\\"#{ x + 1 }\\#{b}\"");
        assertEquals(List.of(DQUOTE, STRING, INTERPOL, IDENT, ADD, INT, RBRACE, ESCAPED_HASH, STRING, DQUOTE, EOF),
            tokens.stream().map(Token::kind).toList());
        assertEquals("a\n\"", tokens.get(1).text());
        assertEquals("{b}", tokens.get(8).text());
    }

    @Test
    void shouldLexNestedInterpolationWhenStringInsideInterpolation()
    {
        assertEquals(List.of(DQUOTE, INTERPOL, DQUOTE, INTERPOL, IDENT, RBRACE, DQUOTE, RBRACE, DQUOTE, EOF),
            kinds("\"#{\"#{x}\"}\""));
        assertEquals(List.of(DQUOTE, INTERPOL, LBRACE, RBRACE, RBRACE, DQUOTE, EOF), kinds("\"#{{}}\""));
    }

    @Test
    void shouldDecodeUnicodeEscapeWhenFourHexDigits()
    {
        assertEquals("é€", Lexer.tokenize("\"\\u00e9\\u20AC\"").get(1).text());
        assertEquals("1:2+6", at(error("\"\\uD800\"")));
    }

    @Test
    void shouldKeepLinesWhenLexingHeredoc()
    {
        final List<Token> tokens = Lexer.tokenize("\"\"\"\n  one\n  two \"quoted\"\n\"\"\"");
        assertEquals(HEREDOC_START, tokens.get(0).kind());
        final StringBuilder text = new StringBuilder();
        int i = 1;
        while (tokens.get(i).kind() == HEREDOC)
        {
            text.append(tokens.get(i++).text());
        }
        assertEquals(HEREDOC_END, tokens.get(i).kind());
        assertEquals("  one\n  two \"quoted\"\n", text.toString());
    }

    @Test
    void shouldRejectHeredocWhenTextTrailsOpening()
    {
        final CompileError error = error("let x = \"\"\"test\n\"\"\"");
        assertEquals("1:9+3", at(error));
        assertTrue(error.getMessage().startsWith("It looks like you have characters tailing"));
    }

    @Test
    void shouldDedentAndUnescapeExtractorWhenMultiLine()
    {
        final List<Token> tokens = Lexer.tokenize("re|  a\\|b\\\n  c\\\\|");
        assertEquals(List.of(IDENT, EXTRACTOR, EOF), tokens.stream().map(Token::kind).toList());
        assertEquals(List.of("a|b", "c\\"), tokens.get(1).lines());
    }

    @Test
    void shouldKeepDocCommentsWhenDroppingPlainComments()
    {
        final List<Token> tokens = Lexer.tokenize("### mod\n## doc\n# plain\nx # trailing");
        assertEquals(List.of(MOD_COMMENT, DOC_COMMENT, IDENT, EOF), tokens.stream().map(Token::kind).toList());
        assertEquals(" mod", tokens.get(0).text());
        assertEquals(" doc", tokens.get(1).text());
    }

    @Test
    void shouldReportUnterminatedLiteralsWhereTremorDoes()
    {
        assertEquals("1:9+18", at(error("let s = \"this is a string;\nevent")));
        assertEquals("1:5+8", at(error("let `42 = 42;")));
        assertEquals("2:1+17", at(error("\"\"\"\nthis is a heredoc")));
        assertEquals("1:2+2", at(error("\"#{\"")));
        assertEquals("1:2+3", at(error("\"#{}\"")));
        assertEquals("2:22+17", at(error("match event of\n  case %{ msg ~= glob|info*l } => true")));
    }

    @Test
    void shouldReportBadTokenWhenCharacterIsUnknown()
    {
        final List<Token> tokens = Lexer.tokenize("a ::: ' >");
        assertEquals(List.of(IDENT, BAD, BAD, BAD, EOF), tokens.stream().map(Token::kind).toList());
        assertEquals(":::", tokens.get(1).text());
        assertEquals("'", tokens.get(2).text());
        assertEquals(">", tokens.get(3).text());
    }

    @Test
    void shouldFailCleanlyWhenInterpolationsNestTooDeeply()
    {
        final String deep = "\"#{".repeat(Lexer.MAX_INTERPOLATION_DEPTH + 5) + "1" + "}\"".repeat(Lexer.MAX_INTERPOLATION_DEPTH + 5);
        final CompileError error = error(deep);
        assertTrue(error.getMessage().contains("nested too deeply"), error.getMessage());
        final String fine = "\"#{".repeat(10) + "1" + "}\"".repeat(10);
        assertEquals(EOF, Lexer.tokenize(fine).get(Lexer.tokenize(fine).size() - 1).kind());
    }
}
