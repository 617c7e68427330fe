package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RedisConnection} against a real {@code redis-server} (see {@link RedisServerProcess}). */
class RedisConnectionTest extends TwoRedisServers {

    private final List<RedisConnection> connections = new ArrayList<>();

    @AfterEach
    void closeConnections() {
        connections.forEach(RedisConnection::close);
    }

    private RedisConnection open(RedisServerProcess server, String username, String password, int database,
            int timeoutMillis) throws IOException {
        RedisConnection connection = RedisConnection.open(server.address(), username, password, database,
                timeoutMillis);
        connections.add(connection);
        return connection;
    }

    private RedisConnection open() throws IOException {
        return open(redis, "", "", 0, 1000);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }


    @Test
    void sendsRawQueryBytesAndReturnsTheRawReply() throws IOException {
        RedisConnection connection = open();

        byte[] set = connection.send(bytes("*3\r\n$3\r\nset\r\n$1\r\nk\r\n$5\r\nhello\r\n"));
        byte[] get = connection.send(bytes("*2\r\n$3\r\nget\r\n$1\r\nk\r\n"));

        assertThat(List.of(text(set), text(get))).containsExactly("+OK\r\n", "$5\r\nhello\r\n");
    }

    @Test
    void returnsOneReplyPerPipelinedCommandInOneArray() throws IOException {
        RedisConnection connection = open();

        byte[] replies = connection.send(bytes("*2\r\n$4\r\nincr\r\n$1\r\na\r\n*2\r\n$4\r\nincr\r\n$1\r\na\r\n"
                + "*2\r\n$3\r\nget\r\n$1\r\na\r\n*2\r\n$3\r\nget\r\n$7\r\nmissing\r\n"));

        assertThat(text(replies)).isEqualTo(":1\r\n:2\r\n$1\r\n2\r\n$-1\r\n");
    }

    @Test
    void returnsAServerErrorAsAnOrdinaryReply() throws IOException {
        assertThat(open().command("incr", "a", "b"))
                .isEqualTo("-ERR wrong number of arguments for 'incr' command\r\n");
    }

    @Test
    void sendsAnInlineCommand() throws IOException {
        assertThat(text(open().send(bytes("PING\r\n")))).isEqualTo("+PONG\r\n");
    }

