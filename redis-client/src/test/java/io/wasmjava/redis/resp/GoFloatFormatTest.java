package io.wasmjava.redis.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Float arguments must reach Redis as the same text Go's {@code fmt.Sprint} produces (higress-sdk.md section 4.2),
 * so a Java plugin and a Go plugin write identical keys and scores.
 */
class GoFloatFormatTest {

    /** Every expected string below was printed by Go 1.19's {@code fmt.Sprint(float64(x))}. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "0.1                     | 0.1",
            "100000                  | 100000",
            "1e6                     | 1e+06",
            "1234567                 | 1.234567e+06",
            "1e-5                    | 1e-05",
            "0.0001                  | 0.0001",
            "123456                  | 123456",
            "999999                  | 999999",
            "9999999                 | 9.999999e+06",
            "1e21                    | 1e+21",
            "1e20                    | 1e+20",
            "1e23                    | 1e+23",
            "8.41e21                 | 8.41e+21",
            "123456789.0             | 1.23456789e+08",
            "5e-324                  | 5e-324",
            "4.9e-324                | 5e-324",
            "1.7976931348623157e308  | 1.7976931348623157e+308",
            "2.2250738585072014e-308 | 2.2250738585072014e-308",
            "0                       | 0",
            "-0.0                    | -0",
            "-1.5                    | -1.5",
            "2.5                     | 2.5",
            "-123.456                | -123.456",
            "-100000.5               | -100000.5",
            "3.141592653589793       | 3.141592653589793",
            "1e100                   | 1e+100",
            "0.000123                | 0.000123",
            "1e-7                    | 1e-07",
            "100                     | 100",
            "0.30000000000000004     | 0.30000000000000004",
            "0.3333333333333333      | 0.3333333333333333",
            "0.002                   | 0.002",
            "12345678912345678       | 1.2345678912345678e+16",
            "9007199254740993        | 9.007199254740992e+15",
            "NaN                     | NaN",
            "Infinity                | +Inf",
            "-Infinity               | -Inf",
    })
    void formatsDoublesLikeGoFmtSprint(String javaLiteral, String goText) {
        double value = Double.parseDouble(javaLiteral);
        assertThat(GoFloatFormat.format(value)).isEqualTo(goText);
        assertThat(Wire.text(RespEncoder.argumentBytes(value, 0))).isEqualTo(goText);
    }

    /** Expected strings printed by Go 1.19's {@code fmt.Sprint(float32(x))}: float32 has its own shortest digits. */
    @ParameterizedTest(name = "{0}f -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0.1            | 0.1",
            "1e6            | 1e+06",
            "3.4028235e38   | 3.4028235e+38",
            "1.4e-45        | 1e-45",
            "16777216       | 1.6777216e+07",
            "0.3            | 0.3",
            "0.33333334     | 0.33333334",
    })
    void formatsFloatsWithFloat32ShortestDigitsLikeGo(String javaLiteral, String goText) {
        float value = Float.parseFloat(javaLiteral);
        assertThat(GoFloatFormat.format(value)).isEqualTo(goText);
        assertThat(Wire.text(RespEncoder.argumentBytes(value, 0))).isEqualTo(goText);
    }

    @Test
    void differsFromJavaToStringWhereGoDiffers() {
        assertThat(Double.toString(1_000_000.0)).isEqualTo("1000000.0");
        assertThat(GoFloatFormat.format(1_000_000.0)).isEqualTo("1e+06");
        assertThat(Double.toString(Double.MIN_VALUE)).isEqualTo("4.9E-324");
        assertThat(GoFloatFormat.format(Double.MIN_VALUE)).isEqualTo("5e-324");
    }

    /**
     * {@code resp/go-sprint-floats.tsv} holds 3,930 values printed by Go 1.19 (random bit patterns including
     * subnormals, NaN and infinities; powers of two, whose rounding interval is lopsided; decimal-looking values around
     * the exponent-form thresholds; and float32 values). The generator is in the file's header comment's terms:
     * {@code fmt.Printf("f64\t%016x\t%s\n", math.Float64bits(f), fmt.Sprint(f))}.
     */
    @Test
    void matchesGoOnEveryValueOfTheReferenceTable() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        try (InputStream in = GoFloatFormatTest.class.getResourceAsStream("/resp/go-sprint-floats.tsv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] fields = line.split("\t");
                String actual = fields[0].equals("f64")
                        ? GoFloatFormat.format(Double.longBitsToDouble(Long.parseUnsignedLong(fields[1], 16)))
                        : GoFloatFormat.format(Float.intBitsToFloat((int) Long.parseLong(fields[1], 16)));
                if (!actual.equals(fields[2])) {
                    mismatches.add(line + " -> " + actual);
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(3930);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void readsBackToTheSameDoubleForRandomBitPatterns() {
        java.util.Random random = new java.util.Random(4242);
        for (int i = 0; i < 20_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                continue;
            }
            String text = GoFloatFormat.format(value);
            assertThat(Double.parseDouble(text)).as("%s (bits %x)", text, Double.doubleToRawLongBits(value))
                    .isEqualTo(value);
        }
    }
}
