package io.wasmjava.ratelimit;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.host.LogLevel;
import io.wasmjava.redis.RedisCallException;
import io.wasmjava.redis.RedisCallback;
import io.wasmjava.redis.RedisClient;
import io.wasmjava.redis.RedisException;
import io.wasmjava.redis.RedisReplyException;
import io.wasmjava.redis.resp.RespValue;

/**
 * Checks one request against its {@link Limit}: one {@code EVALSHA} of {@link FixedWindowScript} (or {@code EVAL}
 * once the service is known to lack {@code EVALSHA}), possibly one {@code EVAL} after it, then the verdict. Each
 * request gets its own check; the circuit breaker and the failure policy decide what happens when Redis cannot
 * answer.
 *
 * <p>Error replies to {@code EVALSHA}:
 * <ul>
 *   <li>{@code NOSCRIPT}: the server lost its script cache (restart, failover, {@code SCRIPT FLUSH}). This request
 *       sends {@code EVAL}, which caches the script; the next one uses {@code EVALSHA} again.</li>
 *   <li>an {@linkplain FixedWindowScript#isRunError error of the script} (wrong type under the key, out of memory in
 *       the script): the server has {@code EVALSHA} and ran the script, so the check fails, and nothing else
 *       changes.</li>
 *   <li>any other error ({@code ERR unknown command 'evalsha'} from a proxy or a server that renamed it,
 *       {@code NOPERM}, a proxy's own text): this request sends {@code EVAL}. If {@code EVAL} reaches the script,
 *       the service lacks {@code EVALSHA}: {@link EvalshaSupport} remembers it, and every later request sends
 *       {@code EVAL} only, as Higress always does (its plugin calls {@code Eval}, main.go:127, which the wasm-go SDK
 *       sends as {@code eval <script>}, redis_wrapper.go:264-275). If {@code EVAL} fails too, the error was not
 *       about {@code EVALSHA} ({@code LOADING}, {@code BUSY}, {@code WRONGPASS}) and nothing is remembered.</li>
 * </ul>
 *
 * <p>The client reports some failures before {@code evalsha} returns (not initialized, init failed, dispatch
 * refused). Those are answered from {@link #start()}'s return value, since a request cannot be resumed before its
 * header callback has paused it.
 */
final class LimitCheck implements RedisCallback {
    /** Envoy response code details of a rejection, as Higress's plugin sets them. */
    static final String REJECTED_DETAILS = "cluster-key-rate-limit.rejected";

    /** The request attribute holding the check of an allowed request, for the response headers. */
    static final String ALLOWED = "ratelimit.allowed";

    /** The command out for this request. */
    private enum Stage {
        /** {@code EVALSHA}, the first command while the service takes it. */
        EVALSHA,
        /** {@code EVAL} after {@code NOSCRIPT}. */
        EVAL_AFTER_NOSCRIPT,
        /** {@code EVAL} after another error reply to {@code EVALSHA}: if it reaches the script, EVALSHA is missing. */
        EVAL_AFTER_EVALSHA_ERROR,
        /** {@code EVAL} as the first command: the service lacks {@code EVALSHA}. */
        EVAL
    }

    private final HttpContext http;
    private final RateLimitConfig config;
    private final Limit limit;
    private CircuitBreaker.Permit permit;
    private Stage stage;
    /** The error reply {@code EVALSHA} got, kept for the log line if {@code EVAL} then works. */
    private String evalshaError;
    private boolean inHeaderCallback;
    private HeaderStatus synchronousStatus;
    private LimitResult result;

    LimitCheck(HttpContext http, RateLimitConfig config, Limit limit) {
        this.http = http;
        this.config = config;
        this.limit = limit;
    }

    /** Starts the check from the request-header callback and returns what that callback returns. */
    HeaderStatus start() {
        CircuitBreaker breaker = config.breaker();
        // Closed, the usual state, needs no clock: that saves a host call per request.
        permit = breaker.isClosed() ? CircuitBreaker.Permit.CALL
                : breaker.acquire(http.plugin().currentTimeMillis());
        inHeaderCallback = true;
        if (permit == CircuitBreaker.Permit.SKIP) {
            if (http.log().isEnabled(LogLevel.DEBUG)) {
                http.log().debug("redis circuit breaker is open: not calling redis, failure_mode "
                        + mode());
            }
            applyFailurePolicy();
        } else {
            RedisClient redis = config.redis();
            boolean wasReady = redis.isReady();
            // Encoded once per limit: a global limit sends the same bytes on every request.
            if (config.evalsha().isAvailable()) {
                stage = Stage.EVALSHA;
                redis.encodedCommand(limit.evalshaCommand(config.scriptSha()), this);
            } else {
                stage = Stage.EVAL;
                redis.encodedCommand(limit.evalCommand(FixedWindowScript.TEXT), this);
            }
            if (!wasReady && redis.isReady()) {
                // The client retried the init that failed before (at configuration time, or after NOAUTH).
                http.log().info("redis init succeeded on retry");
            }
        }
        inHeaderCallback = false;
        return synchronousStatus != null ? synchronousStatus : HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
    }

