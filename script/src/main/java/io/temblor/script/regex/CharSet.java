package io.temblor.script.regex;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * A set of Unicode scalar values as sorted, disjoint, non-adjacent inclusive ranges, with the set algebra Rust's
 * character classes need (union, intersection, difference, symmetric difference, complement) and the Unicode sets
 * behind {@code \d}, {@code \s}, {@code \w}, {@code \p{...}} and the ASCII classes. Unicode data comes from the JDK
 * ({@link Character}); the sets are materialized once and cached. Compile time only.
 */
final class CharSet
{
    /** The largest Unicode scalar value. */
    static final int MAX = 0x10FFFF;

    private static final Map<String, CharSet> CACHE = new ConcurrentHashMap<>();
    private static final String[] CATEGORY_NAMES = categoryNames();
    private static final Map<String, String> CATEGORY_ALIASES = categoryAliases();
    private static final Map<String, Character.UnicodeScript> SCRIPTS = scripts();

    private int[] ranges;
    private int length;

    CharSet()
    {
        this(new int[8], 0);
    }

    private CharSet(final int[] ranges, final int length)
    {
        this.ranges = ranges;
        this.length = length;
    }

    static CharSet of(final int lo, final int hi)
    {
        return new CharSet().add(lo, hi);
    }

    /**
     * Adds a range; the set stays normalized.
     *
     * @param lo first value.
     * @param hi last value (inclusive).
     * @return this.
     */
    CharSet add(final int lo, final int hi)
    {
        if (length > 0 && lo > ranges[length - 1] + 1)
        {
            append(lo, hi);
            return this;
        }
        if (length == 0)
        {
            append(lo, hi);
            return this;
        }
        return union(new CharSet(new int[] {lo, hi}, 2));
    }

    private void append(final int lo, final int hi)
    {
        if (length + 2 > ranges.length)
        {
            ranges = Arrays.copyOf(ranges, ranges.length * 2);
        }
        ranges[length++] = lo;
        ranges[length++] = hi;
    }

    boolean isEmpty()
    {
        return length == 0;
    }

    int rangeCount()
    {
        return length / 2;
    }

    int lo(final int range)
    {
        return ranges[2 * range];
    }

    int hi(final int range)
    {
        return ranges[2 * range + 1];
    }

    /** The largest value, or -1 when empty. */
    int max()
    {
        return length == 0 ? -1 : ranges[length - 1];
    }

