package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.host.RedisServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance: both reference plugins' metrics on the gateway's admin listener, with their documented names, summed
 * over two workers, after a known sequence of requests, read with a real HTTP client in both formats.
 */
@Timeout(120)
class MetricsGatewayIT {
    private static final HttpClient CLIENT = Fixtures.client();
    private static final int LIMIT = 3;
    private static final int REQUESTS = 5;

    @Test
    void bothPluginsMetricsAppearOnStatsAndPrometheusWithTheirDocumentedNames() {
        try (RedisServerProcess redis = RedisServerProcess.start();
                EchoServer echo = EchoServer.start(0);
                TokenServer tokens = TokenServer.start(0);
                Fixtures.Running running = Fixtures.start(Fixtures.config()
                        .plugin(Fixtures.module("ratelimit-plugin"), Demo.rateLimitConfig(LIMIT))
                        .plugin(Fixtures.module("token-plugin"), Demo.TOKEN_CONFIG)
                        .upstream(echo.uri())
                        .cluster("redis.static", "127.0.0.1", redis.port())
                        .cluster("token.static", "127.0.0.1", tokens.port())
                        .workers(2)
                        .admin(Fixtures.ANY_PORT)
                        .build())) {
            long issuedBefore = tokens.issued();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                statuses.add(Fixtures.get(CLIENT, running.uri("/metrics-" + i)).statusCode());
            }
            long fetched = tokens.issued() - issuedBefore;

            Map<String, String> stats = running.stats(CLIENT);
            HttpResponse<String> prometheus = Fixtures.get(CLIENT, running.admin("/stats/prometheus"));

            assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
            assertThat(stats).containsEntry("wasmcustom.ratelimit_allowed", "3")
                    .containsEntry("wasmcustom.ratelimit_rejected", "2")
                    .containsEntry("wasmcustom.ratelimit_redis_failures", "0")
                    .containsEntry("wasmcustom.ratelimit_breaker_skips", "0")
                    .containsEntry("wasmcustom.ratelimit_breaker_open", "0")
                    .containsEntry("wasmcustom.token_fetch_failures", "0")
                    .containsEntry("wasmcustom.token_fetches", Long.toString(fetched))
                    .containsKey("wasmcustom.token_fetch_millis");
            // The three allowed requests reached the token plugin: each found a token or waited for one.
            assertThat(Long.parseLong(stats.get("wasmcustom.token_cache_hits"))
                    + Long.parseLong(stats.get("wasmcustom.token_cache_misses"))).isEqualTo(LIMIT);
            assertThat(fetched).isBetween(1L, 2L);

            Map<String, String> samples = Fixtures.parse(prometheus.body(), " ");
            assertThat(prometheus.statusCode()).isEqualTo(200);
            assertThat(prometheus.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; "
                    + "charset=UTF-8");
            assertThat(prometheus.body()).contains("# TYPE ratelimit_allowed counter\n",
                    "# TYPE ratelimit_breaker_open gauge\n", "# TYPE token_fetch_millis histogram\n");
            assertThat(samples).containsEntry("ratelimit_allowed", "3").containsEntry("ratelimit_rejected", "2")
                    .containsEntry("token_fetches", Long.toString(fetched))
                    .containsEntry("token_fetch_millis_count", Long.toString(fetched))
                    .containsEntry("token_fetch_millis_bucket{le=\"+Inf\"}", Long.toString(fetched));
            assertThat(Fixtures.get(CLIENT, running.admin("/nothing")).statusCode()).isEqualTo(404);
        }
    }
}
