package io.wasmjava.examples.chain;

import io.wasmjava.core.HttpContext;

/** What the chain found for one request: the token, its quota and, once the backend agreed, a reservation id. */
final class Grant {
    private final String token;
    private final long quota;
    private final String reservation;

    Grant(String token, long quota) {
        this(token, quota, null);
    }

    private Grant(String token, long quota, String reservation) {
        this.token = token;
        this.quota = quota;
        this.reservation = reservation;
    }

    String token() {
        return token;
    }

    long quota() {
        return quota;
    }

    /** The backend's reservation id, or null before the backend step. */
    String reservation() {
        return reservation;
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
