package io.wasmjava.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link RequestValues}: query parameters decoded as Go's {@code url.ParseQuery}, and cookies. */
class RequestValuesTest {
    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "nil", textBlock = """
            /api?apikey=abc                  | apikey | abc
            /api?a=1&apikey=abc&apikey=def   | apikey | abc
            /api?apikey=                     | apikey | ''
            /api?apikey                      | apikey | ''
            /api?apikey=a+b%20c%2B           | apikey | a b c+
            /api?api%6Bey=x                  | apikey | x
            /api?apikey=%E9%99%90            | apikey | 限
            /api?apikey=%zz&apikey=ok        | apikey | ok
            /api?x=%zz&apikey=ok             | apikey | ok
            /api?apikey=abc#frag             | apikey | abc
            /api?&&apikey=abc&               | apikey | abc
            /api?other=abc                   | apikey | nil
            /api                             | apikey | nil
            /api?APIKEY=abc                  | apikey | nil
            """)
    void findsTheFirstDecodedQueryValue(String path, String name, String expected) {
        assertThat(RequestValues.queryParam(path, name)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "nil", textBlock = """
            uid=42                         | uid | 42
            a=1; uid=42; b=2               | uid | 42
            a=1;uid=42                     | uid | 42
            token=YWJj==; uid=1            | token | YWJj==
            uid=; other=1                  | uid | nil
            uidx=1                         | uid | nil
            uid                            | uid | nil
            ''                             | uid | nil
            uid=first; uid=second          | uid | first
            """)
    void findsCookieValues(String header, String name, String expected) {
        assertThat(RequestValues.cookie(header, name)).isEqualTo(expected);
    }
}
