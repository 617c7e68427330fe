package io.wasmjava.examples.chain;

import io.wasmjava.http.HttpResponse;
import io.wasmjava.redis.resp.RespValue;

/**
 * Reads what each step needs out of its dependency's answer, or throws {@link BadReplyException}. Shared by both
 * implementations, so they accept and reject exactly the same answers.
 */
final class Replies {
    private Replies() {
    }

    /** The token: the trimmed body of a 2xx response. */
    static String token(HttpResponse response) {
        return nonEmptyBody("token service", response);
    }

    /** The quota: a bulk string or integer reply holding a whole number. */
    static long quota(RespValue reply) {
        if (reply.isNull()) {
            throw new BadReplyException("no quota for this token");
        }
        try {
            return reply.asLong();
        } catch (RuntimeException e) {
            throw new BadReplyException("quota is not a whole number: " + reply);
        }
    }

    /** The reservation id: the trimmed body of a 2xx response. */
    static String reservation(HttpResponse response) {
        return nonEmptyBody("backend", response);
    }

    private static String nonEmptyBody(String service, HttpResponse response) {
        if (!response.isSuccessful()) {
            throw new BadReplyException(service + " answered " + response.status());
        }
        String body = response.bodyString().trim();
        if (body.isEmpty()) {
            throw new BadReplyException(service + " answered " + response.status() + " with an empty body");
        }
        return body;
    }
}
