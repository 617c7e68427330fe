package io.wasmjava.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.wasmjava.core.config.Json;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gjson v1.18.0's {@code Result.String()} ({@code gjson.go:72-99}); for numbers that are not plain digits the expected
 * values are Go's {@code strconv.FormatFloat(f, 'f', -1, 64)} of the parsed {@code float64}, except in the rows marked
 * as a divergence.
 */
class GjsonTextTest {
    static Stream<Arguments> values() {
        return Stream.of(
                argumentSet("gjson.go:95 string", "\"a b\"", "a b"),
                argumentSet("gjson.go:95 empty string", "\"\"", ""),
                argumentSet("gjson.go:97 true", "true", "true"),
                argumentSet("gjson.go:76 false", "false", "false"),
                argumentSet("gjson.go:74 null", "null", ""),
                argumentSet("gjson.go:94 object, compact (gjson keeps the source spacing)", "{ \"a\" : [1, 2] }",
                        "{\"a\":[1,2]}"),
                argumentSet("gjson.go:94 array", "[ \"x\" ]", "[\"x\"]"),
                argumentSet("gjson.go:90 digits", "102234", "102234"),
                argumentSet("gjson.go:90 negative digits", "-7", "-7"),
                argumentSet("gjson.go:90 negative zero digits", "-0", "-0"),
                argumentSet("gjson.go:90 digits beyond float64 precision stay as written",
                        "123456789012345678901234567890",
                        "123456789012345678901234567890"),
                argumentSet("gjson.go:87 fraction", "1.5", "1.5"),
                argumentSet("gjson.go:87 trailing zeros", "1.50", "1.5"),
                argumentSet("gjson.go:87 integral fraction", "2.0", "2"),
                argumentSet("gjson.go:87 exponent", "1e3", "1000"),
                argumentSet("gjson.go:87 upper-case exponent with sign", "25E+2", "2500"),
                argumentSet("gjson.go:87 negative exponent", "15e-3", "0.015"),
                argumentSet("gjson.go:87 small", "1e-7", "0.0000001"),
                argumentSet("gjson.go:87 large", "1e21", "1000000000000000000000"),
                argumentSet("gjson.go:87 negative zero", "-0.0", "-0"),
                argumentSet("gjson.go:87 zero with exponent", "0e10", "0"),
                argumentSet("gjson.go:87 leading zero fraction", "0.000120", "0.00012"),
                argumentSet("gjson.go:87 15 significant digits", "1.23456789012345", "1.23456789012345"),
                argumentSet("gjson.go:87 15 significant digits near the top of the range", "9.99999999999999e307",
                        "9999999999999990" + "0".repeat(292)),
                argumentSet("gjson.go:87 15 significant digits near the bottom of the range", "1.5e-307",
                        "0." + "0".repeat(306) + "15"),
                // Beyond the exact range Go rounds through float64 ("0.1", "+Inf", "0"); we keep the text (GjsonText).
                argumentSet("divergence: 17 significant digits stay as written", "0.10000000000000001",
                        "0.10000000000000001"),
                argumentSet("divergence: overflow stays as written", "1e400", "1e400"),
                argumentSet("divergence: underflow stays as written", "-1e-400", "-1e-400"));
    }

    @ParameterizedTest
    @MethodSource("values")
    void readsAValueAsGjsonDoes(String json, String expected) {
        assertThat(GjsonText.of(Json.parse(json))).isEqualTo(expected);
    }
}
