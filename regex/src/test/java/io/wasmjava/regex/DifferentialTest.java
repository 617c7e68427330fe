package io.wasmjava.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test against {@code java.util.regex} on random patterns from the subset where the two engines mean
 * the same thing: leftmost-first alternation and quantifiers (Java's backtracking order is Go's priority order),
 * ASCII classes, {@code \A \z \b}, {@code (?i:)} on ASCII text, and repetition only of sub-patterns that cannot
 * match empty (where Perl-style engines and Go's differ on empty iterations), and capturing groups only outside
 * repetitions ({@code java.util.regex} can report a group value from an iteration it backtracked out of, e.g.
 * {@code ((c{0,2}?|[ab]{0,2}?[^a]{2,})(\w)*.){1,3}}: a Java bug, not a semantic difference). Each seed gives a pattern and a few
 * texts over a small alphabet; the match/no-match answer, the first match's group spans and whole-text matching
 * must agree. Deterministic: seeds 0..1999.
 */
class DifferentialTest {
    private static final String ALPHABET = "aab bc1\n";

    /** A pattern in both syntaxes. */
    private record Pair(String go, String java, boolean nullable) {
    }

    private int groups;

    static LongStream seeds() {
        return LongStream.range(0, 2000);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void agreesWithJavaUtilRegexOnTheCommonSubset(long seed) {
        Random random = new Random(seed);
        Pair pair = alternation(random, 3, false);
        Regex ours = Regex.compile(pair.go());
        Pattern theirs = Pattern.compile(pair.java(), Pattern.UNIX_LINES);
        for (int t = 0; t < 8; t++) {
            String text = text(random);
            Matcher m = theirs.matcher(text);
            int[] expected = m.find() ? spans(m) : null;
            String description = "pattern " + pair.go() + " (java " + pair.java() + ") on \"" + text + "\"";

            assertThat(ours.firstMatch(text).map(GoFindTableTest::spans).orElse(null)).as(description)
                    .isEqualTo(expected);
            assertThat(ours.find(text)).as(description).isEqualTo(expected != null);
            assertThat(ours.matchesEntirely(text)).as(description).isEqualTo(theirs.matcher(text).matches());
        }
    }

    private static int[] spans(Matcher m) {
        int[] spans = new int[2 * (m.groupCount() + 1)];
        for (int g = 0; g <= m.groupCount(); g++) {
            spans[2 * g] = m.start(g);
            spans[2 * g + 1] = m.end(g);
        }
        return spans;
    }

    private static String text(Random random) {
        StringBuilder b = new StringBuilder();
        int length = random.nextInt(9);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    private Pair alternation(Random random, int depth, boolean inRepeat) {
        Pair left = concat(random, depth, inRepeat);
        if (random.nextInt(4) != 0) {
            return left;
        }
        Pair right = concat(random, depth, inRepeat);
        return new Pair(left.go() + "|" + right.go(), left.java() + "|" + right.java(),
                left.nullable() || right.nullable());
    }

    private Pair concat(Random random, int depth, boolean inRepeat) {
        int n = 1 + random.nextInt(3);
        StringBuilder go = new StringBuilder();
        StringBuilder java = new StringBuilder();
        boolean nullable = true;
        for (int i = 0; i < n; i++) {
            Pair p = repeated(random, depth, inRepeat);
            go.append(p.go());
            java.append(p.java());
            nullable &= p.nullable();
        }
        return new Pair(go.toString(), java.toString(), nullable);
    }

    private Pair repeated(Random random, int depth, boolean inRepeat) {
        boolean repeat = random.nextInt(3) != 0;
        Pair atom = atom(random, depth, inRepeat || repeat);
        if (atom.nullable() || !repeat) {
            return atom;
        }
        String[] ops = {"*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}"};
        String op = ops[random.nextInt(ops.length)] + (random.nextInt(3) == 0 ? "?" : "");
        boolean nullable = op.startsWith("*") || op.startsWith("?") || op.startsWith("{0");
        return new Pair(atom.go() + op, atom.java() + op, nullable);
    }

    private Pair atom(Random random, int depth, boolean inRepeat) {
        int choice = random.nextInt(depth > 0 ? 16 : 11);
        switch (choice) {
            case 0: case 1: case 2:
                String c = String.valueOf("abc".charAt(random.nextInt(3)));
                return new Pair(c, c, false);
            case 3: return new Pair(".", ".", false);
            case 4: return new Pair("[ab]", "[ab]", false);
            case 5: return new Pair("[^a]", "[^a]", false);
            case 6: return new Pair("\\w", "\\w", false);
            case 7: return new Pair("[[:space:]]", "[ \\t\\n\\x0B\\f\\r]", false);
            case 8: return new Pair("\\b", "\\b", true);
            case 9: return new Pair("^", "\\A", true);
            case 10: return new Pair("$", "\\z", true);
            case 11: case 12: {
                if (inRepeat) {
                    Pair inner = alternation(random, depth - 1, true);
                    return new Pair("(?:" + inner.go() + ")", "(?:" + inner.java() + ")", inner.nullable());
                }
                Pair inner = alternation(random, depth - 1, inRepeat);
                return new Pair("(" + inner.go() + ")", "(" + inner.java() + ")", inner.nullable());
            }
            case 13: {
                Pair inner = alternation(random, depth - 1, inRepeat);
                return new Pair("(?:" + inner.go() + ")", "(?:" + inner.java() + ")", inner.nullable());
            }
            case 14: {
                Pair inner = alternation(random, depth - 1, inRepeat);
                return new Pair("(?i:" + inner.go() + ")", "(?i:" + inner.java() + ")", inner.nullable());
            }
            default: {
                if (inRepeat) {
                    return atom(random, depth, true);
                }
                Pair inner = alternation(random, depth - 1, inRepeat);
                String name = "g" + ++groups;
                return new Pair("(?P<" + name + ">" + inner.go() + ")", "(?<" + name + ">" + inner.java() + ")",
                        inner.nullable());
            }
        }
    }
}
