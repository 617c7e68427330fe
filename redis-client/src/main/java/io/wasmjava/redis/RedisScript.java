package io.wasmjava.redis;

import io.wasmjava.core.Promise;
import io.wasmjava.redis.resp.RespValue;
import java.util.List;

/**
 * A Lua script, sent by its SHA-1 with {@code EVALSHA} and by its text with {@code EVAL} only when needed. The SHA-1
 * is computed once, when the script is made; make scripts once (a constant, or in the config parser).
 *
 * <p>Error replies to {@code EVALSHA}:
 * <ul>
 *   <li>{@code NOSCRIPT}: the server lost its script cache (restart, failover, {@code SCRIPT FLUSH}). This run sends
 *       {@code EVAL}, which caches the script; the next one uses {@code EVALSHA} again.</li>
 *   <li>an {@linkplain #isRunError error of the script} (wrong type under a key, out of memory in the script): the
 *       server has {@code EVALSHA} and ran the script, so the run fails with that reply and nothing else
 *       changes.</li>
 *   <li>any other error ({@code ERR unknown command 'evalsha'} from a proxy or a server that renamed it,
 *       {@code NOPERM}, a proxy's own text): this run sends {@code EVAL}. If {@code EVAL} reaches the script (a
 *       reply, or an error of the script), the service lacks {@code EVALSHA}: the {@link RedisClient} remembers it
 *       (logged at warn, once) and every later script run on that client sends {@code EVAL} only, as Higress's
 *       plugins do with the Go SDK's {@code Eval}. If {@code EVAL} fails too, the error was not about
 *       {@code EVALSHA} ({@code LOADING}, {@code BUSY}, {@code WRONGPASS}): the run fails with the {@code EVAL}
 *       error and nothing is remembered.</li>
 * </ul>
 *
 * <p>The callback (or promise) of a run gets one outcome, that of the last command sent, as for
 * {@link RedisClient#send}. Immutable.
 */
public final class RedisScript {
    private final String name;
    private final String text;
    private final String sha1;

    private RedisScript(String name, String text) {
        this.name = name;
        this.text = text;
        this.sha1 = Sha1.hex(text);
    }

