package io.wasmjava.regex;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses Go's {@code regexp/syntax} with the {@code Perl} flags that {@code regexp.Compile} uses: one-line mode,
 * negated classes match {@code \n}, Perl extensions and Unicode classes. Follows the rules of Go's
 * {@code src/regexp/syntax/parse.go} (operator precedence, which fragment an error quotes, the repeat and nesting
 * limits) with an explicit stack, so no input can overflow the Java stack.
 */
final class Parser {
    static final int FOLD_CASE = 1;
    static final int DOT_NL = 2;
    static final int ONE_LINE = 4;
    static final int NON_GREEDY = 8;

    /** Largest count in {@code x{n,m}}, and the largest product of nested counts (Go's {@code maxRepeat}). */
    static final int MAX_REPEAT = 1000;
    /** Deepest parse tree (Go's {@code maxHeight}). */
    static final int MAX_HEIGHT = 1000;
    /** Largest program, in instructions (Go's {@code maxSize}: 128 MB over a 40-byte instruction). */
    static final long MAX_SIZE = (128L << 20) / 40;
    /** Most ranges' code points summed over all classes (Go's {@code maxRunes}: 128 MB over a 4-byte rune). */
    static final long MAX_RUNES = (128L << 20) / 4;

    private final String s;
    private final List<Node> stack = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private int flags = ONE_LINE;
    private int numCap;
    private long numRunes;

    private Parser(String s) {
        this.s = s;
        names.add("");
    }

    /** The parse of {@code pattern}: its tree, and one name per group (index 0 is the whole match, "" if unnamed). */
    record Result(Node root, List<String> groupNames) {
    }

    static Result parse(String pattern) {
        Parser p = new Parser(pattern);
        Node root = p.parseAll();
        if (size(root) > MAX_SIZE) {
            throw new RegexSyntaxException(ErrorKind.LARGE, pattern);
        }
        return new Result(root, List.copyOf(p.names));
    }

