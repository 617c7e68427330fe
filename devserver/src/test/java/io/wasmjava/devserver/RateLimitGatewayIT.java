package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.host.RedisConnection;
import io.wasmjava.host.RedisServerProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rate-limit plugin in the gateway against a real Redis (redis-server on PATH, else the bundled binary). */
@Timeout(120)
class RateLimitGatewayIT {
    private static final HttpClient CLIENT = Fixtures.client();

    private RedisServerProcess redis;
    private EchoServer echo;

    @BeforeEach
    void startServices() {
        redis = RedisServerProcess.start();
        echo = EchoServer.start(0);
    }

    @AfterEach
    void stopServices() {
        echo.close();
        redis.close();
    }

    private static String config(int limit, String redisExtra) {
        return "{\"rule_name\":\"it-limit\",\"global_threshold\":{\"query_per_minute\":" + limit + "},"
                + "\"redis\":{\"service_name\":\"redis.static\",\"service_port\":6379" + redisExtra + "},"
                + "\"show_limit_quota_header\":true,\"retry_after_header\":true}";
    }

    private Fixtures.Running gateway(String config, int workers) {
        return Fixtures.start(Fixtures.config()
                .plugin(Fixtures.module("ratelimit-plugin"), config)
                .upstream(echo.uri())
                .cluster("redis.static", "127.0.0.1", redis.port())
                .workers(workers)
                .build());
    }

    @Test
    void exactlyTheLimitPassesThenTooManyRequestsWithHeaders() {
        try (Fixtures.Running running = gateway(config(3, ""), 2)) {
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                responses.add(Fixtures.get(CLIENT, running.uri("/limited")));
            }

            assertThat(responses.subList(0, 3)).allSatisfy(response -> {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("x-ratelimit-limit")).hasValue("3");
            });
            assertThat(responses.get(0).headers().firstValue("x-ratelimit-remaining")).hasValue("2");
            assertThat(responses.get(2).headers().firstValue("x-ratelimit-remaining")).hasValue("0");
            HttpResponse<String> rejected = responses.get(3);
            assertThat(rejected.statusCode()).isEqualTo(429);
            assertThat(rejected.body()).isEqualTo("Too many requests");
            assertThat(rejected.headers().firstValue("x-ratelimit-limit")).hasValue("3");
            assertThat(rejected.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
            assertThat(rejected.headers().firstValue("retry-after")).isPresent();
            assertThat(rejected.headers().firstValue("x-ratelimit-reset")).isPresent();
            assertThat(echo.requests()).isEqualTo(3);
        }
    }

    @Test
    void authenticatesSelectsTheDatabaseAndReconnects() throws IOException {
        try (RedisConnection admin = RedisConnection.open(redis.address(), 1000)) {
            assertThat(admin.command("config", "set", "requirepass", "s3cret")).isEqualTo("+OK\r\n");
        }
        try (Fixtures.Running running = gateway(config(100, ",\"password\":\"s3cret\",\"database\":2"), 1);
                RedisConnection admin = RedisConnection.open(redis.address(), "", "s3cret", 2, 1000)) {
            assertThat(Fixtures.get(CLIENT, running.uri("/a")).statusCode()).isEqualTo(200);
            assertThat(admin.command("dbsize")).isEqualTo(":1\r\n");

            // Drop the gateway's connection: the next call opens a new one (AUTH and SELECT again).
            assertThat(admin.command("client", "kill", "type", "normal", "skipme", "yes")).startsWith(":");
            HttpResponse<String> afterKill = Fixtures.get(CLIENT, running.uri("/b"));

            assertThat(afterKill.statusCode()).isEqualTo(200);
            assertThat(afterKill.headers().firstValue("x-ratelimit-remaining")).hasValue("98");
            assertThat(running.lines()).noneMatch(line -> line.contains("s3cret"));
        }
    }

    @Test
    void redisDownFailsOpenAndTheServerKeepsServing() {
        redis.close();
        try (Fixtures.Running running = gateway(config(3, ",\"timeout\":300"), 1)) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = Fixtures.get(CLIENT, running.uri("/open"));
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("x-ratelimit-limit")).isEmpty();
            }
            assertThat(running.lines()).anyMatch(line -> line.contains("[redis]") && line.contains("failed"));
        }
    }
}
