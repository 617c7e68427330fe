package io.wasmjava.examples.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.cluster.Clusters;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.Promise;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.http.HttpCallException;
import io.wasmjava.http.HttpClient;
import io.wasmjava.http.HttpRequest;
import io.wasmjava.http.HttpResponse;
import io.wasmjava.redis.RedisCallException;
import io.wasmjava.redis.RedisCallback;
import io.wasmjava.redis.RedisClient;
import io.wasmjava.redis.RedisCommand;
import io.wasmjava.redis.RedisException;
import io.wasmjava.redis.RedisReplyException;
import io.wasmjava.redis.resp.RespValue;
import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@link Promise} faces of {@link HttpClient} and {@link RedisClient} against their callback faces, through the
 * test kit's JVM engine. (These belong with the clients, but their modules cannot use the test kit: it depends on
 * them.)
 */
class AsyncClientsTest {
    private static final Headers REQUEST = Headers.of(":path", "/", "x-request-id", "req-1");
    private static final String REDIS_CLUSTER = "outbound|80||redis.static";
    private static final String BACKEND_CLUSTER = "outbound|80||backend.static";

    private RedisClient redis;
    private RedisClient uninitialisedRedis;
    private HttpClient backend;
    private Consumer<HttpContext> inRequestHeaders = http -> { };
    private final PluginHarness harness = PluginHarness.builder(Engines.jvm(Plugin.builder("async-test")
                    .parseConfig((json, plugin) -> {
                        redis = RedisClient.create(plugin, Clusters.fromService("redis.static", 0));
                        uninitialisedRedis = RedisClient.create(plugin, Clusters.fromService("other.static", 0));
                        backend = HttpClient.create(plugin, Clusters.fromService("backend.static", 0));
                        try {
                            redis.init("", "", 500);
                        } catch (RedisCallException e) {
                            throw new IllegalStateException(e);
                        }
                        return json;
                    })
                    .onRequestHeaders((http, config) -> {
                        inRequestHeaders.accept(http);
                        return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
                    })
                    .build()))
            .knownClusters(REDIS_CLUSTER, BACKEND_CLUSTER)
            .config("{}")
            .build();

    AsyncClientsTest() {
        assertThat(harness.start()).isTrue();
    }

    @AfterEach
    void closeHarness() {
        assertThat(harness.logs(LogLevel.CRITICAL)).isEmpty();
        harness.close();
    }

    /** Runs {@code action} in the request-headers callback of a new stream. */
    private HttpStream inRequest(Consumer<HttpContext> action) {
        inRequestHeaders = action;
        HttpStream stream = harness.newStream();
        stream.requestHeaders(REQUEST, true);
        return stream;
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder().url(path).get().build();
    }

    @Test
    void callSucceedsWithAnyResponseIncludingErrorStatuses() {
        List<Promise<HttpResponse>> made = new ArrayList<>();
        inRequest(http -> made.add(backend.call(get("/x"))));

        harness.pendingHttpCalls().get(0).respond(503, "busy");

        assertThat(made.get(0).value().status()).isEqualTo(503);
        assertThat(made.get(0).value().bodyString()).isEqualTo("busy");
    }

    @Test
    void callFailsWithTheHttpCallExceptionOfAReset() {
        List<Promise<HttpResponse>> made = new ArrayList<>();
        inRequest(http -> made.add(backend.call(get("/x")).onFailure(e -> { })));

        harness.pendingHttpCalls().get(0).reset();

        assertThat(made.get(0).failure()).isInstanceOf(HttpCallException.class)
                .hasMessage("call reset after 0 ms without a response");
        assertThat(((HttpCallException) made.get(0).failure()).kind()).isEqualTo(HttpCallException.Kind.RESET);
    }

    @Test
    void callHasAlreadyFailedWhenTheDispatchIsRefused() {
        List<Promise<HttpResponse>> made = new ArrayList<>();
        inRequest(http -> {
            Promise<HttpResponse> promise = HttpClient.create(http.plugin(), Clusters.fromService("nowhere.static", 0))
                    .call(get("/x"));
            assertThat(promise.isFailed()).isTrue();
            made.add(promise.onFailure(e -> { }));
        });

        assertThat(((HttpCallException) made.get(0).failure()).kind())
                .isEqualTo(HttpCallException.Kind.DISPATCH_REFUSED);
        assertThat(harness.pendingHttpCalls()).isEmpty();
    }