    private Node parseAll() {
        int t = 0;
        int lastRepeat = -1;
        while (t < s.length()) {
            int repeat = -1;
            char c = s.charAt(t);
            switch (c) {
                case '(':
                    if (t + 1 < s.length() && s.charAt(t + 1) == '?') {
                        t = parsePerlFlags(t);
                        break;
                    }
                    numCap++;
                    names.add("");
                    push(leftParen(numCap, null));
                    t++;
                    break;
                case '|':
                    concat();
                    push(new Node(Node.Op.VERTICAL_BAR, flags));
                    t++;
                    break;
                case ')':
                    parseRightParen();
                    t++;
                    break;
                case '^':
                    push(new Node((flags & ONE_LINE) != 0 ? Node.Op.BEGIN_TEXT : Node.Op.BEGIN_LINE, flags));
                    t++;
                    break;
                case '$':
                    push(new Node((flags & ONE_LINE) != 0 ? Node.Op.END_TEXT : Node.Op.END_LINE, flags));
                    t++;
                    break;
                case '.':
                    push(new Node((flags & DOT_NL) != 0 ? Node.Op.ANY_CHAR : Node.Op.ANY_CHAR_NOT_NL, flags));
                    t++;
                    break;
                case '[':
                    t = parseClass(t);
                    break;
                case '*':
                case '+':
                case '?': {
                    Node.Op op = c == '*' ? Node.Op.STAR : c == '+' ? Node.Op.PLUS : Node.Op.QUEST;
                    int after = repeat(op, 0, 0, t, t + 1, lastRepeat);
                    repeat = t;
                    t = after;
                    break;
                }
                case '{': {
                    int[] parsed = parseRepeat(t);
                    if (parsed == null) {
                        literal('{'); // not a well-formed {n,m}: a literal brace, as in Go
                        t++;
                        break;
                    }
                    int min = parsed[0];
                    int max = parsed[1];
                    int after = parsed[2];
                    if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || max >= 0 && min > max) {
                        throw error(ErrorKind.INVALID_REPEAT_SIZE, t, after);
                    }
                    after = repeat(Node.Op.REPEAT, min, max, t, after, lastRepeat);
                    repeat = t;
                    t = after;
                    break;
                }
                case '\\':
                    t = parseBackslash(t);
                    break;
                default: {
                    int cp = s.codePointAt(t);
                    literal(cp);
                    t += Character.charCount(cp);
                    break;
                }
            }
            lastRepeat = repeat;
        }
        concat();
        alternate();
        if (stack.size() != 1) {
            throw new RegexSyntaxException(ErrorKind.MISSING_PAREN, s);
        }
        return stack.get(0);
    }

    private RegexSyntaxException error(ErrorKind kind, int from, int to) {
        return new RegexSyntaxException(kind, s.substring(from, to));
    }

    private Node leftParen(int cap, String name) {
        Node paren = new Node(Node.Op.LEFT_PAREN, flags);
        paren.cap = cap;
        paren.name = name;
        return paren;
    }

    private void push(Node node) {
        if (node.height > MAX_HEIGHT) {
            throw new RegexSyntaxException(ErrorKind.NESTING_DEPTH, s);
        }
        stack.add(node);
    }

    private Node top() {
        return stack.get(stack.size() - 1);
    }

    private void literal(int c) {
        Node node = new Node(Node.Op.LITERAL, flags);
        if ((flags & FOLD_CASE) != 0) {
            int min = CaseFolding.min(c);
            if (min == c && CaseFolding.next(c) == c) {
                node.flags &= ~FOLD_CASE; // nothing to fold with: match it exactly
            }
            c = min;
        }
        node.rune = c;
        push(node);
    }

    private void pushClass(CharRanges ranges, boolean negate) {
        int[] canonical = ranges.toArray();
        if (negate) {
            canonical = CharRanges.negate(canonical);
        }
        numRunes += canonical.length;
        if (numRunes > MAX_RUNES) {
            throw new RegexSyntaxException(ErrorKind.LARGE, s);
        }
        Node node = new Node(Node.Op.CHAR_CLASS, flags);
        node.ranges = canonical;
        push(node);
    }

    /**
     * Applies a repetition operator to the top of the stack. {@code before} is where the operator starts,
     * {@code after} where it ends; returns the index after a lazy {@code ?}, if any.
     */
    private int repeat(Node.Op op, int min, int max, int before, int after, int lastRepeat) {
        int nodeFlags = flags;
        if (after < s.length() && s.charAt(after) == '?') {
            after++;
            nodeFlags ^= NON_GREEDY;
        }
        if (lastRepeat >= 0) {
            // Perl forbids stacking: a** is an error, and a++ (possessive) means something RE2 does not support.
            throw error(ErrorKind.INVALID_REPEAT_OP, lastRepeat, after);
        }
        if (stack.isEmpty() || top().op.isPseudo()) {
            throw error(ErrorKind.MISSING_REPEAT_ARGUMENT, before, after);
        }
        Node node = new Node(op, nodeFlags).withSubs(top());
        node.min = min;
        node.max = max;
        stack.set(stack.size() - 1, node);
        if (node.height > MAX_HEIGHT) {
            throw new RegexSyntaxException(ErrorKind.NESTING_DEPTH, s);
        }
        if (op == Node.Op.REPEAT && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) {
            throw error(ErrorKind.INVALID_REPEAT_SIZE, before, after);
        }
        return after;
    }

    /** True if the repetitions nested in {@code node} multiply to at most {@code n} copies of the innermost one. */
    private static boolean repeatIsValid(Node node, int n) {
        if (node.op == Node.Op.REPEAT) {
            int m = node.max;
            if (m == 0) {
                return true;
            }
            if (m < 0) {
                m = node.min;
            }
            if (m > n) {
                return false;
            }
            if (m > 0) {
                n /= m;
            }
        }
        for (Node sub : node.subs) {
            if (!repeatIsValid(sub, n)) {
                return false;
            }
        }
        return true;
    }

    /** Parses {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code t}: {min, max (-1: none), end}, or null. */
    private int[] parseRepeat(int t) {
        int i = t + 1;
        int[] min = parseInt(i);
        if (min == null) {
            return null;
        }
        i = min[1];
        if (i >= s.length()) {
            return null;
        }
        int max;
        int lo = min[0];
        if (s.charAt(i) != ',') {
            max = lo;
        } else {
            i++;
            if (i >= s.length()) {
                return null;
            }
            if (s.charAt(i) == '}') {
                max = -1;
            } else {
                int[] parsed = parseInt(i);
                if (parsed == null) {
                    return null;
                }
                max = parsed[0];
                i = parsed[1];
                if (max < 0) {
                    lo = -1; // too big: reported as a bad count, not a literal
                }
            }
        }
        if (i >= s.length() || s.charAt(i) != '}') {
            return null;
        }
        return new int[] {lo, max, i + 1};
    }

    /** A decimal without leading zeros at {@code i}: {value (-1 when above 10^8), end}, or null. */
    private int[] parseInt(int i) {
        if (i >= s.length() || !isDigit(s.charAt(i))) {
            return null;
        }
        if (i + 1 < s.length() && s.charAt(i) == '0' && isDigit(s.charAt(i + 1))) {
            return null;
        }
        int n = 0;
        int j = i;
        while (j < s.length() && isDigit(s.charAt(j))) {
            if (n >= 0) {
                n = n >= 100_000_000 ? -1 : n * 10 + s.charAt(j) - '0';
            }
            j++;
        }
        return new int[] {n, j};
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlnum(int c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    /** Parses {@code (?flags)}, {@code (?flags:}, {@code (?P<name>} or {@code (?<name>} at {@code t}. */
    private int parsePerlFlags(int t) {
        boolean startsWithP = s.length() - t > 4 && s.charAt(t + 2) == 'P' && s.charAt(t + 3) == '<';
        boolean startsWithName = s.length() - t > 3 && s.charAt(t + 2) == '<';
        if (startsWithP || startsWithName) {
            int nameStart = t + (startsWithP ? 4 : 3);
            int end = s.indexOf('>', t);
            if (end < 0) {
                // Also what lookbehind (?<=x) and (?<!x) get, as in Go.
                throw error(ErrorKind.INVALID_NAMED_CAPTURE, t, s.length());
            }
            String name = s.substring(nameStart, end);
            if (!isValidCaptureName(name)) {
                throw error(ErrorKind.INVALID_NAMED_CAPTURE, t, end + 1);
            }
            numCap++;
            names.add(name);
            push(leftParen(numCap, name));
            return end + 1;
        }
        int i = t + 2;
        int newFlags = flags;
        boolean negated = false;
        boolean sawFlag = false;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case 'i':
                    newFlags = negated ? newFlags & ~FOLD_CASE : newFlags | FOLD_CASE;
                    sawFlag = true;
                    continue;
                case 'm':
                    newFlags = negated ? newFlags | ONE_LINE : newFlags & ~ONE_LINE;
                    sawFlag = true;
                    continue;
                case 's':
                    newFlags = negated ? newFlags & ~DOT_NL : newFlags | DOT_NL;
                    sawFlag = true;
                    continue;
                case 'U':
                    newFlags = negated ? newFlags & ~NON_GREEDY : newFlags | NON_GREEDY;
                    sawFlag = true;
                    continue;
                case '-':
                    if (negated) {
                        break;
                    }
                    negated = true;
                    sawFlag = false;
                    continue;
                case ':':
                case ')':
                    if (negated && !sawFlag) {
                        break;
                    }
                    if (c == ':') {
                        push(leftParen(0, null));
                    }
                    flags = newFlags;
                    return i;
                default:
                    break;
            }
            break;
        }
        throw error(ErrorKind.INVALID_PERL_OP, t, i);
    }

    private static boolean isValidCaptureName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '_' && !isAlnum(c)) {
                return false;
            }
        }
        return true;
    }

    /** Replaces the nodes above the topmost marker with their concatenation. */
    private void concat() {
        int i = stack.size();
        while (i > 0 && !stack.get(i - 1).op.isPseudo()) {
            i--;
        }
        List<Node> items = stack.subList(i, stack.size());
        Node result;
        if (items.isEmpty()) {
            result = new Node(Node.Op.EMPTY_MATCH, flags);
        } else if (items.size() == 1) {
            result = items.get(0);
        } else {
            result = collapse(items, Node.Op.CONCAT);
        }
        items.clear();
        push(result);
    }

    /** Replaces the alternatives above the topmost {@code (} (separated by {@code |} markers) with their alternation. */
    private void alternate() {
        int i = stack.size();
        while (i > 0 && stack.get(i - 1).op != Node.Op.LEFT_PAREN) {
            i--;
        }
        List<Node> items = stack.subList(i, stack.size());
        List<Node> alternatives = new ArrayList<>();
        for (Node item : items) {
            if (item.op != Node.Op.VERTICAL_BAR) {
                alternatives.add(item);
            }
        }
        items.clear();
        push(alternatives.size() == 1 ? alternatives.get(0) : collapse(alternatives, Node.Op.ALTERNATE));
    }

    /** A node of {@code op} over {@code items}, splicing in the subs of items that are themselves {@code op}. */
    private Node collapse(List<Node> items, Node.Op op) {
        List<Node> subs = new ArrayList<>();
        for (Node item : items) {
            if (item.op == op) {
                for (Node sub : item.subs) {
                    subs.add(sub);
                }
            } else {
                subs.add(item);
            }
        }
        return new Node(op, flags).withSubs(subs.toArray(new Node[0]));
    }

    private void parseRightParen() {
        concat();
        alternate();
        int n = stack.size();
        if (n < 2 || stack.get(n - 2).op != Node.Op.LEFT_PAREN) {
            throw new RegexSyntaxException(ErrorKind.UNEXPECTED_PAREN, s);
        }
        Node body = stack.remove(n - 1);
        Node paren = stack.remove(n - 2);
        flags = paren.flags;
        if (paren.cap == 0) {
            push(body);
        } else {
            Node capture = new Node(Node.Op.CAPTURE, flags).withSubs(body);
            capture.cap = paren.cap;
            capture.name = paren.name;
            push(capture);
        }
    }

    /** Parses a backslash sequence outside a class at {@code t}. */
    private int parseBackslash(int t) {
        if (t + 1 < s.length()) {
            switch (s.charAt(t + 1)) {
                case 'A':
                    push(new Node(Node.Op.BEGIN_TEXT, flags));
                    return t + 2;
                case 'b':
                    push(new Node(Node.Op.WORD_BOUNDARY, flags));
                    return t + 2;
                case 'B':
                    push(new Node(Node.Op.NO_WORD_BOUNDARY, flags));
                    return t + 2;
                case 'C':
                    throw error(ErrorKind.INVALID_ESCAPE, t, t + 2); // any byte: not supported, as in Go
                case 'Q': {
                    int end = s.indexOf("\\E", t + 2);
                    int litEnd = end < 0 ? s.length() : end;
                    for (int i = t + 2; i < litEnd; ) {
                        int cp = s.codePointAt(i);
                        literal(cp);
                        i += Character.charCount(cp);
                    }
                    return end < 0 ? s.length() : end + 2;
                }
                case 'z':
                    push(new Node(Node.Op.END_TEXT, flags));
                    return t + 2;
                default:
                    break;
            }
        }
        CharRanges ranges = new CharRanges();
        int after = parseNamedClassEscape(t, ranges);
        if (after >= 0) {
            pushClass(ranges, false);
            return after;
        }
        long escape = parseEscape(t);
        literal((int) escape);
        return (int) (escape >>> 32);
    }

    /**
     * Parses {@code \p..}, {@code \P..} or a Perl class ({@code \d}...) at {@code t} into {@code ranges}; returns
     * the index after it, or -1 if {@code t} starts none of them.
     */
    private int parseNamedClassEscape(int t, CharRanges ranges) {
        if (t + 1 >= s.length() || s.charAt(t) != '\\') {
            return -1;
        }
        char letter = s.charAt(t + 1);
        if (letter == 'p' || letter == 'P') {
            return parseUnicodeClass(t, ranges);
        }
        UnicodeClasses.Group group = UnicodeClasses.perl(letter);
        if (group == null) {
            return -1;
        }
        appendGroup(ranges, group);
        return t + 2;
    }

    private int parseUnicodeClass(int t, CharRanges ranges) {
        boolean negated = s.charAt(t + 1) == 'P';
        int i = t + 2;
        String name;
        int end;
        if (i >= s.length()) {
            throw error(ErrorKind.INVALID_CHAR_RANGE, t, i);
        }
        if (s.charAt(i) != '{') {
            end = i + Character.charCount(s.codePointAt(i));
            name = s.substring(i, end);
        } else {
            int close = s.indexOf('}', i);
            if (close < 0) {
                throw error(ErrorKind.INVALID_CHAR_RANGE, t, s.length());
            }
            end = close + 1;
            name = s.substring(i + 1, close);
        }
        if (name.startsWith("^")) {
            negated = !negated;
            name = name.substring(1);
        }
        String seq = s.substring(t, end);
        UnicodeClasses.Group group = UnicodeClasses.unicode(name, seq);
        if (group == null) {
            throw new RegexSyntaxException(ErrorKind.INVALID_CHAR_RANGE, seq);
        }
        appendGroup(ranges, new UnicodeClasses.Group(group.ranges(), group.negated() != negated));
        return end;
    }

    /** Adds {@code group} to {@code ranges}: folded first under {@code (?i)}, then negated if the group says so. */
    private void appendGroup(CharRanges ranges, UnicodeClasses.Group group) {
        int[] members = group.ranges();
        if ((flags & FOLD_CASE) != 0) {
            members = new CharRanges().addAllFolded(members).toArray();
        }
        if (group.negated()) {
            ranges.addNegated(members);
        } else {
            ranges.addAll(members);
        }
    }

    /**
     * Parses a single-character escape at {@code t} (a backslash); returns the code point in the low 32 bits and
     * the index after the escape in the high 32 bits.
     */
    private long parseEscape(int t) {
        int i = t + 1;
        if (i >= s.length()) {
            throw new RegexSyntaxException(ErrorKind.TRAILING_BACKSLASH, "");
        }
        int c = s.codePointAt(i);
        i += Character.charCount(c);
        switch (c) {
            case '1': case '2': case '3': case '4': case '5': case '6': case '7':
                // A lone non-zero digit would be a backreference, which RE2 does not support.
                if (i >= s.length() || s.charAt(i) < '0' || s.charAt(i) > '7') {
                    break;
                }
                return octal(c, i);
            case '0':
                return octal(c, i);
            case 'x':
                return hexEscape(t, i);
            case 'a': return pack(7, i);
            case 'f': return pack('\f', i);
            case 'n': return pack('\n', i);
            case 'r': return pack('\r', i);
            case 't': return pack('\t', i);
            case 'v': return pack(0x0B, i);
            default:
                if (c < 0x80 && !isAlnum(c)) {
                    return pack(c, i); // escaped punctuation (and \_) is itself
                }
                break;
        }
        throw error(ErrorKind.INVALID_ESCAPE, t, i);
    }

    /** Up to three octal digits, the first already read as {@code first}; {@code i} is after it. */
    private long octal(int first, int i) {
        int r = first - '0';
        for (int k = 1; k < 3 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
            r = r * 8 + s.charAt(i) - '0';
            i++;
        }
        return pack(r, i);
    }

    /** {@code \xHH} or {@code \x{H...}}; {@code i} is after the {@code x}. */
    private long hexEscape(int t, int i) {
        if (i >= s.length()) {
            throw error(ErrorKind.INVALID_ESCAPE, t, i);
        }
        int c = s.codePointAt(i);
        i += Character.charCount(c);
        if (c == '{') {
            int digits = 0;
            int r = 0;
            while (true) {
                if (i >= s.length()) {
                    throw error(ErrorKind.INVALID_ESCAPE, t, i);
                }
                c = s.codePointAt(i);
                i += Character.charCount(c);
                if (c == '}') {
                    break;
                }
                int v = unhex(c);
                if (v < 0) {
                    throw error(ErrorKind.INVALID_ESCAPE, t, i);
                }
                r = r * 16 + v;
                if (r > CharRanges.MAX_CODE_POINT) {
                    throw error(ErrorKind.INVALID_ESCAPE, t, i);
                }
                digits++;
            }
            if (digits == 0) {
                throw error(ErrorKind.INVALID_ESCAPE, t, i);
            }
            return pack(r, i);
        }
        int x = unhex(c);
        if (i >= s.length()) {
            throw error(ErrorKind.INVALID_ESCAPE, t, i);
        }
        c = s.codePointAt(i);
        i += Character.charCount(c);
        int y = unhex(c);
        if (x < 0 || y < 0) {
            throw error(ErrorKind.INVALID_ESCAPE, t, i);
        }
        return pack(x * 16 + y, i);
    }

    private static long pack(int codePoint, int next) {
        return ((long) next << 32) | codePoint;
    }

    private static int unhex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Parses a bracketed class at {@code t} (a {@code [}); returns the index after its {@code ]}. */
    private int parseClass(int t) {
        int i = t + 1;
        CharRanges ranges = new CharRanges();
        boolean negate = false;
        if (i < s.length() && s.charAt(i) == '^') {
            negate = true; // Perl mode: a negated class matches \n too, so nothing to add before negating
            i++;
        }
        boolean first = true;
        while (i >= s.length() || s.charAt(i) != ']' || first) {
            first = false;
            if (s.length() - i > 2 && s.charAt(i) == '[' && s.charAt(i + 1) == ':') {
                int close = s.indexOf(":]", i + 2);
                if (close >= 0) {
                    String name = s.substring(i, close + 2);
                    UnicodeClasses.Group group = UnicodeClasses.posix(name.substring(2, name.length() - 2));
                    if (group == null) {
                        throw new RegexSyntaxException(ErrorKind.INVALID_CHAR_RANGE, name);
                    }
                    appendGroup(ranges, group);
                    i = close + 2;
                    continue;
                }
            }
            int after = parseNamedClassEscape(i, ranges);
            if (after >= 0) {
                i = after;
                continue;
            }
            int rangeStart = i;
            long lo = parseClassChar(i, t);
            i = (int) (lo >>> 32);
            int hi = (int) lo;
            if (s.length() - i >= 2 && s.charAt(i) == '-' && s.charAt(i + 1) != ']') {
                long parsed = parseClassChar(i + 1, t);
                i = (int) (parsed >>> 32);
                hi = (int) parsed;
                if (hi < (int) lo) {
                    throw error(ErrorKind.INVALID_CHAR_RANGE, rangeStart, i);
                }
            }
            if ((flags & FOLD_CASE) != 0) {
                ranges.addFolded((int) lo, hi);
            } else {
                ranges.add((int) lo, hi);
            }
        }
        pushClass(ranges, negate);
        return i + 1;
    }

    /** One class character at {@code i}, packed as by {@link #parseEscape}; {@code classStart} is its {@code [}. */
    private long parseClassChar(int i, int classStart) {
        if (i >= s.length()) {
            throw error(ErrorKind.MISSING_BRACKET, classStart, s.length());
        }
        if (s.charAt(i) == '\\') {
            return parseEscape(i);
        }
        int c = s.codePointAt(i);
        return pack(c, i + Character.charCount(c));
    }

    /** Go's {@code calcSize}: the instructions the compiled program will need, saturating above {@link #MAX_SIZE}. */
    private static long size(Node node) {
        long size;
        switch (node.op) {
            case LITERAL:
                size = 1;
                break;
            case CAPTURE:
            case STAR:
                size = 2 + size(node.subs[0]);
                break;
            case PLUS:
            case QUEST:
                size = 1 + size(node.subs[0]);
                break;
            case CONCAT:
            case ALTERNATE:
                size = node.op == Node.Op.ALTERNATE ? node.subs.length - 1 : 0;
                for (Node sub : node.subs) {
                    size += size(sub);
                }
                break;
            case REPEAT: {
                long sub = size(node.subs[0]);
                if (node.max == -1) {
                    size = node.min == 0 ? 2 + sub : 1 + node.min * sub;
                } else {
                    size = node.max * sub + (node.max - node.min);
                }
                break;
            }
            default:
                size = 1;
                break;
        }
        return Math.min(Math.max(1, size), MAX_SIZE + 1);
    }
}
