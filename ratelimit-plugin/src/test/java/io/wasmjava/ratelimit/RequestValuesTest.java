package io.wasmjava.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link RequestValues}: query parameters as Go's {@code url.ParseQuery} decodes them (net/url, Go 1.24), and cookies
 * as Higress's ExtractCookieValueByKey (util/utils.go:49-60). Expected values are printed as
 * {@link RequestValue#printable}: bytes outside ASCII as {@code \xNN}.
 */
class RequestValuesTest {
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String printable(byte[] bytes) {
        return bytes == null ? null : RequestValue.printable(bytes);
    }

    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "nil", textBlock = """
            /api?apikey=abc                  | apikey | abc
            /api?a=1&apikey=abc&apikey=def   | apikey | abc
            /api?apikey=                     | apikey | ''
            /api?apikey                      | apikey | ''
            /api?apikey=a+b%20c%2B           | apikey | a b c+
            /api?api%6Bey=x                  | apikey | x
            /api?apikey=%E9%99%90            | apikey | \\xe9\\x99\\x90
            /api?apikey=caf%E9               | apikey | caf\\xe9
            /api?apikey=%zz&apikey=ok        | apikey | ok
            /api?apikey=%4&apikey=ok         | apikey | ok
            /api?x=%zz&apikey=ok             | apikey | ok
            /api?apikey=abc#frag             | apikey | abc
            /api#frag?apikey=abc             | apikey | nil
            /a%zz?apikey=abc                 | apikey | abc
            /api?x=1;apikey=abc              | apikey | abc
            /api?apikey=abc;x=1              | apikey | abc
            /api?&&apikey=abc&               | apikey | abc
            /api?=x&apikey=abc               | apikey | abc
            /api?other=abc                   | apikey | nil
            /api                             | apikey | nil
            /api?                            | apikey | nil
            /api?APIKEY=abc                  | apikey | nil
            """)
    void findsTheFirstDecodedQueryValue(String path, String name, String expected) {
        assertThat(printable(RequestValues.queryParam(utf8(path), utf8(name)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "nil", textBlock = """
            uid=42                         | uid   | 42
            a=1; uid=42; b=2               | uid   | 42
            a=1;uid=42                     | uid   | 42
            token=YWJj==; uid=1            | token | YWJj
            token=a=b=c                    | token | a
            uid=; other=1                  | uid   | nil
            uidx=1                         | uid   | nil
            'uid =1'                       | uid   | nil
            uid                            | uid   | nil
            ''                             | uid   | nil
            uid=first; uid=second          | uid   | first
            a; uid=2                       | uid   | 2
            """)
    void findsCookieValues(String header, String name, String expected) {
        assertThat(printable(RequestValues.cookie(utf8(header), utf8(name)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "trims {0}")
    @CsvSource(delimiter = '|', textBlock = """
            tab and space    | '\t uid=1 \t'
            NEL U+0085       | '\u0085uid=1\u0085'
            NBSP U+00A0      | '\u00a0uid=1\u00a0'
            OGHAM U+1680     | '\u1680uid=1\u1680'
            EN QUAD U+2000   | '\u2000uid=1\u200a'
            LINE SEP U+2028  | '\u2028uid=1\u2029'
            NNBSP U+202F     | '\u202fuid=1\u205f'
            IDEOGRAPHIC      | '\u3000uid=1\u3000'
            """)
    void trimsWhiteSpaceAsGoTrimSpace(String name, String header) {
        assertThat(printable(RequestValues.cookie(utf8(header), utf8("uid")))).isEqualTo("1");
    }

    @ParameterizedTest(name = "keeps {0}")
    @CsvSource(delimiter = '|', textBlock = """
            ZERO WIDTH SPACE U+200B | '\u200buid=1'
            BOM U+FEFF              | '\ufeffuid=1'
            """)
    void keepsCharactersGoDoesNotTrim(String name, String header) {
        assertThat(RequestValues.cookie(utf8(header), utf8("uid"))).isNull();
    }
}
