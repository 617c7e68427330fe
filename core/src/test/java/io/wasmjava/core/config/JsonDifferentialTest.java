package io.wasmjava.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.wasmjava.core.config.JsonCorpus.Doc;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@link Json} and Jackson over {@link JsonCorpus}: on valid documents both must produce the same tree, on
 * invalid ones both must fail, and on the prefixes they must agree. Jackson is made as strict as it goes: every
 * {@link JsonReadFeature} leniency off, strict duplicate detection and trailing-token checks on, exact numbers, and
 * our nesting limit (its default is 1000).
 *
 * <p>Trees are compared in a canonical text form that keeps key order, spells out every non-ASCII char as an escape
 * (so a lost surrogate shows) and writes numbers as {@link BigDecimal}s with trailing zeros stripped (so {@code 1.0}
 * and {@code 1} compare equal but {@code 1.5} and {@code 1.50000001} do not).
 */
class JsonDifferentialTest {
    private static final ObjectMapper JACKSON = strictJackson();

    private static ObjectMapper strictJackson() {
        JsonFactoryBuilder factory = new JsonFactoryBuilder();
        for (JsonReadFeature feature : JsonReadFeature.values()) {
            factory.disable(feature);
        }
        factory.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        factory.streamReadConstraints(
                StreamReadConstraints.builder()
                        .maxNestingDepth(Json.DEFAULT_MAX_DEPTH)
                        .maxNumberLength(Integer.MAX_VALUE)
                        .build());
        return JsonMapper.builder(factory.build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
    }

    static List<Doc> valid() {
        return JsonCorpus.valid();
    }

    static List<Doc> invalid() {
        return JsonCorpus.invalid();
    }

    static List<Doc> rejectedOnlyByUs() {
        return JsonCorpus.rejectedOnlyByUs();
    }

    static List<Doc> prefixes() {
        return JsonCorpus.prefixes();
    }

    @Test
    void corpusHasAtLeast150LabelledDocuments() {
        int labelled = valid().size() + invalid().size() + rejectedOnlyByUs().size();

        assertThat(labelled).isGreaterThanOrEqualTo(150);
        assertThat(prefixes()).hasSizeGreaterThan(150);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validDocumentParsesToJacksonsTree(Doc doc) {
        assertVerdicts(doc, true, true);
        assertAgree(doc);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validDocumentSurvivesToJsonRoundTrip(Doc doc) throws Exception {
        JsonValue value = doc.text() != null ? Json.parse(doc.text()) : Json.parse(doc.utf8());

        String json = value.toJson();

        assertThat(Json.parse(json)).isEqualTo(value);
        assertThat(canonical(readJackson(json))).isEqualTo(canonical(value));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidDocumentIsRejectedByBoth(Doc doc) {
        assertVerdicts(doc, false, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedOnlyByUs")
    void deliberateDifferenceIsRejectedOnlyByUs(Doc doc) {
        assertVerdicts(doc, false, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("prefixes")
    void prefixIsTreatedAlikeByBoth(Doc doc) {
        assertAgree(doc);
    }

    @Test
    void jacksonRejectsTheSameDepthWeDo() {
        String tooDeep = "[".repeat(Json.DEFAULT_MAX_DEPTH + 1) + "]".repeat(Json.DEFAULT_MAX_DEPTH + 1);

        assertThatThrownBy(() -> JACKSON.readTree(tooDeep)).hasMessageContaining("Document nesting depth");
        assertThatThrownBy(() -> Json.parse(tooDeep))
                .hasMessage("line 1 column 129 (offset 128): nesting depth exceeds 128");
    }

    /**
     * Asserts each parser's verdict on every input form of {@code doc}: accepted (a tree) or rejected (ours always
     * with a {@link JsonSyntaxException}).
     */
    private static void assertVerdicts(Doc doc, boolean weAccept, boolean jacksonAccepts) {
        for (Outcome ours : ourOutcomes(doc)) {
            assertThat(ours.canonical != null).as("ours accepts (%s input): %s", ours.input, ours.error)
                    .isEqualTo(weAccept);
            if (!weAccept) {
                assertThat(ours.error).isInstanceOf(JsonSyntaxException.class);
            }
        }
        for (Outcome jackson : jacksonOutcomes(doc)) {
            assertThat(jackson.canonical != null).as("Jackson accepts (%s input): %s", jackson.input, jackson.error)
                    .isEqualTo(jacksonAccepts);
        }
    }

    /** Asserts that for each input form both parsers accept with the same tree, or both reject. */
    private static void assertAgree(Doc doc) {
        List<Outcome> ours = ourOutcomes(doc);
        List<Outcome> jackson = jacksonOutcomes(doc);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i).canonical)
                    .as("%s input; ours failed with %s, Jackson with %s",
                            ours.get(i).input, ours.get(i).error, jackson.get(i).error)
                    .isEqualTo(jackson.get(i).canonical);
        }
    }

    /** The result of one parser on one input form: a canonical tree, or the error. */
    private record Outcome(String input, String canonical, Exception error) {}

    private static List<Outcome> ourOutcomes(Doc doc) {
        List<Outcome> outcomes = new ArrayList<>();
        if (doc.text() != null) {
            outcomes.add(attempt("String", () -> canonical(Json.parse(doc.text()))));
        }
        if (doc.utf8() != null) {
            outcomes.add(attempt("byte[]", () -> canonical(Json.parse(doc.utf8()))));
        }
        return outcomes;
    }

    private static List<Outcome> jacksonOutcomes(Doc doc) {
        List<Outcome> outcomes = new ArrayList<>();
        if (doc.text() != null) {
            outcomes.add(attempt("String", () -> canonical(readJackson(doc.text()))));
        }
        if (doc.utf8() != null) {
            outcomes.add(attempt("byte[]", () -> canonical(JACKSON.readTree(doc.utf8()))));
        }
        return outcomes;
    }

    private static JsonNode readJackson(String text) throws Exception {
        return JACKSON.readTree(text);
    }

    private interface Parse {
        String run() throws Exception;
    }

    private static Outcome attempt(String input, Parse parse) {
        try {
            return new Outcome(input, parse.run(), null);
        } catch (Exception e) {
            return new Outcome(input, null, e);
        }
    }

    /** Returns our tree in canonical form. */
    static String canonical(JsonValue value) {
        StringBuilder out = new StringBuilder();
        appendCanonical(out, value);
        return out.toString();
    }

    private static void appendCanonical(StringBuilder out, JsonValue value) {
        switch (value.kind()) {
            case OBJECT -> {
                out.append('{');
                for (String key : value.keys()) {
                    appendString(out, key);
                    out.append(':');
                    appendCanonical(out, value.member(key));
                    out.append(',');
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (JsonValue element : value.elements()) {
                    appendCanonical(out, element);
                    out.append(',');
                }
                out.append(']');
            }
            case STRING -> appendString(out, value.stringValue());
            case NUMBER -> appendNumber(out, new BigDecimal(value.numberText()));
            case BOOLEAN -> out.append(value.booleanValue());
            case NULL -> out.append("null");
        }
    }

    /**
     * Returns Jackson's tree in canonical form; Jackson returns a missing node (or null) for empty input, which counts
     * as a rejection.
     */
    static String canonical(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("no content");
        }
        StringBuilder out = new StringBuilder();
        appendCanonical(out, node);
        return out.toString();
    }

    private static void appendCanonical(StringBuilder out, JsonNode node) {
        if (node.isObject()) {
            out.append('{');
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                appendString(out, member.getKey());
                out.append(':');
                appendCanonical(out, member.getValue());
                out.append(',');
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (JsonNode element : node) {
                appendCanonical(out, element);
                out.append(',');
            }
            out.append(']');
        } else if (node.isTextual()) {
            appendString(out, node.textValue());
        } else if (node.isNumber()) {
            if (!node.isBigDecimal() && !node.isBigInteger() && !node.isInt() && !node.isLong()) {
                throw new AssertionError("inexact Jackson number: " + node.getClass());
            }
            appendNumber(out, node.decimalValue());
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNull()) {
            out.append("null");
        } else {
            throw new AssertionError("unexpected Jackson node: " + node.getNodeType());
        }
    }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append("\\u").append(Integer.toHexString(0x10000 | c).substring(1));
            }
        }
        out.append('"');
    }

    private static void appendNumber(StringBuilder out, BigDecimal number) {
        if (number.signum() == 0) {
            out.append('0');
            return;
        }
        BigDecimal stripped = number.stripTrailingZeros();
        out.append(stripped.unscaledValue()).append('E').append(-(long) stripped.scale());
    }
}
