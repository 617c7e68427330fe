package io.wasmjava.ratelimit;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.Utf8;
import io.wasmjava.redis.RedisCallException;
import io.wasmjava.redis.RedisCallback;
import io.wasmjava.redis.RedisClient;
import io.wasmjava.redis.RedisException;
import io.wasmjava.redis.RedisReplyException;
import io.wasmjava.redis.RedisScript;
import io.wasmjava.redis.resp.RespValue;

/**
 * Checks one request against its {@link Limit}: one run of {@link FixedWindowScript} (a {@link RedisScript}:
 * {@code EVALSHA}, or {@code EVAL} when needed), then the verdict. Each request gets its own check; the circuit
 * breaker and the failure policy decide what happens when Redis cannot answer.
 *
 * <p>The client reports some failures before the script call returns (not initialized, init failed, dispatch
 * refused). Those are answered from {@link #start()}'s return value, since a request cannot be resumed before its
 * header callback has paused it.
 */
final class LimitCheck implements RedisCallback {
    /** Envoy response code details of a rejection, as Higress's plugin sets them. */
    static final String REJECTED_DETAILS = "cluster-key-rate-limit.rejected";

    /** The request attribute holding the check of an allowed request, for the response headers. */
    static final String ALLOWED = "ratelimit.allowed";

    private final HttpContext http;
    private final RateLimitConfig config;
    private final Limit limit;
    private CircuitBreaker.Permit permit;
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
            config.metrics().breakerSkips().increment();
            if (http.log().isEnabled(LogLevel.DEBUG)) {
                http.log().debug("redis circuit breaker is open: not calling redis, failure_mode "
                        + mode());
            }
            applyFailurePolicy();
        } else {
            RedisClient redis = config.redis();
            boolean wasReady = redis.isReady();
            // Encoded once per limit: a global limit sends the same bytes on every request.
            limit.script().send(redis, this);
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
        logTransition(config.breaker().onAnswered(permit));
        if (verdict.isRejected()) {
            config.metrics().rejected().increment();
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
        config.metrics().allowed().increment();
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
            // The server answered (an error of the script, or of EVAL after EVALSHA): the path to it works.
            fail(failure.getMessage(), breaker.onAnswered(permit));
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

    /** The headers to add to the upstream response of this allowed request; empty when both options are off. */
    Headers allowedHeaders() {
        return RateLimitHeaders.allowed(config, limit.quota(), result);
    }

    private void fail(String reason, CircuitBreaker.Transition transition) {
        config.metrics().redisFailures().increment();
        http.log().error("rate limit check failed, failure_mode " + mode() + ": " + reason);
        logTransition(transition);
        applyFailurePolicy();
    }

    private void logTransition(CircuitBreaker.Transition transition) {
        config.metrics().breakerTransition(transition);
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
