package io.wasmjava.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        JsonValue value =
                Json.parse("{\"s\":\"x\",\"n\":-1.5e3,\"t\":true,\"f\":false,\"z\":null,\"a\":[1,[]],\"o\":{}}");

        Map<String, JsonValue> expected = new LinkedHashMap<>();
        expected.put("s", JsonValue.string("x"));
        expected.put("n", JsonValue.number("-1.5e3"));
        expected.put("t", JsonValue.TRUE);
        expected.put("f", JsonValue.FALSE);
        expected.put("z", JsonValue.NULL);
        expected.put("a", JsonValue.array(List.of(JsonValue.number(1), JsonValue.array(List.of()))));
        expected.put("o", JsonValue.object(Map.of()));
        assertThat(value).isEqualTo(JsonValue.object(expected));
    }

    @Test
    void keepsObjectKeysInDocumentOrder() {
        JsonValue value = Json.parse("{\"zeta\":1,\"alpha\":2,\"mid\":3,\"\":4}");

        assertThat(value.keys()).containsExactly("zeta", "alpha", "mid", "");
    }

    @Test
    void keepsNumbersAsWritten() {
        JsonValue value = Json.parse("[1.50E+3,-0,0.10,1e400]");

        assertThat(value.toJson()).isEqualTo("[1.50E+3,-0,0.10,1e400]");
    }

    @Test
    void decodesEveryEscape() {
        JsonValue value = Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\u00e9\\u4E2D\\ud83d\\ude00\"");

        assertThat(value.stringValue()).isEqualTo("\"\\/\b\f\n\r\t\u0000\u00e9\u4e2d\ud83d\ude00");
    }

    @Test
    void readsRawNonAsciiFromStringAndFromUtf8Bytes() {
        String json = "[\"caf\u00e9\",\"\u4e2d\",\"\ud83d\ude00\",\"\u2028\"]";
        JsonValue expected =
                JsonValue.array(
                        List.of(
                                JsonValue.string("caf\u00e9"),
                                JsonValue.string("\u4e2d"),
                                JsonValue.string("\ud83d\ude00"),
                                JsonValue.string("\u2028")));

        assertThat(Json.parse(json)).isEqualTo(expected);
        assertThat(Json.parse(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @Test
    void skipsUtf8ByteOrderMarkInBytes() {
        byte[] utf8 = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '[', '1', ']'};

        assertThat(Json.parse(utf8)).isEqualTo(JsonValue.array(List.of(JsonValue.number(1))));
    }

    @Test
    void countsByteOrderMarkInByteOffsets() {
        byte[] utf8 = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '[', 'x', ']'};

        assertThatThrownBy(() -> Json.parse(utf8))
                .hasMessage("line 1 column 5 (offset 4): expected value but was 'x'");
    }

    @Test
    void acceptsWhitespaceAroundEveryToken() {
        JsonValue value = Json.parse(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] ,\r\n\"b\" : { } }\n ");

        assertThat(value.toJson()).isEqualTo("{\"a\":[1,2],\"b\":{}}");
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                argumentSet("empty input", "", "line 1 column 1 (offset 0): expected value but was end of input"),
                argumentSet("only whitespace", "  \n ", "line 2 column 2 (offset 4): expected value but was end of input"),
                argumentSet("trailing comma in array", "[1,]", "line 1 column 4 (offset 3): expected value but was ']'"),
                argumentSet(
                        "trailing comma in object", "{\"a\":1,}", "line 1 column 8 (offset 7): expected '\"' but was '}'"),
                argumentSet("missing comma", "[1 2]", "line 1 column 4 (offset 3): expected ',' or ']' but was '2'"),
                argumentSet(
                        "missing comma in object",
                        "{\"a\":1 \"b\":2}",
                        "line 1 column 8 (offset 7): expected ',' or '}' but was '\"'"),
                argumentSet("line comment", "// c\n1", "line 1 column 1 (offset 0): expected value but was '/'"),
                argumentSet(
                        "comment after value", "1 /* c */", "line 1 column 3 (offset 2): expected end of input but was '/'"),
                argumentSet("single quotes", "'a'", "line 1 column 1 (offset 0): expected value but was '''"),
                argumentSet(
                        "single-quoted key", "{'a':1}", "line 1 column 2 (offset 1): expected '\"' or '}' but was '''"),
                argumentSet("unquoted key", "{a:1}", "line 1 column 2 (offset 1): expected '\"' or '}' but was 'a'"),
                argumentSet("missing colon", "{\"a\" 1}", "line 1 column 6 (offset 5): expected ':' but was '1'"),
                argumentSet("NaN", "NaN", "line 1 column 1 (offset 0): expected value but was 'NaN'"),
                argumentSet("Infinity", "[Infinity]", "line 1 column 2 (offset 1): expected value but was 'Infinity'"),
                argumentSet("negative Infinity", "-Infinity", "line 1 column 2 (offset 1): expected digit but was 'I'"),
                argumentSet("leading plus", "+1", "line 1 column 1 (offset 0): expected value but was '+'"),
                argumentSet("leading zero", "[0123]", "line 1 column 2 (offset 1): leading zeros are not allowed"),
                argumentSet("negative leading zero", "-00", "line 1 column 1 (offset 0): leading zeros are not allowed"),
                argumentSet("leading point", ".5", "line 1 column 1 (offset 0): expected value but was '.'"),
                argumentSet("trailing point", "5.", "line 1 column 3 (offset 2): expected digit but was end of input"),
                argumentSet("empty exponent", "5e+]", "line 1 column 4 (offset 3): expected digit but was ']'"),
                argumentSet("lone minus", "-", "line 1 column 2 (offset 1): expected digit but was end of input"),
                argumentSet("number out of range", "[1e2147483648]", "line 1 column 2 (offset 1): number out of range"),
                argumentSet("misspelled literal", "[ture]", "line 1 column 2 (offset 1): expected value but was 'ture'"),
                argumentSet("literal with suffix", "nulls", "line 1 column 1 (offset 0): expected value but was 'nulls'"),
                argumentSet("truncated literal", "fals", "line 1 column 1 (offset 0): expected value but was 'fals'"),
                argumentSet(
                        "raw newline in string",
                        "\"a\nb\"",
                        "line 1 column 3 (offset 2): unescaped control character U+000A in string"),
                argumentSet(
                        "raw NUL in string",
                        "\"\u0000\"",
                        "line 1 column 2 (offset 1): unescaped control character U+0000 in string"),
                argumentSet("invalid escape", "\"ab\\x\"", "line 1 column 4 (offset 3): invalid escape '\\x'"),
                argumentSet(
                        "escaped newline",
                        "\"\\\n\"",
                        "line 1 column 2 (offset 1): invalid escape: '\\' followed by U+000A"),
                argumentSet(
                        "short unicode escape", "\"\\u12\"", "line 1 column 6 (offset 5): expected hex digit but was '\"'"),
                argumentSet(
                        "non-ASCII digit in unicode escape",
                        "\"\\u0\u0661\u0661\u0661\"",
                        "line 1 column 5 (offset 4): expected hex digit but was U+0661"),
                argumentSet(
                        "lone high surrogate escape",
                        "\"x\\ud800\"",
                        "line 1 column 3 (offset 2): unpaired surrogate escape '\\ud800'"),
                argumentSet(
                        "lone low surrogate escape",
                        "\"\\uDC00\\uD800\"",
                        "line 1 column 2 (offset 1): unpaired surrogate escape '\\uDC00'"),
                argumentSet(
                        "high surrogate escape then other escape",
                        "\"\\ud800\\n\"",
                        "line 1 column 2 (offset 1): unpaired surrogate escape '\\ud800'"),
                argumentSet(
                        "raw lone surrogate", "\"\ud800x\"", "line 1 column 2 (offset 1): unpaired surrogate U+D800 in string"),
                argumentSet(
                        "unterminated string", "[\"abc", "line 1 column 6 (offset 5): expected '\"' but was end of input"),
                argumentSet(
                        "backslash at end", "\"\\", "line 1 column 3 (offset 2): expected escape character but was end of input"),
                argumentSet("trailing garbage", "{} x", "line 1 column 4 (offset 3): expected end of input but was 'x'"),
                argumentSet("two values", "1 2", "line 1 column 3 (offset 2): expected end of input but was '2'"),
                argumentSet("extra bracket", "[]]", "line 1 column 3 (offset 2): expected end of input but was ']'"),
                argumentSet("unclosed array", "[1", "line 1 column 3 (offset 2): expected ',' or ']' but was end of input"),
                argumentSet("mismatched bracket", "[1}", "line 1 column 3 (offset 2): expected ',' or ']' but was '}'"),
                argumentSet(
                        "duplicate key", "{\"a\":1,\"a\":2}", "line 1 column 8 (offset 7): duplicate key \"a\""),
                argumentSet(
                        "duplicate key spelled differently",
                        "{\"a\\n\":1,\"\\u0061\\u000a\":2}",
                        "line 1 column 10 (offset 9): duplicate key \"a\\n\""),
                argumentSet("form feed", "\f1", "line 1 column 1 (offset 0): expected value but was U+000C"),
                argumentSet("no-break space", "1\u00a0", "line 1 column 2 (offset 1): expected end of input but was U+00A0"),
                argumentSet("byte order mark in a String", "\ufeff{}", "line 1 column 1 (offset 0): expected value but was U+FEFF"),
                argumentSet("emoji outside string", "[\ud83d\ude00]", "line 1 column 2 (offset 1): expected value but was U+1F600"));
    }

    @ParameterizedTest
    @MethodSource("syntaxErrors")
    void rejectsMalformedText(String json, String message) {
        assertThatThrownBy(() -> Json.parse(json)).isInstanceOf(JsonSyntaxException.class).hasMessage(message);
    }

    static Stream<Arguments> utf8Errors() {
        return Stream.of(
                argumentSet("invalid byte", bytes('"', 0xFF, '"'), "line 1 column 2 (offset 1): invalid UTF-8 byte 0xFF"),
                argumentSet(
                        "lone continuation byte", bytes('"', 0x80, '"'), "line 1 column 2 (offset 1): invalid UTF-8 byte 0x80"),
                argumentSet(
                        "overlong two-byte NUL", bytes('"', 0xC0, 0x80, '"'), "line 1 column 2 (offset 1): invalid UTF-8 byte 0xC0"),
                argumentSet(
                        "overlong three-byte form",
                        bytes('"', 0xE0, 0x80, 0x80, '"'),
                        "line 1 column 3 (offset 2): invalid UTF-8 byte 0x80 after 0xE0"),
                argumentSet(
                        "encoded surrogate",
                        bytes('\n', '"', 0xED, 0xA0, 0x80, '"'),
                        "line 2 column 3 (offset 3): invalid UTF-8 byte 0xA0 after 0xED"),
                argumentSet(
                        "code point above U+10FFFF",
                        bytes('"', 0xF4, 0x90, 0x80, 0x80, '"'),
                        "line 1 column 3 (offset 2): invalid UTF-8 byte 0x90 after 0xF4"),
                argumentSet(
                        "lead byte F5", bytes('"', 0xF5, 0x80, 0x80, 0x80, '"'), "line 1 column 2 (offset 1): invalid UTF-8 byte 0xF5"),
                argumentSet(
                        "sequence cut by quote",
                        bytes('"', 0xE2, 0x82, '"'),
                        "line 1 column 4 (offset 3): invalid UTF-8 byte 0x22 after 0xE2"),
                argumentSet(
                        "sequence cut by end of input",
                        bytes('"', 0xF0, 0x9F, 0x98),
                        "line 1 column 5 (offset 4): truncated UTF-8 sequence at end of input"),
                argumentSet("UTF-16", bytes(0xFF, 0xFE, '1', 0), "line 1 column 1 (offset 0): invalid UTF-8 byte 0xFF"),
                argumentSet(
                        "syntax error after multi-byte characters counts bytes",
                        bytes('[', '"', 0xF0, 0x9F, 0x98, 0x80, 0xC3, 0xA9, '"', ',', '\n', ' ', 'x', ']'),
                        "line 2 column 2 (offset 12): expected value but was 'x'"));
    }

    @ParameterizedTest
    @MethodSource("utf8Errors")
    void rejectsMalformedUtf8(byte[] utf8, String message) {
        assertThatThrownBy(() -> Json.parse(utf8)).isInstanceOf(JsonSyntaxException.class).hasMessage(message);
    }

    @Test
    void reportsLineColumnOffsetProblemAndPath() {
        String json = "{\"rule_name\": \"r1\",\n\"a\":1,\n  \"limit\": 10]\n}";

        assertThatThrownBy(() -> Json.parse(json))
                .isInstanceOfSatisfying(
                        JsonSyntaxException.class,
                        e -> {
                            assertThat(e.getMessage()).isEqualTo("line 3 column 14 (offset 40): expected ',' or '}' but was ']'");
                            assertThat(e.line()).isEqualTo(3);
                            assertThat(e.column()).isEqualTo(14);
                            assertThat(e.offset()).isEqualTo(40);
                            assertThat(e.problem()).isEqualTo("expected ',' or '}' but was ']'");
                            assertThat(e.path()).isEqualTo("limit");
                        });
    }

    static Stream<Arguments> errorPaths() {
        return Stream.of(
                argumentSet("top-level value", "tru", "$"),
                argumentSet("first element", "[x]", "[0]"),
                argumentSet("third element", "[1,2,x]", "[2]"),
                argumentSet("after the last element", "[1,2 3]", "[1]"),
                argumentSet("member value", "{\"a\":x}", "a"),
                argumentSet("nested member", "{\"rule_items\":[{},{},{\"limit_keys\":[{\"key\":1,}]}]}", "rule_items[2].limit_keys[0].key"),
                argumentSet("duplicate key", "{\"a\":{\"b\":1,\"b\":2}}", "a.b"),
                argumentSet("key needing brackets", "{\"x.y\":{\"\":[x]}}", "[\"x.y\"][\"\"][0]"),
                argumentSet("empty object", "{x}", "$"));
    }

    @ParameterizedTest
    @MethodSource("errorPaths")
    void reportsPathOfValueBeingRead(String json, String path) {
        assertThatThrownBy(() -> Json.parse(json))
                .isInstanceOfSatisfying(JsonSyntaxException.class, e -> assertThat(e.path()).isEqualTo(path));
    }

    @Test
    void reportsTopLevelPathForInvalidUtf8BecauseItIsFoundBeforeParsing() {
        byte[] utf8 = {'{', '"', 'a', '"', ':', '[', '"', (byte) 0xC3};

        assertThatThrownBy(() -> Json.parse(utf8))
                .isInstanceOfSatisfying(JsonSyntaxException.class, e -> assertThat(e.path()).isEqualTo("$"));
    }

    @Test
    void countsCharsInStringOffsetsAndBytesInByteOffsets() {
        // U+1F600 is 2 chars and 4 bytes, U+00E9 1 char and 2 bytes.
        String sameLine = "[\"\ud83d\ude00\u00e9\", x]";
        String nextLine = "[\"\ud83d\ude00\u00e9\",\n x]";

        assertThatThrownBy(() -> Json.parse(sameLine))
                .hasMessage("line 1 column 9 (offset 8): expected value but was 'x'");
        assertThatThrownBy(() -> Json.parse(sameLine.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("line 1 column 12 (offset 11): expected value but was 'x'");
        assertThatThrownBy(() -> Json.parse(nextLine))
                .hasMessage("line 2 column 2 (offset 9): expected value but was 'x'");
        assertThatThrownBy(() -> Json.parse(nextLine.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("line 2 column 2 (offset 12): expected value but was 'x'");
    }

    @Test
    void decodesStringsAlikeFromStringAndBytes() {
        String json = "{\"plain\":\"abc\",\"raw\":\"caf\u00e9 \ud83d\ude00\",\"escaped\":\"a\\n\\u00e9\\ud83d\\ude00\u4e2d\","
                + "\"caf\u00e9\":\"\",\"k\\u0065y\":\"\\\"\\\\\"}";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("plain", "abc");
        expected.put("raw", "caf\u00e9 \ud83d\ude00");
        expected.put("escaped", "a\n\u00e9\ud83d\ude00\u4e2d");
        expected.put("caf\u00e9", "");
        expected.put("key", "\"\\");

        for (JsonValue value : List.of(Json.parse(json), Json.parse(json.getBytes(StandardCharsets.UTF_8)))) {
            Map<String, String> strings = new LinkedHashMap<>();
            for (String key : value.keys()) {
                strings.put(key, value.member(key).stringValue());
            }
            assertThat(strings).containsExactlyEntriesOf(expected);
        }
    }

    @Test
    void decodesLongEscapedStringsOneAfterAnother() {
        String first = "line\n".repeat(5000) + "\u00e9";
        String second = "\t" + "x".repeat(300);
        String json = "[\"" + first.replace("\n", "\\n") + "\",\"" + second.replace("\t", "\\t") + "\"]";

        JsonValue value = Json.parse(json.getBytes(StandardCharsets.UTF_8));

        assertThat(value.elements()).containsExactly(JsonValue.string(first), JsonValue.string(second));
    }

    @Test
    void readsAStringOnceAndKeepsIt() {
        JsonValue value = Json.parse("[\"caf\u00e9\"]".getBytes(StandardCharsets.UTF_8)).elements().get(0);

        String first = value.stringValue();

        assertThat(first).isEqualTo("caf\u00e9");
        assertThat(value.stringValue()).isSameAs(first);
    }

    @Test
    void repeatedKeysShareOneString() {
        JsonValue value = Json.parse("[{\"limit_key\":1},{\"limit_key\":2},{\"other\":3}]".getBytes(StandardCharsets.UTF_8));

        List<JsonValue> items = value.elements();

        assertThat(items.get(1).keys().get(0)).isEqualTo("limit_key").isSameAs(items.get(0).keys().get(0));
        assertThat(items.get(2).keys()).containsExactly("other");
    }

    @Test
    void findsEveryMemberOfALargeObject() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 1000; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        JsonValue value = Json.parse(json.append('}').toString());

        assertThat(value.size()).isEqualTo(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(value.member("k" + i)).as("k%d", i).isEqualTo(JsonValue.number(i));
        }
        assertThat(value.has("k1000")).isFalse();
        assertThat(value.member("")).isNull();
        JsonValue without = value.withoutKey("k500");
        assertThat(without.size()).isEqualTo(999);
        assertThat(without.has("k500")).isFalse();
        assertThat(without.member("k501")).isEqualTo(JsonValue.number(501));
    }

    @Test
    void findsADuplicateKeyInALargeObject() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 50; i++) {
            json.append("\"k").append(i).append("\":0,");
        }
        String duplicate = json.append("\"k37\":1}").toString();

        assertThatThrownBy(() -> Json.parse(duplicate))
                .hasMessage("line 1 column " + (duplicate.length() - 7) + " (offset " + (duplicate.length() - 8)
                        + "): duplicate key \"k37\"");
    }

    @Test
    @Timeout(20)
    void keysWithCollidingStringHashesStayLinear() {
        // "Aa" and "BB" have the same String.hashCode, so all 2^17 keys made of 17 such pairs do: with that hash the
        // index degenerates into one run of slots and parsing takes minutes; keyed by a random seed it takes a blink.
        int pairs = 17;
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 1 << pairs; i++) {
            json.append(i == 0 ? "\"" : ",\"");
            for (int pair = 0; pair < pairs; pair++) {
                json.append(((i >> pair) & 1) == 0 ? "Aa" : "BB");
            }
            json.append("\":").append(i);
        }
        byte[] utf8 = json.append('}').toString().getBytes(StandardCharsets.UTF_8);

        JsonValue value = Json.parse(utf8, Json.DEFAULT_MAX_DEPTH, Integer.MAX_VALUE);

        assertThat(value.size()).isEqualTo(1 << pairs);
        assertThat(value.member("BB".repeat(pairs))).isEqualTo(JsonValue.number((1 << pairs) - 1));
    }

    @Test
    void acceptsNestingUpToDefaultLimit() {
        String json = "[".repeat(128) + "]".repeat(128);

        assertThat(Json.parse(json).toJson()).isEqualTo(json);
    }

    @Test
    void rejectsNestingBeyondDefaultLimit() {
        String json = "{\"a\":".repeat(128) + "{}" + "}".repeat(128);

        assertThatThrownBy(() -> Json.parse(json))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessage("line 1 column 641 (offset 640): nesting depth exceeds 128");
    }

    @Test
    void rejectsMoreValuesThanTheDefaultLimit() {
        String atLimit = "[" + "1,".repeat(Json.DEFAULT_MAX_VALUES - 2) + "1]";
        String overLimit = "[" + "1,".repeat(Json.DEFAULT_MAX_VALUES - 1) + "1]";

        assertThat(Json.parse(atLimit.getBytes(StandardCharsets.UTF_8)).elements()).hasSize(Json.DEFAULT_MAX_VALUES - 1);
        assertThatThrownBy(() -> Json.parse(overLimit.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessage("line 1 column " + (2 * Json.DEFAULT_MAX_VALUES) + " (offset "
                        + (2 * Json.DEFAULT_MAX_VALUES - 1) + "): more than " + Json.DEFAULT_MAX_VALUES + " values");
    }

    @Test
    void countsValuesInsideObjectsAndArraysWithACustomLimit() {
        byte[] json = "{\"a\": [1, {\"b\": true}]}".getBytes(StandardCharsets.UTF_8);

        assertThat(Json.parse(json, 8, 5).toJson()).isEqualTo("{\"a\":[1,{\"b\":true}]}");
        assertThatThrownBy(() -> Json.parse(json, 8, 4))
                .hasMessage("line 1 column 17 (offset 16): more than 4 values");
        assertThatThrownBy(() -> Json.parse(json, 8, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxValues <= 0: 0");
    }

    @Test
    void appliesCustomDepthLimit() {
        assertThat(Json.parse("[[1]]", 2).toJson()).isEqualTo("[[1]]");
        assertThatThrownBy(() -> Json.parse("[[[1]]]", 2))
                .hasMessage("line 1 column 3 (offset 2): nesting depth exceeds 2");
        assertThat(Json.parse("7", 0).toJson()).isEqualTo("7");
        assertThatThrownBy(() -> Json.parse("[]".getBytes(StandardCharsets.UTF_8), 0))
                .hasMessage("line 1 column 1 (offset 0): nesting depth exceeds 0");
    }

    @Test
    void rejectsNegativeDepthLimit() {
        assertThatThrownBy(() -> Json.parse("1", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxDepth < 0: -1");
    }

    @Test
    void failsOnMillionOpenBracketsWithoutStackOverflow() {
        String json = "[".repeat(1_000_000);

        assertThatThrownBy(() -> Json.parse(json))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessage("line 1 column 129 (offset 128): nesting depth exceeds 128");
    }

    @Test
    void parsesHundredThousandLevelsWhenAllowedWithoutStackOverflow() {
        int depth = 100_000;
        String json = "[".repeat(depth) + "{\"k\":\"v\"}" + "]".repeat(depth);

        JsonValue value = Json.parse(json, Integer.MAX_VALUE, Integer.MAX_VALUE);
        JsonValue again = Json.parse(json.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE, Integer.MAX_VALUE);

        assertThat(value.toJson()).isEqualTo(json);
        assertThat(value.equals(again)).isTrue();
        assertThat(value.hashCode()).isEqualTo(again.hashCode());
    }

    @Test
    void syntaxErrorIsAConfigException() {
        assertThatThrownBy(() -> Json.parse("{"))
                .isInstanceOf(ConfigException.class)
                .isInstanceOf(RuntimeException.class);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
