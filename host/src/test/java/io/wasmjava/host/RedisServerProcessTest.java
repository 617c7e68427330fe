package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisServerProcessTest {
    @Test
    void startsAServerOnTheLoopbackAddressThatAnswersPing() throws IOException {
        try (RedisServerProcess server = RedisServerProcess.start();
                RedisConnection connection = server.connect()) {
            assertThat(List.of(server.isRunning(), server.host(), server.address().getPort()))
                    .containsExactly(true, "127.0.0.1", server.port());
            assertThat(connection.command("ping")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void runsWithoutPersistence() throws IOException {
        try (RedisServerProcess server = RedisServerProcess.start();
                RedisConnection connection = server.connect()) {
            assertThat(List.of(connection.command("config", "get", "save"),
                    connection.command("config", "get", "appendonly")))
                    .containsExactly("*2\r\n$4\r\nsave\r\n$0\r\n\r\n", "*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n");
        }
    }

    @Test
    void requiresThePasswordItWasStartedWith() throws IOException {
        try (RedisServerProcess server = RedisServerProcess.startWithPassword("s3cret");
                RedisConnection anonymous = RedisConnection.open(server.address(), 1000);
                RedisConnection authenticated = server.connect()) {
            assertThat(List.of(server.password(), anonymous.command("ping"), authenticated.command("ping")))
                    .containsExactly("s3cret", "-NOAUTH Authentication required.\r\n", "+PONG\r\n");
        }
    }

    @Test
    void stopsTheServerSoThatThePortRefusesConnections() {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            server.stop();

            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(server::connect)
                    .isInstanceOf(IOException.class)
                    .hasMessage("cannot connect to 127.0.0.1:" + server.port()
                            + " within 2000 ms: java.net.ConnectException: Connection refused");
        }
    }

    @Test
    void restartsOnTheSamePortWithNoData() throws IOException {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            int port = server.port();
            try (RedisConnection connection = server.connect()) {
                connection.command("set", "k", "v");
            }

            server.restart();

            try (RedisConnection connection = server.connect()) {
                assertThat(List.of(server.port(), connection.command("exists", "k"))).containsExactly(port, ":0\r\n");
            }
        }
    }

    @Test
    void namesTheBinaryAndThePathWhenAnExplicitNameIsNotFound() {
        assertThatThrownBy(() -> RedisServerProcess.builder().executable("no-such-redis-server").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no-such-redis-server is not on the PATH (" + System.getenv("PATH") + "): install it, "
                        + "or point -Dwasmjava.redis-server=/path/to/redis-server at one");
    }

    @Test
    void findsRedisServerInTheFirstPathDirectoryThatHasIt(@TempDir Path directory) throws IOException {
        Path fake = Files.writeString(directory.resolve("redis-server"), "#!/bin/sh\n");
        fake.toFile().setExecutable(true);

        assertThat(RedisServerProcess.resolveExecutable("redis-server", "/no/such/dir::" + directory))
                .isEqualTo(fake);
    }

    @Test
    void withoutRedisServerOnThePathUsesTheBundledBinary() {
        Path bundled = RedisServerProcess.resolveExecutable("redis-server", "/no/such/dir");

        assertThat(bundled).isEqualTo(RedisServerProcess.bundledExecutable());
        assertThat(bundled.getFileName().toString()).startsWith("redis-server-");
    }

    @Test
    void theBundledBinaryIsARealRedisServer() throws IOException {
        try (RedisServerProcess server = RedisServerProcess.builder()
                .executable(RedisServerProcess.bundledExecutable().toString()).password("s3cret").start();
                RedisConnection connection = server.connect()) {
            assertThat(List.of(connection.command("set", "k", "v"), connection.command("get", "k"),
                    connection.command("info", "server").contains("redis_version:")))
                    .containsExactly("+OK\r\n", "$1\r\nv\r\n", true);
        }
    }

    @Test
    void reportsTheServerOutputWhenItCannotStart() {
        assertThatThrownBy(() -> RedisServerProcess.builder().arguments("--no-such-directive", "x").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("redis-server exited at start; its output:\n")
                .hasMessageContaining("Bad directive or wrong number of arguments");
    }

    @Test
    void canBeClosedTwice() {
        RedisServerProcess server = RedisServerProcess.start();

        server.close();
        server.close();

        assertThat(server.isRunning()).isFalse();
    }
}
