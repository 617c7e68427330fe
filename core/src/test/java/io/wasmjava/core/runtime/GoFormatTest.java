package io.wasmjava.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.wasmjava.core.config.Json;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GoFormat} against what Go 1.24 prints: {@code json.Marshal} ({@code encoding/json/encode.go}
 * {@code floatEncoder} and {@code appendString}) and {@code fmt.Sprint} ({@code strconv.FormatFloat(f, 'g', -1,
 * 64)}). The expected texts are Go's documented formats applied by hand (see the class description of GoFormat).
 */
class GoFormatTest {
    private static String json(Object value) {
        StringBuilder out = new StringBuilder();
        assertThat(GoFormat.appendJson(out, value)).as("encodable").isTrue();
        return out.toString();
    }

    static Stream<Arguments> jsonFloats() {
        return Stream.of(
                argumentSet("zero", 0.0, "0"),
                argumentSet("negative zero", -0.0, "-0"),
                argumentSet("an integral float", 3.0, "3"),
                argumentSet("a fraction", 1.5, "1.5"),
                argumentSet("a tenth", 0.1, "0.1"),
                argumentSet("below 1e21 stays fixed", 1e20, "100000000000000000000"),
                argumentSet("1e21 switches to e notation", 1e21, "1e+21"),
                argumentSet("1e-6 stays fixed", 1e-6, "0.000001"),
                argumentSet("1e-7 in e notation, exponent shortened", 1e-7, "1e-7"),
                argumentSet("a mantissa with e-8", -1.234e-8, "-1.234e-8"),
                argumentSet("two-digit negative exponent", 1e-10, "1e-10"),
                argumentSet("2^53 + 1 read as float64", 9007199254740993.0, "9007199254740992"),
                argumentSet("the largest double", Double.MAX_VALUE, "1.7976931348623157e+308"),
                argumentSet("the smallest double", Double.MIN_VALUE, "5e-324"),
                argumentSet("digits on both sides", 123456789.125, "123456789.125"));
    }

    @ParameterizedTest
    @MethodSource("jsonFloats")
    void writesFloatsAsGoEncodingJsonDoes(double value, String expected) {
        assertThat(json(value)).isEqualTo(expected);
    }

    static Stream<Arguments> sprintValues() {
        return Stream.of(
                argumentSet("an integer", 21L, "21"),
                argumentSet("a float with a fraction", 1.5, "1.5"),
                argumentSet("an integral float", 21.0, "21"),
                argumentSet("100000 stays fixed", 100000.0, "100000"),
                argumentSet("a million in e notation", 1e6, "1e+06"),
                argumentSet("more digits in e notation", 123456789.0, "1.23456789e+08"),
                argumentSet("1e-4 stays fixed", 0.0001, "0.0001"),
                argumentSet("1e-5 in e notation", 0.00001, "1e-05"),
                argumentSet("zero", 0.0, "0"),
                argumentSet("NaN", Double.NaN, "NaN"),
                argumentSet("infinity", Double.POSITIVE_INFINITY, "+Inf"),
                argumentSet("negative infinity", Double.NEGATIVE_INFINITY, "-Inf"),
                argumentSet("a boolean", true, "true"),
                argumentSet("nil", null, "<nil>"),
                argumentSet("a string, raw", "a<b \"c\"", "a<b \"c\""));
    }

    @ParameterizedTest
    @MethodSource("sprintValues")
    void printsValuesAsGoFmtSprintDoes(Object value, String expected) {
        assertThat(GoFormat.sprint(value)).isEqualTo(expected);
    }

    static Stream<Arguments> strings() {
        return Stream.of(
                argumentSet("HTML characters", "<a&b>", "\"\\u003ca\\u0026b\\u003e\""),
                argumentSet("short escapes (\\b and \\f since Go 1.22)", "\"\\\b\f\n\r\t",
                        "\"\\\"\\\\\\b\\f\\n\\r\\t\""),
                argumentSet("other controls in lower-case hex", "\u0000\u001f", "\"\\u0000\\u001f\""),
                argumentSet("DEL and non-ASCII stay raw", "\u007fé😀", "\"\u007fé😀\""),
                argumentSet("line and paragraph separators", "\u2028\u2029", "\"\\u2028\\u2029\""),
                argumentSet("an unpaired surrogate (Go: invalid UTF-8)", "a\ud800b", "\"a\\ufffdb\""));
    }

    @ParameterizedTest
    @MethodSource("strings")
    void escapesStringsAsGoEncodingJsonDoes(String value, String expected) {
        assertThat(json(value)).isEqualTo(expected);
    }

    @Test
    void sortsObjectKeysBytewiseAndDropsWhitespace() {
        assertThat(json(Json.parse("{\"b\": [1, 2.50, {\"z\": null, \"a\": true}], \"a\": \"x\", \"\uff5e\": 1,"
                + " \"\ud83d\ude00\": 2}")))
                .isEqualTo("{\"a\":\"x\",\"b\":[1,2.5,{\"a\":true,\"z\":null}],\"\uff5e\":1,\"\ud83d\ude00\":2}");
    }

    @Test
    void refusesWhatGoCannotEncode() {
        assertThat(GoFormat.appendJson(new StringBuilder(), Double.NaN)).isFalse();
        assertThat(GoFormat.appendJson(new StringBuilder(), Json.parse("{\"a\":1e400}"))).isFalse();
    }
}
