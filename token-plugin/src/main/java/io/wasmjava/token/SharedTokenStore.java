package io.wasmjava.token;

import io.wasmjava.core.HeaderValidator;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.shared.SharedData;
import io.wasmjava.core.shared.SharedValue;

/**
 * The token of one configuration in the host's shared data, one entry for every VM of the gateway (Envoy's workers;
 * Higress sets no {@code vm_id}, so the key is global: {@value #KEY_PREFIX} plus a hash of the configuration). The
 * entry holds the token, its expiry and refresh time, the claim of the VM fetching the next one, when a fetch last
 * failed, and the {@link FetchBackoff} pause after failures, so that during an outage the gateway fetches once per
 * pause, not once per VM. Every change is a compare-and-set ({@link SharedData}), so of several VMs that find the token
 * missing or due for refresh at once exactly one claims the fetch; the others wait for its result. A claim lapses after
 * {@code timeoutMillis} + {@value #CLAIM_SLACK_MILLIS} ms, so a VM that disappears mid-fetch (rebuilt, crashed) stops
 * nobody for longer than a fetch could take.
 *
 * <p>A request served from the cache reads the entry once: one host call, which copies the value into the VM. It reads
 * again only to start a refresh, as a request that finds no valid token does to learn about the pause and to claim
 * the fetch. The value is decoded again only when its version changed. Stored as UTF-8 lines (every field is a header
 * value or a number, so none holds a line break): a format tag, expiry, refresh time, claim owner, claim end, last
 * failure, failures in a row, end of the pause after them, token and, if configured, the body. A value this class
 * cannot read (another plugin's, a newer format, a token or body that is not a valid header value) counts as no
 * entry and is overwritten by the next claim.
 *
 * <p>Anything stored here is readable by every plugin of the gateway, as all shared data is.
 */
final class SharedTokenStore implements TokenStore {
    static final String KEY_PREFIX = "wasmjava.token-plugin:";
    static final long CLAIM_SLACK_MILLIS = 1000;
    private static final String FORMAT = "wasmjava-token 1";
    /** Lines in a stored value: the tag, seven numbers and names, the token, and the body when one is kept. */
    private static final int FIELDS = 10;
    private static final int MAX_ATTEMPTS = SharedData.DEFAULT_MAX_ATTEMPTS;

    private final SharedData shared;
    private final String key;
    private final String owner;
    private final long claimMillis;
    private final FetchBackoff backoff;
    private int decodedCas;
    private State decoded = State.NONE;

    SharedTokenStore(SharedData shared, String key, String owner, long claimMillis, FetchBackoff backoff) {
        this.shared = shared;
        this.key = key;
        this.owner = owner;
        this.claimMillis = claimMillis;
        this.backoff = backoff;
    }

