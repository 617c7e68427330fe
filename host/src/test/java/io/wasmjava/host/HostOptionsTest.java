package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.HostStatus;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link HostOptions#serving} changes in a host: the devserver's settings. */
class HostOptionsTest {
    private static final Instant AT = Instant.parse("2026-12-06T05:00:00.000000123Z");
    private static final Headers CALL = Headers.of(":method", "GET", ":path", "/", ":authority", "svc");

    private final List<LogRecord> logged = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<Callout> callouts = new ArrayList<>();
    private final List<RedisInit> inits = new ArrayList<>();
    private final HostEmulator host = new HostEmulator(HostOptions.serving(logged::add, problems::add,
            InstantSource.fixed(AT), cluster -> cluster.startsWith("outbound|80||"), new CalloutListener() {
                @Override
                public void onHttpCall(HttpCallout call) {
                    callouts.add(call);
                }

                @Override
                public void onRedisCall(RedisCallout call) {
                    callouts.add(call);
                }

                @Override
                public void onRedisInit(RedisInit init) {
                    inits.add(init);
                }
            }));

    @Test
    void sendsLogsAndProblemsToTheSinksInsteadOfKeepingThem() {
        host.log(LogLevel.INFO, "hello");
        assertThat(HostFixtures.statusOf(() -> host.buffer(BufferType.GRPC_RECEIVE_BUFFER, 0, 1)))
                .isEqualTo(HostStatus.UNIMPLEMENTED);

        assertThat(logged).containsExactly(new LogRecord(LogLevel.INFO, "hello"));
        assertThat(problems).containsExactly(
                "proxy_get_buffer_bytes: buffer type GRPC_RECEIVE_BUFFER is not modelled by this host");
        assertThat(host.logs()).isEmpty();
        assertThat(host.problems()).isEmpty();
    }

    @Test
    void followsTheClockAndRefusesToSetIt() {
        assertThat(host.now()).isEqualTo(AT);
        assertThat(host.currentTimeNanos()).isEqualTo(AT.getEpochSecond() * 1_000_000_000L + 123);
        assertThatThrownBy(() -> host.advanceTime(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void acceptsOnlyTheClustersTheFilterAcceptsAndTellsTheListener() {
        host.createRootContext();
        host.enterCallback(HostEmulator.ROOT_CONTEXT_ID);

        int token = host.dispatchHttpCall("outbound|80||svc", CALL, new byte[0], Headers.empty(), 500);
        host.redisInit("outbound|80||redis?db=1", "", "", 1000);
        int redisToken = host.dispatchRedisCall("outbound|80||redis", new byte[] {'*', '0', '\r', '\n'});

        assertThat(HostFixtures.statusOf(() -> host.dispatchHttpCall("outbound|443||other", CALL, new byte[0],
                Headers.empty(), 500))).isEqualTo(HostStatus.BAD_ARGUMENT);
        assertThat(callouts).extracting(Callout::token).containsExactly(token, redisToken);
        assertThat(inits).containsExactly(new RedisInit("outbound|80||redis?db=1", "", "", 1000));
    }

    @Test
    void keepsNoHistoryAndNoTestProperties() {
        host.createRootContext();
        int stream = host.createStream();
        host.enterCallback(HostEmulator.ROOT_CONTEXT_ID);
        host.redisInit("outbound|80||redis", "", "", 1000);
        host.setEffectiveContext(stream);
        host.deleteContext(stream);

        assertThat(host.redisInits()).isEmpty();
        assertThat(host.effectiveContextSwitches()).isEmpty();
        assertThatThrownBy(() -> host.streams.stream(stream)).isInstanceOf(IllegalArgumentException.class);
        assertThat(host.hostProperty(List.of("route_name"))).isNull();
        assertThat(host.retainsHistory()).isFalse();
    }
}
