package io.wasmjava.examples.chain;

import io.wasmjava.core.HttpContext;

/**
 * What the chain found for one request: the token, its quota and, once the backend agreed, a reservation id.
 *
 * @param token the token from the token service
 * @param quota the token's quota, from Redis
 * @param reservation the backend's reservation id, or null before the backend step
 */
record Grant(String token, long quota, String reservation) {

    /** A grant before the backend step: no reservation yet. */
    Grant(String token, long quota) {
        this(token, quota, null);
    }

    Grant withReservation(String reservationId) {
        return new Grant(token, quota, reservationId);
    }

    /** Tells the upstream: {@code authorization: Bearer <token>}, {@code x-quota}, {@code x-reservation}. */
    void addHeadersTo(HttpContext http) {
        http.replaceRequestHeader("authorization", "Bearer " + token);
        http.addRequestHeader("x-quota", Long.toString(quota));
        http.addRequestHeader("x-reservation", reservation);
    }
}
