package io.wasmjava.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Go's semantics where they differ from {@code java.util.regex}, case folding by Unicode simple-folding orbits
 * (Go's {@code unicode.SimpleFold}), and how Java strings (surrogates) are read.
 */
class SemanticsTest {
    static Stream<Arguments> finds() {
        return Stream.of(
                // Case folding orbits (Go: unicode.SimpleFold; CaseFolding.txt C+S entries)
                Arguments.of("(?i)k", "\u212A", true), // KELVIN SIGN
                Arguments.of("(?i)\\x{212A}", "k", true),
                Arguments.of("(?i)s", "\u017F", true), // LONG S
                Arguments.of("(?i)ß", "\u1E9E", true), // CAPITAL SHARP S
                Arguments.of("(?i)σ", "ς", true),
                Arguments.of("(?i)Σ", "ς", true),
                Arguments.of("(?i)µ", "μ", true), // MICRO SIGN and GREEK SMALL LETTER MU
                Arguments.of("(?i)ǆ", "ǅ", true), // dz digraph, lower and title case
                Arguments.of("(?i)i", "\u0130", false), // Turkic dotted I: no simple folding in Go
                Arguments.of("(?i)i", "\u0131", false), // Turkic dotless i
                Arguments.of("(?i)[a-z]+$", "\u212A", true),
                Arguments.of("(?i)[^k]", "\u212A", false),
                Arguments.of("(?i)\\p{Lu}", "é", true),
                Arguments.of("k", "\u212A", false),
                // Anchors and dot: Go's one-line default
                Arguments.of("a$", "a\n", false), // java.util.regex: true ($ before a final line terminator)
                Arguments.of("(?m)a$", "a\n", true),
                Arguments.of("(?m)^b", "a\nb", true),
                Arguments.of("^b", "a\nb", false),
                Arguments.of("a.b", "a\nb", false),
                Arguments.of("(?s)a.b", "a\nb", true),
                Arguments.of("a.b", "a\rb", true), // java.util.regex: false ('.' excludes \r there)
                Arguments.of("\\Aa\\z", "a", true),
                // ASCII-only Perl classes and word boundaries
                Arguments.of("\\bé", " é", false), // é is not a word character for \b
                Arguments.of("\\d", "٣", false), // ARABIC-INDIC DIGIT THREE
                Arguments.of("\\pN", "٣", true),
                Arguments.of("\\s", "\u000B", false), // Go's \s has no \v
                Arguments.of("[[:space:]]", "\u000B", true), // POSIX space has it
                Arguments.of("[[:^alpha:]]", "é", true),
                Arguments.of("\\PL", "é", false),
                Arguments.of("\\p{^L}", "1", true),
                Arguments.of("\\p{Greek}?", "", null), // refused, see SyntaxErrorTest
                // Escapes
                Arguments.of("\\Qa.b\\E", "axb", false),
                Arguments.of("\\Qa.b\\E", "a.b", true),
                Arguments.of("^\\141\\x62\\x{63}$", "abc", true),
                Arguments.of("^\\12$", "\n", true),
                // Code points and surrogates
                Arguments.of("^.$", "😀", true),
                Arguments.of("^..$", "😀", false),
                Arguments.of("^\\x{1F600}$", "😀", true),
                Arguments.of("^[😀-😂]$", "😁", true),
                Arguments.of("^.$", "\uD800", true), // unpaired surrogate: one code point of its own value
                Arguments.of("\\p{Cs}", "\uDC00", true),
                Arguments.of("\\p{Cs}", "😀", false));
    }

    @ParameterizedTest(name = "{0} in \"{1}\"")
    @MethodSource("finds")
    void findsAsGoDoes(String pattern, String text, Boolean expected) {
        if (expected == null) {
            assertThatThrownBy(() -> Regex.compile(pattern)).isInstanceOf(RegexSyntaxException.class);
            return;
        }
        Regex regex = Regex.compile(pattern);

        assertThat(regex.find(text)).isEqualTo(expected);
        assertThat(regex.firstMatch(text).isPresent()).isEqualTo(expected);
    }

    @Test
    void reportsCharIndexesAcrossSurrogatePairs() {
        Match m = Regex.compile("(b)").firstMatch("a😀b").orElseThrow();

        assertThat(new int[] {m.start(), m.end(), m.start(1), m.end(1)}).containsExactly(3, 4, 3, 4);
    }

    @Test
    void nonGreedyFlagSwapsGreediness() {
        assertThat(Regex.compile("(?U)a+").firstMatch("aaa").orElseThrow().group()).isEqualTo("a");
        assertThat(Regex.compile("(?U)a+?").firstMatch("aaa").orElseThrow().group()).isEqualTo("aaa");
        assertThat(Regex.compile("a{2,3}?").firstMatch("aaa").orElseThrow().group()).isEqualTo("aa");
    }

    @Test
    void leftmostFirstNotLeftmostLongest() {
        assertThat(Regex.compile("a|ab").firstMatch("ab").orElseThrow().group()).isEqualTo("a");
        assertThat(Regex.compile("(a+?)(b*)").firstMatch("aab").orElseThrow().group(2)).isEqualTo("");
    }

    @Test
    void namesGroupsAsGoDoes() {
        Regex regex = Regex.compile("(?P<year>\\d{4})-(?<month>\\d{2})(x)?");

        Match m = regex.firstMatch("on 2024-05!").orElseThrow();

        assertThat(regex.groupNames()).containsExactly("", "year", "month", "");
        assertThat(regex.groupCount()).isEqualTo(3);
        assertThat(List.of(m.group(), m.group("year"), m.group("month"))).containsExactly("2024-05", "2024", "05");
        assertThat(m.group(3)).isNull();
        assertThat(m.start(3)).isEqualTo(-1);
        assertThatThrownBy(() -> m.group("day")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no group named \"day\"");
        assertThatThrownBy(() -> m.group(4)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("group 4 of 3");
    }

    @Test
    void matchesEntirelyRequiresTheWholeText() {
        Regex regex = Regex.compile("a|ab");

        assertThat(regex.matchesEntirely("ab")).isTrue();
        assertThat(regex.matchesEntirely("abc")).isFalse();
        assertThat(regex.find("abc")).isTrue();
        assertThat(Regex.compile("").matchesEntirely("")).isTrue();
        assertThat(Regex.compile("x*").matchesEntirely("y")).isFalse();
    }

    @Test
    void isReusableAcrossSearchesAndKeepsNoText() {
        Regex regex = Regex.compile("^vip-[[:digit:]]+$");

        assertThat(List.of(regex.find("vip-1"), regex.find("vip-x"), regex.find("vip-22"), regex.find("")))
                .containsExactly(true, false, true, false);
        assertThat(regex.toString()).isEqualTo("^vip-[[:digit:]]+$");
    }
}
