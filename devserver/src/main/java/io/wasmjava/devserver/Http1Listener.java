package io.wasmjava.devserver;

import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.devserver.GatewayConfig.Limits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's HTTP/1.1 listener: one thread per connection, which reads a request with {@link Http1Codec}'s
 * rules and the configured {@link Limits}, hands it to a worker, waits for the answer and writes it, then reads the
 * next one. As Envoy's HTTP/1 codec does ({@code ServerConnectionImpl::dispatch} read-disables the connection
 * while a request is active), pipelined requests are taken one at a time: the next one is not read until the
 * previous answer is written, so a client that pipelines is held back by TCP, not buffered by the gateway.
 *
 * <p>Timers, with Envoy's meanings: {@code idle_timeout} while a connection waits for the first byte of a request
 * (then it is closed, without a response); {@code request_headers_timeout} from that byte until the header block is
 * complete (then 408 {@code request header timeout}); {@code stream_idle_timeout} between any two reads of a request,
 * while the request waits for its answer, and for writing the answer (then 408 {@code stream timeout} if the request
 * was incomplete, 504 if it was complete and unanswered, or the connection is closed if the answer cannot be
 * written). Every local reply of the listener closes the connection, as Envoy does after a codec error or a reply
 * before the request is complete.
 */
final class Http1Listener implements AutoCloseable {
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Response headers the listener writes itself, or that only make sense hop by hop. */
    private static final Set<String> NOT_COPIED = Set.of("content-length", "date", "connection", "keep-alive",
            "proxy-connection", "transfer-encoding", "te", "upgrade", "trailer", "http2-settings");
    /** The longest chunk-size line accepted (size, extensions); Envoy's parser bounds it by the header limit. */
    private static final int MAX_CHUNK_LINE_BYTES = 4096;

    private final Gateway gateway;
    private final Limits limits;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final ScheduledExecutorService writeTimers;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastOverLimitWarning = new AtomicLong();
    private volatile boolean closed;

    private Http1Listener(Gateway gateway, ServerSocket server) {
        this.gateway = gateway;
        this.limits = gateway.config().limits();
        this.server = server;
        this.threads = Executors.newCachedThreadPool(Gateway.daemonThreads("devserver-conn"));
        this.writeTimers = Executors.newSingleThreadScheduledExecutor(Gateway.daemonThreads("devserver-write-timer"));
    }

    /**
     * Binds {@code address} and starts accepting.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    static Http1Listener open(Gateway gateway, InetSocketAddress address) {
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort())
                    : address, 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        Http1Listener listener = new Http1Listener(gateway, server);
        Thread acceptor = new Thread(listener::acceptLoop, "devserver-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return listener;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                gateway.log().warn("gateway", "accept failed: " + e.getMessage());
                continue;
            }
            if (connections.size() >= limits.maxConnections()) {
                closeQuietly(socket);
                long now = System.nanoTime();
                long last = lastOverLimitWarning.get();
                if (now - last > 1_000_000_000L && lastOverLimitWarning.compareAndSet(last, now)) {
                    gateway.log().warn("gateway", "connection limit (" + limits.maxConnections()
                            + ") reached; closing new connections");
                }
                continue;
            }
            Connection connection = new Connection(socket);
            connections.add(connection);
            try {
                threads.execute(connection);
            } catch (RejectedExecutionException e) {
                connections.remove(connection);
                closeQuietly(socket);
            }
        }
    }

    /** Stops accepting and closes every connection (a request in progress gets nothing more). Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        for (Connection connection : connections) {
            closeQuietly(connection.socket);
        }
        threads.shutdownNow();
        writeTimers.shutdownNow();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closed anyway.
        }
    }

    /** The connection gave up waiting (idle connection, or the client closed): close without a response. */
    private static final class Closed extends Exception {
        Closed() {
            super(null, null, false, false);
        }
    }

    /** One client connection; all its I/O happens on its own thread. */
    private final class Connection implements Runnable {
        final Socket socket;
        private InputStream in;
        private OutputStream out;
        private byte[] buffer = new byte[16 * 1024];
        /** Unconsumed bytes are buffer[position, limit). */
        private int position;
        private int limit;
        private long requestStartNanos;
        private String method = "-";
        private String path = "-";