    @Override
    public void onReply(RespValue reply) {
        LimitResult verdict = LimitResult.of(reply, limit.quota());
        if (verdict == null) {
            fail("unexpected reply from the rate-limit script: " + reply, config.breaker().onAnswered(permit));
            return;
        }
        if (stage == Stage.EVAL_AFTER_EVALSHA_ERROR) {
            evalshaUnavailable();
        }
        logTransition(config.breaker().onAnswered(permit));
        if (verdict.isRejected()) {
            if (http.log().isEnabled(LogLevel.DEBUG)) {
                http.log().debug("rejected: " + limit.redisKey() + " at " + verdict.current() + " of "
                        + verdict.threshold());
            }
            http.sendLocalResponse(config.rejectedCode(), REJECTED_DETAILS,
                    RateLimitHeaders.rejected(config, limit.quota(), verdict),
                    Utf8.encode(config.rejectedMsg()));
            finish(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
            return;
        }
        result = verdict;
        if (RateLimitHeaders.anyOnAllowed(config)) {
            http.setAttribute(ALLOWED, this);
        }
        finish(HeaderStatus.CONTINUE);
    }

    @Override
    public void onFailure(RedisException failure) {
        CircuitBreaker breaker = config.breaker();
        if (failure instanceof RedisReplyException) {
            onErrorReply((RedisReplyException) failure);
        } else if (failure instanceof RedisCallException) {
            RedisCallException.Kind kind = ((RedisCallException) failure).kind();
            long nowMillis = http.plugin().currentTimeMillis();
            if (kind == RedisCallException.Kind.CALL_FAILED || kind == RedisCallException.Kind.DISPATCH_REFUSED) {
                fail(failure.getMessage(), breaker.onUnanswered(permit, nowMillis));
            } else if (kind == RedisCallException.Kind.REPLY_TOO_LARGE) {
                fail(failure.getMessage(), breaker.onAnswered(permit));
            } else {
                fail(failure.getMessage(), breaker.onNotSent(permit, nowMillis));
            }
        } else {
            // Bytes that are not one RESP value: something answered, so the path to it works.
            fail(failure.getMessage(), breaker.onAnswered(permit));
        }
    }

    private void onErrorReply(RedisReplyException error) {
        String message = error.getMessage();
        boolean scriptRan = FixedWindowScript.isRunError(message);
        if (stage == Stage.EVALSHA && !scriptRan) {
            if (error.isNoScript()) {
                stage = Stage.EVAL_AFTER_NOSCRIPT;
                http.log().debug("redis has no cached rate-limit script; sending it with EVAL");
            } else {
                stage = Stage.EVAL_AFTER_EVALSHA_ERROR;
                evalshaError = message;
                if (http.log().isEnabled(LogLevel.DEBUG)) {
                    http.log().debug("redis answered EVALSHA with \"" + message + "\"; trying EVAL");
                }
            }
            config.redis().encodedCommand(limit.evalCommand(FixedWindowScript.TEXT), this);
            return;
        }
        if (stage == Stage.EVAL_AFTER_EVALSHA_ERROR && scriptRan) {
            // EVAL ran the script where EVALSHA did not: the error is this key's, the missing EVALSHA the service's.
            evalshaUnavailable();
        }
        fail(message, config.breaker().onAnswered(permit));
    }

    /** The headers to add to the upstream response of this allowed request; empty when both options are off. */
    Headers allowedHeaders() {
        return RateLimitHeaders.allowed(config, limit.quota(), result);
    }

    private void evalshaUnavailable() {
        if (config.evalsha().markUnavailable()) {
            http.log().warn("redis answered EVALSHA with \"" + evalshaError + "\" but runs the script sent with "
                    + "EVAL: sending it with EVAL from now on");
        }
    }

    private void fail(String reason, CircuitBreaker.Transition transition) {
        http.log().error("rate limit check failed, failure_mode " + mode() + ": " + reason);
        logTransition(transition);
        applyFailurePolicy();
    }

    private void logTransition(CircuitBreaker.Transition transition) {
        CircuitBreaker breaker = config.breaker();
        if (transition == CircuitBreaker.Transition.OPENED) {
            http.log().warn("redis circuit breaker opened after " + breaker.failureThreshold()
                    + " consecutive failures: requests skip redis for " + breaker.openSeconds() + " s");
        } else if (transition == CircuitBreaker.Transition.REOPENED) {
            http.log().warn("redis circuit breaker probe failed: requests skip redis for another "
                    + breaker.openSeconds() + " s");
        } else if (transition == CircuitBreaker.Transition.CLOSED) {
            http.log().info("redis circuit breaker closed: the probe succeeded");
        }
    }

    private void applyFailurePolicy() {
        if (config.failureMode() == RateLimitConfig.FailureMode.DENY) {
            http.sendLocalResponse(config.failureStatus(), Headers.empty(),
                    Utf8.encode(config.failureMsg()));
            finish(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        } else {
            finish(HeaderStatus.CONTINUE);
        }
    }

    private void finish(HeaderStatus status) {
        if (inHeaderCallback) {
            synchronousStatus = status;
        } else if (status == HeaderStatus.CONTINUE) {
            http.resumeRequest();
        }
    }

    private String mode() {
        return config.failureMode() == RateLimitConfig.FailureMode.DENY ? "deny" : "allow";
    }
}
