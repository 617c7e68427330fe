package io.wasmjava.host;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for tests, on 127.0.0.1 and a free port, without persistence
 * ({@code --save "" --appendonly no}, in a temporary directory), optionally with {@code --requirepass}. {@link #start}
 * returns once the server answers {@code PING}; {@link #close} stops it and removes the directory.
 *
 * <pre>{@code
 * static RedisServerProcess redis;
 *
 * @BeforeAll static void startRedis() { redis = RedisServerProcess.start(); }
 * @AfterAll static void stopRedis() { redis.close(); }
 * }</pre>
 *
 * <p>The binary is the file named by the system property {@value #EXECUTABLE_PROPERTY} if set, else
 * {@code redis-server} from the {@code PATH}, else the real Redis binary (Redis 6.2) that the
 * {@code com.github.codemonstur:embedded-redis} artifact from Maven Central carries for Linux, macOS and Windows
 * ({@link #bundledExecutable()}): a machine with only Java and Maven runs the tests too. Combine with
 * {@link RedisBridge#of(String, InetSocketAddress)} and {@link #address()} to let a plugin under test talk to it. Not
 * thread-safe.
 */
public final class RedisServerProcess implements AutoCloseable {
    /** System property naming the {@code redis-server} binary to run instead of the one on the {@code PATH}. */
    public static final String EXECUTABLE_PROPERTY = "wasmjava.redis-server";
    private static final String DEFAULT_EXECUTABLE = "redis-server";

    private static final String HOST = "127.0.0.1";
    private static final int PORT_ATTEMPTS = 5;

    /** The bundled binary once extracted; one copy per JVM. */
    private static Path bundled;

    /** Servers still running; a shutdown hook stops them if a test forgot to, so none outlives the JVM. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "redis-server-cleanup"));
    }

    private final Path executable;
    private final String password;
    private final List<String> extraArguments;
    private final Duration startTimeout;
    private final Path directory;
    private final Path log;
    private int port;
    private Process process;
    private boolean closed;

    private RedisServerProcess(Builder builder, Path executable) throws IOException {
        this.executable = executable;
        this.password = builder.password;
        this.extraArguments = List.copyOf(builder.arguments);
        this.startTimeout = builder.startTimeout;
        this.directory = Files.createTempDirectory("wasmjava-redis-");
        this.log = directory.resolve("redis-server.log");
    }

    /**
     * Starts a server without a password.
     *
     * @throws IllegalStateException if {@code redis-server} is not installed, or does not start (the message carries
     *     its output)
     */
    public static RedisServerProcess start() {
        return builder().start();
    }

    /** Starts a server that requires {@code password} ({@code --requirepass}); see {@link #start()}. */
    public static RedisServerProcess startWithPassword(String password) {
        return builder().password(password).start();
    }

    /** Options beyond {@link #start()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    /** The port the server listens on; it stays the same across {@link #restart()}. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}, for {@link RedisBridge#of(String, InetSocketAddress)}. */
    public InetSocketAddress address() {
        return new InetSocketAddress(HOST, port);
    }

    /** The {@code --requirepass} password; empty if none. */
    public String password() {
        return password;
    }

    /** True while the server process runs. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * A new connection to database 0, authenticated with {@link #password()}, with a 2 s timeout: for setting data
     * up and checking it. The caller closes it.
     *
     * @throws IOException if the server does not answer
     */
    public RedisConnection connect() throws IOException {
        return connect(0);
    }

    /** Like {@link #connect()}, selecting {@code database}. */
    public RedisConnection connect(int database) throws IOException {
        return RedisConnection.open(address(), "", password, database, 2000);
    }

    /** What the server printed so far (its log). */
    public String output() {
        try {
            return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Stops the server (SIGTERM, then SIGKILL after 10 s) and waits until it exited. Connections to it break; the
     * port refuses connections until {@link #restart()}. Idempotent.
     */
    public void stop() {
        Process running = process;
        if (running == null) {
            return;
        }
        process = null;
        RUNNING.remove(running);
        running.destroy();
        try {
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                running.destroyForcibly();
                running.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the server if it runs and starts it again on the same port with the same options (and no data).
     *
     * @throws IllegalStateException if it does not start, or after {@link #close()}
     */
    public void restart() {
        if (closed) {
            throw new IllegalStateException("the Redis server was closed");
        }
        stop();
        launch(port);
    }

    /** Stops the server and deletes its directory. Idempotent. */
    @Override
    public void close() {
        stop();
        if (!closed) {
            closed = true;
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // A leftover temporary directory is harmless.
            }
        }
    }

    @Override
    public String toString() {
        return "RedisServerProcess{" + HOST + ":" + port + (password.isEmpty() ? "" : ", requirepass")
                + (isRunning() ? "" : ", stopped") + "}";
    }

    // ---- starting ----

    private void startOnFreePort() {
        IllegalStateException lastFailure = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            try {
                launch(freePort());
                return;
            } catch (PortTakenException e) {
                // Another process took the port between our probe and the server's bind: pick another.
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    private void launch(int port) {
        this.port = port;
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--port", Integer.toString(port), "--bind", HOST, "--save", "", "--appendonly", "no",
                "--dir", directory.toString(), "--daemonize", "no", "--logfile", ""));
        if (!password.isEmpty()) {
            command.add("--requirepass");
            command.add(password);
        }
        command.addAll(extraArguments);
        try {
            Files.deleteIfExists(log);
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            RUNNING.add(process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + executable + ": " + e.getMessage(), e);
        }
        awaitPing();
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        String lastError = "no attempt";
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                String output = output();
                stop();
                if (output.contains("Address already in use")) {
                    throw new PortTakenException("redis-server could not bind " + HOST + ":" + port + ": " + output);
                }
                throw new IllegalStateException("redis-server exited at start; its output:\n" + output);
            }
            try (RedisConnection connection = RedisConnection.open(address(), "", password, 0, 500)) {
                String pong = connection.command("ping");
                if (pong.equals("+PONG\r\n")) {
                    return;
                }
                lastError = "PING answered " + pong.trim();
            } catch (IOException e) {
                lastError = e.getMessage();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String output = output();
        stop();
        throw new IllegalStateException("redis-server on " + HOST + ":" + port + " did not answer PING within "
                + startTimeout.toMillis() + " ms (last attempt: " + lastError + "); its output:\n" + output);
    }

    /**
     * The {@code redis-server} to run: {@code configured} if it names a file (or contains a path separator), else
     * {@code configured} looked up on the {@code PATH}, else, for the default name {@code redis-server}, the bundled
     * binary.
     *
     * @throws IllegalStateException if none of these gives an executable
     */
    static Path resolveExecutable(String configured, String pathVariable) {
        if (configured.contains(File.separator)) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException(configured + " (from -D" + EXECUTABLE_PROPERTY
                        + " or RedisServerProcess.Builder.executable) is not an executable file");
            }
            return path;
        }
        if (pathVariable != null) {
            for (String directory : pathVariable.split(File.pathSeparator)) {
                if (directory.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(directory, configured);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        if (configured.equals(DEFAULT_EXECUTABLE)) {
            return bundledExecutable();
        }
        throw new IllegalStateException(configured + " is not on the PATH (" + pathVariable + "): install it, or "
                + "point -D" + EXECUTABLE_PROPERTY + "=/path/to/redis-server at one");
    }

    /**
     * The real Redis binary carried by the {@code embedded-redis} artifact, extracted once per JVM into a temporary
     * directory (Redis 6.2 for Linux x86-64, arm64 and x86, macOS x86-64 and arm64; Redis 5.0 for Windows).
     *
     * @throws IllegalStateException if the artifact has no binary for this operating system and architecture
     */
    public static synchronized Path bundledExecutable() {
        if (bundled == null) {
            try {
                bundled = redis.embedded.core.ExecutableProvider.newJarResourceProvider().get().toPath();
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("redis-server is not on the PATH and the bundled Redis binary "
                        + "(embedded-redis) cannot be used here (" + System.getProperty("os.name") + ", "
                        + System.getProperty("os.arch") + "): " + e + ". Install redis-server (Debian/Ubuntu: sudo "
                        + "apt-get install redis-server; macOS: brew install redis) or point -D" + EXECUTABLE_PROPERTY
                        + "=/path/to/redis-server at one.", e);
            }
        }
        return bundled;
    }

    /** The binary this server runs. */
    public Path executable() {
        return executable;
    }

    /** The chosen port was taken before the server could bind it. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }

    /** Options for a {@link RedisServerProcess}. */
    public static final class Builder {
        private String password = "";
        private String executable;
        private final List<String> arguments = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** Requires clients to {@code AUTH} with {@code password} ({@code --requirepass}); none by default. */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * The binary: a path, or a name looked up on the {@code PATH}. Default: the system property
         * {@value #EXECUTABLE_PROPERTY} if set, else {@code redis-server} from the {@code PATH}, else the bundled
         * binary ({@link RedisServerProcess#bundledExecutable()}).
         */
        public Builder executable(String executable) {
            this.executable = Objects.requireNonNull(executable, "executable");
            return this;
        }

        /** More {@code redis-server} arguments, e.g. {@code "--maxmemory", "10mb"}; they come last and win. */
        public Builder arguments(String... arguments) {
            this.arguments.addAll(List.of(arguments));
            return this;
        }

        /** How long to wait for the first {@code PONG}; 10 s by default. */
        public Builder startTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive but was " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Starts the server on a free port and waits until it answers {@code PING}.
         *
         * @throws IllegalStateException if {@code redis-server} is not installed, or does not start (the message
         *     carries its output)
         */
        public RedisServerProcess start() {
            String configured = executable != null ? executable
                    : System.getProperty(EXECUTABLE_PROPERTY, DEFAULT_EXECUTABLE);
            Path binary = resolveExecutable(configured, System.getenv("PATH"));
            RedisServerProcess server;
            try {
                server = new RedisServerProcess(this, binary);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for redis-server", e);
            }
            try {
                server.startOnFreePort();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }
    }
}
