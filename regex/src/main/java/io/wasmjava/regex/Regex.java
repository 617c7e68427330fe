package io.wasmjava.regex;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A compiled regular expression with the syntax and semantics of Go's {@code regexp} package (RE2 syntax), matched
 * in time linear in the text: never by backtracking.
 *
 * <pre>{@code
 * Regex vip = Regex.compile("^vip-[[:digit:]]+$");
 * vip.find("vip-42");                  // true
 * Regex kv = Regex.compile("(?P<key>\\w+)=(\\w+)");
 * kv.firstMatch("a b=c").get().group("key");   // "b"
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Syntax</b> is Go's {@code regexp/syntax} with Perl flags, the syntax of Go's {@code regexp.Compile}; see the
 *       module's README for the full list. Constructs RE2 does not have (lookaround, backreferences, atomic groups,
 *       possessive quantifiers) are rejected with Go's error ({@link RegexSyntaxException}).</li>
 *   <li><b>Semantics</b> are Go's leftmost-first semantics (Perl's choice among alternatives, not POSIX
 *       leftmost-longest). {@code ^} and {@code $} match at the ends of the text only, unless {@code (?m)};
 *       {@code $} does not match before a final newline (unlike {@code java.util.regex}); {@code .} does not match
 *       {@code \n} unless {@code (?s)}; {@code \d \s \w \b} are ASCII.</li>
 *   <li><b>Text</b> is read by code point. A surrogate pair is one code point; an unpaired surrogate is a code point
 *       of its own value (it matches {@code .}, {@code \p{Cs}}, {@code [^a]}), where Go, reading UTF-8 bytes, would
 *       see U+FFFD. Positions in {@link Match} are {@code char} indexes into the text, not UTF-8 byte offsets as in
 *       Go.</li>
 *   <li><b>Complexity.</b> Compiling is linear in the pattern's expanded size, which Go's limits bound (each count at
 *       most 1000, nested counts multiplying to at most 1000, at most 3,355,443 instructions, nesting depth 1000).
 *       {@link #find} and {@link #matchesEntirely} run a lazy DFA: O(n) table steps once warm, and never worse than
 *       O(m x n) for a program of m instructions and a text of n chars; its cache holds at most about 1 MB.
 *       {@link #firstMatch} runs a Pike VM, O(m x n) time and O(m x groups) memory.</li>
 *   <li><b>Threads.</b> A {@code Regex} is immutable to its users and may be shared; internally it keeps one idle
 *       DFA cache per question, taken and returned atomically, so concurrent searches on a JVM are correct (a
 *       concurrent search just builds its own cache). Inside a proxy-wasm VM there is one thread anyway.</li>
 * </ul>
 * All methods throw {@link NullPointerException} for a null argument.
 */
public final class Regex {
    private final String pattern;
    private final Prog prog;
    private final List<String> groupNames;
    private final AtomicReference<Dfa> idleFind = new AtomicReference<>();
    private final AtomicReference<Dfa> idleEntire = new AtomicReference<>();

    private Regex(String pattern, Prog prog, List<String> groupNames) {
        this.pattern = pattern;
        this.prog = prog;
        this.groupNames = groupNames;
    }

    /**
     * Compiles {@code pattern}, as Go's {@code regexp.Compile} does.
     *
     * @throws RegexSyntaxException if Go would reject the pattern, with Go's error kind, message and fragment; or
     *     for a Unicode script class ({@link ErrorKind#UNSUPPORTED_UNICODE_SCRIPT}), which this engine lacks
     */
    public static Regex compile(String pattern) {
        Parser.Result parsed = Parser.parse(pattern);
        Prog prog = Compiler.compile(parsed.root(), parsed.groupNames().size() - 1);
        return new Regex(pattern, prog, parsed.groupNames());
    }

    /**
     * True if the pattern matches somewhere in {@code text}: Go's {@code MatchString}. Anchor the pattern
     * ({@code ^...$}) to require the whole text.
     */
    public boolean find(CharSequence text) {
        return runDfa(idleFind, text.toString(), false);
    }

    /** True if the pattern matches all of {@code text}, as {@code ^(?:pattern)$} would in Go. */
    public boolean matchesEntirely(CharSequence text) {
        return runDfa(idleEntire, text.toString(), true);
    }

    /**
     * The leftmost-first match in {@code text} with the spans of its groups (Go's
     * {@code FindStringSubmatchIndex}), or empty if there is none.
     */
    public Optional<Match> firstMatch(CharSequence text) {
        String s = text.toString();
        if (!find(s)) {
            return Optional.empty(); // the DFA answers the common "no match" without building threads
        }
        int[] spans = new PikeVm(prog).search(s, false);
        return spans == null ? Optional.empty() : Optional.of(new Match(s, spans, groupNames));
    }

    /** The number of capturing groups, not counting the whole match. */
    public int groupCount() {
        return groupNames.size() - 1;
    }

    /**
     * The name of each group by index, index 0 (the whole match) included; {@code ""} for an unnamed group, as
     * Go's {@code SubexpNames}. Unmodifiable.
     */
    public List<String> groupNames() {
        return groupNames;
    }

    /** The source pattern, as given to {@link #compile}. */
    public String pattern() {
        return pattern;
    }

    /** The source pattern. */
    @Override
    public String toString() {
        return pattern;
    }

    Prog prog() {
        return prog;
    }

    private boolean runDfa(AtomicReference<Dfa> idle, String s, boolean entire) {
        Dfa dfa = idle.getAndSet(null);
        if (dfa == null) {
            dfa = new Dfa(prog, entire, Dfa.DEFAULT_BUDGET_INTS);
        }
        boolean result = dfa.matches(s);
        idle.set(dfa);
        return result;
    }
}
