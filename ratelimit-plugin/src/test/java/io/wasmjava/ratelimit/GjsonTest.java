package io.wasmjava.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.config.Json;
import io.wasmjava.core.config.JsonValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Gjson}: the conversions of tidwall/gjson v1.18.0's {@code Result} (gjson.go), applied to the member
 * {@code v} of {@code {"v": <json>}}; {@code absent} is a member that does not exist. The expected values follow the
 * code cited in each row: String() gjson.go:72-101, Int() 118-142, Uint() 144-168, Bool() 103-116, Array() 195-205,
 * with safeInt (2800), parseInt (2775) and parseUint (2760), and Go's saturating float conversions on Wasm. One row
 * differs from Go on purpose (see {@link GoDecimal}): {@code 123456789.123456789}, 18 significant digits, prints as
 * written where Go prints the shortest digits of its {@code float64}, {@code 123456789.12345679}.
 */
class GjsonTest {
    private static JsonValue member(String json) {
        return json.equals("absent") ? null : Json.parse("{\"v\": " + json + "}").member("v");
    }

    @ParameterizedTest(name = "{0}: String {1}, Int {2}, Uint {3}, Bool {4}, Array size {5}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            "abc"                  | abc                   | 0                    | 0                    | false | 1
            "10"                   | 10                    | 10                   | 10                   | false | 1
            "-10"                  | -10                   | -10                  | 0                    | false | 1
            "+5"                   | +5                    | 0                    | 0                    | false | 1
            "1.5"                  | 1.5                   | 0                    | 0                    | false | 1
            ""                     | ``                    | 0                    | 0                    | false | 1
            "-"                    | -                     | 0                    | 0                    | false | 1
            "true"                 | true                  | 0                    | 0                    | true  | 1
            "TrUe"                 | TrUe                  | 0                    | 0                    | true  | 1
            "t"                    | t                     | 0                    | 0                    | true  | 1
            "1"                    | 1                     | 1                    | 1                    | true  | 1
            "yes"                  | yes                   | 0                    | 0                    | false | 1
            "99999999999999999999" | 99999999999999999999  | 7766279631452241919  | 7766279631452241919  | false | 1
            10                     | 10                    | 10                   | 10                   | true  | 1
            -100                   | -100                  | -100                 | 0                    | true  | 1
            0                      | 0                     | 0                    | 0                    | false | 1
            -0                     | -0                    | 0                    | 0                    | false | 1
            -0.0                   | -0                    | 0                    | 0                    | false | 1
            1.5                    | 1.5                   | 1                    | 1                    | true  | 1
            -1.5                   | -1.5                  | -1                   | 0                    | true  | 1
            0.5                    | 0.5                   | 0                    | 0                    | true  | 1
            1.0                    | 1                     | 1                    | 1                    | true  | 1
            10.50                  | 10.5                  | 10                   | 10                   | true  | 1
            1e3                    | 1000                  | 1000                 | 1000                 | true  | 1
            1E+3                   | 1000                  | 1000                 | 1000                 | true  | 1
            1e-7                   | 0.0000001             | 0                    | 0                    | true  | 1
            1e21                   | 1000000000000000000000 | 9223372036854775807 | -1                   | true  | 1
            -1e21                  | -1000000000000000000000 | -9223372036854775808 | 0                 | true  | 1
            9007199254740993       | 9007199254740993      | 9007199254740993     | 9007199254740993     | true  | 1
            99999999999999999999   | 99999999999999999999  | 7766279631452241919  | 7766279631452241919  | true  | 1
            1e400                  | +Inf                  | 9223372036854775807  | -1                   | true  | 1
            1e-400                 | 0                     | 0                    | 0                    | false | 1
            0.1                    | 0.1                   | 0                    | 0                    | true  | 1
            123456789.123456789    | 123456789.123456789   | 123456789            | 123456789            | true  | 1
            true                   | true                  | 1                    | 1                    | true  | 1
            false                  | false                 | 0                    | 0                    | false | 1
            null                   | ``                    | 0                    | 0                    | false | 0
            {"a":1}                | {"a":1}               | 0                    | 0                    | false | 1
            [1,2]                  | [1,2]                 | 0                    | 0                    | false | 2
            absent                 | ``                    | 0                    | 0                    | false | 0
            """)
    void convertsAsGjson(String json, String string, long integer, long unsigned, boolean bool, int arraySize) {
        JsonValue value = member(json);

        assertThat(Gjson.string(value)).isEqualTo(string);
        assertThat(Gjson.integer(value)).isEqualTo(integer);
        assertThat(Gjson.unsigned(value)).isEqualTo(unsigned);
        assertThat(Gjson.bool(value)).isEqualTo(bool);
        assertThat(Gjson.array(value)).hasSize(arraySize);
    }
}