    @Test
    void returnsALargeBinaryReplyThatArrivesInManyReads() throws IOException {
        byte[] value = new byte[1 << 20];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31);
        }
        byte[] head = bytes("*3\r\n$3\r\nset\r\n$3\r\nbig\r\n$" + value.length + "\r\n");
        byte[] setQuery = Arrays.copyOf(head, head.length + value.length + 2);
        System.arraycopy(value, 0, setQuery, head.length, value.length);
        setQuery[setQuery.length - 2] = '\r';
        setQuery[setQuery.length - 1] = '\n';
        RedisConnection connection = open();
        connection.send(setQuery);

        byte[] reply = connection.send(bytes("*2\r\n$3\r\nget\r\n$3\r\nbig\r\n"));

        byte[] replyHead = bytes("$" + value.length + "\r\n");
        byte[] expected = Arrays.copyOf(replyHead, replyHead.length + value.length + 2);
        System.arraycopy(value, 0, expected, replyHead.length, value.length);
        expected[expected.length - 2] = '\r';
        expected[expected.length - 1] = '\n';
        assertThat(reply).isEqualTo(expected);
    }

    @Test
    void authenticatesWithThePasswordAlone() throws IOException {
        assertThat(open(securedRedis, "", "s3cret", 0, 1000).command("ping")).isEqualTo("+PONG\r\n");
    }

    @Test
    void authenticatesWithAnAclUserAndPassword() throws IOException {
        try (RedisConnection admin = securedRedis.connect()) {
            assertThat(admin.command("acl", "setuser", "alice", "on", ">wonderland", "~*", "+@all"))
                    .isEqualTo("+OK\r\n");
        }
        try {
            assertThat(open(securedRedis, "alice", "wonderland", 0, 1000).command("acl", "whoami"))
                    .isEqualTo("$5\r\nalice\r\n");
        } finally {
            try (RedisConnection admin = securedRedis.connect()) {
                admin.command("acl", "deluser", "alice");
            }
        }
    }

    @Test
    void failsToOpenWhenTheServerRejectsThePassword() {
        assertThatThrownBy(() -> open(securedRedis, "", "wrong", 0, 1000))
                .isInstanceOf(IOException.class)
                .hasMessage("AUTH rejected by 127.0.0.1:" + securedRedis.port()
                        + ": -WRONGPASS invalid username-password pair or user is disabled.");
    }

    @Test
    void opensWithoutAuthWhenThereAreNoCredentialsAndTheServerAnswersNoauth() throws IOException {
        assertThat(open(securedRedis, "", "", 0, 1000).command("get", "k"))
                .isEqualTo("-NOAUTH Authentication required.\r\n");
    }

    @Test
    void selectsTheDatabaseOnEveryConnection() throws IOException {
        RedisConnection connection = open(redis, "", "", 3, 1000);
        connection.command("set", "k", "in-3");
        try (RedisConnection admin = redis.connect()) {
            assertThat(admin.command("client", "kill", "type", "normal", "skipme", "yes")).isEqualTo(":1\r\n");
        }

        connection.command("append", "k", "-again");

        try (RedisConnection admin = redis.connect(3)) {
            assertThat(admin.command("get", "k")).isEqualTo("$10\r\nin-3-again\r\n");
        }
        try (RedisConnection admin = redis.connect(0)) {
            assertThat(admin.command("exists", "k")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void failsToOpenWhenTheDatabaseDoesNotExist() {
        assertThatThrownBy(() -> open(redis, "", "", 99, 1000))
                .isInstanceOf(IOException.class)
                .hasMessage("SELECT 99 rejected by 127.0.0.1:" + redis.port() + ": -ERR DB index is out of range");
    }

    @Test
    void failsToOpenWhenNothingListens() throws IOException {
        int port = Loopback.closedPort();

        assertThatThrownBy(() -> RedisConnection.open(new InetSocketAddress("127.0.0.1", port), 500))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot connect to 127.0.0.1:" + port + " within 500 ms: java.net.ConnectException: "
                        + "Connection refused");
    }

    @Test
    void failsToOpenWhenTheServerNeverAnswersAuth() throws IOException {
        // Connections complete in the listen backlog, but nothing ever reads or writes them.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", silent.getLocalPort());

            assertThatThrownBy(() -> RedisConnection.open(address, "", "pw", 0, 200))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageStartingWith("no complete reply from 127.0.0.1:" + silent.getLocalPort()
                            + " within 200 ms (0 of 1 received)");
        }
    }

    @Test
    void timesOutWhenTheReplyIsLateAndReconnectsForTheNextCommand() throws IOException {
        RedisConnection connection = open(redis, "", "", 0, 200);

        assertThatThrownBy(() -> connection.command("blpop", "empty-list", "2"))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessageStartingWith("no complete reply from 127.0.0.1:" + redis.port()
                        + " within 200 ms (0 of 1 received)");
        assertThat(connection.command("ping")).isEqualTo("+PONG\r\n");
        assertThat(connection.connects()).isEqualTo(2);
    }

    @Test
    void reconnectsWhenTheServerClosedTheConnection() throws IOException {
        RedisConnection connection = open(redis, "", "", 0, 1000);
        try (RedisConnection admin = redis.connect()) {
            admin.command("client", "kill", "type", "normal", "skipme", "yes");
        }

        assertThat(connection.command("incr", "hits")).isEqualTo(":1\r\n");
        assertThat(connection.connects()).isEqualTo(2);
    }

    @Test
    void reconnectsAndAuthenticatesAgainAfterAServerRestart() throws IOException {
        try (RedisServerProcess server = RedisServerProcess.startWithPassword("pw");
                RedisConnection connection = RedisConnection.open(server.address(), "", "pw", 2, 1000)) {
            assertThat(connection.command("incr", "hits")).isEqualTo(":1\r\n");

            server.restart();

            assertThat(connection.command("incr", "hits")).isEqualTo(":1\r\n");
            assertThat(connection.connects()).isEqualTo(2);
        }
    }

    @Test
    void failsACommandWhileTheServerIsDownAndRecoversOnceItIsBack() throws IOException {
        try (RedisServerProcess server = RedisServerProcess.start();
                RedisConnection connection = RedisConnection.open(server.address(), 500)) {
            server.stop();

            assertThatThrownBy(() -> connection.command("ping"))
                    .isInstanceOf(IOException.class)
                    .hasMessage("cannot connect to 127.0.0.1:" + server.port()
                            + " within 500 ms: java.net.ConnectException: Connection refused");

            server.restart();

            assertThat(connection.command("ping")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void sendsCommandsFromSeveralThreadsOneAfterTheOther() throws Exception {
        RedisConnection connection = open();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Callable<List<String>> task = () -> {
                    List<String> replies = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        replies.add(connection.command("incr", "shared"));
                    }
                    return replies;
                };
                results.add(threads.submit(task));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> result : results) {
                all.addAll(result.get());
            }
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 400; i++) {
                expected.add(":" + i + "\r\n");
            }

            assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void refusesAQueryThatEndsInsideACommandWithoutSendingIt() throws IOException {
        RedisConnection connection = open();

        assertThatThrownBy(() -> connection.send(bytes("*2\r\n$3\r\nget\r\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the query ends inside command 1 (offset 0 of 13 bytes); Redis would wait for the rest");
        assertThat(connection.command("ping")).isEqualTo("+PONG\r\n");
        assertThat(connection.connects()).isEqualTo(1);
    }

    @Test
    void refusesCommandsOnceClosed() throws IOException {
        RedisConnection connection = open();
        connection.close();

        assertThatThrownBy(() -> connection.command("ping"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the connection to 127.0.0.1:" + redis.port() + " is closed");
    }
}
