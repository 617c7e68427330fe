package io.wasmjava.host;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Tests against two real Redis servers, one open and one with a password, emptied before each test. */
abstract class TwoRedisServers {
    static RedisServerProcess redis;
    static RedisServerProcess securedRedis;

    @BeforeAll
    static void startServers() {
        redis = RedisServerProcess.start();
        securedRedis = RedisServerProcess.startWithPassword("s3cret");
    }

    @AfterAll
    static void stopServers() {
        redis.close();
        securedRedis.close();
    }

    @BeforeEach
    void emptyTheServers() throws IOException {
        for (RedisServerProcess server : new RedisServerProcess[] {redis, securedRedis}) {
            try (RedisConnection admin = server.connect()) {
                admin.command("flushall");
            }
        }
    }
}