    /**
     * A script named {@code name} in logs ({@code redis has no cached <name> script; sending it with EVAL}).
     *
     * @throws IllegalArgumentException if an argument is null or {@code text} is empty
     */
    public static RedisScript of(String name, String text) {
        if (name == null || text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a script needs a name and a non-empty text");
        }
        return new RedisScript(name, text);
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** The SHA-1 of the text's UTF-8 bytes in lower-case hex, as Redis computes it for {@code SCRIPT LOAD}. */
    public String sha1() {
        return sha1;
    }

    /**
     * True if {@code errorReply} is Redis reporting an error raised while it ran this script, for instance
     * {@code WRONGTYPE Operation against a key holding the wrong kind of value script: <sha1>, on @user_script:1.}
     * (Redis 7) or {@code ERR Error running script (call to f_<sha1>): @user_script:1: ...} (Redis 2.6 to 6): the
     * server has the script and runs it, so the error is about the data, not about {@code EVALSHA}. An error that
     * only echoes the SHA-1 among the arguments ({@code ERR unknown command 'evalsha', with args beginning with:
     * '<sha1>' ...}) is not one.
     */
    public boolean isRunError(String errorReply) {
        // Redis 7 and later end the error with the first text (src/script_lua.c, luaCallFunction), Redis 2.6 to 6.2
        // start it with the second (src/scripting.c, evalGenericCommand). Built only for an error reply.
        return errorReply.contains(" script: " + sha1 + ", on @user_script:")
                || errorReply.contains("Error running script (call to f_" + sha1 + "): ");
    }

    /**
     * This script with its keys and arguments (encoded as {@link RedisCommand} arguments are). The commands are
     * encoded on first use and kept, so an invocation run on every request is encoded once.
     */
    public Invocation invocation(List<?> keys, List<?> args) {
        return new Invocation(this, keys, args);
    }

    /** Runs this script with {@code keys} and {@code args} on {@code client}; see the class comment. */
    public void send(RedisClient client, List<?> keys, List<?> args, RedisCallback callback) {
        invocation(keys, args).send(client, callback);
    }

    /** {@link #send} as a {@link Promise}, with the outcomes of {@link RedisClient#call}. */
    public Promise<RespValue> call(RedisClient client, List<?> keys, List<?> args) {
        return invocation(keys, args).call(client);
    }

    /** A script with its keys and arguments; reusable, and encoded at most once per command. */
    public static final class Invocation {
        private final RedisScript script;
        private final List<?> keys;
        private final List<?> args;
        private RedisCommand evalsha;
        private RedisCommand eval;

        private Invocation(RedisScript script, List<?> keys, List<?> args) {
            this.script = script;
            this.keys = keys;
            this.args = args;
        }

        public RedisScript script() {
            return script;
        }

        /** Runs the script on {@code client}: {@code EVALSHA}, then {@code EVAL} when the class comment says. */
        public void send(RedisClient client, RedisCallback callback) {
            new Run(client, new RedisClient.CallbackOutcome(callback)).start();
        }

        /** {@link #send} as a {@link Promise}, with the outcomes of {@link RedisClient#call}. */
        public Promise<RespValue> call(RedisClient client) {
            return Promise.create(client.plugin(), completer -> new Run(client, completer).start());
        }

        RedisCommand evalsha() {
            if (evalsha == null) {
                evalsha = RedisCommand.evalsha(script.sha1, keys, args);
            }
            return evalsha;
        }

        RedisCommand eval() {
            if (eval == null) {
                eval = RedisCommand.eval(script.text, keys, args);
            }
            return eval;
        }

        /** One run: the command out, and the fallback decisions of the class comment. */
        private final class Run implements Promise.Completer<RespValue> {
            private final RedisClient client;
            private final Promise.Completer<RespValue> outcome;
            /** The command out: {@code EVALSHA} first, {@code EVAL} when the service lacks it. */
            private Stage stage;
            /** The error reply {@code EVALSHA} got, kept for the log line if {@code EVAL} then works. */
            private String evalshaError;

            Run(RedisClient client, Promise.Completer<RespValue> outcome) {
                this.client = client;
                this.outcome = outcome;
            }

            void start() {
                stage = client.evalshaAvailable() ? Stage.EVALSHA : Stage.EVAL;
                client.dispatch(stage == Stage.EVALSHA ? evalsha() : eval(), this);
            }

            @Override
            public boolean succeed(RespValue reply) {
                if (stage == Stage.EVAL_AFTER_EVALSHA_ERROR) {
                    evalshaUnavailable();
                }
                return outcome.succeed(reply);
            }

            @Override
            public boolean fail(Throwable failure) {
                if (failure instanceof RedisReplyException) {
                    RedisReplyException error = (RedisReplyException) failure;
                    String message = error.getMessage();
                    boolean scriptRan = script.isRunError(message);
                    if (stage == Stage.EVALSHA && !scriptRan) {
                        if (error.isNoScript()) {
                            stage = Stage.EVAL_AFTER_NOSCRIPT;
                            client.log().debug("redis has no cached " + script.name + " script; sending it with EVAL");
                        } else {
                            stage = Stage.EVAL_AFTER_EVALSHA_ERROR;
                            evalshaError = message;
                            client.log().debug("redis answered EVALSHA with \"" + message + "\"; trying EVAL");
                        }
                        client.dispatch(eval(), this);
                        return true;
                    }
                    if (stage == Stage.EVAL_AFTER_EVALSHA_ERROR && scriptRan) {
                        // EVAL ran the script where EVALSHA did not: the error is the data's, the missing EVALSHA
                        // the service's.
                        evalshaUnavailable();
                    }
                }
                return outcome.fail(failure);
            }

            private void evalshaUnavailable() {
                if (client.markEvalshaUnavailable()) {
                    client.log().warn("redis answered EVALSHA with \"" + evalshaError + "\" but runs the script "
                            + "sent with EVAL: sending it with EVAL from now on");
                }
            }
        }
    }

    /** The command out for one run. */
    private enum Stage {
        /** {@code EVALSHA}, the first command while the service takes it. */
        EVALSHA,
        /** {@code EVAL} after {@code NOSCRIPT}. */
        EVAL_AFTER_NOSCRIPT,
        /** {@code EVAL} after another error reply to {@code EVALSHA}: if it reaches the script, EVALSHA is missing. */
        EVAL_AFTER_EVALSHA_ERROR,
        /** {@code EVAL} as the first command: the service lacks {@code EVALSHA}. */
        EVAL
    }
}