        Connection(Socket socket) {
            this.socket = socket;
        }

        @Override
        public void run() {
            try {
                socket.setTcpNoDelay(true);
                in = socket.getInputStream();
                out = socket.getOutputStream();
                while (!closed && serveOne()) {
                    method = "-";
                    path = "-";
                }
            } catch (Http1Codec.ProtocolError error) {
                localReply(error);
            } catch (IOException | Closed e) {
                // The client went away, or the connection idled out: nothing to answer.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                gateway.log().error("gateway", "connection from " + socket.getRemoteSocketAddress() + ": " + e);
            } finally {
                closeQuietly(socket);
                connections.remove(this);
            }
        }

        /** Serves one request; false if the connection is to be closed afterwards. */
        private boolean serveOne() throws IOException, Closed, Http1Codec.ProtocolError, InterruptedException {
            awaitRequestStart();
            requestStartNanos = System.nanoTime();
            if (!Http1Codec.isMethodStart(buffer[position] & 0xff)) {
                throw new Http1Codec.ProtocolError(400, "HPE_INVALID_METHOD");
            }
            long headersDeadline = limits.requestHeadersTimeout().isZero() ? 0
                    : requestStartNanos + limits.requestHeadersTimeout().toNanos();
            int maxHeadBytes = limits.maxRequestHeadersKb() * 1024;
            // Bytes after position already scanned for the end of the head (readMore may move them).
            int scanned = 0;
            int end;
            while ((end = Http1Codec.endOfHead(buffer, position + Math.max(0, scanned - 2), limit)) < 0) {
                if (limit - position > maxHeadBytes) {
                    throw new Http1Codec.ProtocolError(431, "headers size exceeds limit");
                }
                scanned = limit - position;
                readMore(headersDeadline);
            }
            if (end - position > maxHeadBytes) {
                throw new Http1Codec.ProtocolError(431, "headers size exceeds limit");
            }
            Http1Codec.Head head = Http1Codec.parseHead(buffer, position, end, limits);
            position = end;
            method = head.method();
            path = head.target();
            Http1Codec.Framing framing = Http1Codec.framing(head);
            if (!head.http11() && !limits.acceptHttp10()) {
                throw new Http1Codec.ProtocolError(426, "HTTP/1.0 or HTTP/0.9 (accept_http_10 is off)");
            }
            if (framing.contentLength() > limits.bufferLimitBytes()) {
                throw new Http1Codec.ProtocolError(413, "request body over the buffer limit ("
                        + limits.bufferLimitBytes() + " bytes)");
            }
            if (framing.hasBody() && "100-continue".equalsIgnoreCase(head.header("expect"))) {
                // Envoy's connection manager answers Expect itself unless proxy_100_continue is set.
                write(CONTINUE);
            }
            byte[] body = framing.chunked() ? chunkedBody() : fixedBody((int) framing.contentLength());
            DownstreamRequest request = DownstreamRequest.create(gateway, head, body,
                    (InetSocketAddress) socket.getRemoteSocketAddress(), requestStartNanos);
            boolean keepAlive = head.http11() ? !head.connectionHas("close") : head.connectionHas("keep-alive");
            gateway.dispatch(request);
            long idleMillis = limits.streamIdleTimeout().toMillis();
            DownstreamRequest.Reply reply = request.await(idleMillis);
            if (reply == null) {
                // Envoy's stream idle timer: the request is complete, so 504, and the plugins' streams end.
                byte[] text = "stream timeout".getBytes(StandardCharsets.UTF_8);
                request.respond(504, Headers.of(":status", "504", "content-type", "text/plain"), text,
                        "stream idle timeout after " + idleMillis + " ms");
                request.abandon();
                reply = request.await(0);
            }
            if (reply == DownstreamRequest.Reply.RESET) {
                return false;
            }
            writeResponse(reply, head.method(), head.http11(), keepAlive);
            return keepAlive;
        }

