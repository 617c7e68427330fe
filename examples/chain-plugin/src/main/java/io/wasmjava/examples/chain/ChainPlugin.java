package io.wasmjava.examples.chain;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Plugin;

/**
 * Lets a request through only after three dependent callouts, then tells the upstream what they found:
 *
 * <ol>
 *   <li>GET a token from the token service ({@code token.static}): a 2xx response whose body is the token;</li>
 *   <li>GET {@code quota:<token>} from Redis ({@code redis.static}): a whole number;</li>
 *   <li>GET the backend ({@code backend.static}) with header {@code x-quota}: a 2xx response whose body is a
 *       reservation id;</li>
 *   <li>add {@code authorization: Bearer <token>}, {@code x-quota} and {@code x-reservation} to the request and
 *       resume it.</li>
 * </ol>
 *
 * <p>If a step fails (no response, a non-2xx status, a Redis failure or error reply, a missing or malformed
 * value), the request is answered with {@code failureStatus} (503 by default) and the body
 * {@code chain failed at <step>}, where the step is {@code token}, {@code quota} or {@code backend}; the cause is
 * logged at warn. If the client goes away mid-chain, the chain stops silently.
 *
 * <p>The same flow exists twice, chosen by the configuration's {@code style}: {@link PromiseChain} ({@code "promise"},
 * the default) and {@link CallbackChain} ({@code "callbacks"}). The tests run every scenario against both.
 */
public final class ChainPlugin {
    private ChainPlugin() {
    }

    public static Plugin<?> definition() {
        return Plugin.builder("chain-plugin")
                .parseConfig(ChainConfig::parse)
                .onRequestHeaders(ChainPlugin::onRequestHeaders)
                .build();
    }

    private static HeaderStatus onRequestHeaders(HttpContext http, ChainConfig config) {
        return config.style() == ChainConfig.Style.CALLBACKS
                ? CallbackChain.onRequestHeaders(http, config)
                : PromiseChain.onRequestHeaders(http, config);
    }
}
