package io.wasmjava.devserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's upstream, and the tests': answers every request with {@code 200} and a JSON echo of it,
 * {@code {"method": ..., "path": ..., "headers": {name: value, ...}, "body": ...}} (header names lower-cased and
 * sorted; repeated headers joined with {@code ", "}). Listens on loopback.
 */
final class EchoServer extends JdkHttpService {
    private final AtomicLong requests = new AtomicLong();

    private EchoServer() {
    }

    /** Starts on 127.0.0.1, {@code port} 0 for any free port. */
    static EchoServer start(int port) {
        return start(new InetSocketAddress("127.0.0.1", port));
    }

    static EchoServer start(InetSocketAddress address) {
        return new EchoServer().listen(address, 1024, 4, "echo");
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        ObjectNode echo = PluginConfigs.JSON.createObjectNode();
        echo.put("method", exchange.getRequestMethod());
        URI uri = exchange.getRequestURI();
        echo.put("path", uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery());
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            sorted.put(header.getKey().toLowerCase(Locale.ROOT), String.join(", ", header.getValue()));
        }
        ObjectNode headers = echo.putObject("headers");
        sorted.forEach(headers::put);
        echo.put("body", new String(body, StandardCharsets.UTF_8));
        byte[] json = (PluginConfigs.toJson(echo) + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.getResponseHeaders().add("x-echo-server", "wasmjava-devserver");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(200, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    URI uri() {
        return URI.create("http://" + address().getAddress().getHostAddress() + ":" + port());
    }

    /** How many requests reached this server. */
    long requests() {
        return requests.get();
    }
}
