package io.wasmjava.examples.chain;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.HttpContext;
import io.wasmjava.http.HttpCallException;
import io.wasmjava.http.HttpCallback;
import io.wasmjava.http.HttpResponse;
import io.wasmjava.redis.RedisCallback;
import io.wasmjava.redis.RedisCommand;
import io.wasmjava.redis.RedisException;
import io.wasmjava.redis.resp.RespValue;

/**
 * The same flow as {@link PromiseChain}, written with nested callbacks: every level handles its own failure, and a
 * bad reply must be caught by hand (an exception escaping a callback would be logged at critical and the request
 * resumed without the checks).
 */
final class CallbackChain {
    private CallbackChain() {
    }

    static HeaderStatus onRequestHeaders(HttpContext http, ChainConfig config) {
        config.tokenClient().send(config.tokenRequest(), new HttpCallback() {
            @Override
            public void onResponse(HttpResponse tokenResponse) {
                String token;
                try {
                    token = Replies.token(tokenResponse);
                } catch (BadReplyException e) {
                    reject(http, config, "token", e);
                    return;
                }
                config.redis().send(RedisCommand.get("quota:" + token), new RedisCallback() {
                    @Override
                    public void onReply(RespValue reply) {
                        Grant grant;
                        try {
                            grant = new Grant(token, Replies.quota(reply));
                        } catch (BadReplyException e) {
                            reject(http, config, "quota", e);
                            return;
                        }
                        config.backendClient().send(config.backendRequest(grant), new HttpCallback() {
                            @Override
                            public void onResponse(HttpResponse response) {
                                try {
                                    grant.withReservation(Replies.reservation(response)).addHeadersTo(http);
                                } catch (BadReplyException e) {
                                    reject(http, config, "backend", e);
                                    return;
                                }
                                http.resumeRequest();
                            }

                            @Override
                            public void onFailure(HttpCallException failure) {
                                reject(http, config, "backend", failure);
                            }
                        });
                    }

                    @Override
                    public void onFailure(RedisException failure) {
                        reject(http, config, "quota", failure);
                    }
                });
            }

            @Override
            public void onFailure(HttpCallException failure) {
                reject(http, config, "token", failure);
            }
        });
        return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
    }

    /** What {@code resumeOrReject} does on failure, by hand: log at warn, answer with the failed step. */
    private static void reject(HttpContext http, ChainConfig config, String step, Exception cause) {
        ChainStepException failure = new ChainStepException(step, cause);
        http.log().warn("request chain failed: " + failure);
        http.sendLocalResponse(config.failureStatus(), ChainStepException.responseBody(failure));
    }
}
