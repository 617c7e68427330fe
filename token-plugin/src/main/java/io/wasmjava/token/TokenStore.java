package io.wasmjava.token;

/**
 * Where a configuration's cached token lives and which VM fetches the next one. {@link TokenCache} keeps the policy
 * (when to fetch, who waits, what a failure means) and the requests waiting in this VM; a store only keeps the entry
 * and the right to fetch. Two kinds: {@link LocalTokenStore}, this VM's own (a gateway with N workers fetches N
 * times), and {@link SharedTokenStore}, in the host's shared data, one for every VM of the gateway.
 */
interface TokenStore {
    /** The cached entry, valid or not, or null. */
    TokenEntry entry();

    /**
     * Claims the next fetch for this VM. False if another VM holds a live claim (its fetch is under way), or if the
     * cached entry has become fresh again (another VM's fetch completed): then the caller re-reads {@link #entry()}.
     */
    boolean claimFetch(long nowMillis);

    /**
     * Ends this VM's claim after a successful fetch: stores {@code entry}, or keeps the old one if it is null, and ends
     * the pause after failures (the next failure pauses for the initial time again).
     */
    void fetched(TokenEntry entry);

    /**
     * Ends this VM's claim after a failed fetch: records when it failed, for VMs waiting for it, and starts the
     * {@link FetchBackoff} pause for the failures in a row so far. Returns the pause (0 if off).
     */
    long fetchFailed(long nowMillis);

    /** True if a failed fetch (by any VM that shares the entry) paused fetching until after {@code nowMillis}. */
    boolean isPaused(long nowMillis);

    /** When a fetch (by any VM) last failed, or {@link Long#MIN_VALUE} if none did. */
    long lastFailureMillis();

    /** Drops the cached token if it is {@code used} (an upstream refused it). */
    void invalidate(String used);

    /** True if other VMs share the entry, so requests here may wait for a fetch made elsewhere. */
    boolean isShared();
}
