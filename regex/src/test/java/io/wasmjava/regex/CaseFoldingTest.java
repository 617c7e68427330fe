package io.wasmjava.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Case-folding orbits against Go's {@code unicode.SimpleFold} (golang/go {@code src/unicode/letter.go}, whose
 * examples are {@code SimpleFold('A') = 'a'}, {@code SimpleFold('a') = 'A'}, {@code SimpleFold('K') = 'k'},
 * {@code SimpleFold('k') = '\u212A'}, {@code SimpleFold('\u212A') = 'K'}, {@code SimpleFold('1') = '1'}), and the
 * property every search relies on: following successors always returns to the start.
 */
class CaseFoldingTest {
    static Stream<Arguments> orbits() {
        return Stream.of(
                Arguments.of('A', List.of(0x61, 0x41)),
                Arguments.of('K', List.of(0x6B, 0x212A, 0x4B)),
                Arguments.of('s', List.of(0x17F, 0x53, 0x73)),
                Arguments.of('1', List.of(0x31)),
                Arguments.of(0x398, List.of(0x3B8, 0x3D1, 0x3F4, 0x398)), // Θ θ ϑ ϴ
                Arguments.of(0x3A3, List.of(0x3C2, 0x3C3, 0x3A3)), // Σ ς σ
                Arguments.of(0xDF, List.of(0x1E9E, 0xDF)), // ß ẞ
                Arguments.of(0x1C4, List.of(0x1C5, 0x1C6, 0x1C4)), // Ǆ ǅ ǆ
                Arguments.of(0x130, List.of(0x130)), // İ alone, as in Go
                Arguments.of(0x131, List.of(0x131))); // ı alone
    }

    @ParameterizedTest(name = "orbit of U+{0}")
    @MethodSource("orbits")
    void stepsThroughGosOrbitInIncreasingOrder(int start, List<Integer> expected) {
        List<Integer> orbit = new ArrayList<>();
        int c = start;
        do {
            c = CaseFolding.next(c);
            orbit.add(c);
        } while (c != start && orbit.size() < 10);

        assertThat(orbit).isEqualTo(expected);
    }

    @Test
    void everyOrbitReturnsToItsStartWithinFourSteps() {
        List<Integer> longer = new ArrayList<>();
        for (int c = 0; c <= CaseFolding.MAX_FOLD + 1; c++) {
            int f = CaseFolding.next(c);
            int steps = 1;
            while (f != c && steps <= 4) {
                f = CaseFolding.next(f);
                steps++;
            }
            if (f != c) {
                longer.add(c);
            }
        }

        assertThat(longer).isEmpty();
    }
}
