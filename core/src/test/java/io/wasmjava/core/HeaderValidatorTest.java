package io.wasmjava.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wasmjava.core.HeaderValidator.Target;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The character sets against their sources, and the pseudo-header table of {@link HeaderValidator}'s description.
 */
class HeaderValidatorTest {
    /** RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA. */
    private static final String TCHAR = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /**
     * quiche {@code http2/adapter/header_validator.cc}, {@code kHttp2HeaderValueAllowedChars}: HTAB, SP and the visible
     * ASCII characters; Envoy's {@code headerValueIsValid} adds obs-text (0x80-0xFF) with {@code ObsTextOption::kAllow}.
     */
    private static final String VALUE_ASCII = "\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
            + "abcdefghijklmnopqrstuvwxyz{|}~";

    @Test
    void nameCharactersAreExactlyTheRfc9110TokenCharacters() {
        for (char c = 0; c < 0x100; c++) {
            assertThat(HeaderValidator.isNameChar(c)).as("0x%02x", (int) c).isEqualTo(TCHAR.indexOf(c) >= 0);
        }
        assertThat(HeaderValidator.isNameChar('\u0130')).isFalse();
    }

    @Test
    void valueCharactersAreExactlyThoseEnvoyAccepts() {
        for (char c = 0; c < 0x100; c++) {
            assertThat(HeaderValidator.isValueChar(c)).as("0x%02x", (int) c)
                    .isEqualTo(VALUE_ASCII.indexOf(c) >= 0 || c >= 0x80);
        }
        assertThat(HeaderValidator.isValueChar('\u2603')).as("sent as UTF-8 bytes, all obs-text").isTrue();
    }

    @Test
    void invalidValueIndexFindsTheFirstBadCharacter() {
        assertThat(HeaderValidator.invalidValueIndex("")).isEqualTo(-1);
        assertThat(HeaderValidator.invalidValueIndex("Bearer abc\tdef")).isEqualTo(-1);
        assertThat(HeaderValidator.invalidValueIndex("ab\r\ncd\0")).isEqualTo(2);
    }

    static Stream<Arguments> checks() {
        return Stream.of(
                // target, replace?, name, value, message (null: accepted)
                arguments(Target.REQUEST, false, "x-a", "1", null),
                arguments(Target.REQUEST, false, "X-Mixed_Case.1", "", null),
                arguments(Target.REQUEST, true, ":path", "/a/b?c=d%20e", null),
                arguments(Target.REQUEST, true, ":path", "*", null),
                arguments(Target.REQUEST, true, ":path", "/caf\u00e9", null),
                arguments(Target.REQUEST, true, ":authority", "[::1]:8080", null),
                arguments(Target.REQUEST, true, ":authority", "outbound|80||auth.static", null),
                arguments(Target.REQUEST, true, ":method", "PATCH", null),
                arguments(Target.REQUEST, true, ":scheme", "https", null),
                arguments(Target.RESPONSE, true, ":status", "404", null),
                arguments(Target.CALLOUT_REQUEST, false, ":scheme", "http", null),
                arguments(Target.CALLOUT_REQUEST, false, ":path", "/token", null),
                arguments(Target.LOCAL_RESPONSE, false, "content-type", "text/plain", null),
                arguments(Target.REQUEST, false, ":path", "/x",
                        "not a valid header name: \":path\" (a request has exactly one :path: replace it instead of "
                                + "adding one)"),
                arguments(Target.REQUEST, false, ":method", "GET",
                        "not a valid header name: \":method\" (a request has exactly one :method: replace it instead "
                                + "of adding one)"),
                arguments(Target.REQUEST, true, ":status", "200",
                        "not a valid header name: \":status\" (a response pseudo-header, not allowed in request "
                                + "headers)"),
                arguments(Target.RESPONSE, false, ":status", "200",
                        "not a valid header name: \":status\" (a response has exactly one :status: replace it instead "
                                + "of adding one)"),
                arguments(Target.RESPONSE, true, ":authority", "a",
                        "not a valid header name: \":authority\" (a request pseudo-header, not allowed in response "
                                + "headers)"),
                arguments(Target.LOCAL_RESPONSE, false, ":status", "200",
                        "not a valid header name: \":status\" (local responses take no pseudo-headers: the status is "
                                + "an argument)"),
                arguments(Target.CALLOUT_REQUEST, false, ":status", "200",
                        "not a valid header name: \":status\" (a response pseudo-header, not allowed in a request)"),
                arguments(Target.REQUEST, true, ":protocol", "websocket",
                        "not a valid header name: \":protocol\" (unknown pseudo-header)"),
                arguments(Target.REQUEST, true, ":", "x", "not a valid header name: \":\" (empty pseudo-header)"),
                arguments(Target.REQUEST, true, ":Path", "/x",
                        "not a valid header name: \":Path\" (character 0x50 at index 1; pseudo-header names are lower "
                                + "case)"),
                arguments(Target.REQUEST, true, ":path", "",
                        "value of header \":path\" is empty"),
                arguments(Target.REQUEST, true, ":path", "relative",
                        "not a valid value for header \":path\": character 0x72 at index 0 (a path starts with /)"),
                arguments(Target.REQUEST, true, ":path", "/a\u007f",
                        "not a valid value for header \":path\": character 0x7f at index 2 (no spaces or control "
                                + "characters in a path)"),
                arguments(Target.REQUEST, true, ":method", "GE T",
                        "not a valid value for header \":method\": character 0x20 at index 2 (a method is a token)"),
                arguments(Target.REQUEST, true, ":scheme", "1http",
                        "not a valid value for header \":scheme\": character 0x31 at index 0 (a scheme is a letter "
                                + "followed by letters, digits, +, - or .)"),
                arguments(Target.REQUEST, true, ":authority", "a/b",
                        "not a valid value for header \":authority\": character 0x2f at index 1 (an authority is a "
                                + "host and an optional port)"),
                arguments(Target.REQUEST, true, ":authority", "host:http",
                        "not a valid value for header \":authority\": character 0x68 at index 5 (a port is a number)"),
                arguments(Target.REQUEST, true, ":authority", "host:99999",
                        "value of header \":authority\" has a port above 65535"),
                arguments(Target.RESPONSE, true, ":status", "600",
                        "value of header \":status\" is not a status from 100 to 599"),
                arguments(Target.RESPONSE, true, ":status", "2o0",
                        "not a valid value for header \":status\": character 0x6f at index 1 (a status is three "
                                + "digits)"),
                arguments(Target.RESPONSE, true, ":status", null, "value of header \":status\" is null"),
                arguments(Target.RESPONSE, false, null, "1", "header name is null"));
    }