        /** Waits (idle timeout) for the first byte of a request, skipping the empty lines Balsa skips too. */
        private void awaitRequestStart() throws IOException, Closed {
            while (true) {
                while (position < limit && (buffer[position] == '\r' || buffer[position] == '\n')) {
                    position++;
                }
                if (position < limit) {
                    return;
                }
                position = 0;
                limit = 0;
                int timeout = timeoutMillis(limits.idleTimeout().toMillis());
                socket.setSoTimeout(timeout);
                int read;
                try {
                    read = in.read(buffer, 0, buffer.length);
                } catch (SocketTimeoutException e) {
                    throw new Closed();
                }
                if (read < 0) {
                    throw new Closed();
                }
                limit = read;
            }
        }

        /**
         * Reads more bytes into the buffer, within the stream idle timeout and before {@code deadlineNanos}
         * (0: none), growing the buffer if it is full.
         */
        private void readMore(long deadlineNanos) throws IOException, Closed, Http1Codec.ProtocolError {
            if (position > 0 && limit == buffer.length) {
                System.arraycopy(buffer, position, buffer, 0, limit - position);
                limit -= position;
                position = 0;
            }
            if (limit == buffer.length) {
                byte[] larger = new byte[buffer.length * 2];
                System.arraycopy(buffer, 0, larger, 0, limit);
                buffer = larger;
            }
            long idleMillis = limits.streamIdleTimeout().toMillis();
            long timeout = idleMillis;
            // Which timer bounds this read decides which one fired if it times out.
            boolean headersTimerFirst = false;
            if (deadlineNanos != 0) {
                long remaining = Math.max(1, (deadlineNanos - System.nanoTime() + 999_999L) / 1_000_000L);
                headersTimerFirst = timeout == 0 || remaining <= timeout;
                timeout = headersTimerFirst ? remaining : timeout;
            }
            socket.setSoTimeout(timeoutMillis(timeout));
            int read;
            try {
                read = in.read(buffer, limit, buffer.length - limit);
            } catch (SocketTimeoutException e) {
                if (headersTimerFirst) {
                    throw new Http1Codec.ProtocolError(408, "request header timeout",
                            "request headers timeout after " + limits.requestHeadersTimeout().toMillis() + " ms");
                }
                throw new Http1Codec.ProtocolError(408, "stream timeout",
                        "stream idle timeout after " + idleMillis + " ms");
            }
            if (read < 0) {
                // The client closed mid-request: Envoy resets the stream; nothing to answer.
                throw new Closed();
            }
            limit += read;
        }

        private byte[] fixedBody(int length) throws IOException, Closed, Http1Codec.ProtocolError {
            byte[] body = new byte[length];
            int filled = Math.min(length, limit - position);
            System.arraycopy(buffer, position, body, 0, filled);
            position += filled;
            while (filled < length) {
                readMore(0);
                int take = Math.min(length - filled, limit - position);
                System.arraycopy(buffer, position, body, filled, take);
                position += take;
                filled += take;
            }
            return body;
        }

