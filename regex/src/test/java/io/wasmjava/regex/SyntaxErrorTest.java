package io.wasmjava.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Patterns Go's {@code regexp.Compile} rejects, with Go's message. Sources: golang/go {@code src/regexp/all_test.go}
 * ({@code badRe}, lines 35-48), {@code src/regexp/syntax/parse_test.go} ({@code invalidRegexps}, lines 480-522, the
 * UTF-8 rows left out), and {@code src/regexp/syntax/parse.go} for which fragment each error quotes.
 */
class SyntaxErrorTest {
    static Stream<Arguments> goErrors() {
        return Stream.of(
                // all_test.go badRe
                error("*", ErrorKind.MISSING_REPEAT_ARGUMENT, "*"),
                error("+", ErrorKind.MISSING_REPEAT_ARGUMENT, "+"),
                error("?", ErrorKind.MISSING_REPEAT_ARGUMENT, "?"),
                error("(abc", ErrorKind.MISSING_PAREN, "(abc"),
                error("abc)", ErrorKind.UNEXPECTED_PAREN, "abc)"),
                error("x[a-z", ErrorKind.MISSING_BRACKET, "[a-z"),
                error("[z-a]", ErrorKind.INVALID_CHAR_RANGE, "z-a"),
                error("abc\\", ErrorKind.TRAILING_BACKSLASH, ""),
                error("a**", ErrorKind.INVALID_REPEAT_OP, "**"),
                error("a*+", ErrorKind.INVALID_REPEAT_OP, "*+"),
                error("\\x", ErrorKind.INVALID_ESCAPE, "\\x"),
                // RE2-unsupported Perl syntax: what Go answers for each
                error("(?=a)", ErrorKind.INVALID_PERL_OP, "(?="),
                error("a(?!b)", ErrorKind.INVALID_PERL_OP, "(?!"),
                error("(?>a+)", ErrorKind.INVALID_PERL_OP, "(?>"),
                error("(?#comment)", ErrorKind.INVALID_PERL_OP, "(?#"),
                error("(?<=a)b", ErrorKind.INVALID_NAMED_CAPTURE, "(?<=a)b"),
                error("(?<!a)b", ErrorKind.INVALID_NAMED_CAPTURE, "(?<!a)b"),
                error("(a)\\1", ErrorKind.INVALID_ESCAPE, "\\1"),
                error("(?P<n>a)(?P=n)", ErrorKind.INVALID_PERL_OP, "(?P"),
                error("a++", ErrorKind.INVALID_REPEAT_OP, "++"),
                error("a?+", ErrorKind.INVALID_REPEAT_OP, "?+"),
                error("a{2}+", ErrorKind.INVALID_REPEAT_OP, "{2}+"),
                error("a*??", ErrorKind.INVALID_REPEAT_OP, "*??"),
                error("\\C", ErrorKind.INVALID_ESCAPE, "\\C"),
                error("\\8", ErrorKind.INVALID_ESCAPE, "\\8"),
                error("\\q", ErrorKind.INVALID_ESCAPE, "\\q"),
                error("\\xZ1", ErrorKind.INVALID_ESCAPE, "\\xZ1"),
                error("\\x{110000}", ErrorKind.INVALID_ESCAPE, "\\x{110000"),
                error("\\x{}", ErrorKind.INVALID_ESCAPE, "\\x{}"),
                error("[[:foo:]]", ErrorKind.INVALID_CHAR_RANGE, "[:foo:]"),
                error("\\pX", ErrorKind.INVALID_CHAR_RANGE, "\\pX"),
                error("\\p{Foo}", ErrorKind.INVALID_CHAR_RANGE, "\\p{Foo}"),
                error("\\p{L", ErrorKind.INVALID_CHAR_RANGE, "\\p{L"),
                error("(?i-)", ErrorKind.INVALID_PERL_OP, "(?i-)"),
                error("(?", ErrorKind.INVALID_PERL_OP, "(?"),
                // parse_test.go invalidRegexps
                error("(", ErrorKind.MISSING_PAREN, "("),
                error(")", ErrorKind.UNEXPECTED_PAREN, ")"),
                error("(a))", ErrorKind.UNEXPECTED_PAREN, "(a))"),
                error("(a|b|", ErrorKind.MISSING_PAREN, "(a|b|"),
                error("a|b|)", ErrorKind.UNEXPECTED_PAREN, "a|b|)"),
                error("([a-z)", ErrorKind.MISSING_BRACKET, "[a-z)"),
                error("([a-z]))", ErrorKind.UNEXPECTED_PAREN, "([a-z]))"),
                error("x{1001}", ErrorKind.INVALID_REPEAT_SIZE, "{1001}"),
                error("x{9876543210}", ErrorKind.INVALID_REPEAT_SIZE, "{9876543210}"),
                error("x{2,1}", ErrorKind.INVALID_REPEAT_SIZE, "{2,1}"),
                error("x{1,9876543210}", ErrorKind.INVALID_REPEAT_SIZE, "{1,9876543210}"),
                error("(?P<name>a", ErrorKind.MISSING_PAREN, "(?P<name>a"),
                error("(?P<name", ErrorKind.INVALID_NAMED_CAPTURE, "(?P<name"),
                error("(?P<x y>a)", ErrorKind.INVALID_NAMED_CAPTURE, "(?P<x y>"),
                error("(?P<>a)", ErrorKind.INVALID_NAMED_CAPTURE, "(?P<>"),
                error("(?<x y>a)", ErrorKind.INVALID_NAMED_CAPTURE, "(?<x y>"),
                error("[a-Z]", ErrorKind.INVALID_CHAR_RANGE, "a-Z"),
                error("(?i)[a-Z]", ErrorKind.INVALID_CHAR_RANGE, "a-Z"),
                error("\\Q\\E*", ErrorKind.MISSING_REPEAT_ARGUMENT, "*"),
                error("a{100000}", ErrorKind.INVALID_REPEAT_SIZE, "{100000}"),
                error("a{100000,}", ErrorKind.INVALID_REPEAT_SIZE, "{100000,}"),
                error("((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})", ErrorKind.INVALID_REPEAT_SIZE, "{2}"),
                error("(x{500}){3}", ErrorKind.INVALID_REPEAT_SIZE, "{3}"),
                error("\\p{Greek}", ErrorKind.UNSUPPORTED_UNICODE_SCRIPT, "\\p{Greek}"),
                error("[\\P{^Han}]", ErrorKind.UNSUPPORTED_UNICODE_SCRIPT, "\\P{^Han}"));
    }

