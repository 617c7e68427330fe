package io.wasmjava.host;

import java.util.Objects;

/** One {@code proxy_redis_init} call, as the host recorded it. Immutable. */
public final class RedisInit {
    private final String cluster;
    private final String username;
    private final String password;
    private final int timeoutMillis;

    /**
     * @throws NullPointerException if a string is null (an absent username or password is empty)
     */
    public RedisInit(String cluster, String username, String password, int timeoutMillis) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.timeoutMillis = timeoutMillis;
    }

    /** The cluster, possibly with Higress's {@code ?db=..} parameters. */
    public String cluster() {
        return cluster;
    }

    /** Empty when the plugin passed none. */
    public String username() {
        return username;
    }

    /** Empty when the plugin passed none. */
    public String password() {
        return password;
    }

    /** The timeout for the cluster's commands. */
    public int timeoutMillis() {
        return timeoutMillis;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof RedisInit)) {
            return false;
        }
        RedisInit that = (RedisInit) other;
        return cluster.equals(that.cluster) && username.equals(that.username) && password.equals(that.password)
                && timeoutMillis == that.timeoutMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cluster, username, password, timeoutMillis);
    }

    /** Does not print the password. */
    @Override
    public String toString() {
        return "RedisInit{cluster=" + cluster + ", username=" + username + ", password=" + password.length()
                + " chars, timeoutMillis=" + timeoutMillis + "}";
    }
}
