package io.wasmjava.bench.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the CSV files that JMH writes for {@link RespDecodeBenchmark} ({@code -rf csv -rff FILE}) into the Markdown
 * table of bench/README.md: per reply, ops/s and MB/s (10^6 bytes of wire data per second) of each benchmark, and
 * the ratio ours / Jedis of each pair (both stream cases of ours against the one reused Jedis stream).
 *
 * <pre>RespDecodeReport results.csv [more.csv ...]</pre>
 */
public final class RespDecodeReport {
    private static final String[][] PAIRS = {
        {"oursDecodeOne", "jedisFreshStream"},
        {"oursReadFrom", "jedisReusedStream"},
        {"oursIncremental", "jedisReusedStream"},
    };

    private RespDecodeReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: RespDecodeReport <JMH results .csv> [more .csv ...]");
            System.exit(2);
        }
        List<String> lines = new ArrayList<>();
        for (String file : args) {
            lines.addAll(Files.readAllLines(Path.of(file), StandardCharsets.UTF_8));
        }
        System.out.print(format(lines));
    }

    /** The Markdown table for JMH's CSV lines (header lines are skipped). */
    static String format(List<String> csv) {
        Map<String, Double> scores = new HashMap<>();
        for (String line : csv) {
            String[] fields = line.split(",");
            if (fields.length < 8 || line.startsWith("\"Benchmark\"")) {
                continue;
            }
            String benchmark = unquote(fields[0]);
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            scores.put(method + "/" + unquote(fields[7]), Double.parseDouble(unquote(fields[4])));
        }
        StringBuilder out = new StringBuilder();
        out.append("| reply | bytes | ours `decodeOne` | Jedis, new stream | ours / Jedis "
                + "| ours `readFrom`/`next`, reused | Jedis, reused stream | ours / Jedis "
                + "| ours `feed`/`next`, reused | ours / Jedis |\n");
        out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (String corpus : RespCorpus.NAMES) {
            int bytes = RespCorpus.of(corpus).length;
            out.append("| ").append(corpus).append(" | ").append(bytes);
            for (int i = 0; i < PAIRS.length; i++) {
                String[] pair = PAIRS[i];
                Double ours = scores.get(pair[0] + "/" + corpus);
                Double jedis = scores.get(pair[1] + "/" + corpus);
                out.append(" | ").append(cell(ours, bytes));
                // A pair against the same Jedis benchmark as the pair before it shares that pair's Jedis column.
                if (i == 0 || !pair[1].equals(PAIRS[i - 1][1])) {
                    out.append(" | ").append(cell(jedis, bytes));
                }
                out.append(" | ").append(ours == null || jedis == null ? "-"
                        : String.format(Locale.ROOT, "**%.2f×**", ours / jedis));
            }
            out.append(" |\n");
        }
        return out.toString();
    }

    private static String cell(Double opsPerSecond, int bytes) {
        if (opsPerSecond == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%s ops/s, %.0f MB/s", opsText(opsPerSecond), opsPerSecond * bytes / 1e6);
    }

    private static String opsText(double ops) {
        if (ops >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", ops / 1e6);
        }
        if (ops >= 1e3) {
            return String.format(Locale.ROOT, "%.1f k", ops / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", ops);
    }

    private static String unquote(String field) {
        String trimmed = field.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
