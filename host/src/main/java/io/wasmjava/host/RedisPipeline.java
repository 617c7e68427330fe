package io.wasmjava.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * An asynchronous, pipelined connection to one Redis server, behaving as the Redis client that Higress's Envoy uses
 * for {@code proxy_redis_call} ({@code RawClientImpl} in {@code source/extensions/filters/network/common/redis/
 * raw_client_impl.cc}, driven by {@code Envoy::Redis::AsyncClientImpl}, one per cluster, host and worker thread):
 *
 * <ul>
 *   <li><b>Pipelining.</b> A command is written as soon as it is sent, without waiting for the replies of earlier
 *       ones; replies are matched to commands in order. Commands are gathered in a buffer that is written when it
 *       reaches {@code maxBufferSizeBeforeFlush} bytes, or {@code bufferFlushTimeoutMillis} after the first command
 *       went into it (Envoy's {@code encoder_buffer_} and {@code flush_timer_}; the Higress defaults are 1024 bytes
 *       and 3 ms, and a size of 0 writes every command at once).</li>
 *   <li><b>Connecting.</b> Lazily, with the first command, within {@code connectTimeoutMillis} (the cluster's
 *       {@code connect_timeout}; Envoy's default is 5 s). {@code AUTH} (username and password, or the password alone)
 *       and {@code SELECT} go first on every new connection, pipelined like any command; as in Envoy their replies
 *       are not waited for, so a wrong password shows up as {@code -NOAUTH} replies to the commands, and this class
 *       also reports the rejected reply to the warning sink.</li>
 *   <li><b>The op timeout and what it does to the connection.</b> While commands are pending, the oldest must get
 *       its reply within {@code opTimeoutMillis} of being sent (or of the previous reply, or of the connection being
 *       established). When it does not, the connection is closed, and <em>every</em> command pending on it fails,
 *       not only the late one, exactly as Envoy's {@code onConnectOrOpTimeout} closes the connection and
 *       {@code onEvent(LocalClose)} fails all {@code pending_requests_}: replies come in order, so a stream that
 *       owes one reply cannot be trusted for the next. Each pending command has thus waited at most its position
 *       in the pipeline times the op timeout. The next command opens a new connection.</li>
 *   <li><b>Losing the connection.</b> If the server closes it, resets it, or sends bytes that are not RESP or that no
 *       command asked for, the connection is closed and every pending command fails; the next command reconnects.
 *       A command is never sent twice. Before a command goes onto an idle connection, what the socket holds is read,
 *       so a close that has already arrived sends the command on a new connection instead of failing it.</li>
 * </ul>
 *
 * <p>A query may hold several commands; its reply is their replies, concatenated. Failures complete the future with
 * an {@link IOException} whose message says why. Replies and failures complete on this pipeline's own I/O thread:
 * callbacks must not block. Thread-safe.
 */
public final class RedisPipeline implements AutoCloseable {
    /** The longest reply kept (Redis's own {@code proto-max-bulk-len} default); a longer one drops the connection. */
    private static final int MAX_REPLY_BYTES = 512 * 1024 * 1024;

    /**
     * How the pipeline connects and flushes.
     *
     * @param username the ACL user, or empty for {@code AUTH password}
     * @param password empty for no {@code AUTH}
     * @param database the database to {@code SELECT}; 0 sends nothing
     * @param opTimeoutMillis Envoy's {@code op_timeout} (the {@code proxy_redis_init} timeout); positive
     * @param connectTimeoutMillis the cluster's {@code connect_timeout}; positive
     * @param bufferFlushTimeoutMillis Envoy's {@code buffer_flush_timeout}; not negative
     * @param maxBufferSizeBeforeFlush Envoy's {@code max_buffer_size_before_flush}; 0 writes each command at once
     */
    public record Settings(String username, String password, int database, int opTimeoutMillis,
            int connectTimeoutMillis, int bufferFlushTimeoutMillis, int maxBufferSizeBeforeFlush) {
        /** Higress's defaults for the flush options ({@code AsyncClientConfig}). */
        public static final int DEFAULT_BUFFER_FLUSH_TIMEOUT_MILLIS = 3;
        public static final int DEFAULT_MAX_BUFFER_SIZE_BEFORE_FLUSH = 1024;
        /** Envoy's default cluster {@code connect_timeout}. */
        public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 5000;

        /**
         * @throws IllegalArgumentException for a value out of range (see the parameters)
         */
        public Settings {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (database < 0 || opTimeoutMillis <= 0 || connectTimeoutMillis <= 0 || bufferFlushTimeoutMillis < 0
                    || maxBufferSizeBeforeFlush < 0) {
                throw new IllegalArgumentException("database " + database + ", opTimeoutMillis " + opTimeoutMillis
                        + ", connectTimeoutMillis " + connectTimeoutMillis + ", bufferFlushTimeoutMillis "
                        + bufferFlushTimeoutMillis + ", maxBufferSizeBeforeFlush " + maxBufferSizeBeforeFlush
                        + ": timeouts must be positive (the flush timeout not negative), the rest not negative");
            }
        }

        /** No credentials, database 0, the given op timeout and Envoy's and Higress's other defaults. */
        public static Settings of(int opTimeoutMillis) {
            return new Settings("", "", 0, opTimeoutMillis, DEFAULT_CONNECT_TIMEOUT_MILLIS,
                    DEFAULT_BUFFER_FLUSH_TIMEOUT_MILLIS, DEFAULT_MAX_BUFFER_SIZE_BEFORE_FLUSH);
        }

        @Override
        public String toString() {
            return "Settings[username=" + username + ", password=" + password.length() + " chars, database="
                    + database + ", opTimeoutMillis=" + opTimeoutMillis + ", connectTimeoutMillis="
                    + connectTimeoutMillis + ", bufferFlushTimeoutMillis=" + bufferFlushTimeoutMillis
                    + ", maxBufferSizeBeforeFlush=" + maxBufferSizeBeforeFlush + "]";
        }
    }

    private static final class Command {
        final byte[] query;
        final int replies;
        final CompletableFuture<byte[]> reply;
        /** AUTH or SELECT sent by the pipeline itself: its reply is checked, not delivered. */
        final String setup;
        int received;

        Command(byte[] query, int replies, CompletableFuture<byte[]> reply, String setup) {
            this.query = query;
            this.replies = replies;
            this.reply = reply;
            this.setup = setup;
        }
    }

    /** One TCP connection and what is pending on it; touched by the I/O thread only. */
    private static final class Link {
        final SocketChannel channel;
        final SelectionKey key;
        final ArrayDeque<Command> pending = new ArrayDeque<>();
        final ByteArrayOutputStream encoder = new ByteArrayOutputStream();
        final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
        boolean connected;
        /** The connect timer until connected, then the op timer; 0 when disarmed. */
        long timerDeadline;
        long flushDeadline;
        byte[] in = new byte[16 * 1024];
        /** buffer in[0, inLimit) holds bytes not yet delivered; replies of the head command start at 0. */
        int inLimit;
        /** Where the next reply starts (after the head command's replies framed so far). */
        int framed;

        Link(SocketChannel channel, SelectionKey key) {
            this.channel = channel;
            this.key = key;
        }
    }

    private final InetSocketAddress address;
    private final Settings settings;
    private final Consumer<String> warnings;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Command> submitted = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile int connects;
    private Link link;

    private RedisPipeline(InetSocketAddress address, Settings settings, Consumer<String> warnings, String name)
            throws IOException {
        this.address = address;
        this.settings = settings;
        this.warnings = warnings;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /**
     * Creates a pipeline to {@code address}; nothing connects until the first command.
     *
     * @param warnings receives what goes wrong outside any one command (a rejected {@code AUTH} or {@code SELECT});
     *     never a password
     * @param threadName the name of the pipeline's I/O thread
     * @throws IOException if no selector can be opened
     */
    public static RedisPipeline create(InetSocketAddress address, Settings settings, Consumer<String> warnings,
            String threadName) throws IOException {
        RedisPipeline pipeline = new RedisPipeline(Objects.requireNonNull(address, "address"),
                Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(warnings, "warnings"),
                threadName);
        pipeline.thread.start();
        return pipeline;
    }

    /**
     * Sends {@code query} (one or more complete RESP commands, or inline commands ending in {@code \n}).
     *
     * @return the replies, as the server sent them (an {@code -ERR} reply is a reply); or an {@link IOException}:
     *     the connection could not be made, was lost, or timed out (see the class comment), or the pipeline is
     *     closed; or an {@link IllegalArgumentException} if the query is empty or ends inside a command (nothing is
     *     sent: Redis would wait for the rest and every later reply would go to the wrong command)
     */
    public CompletableFuture<byte[]> send(byte[] query) {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        int replies;
        try {
            replies = RespFrames.countCommands(query);
        } catch (IllegalArgumentException e) {
            reply.completeExceptionally(e);
            return reply;
        }
        if (closed) {
            reply.completeExceptionally(new IOException("the pipeline to " + describe() + " is closed"));
            return reply;
        }
        submitted.add(new Command(query.clone(), replies, reply, null));
        selector.wakeup();
        if (closed) {
            // Closed meanwhile: the I/O thread may be gone; fail what it will not see.
            failSubmitted("the pipeline to " + describe() + " is closed");
        }
        return reply;
    }

    /** How many TCP connections this pipeline has opened so far. */
    public int connects() {
        return connects;
    }

    /** Fails every pending command, closes the connection and stops the I/O thread. Idempotent. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
    }

    @Override
    public String toString() {
        return "RedisPipeline{" + describe() + ", " + settings + (closed ? ", closed" : "") + "}";
    }

    // ---- the I/O thread ----

    private void run() {
        try {
            while (!closed) {
                long now = System.nanoTime();
                long wait = nextDeadline() == 0 ? 0 : Math.max(1, (nextDeadline() - now + 999_999) / 1_000_000);
                selector.select(wait);
                for (Command command; (command = submitted.poll()) != null;) {
                    enqueue(command);
                }
                if (link != null && link.key.isValid() && selector.selectedKeys().contains(link.key)) {
                    handleReady(link);
                }
                selector.selectedKeys().clear();
                fireTimers();
            }
        } catch (IOException | RuntimeException e) {
            warnings.accept("Redis pipeline to " + describe() + " stopped: " + e);
        } finally {
            String reason = "the pipeline to " + describe() + " is closed";
            if (link != null) {
                drop(link, reason);
            }
            failSubmitted(reason);
            try {
                selector.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
    }

    private void failSubmitted(String reason) {
        for (Command command; (command = submitted.poll()) != null;) {
            command.reply.completeExceptionally(new IOException(reason));
        }
    }

    private long nextDeadline() {
        if (link == null) {
            return 0;
        }
        long next = 0;
        for (long deadline : new long[] {link.timerDeadline, link.flushDeadline}) {
            if (deadline != 0 && (next == 0 || deadline - next < 0)) {
                next = deadline;
            }
        }
        return next;
    }

    private void fireTimers() {
        long now = System.nanoTime();
        Link current = link;
        if (current == null) {
            return;
        }
        if (current.flushDeadline != 0 && now - current.flushDeadline >= 0) {
            flush(current);
        }
        if (current.timerDeadline != 0 && now - current.timerDeadline >= 0) {
            drop(current, current.connected
                    ? "no reply from " + describe() + " within the op timeout of " + settings.opTimeoutMillis()
                    + " ms; the connection was closed and all " + countUserCommands(current)
                    + " commands pending on it failed"
                    : "cannot connect to " + describe() + " within " + settings.connectTimeoutMillis() + " ms");
        }
    }

    private static int countUserCommands(Link link) {
        int count = 0;
        for (Command command : link.pending) {
            if (command.setup == null) {
                count++;
            }
        }
        return count;
    }

    /** Makes {@code command} pending on the connection (opening one if needed) and buffers its bytes. */
    private void enqueue(Command command) {
        if (link != null && link.connected && link.pending.isEmpty()) {
            // An idle connection the server may have closed (or reset) since the last look: read what is there first,
            // so that the close is seen and the command goes out on a new connection rather than failing on the dead
            // one. A close that arrives after this point fails the command, as in Envoy.
            Link idle = link;
            try {
                read(idle);
            } catch (IOException e) {
                drop(idle, "lost the connection to " + describe() + ": " + e.getMessage());
            }
        }
        if (link == null) {
            try {
                link = open();
            } catch (IOException | RuntimeException e) {
                command.reply.completeExceptionally(new IOException("cannot connect to " + describe() + ": " + e, e));
                return;
            }
        }
        add(link, command);
    }

    private void add(Link current, Command command) {
        current.pending.add(command);
        boolean emptyBuffer = current.encoder.size() == 0;
        current.encoder.write(command.query, 0, command.query.length);
        // Envoy: flush once the buffer is full; start the flush timer when the first command enters it.
        if (current.encoder.size() >= settings.maxBufferSizeBeforeFlush()) {
            flush(current);
        } else if (emptyBuffer) {
            current.flushDeadline = System.nanoTime() + settings.bufferFlushTimeoutMillis() * 1_000_000L;
            if (current.flushDeadline == 0) {
                current.flushDeadline = 1;
            }
        }
        // The op timer starts with the first command of an empty pipeline, once connected.
        if (current.connected && current.pending.size() == 1) {
            current.timerDeadline = deadline(settings.opTimeoutMillis());
        }
    }

    private Link open() throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            boolean connectedAtOnce = channel.connect(address.isUnresolved()
                    ? new InetSocketAddress(address.getHostString(), address.getPort()) : address);
            SelectionKey key = channel.register(selector, connectedAtOnce ? SelectionKey.OP_READ
                    : SelectionKey.OP_CONNECT);
            Link opened = new Link(channel, key);
            connects++;
            opened.timerDeadline = deadline(settings.connectTimeoutMillis());
            if (!settings.password().isEmpty() || !settings.username().isEmpty()) {
                add(opened, setup(settings.username().isEmpty()
                        ? RedisConnection.encode("auth", settings.password())
                        : RedisConnection.encode("auth", settings.username(), settings.password()), "AUTH"));
            }
            if (settings.database() != 0) {
                add(opened, setup(RedisConnection.encode("select", Integer.toString(settings.database())),
                        "SELECT " + settings.database()));
            }
            if (connectedAtOnce) {
                onConnected(opened);
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private Command setup(byte[] query, String what) {
        return new Command(query, 1, new CompletableFuture<>(), what);
    }

    private void onConnected(Link current) {
        current.connected = true;
        current.timerDeadline = current.pending.isEmpty() ? 0 : deadline(settings.opTimeoutMillis());
        updateInterest(current);
    }

    private void handleReady(Link current) {
        try {
            if (current.key.isConnectable()) {
                if (!current.channel.finishConnect()) {
                    return;
                }
                onConnected(current);
            }
            if (current.key.isValid() && current.key.isWritable()) {
                writeOutbound(current);
            }
            if (current.key.isValid() && current.key.isReadable()) {
                read(current);
            }
        } catch (IOException e) {
            drop(current, (current.connected ? "lost the connection to " : "cannot connect to ") + describe() + ": "
                    + e.getMessage());
        }
    }

    /** Moves the buffered commands to the socket's queue (Envoy's {@code flushBufferAndResetTimer}). */
    private void flush(Link current) {
        current.flushDeadline = 0;
        if (current.encoder.size() == 0) {
            return;
        }
        current.outbound.add(ByteBuffer.wrap(current.encoder.toByteArray()));
        current.encoder.reset();
        if (current.connected) {
            try {
                writeOutbound(current);
            } catch (IOException e) {
                drop(current, "lost the connection to " + describe() + ": " + e.getMessage());
            }
        }
    }

    private void writeOutbound(Link current) throws IOException {
        while (!current.outbound.isEmpty()) {
            ByteBuffer next = current.outbound.peek();
            current.channel.write(next);
            if (next.hasRemaining()) {
                break;
            }
            current.outbound.poll();
        }
        updateInterest(current);
    }

    private void updateInterest(Link current) {
        if (current.key.isValid()) {
            current.key.interestOps(SelectionKey.OP_READ
                    | (current.outbound.isEmpty() ? 0 : SelectionKey.OP_WRITE));
        }
    }

    private void read(Link current) throws IOException {
        if (current.inLimit == current.in.length) {
            if (current.in.length >= MAX_REPLY_BYTES) {
                drop(current, describe() + " sent a reply longer than " + MAX_REPLY_BYTES + " bytes");
                return;
            }
            current.in = Arrays.copyOf(current.in, current.in.length * 2);
        }
        int read = current.channel.read(ByteBuffer.wrap(current.in, current.inLimit,
                current.in.length - current.inLimit));
        if (read < 0) {
            drop(current, describe() + " closed the connection");
            return;
        }
        current.inLimit += read;
        deliverReplies(current);
    }

    /** Matches complete replies to pending commands, in order. */
    private void deliverReplies(Link current) {
        while (true) {
            int end;
            try {
                end = RespFrames.endOfValue(current.in, current.framed, current.inLimit);
            } catch (IllegalArgumentException e) {
                drop(current, "malformed reply from " + describe() + ": " + e.getMessage());
                return;
            }
            if (end < 0) {
                return;
            }
            Command head = current.pending.peek();
            if (head == null) {
                drop(current, describe() + " sent a reply no command asked for");
                return;
            }
            current.framed = end;
            head.received++;
            if (head.received < head.replies) {
                continue;
            }
            byte[] reply = Arrays.copyOfRange(current.in, 0, end);
            System.arraycopy(current.in, end, current.in, 0, current.inLimit - end);
            current.inLimit -= end;
            current.framed = 0;
            current.pending.poll();
            // Envoy: disarm the op timer when nothing is pending, else give the next command a full timeout.
            current.timerDeadline = current.pending.isEmpty() ? 0 : deadline(settings.opTimeoutMillis());
            if (head.setup == null) {
                head.reply.complete(reply);
            } else if (reply.length > 0 && reply[0] == '-') {
                warnings.accept(head.setup + " rejected by " + describe() + ": "
                        + new String(reply, StandardCharsets.UTF_8).trim()
                        + " (as in Envoy, the commands are sent anyway)");
            }
        }
    }

    /** Closes the connection and fails every command pending on it with {@code reason}. */
    private void drop(Link current, String reason) {
        current.key.cancel();
        try {
            current.channel.close();
        } catch (IOException e) {
            // Dropping it anyway.
        }
        if (link == current) {
            link = null;
        }
        for (Command command; (command = current.pending.poll()) != null;) {
            if (command.setup == null) {
                command.reply.completeExceptionally(new IOException(reason));
            }
        }
    }

    private static long deadline(int millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        return deadline == 0 ? 1 : deadline;
    }

    private String describe() {
        return address.getHostString() + ":" + address.getPort();
    }
}