    boolean contains(final int c)
    {
        int lo = 0;
        int hi = length / 2 - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (c < ranges[2 * mid])
            {
                hi = mid - 1;
            }
            else if (c > ranges[2 * mid + 1])
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces this set by its union with another.
     *
     * @param other the other set.
     * @return this.
     */
    CharSet union(final CharSet other)
    {
        final int[] out = new int[length + other.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < length || j < other.length)
        {
            final int lo;
            final int hi;
            if (j >= other.length || (i < length && ranges[i] <= other.ranges[j]))
            {
                lo = ranges[i];
                hi = ranges[i + 1];
                i += 2;
            }
            else
            {
                lo = other.ranges[j];
                hi = other.ranges[j + 1];
                j += 2;
            }
            if (n > 0 && lo <= out[n - 1] + 1)
            {
                out[n - 1] = Math.max(out[n - 1], hi);
            }
            else
            {
                out[n++] = lo;
                out[n++] = hi;
            }
        }
        ranges = out.length == 0 ? new int[8] : out;
        length = n;
        return this;
    }

    /**
     * The complement within {@code [0, universeMax]}, without the surrogates (which are not scalar values).
     *
     * @param universeMax {@link #MAX}, or 0xFF for Rust's byte classes.
     * @return a new set.
     */
    CharSet complement(final int universeMax)
    {
        final CharSet out = invert(universeMax);
        return universeMax >= 0xD800 ? out.intersect(of(0xD800, 0xDFFF).invert(MAX)) : out;
    }

    private CharSet invert(final int universeMax)
    {
        final CharSet out = new CharSet();
        int next = 0;
        for (int i = 0; i < length && ranges[i] <= universeMax; i += 2)
        {
            if (ranges[i] > next)
            {
                out.append(next, ranges[i] - 1);
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= universeMax)
        {
            out.append(next, universeMax);
        }
        return out;
    }

    CharSet intersect(final CharSet other)
    {
        final CharSet out = new CharSet();
        int i = 0;
        int j = 0;
        while (i < length && j < other.length)
        {
            final int lo = Math.max(ranges[i], other.ranges[j]);
            final int hi = Math.min(ranges[i + 1], other.ranges[j + 1]);
            if (lo <= hi)
            {
                out.append(lo, hi);
            }
            if (ranges[i + 1] < other.ranges[j + 1])
            {
                i += 2;
            }
            else
            {
                j += 2;
            }
        }
        return out;
    }

    CharSet minus(final CharSet other)
    {
        return intersect(other.invert(MAX));
    }

    CharSet symmetricDifference(final CharSet other)
    {
        return copy().union(other).minus(intersect(other));
    }

    CharSet copy()
    {
        return new CharSet(Arrays.copyOf(ranges, Math.max(8, length)), length);
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Unicode and ASCII sets

    /** {@code \d} with Unicode: the decimal numbers (general category Nd). */
    static CharSet digit()
    {
        return category("Nd");
    }

    /** {@code \s} with Unicode: the White_Space property. */
    static CharSet space()
    {
        return new CharSet().add(0x09, 0x0D).add(0x20, 0x20).add(0x85, 0x85).add(0xA0, 0xA0).add(0x1680, 0x1680)
            .add(0x2000, 0x200A).add(0x2028, 0x2029).add(0x202F, 0x202F).add(0x205F, 0x205F).add(0x3000, 0x3000);
    }

    /**
     * {@code \w} with Unicode: Alphabetic, Mark, Decimal_Number, Connector_Punctuation and Join_Control (UTS#18).
     * Alphabetic is the letters, the letter numbers and Other_Alphabetic, which outside the marks is only the circled
     * and squared Latin letters (checked against {@link Character#isAlphabetic} in the unit test).
     */
    static CharSet word()
    {
        return category("L").union(category("Nl")).union(category("M")).union(category("Nd")).union(category("Pc"))
            .add(0x200C, 0x200D).add(0x24B6, 0x24E9).add(0x1F130, 0x1F149).add(0x1F150, 0x1F169).add(0x1F170, 0x1F189);
    }

    /**
     * The closure under simple case folding (what Rust's {@code case_fold_simple} computes): every value gets the
     * values of its case orbit ({@code k}, {@code K} and the Kelvin sign, {@code s}, {@code S} and the long s, ...).
     * Orbits come from the JDK's case mappings, grouped by lower(upper(c)); the Turkish dotted and dotless i, which
     * case-map but do not simple-fold, stay alone.
     *
     * @return a new set.
     */
    CharSet fold()
    {
        final CharSet foldable = intersect(Orbits.FOLDABLE);
        int[] members = new int[64];
        int n = 0;
        for (int r = 0; r < foldable.rangeCount(); r++)
        {
            for (int c = foldable.lo(r); c <= foldable.hi(r); c++)
            {
                for (final int member : Orbits.ORBIT.get(c))
                {
                    if (n == members.length)
                    {
                        members = Arrays.copyOf(members, n * 2);
                    }
                    members[n++] = member;
                }
            }
        }
        Arrays.sort(members, 0, n);
        final CharSet added = new CharSet();
        for (int i = 0; i < n; i++)
        {
            added.add(members[i], members[i]);
        }
        return copy().union(added);
    }

    /** Case orbits, built in one pass over the code points on first use. */
    private static final class Orbits
    {
        static final Map<Integer, int[]> ORBIT = new HashMap<>();
        static final CharSet FOLDABLE = new CharSet();

        static
        {
            final Map<Integer, java.util.List<Integer>> byKey = new HashMap<>();
            for (int c = 0; c <= MAX; c++)
            {
                final int upper = Character.toUpperCase(c);
                final int lower = Character.toLowerCase(c);
                if ((upper == c && lower == c) || c == 0x130 || c == 0x131 || (c >= 0xD800 && c <= 0xDFFF))
                {
                    continue;
                }
                final int key = Character.toLowerCase(upper);
                final java.util.List<Integer> members = byKey.computeIfAbsent(key, k -> new java.util.ArrayList<>());
                if (members.isEmpty() && key != c)
                {
                    members.add(key);
                }
                if (!members.contains(c))
                {
                    members.add(c);
                }
            }
            for (final java.util.List<Integer> members : byKey.values())
            {
                if (members.size() < 2)
                {
                    continue;
                }
                final int[] orbit = members.stream().mapToInt(Integer::intValue).sorted().toArray();
                for (final int m : orbit)
                {
                    ORBIT.put(m, orbit);
                    FOLDABLE.add(m, m);
                }
            }
        }
    }

    /**
     * An ASCII class by its POSIX name ({@code [[:alpha:]]}).
     *
     * @param name the name.
     * @return the set, or null for an unknown name.
     */
    static CharSet ascii(final String name)
    {
        return switch (name)
        {
            case "alnum" -> of('0', '9').add('A', 'Z').add('a', 'z');
            case "alpha" -> of('A', 'Z').add('a', 'z');
            case "ascii" -> of(0, 0x7F);
            case "blank" -> of('\t', '\t').add(' ', ' ');
            case "cntrl" -> of(0, 0x1F).add(0x7F, 0x7F);
            case "digit" -> of('0', '9');
            case "graph" -> of('!', '~');
            case "lower" -> of('a', 'z');
            case "print" -> of(' ', '~');
            case "punct" -> of('!', '/').add(':', '@').add('[', '`').add('{', '~');
            case "space" -> of('\t', '\r').add(' ', ' ');
            case "upper" -> of('A', 'Z');
            case "word" -> of('0', '9').add('A', 'Z').add('_', '_').add('a', 'z');
            case "xdigit" -> of('0', '9').add('A', 'F').add('a', 'f');
            default -> null;
        };
    }

    /**
     * A Unicode class by the name written in {@code \p{...}} or {@code \pX}, resolved the way Rust's regex-syntax does
     * (names normalized by UAX44-LM3; binary properties, then general categories, then scripts; {@code name=value},
     * {@code name:value} and {@code name!=value} for general categories and scripts).
     *
     * @param query the text between the braces (or the one letter).
     * @return the set (complemented for {@code !=}).
     * @throws IllegalArgumentException with Rust's message when the property or value is unknown (or not supported).
     */
    static CharSet unicode(final String query)
    {
        int split = query.indexOf("!=");
        int skip = 2;
        if (split < 0)
        {
            split = query.indexOf(':');
            skip = 1;
        }
        if (split < 0)
        {
            split = query.indexOf('=');
            skip = 1;
        }
        if (split < 0)
        {
            return binary(normalize(query));
        }
        final String property = normalize(query.substring(0, split));
        final String value = normalize(query.substring(split + skip));
        final CharSet set = switch (property)
        {
            case "gc", "generalcategory" ->
            {
                final CharSet c = generalCategory(value);
                if (null == c)
                {
                    throw new IllegalArgumentException("Unicode property value not found");
                }
                yield c;
            }
            case "sc", "script" ->
            {
                final CharSet c = script(value);
                if (null == c)
                {
                    throw new IllegalArgumentException("Unicode property value not found");
                }
                yield c;
            }
            default -> throw new IllegalArgumentException("Unicode property not found (Temblor supports general " +
                "categories, scripts and common binary properties)");
        };
        return query.startsWith("!=", split) ? set.complement(MAX) : set;
    }

    private static CharSet binary(final String name)
    {
        if (!name.equals("cf") && !name.equals("sc") && !name.equals("lc"))
        {
            final CharSet property = property(name);
            if (null != property)
            {
                return property;
            }
        }
        CharSet c = generalCategory(name);
        if (null == c)
        {
            c = script(name);
        }
        if (null == c)
        {
            throw new IllegalArgumentException("Unicode property not found");
        }
        return c;
    }

    private static CharSet property(final String name)
    {
        return switch (name)
        {
            case "alphabetic", "alpha" -> cached("bin:alpha", () -> build(Character::isAlphabetic));
            case "whitespace", "wspace", "space" -> space();
            case "uppercase", "upper" -> cached("bin:upper", () -> build(Character::isUpperCase));
            case "lowercase", "lower" -> cached("bin:lower", () -> build(Character::isLowerCase));
            case "ideographic", "ideo" -> cached("bin:ideo", () -> build(Character::isIdeographic));
            case "joincontrol", "joinc" -> of(0x200C, 0x200D);
            case "asciihexdigit", "ahex" -> ascii("xdigit");
            case "hexdigit", "hex" -> ascii("xdigit").add(0xFF10, 0xFF19).add(0xFF21, 0xFF26).add(0xFF41, 0xFF46);
            case "emoji" -> cached("bin:emoji", () -> build(Character::isEmoji));
            case "emojipresentation", "epres" -> cached("bin:epres", () -> build(Character::isEmojiPresentation));
            case "emojimodifier", "emod" -> cached("bin:emod", () -> build(Character::isEmojiModifier));
            case "emojimodifierbase", "ebase" -> cached("bin:ebase", () -> build(Character::isEmojiModifierBase));
            case "emojicomponent", "ecomp" -> cached("bin:ecomp", () -> build(Character::isEmojiComponent));
            case "extendedpictographic", "extpict" -> cached("bin:extpict", () -> build(Character::isExtendedPictographic));
            default -> null;
        };
    }

    private static CharSet generalCategory(final String name)
    {
        return switch (name)
        {
            case "any" -> of(0, MAX).minus(of(0xD800, 0xDFFF));
            case "ascii" -> of(0, 0x7F);
            case "assigned" -> category("Cn").complement(MAX);
            default ->
            {
                final String canonical = CATEGORY_ALIASES.get(name);
                yield null == canonical ? null : category(canonical);
            }
        };
    }

    private static CharSet script(final String name)
    {
        Character.UnicodeScript script = SCRIPTS.get(name);
        if (null == script)
        {
            try
            {
                script = Character.UnicodeScript.forName(name);
            }
            catch (final IllegalArgumentException ex)
            {
                return null;
            }
        }
        return Scripts.SETS.get(script).copy();
    }

    /** All scripts, materialized in one pass over the code points on first use. */
    private static final class Scripts
    {
        static final Map<Character.UnicodeScript, CharSet> SETS = new java.util.EnumMap<>(Character.UnicodeScript.class);

        static
        {
            for (final Character.UnicodeScript s : Character.UnicodeScript.values())
            {
                SETS.put(s, new CharSet());
            }
            int start = 0;
            Character.UnicodeScript script = Character.UnicodeScript.of(0);
            for (int c = 1; c <= MAX + 1; c++)
            {
                final Character.UnicodeScript s = c <= MAX ? Character.UnicodeScript.of(c) : null;
                if (s != script)
                {
                    SETS.get(script).append(start, c - 1);
                    start = c;
                    script = s;
                }
            }
        }
    }

    /**
     * A general category or a group of them by its short name ({@code Lu}, {@code L}, {@code LC}, ...).
     *
     * @param shortName the canonical short name.
     * @return the set.
     */
    static CharSet category(final String shortName)
    {
        final CharSet[] all = Categories.SETS;
        final CharSet out = new CharSet();
        for (int type = 0; type < CATEGORY_NAMES.length; type++)
        {
            final String n = CATEGORY_NAMES[type];
            if (null == n)
            {
                continue;
            }
            final boolean member = shortName.equals("LC") ? n.equals("Lu") || n.equals("Ll") || n.equals("Lt") :
                shortName.length() == 1 ? n.charAt(0) == shortName.charAt(0) : n.equals(shortName);
            if (member)
            {
                out.union(all[type]);
            }
        }
        return shortName.charAt(0) == 'C' ? out.minus(of(0xD800, 0xDFFF)) : out;
    }

    /** All general categories, materialized in one pass over the code points on first use. */
    private static final class Categories
    {
        static final CharSet[] SETS = build();

        private static CharSet[] build()
        {
            final CharSet[] sets = new CharSet[CATEGORY_NAMES.length];
            for (int t = 0; t < sets.length; t++)
            {
                sets[t] = new CharSet();
            }
            int start = 0;
            int type = Character.getType(0);
            for (int c = 1; c <= MAX + 1; c++)
            {
                final int t = c <= MAX ? Character.getType(c) : -1;
                if (t != type)
                {
                    sets[type].append(start, c - 1);
                    start = c;
                    type = t;
                }
            }
            return sets;
        }
    }

    private static CharSet cached(final String key, final java.util.function.Supplier<CharSet> build)
    {
        final CharSet hit = CACHE.get(key);
        if (null != hit)
        {
            return hit.copy();
        }
        final CharSet made = build.get();
        CACHE.putIfAbsent(key, made);
        return made.copy();
    }

    private static CharSet build(final IntPredicate member)
    {
        final CharSet out = new CharSet();
        int start = -1;
        for (int c = 0; c <= MAX + 1; c++)
        {
            final boolean in = c <= MAX && (c < 0xD800 || c > 0xDFFF) && member.test(c);
            if (in && start < 0)
            {
                start = c;
            }
            else if (!in && start >= 0)
            {
                out.append(start, c - 1);
                start = -1;
            }
        }
        return out;
    }

    /**
     * Rust's symbolic name normalization (UAX44-LM3): an {@code is} prefix, spaces, {@code _} and {@code -} dropped,
     * ASCII lower-cased, anything that is not ASCII dropped.
     *
     * @param name the name as written.
     * @return the normalized name.
     */
    static String normalize(final String name)
    {
        final StringBuilder out = new StringBuilder(name.length());
        final int start = name.length() >= 2 && name.substring(0, 2).equalsIgnoreCase("is") ? 2 : 0;
        for (int i = start; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c == ' ' || c == '_' || c == '-' || c > 0x7F)
            {
                continue;
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    private static String[] categoryNames()
    {
        final String[] names = new String[31];
        names[Character.UNASSIGNED] = "Cn";
        names[Character.UPPERCASE_LETTER] = "Lu";
        names[Character.LOWERCASE_LETTER] = "Ll";
        names[Character.TITLECASE_LETTER] = "Lt";
        names[Character.MODIFIER_LETTER] = "Lm";
        names[Character.OTHER_LETTER] = "Lo";
        names[Character.NON_SPACING_MARK] = "Mn";
        names[Character.ENCLOSING_MARK] = "Me";
        names[Character.COMBINING_SPACING_MARK] = "Mc";
        names[Character.DECIMAL_DIGIT_NUMBER] = "Nd";
        names[Character.LETTER_NUMBER] = "Nl";
        names[Character.OTHER_NUMBER] = "No";
        names[Character.SPACE_SEPARATOR] = "Zs";
        names[Character.LINE_SEPARATOR] = "Zl";
        names[Character.PARAGRAPH_SEPARATOR] = "Zp";
        names[Character.CONTROL] = "Cc";
        names[Character.FORMAT] = "Cf";
        names[Character.PRIVATE_USE] = "Co";
        names[Character.SURROGATE] = "Cs";
        names[Character.DASH_PUNCTUATION] = "Pd";
        names[Character.START_PUNCTUATION] = "Ps";
        names[Character.END_PUNCTUATION] = "Pe";
        names[Character.CONNECTOR_PUNCTUATION] = "Pc";
        names[Character.OTHER_PUNCTUATION] = "Po";
        names[Character.MATH_SYMBOL] = "Sm";
        names[Character.CURRENCY_SYMBOL] = "Sc";
        names[Character.MODIFIER_SYMBOL] = "Sk";
        names[Character.OTHER_SYMBOL] = "So";
        names[Character.INITIAL_QUOTE_PUNCTUATION] = "Pi";
        names[Character.FINAL_QUOTE_PUNCTUATION] = "Pf";
        return names;
    }

    private static Map<String, String> categoryAliases()
    {
        final Map<String, String> m = new HashMap<>();
        final String[][] aliases = {
            {"C", "other"}, {"Cc", "control", "cntrl"}, {"Cf", "format"}, {"Cn", "unassigned"},
            {"Co", "privateuse"}, {"Cs", "surrogate"}, {"L", "letter"}, {"LC", "casedletter"},
            {"Ll", "lowercaseletter"}, {"Lm", "modifierletter"}, {"Lo", "otherletter"}, {"Lt", "titlecaseletter"},
            {"Lu", "uppercaseletter"}, {"M", "mark", "combiningmark"}, {"Mc", "spacingmark"}, {"Me", "enclosingmark"},
            {"Mn", "nonspacingmark"}, {"N", "number"}, {"Nd", "decimalnumber", "digit"}, {"Nl", "letternumber"},
            {"No", "othernumber"}, {"P", "punctuation", "punct"}, {"Pc", "connectorpunctuation"},
            {"Pd", "dashpunctuation"}, {"Pe", "closepunctuation"}, {"Pf", "finalpunctuation"},
            {"Pi", "initialpunctuation"}, {"Po", "otherpunctuation"}, {"Ps", "openpunctuation"}, {"S", "symbol"},
            {"Sc", "currencysymbol"}, {"Sk", "modifiersymbol"}, {"Sm", "mathsymbol"}, {"So", "othersymbol"},
            {"Z", "separator"}, {"Zl", "lineseparator"}, {"Zp", "paragraphseparator"}, {"Zs", "spaceseparator"},
        };
        for (final String[] a : aliases)
        {
            m.put(a[0].toLowerCase(Locale.ROOT), a[0]);
            for (int i = 1; i < a.length; i++)
            {
                m.put(a[i], a[0]);
            }
        }
        m.put("l&", "LC");
        return m;
    }

    private static Map<String, Character.UnicodeScript> scripts()
    {
        final Map<String, Character.UnicodeScript> m = new HashMap<>();
        for (final Character.UnicodeScript s : Character.UnicodeScript.values())
        {
            m.put(normalize(s.name()), s);
        }
        return m;
    }

    @Override
    public String toString()
    {
        final StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < length; i += 2)
        {
            out.append(String.format("%X-%X ", ranges[i], ranges[i + 1]));
        }
        return out.append(']').toString();
    }
}