        private byte[] chunkedBody() throws IOException, Closed, Http1Codec.ProtocolError {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int semicolon = sizeLine.indexOf(';');
                String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
                if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    throw new Http1Codec.ProtocolError(400, "HPE_INVALID_CHUNK_SIZE");
                }
                long size = Long.parseLong(hex, 16);
                if (size == 0) {
                    // Trailers are read and dropped (Envoy does not deliver them unless enable_trailers is set).
                    int trailerBytes = 0;
                    for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                        trailerBytes += trailer.length();
                        if (trailerBytes > limits.maxRequestHeadersKb() * 1024) {
                            throw new Http1Codec.ProtocolError(431, "trailers size exceeds limit");
                        }
                    }
                    return body.toByteArray();
                }
                if (body.size() + size > limits.bufferLimitBytes()) {
                    throw new Http1Codec.ProtocolError(413, "request body over the buffer limit ("
                            + limits.bufferLimitBytes() + " bytes)");
                }
                body.write(fixedBody((int) size));
                if (!line().isEmpty()) {
                    throw new Http1Codec.ProtocolError(400, "chunk data longer than its size");
                }
            }
        }

        /** A line of the body framing without its CRLF (or LF). */
        private String line() throws IOException, Closed, Http1Codec.ProtocolError {
            while (true) {
                for (int i = position; i < limit; i++) {
                    if (buffer[i] == '\n') {
                        int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
                        String line = new String(buffer, position, end - position, StandardCharsets.ISO_8859_1);
                        position = i + 1;
                        return line;
                    }
                }
                if (limit - position > MAX_CHUNK_LINE_BYTES) {
                    throw new Http1Codec.ProtocolError(400, "chunk line too long");
                }
                readMore(0);
            }
        }

        private void writeResponse(DownstreamRequest.Reply reply, String requestMethod, boolean http11,
                boolean keepAlive) throws IOException {
            int status = reply.status();
            boolean noBody = status < 200 || status == 204 || status == 304;
            boolean head = requestMethod.equals("HEAD");
            StringBuilder text = new StringBuilder(256).append(http11 ? "HTTP/1.1 " : "HTTP/1.0 ").append(status)
                    .append(' ').append(Http1Codec.reason(status)).append("\r\n");
            Headers headers = reply.headers();
            String upstreamLength = null;
            for (int i = 0; i < headers.size(); i++) {
                String name = headers.name(i).toLowerCase(Locale.ROOT);
                if (name.equals("content-length")) {
                    upstreamLength = headers.value(i);
                }
                if (name.startsWith(":") || NOT_COPIED.contains(name)) {
                    continue;
                }
                // A plugin may have put CR or LF in a header: never let it split the response.
                text.append(withoutLineBreaks(name)).append(": ").append(withoutLineBreaks(headers.value(i)))
                        .append("\r\n");
            }
            if (head && upstreamLength != null) {
                // HEAD: the length of the body a GET would have had, as the upstream said.
                text.append("content-length: ").append(upstreamLength).append("\r\n");
            } else if (!noBody) {
                text.append("content-length: ").append(head ? 0 : reply.body().length).append("\r\n");
            }
            text.append("date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
            if (!keepAlive) {
                text.append("connection: close\r\n");
            } else if (!http11) {
                text.append("connection: keep-alive\r\n");
            }
            text.append("\r\n");
            byte[] headBytes = text.toString().getBytes(StandardCharsets.UTF_8);
            byte[] bodyBytes = noBody || head ? new byte[0] : reply.body();
            byte[] all = new byte[headBytes.length + bodyBytes.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(bodyBytes, 0, all, headBytes.length, bodyBytes.length);
            write(all);
        }

        /** Answers a codec error or timeout as Envoy's connection manager does, then the connection closes. */
        private void localReply(Http1Codec.ProtocolError error) {
            byte[] body = error.body.getBytes(StandardCharsets.UTF_8);
            Headers headers = body.length == 0 ? Headers.of(":status", Integer.toString(error.status))
                    : Headers.of(":status", Integer.toString(error.status), "content-type", "text/plain");
            try {
                writeResponse(new DownstreamRequest.Reply(error.status, headers, body), "GET", true, false);
            } catch (IOException e) {
                // The client went away.
            }
            long startNanos = requestStartNanos == 0 ? System.nanoTime() : requestStartNanos;
            if (gateway.log().isEnabled(LogLevel.INFO)) {
                gateway.log().info("request", method + " " + GatewayLog.pathWithoutQuery(path) + " " + error.status
                        + " " + DownstreamRequest.millis(startNanos) + "ms (" + error.getMessage() + ")");
            }
        }

        /** Writes {@code bytes}; a client that does not read them within the stream idle timeout is cut off. */
        private void write(byte[] bytes) throws IOException {
            long idleMillis = limits.streamIdleTimeout().toMillis();
            ScheduledFuture<?> timer = null;
            if (idleMillis > 0) {
                try {
                    timer = writeTimers.schedule(() -> closeQuietly(socket), idleMillis, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    throw new SocketException("the gateway is closing");
                }
            }
            try {
                out.write(bytes);
                out.flush();
            } finally {
                if (timer != null) {
                    timer.cancel(false);
                }
            }
        }

        private String withoutLineBreaks(String value) {
            return value.indexOf('\r') < 0 && value.indexOf('\n') < 0 ? value
                    : value.replace("\r", "").replace("\n", "");
        }

        private int timeoutMillis(long millis) {
            return millis <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, millis);
        }
    }
}
