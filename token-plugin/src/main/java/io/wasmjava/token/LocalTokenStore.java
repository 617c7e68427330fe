package io.wasmjava.token;

/** The token of one VM, for {@code "sharedCache": false} and hosts without shared data. */
final class LocalTokenStore implements TokenStore {
    private final FetchBackoff.Pause pause;
    private TokenEntry entry;
    private long lastFailureMillis = Long.MIN_VALUE;

    LocalTokenStore(FetchBackoff backoff) {
        this.pause = backoff.newPause();
    }

    @Override
    public TokenEntry entry() {
        return entry;
    }

    /** Always: {@link TokenCache} fetches once at a time, and no other VM uses this entry. */
    @Override
    public boolean claimFetch(long nowMillis) {
        return true;
    }

    @Override
    public void fetched(TokenEntry fetched) {
        if (fetched != null) {
            entry = fetched;
        }
        pause.succeeded();
    }

    @Override
    public long fetchFailed(long nowMillis) {
        lastFailureMillis = nowMillis;
        return pause.failed(nowMillis);
    }

    @Override
    public boolean isPaused(long nowMillis) {
        return pause.isPaused(nowMillis);
    }

    @Override
    public long lastFailureMillis() {
        return lastFailureMillis;
    }

    @Override
    public void invalidate(String used) {
        if (entry != null && entry.token().equals(used)) {
            entry = null;
        }
    }

    @Override
    public boolean isShared() {
        return false;
    }
}
