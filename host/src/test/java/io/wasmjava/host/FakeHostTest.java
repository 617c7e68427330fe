package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.core.Headers;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.core.host.MapType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FakeHost maps the emulator's statuses exactly as the SDK's Wasm host maps the ABI's. */
class FakeHostTest {
    private final HostEmulator emulator = new HostEmulator();
    private final FakeHost host = new FakeHost(emulator);

    @BeforeEach
    void enterRootContext() {
        emulator.createRootContext();
        emulator.enterCallback(HostEmulator.ROOT_CONTEXT_ID);
    }

    @Test
    void readsAMissingMapAsEmptyHeaders() {
        assertThat(host.headers(MapType.HTTP_REQUEST_HEADERS)).isEqualTo(Headers.empty());
    }

    @Test
    void throwsNamingTheFunctionWhenAMapIsNotAvailable() {
        assertThatThrownBy(() -> host.header(MapType.HTTP_REQUEST_HEADERS, "a"))
                .isInstanceOf(HostStatusException.class)
                .hasMessage("proxy_get_header_map_value: BAD_ARGUMENT");
    }

    @Test
    void readsAMissingBufferAsEmpty() {
        assertThat(host.buffer(BufferType.HTTP_CALL_RESPONSE_BODY, 0, 10)).isEqualTo(new byte[0]);
    }

    @Test
    void readsAbsentLookupsAsNull() {
        assertThat(host.property(List.of("no_such_property"))).isNull();
        assertThat(host.sharedData("no_such_key")).isNull();
        assertThat(host.callForeignFunction("no_such_function", new byte[0])).isNull();
    }

    @Test
    void reportsACasMismatchAsFalse() {
        assertThat(host.setSharedData("k", "v".getBytes(StandardCharsets.UTF_8), 0)).isTrue();
        int cas = host.sharedData("k").cas();

        assertThat(host.setSharedData("k", "w".getBytes(StandardCharsets.UTF_8), cas + 7)).isFalse();
        assertThat(host.setSharedData("k", "w".getBytes(StandardCharsets.UTF_8), cas)).isTrue();
    }

    @Test
    void throwsWhenTheHostRefusesACall() {
        emulator.setKnownClusters(List.of("known"));

        assertThatThrownBy(() -> host.dispatchHttpCall("unknown", Headers.of(":method", "GET", ":path", "/",
                ":authority", "a"), new byte[0], Headers.empty(), 100))
                .isInstanceOf(HostStatusException.class)
                .hasMessage("proxy_http_call: BAD_ARGUMENT")
                .extracting(e -> ((HostStatusException) e).status()).isEqualTo(HostStatus.BAD_ARGUMENT);
    }

    @Test
    void failsLoudlyOnCallsItDoesNotModel() {
        assertThatThrownBy(() -> host.buffer(BufferType.DOWNSTREAM_DATA, 0, 1))
                .isInstanceOf(HostStatusException.class)
                .hasMessage("proxy_get_buffer_bytes: UNIMPLEMENTED");
        assertThat(emulator.problems())
                .containsExactly("proxy_get_buffer_bytes: buffer type DOWNSTREAM_DATA is not modelled by this host");
    }

    @Test
    void recordsAMissingRedisUsernameAsEmpty() {
        host.redisInit("redis", null, null, 1000);

        assertThat(emulator.redisInits()).containsExactly(new RedisInit("redis", "", "", 1000));
    }
}
