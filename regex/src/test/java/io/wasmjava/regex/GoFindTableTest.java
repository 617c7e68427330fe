package io.wasmjava.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first match, with group spans, for the cases of Go's {@code findTests} table (golang/go
 * {@code src/regexp/find_test.go}, lines 28-153 at 0b434f3), which Go checks with {@code FindStringSubmatchIndex}.
 * Go reports UTF-8 byte offsets; the rows with non-ASCII text are converted to {@code char} indexes here and marked.
 * The rows about invalid UTF-8 (U+FFFD for a bad byte) do not apply to Java strings and are left out.
 */
class GoFindTableTest {
    static Stream<Arguments> findTests() {
        return Stream.of(
                row("", "", 0, 0),
                row("^abcdefg", "abcdefg", 0, 7),
                row("a+", "baaab", 1, 4),
                row("a", "bababaab", 1, 2),
                row("abcd..", "abcdef", 0, 6),
                row("a", "a", 0, 1),
                none("x", "y"),
                row("b", "abc", 1, 2),
                row(".", "a", 0, 1),
                row(".*", "abcdef", 0, 6),
                row("^", "abcde", 0, 0),
                row("$", "abcde", 5, 5),
                row("^abcd$", "abcd", 0, 4),
                none("^bcd'", "abcdef"),
                none("^abcd$", "abcde"),
                row("a*", "baaab", 0, 0),
                row("[a-z]+", "abcd", 0, 4),
                row("[^a-z]+", "ab1234cd", 2, 6),
                row("[a\\-\\]z]+", "az]-bcz", 0, 4),
                row("[^\\n]+", "abcd\n", 0, 4),
                row("[日本語]+", "日本語日本語", 0, 6), // bytes 0,18
                row("日本語+", "日本語", 0, 3), // bytes 0,9
                row("日本語+", "日本語語語語", 0, 6), // bytes 0,18
                row("()", "", 0, 0, 0, 0),
                row("(a)", "a", 0, 1, 0, 1),
                row("(.)(.)", "日a", 0, 2, 0, 1, 1, 2), // bytes 0,4 0,3 3,4
                row("(.*)", "", 0, 0, 0, 0),
                row("(.*)", "abcd", 0, 4, 0, 4),
                row("(..)(..)", "abcd", 0, 4, 0, 2, 2, 4),
                row("(([^xyz]*)(d))", "abcd", 0, 4, 0, 4, 0, 3, 3, 4),
                row("((a|b|c)*(d))", "abcd", 0, 4, 0, 4, 2, 3, 3, 4),
                row("(((a|b|c)*)(d))", "abcd", 0, 4, 0, 4, 0, 3, 2, 3, 3, 4),
                row("\\a\\f\\n\\r\\t\\v", "\u0007\f\n\r\t\u000b", 0, 6),
                row("[\\a\\f\\n\\r\\t\\v]+", "\u0007\f\n\r\t\u000b", 0, 6),
                row("a*(|(b))c*", "aacc", 0, 4, 2, 2, -1, -1),
                row("(.*).*", "ab", 0, 2, 0, 2),
                row("[.]", ".", 0, 1),
                row("/$", "/abc/", 4, 5),
                none("/$", "/abc"),
                row(".", "abc", 0, 1),
                row("(.)", "abc", 0, 1, 0, 1),
                row(".(.)", "abcd", 0, 2, 1, 2),
                row("ab*", "abbaab", 0, 3),
                row("a(b*)", "abbaab", 0, 3, 1, 3),
                row("ab$", "cab", 1, 3),
                none("axxb$", "axxcb"),
                row("data", "daXY data", 5, 9),
                row("da(.)a$", "daXY data", 5, 9, 7, 8),
                row("zx+", "zzx", 1, 3),
                row("ab$", "abcab", 3, 5),
                row("(aa)*$", "a", 1, 1, -1, -1),
                none("(?:.|(?:.a))", ""),
                row("(?:A(?:A|a))", "Aa", 0, 2),
                row("(?:A|(?:A|a))", "a", 0, 1),
                row("(a){0}", "", 0, 0, -1, -1),
                none("(?-s)(?:(?:^).)", "\n"),
                row("(?s)(?:(?:^).)", "\n", 0, 1),
                none("(?:(?:^).)", "\n"),
                row("\\b", "x", 0, 0),
                row("\\b", "xx", 0, 0),
                row("\\b", "x y", 0, 0),
                row("\\b", "xx yy", 0, 0),
                none("\\B", "x"),
                row("\\B", "xx", 1, 1),
                none("\\B", "x y"),
                row("\\B", "xx yy", 1, 1),
                row("(|a)*", "aa", 0, 0, 0, 0),
                row("0A|0[aA]", "0a", 0, 2),
                row("0[aA]|0A", "0a", 0, 2),
                row("[a-c]*", "\u65e5", 0, 0),
                row("[^\u65e5]", "abc\u65e5def", 0, 1),
                none("[^\\S\\s]", "abcd"),
                none("[^\\S[:space:]]", "abcd"),
                none("[^\\D\\d]", "abcd"),
                none("[^\\D[:digit:]]", "abcd"),
                none("(?i)\\W", "x"),
                none("(?i)\\W", "k"),
                none("(?i)\\W", "s"),
                row("\\!\\\"\\#\\$\\%\\&\\'\\(\\)\\*\\+\\,\\-\\.\\/\\:\\;\\<\\=\\>\\?\\@\\[\\\\\\]\\^\\_\\{\\|\\}\\~",
                        "!\"#$%&'()*+,-./:;<=>?@[\\]^_{|}~", 0, 31),
                row("[\\!\\\"\\#\\$\\%\\&\\'\\(\\)\\*\\+\\,\\-\\.\\/\\:\\;\\<\\=\\>\\?\\@\\[\\\\\\]\\^\\_\\{\\|\\}\\~]+",
                        "!\"#$%&'()*+,-./:;<=>?@[\\]^_{|}~", 0, 31),
                row("\\`", "`", 0, 1),
                row("[\\`]+", "`", 0, 1),
                row(".", "qwertyuiopasdfghjklzxcvbnm1234567890", 0, 1));
    }

