package io.wasmjava.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonValueTest {

    @Test
    void reportsKindOfEachValue() {
        assertThat(Json.parse("{}").kind()).isEqualTo(JsonKind.OBJECT);
        assertThat(Json.parse("[]").kind()).isEqualTo(JsonKind.ARRAY);
        assertThat(Json.parse("\"\"").kind()).isEqualTo(JsonKind.STRING);
        assertThat(Json.parse("0").kind()).isEqualTo(JsonKind.NUMBER);
        assertThat(Json.parse("true").kind()).isEqualTo(JsonKind.BOOLEAN);
        assertThat(Json.parse("null").kind()).isEqualTo(JsonKind.NULL);
    }

    @Test
    void parsesLiteralsToTheConstants() {
        assertThat(Json.parse("true")).isSameAs(JsonValue.TRUE);
        assertThat(Json.parse("false")).isSameAs(JsonValue.FALSE);
        assertThat(Json.parse("null")).isSameAs(JsonValue.NULL);
        assertThat(JsonValue.bool(true)).isSameAs(JsonValue.TRUE);
        assertThat(JsonValue.bool(false)).isSameAs(JsonValue.FALSE);
        assertThat(JsonValue.NULL.isNull()).isTrue();
        assertThat(JsonValue.FALSE.isNull()).isFalse();
    }

    @Test
    void returnsScalarValues() {
        assertThat(JsonValue.string("a\"b").stringValue()).isEqualTo("a\"b");
        assertThat(JsonValue.TRUE.booleanValue()).isTrue();
        assertThat(JsonValue.FALSE.booleanValue()).isFalse();
        assertThat(JsonValue.number(-42).numberText()).isEqualTo("-42");
        assertThat(JsonValue.number(Long.MIN_VALUE).numberText()).isEqualTo("-9223372036854775808");
        assertThat(JsonValue.number("2.50E-3").numberText()).isEqualTo("2.50E-3");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "-0, 0",
        "42, 42",
        "-42, -42",
        "1.0, 1",
        "1.000e3, 1000",
        "1e2, 100",
        "12.5e1, 125",
        "100e-2, 1",
        "0e-5, 0",
        "9223372036854775807, 9223372036854775807",
        "-9223372036854775808, -9223372036854775808",
        "922337203685477580.7e1, 9223372036854775807",
        "-0.9223372036854775808e19, -9223372036854775808",
    })
    void convertsIntegralNumbersToLongExactly(String json, long expected) {
        JsonValue number = Json.parse(json);

        assertThat(number.isIntegral()).isTrue();
        assertThat(number.longValue()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "-0.1", "1e-1", "12345e-3", "1.0000000000000000000000001"})
    void rejectsFractionsAsLong(String json) {
        JsonValue number = Json.parse(json);

        assertThat(number.isIntegral()).isFalse();
        assertThatThrownBy(number::longValue)
                .isInstanceOf(ArithmeticException.class)
                .hasMessage("not an integer: " + json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "1e19", "1e400", "99999999999999999999"})
    void rejectsIntegersBeyondLongRange(String json) {
        JsonValue number = Json.parse(json);

        assertThat(number.isIntegral()).isTrue();
        assertThatThrownBy(number::longValue)
                .isInstanceOf(ArithmeticException.class)
                .hasMessage("out of the range of long: " + json);
    }

    @ParameterizedTest(name = "{0} in [{1}, {2}] is {3}")
    @CsvSource({
        "3600, 0, 31536000, 3600",
        "0, 0, 31536000, 0",
        "-0, -5, 5, 0",
        "3599.9, 0, 31536000, 3599",
        "-3599.9, -10000, 0, -3599",
        "0.5, -5, 5, 0",
        "1e-400, -5, 5, 0",
        "36e2, 0, 31536000, 3600",
        "31536001, 0, 31536000, 31536000",
        "-1, 0, 31536000, 0",
        "9223372036854775, 0, 31536000, 31536000",
        "9223372036854775807, -9223372036854775808, 9223372036854775807, 9223372036854775807",
        "9223372036854775808, -9223372036854775808, 9223372036854775807, 9223372036854775807",
        "-9223372036854775808, -9223372036854775808, 9223372036854775807, -9223372036854775808",
        "-9223372036854775809, -9223372036854775808, 9223372036854775807, -9223372036854775808",
        "99999999999999999999, 0, 31536000, 31536000",
        "-99999999999999999999, -7, 7, -7",
        "1e400, 0, 100, 100",
        "-1e400, -100, 100, -100",
        "12345678901234567890123456789e-10, 0, 9223372036854775807, 1234567890123456789",
    })
    void clampsAnyNumberWithoutOverflowOrException(String json, long min, long max, long expected) {
        assertThat(Json.parse(json).clampedLong(min, max)).isEqualTo(expected);
    }

    @Test
    void clampingNeedsAnOrderedRangeAndANumber() {
        assertThatThrownBy(() -> Json.parse("1").clampedLong(5, 4)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("min 5 is above max 4");
        assertThatThrownBy(() -> Json.parse("\"1\"").clampedLong(0, 4)).isInstanceOf(IllegalStateException.class)
                .hasMessage("expected number but was string");
    }

    @ParameterizedTest
    @CsvSource({
        "1.5, 1.5",
        "-2.5e-3, -0.0025",
        "1e400, Infinity",
        "-1e400, -Infinity",
        "1e-400, 0.0",
        "0.1, 0.1",
        "9007199254740993, 9007199254740992",
    })
    void convertsNumbersToNearestDouble(String json, double expected) {
        assertThat(Json.parse(json).doubleValue()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "01", "+1", "NaN", "1.", "[1]", "\"1\"", "1e9999999999", "0x1"})
    void numberFactoryRejectsAnythingButAJsonNumber(String text) {
        assertThatThrownBy(() -> JsonValue.number(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a JSON number: ");
    }

    @Test
    void numberFactoryQuotesRejectedText() {
        assertThatThrownBy(() -> JsonValue.number(" 1")).hasMessage("not a JSON number: \" 1\"");
    }

    static Stream<Arguments> wrongKindAccess() {
        JsonValue number = JsonValue.number(1);
        JsonValue string = JsonValue.string("s");
        return Stream.of(
                argumentSet("stringValue of number", (Runnable) number::stringValue, "expected string but was number"),
                argumentSet("booleanValue of null", (Runnable) JsonValue.NULL::booleanValue, "expected boolean but was null"),
                argumentSet("numberText of string", (Runnable) string::numberText, "expected number but was string"),
                argumentSet("longValue of string", (Runnable) string::longValue, "expected number but was string"),
                argumentSet("doubleValue of boolean", (Runnable) JsonValue.TRUE::doubleValue, "expected number but was boolean"),
                argumentSet("isIntegral of string", (Runnable) string::isIntegral, "expected number but was string"),
                argumentSet("elements of object", (Runnable) () -> Json.parse("{}").elements(), "expected array but was object"),
                argumentSet("keys of array", (Runnable) () -> Json.parse("[]").keys(), "expected object but was array"),
                argumentSet("member of string", (Runnable) () -> string.member("a"), "expected object but was string"),
                argumentSet("has of number", (Runnable) () -> number.has("a"), "expected object but was number"),
                argumentSet("size of string", (Runnable) string::size, "expected object but was string"),
                argumentSet("withoutKey of array", (Runnable) () -> Json.parse("[]").withoutKey("a"), "expected object but was array"));
    }

    @ParameterizedTest
    @MethodSource("wrongKindAccess")
    void throwsIllegalStateOnWrongKindAccess(Runnable access, String message) {
        assertThatThrownBy(access::run).isInstanceOf(IllegalStateException.class).hasMessage(message);
    }

    @Test
    void exposesArrayElementsAndObjectMembers() {
        JsonValue array = Json.parse("[1,\"two\",null]");
        JsonValue object = Json.parse("{\"b\":1,\"a\":null}");

        assertThat(array.elements()).containsExactly(JsonValue.number(1), JsonValue.string("two"), JsonValue.NULL);
        assertThat(array.size()).isEqualTo(3);
        assertThat(object.keys()).containsExactly("b", "a");
        assertThat(object.size()).isEqualTo(2);
        assertThat(object.has("a")).isTrue();
        assertThat(object.has("c")).isFalse();
        assertThat(object.member("a")).isSameAs(JsonValue.NULL);
        assertThat(object.member("c")).isNull();
    }

    @Test
    void collectionsAreUnmodifiable() {
        JsonValue array = Json.parse("[1]");
        JsonValue object = Json.parse("{\"a\":1}");

        assertThatThrownBy(() -> array.elements().add(JsonValue.NULL)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> object.keys().add("b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void factoriesCopyTheirInput() {
        List<JsonValue> elements = new ArrayList<>(List.of(JsonValue.number(1)));
        Map<String, JsonValue> members = new LinkedHashMap<>();
        members.put("a", JsonValue.TRUE);
        JsonValue array = JsonValue.array(elements);
        JsonValue object = JsonValue.object(members);

        elements.add(JsonValue.NULL);
        members.put("b", JsonValue.NULL);

        assertThat(array.toJson()).isEqualTo("[1]");
        assertThat(object.toJson()).isEqualTo("{\"a\":true}");
    }

    @Test
    void factoriesRejectJavaNulls() {
        List<JsonValue> elements = new ArrayList<>();
        elements.add(null);
        Map<String, JsonValue> members = new LinkedHashMap<>();
        members.put("a", null);

        assertThatThrownBy(() -> JsonValue.string(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> JsonValue.array(elements))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("element 0");
        assertThatThrownBy(() -> JsonValue.object(members))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("value of a");
    }

    @Test
    void objectFactoryKeepsMapIterationOrder() {
        Map<String, JsonValue> members = new LinkedHashMap<>();
        members.put("z", JsonValue.number(1));
        members.put("a", JsonValue.number(2));

        assertThat(JsonValue.object(members).keys()).containsExactly("z", "a");
    }

    @Test
    void withoutKeyReturnsCopyWithoutThatKey() {
        JsonValue original = Json.parse("{\"a\":1,\"_rules_\":[],\"b\":{\"c\":2}}");

        JsonValue stripped = original.withoutKey("_rules_");

        assertThat(stripped.toJson()).isEqualTo("{\"a\":1,\"b\":{\"c\":2}}");
        assertThat(stripped.keys()).containsExactly("a", "b");
        assertThat(original.toJson()).isEqualTo("{\"a\":1,\"_rules_\":[],\"b\":{\"c\":2}}");
    }

    @Test
    void withoutAbsentKeyReturnsSameObject() {
        JsonValue original = Json.parse("{\"a\":1}");

        assertThat(original.withoutKey("b")).isSameAs(original);
    }

    @Test
    void writesCompactJson() {
        String json = " { \"a\" : [ 1 , 2.50 , -0E+1 ] ,\n \"b\" : { } , \"c\" : [ ] , \"d\" : null , \"e\" : true } ";

        assertThat(Json.parse(json).toJson()).isEqualTo("{\"a\":[1,2.50,-0E+1],\"b\":{},\"c\":[],\"d\":null,\"e\":true}");
    }

    @Test
    void escapesStringsInJson() {
        JsonValue value = JsonValue.string("q\" b\\ s/ \b\f\n\r\t \u0000\u001f\u007f caf\u00e9 \ud83d\ude00 \u2028");

        assertThat(value.toJson())
                .isEqualTo("\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0000\\u001f\u007f caf\u00e9 \ud83d\ude00 \u2028\"");
    }

    @Test
    void factoriesRejectUnpairedSurrogatesLikeTheParser() {
        Map<String, JsonValue> members = new LinkedHashMap<>();
        members.put("ok\ud83d\ude00", JsonValue.NULL);
        members.put("a\udc00", JsonValue.NULL);

        assertThat(JsonValue.string("\ud83d\ude00").toJson()).isEqualTo("\"\ud83d\ude00\"");
        assertThatThrownBy(() -> JsonValue.string("x\ud800"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unpaired surrogate at index 1 of string");
        assertThatThrownBy(() -> JsonValue.string("\udc00\ud800"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unpaired surrogate at index 0 of string");
        assertThatThrownBy(() -> JsonValue.object(members))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unpaired surrogate at index 1 of key");
    }

    @Test
    void escapesKeysInJson() {
        Map<String, JsonValue> members = new LinkedHashMap<>();
        members.put("a\"b\n", JsonValue.NULL);

        assertThat(JsonValue.object(members).toJson()).isEqualTo("{\"a\\\"b\\n\":null}");
    }

    @Test
    void toStringIsTheJson() {
        assertThat(Json.parse("[1, {\"a\": \"b\"}]").toString()).isEqualTo("[1,{\"a\":\"b\"}]");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1 | 1.0",
                "1 | 1e0",
                "100 | 1E2",
                "1 | 10e-1",
                "0 | -0",
                "0 | 0.000e5",
                "-1.50 | -15e-1",
                "123456789012345678901234567890 | 1.2345678901234567890123456789e29",
                "\"a\" | \"\\u0061\"",
                "[1,[2]] | [1.0,[2e0]]",
                "{\"a\":1,\"b\":2} | {\"b\":2,\"a\":1}",
                "{} | {}",
            })
    void comparesByJsonEquality(String left, String right) {
        JsonValue a = Json.parse(left);
        JsonValue b = Json.parse(right);

        assertThat(a).isEqualTo(b);
        assertThat(b).isEqualTo(a);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1 | 2",
                "1 | -1",
                "1 | 1.0000000000000000000001",
                "1 | \"1\"",
                "1e3 | 1e-3",
                "true | false",
                "null | false",
                "\"a\" | \"A\"",
                "[1,2] | [2,1]",
                "[1] | [1,1]",
                "{\"a\":1} | {\"a\":1,\"b\":1}",
                "{\"a\":1} | {\"b\":1}",
                "{\"a\":null} | {}",
                "[] | {}",
            })
    void distinguishesDifferentValues(String left, String right) {
        JsonValue a = Json.parse(left);
        JsonValue b = Json.parse(right);

        assertThat(a).isNotEqualTo(b);
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void isNotEqualToOtherTypes() {
        assertThat(JsonValue.string("a")).isNotEqualTo("a");
        assertThat(JsonValue.NULL).isNotEqualTo(null);
    }

    @Test
    @Timeout(60)
    void hashesSharedSubtreesOnce() {
        // 2^64 paths from the root, 65 distinct values: hashing must visit values, not paths.
        JsonValue a = JsonValue.string("leaf");
        JsonValue b = JsonValue.string("leaf");
        for (int i = 0; i < 64; i++) {
            a = JsonValue.array(List.of(a, a));
            b = JsonValue.array(List.of(b, b));
        }

        assertThat(a.hashCode()).isEqualTo(b.hashCode());
    }

    @Test
    void parsedAndMadeValuesAreEqualWithEqualHashes() {
        JsonValue parsed = Json.parse("{\"s\":\"caf\u00e9\",\"n\":[1.50,-0],\"e\":\"\\u0041\"}".getBytes(StandardCharsets.UTF_8));
        Map<String, JsonValue> members = new LinkedHashMap<>();
        members.put("e", JsonValue.string("A"));
        members.put("n", JsonValue.array(List.of(JsonValue.number("1.5"), JsonValue.number(0))));
        members.put("s", JsonValue.string("caf\u00e9"));
        JsonValue made = JsonValue.object(members);

        assertThat(parsed).isEqualTo(made);
        assertThat(made).isEqualTo(parsed);
        assertThat(parsed.hashCode()).isEqualTo(made.hashCode());
    }

    @Test
    void largeObjectsFromTheFactoryFindTheirMembers() {
        Map<String, JsonValue> members = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            members.put("key " + i, JsonValue.number(i));
        }

        JsonValue object = JsonValue.object(members);

        for (int i = 0; i < 100; i++) {
            assertThat(object.member("key " + i)).isEqualTo(JsonValue.number(i));
        }
        assertThat(object.member("key 100")).isNull();
        assertThat(object.keys()).hasSize(100).startsWith("key 0", "key 1").endsWith("key 99");
    }

    @Test
    void aSourceChangedAfterParsingYieldsTextNotAnException() {
        // The contract forbids changing the array; this only checks that a caller who does gets no trap.
        byte[] utf8 = "[\"ab\u00e9\"]".getBytes(StandardCharsets.UTF_8);
        JsonValue string = Json.parse(utf8).elements().get(0);

        utf8[4] = (byte) 0xF0;

        assertThat(string.stringValue()).isEqualTo("ab\ufffd");
    }

    @Test
    void serializesAndComparesDeepFactoryTreesWithoutStackOverflow() {
        int depth = 200_000;
        JsonValue a = JsonValue.number(1);
        JsonValue b = JsonValue.number(1);
        for (int i = 0; i < depth; i++) {
            a = JsonValue.array(List.of(a));
            b = JsonValue.array(List.of(b));
        }

        String json = a.toJson();

        assertThat(json).isEqualTo("[".repeat(depth) + "1" + "]".repeat(depth));
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
    }
}