    /** The rows of {@link #checks} that add a pair a {@link Headers} can hold (a name and a value). */
    static Stream<Arguments> addChecks() {
        return pairChecks(false);
    }

    /** The rows of {@link #checks} that replace a pair a {@link Headers} can hold. */
    static Stream<Arguments> replaceChecks() {
        return pairChecks(true);
    }

    private static Stream<Arguments> pairChecks(boolean replace) {
        return checks().filter(row -> {
            Object[] values = row.get();
            return (Boolean) values[1] == replace && values[2] != null && values[3] != null;
        });
    }

    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @MethodSource("checks")
    void checksNamesValuesAndPseudoHeadersPerTarget(Target target, boolean replace, String name, String value,
            String message) {
        Runnable check = replace ? () -> HeaderValidator.checkReplace(target, name, value)
                : () -> HeaderValidator.checkAdd(target, name, value);
        if (message == null) {
            check.run();
        } else {
            assertThatThrownBy(check::run).isExactlyInstanceOf(InvalidHeaderException.class).hasMessage(message);
        }
    }

    /**
     * {@code checkAddAll} decides as {@code checkAdd} does for each pair, whether the headers were validated when
     * built ({@code Headers.of}: only pseudo-headers are looked at again) or not ({@code Headers.unchecked}).
     */
    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @MethodSource("addChecks")
    void checkAddAllDecidesAsCheckAddForBuiltAndUncheckedHeaders(Target target, boolean replace, String name,
            String value, String message) {
        Headers unchecked = Headers.unchecked("x-first", "1", name, value);
        if (message == null) {
            HeaderValidator.checkAddAll(target, unchecked);
            HeaderValidator.checkAddAll(target, Headers.of("x-first", "1", name, value));
            return;
        }
        assertThatThrownBy(() -> HeaderValidator.checkAddAll(target, unchecked))
                .isExactlyInstanceOf(InvalidHeaderException.class).hasMessage(message);
        Headers built;
        try {
            built = Headers.of("x-first", "1", name, value);
        } catch (InvalidHeaderException refusedWhenBuilt) {
            assertThat(refusedWhenBuilt).hasMessage(message);
            return;
        }
        assertThatThrownBy(() -> HeaderValidator.checkAddAll(target, built))
                .isExactlyInstanceOf(InvalidHeaderException.class).hasMessage(message);
    }

    /**
     * {@code checkReplaceAll} decides as {@code checkReplace} does for each pair of unchecked headers. (Built headers
     * are not rows here: {@code Headers.of} refuses some of these values first, with its own message.)
     */
    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @MethodSource("replaceChecks")
    void checkReplaceAllDecidesAsCheckReplaceForUncheckedHeaders(Target target, boolean replace, String name,
            String value, String message) {
        Headers unchecked = Headers.unchecked("x-first", "1", name, value);
        if (message == null) {
            HeaderValidator.checkReplaceAll(target, unchecked);
        } else {
            assertThatThrownBy(() -> HeaderValidator.checkReplaceAll(target, unchecked))
                    .isExactlyInstanceOf(InvalidHeaderException.class).hasMessage(message);
        }
    }

    @Test
    void checkAddAllChecksEveryPairOfUncheckedHeaders() {
        assertThatThrownBy(() -> HeaderValidator.checkAddAll(Target.LOCAL_RESPONSE,
                Headers.unchecked("x-ok", "1", "bad name", "2")))
                .isExactlyInstanceOf(InvalidHeaderException.class)
                .hasMessage("not a valid header name: \"bad name\" (character 0x20 at index 3)");
        assertThatThrownBy(() -> HeaderValidator.checkAddAll(Target.LOCAL_RESPONSE,
                Headers.unchecked("x-ok", "1", "x-bad", "a\r\nb")))
                .isExactlyInstanceOf(InvalidHeaderException.class)
                .hasMessageStartingWith("not a valid value for header \"x-bad\": character 0x0d at index 1");
    }

    @Test
    void theExceptionCarriesTheNameAndTheIndexButTheMessageNeverTheValue() {
        String secret = "sk-live-4f9a";

        InvalidHeaderException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidHeaderException.class,
                () -> HeaderValidator.checkValue("authorization", "Bearer " + secret + "\r\n"));

        assertThat(e.headerName()).isEqualTo("authorization");
        assertThat(e.index()).isEqualTo(19);
        assertThat(e.getMessage()).doesNotContain(secret).doesNotContain("Bearer");
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void regularNamesExcludePseudoHeaders() {
        HeaderValidator.checkRegularName("x-token");

        assertThatThrownBy(() -> HeaderValidator.checkRegularName(":path"))
                .isExactlyInstanceOf(InvalidHeaderException.class)
                .hasMessage("not a valid header name: \":path\" (a pseudo-header)");
    }
}
