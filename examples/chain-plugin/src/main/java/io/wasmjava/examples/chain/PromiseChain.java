package io.wasmjava.examples.chain;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.HttpContext;
import io.wasmjava.redis.RedisCommand;

/**
 * The flow written with {@link io.wasmjava.core.Promise}: one flat chain. Each step names itself with
 * {@code mapFailure}; anything a stage throws (a bad reply included) becomes the chain's failure, and
 * {@code resumeOrReject} ends the chain with either outcome. Compare {@link CallbackChain}.
 */
final class PromiseChain {
    private PromiseChain() {
    }

    static HeaderStatus onRequestHeaders(HttpContext http, ChainConfig config) {
        config.tokenClient().call(config.tokenRequest())
                .map(Replies::token)
                .mapFailure(failure -> new ChainStepException("token", failure))
                .flatMap(token -> config.redis().call(RedisCommand.get("quota:" + token))
                        .map(reply -> new Grant(token, Replies.quota(reply)))
                        .mapFailure(failure -> new ChainStepException("quota", failure)))
                .flatMap(grant -> config.backendClient().call(config.backendRequest(grant))
                        .map(response -> grant.withReservation(Replies.reservation(response)))
                        .mapFailure(failure -> new ChainStepException("backend", failure)))
                .onSuccess(grant -> grant.addHeadersTo(http))
                .resumeOrReject(http, config.failureStatus(), ChainStepException::responseBody);
        return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
    }
}
