package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client over one loopback socket, for the malformed and hostile inputs a real client library will
 * not send. Every read waits at most {@link #READ_TIMEOUT_MILLIS}, so a server that hangs fails the test instead of
 * blocking the build.
 */
final class RawHttp implements AutoCloseable {
    /** An upper bound only: a correct server answers in milliseconds. */
    static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawHttp connect(InetSocketAddress address) {
        try {
            return new RawHttp(new Socket(address.getAddress(), address.getPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code text} (ISO-8859-1, so every char is one byte) as one write. */
    RawHttp send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** One response as the server framed it. */
    record Response(String statusLine, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /**
         * Asserts a local reply of the gateway's listener (the HTTP/1 codec or a timer), framed as Envoy frames it: a
         * plain-text body with its length, and the connection closing.
         */
        void assertLocalReply(String expectedStatusLine, String expectedBody) {
            assertThat(statusLine).isEqualTo(expectedStatusLine);
            assertThat(header("content-type")).isEqualTo("text/plain");
            assertThat(header("content-length")).isEqualTo(Integer.toString(expectedBody.length()));
            assertThat(header("connection")).isEqualTo("close");
            assertThat(body).isEqualTo(expectedBody);
        }
    }

    /**
     * Reads one response: the status line, the headers (names lower-cased; a repeated name keeps its last value) and a
     * body framed by {@code content-length} (none: no body, except that a response with {@code connection: close} and
     * no length runs to the end of the stream).
     *
     * @throws AssertionError if the server closes first or sends nothing within the read timeout
     */
    Response read() {
        try {
            String statusLine = line();
            if (statusLine == null) {
                throw new AssertionError("the server closed the connection without a response");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(); line != null && !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
            String length = headers.get("content-length");
            byte[] body;
            if (length != null) {
                body = in.readNBytes(Integer.parseInt(length));
            } else if ("close".equalsIgnoreCase(headers.get("connection"))
                    && !statusLine.contains(" 1") && !statusLine.contains(" 204 ") && !statusLine.contains(" 304 ")) {
                body = in.readAllBytes();
            } else {
                body = new byte[0];
            }
            return new Response(statusLine, headers, new String(body, StandardCharsets.ISO_8859_1));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no complete response within " + READ_TIMEOUT_MILLIS + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads responses until the server closes the connection. */
    List<Response> readUntilClosed() {
        List<Response> responses = new ArrayList<>();
        while (!isClosedByServer()) {
            responses.add(read());
        }
        return responses;
    }

    /**
     * True if the server has closed the connection (the next read sees the end of the stream or a reset), false if a
     * byte is waiting; waits at most the read timeout for either.
     *
     * @throws AssertionError if neither happens within the read timeout
     */
    boolean isClosedByServer() {
        try {
            return peek() < 0;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed within " + READ_TIMEOUT_MILLIS + " ms", e);
        } catch (IOException e) {
            // Reset by the peer.
            return true;
        }
    }

    private int pushedBack = -2;

    private int peek() throws IOException {
        if (pushedBack == -2) {
            pushedBack = in.read();
        }
        return pushedBack;
    }

    private int next() throws IOException {
        if (pushedBack != -2) {
            int b = pushedBack;
            pushedBack = -2;
            return b;
        }
        return in.read();
    }

    /** A line without its CRLF, or null at the end of the stream before any byte. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b = next();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
            b = next();
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closed anyway.
        }
    }
}
