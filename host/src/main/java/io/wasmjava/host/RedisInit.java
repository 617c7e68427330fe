package io.wasmjava.host;

import java.util.Objects;

/**
 * One {@code proxy_redis_init} call, as the host recorded it.
 *
 * @param cluster the cluster, possibly with Higress's {@code ?db=..} parameters
 * @param username empty when the plugin passed none
 * @param password empty when the plugin passed none
 * @param timeoutMillis the timeout for the cluster's commands
 */
public record RedisInit(String cluster, String username, String password, int timeoutMillis) {
    /**
     * @throws NullPointerException if a string is null (an absent username or password is empty)
     */
    public RedisInit {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** Does not print the password. */
    @Override
    public String toString() {
        return "RedisInit{cluster=" + cluster + ", username=" + username + ", password=" + password.length()
                + " chars, timeoutMillis=" + timeoutMillis + "}";
    }
}