    private static Arguments error(String pattern, ErrorKind kind, String fragment) {
        return Arguments.of(pattern, kind, fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goErrors")
    void rejectsWithGosKindAndFragment(String pattern, ErrorKind kind, String fragment) {
        RegexSyntaxException e = catchThrowableOfType(RegexSyntaxException.class, () -> Regex.compile(pattern));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.fragment()).isEqualTo(fragment);
        assertThat(e.getMessage()).isEqualTo("error parsing regexp: " + kind.text() + ": `" + fragment + "`");
    }

    static Stream<Arguments> limits() {
        return Stream.of(
                Arguments.of("(".repeat(1000) + ")".repeat(1000), ErrorKind.NESTING_DEPTH),
                Arguments.of("(?:".repeat(1000) + ")*".repeat(1000), ErrorKind.NESTING_DEPTH),
                Arguments.of("(" + "(xx?)".repeat(1000) + "){1000}", ErrorKind.LARGE),
                Arguments.of("(xx?){1000}".repeat(1000), ErrorKind.LARGE),
                Arguments.of("\\pL".repeat(27000), ErrorKind.LARGE));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("limits")
    void enforcesGosSizeAndDepthLimitsQuotingTheWholePattern(String pattern, ErrorKind kind) {
        RegexSyntaxException e = catchThrowableOfType(RegexSyntaxException.class, () -> Regex.compile(pattern));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.fragment()).isEqualTo(pattern);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "^.$", "a*|b*", "(a*|b)(c*|d)", "[a-abc-c\\-\\]\\[]", "[^1234]", "\\!\\\\",
        "[a-b-c]", "\\Qabc\\E", "\\Q*+?{[\\E", "(?:a)", "(?P<name>a)", "(?<name>a)", "x{1000}", "(x{10}){100}",
        "a{,2}", "a{", "x{1}{", "(?i)(?m)(?s)(?U)a", "(?i-s:a)", "(?)", "\\x{10FFFF}", "\\0\\07\\177", "\\12",
        "[[:^alpha:]]", "\\p{^L}", "\\PL", "\\p{Lu}", "\\pN", "\\p{Any}", "\\p{ASCII}", "\\p{Assigned}",
        "\\p{letter}", "\\p{Uppercase_Letter}", "\\_"})
    void acceptsWhatGoAccepts(String pattern) {
        assertThat(Regex.compile(pattern).pattern()).isEqualTo(pattern);
    }

    @org.junit.jupiter.api.Test
    void acceptsNestingUpToGosDepthLimit() {
        String pattern = "(".repeat(999) + ")".repeat(999);

        assertThat(Regex.compile(pattern).groupCount()).isEqualTo(999);
    }
}
