package io.wasmjava.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A blocking connection to one real Redis server, set up as Envoy's Redis client sets up its upstream connections:
 * {@code AUTH} (with the username if there is one, else the password alone, skipped when both are empty), then
 * {@code SELECT} when the database is not 0. {@link #send} writes raw RESP bytes and returns the raw reply bytes.
 *
 * <p>Every wait (connect, each reply) is bounded by the timeout. If the server closed the connection since the last
 * command (a restart, {@code CLIENT KILL}, an idle timeout), the next {@link #send} opens a new one and sets it up
 * again before sending; if a command fails half-way (timeout, reset), the connection is closed, that command fails,
 * and the next one reconnects. A command is never sent twice.
 *
 * <p>Used by {@link RedisBridge}, and usable on its own (fixtures, a development server).
 * Thread-safe: commands from several threads are sent one after the other.
 */
public final class RedisConnection implements AutoCloseable {
    private final InetSocketAddress address;
    private final String username;
    private final String password;
    private final int database;
    private final int timeoutMillis;
    private SocketChannel channel;
    private InputStream in;
    private OutputStream out;
    private int connects;
    private volatile boolean closed;

    private RedisConnection(InetSocketAddress address, String username, String password, int database,
            int timeoutMillis) {
        this.address = address;
        this.username = username;
        this.password = password;
        this.database = database;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Connects to {@code address} and sets the connection up.
     *
     * @param username the ACL user, or empty for {@code AUTH password} (Redis's {@code default} user)
     * @param password empty for no {@code AUTH}
     * @param database the database to {@code SELECT}; 0 sends nothing
     * @param timeoutMillis bounds the connect and every reply; must be positive
     * @throws IOException if the server cannot be reached in time, or rejects {@code AUTH} or {@code SELECT} (the
     *     message carries its reply, e.g. {@code -WRONGPASS invalid username-password pair ...})
     * @throws IllegalArgumentException if {@code database} is negative or {@code timeoutMillis} not positive
     */
    public static RedisConnection open(InetSocketAddress address, String username, String password, int database,
            int timeoutMillis) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (database < 0) {
            throw new IllegalArgumentException("database must not be negative but was " + database);
        }
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive but was " + timeoutMillis);
        }
        RedisConnection connection = new RedisConnection(address, username, password, database, timeoutMillis);
        synchronized (connection) {
            connection.connect();
        }
        return connection;
    }

    /** {@link #open(InetSocketAddress, String, String, int, int)} without credentials, database 0. */
    public static RedisConnection open(InetSocketAddress address, int timeoutMillis) throws IOException {
        return open(address, "", "", 0, timeoutMillis);
    }

    /**
     * Sends {@code query} (one or more RESP commands, or inline commands ending in {@code \n}) and returns the
     * replies, one per command, as the server sent them: for example {@code :1\r\n} or {@code -ERR ...\r\n}. A server
     * error is a normal reply here.
     *
     * @throws IOException if the connection fails or no complete reply arrives in time; the connection is then
     *     closed and the next call opens a new one (this call's command may or may not have run)
     * @throws IllegalArgumentException if {@code query} is empty or ends inside a command (Redis would wait for the
     *     rest forever)
     * @throws IllegalStateException if {@link #close()} was called
     */
    public synchronized byte[] send(byte[] query) throws IOException {
        int replies = RespFrames.countCommands(query);
        if (closed) {
            throw new IllegalStateException("the connection to " + describe(address) + " is closed");
        }
        if (!isAlive()) {
            connect();
        }
        try {
            return exchange(query, replies);
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw e;
        }
    }

    /**
     * Sends one command whose arguments are UTF-8 strings and returns the raw reply as text, for example
     * {@code command("incr", "hits")} gives {@code ":1\r\n"}. Handy in fixtures; {@link #send} for binary data.
     *
     * @throws IOException as {@link #send}
     */
    public String command(String... arguments) throws IOException {
        return new String(send(encode(arguments)), StandardCharsets.UTF_8);
    }

    /** The server's address. */
    public InetSocketAddress address() {
        return address;
    }

    /** The database every connection selects. */
    public int database() {
        return database;
    }

    /** The bound on connecting and on each reply. */
    public int timeoutMillis() {
        return timeoutMillis;
    }

    /** How many TCP connections this object has opened: 1 after {@link #open}, one more per reconnect. */
    public synchronized int connects() {
        return connects;
    }

    /** Closes the current TCP connection, if any, and refuses further commands. Idempotent. */
    @Override
    public void close() {
        closed = true;
        SocketChannel current = channel;
        if (current != null) {
            try {
                // Also wakes a thread blocked in send().
                current.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
    }

    @Override
    public String toString() {
        return "RedisConnection{" + describe(address) + ", db=" + database + (password.isEmpty() ? "" : ", auth")
                + (closed ? ", closed" : "") + "}";
    }

    // ---- plumbing; callers hold the lock ----

    private void connect() throws IOException {
        disconnect();
        SocketChannel opened = SocketChannel.open();
        try {
            opened.socket().connect(address, timeoutMillis);
            opened.socket().setSoTimeout(timeoutMillis);
            opened.socket().setTcpNoDelay(true);
        } catch (IOException e) {
            opened.close();
            throw withContext(e, "cannot connect to " + describe(address) + " within " + timeoutMillis + " ms");
        }
        channel = opened;
        in = opened.socket().getInputStream();
        out = opened.socket().getOutputStream();
        connects++;
        try {
            if (!password.isEmpty() || !username.isEmpty()) {
                expectOk(username.isEmpty() ? encode("auth", password) : encode("auth", username, password), "AUTH");
            }
            if (database != 0) {
                expectOk(encode("select", Integer.toString(database)), "SELECT " + database);
            }
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw e;
        }
    }

    private void expectOk(byte[] command, String what) throws IOException {
        byte[] reply = exchange(command, 1);
        if (reply.length == 0 || reply[0] != '+') {
            String text = new String(reply, StandardCharsets.UTF_8).trim();
            throw new IOException(what + " rejected by " + describe(address) + ": " + text);
        }
    }

    /**
     * True if the current connection can take a command: open, not closed by the server, nothing unread. A quick
     * non-blocking read tells; unexpected bytes mean the stream is out of step, so the connection is dropped.
     */
    private boolean isAlive() {
        if (channel == null || !channel.isOpen()) {
            return false;
        }
        try {
            channel.configureBlocking(false);
            int read;
            try {
                read = channel.read(ByteBuffer.allocate(1));
            } finally {
                channel.configureBlocking(true);
            }
            if (read == 0) {
                return true;
            }
        } catch (IOException e) {
            // Reset by the peer: reconnect.
        }
        disconnect();
        return false;
    }

    private byte[] exchange(byte[] query, int replies) throws IOException {
        out.write(query);
        out.flush();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int framed = 0;
        int complete = 0;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (complete < replies) {
            int read;
            try {
                read = in.read(chunk);
            } catch (SocketTimeoutException e) {
                throw withContext(e, "no complete reply from " + describe(address) + " within " + timeoutMillis
                        + " ms (" + complete + " of " + replies + " received)");
            }
            if (read < 0) {
                throw new IOException(describe(address) + " closed the connection (" + complete + " of " + replies
                        + " replies received)");
            }
            received.write(chunk, 0, read);
            byte[] buffer = received.toByteArray();
            try {
                int end;
                while (complete < replies && (end = RespFrames.endOfValue(buffer, framed, buffer.length)) >= 0) {
                    framed = end;
                    complete++;
                }
            } catch (IllegalArgumentException e) {
                throw new IOException("malformed reply from " + describe(address) + ": " + e.getMessage(), e);
            }
            if (complete < replies && System.nanoTime() - deadline > 0) {
                throw new SocketTimeoutException("no complete reply from " + describe(address) + " within "
                        + timeoutMillis + " ms (" + complete + " of " + replies + " received)");
            }
        }
        byte[] buffer = received.toByteArray();
        if (framed != buffer.length) {
            // More than we asked for: the server and we disagree on the framing; never reuse this stream.
            throw new IOException(describe(address) + " sent " + (buffer.length - framed) + " bytes more than "
                    + replies + " replies");
        }
        return buffer;
    }

    private void disconnect() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Dropping it anyway.
            }
        }
        channel = null;
        in = null;
        out = null;
    }

    /** A RESP array of bulk strings. */
    static byte[] encode(String... arguments) {
        if (arguments.length == 0) {
            throw new IllegalArgumentException("a command needs at least its name");
        }
        List<byte[]> parts = new ArrayList<>();
        parts.add(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String argument : arguments) {
            byte[] bytes = Objects.requireNonNull(argument, "argument").getBytes(StandardCharsets.UTF_8);
            parts.add(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            parts.add(bytes);
            parts.add(new byte[] {'\r', '\n'});
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }

    private static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    private static IOException withContext(IOException cause, String message) {
        IOException wrapped = cause instanceof SocketTimeoutException
                ? new SocketTimeoutException(message + ": " + cause.getMessage())
                : new IOException(message + ": " + cause);
        wrapped.initCause(cause);
        return wrapped;
    }

}
