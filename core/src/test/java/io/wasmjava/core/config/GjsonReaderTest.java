package io.wasmjava.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link GjsonReader}: gjson's {@code Get(key)} and conversions over {@link ConfigNode}s, what the lenient mode
 * reports (and what it does not) and what the strict mode refuses. The conversions themselves are {@link GjsonTest}'s.
 */
class GjsonReaderTest {
    private final List<String> warnings = new ArrayList<>();
    private final GjsonReader lenient = GjsonReader.lenient(warnings::add);
    private final GjsonReader strict = GjsonReader.strict();

    private static ConfigNode object(String member) {
        return ConfigNode.parse("{\"v\": " + member + "}");
    }

    @Test
    void getFindsMembersNullIncludedAndNothingInOtherKinds() {
        ConfigNode config = ConfigNode.parse("{\"a\": null, \"list\": [{\"b\": 1}]}");

        assertThat(GjsonReader.get(config, "a").path()).isEqualTo("a");
        assertThat(GjsonReader.exists(config, "a")).isTrue();
        assertThat(GjsonReader.get(config, "b")).isNull();
        assertThat(GjsonReader.exists(config.node("list"), "b")).isFalse();
        assertThat(GjsonReader.get(config.node("a"), "a")).isNull();
    }

    @Test
    void elementsKeepTheirPaths() {
        ConfigNode config = ConfigNode.parse("{\"list\": [1, {\"k\": 2}], \"one\": {\"k\": 3}, \"none\": null}");

        assertThat(GjsonReader.elements(config.node("list")).stream().map(ConfigNode::path))
                .containsExactly("list[0]", "list[1]");
        assertThat(GjsonReader.elements(config.node("one")).stream().map(ConfigNode::path)).containsExactly("one");
        assertThat(GjsonReader.elements(config.node("none"))).isEmpty();
        assertThat(lenient.array(config, "absent")).isEmpty();
        assertThat(warnings).isEmpty();
    }

    /**
     * What the lenient mode reads, as text, and the one warning it reports when the value changes its meaning
     * (empty: none).
     */
    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            "abc"                  | string     | abc     | ``
            102234                 | string     | 102234  | ``
            1.50                   | string     | 1.5     | ``
            true                   | string     | true    | ``
            null                   | string     | ``      | v: null is read as "" (as in Higress, not as the default)
            {"a":1}                | string     | {"a":1} | v: expected string but was object (Higress reads it as its JSON text)
            [1]                    | string     | [1]     | v: expected string but was array (Higress reads it as its JSON text)
            10                     | integer    | 10      | ``
            1e1                    | integer    | 10      | ``
            "10"                   | integer    | 10      | ``
            "007"                  | integer    | 7       | ``
            1.9                    | integer    | 1       | v: expected integer but was 1.9 (Higress reads it as 1)
            "abc"                  | integer    | 0       | v: expected integer but was string "abc" (Higress reads it as 0)
            true                   | integer    | 1       | v: expected integer but was true (Higress reads it as 1)
            null                   | integer    | 0       | v: expected integer but was null (Higress reads it as 0)
            "18446744073709551626" | integer    | 10      | v: expected integer but was string "18446744073709551626" (Higress reads it as 10)
            # Uint() of a negative number is 0 (gjson.go:153-165, saturating), not its two's complement; uint32() keeps
            # the low 32 bits.
            429                    | unsigned32 | 429     | ``
            "429"                  | unsigned32 | 429     | ``
            -1                     | unsigned32 | 0       | v: expected integer between 0 and 4294967295 but was -1 (Higress reads it as 0)
            4294967297             | unsigned32 | 1       | v: expected integer between 0 and 4294967295 but was 4294967297 (Higress reads it as 1)
            true                   | bool       | true    | ``
            "T"                    | bool       | true    | ``
            "0"                    | bool       | false   | ``
            2                      | bool       | true    | ``
            "yes"                  | bool       | false   | v: expected boolean but was string "yes" (Higress reads it as false)
            null                   | bool       | false   | v: expected boolean but was null (Higress reads it as false)
            """)
    void readsLenientlyReportingWhatChangesTheValue(String json, String read, String expected, String warning) {
        ConfigNode config = object(json);

        String value = switch (read) {
            case "string" -> lenient.string(config, "v");
            case "integer" -> String.valueOf(lenient.integer(config, "v"));
            case "unsigned32" -> String.valueOf(lenient.unsigned32(config, "v"));
            case "bool" -> String.valueOf(lenient.bool(config, "v"));
            default -> throw new IllegalArgumentException("no lenient read " + read);
        };

        assertThat(value).isEqualTo(expected);
        assertThat(warnings).isEqualTo(warning.isEmpty() ? List.of() : List.of(warning));
    }

    @Test
    void reportsUnknownFieldsButNotReservedKeys() {
        ConfigNode config = ConfigNode.parse("{\"known\": 1, \"typo\": 2, \"_rules_\": [], \"_x\": 3}");

        lenient.unknownFields(config, List.of("known"), true);

        assertThat(warnings).containsExactly("typo: unknown field (Higress ignores it)",
                "_x: unknown field (Higress ignores it)");
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            "10"    | integer | v: expected integer but was string "10"
            1.9     | integer | v: expected integer but was 1.9
            null    | string  | v: expected string but was null
            12      | string  | v: expected string but was number
            "true"  | bool    | v: expected boolean but was string "true"
            {"a":1} | array   | v: expected array but was object
            null    | array   | v: expected array but was null
            "x"     | unknown | v: unknown field (Higress ignores it)
            """)
    void strictRefusesEveryConversionAndReport(String json, String read, String message) {
        ConfigNode config = object(json);

        assertThatThrownBy(() -> {
            switch (read) {
                case "integer" -> strict.integer(config, "v");
                case "string" -> strict.string(config, "v");
                case "bool" -> strict.bool(config, "v");
                case "array" -> strict.array(config, "v");
                default -> strict.unknownFields(config, List.of(), false);
            }
        }).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void strictReadsValuesOfTheirOwnType() {
        ConfigNode config = ConfigNode.parse("{\"s\": \"x\", \"i\": 7, \"b\": true, \"a\": [1, 2]}");

        assertThat(strict.string(config, "s")).isEqualTo("x");
        assertThat(strict.integer(config, "i")).isEqualTo(7);
        assertThat(strict.bool(config, "b")).isTrue();
        assertThat(strict.array(config, "a").stream().map(node -> node.value().toJson()).collect(Collectors.toList()))
                .containsExactly("1", "2");
        assertThat(strict.isStrict()).isTrue();
        assertThat(lenient.isStrict()).isFalse();
    }
}
