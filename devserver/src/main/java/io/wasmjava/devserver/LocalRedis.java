package io.wasmjava.devserver;

import io.wasmjava.testkit.RedisConnection;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throwaway Redis server on a free loopback port, for the demo and the tests: {@code redis-server} from the
 * {@code PATH} if there is one, else the real Redis binary bundled in the {@code embedded-redis} artifact from Maven
 * Central (Linux, macOS and Windows builds of Redis 6.2). No persistence; stopped by {@link #close()} (and by a
 * shutdown hook for the bundled one).
 */
final class LocalRedis implements AutoCloseable {
    private final int port;
    private final String description;
    private final Process process;
    private final redis.embedded.RedisServer embedded;

    private LocalRedis(int port, String description, Process process, redis.embedded.RedisServer embedded) {
        this.port = port;
        this.description = description;
        this.process = process;
        this.embedded = embedded;
    }

    /**
     * Starts a server and waits until it answers {@code PING}.
     *
     * @throws UncheckedIOException if neither way works
     */
    static LocalRedis start() {
        int port = freePort();
        Path onPath = findOnPath("redis-server");
        if (onPath != null) {
            try {
                Process process = new ProcessBuilder(onPath.toString(), "--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                LocalRedis redis = new LocalRedis(port, onPath + " (pid " + process.pid() + ")", process, null);
                redis.awaitPing();
                return redis;
            } catch (IOException e) {
                // Fall back to the bundled binary.
            }
        }
        try {
            redis.embedded.RedisServer server = redis.embedded.RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .onShutdownForceStop(true)
                    .build();
            server.start();
            LocalRedis redis = new LocalRedis(port, "embedded-redis (bundled Redis 6.2 binary)", null, server);
            redis.awaitPing();
            return redis;
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot start Redis: no redis-server on PATH and the "
                    + "bundled one failed: " + e.getMessage(), e));
        }
    }

    int port() {
        return port;
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    String description() {
        return description;
    }

    private void awaitPing() throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue());
            }
            try (RedisConnection connection = RedisConnection.open(address(), 1000)) {
                if (connection.command("ping").startsWith("+PONG")) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Redis");
            }
        }
        close();
        throw new IOException("Redis did not answer PING on port " + port + " within 10 s", last);
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (IOException | RuntimeException e) {
                // Stopping anyway.
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Redis on 127.0.0.1:" + port + " via " + description;
    }
}