    @Test
    void callForPluginCompletesAfterTheRequestThatMadeItEnded() {
        List<String> events = new ArrayList<>();
        HttpStream stream = inRequest(http -> backend.forPlugin().call(get("/shared"))
                .onSuccess(response -> events.add("shared " + response.bodyString())));
        inRequest(http -> backend.call(get("/own")).onSuccess(response -> events.add("own")));

        stream.complete();
        harness.streams().get(1).complete();
        harness.pendingHttpCalls().get(0).respond(200, "token");
        harness.pendingHttpCalls().get(0).respond(200, "token");

        assertThat(events).containsExactly("shared token");
    }

    @Test
    void redisCallFailsWithTheRedisExceptionOfEachKindOfFailure() {
        List<Promise<RespValue>> made = new ArrayList<>();
        inRequest(http -> {
            made.add(redis.call(RedisCommand.get("a")).onFailure(e -> { }));
            made.add(redis.call(RedisCommand.get("b")).onFailure(e -> { }));
            made.add(uninitialisedRedis.call(RedisCommand.get("c")).onFailure(e -> { }));
        });

        harness.pendingRedisCalls().get(0).fail(2);
        harness.pendingRedisCalls().get(0).reply("-WRONGTYPE not a string\r\n");

        assertThat(((RedisCallException) made.get(0).failure()).kind())
                .isEqualTo(RedisCallException.Kind.CALL_FAILED);
        assertThat(((RedisReplyException) made.get(1).failure()).prefix()).isEqualTo("WRONGTYPE");
        assertThat(((RedisCallException) made.get(2).failure()).kind())
                .isEqualTo(RedisCallException.Kind.NOT_INITIALIZED);
    }

    /**
     * For each command factory, the promise face sends exactly the bytes the callback face sends, and its promise
     * succeeds with the reply.
     */
    @TestFactory
    Stream<DynamicTest> eachCommandSentAsAPromiseSendsWhatItsCallbackFaceSends() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Method factory : commandFactories()) {
            tests.add(DynamicTest.dynamicTest(factory.getName() + Arrays.toString(factory.getParameterTypes()),
                    () -> assertBothFacesSendTheSame(factory)));
        }
        return tests.stream();
    }

    private void assertBothFacesSendTheSame(Method factory) {
        RedisCommand command = invoke(factory, null, sampleArguments(factory.getParameterTypes()));
        List<Promise<RespValue>> made = new ArrayList<>();
        inRequest(http -> {
            made.add(redis.call(command));
            redis.send(command, IGNORING);
        });
        List<PendingRedisCall> calls = harness.pendingRedisCalls();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).queryText()).isEqualTo(calls.get(1).queryText());

        calls.get(0).reply(":1\r\n");
        calls.get(1).reply(":1\r\n");

        assertThat(made.get(0).value()).isEqualTo(RespValue.integer(1));
    }

    private static List<Method> commandFactories() {
        List<Method> factories = new ArrayList<>();
        for (Method method : RedisCommand.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) && method.getReturnType() == RedisCommand.class) {
                factories.add(method);
            }
        }
        factories.sort((a, b) -> a.toString().compareTo(b.toString()));
        return factories;
    }

    private static Object[] sampleArguments(Class<?>[] types) {
        Object[] arguments = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            arguments[i] = sample(types[i], i);
        }
        return arguments;
    }

    private static Object sample(Class<?> type, int position) {
        if (type == String.class) {
            return "k" + position;
        }
        if (type == long.class) {
            return 10L + position;
        }
        if (type == double.class) {
            return 1.5 + position;
        }
        if (type == Object.class) {
            return "v" + position;
        }
        if (type == List.class) {
            return Arrays.asList("e" + position, "f" + position);
        }
        if (type == Map.class) {
            Map<String, Integer> map = new LinkedHashMap<>();
            map.put("m" + position, 1);
            map.put("n" + position, 2);
            return map;
        }
        if (type == Object[].class) {
            return new Object[] {"get", "k" + position};
        }
        if (type == byte[].class) {
            // A pre-encoded command.
            return ("*2\r\n$3\r\nget\r\n$2\r\nk" + position + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        throw new AssertionError("no sample for " + type);
    }

    @SuppressWarnings("unchecked")
    private static <T> T invoke(Method method, Object target, Object[] arguments) {
        try {
            return (T) method.invoke(target, arguments);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        } catch (InvocationTargetException e) {
            throw new AssertionError(method + " threw", e.getCause());
        }
    }

    private static final RedisCallback IGNORING = new RedisCallback() {
        @Override
        public void onReply(RespValue reply) {
        }

        @Override
        public void onFailure(RedisException failure) {
        }
    };
}
