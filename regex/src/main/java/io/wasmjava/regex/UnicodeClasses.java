package io.wasmjava.regex;

import java.util.Arrays;

/**
 * The named classes of Go's syntax, as canonical range arrays: Perl classes ({@code \d \s \w}), POSIX classes
 * ({@code [:alpha:]}) and Unicode general categories ({@code \pL}, {@code \p{Lu}}).
 *
 * <p>Perl and POSIX classes are ASCII-only, exactly as in Go's {@code perl_groups.go}. General categories come from
 * the runtime's {@code Character.getType} (the JDK's Unicode tables on the JVM, TeaVM's in a module), computed once
 * for all categories on first use; their membership therefore follows the runtime's Unicode version, as Go's follows
 * Go's. Script classes ({@code \p{Greek}}) are recognised by name only, to be refused: neither TeaVM nor a portable
 * JDK API provides script data.
 */
final class UnicodeClasses {
    /** A named group of characters; {@code negated} inverts it ({@code \D}, {@code [:^alpha:]}). */
    record Group(int[] ranges, boolean negated) {
    }

    private static final int[] DIGIT = {'0', '9'};
    private static final int[] SPACE_PERL = {'\t', '\n', '\f', '\r', ' ', ' '};
    private static final int[] WORD = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};

    private static final String[] POSIX_NAMES = {"alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph",
        "lower", "print", "punct", "space", "upper", "word", "xdigit"};
    private static final int[][] POSIX_RANGES = {
        {'0', '9', 'A', 'Z', 'a', 'z'},
        {'A', 'Z', 'a', 'z'},
        {0, 0x7F},
        {'\t', '\t', ' ', ' '},
        {0, 0x1F, 0x7F, 0x7F},
        DIGIT,
        {'!', '~'},
        {'a', 'z'},
        {' ', '~'},
        {'!', '/', ':', '@', '[', '`', '{', '~'},
        {'\t', '\r', ' ', ' '},
        {'A', 'Z'},
        WORD,
        {'0', '9', 'A', 'F', 'a', 'f'},
    };

    /** Go's two-letter category names, indexed by {@code Character.getType}'s value (17 is unused by Java). */
    private static final String[] JAVA_TYPE_NAMES = {"Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Me", "Mc", "Nd", "Nl",
        "No", "Zs", "Zl", "Zp", "Cc", "Cf", "", "Co", "Cs", "Pd", "Ps", "Pe", "Pc", "Po", "Sm", "Sc", "Sk", "So", "Pi",
        "Pf"};

    /** Long names (Unicode's PropertyValueAliases.txt, as in Go's {@code unicode.CategoryAliases}) and short ones. */
    private static final String[] ALIASES = {
        "Casedletter", "LC", "Closepunctuation", "Pe", "Connectorpunctuation", "Pc", "Control", "Cc", "Cntrl", "Cc",
        "Currencysymbol", "Sc", "Dashpunctuation", "Pd", "Decimalnumber", "Nd", "Digit", "Nd", "Enclosingmark", "Me",
        "Finalpunctuation", "Pf", "Format", "Cf", "Initialpunctuation", "Pi", "Letter", "L", "Letternumber", "Nl",
        "Lineseparator", "Zl", "Lowercaseletter", "Ll", "Mark", "M", "Combiningmark", "M", "Mathsymbol", "Sm",
        "Modifierletter", "Lm", "Modifiersymbol", "Sk", "Nonspacingmark", "Mn", "Number", "N", "Openpunctuation", "Ps",
        "Other", "C", "Otherletter", "Lo", "Othernumber", "No", "Otherpunctuation", "Po", "Othersymbol", "So",
        "Paragraphseparator", "Zp", "Privateuse", "Co", "Punctuation", "P", "Punct", "P", "Separator", "Z",
        "Spaceseparator", "Zs", "Spacingmark", "Mc", "Surrogate", "Cs", "Symbol", "S", "Titlecaseletter", "Lt",
        "Unassigned", "Cn", "Uppercaseletter", "Lu",
    };

    /** Unicode script names (Go's {@code unicode.Scripts} keys), canonicalised; only used to refuse them clearly. */
    private static final String SCRIPTS = " Adlam Ahom Anatolianhieroglyphs Arabic Armenian Avestan Balinese Bamum"
        + " Bassavah Batak Bengali Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadianaboriginal Carian"
        + " Caucasianalbanian Chakma Cham Cherokee Chorasmian Common Coptic Cuneiform Cypriot Cyprominoan Cyrillic"
        + " Deseret Devanagari Divesakuru Dogra Duployan Egyptianhieroglyphs Elbasan Elymaic Ethiopic Garay Georgian"
        + " Glagolitic Gothic Grantha Greek Gujarati Gunjalagondi Gurmukhi Gurungkhema Han Hangul Hanifirohingya"
        + " Hanunoo Hatran Hebrew Hiragana Imperialaramaic Inherited Inscriptionalpahlavi Inscriptionalparthian"
        + " Javanese Kaithi Kannada Katakana Kawi Kayahli Kharoshthi Khitansmallscript Khmer Khojki Khudawadi"
        + " Kiratrai Lao Latin Lepcha Limbu Lineara Linearb Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic"
        + " Manichaean Marchen Masaramgondi Medefaidrin Meeteimayek Mendekikakui Meroiticcursive"
        + " Meroitichieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean Nagmundari Nandinagari Newtailue"
        + " Newa Nko Nushu Nyiakengpuachuehmong Ogham Olchiki Olonal Oldhungarian Olditalic Oldnortharabian"
        + " Oldpermic Oldpersian Oldsogdian Oldsoutharabian Oldturkic Olduyghur Oriya Osage Osmanya Pahawhhmong"
        + " Palmyrene Paucinhau Phagspa Phoenician Psalterpahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian"
        + " Siddham Signwriting Sinhala Sogdian Sorasompeng Soyombo Sundanese Sunuwar Sylotinagri Syriac Tagalog"
        + " Tagbanwa Taile Taitham Taiviet Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta"
        + " Todhri Toto Tulutigalari Ugaritic Vai Vithkuqi Wancho Warangciti Yezidi Yi Zanabazarsquare ";

    private UnicodeClasses() {
    }

    /** The Perl class for the letter after a backslash ({@code d s w D S W}), or null. */
    static Group perl(char letter) {
        switch (letter) {
            case 'd': return new Group(DIGIT, false);
            case 'D': return new Group(DIGIT, true);
            case 's': return new Group(SPACE_PERL, false);
            case 'S': return new Group(SPACE_PERL, true);
            case 'w': return new Group(WORD, false);
            case 'W': return new Group(WORD, true);
            default: return null;
        }
    }

    /** The POSIX class for a name such as {@code alpha} or {@code ^alpha} (the text between {@code [:} and {@code :]}). */
    static Group posix(String name) {
        boolean negated = name.startsWith("^");
        String bare = negated ? name.substring(1) : name;
        for (int i = 0; i < POSIX_NAMES.length; i++) {
            if (POSIX_NAMES[i].equals(bare)) {
                return new Group(POSIX_RANGES[i], negated);
            }
        }
        return null;
    }

    /** True if {@code c} is an ASCII word character, the definition Go's {@code \b} uses. */
    static boolean isWordChar(int c) {
        return c < 0x80 && CharRanges.contains(WORD, c);
    }

    /**
     * The Unicode class named {@code name} (without braces or {@code ^}): a general category, a long category alias,
     * {@code Any}, {@code ASCII} or {@code Assigned}, matched case-insensitively ignoring {@code _ - space} as Go's
     * {@code canonicalName} does. Returns null for an unknown name.
     *
     * @throws RegexSyntaxException {@link ErrorKind#UNSUPPORTED_UNICODE_SCRIPT} for a script name, quoting {@code seq}
     */
    static Group unicode(String name, String seq) {
        String canonical = canonicalName(name);
        switch (canonical) {
            case "Any": return new Group(new int[] {0, CharRanges.MAX_CODE_POINT}, false);
            case "Assigned": return new Group(Categories.ranges("Cn"), true);
            case "Ascii": return new Group(new int[] {0, 0x7F}, false);
            case "Lc": return new Group(Categories.ranges("LC"), false);
            default: break;
        }
        int[] ranges = Categories.ranges(canonical);
        if (ranges == null) {
            for (int i = 0; i < ALIASES.length; i += 2) {
                if (ALIASES[i].equals(canonical)) {
                    ranges = Categories.ranges(ALIASES[i + 1]);
                    break;
                }
            }
        }
        if (ranges != null) {
            return new Group(ranges, false);
        }
        if (!canonical.isEmpty() && SCRIPTS.contains(" " + canonical + " ")) {
            throw new RegexSyntaxException(ErrorKind.UNSUPPORTED_UNICODE_SCRIPT, seq);
        }
        return null;
    }

    /** Upper-case first letter, lower-case rest, without {@code _ - space}: Go's {@code canonicalName}. */
    static String canonicalName(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == '-' || c == ' ') {
                continue;
            }
            if (b.length() == 0) {
                b.append(c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c);
            } else {
                b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
            }
        }
        return b.toString();
    }

    /**
     * General-category tables, computed once from {@code Character.getType} over every code point when a pattern
     * first names a category (class initialisation: at most once, thread-safe on the JVM).
     */
    private static final class Categories {
        private static final String[] NAMES;
        private static final int[][] RANGES;

        static {
            CharRanges[] byType = new CharRanges[JAVA_TYPE_NAMES.length];
            for (int t = 0; t < byType.length; t++) {
                byType[t] = new CharRanges();
            }
            int runStart = 0;
            int runType = type(0);
            for (int c = 1; c <= CharRanges.MAX_CODE_POINT + 1; c++) {
                int type = c > CharRanges.MAX_CODE_POINT ? -1 : type(c);
                if (type != runType) {
                    byType[runType].add(runStart, c - 1);
                    runStart = c;
                    runType = type;
                }
            }
            String[] groups = {"C", "CcCfCoCs", "L", "LuLlLtLmLo", "LC", "LuLlLt", "M", "MnMcMe", "N", "NdNlNo", "P",
                "PcPdPsPePiPfPo", "S", "SmScSkSo", "Z", "ZsZlZp"};
            NAMES = new String[JAVA_TYPE_NAMES.length + groups.length / 2];
            RANGES = new int[NAMES.length][];
            int n = 0;
            for (int t = 0; t < JAVA_TYPE_NAMES.length; t++) {
                if (!JAVA_TYPE_NAMES[t].isEmpty()) {
                    NAMES[n] = JAVA_TYPE_NAMES[t];
                    RANGES[n++] = byType[t].toArray();
                }
            }
            for (int g = 0; g < groups.length; g += 2) {
                CharRanges union = new CharRanges();
                String members = groups[g + 1];
                for (int k = 0; k < members.length(); k += 2) {
                    union.addAll(own(members.substring(k, k + 2), n));
                }
                NAMES[n] = groups[g];
                RANGES[n++] = union.toArray();
            }
        }

        /** {@code Character.getType}, with a value Java does not define counted as unassigned rather than trusted. */
        private static int type(int c) {
            int type = Character.getType(c);
            return type < 0 || type >= JAVA_TYPE_NAMES.length || JAVA_TYPE_NAMES[type].isEmpty() ? 0 : type;
        }

        private static int[] own(String name, int n) {
            for (int i = 0; i < n; i++) {
                if (NAMES[i].equals(name)) {
                    return RANGES[i];
                }
            }
            throw new IllegalStateException(name);
        }

        /** The ranges of the category with Go's exact name ({@code Lu}, {@code L}, {@code LC}), or null. */
        static int[] ranges(String name) {
            for (int i = 0; i < NAMES.length; i++) {
                if (name.equals(NAMES[i])) {
                    return RANGES[i];
                }
            }
            return null;
        }
    }

}
