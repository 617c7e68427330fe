package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RespFramesTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> completeValues() {
        return Stream.of(
                Arguments.of("simple string", "+OK\r\n"),
                Arguments.of("error", "-ERR wrong number of arguments\r\n"),
                Arguments.of("integer", ":-42\r\n"),
                Arguments.of("bulk string", "$5\r\nhello\r\n"),
                Arguments.of("bulk string holding \\r\\n", "$4\r\n\r\n\r\n\r\n"),
                Arguments.of("empty bulk string", "$0\r\n\r\n"),
                Arguments.of("null bulk string", "$-1\r\n"),
                Arguments.of("empty array", "*0\r\n"),
                Arguments.of("null array", "*-1\r\n"),
                Arguments.of("array", "*2\r\n$3\r\nget\r\n$1\r\nk\r\n"),
                Arguments.of("nested arrays with nulls", "*3\r\n*2\r\n:1\r\n$-1\r\n*-1\r\n*1\r\n+x\r\n"),
                Arguments.of("RESP3 null, double, boolean, big number", "*4\r\n_\r\n,1.5\r\n#t\r\n(12345678901234567890\r\n"),
                Arguments.of("RESP3 bulk error and verbatim string", "*2\r\n!3\r\nERR\r\n=7\r\ntxt:abc\r\n"),
                Arguments.of("RESP3 map", "%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n"),
                Arguments.of("RESP3 set and push", "*2\r\n~1\r\n+a\r\n>2\r\n+m\r\n+n\r\n"),
                Arguments.of("RESP3 attribute before its value", "|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("completeValues")
    void findsTheEndOfACompleteValue(String name, String wire) {
        byte[] buffer = bytes(wire + "+NEXT\r\n");

        assertThat(RespFrames.endOfValue(buffer, 0, buffer.length)).isEqualTo(bytes(wire).length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("completeValues")
    void needsMoreBytesForEveryProperPrefix(String name, String wire) {
        byte[] buffer = bytes(wire);
        List<Integer> ends = new ArrayList<>();
        for (int limit = 0; limit < buffer.length; limit++) {
            ends.add(RespFrames.endOfValue(buffer, 0, limit));
        }

        assertThat(ends).containsOnly(-1);
    }

    @Test
    void findsValuesOneAfterTheOtherFromAnOffset() {
        byte[] buffer = bytes(":1\r\n$2\r\nab\r\n*-1\r\n");

        int first = RespFrames.endOfValue(buffer, 0, buffer.length);
        int second = RespFrames.endOfValue(buffer, first, buffer.length);
        int third = RespFrames.endOfValue(buffer, second, buffer.length);

        assertThat(List.of(first, second, third)).containsExactly(4, 12, 17);
    }

    static Stream<Arguments> malformedValues() {
        return Stream.of(
                Arguments.of("unknown type byte", "?x\r\n", "not RESP at offset 0: unknown type byte '?'"),
                Arguments.of("length with a letter", "$1a\r\nx\r\n", "not RESP at offset 2: expected a digit but was 'a'"),
                Arguments.of("empty length", "*\r\n", "not RESP at offset 0: expected a length of 1 to 18 digits"),
                Arguments.of("bulk length -2", "$-2\r\n", "not RESP at offset 0: negative length -2"),
                Arguments.of("map count -1", "%-1\r\n", "not RESP at offset 0: negative element count -1"),
                Arguments.of("bulk data longer than its length", "$1\r\nab\r\n",
                        "not RESP at offset 5: expected \\r\\n after 1 data bytes"),
                Arguments.of("binary type byte inside an array", "*1\r\n\u0001\r\n",
                        "not RESP at offset 4: unknown type byte 0x01"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedValues")
    void rejectsBytesThatAreNotResp(String name, String wire, String message) {
        byte[] buffer = bytes(wire);

        assertThatThrownBy(() -> RespFrames.endOfValue(buffer, 0, buffer.length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("one command", "*2\r\n$4\r\nincr\r\n$1\r\nk\r\n", 1),
                Arguments.of("two pipelined commands", "*1\r\n$4\r\nping\r\n*2\r\n$3\r\nget\r\n$1\r\nk\r\n", 2),
                Arguments.of("an inline command", "PING\r\n", 1),
                Arguments.of("an inline command ending in \\n only", "hello\n", 1),
                Arguments.of("inline then RESP", "PING\r\n*1\r\n$4\r\nping\r\n", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void countsTheCommandsInAQuery(String name, String query, int commands) {
        assertThat(RespFrames.countCommands(bytes(query))).isEqualTo(commands);
    }

    @Test
    void rejectsAQueryThatEndsInsideACommand() {
        assertThatThrownBy(() -> RespFrames.countCommands(bytes("*1\r\n$4\r\nping\r\n*2\r\n$3\r\nget\r\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the query ends inside command 2 (offset 14 of 27 bytes); Redis would wait for the rest");
    }

    @Test
    void rejectsAnEmptyQuery() {
        assertThatThrownBy(() -> RespFrames.countCommands(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the query is empty");
    }
}
