package io.wasmjava.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The linear bound, counted rather than timed: each engine counts its steps (table lookups and instruction visits),
 * and for patterns that make a backtracking engine exponential the count stays within
 * {@code c x program size x (text length + 1)}. {@code java.util.regex} needs about 2^n steps for
 * {@code (a+)+$} on n {@code a}s and a {@code !} (58 s for n = 24 in a gateway worker, per the issue); the bound
 * below allows a few thousand times n for a 10 KB text.
 */
class LinearTimeTest {
    /** Work allowed per instruction per text position; the closures visit each instruction at most twice. */
    private static final long C = 4;

    static Stream<Arguments> hostile() {
        String tenKb = "a".repeat(10_239) + "!";
        return Stream.of(
                Arguments.of("(a+)+$", tenKb, false),
                Arguments.of("(a|aa)+$", tenKb, false),
                Arguments.of("(a*)*b", tenKb, false),
                Arguments.of("^(a|a?)+$", tenKb, false),
                Arguments.of("(x+x+)+y", "x".repeat(5000), false),
                Arguments.of("(.*a){12}", "a".repeat(20) + "b".repeat(5000), true),
                Arguments.of("(?i)(\\w+\\s?)+$", "Word ".repeat(1000) + "!", false),
                Arguments.of("(a{1,10}){1,10}$", "a".repeat(3000) + "!", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void dfaStepsAreLinearInTextTimesProgram(String pattern, String text, boolean expected) {
        Prog prog = Regex.compile(pattern).prog();
        Dfa dfa = new Dfa(prog, false, Dfa.DEFAULT_BUDGET_INTS);

        boolean found = dfa.matches(text);

        assertThat(found).isEqualTo(expected);
        assertThat(dfa.steps).isLessThanOrEqualTo(C * prog.size() * (text.length() + 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void pikeVmStepsAreLinearInTextTimesProgram(String pattern, String text, boolean expected) {
        Prog prog = Regex.compile(pattern).prog();
        PikeVm vm = new PikeVm(prog);

        int[] spans = vm.search(text, false);

        assertThat(spans != null).isEqualTo(expected);
        assertThat(vm.steps).isLessThanOrEqualTo(C * prog.size() * (text.length() + 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void dfaFallsBackToThePikeVmWhenItsCacheThrashesAndStaysLinear(String pattern, String text, boolean expected) {
        Prog prog = Regex.compile(pattern).prog();
        // No room for even two states: the search hands over to the Pike VM at once.
        Dfa tiny = new Dfa(prog, false, 20);

        assertThat(tiny.matches(text)).isEqualTo(expected);
        assertThat(tiny.fallbacks).isEqualTo(1);
        assertThat(tiny.steps).isLessThanOrEqualTo(2 * C * prog.size() * (text.length() + 1));
    }

    @org.junit.jupiter.api.Test
    void dfaThatKeepsOutgrowingItsCacheResetsItThenFallsBack() {
        // The 9th character from the end decides: about 512 states, far more than 2000 ints hold.
        Prog prog = Regex.compile("(a|b)*a(a|b){8}$").prog();
        StringBuilder text = new StringBuilder();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 3000; i++) {
            text.append(random.nextBoolean() ? 'a' : 'b');
        }
        text.replace(2991, 3000, "abbbbbbbb");
        Dfa small = new Dfa(prog, false, 2000);

        boolean found = small.matches(text.toString());

        assertThat(found).isTrue();
        assertThat(small.fallbacks).isEqualTo(1);
        assertThat(small.steps).isLessThanOrEqualTo(2 * C * prog.size() * (text.length() + 1));
    }

    @org.junit.jupiter.api.Test
    void programWithThousandsOfClassEdgesIsMatchedByThePikeVm() {
        StringBuilder pattern = new StringBuilder("x[");
        for (int c = 0x100; c < 0x100 + 2 * 3000; c += 2) {
            pattern.appendCodePoint(c); // 3000 separate code points: 6000 class edges, rows too wide to build
        }
        pattern.append("]y");
        Prog prog = Regex.compile(pattern.toString()).prog();
        Dfa dfa = new Dfa(prog, false, Dfa.DEFAULT_BUDGET_INTS);

        boolean found = dfa.matches("ax\u0102y");

        assertThat(found).isTrue();
        assertThat(dfa.fallbacks).isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void warmDfaTakesOneStepPerCharacter() {
        Prog prog = Regex.compile("(a+)+$").prog();
        Dfa dfa = new Dfa(prog, false, Dfa.DEFAULT_BUDGET_INTS);
        String text = "a".repeat(10_239) + "!";
        dfa.matches(text);
        dfa.steps = 0;

        boolean found = dfa.matches(text);

        assertThat(found).isFalse();
        assertThat(dfa.steps).isEqualTo(text.length() + 1);
    }
}
