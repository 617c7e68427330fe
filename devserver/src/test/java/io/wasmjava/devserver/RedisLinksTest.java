package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.devserver.GatewayConfig.ClusterAddress;
import io.wasmjava.host.HoldingRedis;
import io.wasmjava.host.RedisInit;
import io.wasmjava.host.RedisServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The plugins' Redis connections in the gateway: pipelined per worker, a connection per worker as in Envoy. Waits
 * for replies are bounded by {@link #UPPER_BOUND_SECONDS}, never asserted.
 */
@Timeout(60)
class RedisLinksTest {
    private static final int UPPER_BOUND_SECONDS = 10;
    private static final String CLUSTER = "outbound|6379||redis.static";
    @AutoClose
    private static final RedisServerProcess redis = RedisServerProcess.start();

    private static byte[] command(String... arguments) {
        StringBuilder resp = new StringBuilder("*").append(arguments.length).append("\r\n");
        for (String argument : arguments) {
            resp.append('$').append(argument.length()).append("\r\n").append(argument).append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(CompletableFuture<byte[]> reply) throws Exception {
        return new String(reply.get(UPPER_BOUND_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    @Test
    void oneWorkersCommandsArePipelinedOnItsConnection() throws Exception {
        // The fake answers only once it holds all three commands: one command at a time would never get a reply.
        try (HoldingRedis fake = new HoldingRedis(3); RedisLinks links = new RedisLinks(line -> { })) {
            ClusterAddress address = new ClusterAddress("127.0.0.1", fake.address().getPort(), false);
            RedisInit init = new RedisInit(CLUSTER + "?db=0&buffer_flush_timeout=3&max_buffer_size_before_flush=1024",
                    "", "", 5000);

            CompletableFuture<byte[]> first = links.send(1, address, init, command("echo", "one"));
            CompletableFuture<byte[]> second = links.send(1, address, init, command("echo", "two"));
            CompletableFuture<byte[]> third = links.send(1, address, init, command("echo", "three"));

            assertThat(text(first)).isEqualTo("$3\r\none\r\n");
            assertThat(text(second)).isEqualTo("$3\r\ntwo\r\n");
            assertThat(text(third)).isEqualTo("$5\r\nthree\r\n");
        }
    }

    @Test
    void aSlowCommandHoldsOnlyItsWorkersConnection() throws Exception {
        try (RedisLinks links = new RedisLinks(line -> { })) {
            ClusterAddress address = new ClusterAddress(redis.host(), redis.port(), false);
            RedisInit init = new RedisInit(CLUSTER, "", "", 5000);

            CompletableFuture<byte[]> blockedOnWorker1 = links.send(1, address, init,
                    command("blpop", "never-pushed", "30"));
            String pingOnWorker2 = text(links.send(2, address, init, command("ping")));

            assertThat(pingOnWorker2).isEqualTo("+PONG\r\n");
            assertThat(blockedOnWorker1).isNotDone();
        }
    }

    @Test
    void opTimeoutFailsTheCommandsPendingOnTheConnectionAndTheNextOneReconnects() throws Exception {
        try (RedisLinks links = new RedisLinks(line -> { })) {
            ClusterAddress address = new ClusterAddress(redis.host(), redis.port(), false);
            RedisInit init = new RedisInit(CLUSTER, "", "", 200);

            CompletableFuture<byte[]> slow = links.send(1, address, init, command("blpop", "never-pushed", "30"));
            CompletableFuture<byte[]> behind = links.send(1, address, init, command("ping"));

            assertThat(slow).failsWithin(UPPER_BOUND_SECONDS, TimeUnit.SECONDS)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(IOException.class);
            assertThat(behind).failsWithin(UPPER_BOUND_SECONDS, TimeUnit.SECONDS)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(IOException.class);
            assertThat(text(links.send(1, address, init, command("ping")))).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void flushOptionsComeFromTheInitClusterString() {
        assertThat(RedisLinks.parameter(CLUSTER + "?db=1&buffer_flush_timeout=7&max_buffer_size_before_flush=0",
                "buffer_flush_timeout", 3)).isEqualTo(7);
        assertThat(RedisLinks.parameter(CLUSTER + "?db=1&buffer_flush_timeout=7&max_buffer_size_before_flush=0",
                "max_buffer_size_before_flush", 1024)).isZero();
        // Envoy's parseUint32FromParams: absent or not a number keeps the default.
        assertThat(RedisLinks.parameter(CLUSTER, "buffer_flush_timeout", 3)).isEqualTo(3);
        assertThat(RedisLinks.parameter(CLUSTER + "?buffer_flush_timeout=soon", "buffer_flush_timeout", 3))
                .isEqualTo(3);
    }
}
