package io.wasmjava.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeadersTest {

    private static List<String> pairs(Headers headers) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            pairs.add(headers.name(i) + "=" + headers.value(i));
        }
        return pairs;
    }

    @Test
    void ofKeepsACopyOfWhatItChecked() {
        String[] namesAndValues = {"x-a", "1"};
        Headers headers = Headers.of(namesAndValues);

        namesAndValues[1] = "bad\r\nvalue";

        assertThat(headers.value("x-a")).isEqualTo("1");
    }

    @Test
    void ofWithoutArgumentsIsEmpty() {
        Headers headers = Headers.of();

        assertThat(headers.isEmpty()).isTrue();
        assertThat(headers.size()).isZero();
        assertThat(headers).isEqualTo(Headers.empty());
        assertThat(headers.toString()).isEqualTo("[]");
        assertThat(headers.value("x-a")).isNull();
        assertThat(headers.values("x-a")).isEmpty();
        assertThat(headers.contains("x-a")).isFalse();
    }

    @Test
    void keepsPairsInOrderWithNamesAsGiven() {
        Headers headers = Headers.of(":status", "200", "X-B", "2", "x-a", "1", "x-b", "3");

        assertThat(headers.isEmpty()).isFalse();
        assertThat(headers.size()).isEqualTo(4);
        assertThat(pairs(headers)).containsExactly(":status=200", "X-B=2", "x-a=1", "x-b=3");
    }

    @Test
    void looksUpValuesIgnoringAsciiCase() {
        Headers headers = Headers.of("Content-Type", "text/plain", "set-cookie", "a=1", "Set-Cookie", "b=2");

        assertThat(headers.value("content-type")).isEqualTo("text/plain");
        assertThat(headers.value("CONTENT-TYPE")).isEqualTo("text/plain");
        assertThat(headers.value("SET-COOKIE")).isEqualTo("a=1");
        assertThat(headers.values("set-cookie")).containsExactly("a=1", "b=2");
        assertThat(headers.values("content-type")).containsExactly("text/plain");
        assertThat(headers.contains("CoNtEnT-tYpE")).isTrue();
        assertThat(headers.value("x-missing")).isNull();
        assertThat(headers.values("x-missing")).isEmpty();
        assertThat(headers.contains("x-missing")).isFalse();
        assertThat(headers.contains("content")).isFalse();
    }

    @Test
    void foldsOnlyAsciiLettersLikeEnvoyNotUnicodeCase() {
        // Host maps may hold any name; U+017F and U+212A equal s and k under equalsIgnoreCase, U+00C9 equals U+00E9.
        Headers headers = Headers.unchecked("x-request-id", "1", "x-kind", "2", "x-\u00e9", "3");

        assertThat(headers.value("X-REQUEST-ID")).isEqualTo("1");
        assertThat(headers.value("x-reque\u017ft-id")).isNull();
        assertThat(headers.value("x-\u212aind")).isNull();
        assertThat(headers.value("x-\u00c9")).isNull();
        assertThat(headers.value("x-\u00e9")).isEqualTo("3");
        assertThat(headers.contains("X-\u00e9")).isTrue();
    }

    @Test
    void containsHeaderWithEmptyValue() {
        Headers headers = Headers.of("x-empty", "");

        assertThat(headers.contains("x-empty")).isTrue();
        assertThat(headers.value("x-empty")).isEmpty();
        assertThat(headers.values("x-empty")).containsExactly("");
    }

    @Test
    void returnsUnmodifiableValues() {
        Headers headers = Headers.of("x-a", "1", "x-a", "2");

        assertThatThrownBy(() -> headers.values("x-a").add("3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.values("x-b").add("3")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(headers.values("x-a")).containsExactly("1", "2");
    }

    static Stream<Arguments> badIndices() {
        return Stream.of(
                argumentSet("negative", -1, "header index -1 of 2"),
                argumentSet("size", 2, "header index 2 of 2"),
                argumentSet("beyond size", 5, "header index 5 of 2"));
    }

    @ParameterizedTest
    @MethodSource("badIndices")
    void rejectsIndexOutOfRange(int index, String message) {
        Headers headers = Headers.of("x-a", "1", "x-b", "2");

        assertThatThrownBy(() -> headers.name(index))
                .isExactlyInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> headers.value(index))
                .isExactlyInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage(message);
    }

    @Test
    void builderAddsPairsInOrderKeepingDuplicates() {
        Headers headers = new Headers.Builder().add("x-a", "1").add("x-b", "2").add("X-A", "3").build();

        assertThat(headers).isEqualTo(Headers.of("x-a", "1", "x-b", "2", "X-A", "3"));
    }

    @Test
    void builderSetReplacesEveryPairOfNameIgnoringCaseAndAppends() {
        Headers headers = Headers.of("x-a", "1", "x-b", "2", "X-A", "3", "x-c", "4")
                .newBuilder()
                .set("x-A", "new")
                .build();

        assertThat(headers).isEqualTo(Headers.of("x-b", "2", "x-c", "4", "x-A", "new"));
    }

    @Test
    void builderSetAppendsAbsentName() {
        Headers headers = Headers.of("x-a", "1").newBuilder().set("x-b", "2").build();

        assertThat(headers).isEqualTo(Headers.of("x-a", "1", "x-b", "2"));
    }

    @Test
    void builderRemovesEveryPairOfNameIgnoringCase() {
        Headers headers = Headers.of("x-a", "1", "x-b", "2", "X-A", "3", "x-a", "4", "x-c", "5")
                .newBuilder()
                .remove("X-a")
                .build();

        assertThat(headers).isEqualTo(Headers.of("x-b", "2", "x-c", "5"));
    }

    @Test
    void builderRemovingAbsentNameChangesNothing() {
        Headers headers = Headers.of("x-a", "1").newBuilder().remove("x-b").build();

        assertThat(headers).isEqualTo(Headers.of("x-a", "1"));
    }

    @Test
    void builderRemovingEverythingBuildsEmpty() {
        Headers headers = Headers.of("x-a", "1", "X-A", "2").newBuilder().remove("x-a").build();

        assertThat(headers).isEqualTo(Headers.empty());
        assertThat(headers.isEmpty()).isTrue();
    }

    @Test
    void newBuilderLeavesOriginalUnchanged() {
        Headers original = Headers.of("x-a", "1");
        Headers.Builder builder = original.newBuilder();

        builder.add("x-b", "2").set("x-a", "changed");

        assertThat(original).isEqualTo(Headers.of("x-a", "1"));
        assertThat(builder.build()).isEqualTo(Headers.of("x-b", "2", "x-a", "changed"));
    }

    @Test
    void buildSnapshotsTheBuilder() {
        Headers.Builder builder = new Headers.Builder().add("x-a", "1");
        Headers first = builder.build();

        builder.add("x-b", "2").remove("x-a");

        assertThat(first).isEqualTo(Headers.of("x-a", "1"));
        assertThat(builder.build()).isEqualTo(Headers.of("x-b", "2"));
    }

    static Stream<Arguments> oddCounts() {
        return Stream.<Arguments>of(
                argumentSet("odd count of one", (Supplier<Headers>) () -> Headers.of("x-a"),
                        "Headers.of needs name/value pairs but got 1 strings"),
                argumentSet("odd count of three", (Supplier<Headers>) () -> Headers.of("x-a", "1", "x-b"),
                        "Headers.of needs name/value pairs but got 3 strings"),
                argumentSet("odd count, unchecked", (Supplier<Headers>) () -> Headers.unchecked("x-a", "1", "x-b"),
                        "Headers.unchecked needs name/value pairs but got 3 strings"),
                argumentSet("empty name, unchecked", (Supplier<Headers>) () -> Headers.unchecked("x-a", "1", "", "2"),
                        "header 1 has a null or empty name or a null value"),
                argumentSet("null value, unchecked", (Supplier<Headers>) () -> Headers.unchecked("x-a", null),
                        "header 0 has a null or empty name or a null value"));
    }

    @ParameterizedTest
    @MethodSource("oddCounts")
    void rejectsMalformedArgumentsWithExactMessage(Supplier<Headers> build, String message) {
        assertThatThrownBy(build::get).isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    /** The ways to make headers from a pair: each must refuse an invalid pair with the same message. */
    private enum PairEntry {
        OF((name, value) -> Headers.of(name, value)),
        OF_AFTER_A_VALID_PAIR((name, value) -> Headers.of("x-ok", "1", name, value)),
        ADD((name, value) -> new Headers.Builder().add(name, value).build()),
        SET((name, value) -> new Headers.Builder().set(name, value).build());

        private final BiFunction<String, String, Headers> build;

        PairEntry(BiFunction<String, String, Headers> build) {
            this.build = build;
        }
    }

    static Stream<Arguments> invalidPairs() {
        return Stream.of(
                argumentSet("null name", null, "1", "header name is null"),
                argumentSet("empty name", "", "1", "not a valid header name: \"\" (empty)"),
                argumentSet("null value", "x-a", null, "value of header \"x-a\" is null"),
                argumentSet("CR LF in a value", "x-token", "abc\r\nx-injected: evil",
                        "not a valid value for header \"x-token\": character 0x0d at index 3"),
                argumentSet("CR in a value", "x-a", "a\rb",
                        "not a valid value for header \"x-a\": character 0x0d at index 1"),
                argumentSet("LF in a value", "x-a", "1\n2",
                        "not a valid value for header \"x-a\": character 0x0a at index 1"),
                argumentSet("NUL in a value", "x-a", "\0",
                        "not a valid value for header \"x-a\": character 0x00 at index 0"),
                argumentSet("space in a name", "x a", "1",
                        "not a valid header name: \"x a\" (character 0x20 at index 1)"),
                argumentSet("colon inside a name", "x:a", "1",
                        "not a valid header name: \"x:a\" (character 0x3a at index 1)"),
                argumentSet("CR LF in a name", "x\r\ny", "1",
                        "not a valid header name: \"x\\u000d\\u000ay\" (character 0x0d at index 1)"))
                .<Arguments>flatMap(pair -> Arrays.stream(PairEntry.values()).map(entry -> argumentSet(
                        pair.getName() + " in " + entry, entry, pair.get()[0], pair.get()[1], pair.get()[2])));
    }

    @ParameterizedTest
    @MethodSource("invalidPairs")
    void rejectsInvalidPairsWithExactMessage(PairEntry entry, String name, String value, String message) {
        assertThatThrownBy(() -> entry.build.apply(name, value)).isExactlyInstanceOf(InvalidHeaderException.class)
                .hasMessage(message);
    }

    @Test
    void aRejectedSetLeavesTheBuilderAsItWas() {
        Headers.Builder builder = new Headers.Builder().add("x-a", "1");

        assertThatThrownBy(() -> builder.set("x-a", "2\r\n")).isInstanceOf(InvalidHeaderException.class);

        assertThat(builder.build()).isEqualTo(Headers.of("x-a", "1"));
    }

    @Test
    void uncheckedKeepsWhatAHostMapMayHold() {
        Headers headers = Headers.unchecked(":PATH", "/a b", "x-a", "1\r\n2", "X Y", "\0");

        assertThat(pairs(headers)).containsExactly(":PATH=/a b", "x-a=1\r\n2", "X Y=\0");
    }

    @Test
    void uncheckedCopiesItsArgument() {
        String[] namesAndValues = {"x-a", "1"};
        Headers headers = Headers.unchecked(namesAndValues);

        namesAndValues[1] = "2";

        assertThat(headers).isEqualTo(Headers.of("x-a", "1"));
        assertThat(Headers.unchecked()).isSameAs(Headers.empty());
    }

    @Test
    void uncheckedFromAListCopiesItAndChecksItAsTheArrayForm() {
        List<String> namesAndValues = new ArrayList<>(List.of(":PATH", "/a b", "x-a", "1"));
        Headers headers = Headers.unchecked(namesAndValues);

        namesAndValues.set(1, "/changed");

        assertThat(pairs(headers)).containsExactly(":PATH=/a b", "x-a=1");
        assertThat(Headers.unchecked(List.of())).isSameAs(Headers.empty());
        assertThatThrownBy(() -> Headers.unchecked(List.of("x-a", "1", "x-b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Headers.unchecked needs name/value pairs but got 3 strings");
        assertThatThrownBy(() -> Headers.unchecked(List.of("x-a", "1", "", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header 1 has a null or empty name or a null value");
    }

    @Test
    void equalsSamePairsInSameOrder() {
        Headers headers = Headers.of("x-a", "1", "x-b", "2");
        Headers same = new Headers.Builder().add("x-a", "1").add("x-b", "2").build();

        assertThat(headers).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(headers).isEqualTo(headers.newBuilder().build()).hasSameHashCodeAs(headers.newBuilder().build());
        assertThat(Headers.of()).isEqualTo(new Headers.Builder().build()).hasSameHashCodeAs(Headers.empty());
    }

    static Stream<Arguments> unequalHeaders() {
        return Stream.of(
                argumentSet("other order", Headers.of("x-b", "2", "x-a", "1")),
                argumentSet("other name case", Headers.of("X-A", "1", "x-b", "2")),
                argumentSet("other value", Headers.of("x-a", "1", "x-b", "3")),
                argumentSet("fewer pairs", Headers.of("x-a", "1")),
                argumentSet("more pairs", Headers.of("x-a", "1", "x-b", "2", "x-b", "2")),
                argumentSet("empty", Headers.empty()));
    }

    @ParameterizedTest
    @MethodSource("unequalHeaders")
    void differsFromOtherPairs(Headers other) {
        assertThat(Headers.of("x-a", "1", "x-b", "2")).isNotEqualTo(other);
    }

    @Test
    void differsFromNullAndOtherTypes() {
        Headers headers = Headers.of("x-a", "1");

        assertThat(headers.equals(null)).isFalse();
        assertThat(headers.equals("[x-a: 1]")).isFalse();
    }

    @Test
    void printsPairsInOrder() {
        assertThat(Headers.of(":status", "200", "x-a", "", "X-B", "b c").toString())
                .isEqualTo("[:status: 200, x-a: , X-B: b c]");
        assertThat(Headers.of("x-a", "1").toString()).isEqualTo("[x-a: 1]");
    }
}