    /** The key for a configuration whose JSON is {@code configurationJson}: the prefix and its 64-bit FNV-1a hash. */
    static String key(String configurationJson) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < configurationJson.length(); i++) {
            hash = (hash ^ configurationJson.charAt(i)) * 0x100000001b3L;
        }
        return KEY_PREFIX + Long.toHexString(hash);
    }

    String key() {
        return key;
    }

    @Override
    public TokenEntry entry() {
        return read(shared.get(key)).entry;
    }

    @Override
    public boolean claimFetch(long nowMillis) {
        return shared.update(key, MAX_ATTEMPTS, current -> {
            State state = read(current);
            if (state.owner != null && !state.owner.equals(owner) && nowMillis < state.claimUntilMillis) {
                return null;
            }
            if (state.entry != null && nowMillis < state.entry.refreshAtMillis()) {
                return null;
            }
            return state.withClaim(owner, nowMillis + claimMillis).encode();
        }) == SharedData.UpdateOutcome.WRITTEN;
    }

    @Override
    public void fetched(TokenEntry entry) {
        shared.update(key, MAX_ATTEMPTS, current -> {
            State state = read(current).releasedBy(owner);
            return new State(entry != null ? entry : state.entry, state.owner, state.claimUntilMillis,
                    state.lastFailureMillis, 0, 0).encode();
        });
    }

    @Override
    public long fetchFailed(long nowMillis) {
        long[] pauseMillis = new long[1];
        shared.update(key, MAX_ATTEMPTS, current -> {
            State state = read(current).releasedBy(owner);
            int failures = Math.min(state.failuresInARow + 1, FetchBackoff.Pause.MAX_COUNTED_FAILURES);
            pauseMillis[0] = backoff.delayMillis(failures);
            return new State(state.entry, state.owner, state.claimUntilMillis, nowMillis, failures,
                    nowMillis + pauseMillis[0]).encode();
        });
        return pauseMillis[0];
    }

    @Override
    public boolean isPaused(long nowMillis) {
        State state = read(shared.get(key));
        return state.failuresInARow > 0 && nowMillis < state.pausedUntilMillis;
    }

    @Override
    public long lastFailureMillis() {
        return read(shared.get(key)).lastFailureMillis;
    }

    @Override
    public void invalidate(String used) {
        shared.update(key, MAX_ATTEMPTS, current -> {
            State state = read(current);
            if (state.entry == null || !state.entry.token().equals(used)) {
                return null;
            }
            return new State(null, state.owner, state.claimUntilMillis, state.lastFailureMillis,
                    state.failuresInARow, state.pausedUntilMillis).encode();
        });
    }

    @Override
    public boolean isShared() {
        return true;
    }

    /** The state in {@code value}, decoding it only if its version is not the one decoded last. */
    private State read(SharedValue value) {
        if (value == null) {
            return State.NONE;
        }
        if (value.cas() != decodedCas || decoded == State.NONE) {
            decoded = State.decode(value.string());
            decodedCas = value.cas();
        }
        return decoded;
    }

    /**
     * The whole stored value. {@code owner} is null when no VM claims the fetch; the failure fields are those of
     * {@link FetchBackoff.Pause}, kept here so that the pause after a failure holds for every VM.
     */
    private record State(TokenEntry entry, String owner, long claimUntilMillis, long lastFailureMillis,
            int failuresInARow, long pausedUntilMillis) {
        static final State NONE = new State(null, null, 0, Long.MIN_VALUE, 0, 0);

        State withClaim(String claimant, long untilMillis) {
            return new State(entry, claimant, untilMillis, lastFailureMillis, failuresInARow, pausedUntilMillis);
        }

        /** Without {@code releasing}'s claim; another VM's claim stays. */
        State releasedBy(String releasing) {
            return owner != null && !owner.equals(releasing) ? this : withClaim(null, 0);
        }

        byte[] encode() {
            StringBuilder out = new StringBuilder(FORMAT).append('\n');
            out.append(entry == null ? "" : Long.toString(entry.expiresAtMillis())).append('\n');
            out.append(entry == null ? "" : Long.toString(entry.refreshAtMillis())).append('\n');
            out.append(owner == null ? "" : owner).append('\n');
            out.append(claimUntilMillis).append('\n');
            out.append(lastFailureMillis == Long.MIN_VALUE ? "" : Long.toString(lastFailureMillis)).append('\n');
            out.append(failuresInARow).append('\n');
            out.append(pausedUntilMillis).append('\n');
            out.append(entry == null ? "" : entry.token());
            if (entry != null && entry.body() != null) {
                out.append('\n').append(entry.body());
            }
            return Utf8.encode(out.toString());
        }

        /** The state in {@code text}, or {@link #NONE} if it is not in this format. */
        static State decode(String text) {
            String[] fields = new String[FIELDS];
            int count = 0;
            int start = 0;
            while (count < fields.length - 1) {
                int end = text.indexOf('\n', start);
                if (end < 0) {
                    break;
                }
                fields[count++] = text.substring(start, end);
                start = end + 1;
            }
            fields[count++] = text.substring(start);
            if (count < FIELDS - 1 || !FORMAT.equals(fields[0])) {
                return NONE;
            }
            String token = fields[8];
            String body = count == FIELDS ? fields[9] : null;
            // Any plugin of the gateway can write this key: what goes into a header must still be a header value.
            if (HeaderValidator.invalidValueIndex(token) >= 0
                    || (body != null && HeaderValidator.invalidValueIndex(body) >= 0)) {
                return NONE;
            }
            try {
                TokenEntry entry = token.isEmpty() ? null
                        : new TokenEntry(token, body, decimal(fields[1]), decimal(fields[2]));
                String owner = fields[3].isEmpty() ? null : fields[3];
                long failure = fields[5].isEmpty() ? Long.MIN_VALUE : decimal(fields[5]);
                long failures = decimal(fields[6]);
                if (failures < 0 || failures > FetchBackoff.Pause.MAX_COUNTED_FAILURES) {
                    return NONE;
                }
                return new State(entry, owner, decimal(fields[4]), failure, (int) failures, decimal(fields[7]));
            } catch (IllegalArgumentException e) {
                return NONE;
            }
        }

        /**
         * {@code -?[0-9]{1,18}} as a long; anything else throws. Not {@link Long#parseLong}, which links TeaVM's
         * Unicode digit tables into the module.
         */
        private static long decimal(String text) {
            boolean negative = text.startsWith("-");
            int start = negative ? 1 : 0;
            if (text.length() == start || text.length() - start > 18) {
                throw new IllegalArgumentException("not a stored number");
            }
            long value = 0;
            for (int i = start; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("not a stored number");
                }
                value = value * 10 + (c - '0');
            }
            return negative ? -value : value;
        }
    }
}
