package io.temblor.script.regex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a pattern in the syntax of Rust's regex crate (regex-syntax 0.8, the version Tremor uses) into an
 * equivalent RE2/J pattern, and rejects what Rust rejects with Rust's error kinds and spans. Mirrors regex-syntax's
 * parser step for step (its {@code ast/parse.rs}); what RE2/J reads differently is rewritten:
 * <ul>
 *   <li>every character class ({@code [...]} with nesting and the {@code &&}, {@code --}, {@code ~~} set operations,
 *       {@code \d \s \w} with Unicode, {@code \p{...}}) is evaluated here and written as explicit ranges;</li>
 *   <li>the {@code x} (verbose) and {@code u} flags are applied here and never reach RE2/J;</li>
 *   <li>capture groups are written unnamed (the names are returned beside, so Rust's name rules apply);</li>
 *   <li>repetitions of repetitions ({@code a**}) and of assertions get a non-capturing group;</li>
 *   <li>{@code \\u}/{@code \\U} escapes become {@code \x{...}}.</li>
 * </ul>
 * Not expressible with RE2/J (documented in the module README): the word boundary assertions {@code \<}, {@code \>},
 * {@code \b{start}} and friends and the {@code R} flag are compile errors; {@code \b} and {@code \B} look at ASCII word
 * characters only; counted repetitions are limited to 1000. Compile time only; one instance per pattern.
 */
final class RustSyntax
{
    /** Rust's default nesting limit of groups and classes. */
    static final int NEST_LIMIT = 250;
    /** RE2/J's limit for counted repetitions. */
    static final int MAX_REPEAT = 1000;

    private static final int NONE = 0;
    private static final int FLAGS = 1;
    private static final int ATOM = 2;
    private static final int ASSERTION = 3;
    private static final int REPETITION = 4;

    private static final int P_LITERAL = 0;
    private static final int P_ASSERTION = 1;
    private static final int P_CLASS = 2;

    private static final CharSet WHITE_SPACE = CharSet.space();

    /**
     * The translation.
     *
     * @param re2 the RE2/J pattern.
     * @param names the group names by group index (index 0, the whole match, and unnamed groups are null).
     */
    record Result(String re2, String[] names)
    {
    }

    private final String pattern;
    private final int[] cps;
    private int pos;
    private final StringBuilder out = new StringBuilder();
    private boolean ignoreSpace;
    private boolean unicode = true;
    private boolean caseInsensitive;
    private final List<String> names = new ArrayList<>();
    private final Map<String, int[]> nameSpans = new HashMap<>();
    private final ArrayDeque<Group> groups = new ArrayDeque<>();
    private int atomStart;
    private int atomKind = NONE;
    private final boolean[] saved = new boolean[3];

    private record Group(int open, int outStart, boolean ignoreSpace, boolean unicode, boolean caseInsensitive)
    {
    }

    /** An escape or literal as parsed: a literal code point, an assertion (RE2/J text) or a class. */
    private record Prim(int kind, int c, boolean byteEscape, String assertion, CharSet set, boolean negated, int start,
        int end)
    {
    }

    private RustSyntax(final String pattern)
    {
        this.pattern = pattern;
        this.cps = pattern.codePoints().toArray();
        names.add(null);
    }

    /**
     * Translates a pattern.
     *
     * @param pattern Rust syntax.
     * @return the RE2/J pattern and the group names.
     * @throws RegexSyntaxException as Rust's regex would reject the pattern (or where RE2/J cannot express it).
     */
    static Result translate(final String pattern)
    {
        final RustSyntax t = new RustSyntax(pattern);
        t.parse();
        return new Result(t.out.toString(), t.names.toArray(new String[0]));
    }

    // -----------------------------------------------------------------------------------------------------------------
    // cursor

    private boolean eof()
    {
        return pos >= cps.length;
    }

    private int ch()
    {
        return cps[pos];
    }

    private boolean bump()
    {
        if (eof())
        {
            return false;
        }
        pos++;
        return !eof();
    }

    private void bumpSpace()
    {
        if (!ignoreSpace)
        {
            return;
        }
        while (!eof())
        {
            if (WHITE_SPACE.contains(ch()))
            {
                bump();
            }
            else if (ch() == '#')
            {
                bump();
                while (!eof())
                {
                    final int c = ch();
                    bump();
                    if (c == '\n')
                    {
                        break;
                    }
                }
            }
            else
            {
                break;
            }
        }
    }

    private boolean bumpAndBumpSpace()
    {
        if (!bump())
        {
            return false;
        }
        bumpSpace();
        return !eof();
    }

    private boolean bumpIf(final String prefix)
    {
        if (!startsWith(prefix))
        {
            return false;
        }
        pos += prefix.length();
        return true;
    }

    private boolean startsWith(final String prefix)
    {
        if (pos + prefix.length() > cps.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++)
        {
            if (cps[pos + i] != prefix.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private int peek()
    {
        return pos + 1 < cps.length ? cps[pos + 1] : -1;
    }

    private int peekSpace()
    {
        if (!ignoreSpace)
        {
            return peek();
        }
        if (eof())
        {
            return -1;
        }
        boolean comment = false;
        for (int i = pos + 1; i < cps.length; i++)
        {
            final int c = cps[i];
            if (WHITE_SPACE.contains(c))
            {
                continue;
            }
            if (!comment && c == '#')
            {
                comment = true;
            }
            else if (comment && c == '\n')
            {
                comment = false;
            }
            else if (!comment)
            {
                return c;
            }
        }
        return -1;
    }

    private RegexSyntaxException error(final String kind, final int start, final int end)
    {
        return RegexSyntaxException.of(pattern, kind, start, end);
    }

    private RegexSyntaxException unsupported(final String what, final int start, final int end)
    {
        return error(what + " is not supported by Temblor's linear-time regex engine (RE2/J)", start, end);
    }

    // -----------------------------------------------------------------------------------------------------------------
    // the top level

    private void parse()
    {
        while (true)
        {
            bumpSpace();
            if (eof())
            {
                break;
            }
            switch (ch())
            {
                case '(' -> openGroup();
                case ')' -> closeGroup();
                case '|' ->
                {
                    out.append('|');
                    pos++;
                    atomKind = NONE;
                }
                case '[' ->
                {
                    final int start = pos;
                    final int at = out.length();
                    final CharSet[] set = new CharSet[1];
                    final boolean negated = bracket(set, 1);
                    emitTopClass(set[0], negated, start, pos);
                    atom(at, ATOM);
                }
                case '?', '*', '+' -> repetition();
                case '{' -> countedRepetition();
                default -> primitive();
            }
        }
        if (!groups.isEmpty())
        {
            final Group g = groups.peek();
            throw error("unclosed group", g.open(), g.open() + 1);
        }
    }

    private void atom(final int at, final int kind)
    {
        atomStart = at;
        atomKind = kind;
    }

    private void primitive()
    {
        final int at = out.length();
        final int start = pos;
        switch (ch())
        {
            case '\\' ->
            {
                final Prim p = escape();
                switch (p.kind())
                {
                    case P_LITERAL ->
                    {
                        literal(p);
                        atom(at, ATOM);
                    }
                    case P_ASSERTION ->
                    {
                        out.append(p.assertion());
                        atom(at, ASSERTION);
                    }
                    default ->
                    {
                        emitTopClass(p.set(), p.negated(), p.start(), p.end());
                        atom(at, ATOM);
                    }
                }
            }
            case '.' ->
            {
                if (!unicode)
                {
                    throw error("pattern can match invalid UTF-8", start, start + 1);
                }
                pos++;
                out.append('.');
                atom(at, ATOM);
            }
            case '^', '$' ->
            {
                out.append((char)ch());
                pos++;
                atom(at, ASSERTION);
            }
            default ->
            {
                literal(new Prim(P_LITERAL, ch(), false, null, null, false, start, start + 1));
                pos++;
                atom(at, ATOM);
            }
        }
    }

    private void literal(final Prim p)
    {
        final int c = p.c();
        if (!unicode && c > 0x7F)
        {
            throw error(p.byteEscape() && c <= 0xFF ? "pattern can match invalid UTF-8" : "Unicode not allowed here",
                p.start(), p.end());
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ' ')
        {
            out.append((char)c);
        }
        else if (c > 0x20 && c < 0x7F)
        {
            out.append('\\').append((char)c);
        }
        else
        {
            hex(out, c);
        }
    }

    private static void hex(final StringBuilder sb, final int c)
    {
        sb.append("\\x{").append(Integer.toHexString(c)).append('}');
    }

    /**
     * Writes a class outside brackets or a whole bracketed class. As Rust does, the set is case-folded when the
     * {@code i} flag is on and then negated; both happen here, and the class is written inside {@code (?-i:...)} so
     * that RE2/J does not fold it again (RE2/J's folding of large classes is slow and its tables are older).
     */
    private void emitTopClass(final CharSet set, final boolean negated, final int start, final int end)
    {
        CharSet s = fold(set);
        if (negated)
        {
            s = s.complement(universe());
        }
        if (!unicode && s.max() > 0x7F)
        {
            throw error("pattern can match invalid UTF-8", start, end);
        }
        if (caseInsensitive)
        {
            out.append("(?-i:");
        }
        if (s.isEmpty())
        {
            out.append("[^\\x{0}-\\x{10ffff}]");
        }
        else
        {
            out.append('[');
            for (int i = 0; i < s.rangeCount(); i++)
            {
                classChar(s.lo(i));
                if (s.hi(i) != s.lo(i))
                {
                    out.append('-');
                    classChar(s.hi(i));
                }
            }
            out.append(']');
        }
        if (caseInsensitive)
        {
            out.append(')');
        }
    }

    /** Rust's {@code case_fold_simple} when the {@code i} flag is on (ASCII only without Unicode). */
    private CharSet fold(final CharSet set)
    {
        if (!caseInsensitive)
        {
            return set;
        }
        return unicode ? set.fold() : set.copy().union(set.fold().intersect(CharSet.of(0, 0x7F)));
    }

    private void classChar(final int c)
    {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        {
            out.append((char)c);
        }
        else
        {
            hex(out, c);
        }
    }

    // -----------------------------------------------------------------------------------------------------------------
    // groups and flags

    private void openGroup()
    {
        final int open = pos;
        bump();
        bumpSpace();
        if (startsWith("?=") || startsWith("?!") || startsWith("?<=") || startsWith("?<!"))
        {
            pos += startsWith("?<") ? 3 : 2;
            throw error("look-around, including look-ahead and look-behind, is not supported", open, pos);
        }
        final int inner = pos;
        if (bumpIf("?P<") || bumpIf("?<"))
        {
            final String name = captureName();
            push(open);
            names.add(name);
            out.append('(');
            return;
        }
        if (bumpIf("?"))
        {
            if (eof())
            {
                throw error("unclosed group", open, open + 1);
            }
            final String flags = flags();
            final int end = ch();
            bump();
            if (end == ')')
            {
                if (flags == null)
                {
                    throw error("repetition operator missing expression", inner, inner);
                }
                if (!flags.isEmpty())
                {
                    out.append("(?").append(flags).append(')');
                }
                atomKind = FLAGS;
                return;
            }
            groups.push(new Group(open, out.length(), saved[0], saved[1], saved[2]));
            out.append("(?").append(null == flags ? "" : flags).append(':');
            atomKind = NONE;
            checkNesting(open);
            return;
        }
        push(open);
        names.add(null);
        out.append('(');
    }

    private void push(final int open)
    {
        groups.push(new Group(open, out.length(), ignoreSpace, unicode, caseInsensitive));
        atomKind = NONE;
        checkNesting(open);
    }

    private void checkNesting(final int open)
    {
        if (groups.size() > NEST_LIMIT)
        {
            throw error("exceed the maximum number of nested parentheses/brackets (" + NEST_LIMIT + ")", open, open + 1);
        }
    }

    private void closeGroup()
    {
        if (groups.isEmpty())
        {
            throw error("unopened group", pos, pos + 1);
        }
        final Group g = groups.pop();
        ignoreSpace = g.ignoreSpace();
        unicode = g.unicode();
        caseInsensitive = g.caseInsensitive();
        pos++;
        out.append(')');
        atom(g.outStart(), ATOM);
    }

    /**
     * Parses the flags of {@code (?flags)} or {@code (?flags:}, applies {@code x} and {@code u} here and returns the
     * RE2/J flags ({@code i}, {@code m}, {@code s}, {@code U}, with {@code -}); the state before is left in
     * {@link #saved} for a group to restore.
     *
     * @return the RE2/J flag text, or null when there were no flags at all.
     */
    private String flags()
    {
        saved[0] = ignoreSpace;
        saved[1] = unicode;
        saved[2] = caseInsensitive;
        final int[] seen = new int[128];
        java.util.Arrays.fill(seen, -1);
        int negation = -1;
        int lastNegation = -1;
        int items = 0;
        final StringBuilder on = new StringBuilder();
        final StringBuilder off = new StringBuilder();
        boolean x = ignoreSpace;
        boolean u = unicode;
        boolean i = caseInsensitive;
        while (ch() != ':' && ch() != ')')
        {
            final int c = ch();
            if (c == '-')
            {
                if (negation >= 0)
                {
                    throw RegexSyntaxException.of(pattern, "flag negation operator repeated", pos, pos + 1, negation,
                        negation + 1);
                }
                negation = pos;
                lastNegation = pos;
            }
            else
            {
                lastNegation = -1;
                if (c != 'i' && c != 'm' && c != 's' && c != 'U' && c != 'u' && c != 'R' && c != 'x')
                {
                    throw error("unrecognized flag", pos, pos + 1);
                }
                if (seen[c] >= 0)
                {
                    throw RegexSyntaxException.of(pattern, "duplicate flag", pos, pos + 1, seen[c], seen[c] + 1);
                }
                seen[c] = pos;
                final boolean value = negation < 0;
                switch (c)
                {
                    case 'x' -> x = value;
                    case 'u' -> u = value;
                    case 'R' -> throw unsupported("the CRLF flag `R`", pos, pos + 1);
                    case 'i' ->
                    {
                        i = value;
                        (value ? on : off).append('i');
                    }
                    default -> (value ? on : off).append((char)c);
                }
            }
            items++;
            if (!bump())
            {
                throw error("expected flag but got end of regex", pos, pos);
            }
        }
        if (lastNegation >= 0)
        {
            throw error("dangling flag negation operator", lastNegation, lastNegation + 1);
        }
        ignoreSpace = x;
        unicode = u;
        caseInsensitive = i;
        if (items == 0)
        {
            return null;
        }
        return off.isEmpty() ? on.toString() : on + "-" + off;
    }

    private String captureName()
    {
        if (eof())
        {
            throw error("unclosed capture group name", pos, pos);
        }
        final int start = pos;
        while (true)
        {
            if (ch() == '>')
            {
                break;
            }
            if (!captureChar(ch(), pos == start))
            {
                throw error("invalid capture group character", pos, pos + 1);
            }
            if (!bump())
            {
                break;
            }
        }
        final int end = pos;
        if (eof())
        {
            throw error("unclosed capture group name", pos, pos);
        }
        pos++;
        if (end == start)
        {
            throw error("empty capture group name", start, start);
        }
        final String name = new String(cps, start, end - start);
        final int[] original = nameSpans.get(name);
        if (null != original)
        {
            throw RegexSyntaxException.of(pattern, "duplicate capture group name", start, end, original[0], original[1]);
        }
        nameSpans.put(name, new int[] {start, end});
        return name;
    }

    private static boolean captureChar(final int c, final boolean first)
    {
        if (first)
        {
            return c == '_' || Character.isAlphabetic(c);
        }
        final int t = Character.getType(c);
        return c == '_' || c == '.' || c == '[' || c == ']' || Character.isAlphabetic(c) ||
            t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // repetitions

    private void repetition()
    {
        if (atomKind == NONE || atomKind == FLAGS)
        {
            throw error("repetition operator missing expression", pos, pos);
        }
        final char op = (char)ch();
        boolean greedy = true;
        if (bump() && ch() == '?')
        {
            greedy = false;
            bump();
        }
        wrapForRepetition();
        out.append(op);
        if (!greedy)
        {
            out.append('?');
        }
        atomKind = REPETITION;
    }

    private void wrapForRepetition()
    {
        if (atomKind == REPETITION || atomKind == ASSERTION)
        {
            out.insert(atomStart, "(?:").append(')');
        }
    }

    private void countedRepetition()
    {
        final int start = pos;
        if (atomKind == NONE || atomKind == FLAGS)
        {
            throw error("repetition operator missing expression", pos, pos);
        }
        if (!bumpAndBumpSpace())
        {
            throw error("unclosed counted repetition", start, pos);
        }
        final long[] min = decimal();
        if (eof())
        {
            throw error("unclosed counted repetition", start, pos);
        }
        final long lo;
        final long hi;
        if (ch() == ',')
        {
            if (!bumpAndBumpSpace())
            {
                throw error("unclosed counted repetition", start, pos);
            }
            if (ch() != '}')
            {
                lo = decimalValue(min);
                hi = decimalValue(decimal());
            }
            else
            {
                lo = decimalValue(min);
                hi = -1;
            }
        }
        else
        {
            lo = decimalValue(min);
            hi = lo;
        }
        if (eof() || ch() != '}')
        {
            throw error("unclosed counted repetition", start, pos);
        }
        boolean greedy = true;
        if (bumpAndBumpSpace() && ch() == '?')
        {
            greedy = false;
            bump();
        }
        if (hi >= 0 && lo > hi)
        {
            throw error("invalid repetition count range, the start must be <= the end", start, pos);
        }
        if (lo > MAX_REPEAT || hi > MAX_REPEAT)
        {
            throw unsupported("a counted repetition above " + MAX_REPEAT, start, pos);
        }
        wrapForRepetition();
        out.append('{').append(lo);
        if (hi != lo)
        {
            out.append(',');
            if (hi >= 0)
            {
                out.append(hi);
            }
        }
        out.append('}');
        if (!greedy)
        {
            out.append('?');
        }
        atomKind = REPETITION;
    }

    /** Rust's {@code parse_decimal}: {value, span start, span end, error (0 none, 1 empty, 2 invalid)}. */
    private long[] decimal()
    {
        while (!eof() && WHITE_SPACE.contains(ch()))
        {
            bump();
        }
        final int start = pos;
        final StringBuilder digits = new StringBuilder();
        while (!eof() && ch() >= '0' && ch() <= '9')
        {
            digits.append((char)ch());
            bumpAndBumpSpace();
        }
        final int end = pos;
        while (!eof() && WHITE_SPACE.contains(ch()))
        {
            bumpAndBumpSpace();
        }
        if (digits.isEmpty())
        {
            return new long[] {0, start, end, 1};
        }
        try
        {
            final long v = Long.parseLong(digits.toString());
            return new long[] {v, start, end, v > 0xFFFF_FFFFL ? 2 : 0};
        }
        catch (final NumberFormatException ex)
        {
            return new long[] {0, start, end, 2};
        }
    }

    private long decimalValue(final long[] d)
    {
        if (d[3] == 1)
        {
            throw error("repetition quantifier expects a valid decimal", (int)d[1], (int)d[2]);
        }
        if (d[3] == 2)
        {
            throw error("decimal literal invalid", (int)d[1], (int)d[2]);
        }
        return d[0];
    }

    // -----------------------------------------------------------------------------------------------------------------
    // escapes

    private Prim escape()
    {
        final int start = pos;
        if (!bump())
        {
            throw error("incomplete escape sequence, reached end of pattern prematurely", start, pos);
        }
        final int c = ch();
        if (c >= '0' && c <= '9')
        {
            throw error("backreferences are not supported", start, pos + 1);
        }
        if (c == 'x' || c == 'u' || c == 'U')
        {
            return hexEscape(start, c);
        }
        if (c == 'p' || c == 'P')
        {
            return unicodeClass(start, c == 'P');
        }
        if (c == 'd' || c == 's' || c == 'w' || c == 'D' || c == 'S' || c == 'W')
        {
            bump();
            final CharSet set = switch (Character.toLowerCase(c))
            {
                case 'd' -> unicode ? CharSet.digit() : CharSet.ascii("digit");
                case 's' -> unicode ? CharSet.space() : CharSet.ascii("space");
                default -> unicode ? CharSet.word() : CharSet.ascii("word");
            };
            return new Prim(P_CLASS, 0, false, null, set, Character.isUpperCase(c), start, pos);
        }
        bump();
        final int end = pos;
        if (isMeta(c) || escapable(c))
        {
            return new Prim(P_LITERAL, c, false, null, null, false, start, end);
        }
        return switch (c)
        {
            case 'a' -> new Prim(P_LITERAL, 0x07, false, null, null, false, start, end);
            case 'f' -> new Prim(P_LITERAL, 0x0C, false, null, null, false, start, end);
            case 't' -> new Prim(P_LITERAL, '\t', false, null, null, false, start, end);
            case 'n' -> new Prim(P_LITERAL, '\n', false, null, null, false, start, end);
            case 'r' -> new Prim(P_LITERAL, '\r', false, null, null, false, start, end);
            case 'v' -> new Prim(P_LITERAL, 0x0B, false, null, null, false, start, end);
            case 'A' -> new Prim(P_ASSERTION, 0, false, "\\A", null, false, start, end);
            case 'z' -> new Prim(P_ASSERTION, 0, false, "\\z", null, false, start, end);
            case 'B' -> new Prim(P_ASSERTION, 0, false, "\\B", null, false, start, end);
            case 'b' ->
            {
                specialWordBoundary(start);
                yield new Prim(P_ASSERTION, 0, false, "\\b", null, false, start, end);
            }
            case '<', '>' -> throw unsupported("the word boundary assertion `\\" + (char)c + "`", start, end);
            default -> throw error("unrecognized escape sequence", start, end);
        };
    }

    /** Rust reads {@code \b{start}} and similar as special word boundaries, which RE2/J does not have. */
    private void specialWordBoundary(final int start)
    {
        if (eof() || ch() != '{')
        {
            return;
        }
        final int brace = pos;
        if (!bumpAndBumpSpace())
        {
            throw error("found either the beginning of a special word boundary or a bounded repetition on a \\b with " +
                "an opening brace, but no closing brace", start, pos);
        }
        final int c = ch();
        final boolean valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
        if (!valid)
        {
            pos = brace;
            return;
        }
        while (!eof() && ch() != '}')
        {
            bumpAndBumpSpace();
        }
        if (!eof())
        {
            pos++;
        }
        throw unsupported("the special word boundary assertion `\\b{...}`", start, pos);
    }

    private static boolean isMeta(final int c)
    {
        return switch (c)
        {
            case '\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$', '#', '&', '-', '~' -> true;
            default -> false;
        };
    }

    private static boolean escapable(final int c)
    {
        if (c > 0x7F || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
        {
            return false;
        }
        return c != '<' && c != '>';
    }

    private Prim hexEscape(final int start, final int kind)
    {
        final int digits = kind == 'x' ? 2 : kind == 'u' ? 4 : 8;
        if (!bumpAndBumpSpace())
        {
            throw error("incomplete escape sequence, reached end of pattern prematurely", pos, pos);
        }
        if (ch() == '{')
        {
            final int brace = pos;
            final int first = pos + 1;
            final StringBuilder hex = new StringBuilder();
            while (bumpAndBumpSpace() && ch() != '}')
            {
                if (Character.digit(ch(), 16) < 0 || ch() > 0x7F)
                {
                    throw error("invalid hexadecimal digit", pos, pos + 1);
                }
                hex.append((char)ch());
            }
            if (eof())
            {
                throw error("incomplete escape sequence, reached end of pattern prematurely", brace, pos);
            }
            final int last = pos;
            bumpAndBumpSpace();
            if (hex.isEmpty())
            {
                throw error("hexadecimal literal empty", brace, pos);
            }
            final int c = scalar(hex.toString());
            if (c < 0)
            {
                throw error("hexadecimal literal is not a Unicode scalar value", first, last);
            }
            return new Prim(P_LITERAL, c, kind == 'x', null, null, false, start, pos);
        }
        final int first = pos;
        final StringBuilder hex = new StringBuilder();
        for (int i = 0; i < digits; i++)
        {
            if (i > 0 && !bumpAndBumpSpace())
            {
                throw error("incomplete escape sequence, reached end of pattern prematurely", pos, pos);
            }
            if (Character.digit(ch(), 16) < 0 || ch() > 0x7F)
            {
                throw error("invalid hexadecimal digit", pos, pos + 1);
            }
            hex.append((char)ch());
        }
        bumpAndBumpSpace();
        final int c = scalar(hex.toString());
        if (c < 0)
        {
            throw error("hexadecimal literal is not a Unicode scalar value", first, pos);
        }
        return new Prim(P_LITERAL, c, kind == 'x', null, null, false, start, pos);
    }

    private static int scalar(final String hex)
    {
        try
        {
            final long v = Long.parseLong(hex, 16);
            return v > CharSet.MAX || (v >= 0xD800 && v <= 0xDFFF) ? -1 : (int)v;
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private Prim unicodeClass(final int start, final boolean negated)
    {
        if (!bumpAndBumpSpace())
        {
            throw error("incomplete escape sequence, reached end of pattern prematurely", pos, pos);
        }
        final String name;
        if (ch() == '{')
        {
            final StringBuilder sb = new StringBuilder();
            while (bumpAndBumpSpace() && ch() != '}')
            {
                sb.appendCodePoint(ch());
            }
            if (eof())
            {
                throw error("incomplete escape sequence, reached end of pattern prematurely", pos, pos);
            }
            pos++;
            name = sb.toString();
        }
        else
        {
            if (ch() == '\\')
            {
                throw error("invalid Unicode character class", pos, pos + 1);
            }
            name = new String(cps, pos, 1);
            bumpAndBumpSpace();
        }
        if (!unicode)
        {
            throw error("Unicode not allowed here", start, pos);
        }
        final CharSet set;
        try
        {
            set = CharSet.unicode(name);
        }
        catch (final IllegalArgumentException ex)
        {
            throw error(ex.getMessage(), start, pos);
        }
        return new Prim(P_CLASS, 0, false, null, set, negated, start, pos);
    }

    // -----------------------------------------------------------------------------------------------------------------
    // bracketed classes

    /**
     * Parses {@code [...]} (the parser is at the {@code [}) into a set, without the outer negation.
     *
     * @param result receives the set.
     * @param depth nesting of brackets.
     * @return whether the class is negated.
     */
    private boolean bracket(final CharSet[] result, final int depth)
    {
        final int start = pos;
        if (depth + groups.size() > NEST_LIMIT)
        {
            throw error("exceed the maximum number of nested parentheses/brackets (" + NEST_LIMIT + ")", start, start + 1);
        }
        if (!bumpAndBumpSpace())
        {
            throw error("unclosed character class", start, pos);
        }
        boolean negated = false;
        if (ch() == '^')
        {
            negated = true;
            if (!bumpAndBumpSpace())
            {
                throw error("unclosed character class", start, pos);
            }
        }
        CharSet union = new CharSet();
        boolean any = false;
        while (ch() == '-')
        {
            union.add('-', '-');
            any = true;
            if (!bumpAndBumpSpace())
            {
                throw error("unclosed character class", start, start);
            }
        }
        if (!any && ch() == ']')
        {
            union.add(']', ']');
            if (!bumpAndBumpSpace())
            {
                throw error("unclosed character class", start, pos);
            }
        }
        final int openEnd = pos;
        CharSet lhs = null;
        int op = 0;
        while (true)
        {
            bumpSpace();
            if (eof())
            {
                throw error("unclosed character class", start, openEnd);
            }
            final int c = ch();
            if (c == '[')
            {
                final CharSet ascii = asciiClass();
                if (null != ascii)
                {
                    union.union(ascii);
                    continue;
                }
                final CharSet[] nested = new CharSet[1];
                final boolean nestedNegated = bracket(nested, depth + 1);
                final CharSet folded = fold(nested[0]);
                union.union(nestedNegated ? folded.complement(universe()) : folded);
            }
            else if (c == ']')
            {
                pos++;
                result[0] = null == lhs ? union : apply(lhs, op, union);
                return negated;
            }
            else if ((c == '&' || c == '-' || c == '~') && peek() == c)
            {
                pos += 2;
                lhs = null == lhs ? union : apply(lhs, op, union);
                op = c;
                union = new CharSet();
            }
            else
            {
                classRange(union, start, openEnd);
            }
        }
    }

    private static CharSet apply(final CharSet lhs, final int op, final CharSet rhs)
    {
        return switch (op)
        {
            case '&' -> lhs.intersect(rhs);
            case '-' -> lhs.minus(rhs);
            default -> lhs.symmetricDifference(rhs);
        };
    }

    private int universe()
    {
        return unicode ? CharSet.MAX : 0xFF;
    }

    private void classRange(final CharSet union, final int classStart, final int openEnd)
    {
        final Prim first = classItem();
        bumpSpace();
        if (eof())
        {
            throw error("unclosed character class", classStart, openEnd);
        }
        if (ch() != '-' || peekSpace() == ']' || peekSpace() == '-')
        {
            union.union(itemSet(first));
            return;
        }
        if (!bumpAndBumpSpace())
        {
            throw error("unclosed character class", classStart, openEnd);
        }
        final Prim second = classItem();
        if (first.kind() != P_LITERAL)
        {
            throw error("invalid range boundary, must be a literal", first.start(), first.end());
        }
        if (second.kind() != P_LITERAL)
        {
            throw error("invalid range boundary, must be a literal", second.start(), second.end());
        }
        if (first.c() > second.c())
        {
            throw error("invalid character class range, the start must be <= the end", first.start(), second.end());
        }
        checkClassLiteral(first);
        checkClassLiteral(second);
        union.union(fold(CharSet.of(first.c(), second.c())));
    }

    private Prim classItem()
    {
        if (ch() == '\\')
        {
            final Prim p = escape();
            if (p.kind() == P_ASSERTION)
            {
                throw error("invalid escape sequence found in character class", p.start(), p.end());
            }
            return p;
        }
        final Prim p = new Prim(P_LITERAL, ch(), false, null, null, false, pos, pos + 1);
        bump();
        return p;
    }

    private CharSet itemSet(final Prim p)
    {
        if (p.kind() == P_ASSERTION)
        {
            throw error("invalid escape sequence found in character class", p.start(), p.end());
        }
        if (p.kind() == P_LITERAL)
        {
            checkClassLiteral(p);
            return fold(CharSet.of(p.c(), p.c()));
        }
        final CharSet folded = fold(p.set());
        return p.negated() ? folded.complement(universe()) : folded;
    }

    private void checkClassLiteral(final Prim p)
    {
        if (!unicode && p.c() > 0x7F && !(p.byteEscape() && p.c() <= 0xFF))
        {
            throw error("Unicode not allowed here", p.start(), p.end());
        }
    }

    private CharSet asciiClass()
    {
        final int start = pos;
        if (!bump() || ch() != ':' || !bump())
        {
            pos = start;
            return null;
        }
        boolean negated = false;
        if (ch() == '^')
        {
            negated = true;
            if (!bump())
            {
                pos = start;
                return null;
            }
        }
        final int nameStart = pos;
        while (ch() != ':' && bump())
        {
            // scan to the colon
        }
        if (eof())
        {
            pos = start;
            return null;
        }
        final String name = new String(cps, nameStart, pos - nameStart);
        if (!bumpIf(":]"))
        {
            pos = start;
            return null;
        }
        final CharSet set = CharSet.ascii(name);
        if (null == set)
        {
            pos = start;
            return null;
        }
        final CharSet folded = fold(set);
        return negated ? folded.complement(universe()) : folded;
    }
}
