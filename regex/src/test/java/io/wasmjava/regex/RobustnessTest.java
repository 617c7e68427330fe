package io.wasmjava.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random strings over the syntax's own characters: compiling either succeeds or throws {@link RegexSyntaxException}
 * (never another exception), and for the patterns that compile the three questions agree with each other: the DFA's
 * {@code find}, the Pike VM's first match, and whole-text matching. Deterministic: seeds 0..4999.
 */
class RobustnessTest {
    private static final String SYNTAX = "()[]{}|*+?^$\\.-:,0123aAbkK<>=!PpQEdDsSwWxzbB_i{}mU";
    private static final String TEXT = "aAbk\u212A1 -\n😀";

    static LongStream seeds() {
        return LongStream.range(0, 5000);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void compilesOrRejectsCleanlyAndItsEnginesAgree(long seed) {
        Random random = new Random(seed);
        String pattern = randomString(random, SYNTAX, 1 + random.nextInt(14));
        Regex regex;
        try {
            regex = Regex.compile(pattern);
        } catch (RegexSyntaxException e) {
            assertThat(e.getMessage()).startsWith("error parsing regexp: " + e.kind().text() + ": `");
            return;
        }
        for (int t = 0; t < 6; t++) {
            String text = randomString(random, TEXT, random.nextInt(10));
            Optional<Match> first = regex.firstMatch(text);
            int[] whole = new PikeVm(regex.prog()).search(text, true);
            String description = "pattern " + pattern + " on \"" + text + "\"";

            assertThat(regex.find(text)).as(description).isEqualTo(first.isPresent());
            assertThat(regex.matchesEntirely(text)).as(description).isEqualTo(whole != null);
            first.ifPresent(m -> assertThat(m.start() <= m.end() && m.end() <= text.length()).as(description)
                    .isTrue());
        }
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int k = random.nextInt(alphabet.length());
            if (Character.isHighSurrogate(alphabet.charAt(k))) {
                b.append(alphabet, k, k + 2);
            } else if (Character.isLowSurrogate(alphabet.charAt(k))) {
                b.append(alphabet, k - 1, k + 1);
            } else {
                b.append(alphabet.charAt(k));
            }
        }
        return b.toString();
    }
}
