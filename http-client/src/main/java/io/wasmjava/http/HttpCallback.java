package io.wasmjava.http;

/**
 * Receives the outcome of one HTTP call. Exactly one method is called, at most once, on the plugin's single thread,
 * with the calling request's context effective again. Neither is called if the calling request ended first (the
 * client went away or the request was answered): there is nobody left to act for.
 */
public interface HttpCallback {
    /**
     * A response arrived. Transport success only: {@code response} may still carry 404 or 503. Any exception thrown
     * here is logged at critical and the paused request is resumed.
     */
    void onResponse(HttpResponse response);

    /** No response: the dispatch was refused (called before {@code send} returns), reset, timed out, or invalid. */
    void onFailure(HttpCallException failure);
}
