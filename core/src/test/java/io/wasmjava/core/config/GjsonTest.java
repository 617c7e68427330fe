package io.wasmjava.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Gjson}: the conversions of tidwall/gjson v1.18.0's {@code Result}, with line numbers of {@code gjson.go}:
 * String() 72-100, Bool() 103-115, Int() 118-141, Uint() 144-167, Array() 195-204, with safeInt (2800-2807),
 * parseInt (2775-2796) and parseUint (2760-2773), Go's saturating float conversions on Wasm, and, for numbers that
 * are not plain digits, Go's {@code strconv.FormatFloat(f, 'f', -1, 64)} of the {@code float64} gjson parses
 * (gjson.go:87-90; the shortest decimal that reads back as that {@code float64}, without an exponent). The rows
 * marked {@code divergence} are the deliberate limits of {@link Gjson}'s class comment, with Go's value in the row.
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
            "-9223372036854775809" | -9223372036854775809  | 9223372036854775807  | 0                    | false | 1
            10                     | 10                    | 10                   | 10                   | true  | 1
            -100                   | -100                  | -100                 | 0                    | true  | 1
            0                      | 0                     | 0                    | 0                    | false | 1
            -0                     | -0                    | 0                    | 0                    | false | 1
            -0.0                   | -0                    | 0                    | 0                    | false | 1
            1.5                    | 1.5                   | 1                    | 1                    | true  | 1
            -1.5                   | -1.5                  | -1                   | 0                    | true  | 1
            -0.5                   | -0.5                  | 0                    | 0                    | true  | 1
            0.5                    | 0.5                   | 0                    | 0                    | true  | 1
            1.0                    | 1                     | 1                    | 1                    | true  | 1
            10.50                  | 10.5                  | 10                   | 10                   | true  | 1
            1e3                    | 1000                  | 1000                 | 1000                 | true  | 1
            1E+3                   | 1000                  | 1000                 | 1000                 | true  | 1
            1e-7                   | 0.0000001             | 0                    | 0                    | true  | 1
            1e19                   | 10000000000000000000  | 9223372036854775807  | -8446744073709551616 | true  | 1
            1.5e19                 | 15000000000000000000  | 9223372036854775807  | -3446744073709551616 | true  | 1
            1e21                   | 1000000000000000000000 | 9223372036854775807 | -1                   | true  | 1
            -1e21                  | -1000000000000000000000 | -9223372036854775808 | 0                 | true  | 1
            9007199254740993       | 9007199254740993      | 9007199254740993     | 9007199254740993     | true  | 1
            9223372036854775808    | 9223372036854775808   | -9223372036854775808 | -9223372036854775808 | true  | 1
            18446744073709551615   | 18446744073709551615  | -1                   | -1                   | true  | 1
            18446744073709551616   | 18446744073709551616  | 0                    | 0                    | true  | 1
            99999999999999999999   | 99999999999999999999  | 7766279631452241919  | 7766279631452241919  | true  | 1
            1.8446744073709551615e19 | 18446744073709551615 | 9223372036854775807 | -1                   | true  | 1
            1e400                  | +Inf                  | 9223372036854775807  | -1                   | true  | 1
            -1e400                 | -Inf                  | -9223372036854775808 | 0                    | true  | 1
            1e999999999            | +Inf                  | 9223372036854775807  | -1                   | true  | 1
            -1e999999999           | -Inf                  | -9223372036854775808 | 0                    | true  | 1
            1e-400                 | 0                     | 0                    | 0                    | false | 1
            -1e-999999999          | -0                    | 0                    | 0                    | false | 1
            2.47032822920623e-324  | 0                     | 0                    | 0                    | false | 1
            1.79769313486232e308   | +Inf                  | 9223372036854775807  | -1                   | true  | 1
            0.1                    | 0.1                   | 0                    | 0                    | true  | 1
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

    /** Where the exact decimal and Go's {@code float64} part: each row gives ours, and Go's in its name. */
    @ParameterizedTest(name = "{0}: {1}: String {2}, Int {3}, Uint {4}, Bool {5}")
    @CsvSource(delimiter = '|', textBlock = """
            String (Go: 123456789.12345679)  | 123456789.123456789 | 123456789.123456789 | 123456789 | 123456789 | true
            Int, Uint (Go: ...450112)        | 1.23456789012345e18 | 1234567890123450000 | 1234567890123450000 \
                                             | 1234567890123450000 | true
            """)
    void divergesFromGoBeyondItsDocumentedLimits(String divergence, String json, String string, long integer,
            long unsigned, boolean bool) {
        JsonValue value = member(json);

        assertThat(Gjson.string(value)).isEqualTo(string);
        assertThat(Gjson.integer(value)).isEqualTo(integer);
        assertThat(Gjson.unsigned(value)).isEqualTo(unsigned);
        assertThat(Gjson.bool(value)).isEqualTo(bool);
    }

    /** String() alone, where its text is long or its rule needs its own row. */
    static Stream<Arguments> strings() {
        return Stream.of(
                argumentSet("gjson.go:94 string", "\"a b\"", "a b"),
                argumentSet("gjson.go:94 empty string", "\"\"", ""),
                argumentSet("gjson.go:94 escapes decoded", "\"a\\u00e9\\n\"", "a\u00e9\n"),
                argumentSet("gjson.go:98 true", "true", "true"),
                argumentSet("gjson.go:77 false", "false", "false"),
                argumentSet("gjson.go:75 null", "null", ""),
                argumentSet("gjson.go:96 object, compact (divergence: gjson keeps the source spacing)",
                        "{ \"a\" : [1, 2] }", "{\"a\":[1,2]}"),
                argumentSet("gjson.go:96 array", "[ \"x\" ]", "[\"x\"]"),
                argumentSet("gjson.go:92 digits", "102234", "102234"),
                argumentSet("gjson.go:92 negative digits", "-7", "-7"),
                argumentSet("gjson.go:92 negative zero digits", "-0", "-0"),
                argumentSet("gjson.go:92 digits beyond float64 precision stay as written",
                        "123456789012345678901234567890", "123456789012345678901234567890"),
                argumentSet("gjson.go:89 fraction", "1.5", "1.5"),
                argumentSet("gjson.go:89 trailing zeros", "1.50", "1.5"),
                argumentSet("gjson.go:89 integral fraction", "2.0", "2"),
                argumentSet("gjson.go:89 exponent", "1e3", "1000"),
                argumentSet("gjson.go:89 upper-case exponent with sign", "25E+2", "2500"),
                argumentSet("gjson.go:89 negative exponent", "15e-3", "0.015"),
                argumentSet("gjson.go:89 small", "1e-7", "0.0000001"),
                argumentSet("gjson.go:89 large", "1e21", "1000000000000000000000"),
                argumentSet("gjson.go:89 negative zero", "-0.0", "-0"),
                argumentSet("gjson.go:89 zero with exponent", "0e10", "0"),
                argumentSet("gjson.go:89 leading zero fraction", "0.000120", "0.00012"),
                argumentSet("gjson.go:89 17 significant digits that are the shortest form", "1.2345678901234567e5",
                        "123456.78901234567"),
                argumentSet("gjson.go:89 15 significant digits", "1.23456789012345", "1.23456789012345"),
                argumentSet("gjson.go:89 15 significant digits near the top of the range", "9.99999999999999e307",
                        "999999999999999" + "0".repeat(293)),
                argumentSet("gjson.go:89 1e308", "1e308", "1" + "0".repeat(308)),
                argumentSet("gjson.go:89 the largest 15-digit float64", "1.79769313486231e308",
                        "179769313486231" + "0".repeat(294)),
                argumentSet("gjson.go:89 overflow", "1e400", "+Inf"),
                argumentSet("gjson.go:89 negative overflow", "-1e309", "-Inf"),
                argumentSet("gjson.go:89 15 significant digits near the bottom of the range", "1.5e-307",
                        "0." + "0".repeat(306) + "15"),
                argumentSet("gjson.go:89 smallest normal float64", "2.2250738585072014e-308",
                        "0." + "0".repeat(307) + "22250738585072014"),
                argumentSet("gjson.go:89 a subnormal that keeps 15 digits", "1.23456789012345e-309",
                        "0." + "0".repeat(308) + "123456789012345"),
                argumentSet("gjson.go:89 underflow keeps the sign", "-1e-400", "-0"),
                argumentSet("gjson.go:89 at most half the smallest float64 is zero", "2.47032822920623e-324", "0"),
                argumentSet("divergence (Go: 0.1): 17 significant digits written out", "0.10000000000000001",
                        "0.10000000000000001"),
                argumentSet("divergence (Go: 0.000...005, 5e-324): a subnormal written out", "2.47032822920624e-324",
                        "0." + "0".repeat(323) + "247032822920624"),
                argumentSet("divergence (Go: 0.000...015, 1.5e-323, by chance the same): a subnormal", "1.5e-323",
                        "0." + "0".repeat(322) + "15"));
    }

    @ParameterizedTest
    @MethodSource("strings")
    void readsAValueAsAStringAsGjsonDoes(String json, String expected) {
        assertThat(Gjson.string(member(json))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2.47032822920623e-324                | false
            2.47032822920624e-324                | true
            2.47032822920623272088284396434e-324 | false
            2.47032822920623272088284396435e-324 | true
            5e-324                               | true
            9e-325                               | false
            """)
    void aNumberIsFalseExactlyWhenItsFloat64IsZero(String json, boolean expected) {
        // 2^-1075 = 2.4703282292062327208828439643411068...e-324 is half the smallest float64; up to it a number
        // parses to 0 (a tie rounds to the even 0).
        assertThat(Gjson.bool(member(json))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1.79769313486231580793728971406e308 | +Inf
            1.79769313486231580793728971405e308 | 17976931348623158079372897140500000
            """)
    void overflowsWhereGoDoes(String json, String prefix) {
        // 2^1024 - 2^970 = 1.79769313486231580793728971405303...e308 is the midpoint between the largest float64
        // and 2^1024; above it a number parses to +Inf, below it to the largest float64. Below it this prints the
        // exact digits (30 significant digits: a divergence, Go prints 17976931348623157 and zeros).
        assertThat(Gjson.string(member(json))).startsWith(prefix);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            null        | 0
            "x"         | 1
            {"a":1}     | 1
            [1,"2",[3]] | 3
            []          | 0
            """)
    void readsAnArrayAsGjsonDoes(String json, int size) {
        JsonValue value = member(json);

        List<JsonValue> elements = Gjson.array(value);

        assertThat(elements).isEqualTo(value.kind() == JsonKind.ARRAY ? value.elements()
                : value.isNull() ? List.of() : List.of(value));
        assertThat(elements).hasSize(size);
    }
}
