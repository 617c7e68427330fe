package io.wasmjava.devserver;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code wasmjava-devserver loadgen}: a closed-loop HTTP/1.1 load generator for the bench. Each of
 * {@code --connections} threads keeps one keep-alive connection and sends {@code GET} requests back to back; after
 * {@code --warmup} seconds it records every request's latency for {@code --seconds}. Prints one line:
 * requests/s, latency percentiles, and the count of each status (and of errors). Meant to run as its own process,
 * so its CPU shows up next to the server's, not inside it.
 */
final class LoadGen {
    private LoadGen() {
    }

    record Report(long requests, double seconds, long p50Micros, long p90Micros, long p99Micros, long maxMicros,
            Map<String, Long> outcomes) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        @Override
        public String toString() {
            return String.format("requests/s %.0f  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms  (%d requests "
                    + "in %.1f s; %s)", requestsPerSecond(), p50Micros / 1000.0, p90Micros / 1000.0,
                    p99Micros / 1000.0, maxMicros / 1000.0, requests, seconds, outcomes);
        }
    }

    static int run(String[] args, PrintStream out) {
        Map<String, String> options = Main.options(args, "loadgen", "--url", "--connections", "--seconds", "--warmup");
        if (!options.containsKey("--url")) {
            throw new IllegalArgumentException("loadgen needs --url");
        }
        URI url = URI.create(options.get("--url"));
        int connections = Main.integer(options.getOrDefault("--connections", "16"), "--connections");
        double seconds = Double.parseDouble(options.getOrDefault("--seconds", "10"));
        double warmup = Double.parseDouble(options.getOrDefault("--warmup", "3"));
        if (!"127.0.0.1".equals(url.getHost()) && !"localhost".equals(url.getHost()) && !"[::1]".equals(url.getHost())) {
            throw new IllegalArgumentException("loadgen only targets loopback addresses, not " + url.getHost());
        }
        out.println(measure(url, connections, warmup, seconds));
        return 0;
    }

    static Report measure(URI url, int connections, double warmupSeconds, double seconds) {
        AtomicBoolean recording = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Client client = new Client(url, recording, stop);
            clients.add(client);
            client.thread.start();
        }
        sleep(warmupSeconds);
        recording.set(true);
        long start = System.nanoTime();
        sleep(seconds);
        stop.set(true);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = 0;
        Map<String, Long> outcomes = new TreeMap<>();
        for (Client client : clients) {
            try {
                client.thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            total += client.count;
            client.outcomes.forEach((key, value) -> outcomes.merge(key, value, Long::sum));
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (Client client : clients) {
            System.arraycopy(client.latencies, 0, all, at, client.count);
            at += client.count;
        }
        Arrays.sort(all);
        return new Report(total, elapsed, percentile(all, 0.50), percentile(all, 0.90), percentile(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1], outcomes);
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Client implements Runnable {
        final Thread thread = new Thread(this, "loadgen");
        final URI url;
        final AtomicBoolean recording;
        final AtomicBoolean stop;
        final Map<String, Long> outcomes = new TreeMap<>();
        long[] latencies = new long[1 << 16];
        int count;

        Client(URI url, AtomicBoolean recording, AtomicBoolean stop) {
            this.url = url;
            this.recording = recording;
            this.stop = stop;
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            if (url.getRawQuery() != null) {
                path += "?" + url.getRawQuery();
            }
            byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nUser-Agent: wasmjava-loadgen\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            while (!stop.get()) {
                try (Socket socket = new Socket()) {
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5000);
                    socket.setSoTimeout(30_000);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 16384);
                    while (!stop.get()) {
                        long begin = System.nanoTime();
                        out.write(request);
                        out.flush();
                        Response response = readResponse(in);
                        long micros = (System.nanoTime() - begin) / 1000;
                        if (recording.get() && !stop.get()) {
                            record(micros, Integer.toString(response.status));
                        }
                        if (response.close) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    if (recording.get() && !stop.get()) {
                        outcomes.merge("error", 1L, Long::sum);
                    }
                }
            }
        }

        private void record(long micros, String outcome) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = micros;
            outcomes.merge(outcome, 1L, Long::sum);
        }
    }

    private record Response(int status, boolean close) {
    }

    /** Reads one response: status line, headers, a content-length or chunked body. */
    private static Response readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2) {
            throw new IOException("bad status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase();
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length);
        } else if (length < 0 && status != 204 && status != 304) {
            close = true;
        }
        return new Response(status, close);
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed inside a body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