    private static Arguments row(String pattern, String text, int... spans) {
        return Arguments.of(pattern, text, spans);
    }

    private static Arguments none(String pattern, String text) {
        return Arguments.of(pattern, text, null);
    }

    @ParameterizedTest(name = "{0} in \"{1}\"")
    @MethodSource("findTests")
    void reportsGosFirstMatchAndGroups(String pattern, String text, int[] expected) {
        Regex regex = Regex.compile(pattern);

        int[] actual = regex.firstMatch(text).map(GoFindTableTest::spans).orElse(null);

        assertThat(actual).isEqualTo(expected);
        assertThat(regex.find(text)).isEqualTo(expected != null);
    }

    static int[] spans(Match m) {
        int[] spans = new int[2 * (m.groupCount() + 1)];
        for (int g = 0; g <= m.groupCount(); g++) {
            spans[2 * g] = m.start(g);
            spans[2 * g + 1] = m.end(g);
        }
        return spans;
    }

    /** RE2's engine-comparison inputs (google/re2 {@code re2/testing/search_test.cc}, {@code simple_tests}). */
    static Stream<Arguments> re2SimpleTests() {
        return Stream.of(
                row("a", "zyzzyva", 6, 7),
                row("a+", "aa", 0, 2),
                row("(a+|b)+", "ab", 0, 2, 1, 2),
                row("ab|cd", "xabcdx", 1, 3),
                row("h.*od?", "hello\ngoodbye\n", 0, 5),
                row("h.*o", "goodbye\nhello\n", 8, 13),
                row("h.*o", "othello, world", 2, 11),
                none("[^\\s\\S]", "aaaaaaa"),
                row("a*b", "cab", 1, 3),
                row("((((((((((((((((((((x))))))))))))))))))))", "x", repeat(0, 1, 21)),
                row("[^x]+", "xxxabcdxxx", 3, 7),
                row("(fo|foo)", "fo", 0, 2, 0, 2),
                row("(foo|fo)", "foo", 0, 3, 0, 3),
                none("aa", "aA"),
                none("ABC", "abc"),
                row("^(foo|bar|[A-Z])", "foo", 0, 3, 0, 3),
                none("(foo|bar|[A-Z])$", "foo\n"),
                row("(?m)(foo|bar|[A-Z])$", "foo\n", 0, 3, 0, 3));
    }

    private static int[] repeat(int start, int end, int times) {
        int[] spans = new int[2 * times];
        for (int i = 0; i < times; i++) {
            spans[2 * i] = start;
            spans[2 * i + 1] = end;
        }
        return spans;
    }

    @ParameterizedTest(name = "{0} in \"{1}\"")
    @MethodSource("re2SimpleTests")
    void agreesWithRe2OnItsSimpleTests(String pattern, String text, int[] expected) {
        Regex regex = Regex.compile(pattern);

        assertThat(regex.firstMatch(text).map(GoFindTableTest::spans).orElse(null)).isEqualTo(expected);
        assertThat(regex.find(text)).isEqualTo(expected != null);
        assertThat(regex.matchesEntirely(text))
                .isEqualTo(expected != null && Arrays.equals(Arrays.copyOf(expected, 2), new int[] {0, text.length()}));
    }
}
