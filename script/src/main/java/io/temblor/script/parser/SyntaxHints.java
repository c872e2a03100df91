package io.temblor.script.parser;

import java.util.List;

import io.temblor.script.lexer.TokenKind;

/**
 * The {@code NOTE:} hints Tremor attaches to "Found the token ... but expected ..." errors: keywords used as
 * identifiers, quotes used for identifiers, trailing semicolons, and the closest expected token by edit distance.
 */
final class SyntaxHints
{
    private static final int MAX_DISTANCE = 3;

    private SyntaxHints()
    {
    }

    /**
     * The hint for finding {@code found} where {@code expected} (quoted names, sorted) were possible, or null.
     */
    static String hint(final String found, final List<String> expected)
    {
        final boolean identExpected = expected.contains("`<ident>`");
        if ("default".equals(found) || "case".equals(found))
        {
            return "You might have a trailing `;` in the prior statement";
        }
        if ("\"".equals(found) && identExpected)
        {
            return "Did you mean to quote an ident? If so use ` (a back tick) not \" (a quote).";
        }
        final boolean notIdent = null != TokenKind.keyword(found) || "true".equals(found) || "false".equals(found);
        if (notIdent && identExpected)
        {
            return "It looks like you tried to use '" + found + "' as an ident, consider quoting it as `" + found
                + "` to make it an identifier.";
        }
        if ("-".equals(found) && expected.contains("`(`"))
        {
            return "Try wrapping this expression in parentheses `(` ... `)`";
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String option : expected)
        {
            final int distance = distance(found, option);
            if (distance <= MAX_DISTANCE && (distance < bestDistance || (distance == bestDistance && option.compareTo(best) < 0)))
            {
                best = option;
                bestDistance = distance;
            }
        }
        if (null == best)
        {
            return null;
        }
        if ("`\"`".equals(best) || "`\"\"\"`".equals(best))
        {
            return "Did you mean to use a string?";
        }
        return "Did you mean to use " + best + "?";
    }

    /**
     * Damerau-Levenshtein distance (optimal string alignment: insertions, deletions, substitutions and transpositions
     * of adjacent characters).
     */
    static int distance(final String a, final String b)
    {
        final int n = a.length();
        final int m = b.length();
        final int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++)
        {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++)
        {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++)
        {
            for (int j = 1; j <= m; j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
    }
}
