package io.wasmjava.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One value or failure that arrives later, for the plugin's single thread (TeaVM has no
 * {@code CompletableFuture}, and the VM needs no locks). Chains replace nested callbacks:
 *
 * <pre>{@code
 * tokens.fetch(http)
 *     .flatMap(token -> redis.get("quota:" + token))
 *     .flatMap(quota -> backend.send(request(quota)))
 *     .map(response -> { http.addRequestHeader("x-quota", response.bodyString()); return response; })
 *     .resumeOrReject(http, 503, "dependency failed");
 * }</pre>
 *
 * <p>Contracts:
 * <ul>
 *   <li>A promise completes at most once; later completions are ignored. Each stage runs at most once.</li>
 *   <li>Stages added to a pending promise run, in the order added, when it completes; stages added to a completed
 *       promise run at once, before the adding method returns.</li>
 *   <li>An exception thrown by a stage fails the promise that stage returns; it never escapes to the caller.</li>
 *   <li>A promise bound to a request ({@link #bindTo}, and every promise a client returns while handling a
 *       request) stops silently once that request's stream has ended: its stages do not run.</li>
 *   <li>A failure that reaches the end of a chain with no stage to handle it is logged once at error, after the
 *       current host callback.</li>
 * </ul>
 *
 * @param <T> the value type; null values are allowed
 */
public final class Promise<T> {
    private static final int PENDING = 0;
    private static final int SUCCEEDED = 1;
    private static final int FAILED = 2;

    private final PluginContext plugin;
    private final HttpContext request;
    private int state = PENDING;
    private T value;
    private Throwable failure;
    private List<Runnable> listeners;
    private boolean hasListener;
    private boolean unhandledReported;

    private Promise(PluginContext plugin, HttpContext request) {
        if (plugin == null) {
            throw new IllegalArgumentException("plugin must not be null");
        }
        this.plugin = plugin;
        this.request = request;
    }

    /** Completes a promise made by {@link #create}. Each method returns false if it was already completed. */
    public interface Completer<T> {
        boolean succeed(T value);

        boolean fail(Throwable failure);
    }

    /**
     * A pending promise for a callback-style call: {@code start} runs at once with the completer, typically passing it
     * to a client's callback. An exception thrown by {@code start} fails the promise.
     */
    public static <T> Promise<T> create(PluginContext plugin, Consumer<Completer<T>> start) {
        Promise<T> promise = new Promise<>(plugin, plugin.callouts().currentRequest());
        try {
            start.accept(promise.completer());
        } catch (Throwable e) {
            promise.complete(FAILED, null, e);
        }
        return promise;
    }

    /** A pending promise with its completer, for code that completes it later. */
    public static <T> Deferred<T> deferred(PluginContext plugin) {
        Promise<T> promise = new Promise<>(plugin, plugin.callouts().currentRequest());
        return new Deferred<>(promise, promise.completer());
    }

    /** An already succeeded promise. */
    public static <T> Promise<T> succeeded(PluginContext plugin, T value) {
        Promise<T> promise = new Promise<>(plugin, null);
        promise.complete(SUCCEEDED, value, null);
        return promise;
    }

    /** An already failed promise. */
    public static <T> Promise<T> failed(PluginContext plugin, Throwable failure) {
        Promise<T> promise = new Promise<>(plugin, null);
        promise.complete(FAILED, null, requireFailure(failure));
        return promise;
    }

    /**
     * Succeeds with every value, in the order of {@code promises}, once all succeed; fails with the first failure (the
     * others are then ignored, and count as handled). An empty list succeeds at once.
     */
    public static <T> Promise<List<T>> all(PluginContext plugin, List<Promise<T>> promises) {
        Promise<List<T>> result = new Promise<>(plugin, plugin.callouts().currentRequest());
        int count = promises.size();
        if (count == 0) {
            result.complete(SUCCEEDED, Collections.<T>emptyList(), null);
            return result;
        }
        List<T> values = new ArrayList<>(Collections.<T>nCopies(count, null));
        int[] remaining = {count};
        for (int i = 0; i < count; i++) {
            int index = i;
            promises.get(i).listen(source -> {
                if (source.state == SUCCEEDED) {
                    values.set(index, source.value);
                    if (--remaining[0] == 0) {
                        result.complete(SUCCEEDED, Collections.unmodifiableList(values), null);
                    }
                } else {
                    result.complete(FAILED, null, source.failure);
                }
            });
        }
        return result;
    }

    /**
     * Succeeds with the first value to arrive; fails only when all have failed, with an {@link AllFailedException}
     * carrying every failure in the order of {@code promises}.
     *
     * @throws IllegalArgumentException if {@code promises} is empty
     */
    public static <T> Promise<T> any(PluginContext plugin, List<Promise<T>> promises) {
        if (promises.isEmpty()) {
            throw new IllegalArgumentException("any() needs at least one promise");
        }
        Promise<T> result = new Promise<>(plugin, plugin.callouts().currentRequest());
        int count = promises.size();
        List<Throwable> failures = new ArrayList<>(Collections.<Throwable>nCopies(count, null));
        int[] remaining = {count};
        for (int i = 0; i < count; i++) {
            int index = i;
            promises.get(i).listen(source -> {
                if (source.state == SUCCEEDED) {
                    result.complete(SUCCEEDED, source.value, null);
                } else {
                    failures.set(index, source.failure);
                    if (--remaining[0] == 0) {
                        result.complete(FAILED, null, new AllFailedException(failures));
                    }
                }
            });
        }
        return result;
    }

    /** Completes like whichever of {@code promises} completes first, success or failure. */
    public static <T> Promise<T> first(PluginContext plugin, List<Promise<T>> promises) {
        if (promises.isEmpty()) {
            throw new IllegalArgumentException("first() needs at least one promise");
        }
        Promise<T> result = new Promise<>(plugin, plugin.callouts().currentRequest());
        for (Promise<T> promise : promises) {
            promise.listen(source -> result.complete(source.state, source.value, source.failure));
        }
        return result;
    }

    /** True once completed. */
    public boolean isDone() {
        return state != PENDING;
    }

    /** True if completed with a value. */
    public boolean isSucceeded() {
        return state == SUCCEEDED;
    }

    /** True if completed with a failure. */
    public boolean isFailed() {
        return state == FAILED;
    }

    /**
     * The value.
     *
     * @throws IllegalStateException unless {@link #isSucceeded()}
     */
    public T value() {
        if (state != SUCCEEDED) {
            throw new IllegalStateException("promise has not succeeded");
        }
        return value;
    }

    /**
     * The failure.
     *
     * @throws IllegalStateException unless {@link #isFailed()}
     */
    public Throwable failure() {
        if (state != FAILED) {
            throw new IllegalStateException("promise has not failed");
        }
        return failure;
    }

    /** A promise of {@code mapper(value)}; failures pass through unchanged. */
    public <R> Promise<R> map(Function<? super T, ? extends R> mapper) {
        Promise<R> next = derived();
        listen(source -> {
            if (source.state == SUCCEEDED) {
                R mapped;
                try {
                    mapped = mapper.apply(source.value);
                } catch (Throwable e) {
                    next.complete(FAILED, null, e);
                    return;
                }
                next.complete(SUCCEEDED, mapped, null);
            } else {
                next.complete(FAILED, null, source.failure);
            }
        });
        return next;
    }

    /** A promise completing like the one {@code mapper} returns for the value; failures pass through. */
    public <R> Promise<R> flatMap(Function<? super T, Promise<R>> mapper) {
        Promise<R> next = derived();
        listen(source -> {
            if (source.state == SUCCEEDED) {
                Promise<R> inner;
                try {
                    inner = mapper.apply(source.value);
                } catch (Throwable e) {
                    next.complete(FAILED, null, e);
                    return;
                }
                if (inner == null) {
                    next.complete(FAILED, null, new NullPointerException("flatMap function returned null"));
                    return;
                }
                inner.listen(result -> next.complete(result.state, result.value, result.failure));
            } else {
                next.complete(FAILED, null, source.failure);
            }
        });
        return next;
    }

    /** Same as {@link #flatMap}, named after {@code CompletableFuture.thenCompose}. */
    public <R> Promise<R> thenCompose(Function<? super T, Promise<R>> mapper) {
        return flatMap(mapper);
    }

    /** A promise of the value, or of {@code recovery(failure)} if this fails. */
    public Promise<T> recover(Function<? super Throwable, ? extends T> recovery) {
        Promise<T> next = derived();
        listen(source -> {
            if (source.state == FAILED) {
                T recovered;
                try {
                    recovered = recovery.apply(source.failure);
                } catch (Throwable e) {
                    next.complete(FAILED, null, e);
                    return;
                }
                next.complete(SUCCEEDED, recovered, null);
            } else {
                next.complete(SUCCEEDED, source.value, null);
            }
        });
        return next;
    }

    /** A promise of the value, or completing like {@code recovery(failure)} if this fails. */
    public Promise<T> recoverWith(Function<? super Throwable, Promise<T>> recovery) {
        Promise<T> next = derived();
        listen(source -> {
            if (source.state == FAILED) {
                Promise<T> inner;
                try {
                    inner = recovery.apply(source.failure);
                } catch (Throwable e) {
                    next.complete(FAILED, null, e);
                    return;
                }
                inner.listen(result -> next.complete(result.state, result.value, result.failure));
            } else {
                next.complete(SUCCEEDED, source.value, null);
            }
        });
        return next;
    }

    /**
     * Runs {@code action} with the value. Returns a promise of the same outcome, failed instead if {@code action}
     * throws.
     */
    public Promise<T> onSuccess(Consumer<? super T> action) {
        return peek((ok, error) -> {
            if (error == null) {
                action.accept(ok);
            }
        }, false);
    }

    /**
     * Runs {@code action} with the failure, which counts as handled. Returns a promise of the same outcome (still
     * failed, but not reported again), failed with the new exception instead if {@code action} throws.
     */
    public Promise<T> onFailure(Consumer<? super Throwable> action) {
        return peek((ok, error) -> {
            if (error != null) {
                action.accept(error);
            }
        }, true);
    }

    /** Runs {@code action} with (value, null) or (null, failure); the failure counts as handled. */
    public Promise<T> onComplete(BiConsumer<? super T, ? super Throwable> action) {
        return peek(action, true);
    }

    private Promise<T> peek(BiConsumer<? super T, ? super Throwable> action, boolean handlesFailure) {
        Promise<T> next = derived();
        if (handlesFailure) {
            next.unhandledReported = true;
        }
        listen(source -> {
            try {
                action.accept(source.value, source.state == FAILED ? source.failure : null);
            } catch (Throwable e) {
                next.unhandledReported = false;
                next.complete(FAILED, null, e);
                return;
            }
            next.complete(source.state, source.value, source.failure);
        });
        return next;
    }

    /**
     * Fails this chain with a {@link PromiseTimeoutException} if it has not completed within {@code timeoutMillis}
     * by the host clock, checked on the plugin's 100 ms tick. The underlying call is not cancelled: its late result
     * is ignored.
     */
    public Promise<T> timeout(long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive but was " + timeoutMillis);
        }
        Promise<T> next = derived();
        listen(source -> next.complete(source.state, source.value, source.failure));
        if (!next.isDone()) {
            PromiseTimeouts.of(plugin).add(plugin.currentTimeMillis() + timeoutMillis, () -> next.complete(FAILED,
                    null, new PromiseTimeoutException("no result within " + timeoutMillis + " ms")), next);
        }
        return next;
    }

    /** A promise like this one whose stages stop silently once {@code http}'s stream has ended. */
    public Promise<T> bindTo(HttpContext http) {
        Promise<T> next = new Promise<>(plugin, http);
        listen(source -> next.complete(source.state, source.value, source.failure));
        return next;
    }

    /**
     * Ends a chain for a request the plugin paused: on success resumes it, unless a stage already answered it; on
     * failure logs the failure at warn and answers {@code failureStatus} with {@code failureBody}. Nothing happens
     * if the stream has ended.
     */
    public void resumeOrReject(HttpContext http, int failureStatus, String failureBody) {
        bindTo(http).onComplete((ok, error) -> {
            if (error != null) {
                http.log().warn("request chain failed: " + describe(error));
                if (!http.hasSentLocalResponse()) {
                    http.sendLocalResponse(failureStatus, failureBody);
                }
            } else if (!http.hasSentLocalResponse()) {
                http.resumeRequest();
            }
        });
    }

    // ---- machinery ----

    private <R> Promise<R> derived() {
        return new Promise<>(plugin, request);
    }

    private Completer<T> completer() {
        return new Completer<T>() {
            @Override
            public boolean succeed(T result) {
                return complete(SUCCEEDED, result, null);
            }

            @Override
            public boolean fail(Throwable error) {
                return complete(FAILED, null, requireFailure(error));
            }
        };
    }

    private boolean complete(int newState, T newValue, Throwable newFailure) {
        if (state != PENDING) {
            return false;
        }
        state = newState;
        value = newValue;
        failure = newFailure;
        if (newState == FAILED && !hasListener && !unhandledReported) {
            plugin.runAfterCallback(this::reportIfUnhandled);
        }
        if (listeners != null) {
            List<Runnable> toRun = listeners;
            listeners = null;
            for (Runnable listener : toRun) {
                listener.run();
            }
        }
        return true;
    }

    private void listen(Consumer<Promise<T>> listener) {
        hasListener = true;
        Runnable run = () -> {
            if (request != null && request.isStreamEnded()) {
                // The request is gone: nobody to act for. Stop the chain without reporting anything.
                return;
            }
            listener.accept(this);
        };
        if (state != PENDING) {
            run.run();
        } else {
            if (listeners == null) {
                listeners = new ArrayList<>(1);
            }
            listeners.add(run);
        }
    }

    private void reportIfUnhandled() {
        if (hasListener || unhandledReported || (request != null && request.isStreamEnded())) {
            return;
        }
        unhandledReported = true;
        Log log = request != null ? request.log() : plugin.log();
        log.error("unhandled promise failure: " + describe(failure));
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getName() : error.getClass().getName() + ": " + message;
    }

    private static Throwable requireFailure(Throwable failure) {
        return failure != null ? failure : new NullPointerException("promise failed with a null failure");
    }

    /** A pending promise and the completer that completes it. */
    public static final class Deferred<T> {
        private final Promise<T> promise;
        private final Completer<T> completer;

        Deferred(Promise<T> promise, Completer<T> completer) {
            this.promise = promise;
            this.completer = completer;
        }

        public Promise<T> promise() {
            return promise;
        }

        public Completer<T> completer() {
            return completer;
        }
    }

    /** Every promise given to {@link Promise#any} failed. */
    public static final class AllFailedException extends Exception {
        private final List<Throwable> failures;

        AllFailedException(List<Throwable> failures) {
            super("all " + failures.size() + " promises failed; first: " + describe(failures.get(0)));
            this.failures = Collections.unmodifiableList(new ArrayList<>(failures));
        }

        /** Each failure, in the order the promises were given. */
        public List<Throwable> failures() {
            return failures;
        }
    }

    /** {@link Promise#timeout} elapsed first. */
    public static final class PromiseTimeoutException extends Exception {
        PromiseTimeoutException(String message) {
            super(message);
        }
    }
}
