package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RedisPipeline} against a real {@code redis-server} and against loopback fakes that hold their replies.
 * Every wait for a reply is bounded ({@link #UPPER_BOUND_SECONDS}), so a client that does not pipeline, or a timer
 * that never fires, fails the test instead of hanging it; nothing measures how long anything took.
 */
@Timeout(60)
class RedisPipelineTest extends TwoRedisServers {
    private static final int UPPER_BOUND_SECONDS = 10;

    private final List<RedisPipeline> pipelines = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> warnings = new ConcurrentLinkedQueue<>();

    @AfterEach
    void closePipelines() {
        pipelines.forEach(RedisPipeline::close);
    }

    private RedisPipeline pipeline(InetSocketAddress address, RedisPipeline.Settings settings) throws IOException {
        RedisPipeline pipeline = RedisPipeline.create(address, settings, warnings::add, "test-redis-pipeline");
        pipelines.add(pipeline);
        return pipeline;
    }

    private static String text(CompletableFuture<byte[]> reply) throws Exception {
        return new String(reply.get(UPPER_BOUND_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    private static Throwable failure(CompletableFuture<byte[]> reply) throws Exception {
        try {
            reply.get(UPPER_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the command succeeded");
    }

    @Test
    void repliesFromARealServerGoToTheirCommandsInOrder() throws Exception {
        RedisPipeline pipeline = pipeline(redis.address(), RedisPipeline.Settings.of(2000));
        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            replies.add(pipeline.send(RedisConnection.encode("incr", "counter")));
        }
        replies.add(pipeline.send(RedisConnection.encode("get", "missing")));

        for (int i = 0; i < 200; i++) {
            assertThat(text(replies.get(i))).isEqualTo(":" + (i + 1) + "\r\n");
        }
        assertThat(text(replies.get(200))).isEqualTo("$-1\r\n");
        assertThat(pipeline.connects()).isEqualTo(1);
    }

    @Test
    void queryWithSeveralCommandsGetsTheirRepliesTogether() throws Exception {
        RedisPipeline pipeline = pipeline(redis.address(), RedisPipeline.Settings.of(2000));
        byte[] two = (new String(RedisConnection.encode("set", "k", "v"), StandardCharsets.UTF_8)
                + new String(RedisConnection.encode("get", "k"), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);

        assertThat(text(pipeline.send(two))).isEqualTo("+OK\r\n$1\r\nv\r\n");
        assertThat(text(pipeline.send(RedisConnection.encode("get", "k")))).isEqualTo("$1\r\nv\r\n");
    }

    /**
     * The fake answers nothing until it has received all three commands on one connection: a client that waited for
     * each reply before sending the next command would never get one.
     */
    @Test
    void commandsAreWrittenWithoutWaitingForEarlierReplies() throws Exception {
        try (HoldingRedis fake = new HoldingRedis(3)) {
            // Flush each command at once (size 0), as well as with Higress's 1024 bytes / 3 ms buffering.
            for (int maxBuffer : new int[] {0, 1024}) {
                RedisPipeline pipeline = pipeline(fake.address(), new RedisPipeline.Settings("", "", 0, 5000, 5000, 3,
                        maxBuffer));
                CompletableFuture<byte[]> a = pipeline.send(RedisConnection.encode("echo", "a" + maxBuffer));
                CompletableFuture<byte[]> b = pipeline.send(RedisConnection.encode("echo", "b" + maxBuffer));
                CompletableFuture<byte[]> c = pipeline.send(RedisConnection.encode("echo", "c" + maxBuffer));

                assertThat(text(a)).isEqualTo("$" + (1 + Integer.toString(maxBuffer).length()) + "\r\na" + maxBuffer
                        + "\r\n");
                assertThat(text(b)).isEqualTo("$" + (1 + Integer.toString(maxBuffer).length()) + "\r\nb" + maxBuffer
                        + "\r\n");
                assertThat(text(c)).isEqualTo("$" + (1 + Integer.toString(maxBuffer).length()) + "\r\nc" + maxBuffer
                        + "\r\n");
                // The fake serves one connection at a time.
                pipeline.close();
            }
        }
    }

    /**
     * A blocking command outlives the op timeout: the connection is closed and every command pending on it fails,
     * the late one and the fast one queued behind it, as Envoy's client does; the next command reconnects.
     */
    @Test
    void opTimeoutClosesTheConnectionAndFailsEveryPendingCommand() throws Exception {
        RedisPipeline pipeline = pipeline(redis.address(), RedisPipeline.Settings.of(200));
        assertThat(text(pipeline.send(RedisConnection.encode("ping")))).isEqualTo("+PONG\r\n");

        CompletableFuture<byte[]> slow = pipeline.send(RedisConnection.encode("blpop", "never-pushed", "30"));
        CompletableFuture<byte[]> fastBehindIt = pipeline.send(RedisConnection.encode("ping"));

        String expected = "no reply from " + redis.host() + ":" + redis.port() + " within the op timeout of 200 ms; "
                + "the connection was closed and all 2 commands pending on it failed";
        assertThat(failure(slow)).isInstanceOf(IOException.class).hasMessage(expected);
        assertThat(failure(fastBehindIt)).isInstanceOf(IOException.class).hasMessage(expected);
        assertThat(text(pipeline.send(RedisConnection.encode("ping")))).isEqualTo("+PONG\r\n");
        assertThat(pipeline.connects()).isEqualTo(2);
    }

    @Test
    void connectionKilledByTheServerFailsPendingCommandsAndTheNextOneReconnects() throws Exception {
        RedisPipeline pipeline = pipeline(redis.address(), RedisPipeline.Settings.of(30_000));
        assertThat(text(pipeline.send(RedisConnection.encode("client", "setname", "victim")))).isEqualTo("+OK\r\n");
        CompletableFuture<byte[]> blocked = pipeline.send(RedisConnection.encode("blpop", "never-pushed", "0"));
        try (RedisConnection admin = redis.connect()) {
            // Wait until the server runs the BLPOP, then kill the pipeline's connection (the only other client).
            while (!admin.command("client", "list").contains("cmd=blpop")) {
                Thread.onSpinWait();
            }
            assertThat(admin.command("client", "kill", "type", "normal", "skipme", "yes")).isEqualTo(":1\r\n");
        }

        assertThat(failure(blocked)).isInstanceOf(IOException.class)
                .hasMessage(redis.host() + ":" + redis.port() + " closed the connection");
        assertThat(text(pipeline.send(RedisConnection.encode("ping")))).isEqualTo("+PONG\r\n");
        assertThat(pipeline.connects()).isEqualTo(2);
    }

    /**
     * The server closes an idle connection, and a command is sent before the pipeline has looked at the socket again:
     * the close is noticed first and the command goes out on a new connection, instead of failing on the dead one.
     * The reply callback below runs on the pipeline's I/O thread and holds it while the connection is killed and the
     * command submitted, so the close and the command are both waiting when that thread looks again.
     */
    @Test
    void commandSentAfterTheServerClosedAnIdleConnectionGoesOutOnANewOne() throws Exception {
        RedisPipeline pipeline = pipeline(redis.address(), RedisPipeline.Settings.of(30_000));
        CompletableFuture<byte[]> afterKill = new CompletableFuture<>();
        try (RedisConnection admin = redis.connect()) {
            CompletableFuture<byte[]> popped = pipeline.send(RedisConnection.encode("blpop", "idle-kill", "0"));
            CompletableFuture<Void> held = popped.thenRun(() -> {
                try {
                    assertThat(admin.command("client", "kill", "type", "normal", "skipme", "yes"))
                            .startsWith(":").isNotEqualTo(":0\r\n");
                    pipeline.send(RedisConnection.encode("ping")).whenComplete((reply, failure) -> {
                        if (failure != null) {
                            afterKill.completeExceptionally(failure);
                        } else {
                            afterKill.complete(reply);
                        }
                    });
                    // Let the server's FIN reach the socket while this thread is still held.
                    Thread.sleep(100);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (RedisConnection pusher = redis.connect()) {
                assertThat(pusher.command("rpush", "idle-kill", "x")).isEqualTo(":1\r\n");
            }
            assertThat(text(popped)).isEqualTo("*2\r\n$9\r\nidle-kill\r\n$1\r\nx\r\n");
            held.get(UPPER_BOUND_SECONDS, TimeUnit.SECONDS);
        }

        assertThat(text(afterKill)).isEqualTo("+PONG\r\n");
        assertThat(pipeline.connects()).isEqualTo(2);
    }

    @Test
    void authAndSelectGoFirstOnEveryConnection() throws Exception {
        RedisPipeline pipeline = pipeline(securedRedis.address(), new RedisPipeline.Settings("", "s3cret", 3, 2000,
                5000, 3, 1024));

        assertThat(text(pipeline.send(RedisConnection.encode("set", "in-db-3", "yes")))).isEqualTo("+OK\r\n");

        try (RedisConnection admin = securedRedis.connect(3)) {
            assertThat(admin.command("get", "in-db-3")).isEqualTo("$3\r\nyes\r\n");
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void rejectedAuthIsReportedAndTheCommandsGetTheServersAnswer() throws Exception {
        RedisPipeline pipeline = pipeline(securedRedis.address(), new RedisPipeline.Settings("", "wrong", 0, 2000,
                5000, 3, 1024));

        assertThat(text(pipeline.send(RedisConnection.encode("get", "k")))).startsWith("-NOAUTH");
        assertThat(warnings).singleElement().asString()
                .startsWith("AUTH rejected by " + securedRedis.host() + ":" + securedRedis.port() + ": -WRONGPASS")
                .doesNotContain("wrong ");
    }

    @Test
    void refusedConnectionFailsTheCommand() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        RedisPipeline pipeline = pipeline(new InetSocketAddress("127.0.0.1", closedPort),
                RedisPipeline.Settings.of(1000));

        assertThat(failure(pipeline.send(RedisConnection.encode("ping")))).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot connect to 127.0.0.1:" + closedPort + ": ");
    }

    @Test
    void incompleteQueryIsRefusedWithoutTouchingTheConnection() throws Exception {
        RedisPipeline pipeline = pipeline(redis.address(), RedisPipeline.Settings.of(1000));

        assertThat(failure(pipeline.send("*2\r\n$3\r\nget\r\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(text(pipeline.send(RedisConnection.encode("ping")))).isEqualTo("+PONG\r\n");
    }

    @Test
    void closeFailsWhatIsPending() throws Exception {
        RedisPipeline pipeline = pipeline(redis.address(), RedisPipeline.Settings.of(30_000));
        CompletableFuture<byte[]> blocked = pipeline.send(RedisConnection.encode("blpop", "never-pushed", "0"));

        pipeline.close();

        assertThat(failure(blocked)).isInstanceOf(IOException.class)
                .hasMessage("the pipeline to " + redis.host() + ":" + redis.port() + " is closed");
        assertThat(failure(pipeline.send(RedisConnection.encode("ping")))).isInstanceOf(IOException.class);
    }
}
