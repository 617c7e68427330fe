package io.wasmjava.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.LogLevel;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostEnumsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "0, OK",
        "1, NOT_FOUND",
        "2, BAD_ARGUMENT",
        "3, SERIALIZATION_FAILURE",
        "4, PARSE_FAILURE",
        "5, BAD_EXPRESSION",
        "6, INVALID_MEMORY_ACCESS",
        "7, EMPTY",
        "8, CAS_MISMATCH",
        "9, RESULT_MISMATCH",
        "10, INTERNAL_FAILURE",
        "11, BROKEN_CONNECTION",
        "12, UNIMPLEMENTED",
    })
    void mapsEveryAbiStatusCode(int code, HostStatus expected) {
        assertThat(HostStatus.of(code)).isEqualTo(expected);
        assertThat(expected.code()).isEqualTo(code);
    }

    @ParameterizedTest(name = "{0} is UNKNOWN")
    @CsvSource({"13", "99", "-1", "-2", "2147483647", "-2147483648"})
    void mapsCodesOutsideTheTableToUnknown(int code) {
        assertThat(HostStatus.of(code)).isEqualTo(HostStatus.UNKNOWN);
    }

    @Test
    void givesUnknownCodeMinusOne() {
        assertThat(HostStatus.UNKNOWN.code()).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "0, TRACE",
        "1, DEBUG",
        "2, INFO",
        "3, WARN",
        "4, ERROR",
        "5, CRITICAL",
    })
    void mapsEveryLogLevelCode(int code, LogLevel expected) {
        assertThat(LogLevel.of(code)).isEqualTo(expected);
        assertThat(expected.code()).isEqualTo(code);
    }

    @ParameterizedTest(name = "{0} clamps to {1}")
    @CsvSource({
        "6, CRITICAL",
        "99, CRITICAL",
        "2147483647, CRITICAL",
        "-1, TRACE",
        "-2147483648, TRACE",
    })
    void clampsLogLevelCodesOutsideTheRange(int code, LogLevel expected) {
        assertThat(LogLevel.of(code)).isEqualTo(expected);
    }

    @Test
    void namesFunctionAndStatusInMessage() {
        HostStatusException e = new HostStatusException("proxy_http_call", 2);

        assertThat(e).isInstanceOf(RuntimeException.class).hasMessage("proxy_http_call: BAD_ARGUMENT").hasNoCause();
        assertThat(e.function()).isEqualTo("proxy_http_call");
        assertThat(e.status()).isEqualTo(HostStatus.BAD_ARGUMENT);
        assertThat(e.code()).isEqualTo(2);
    }

    @Test
    void namesRawCodeOfUnknownStatusInMessage() {
        HostStatusException e = new HostStatusException("proxy_x", 99);

        assertThat(e).hasMessage("proxy_x: status 99");
        assertThat(e.function()).isEqualTo("proxy_x");
        assertThat(e.status()).isEqualTo(HostStatus.UNKNOWN);
        assertThat(e.code()).isEqualTo(99);
    }

    @Test
    void namesRawCodeOfMinusOneRatherThanUnknown() {
        HostStatusException e = new HostStatusException("proxy_get_property", -1);

        assertThat(e).hasMessage("proxy_get_property: status -1");
        assertThat(e.status()).isEqualTo(HostStatus.UNKNOWN);
        assertThat(e.code()).isEqualTo(-1);
    }

    /**
     * The enums whose {@code code()} is their ordinal, pinned to the ABI's numbers: proxy-wasm ABI 0.2.1
     * {@code proxy_buffer_type_t} (plus Higress's Redis reply buffer), {@code proxy_map_type_t},
     * {@code proxy_stream_type_t}, and Envoy's {@code FilterHeadersStatus} and {@code FilterDataStatus}.
     */
    @Test
    void givesTheAbiEnumsTheAbiNumbers() {
        assertThat(codes(BufferType.values(), BufferType::code)).containsExactly("0 HTTP_REQUEST_BODY",
                "1 HTTP_RESPONSE_BODY", "2 DOWNSTREAM_DATA", "3 UPSTREAM_DATA", "4 HTTP_CALL_RESPONSE_BODY",
                "5 GRPC_RECEIVE_BUFFER", "6 VM_CONFIGURATION", "7 PLUGIN_CONFIGURATION", "8 CALL_DATA",
                "9 REDIS_CALL_RESPONSE");
        assertThat(codes(MapType.values(), MapType::code)).containsExactly("0 HTTP_REQUEST_HEADERS",
                "1 HTTP_REQUEST_TRAILERS", "2 HTTP_RESPONSE_HEADERS", "3 HTTP_RESPONSE_TRAILERS",
                "4 GRPC_RECEIVE_INITIAL_METADATA", "5 GRPC_RECEIVE_TRAILING_METADATA", "6 HTTP_CALL_RESPONSE_HEADERS",
                "7 HTTP_CALL_RESPONSE_TRAILERS");
        assertThat(codes(StreamType.values(), StreamType::code))
                .containsExactly("0 REQUEST", "1 RESPONSE", "2 DOWNSTREAM", "3 UPSTREAM");
        assertThat(codes(HeaderStatus.values(), HeaderStatus::code)).containsExactly("0 CONTINUE", "1 STOP_ITERATION",
                "2 CONTINUE_AND_END_STREAM", "3 STOP_ALL_ITERATION_AND_BUFFER", "4 STOP_ALL_ITERATION_AND_WATERMARK");
        assertThat(codes(DataStatus.values(), DataStatus::code)).containsExactly("0 CONTINUE",
                "1 STOP_ITERATION_AND_BUFFER", "2 STOP_ITERATION_AND_WATERMARK", "3 STOP_ITERATION_NO_BUFFER");
    }

    private static <E extends Enum<E>> List<String> codes(E[] values, ToIntFunction<E> code) {
        return Arrays.stream(values).map(e -> code.applyAsInt(e) + " " + e.name()).toList();
    }
}
