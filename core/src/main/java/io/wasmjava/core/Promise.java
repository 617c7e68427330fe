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
 * tokenClient.call(tokenRequest)
 *     .map(response -> response.bodyString())
 *     .flatMap(token -> redis.call(RedisCommand.get("quota:" + token)))
 *     .flatMap(quota -> backend.call(checkRequest(quota.asString())))
 *     .onSuccess(response -> http.addRequestHeader("x-verdict", response.bodyString()))
 *     .resumeOrReject(http, 503, "dependency failed");
 * }</pre>
 *
 * <p>Contracts:
 * <ul>
 *   <li>A promise completes at most once; later completions are ignored. Each stage runs at most once, and exactly
 *       once when its promise completes (unless its request has ended, below).</li>
 *   <li>Stages added to a pending promise run, in the order added, when it completes, inside the host callback that
 *       completed it; stages added to a completed promise run at once, before the adding method returns.</li>
 *   <li>An exception thrown by a stage (a function or action passed to this class) fails the promise that stage
 *       returns; it never escapes to the caller, nor to whoever completed the promise.</li>
 *   <li>A promise bound to a request stops silently once that request's stream has ended: its stages do not run,
 *       its failure is not reported, and the stages it added to promises that outlive it (an unbound shared promise,
 *       {@link #bindTo}, {@link #flatMap} on a shared promise, {@link #all}) and its {@link #timeout} deadlines are
 *       removed when the stream ends, so a shared promise keeps nothing of requests that are gone. {@link #create}, {@link #deferred}, {@link #all}, {@link #any} and
 *       {@link #first} bind to the request being handled when they are called (none during configuration and
 *       ticks); {@link #bindTo} binds explicitly; every stage's promise is bound like the promise it was added to;
 *       {@link #createForPlugin}, {@link #succeeded} and {@link #failed} make unbound promises. Do not share a
 *       promise bound to one request with other requests: once it ends, their stages would not run either. Share
 *       an unbound promise instead and {@link #bindTo} each request.</li>
 *   <li>A failure that reaches the end of a chain, with no stage added to it by the end of the host callback in
 *       which it failed, is logged once at error after that callback (with the request's log prefix if bound). A
 *       failure an {@link #onFailure} or {@link #onComplete} action has seen counts as handled and is not logged
 *       again further down the chain; neither is one that {@link #all}, {@link #any} or {@link #first} ignored.</li>
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
    /** True when a stage upstream already saw this failure, so reaching the end of the chain is not an error. */
    private boolean failureHandled;
    /** The first stage waiting for this promise (the common case is exactly one), then any others. */
    private Consumer<Promise<T>> firstListener;
    /**
     * Stages after the first, and every stage bound to a request other than this promise's: such a stage is
     * removed when its request ends, so a promise that outlives many requests (a shared fetch) keeps none of them.
     */
    private RegistrationList<Consumer<Promise<T>>> moreListeners;
    private boolean hasListener;
    private boolean reported;

    private Promise(PluginContext plugin, HttpContext request) {
        this.plugin = plugin;
        this.request = request;
    }

    /** Completes a promise made by {@link #create} or {@link #deferred}. */
    public interface Completer<T> {
        /** Succeeds the promise with {@code value}; returns false (and does nothing) if it was already completed. */
        boolean succeed(T value);

        /**
         * Fails the promise with {@code failure} (a null failure becomes a {@link NullPointerException}); returns
         * false (and does nothing) if it was already completed.
         */
        boolean fail(Throwable failure);
    }

    /**
     * A pending promise for a callback-style call, bound to the request being handled (if any): {@code start} runs
     * at once with the completer, typically passing it to a client's callback. An exception thrown by {@code start}
     * fails the promise; if {@code start} had already completed it, the exception is logged at error instead.
     *
     * @throws IllegalArgumentException if {@code plugin} is null
     */
    public static <T> Promise<T> create(PluginContext plugin, Consumer<Completer<T>> start) {
        return start(boundToRequest(plugin), start);
    }

    /**
     * Like {@link #create}, but bound to no request: its stages run even after the request being handled has ended.
     * For results shared by several requests (a token fetched once for all) and for plugin-level work.
     *
     * @throws IllegalArgumentException if {@code plugin} is null
     */
    public static <T> Promise<T> createForPlugin(PluginContext plugin, Consumer<Completer<T>> start) {
        return start(new Promise<>(requirePlugin(plugin), null), start);
    }

    /**
     * A pending promise, bound to the request being handled (if any), with its completer, for code that completes it
     * later.
     *
     * @throws IllegalArgumentException if {@code plugin} is null
     */
    public static <T> Deferred<T> deferred(PluginContext plugin) {
        Promise<T> promise = boundToRequest(plugin);
        return new Deferred<>(promise, promise.completer());
    }

    /**
     * An already succeeded promise, bound to no request.
     *
     * @throws IllegalArgumentException if {@code plugin} is null
     */
    public static <T> Promise<T> succeeded(PluginContext plugin, T value) {
        Promise<T> promise = new Promise<>(requirePlugin(plugin), null);
        promise.complete(SUCCEEDED, value, null, false);
        return promise;
    }

    /**
     * An already failed promise, bound to no request; a null {@code failure} becomes a {@link NullPointerException}.
     * Reported like any other failure if no stage is added to it by the end of the current host callback.
     *
     * @throws IllegalArgumentException if {@code plugin} is null
     */
    public static <T> Promise<T> failed(PluginContext plugin, Throwable failure) {
        Promise<T> promise = new Promise<>(requirePlugin(plugin), null);
        promise.complete(FAILED, null, requireFailure(failure), false);
        return promise;
    }

    /**
     * Succeeds with every value, in the order of {@code promises}, once all succeed; fails with the first failure to
     * arrive (the others are then ignored, and count as handled). An empty list succeeds at once with an empty list.
     * The value list is unmodifiable.
     */
    @SuppressWarnings("unchecked")
    public static <T> Promise<List<T>> all(PluginContext plugin, List<Promise<T>> promises) {
        if (promises.isEmpty()) {
            return start(boundToRequest(plugin), completer -> completer.succeed(Collections.<T>emptyList()));
        }
        return gather(plugin, promises, FAILED, (result, values) ->
                result.complete(SUCCEEDED, (List<T>) Collections.unmodifiableList(values), null, false));
    }

    /**
     * Succeeds with the first value to arrive (later outcomes are ignored); fails only when all have failed, with an
     * {@link AllFailedException} carrying every failure in the order of {@code promises}.
     *
     * @throws IllegalArgumentException if {@code promises} is empty
     */
    @SuppressWarnings("unchecked")
    public static <T> Promise<T> any(PluginContext plugin, List<Promise<T>> promises) {
        if (promises.isEmpty()) {
            throw new IllegalArgumentException("any() needs at least one promise");
        }
        return gather(plugin, promises, SUCCEEDED, (result, failures) ->
                result.complete(FAILED, null, new AllFailedException((List<Throwable>) (List<?>) failures), false));
    }

    /**
     * What {@link #all} and {@link #any} share: the first of {@code promises} to end in state {@code decisive} decides
     * the result; the other outcomes (values or failures) are kept in order and handed to {@code whenAll} at the end.
     */
    @SuppressWarnings("unchecked")
    private static <T, R> Promise<R> gather(PluginContext plugin, List<Promise<T>> promises, int decisive,
            BiConsumer<Promise<R>, List<Object>> whenAll) {
        Promise<R> result = boundToRequest(plugin);
        int count = promises.size();
        List<Object> kept = new ArrayList<>(Collections.nCopies(count, null));
        int[] remaining = {count};
        for (int i = 0; i < count; i++) {
            int index = i;
            promises.get(i).listen(source -> {
                if (source.state == decisive) {
                    result.complete(decisive, (R) source.value, source.failure, source.failureHandled);
                } else {
                    kept.set(index, decisive == FAILED ? source.value : source.failure);
                    if (--remaining[0] == 0) {
                        whenAll.accept(result, kept);
                    }
                }
            }, result.request);
        }
        return result;
    }

    /**
     * Completes like whichever of {@code promises} completes first, success or failure; the later outcomes are
     * ignored (a later failure counts as handled).
     *
     * @throws IllegalArgumentException if {@code promises} is empty
     */
    public static <T> Promise<T> first(PluginContext plugin, List<Promise<T>> promises) {
        if (promises.isEmpty()) {
            throw new IllegalArgumentException("first() needs at least one promise");
        }
        Promise<T> result = boundToRequest(plugin);
        for (Promise<T> promise : promises) {
            promise.listen(result::adopt, result.request);
        }
        return result;
    }

    /** A pending promise bound to the request being handled, if any. */
    private static <T> Promise<T> boundToRequest(PluginContext plugin) {
        return new Promise<>(requirePlugin(plugin), plugin.callouts().currentRequest());
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
     * The failure. Reading it does not count as handling it.
     *
     * @throws IllegalStateException unless {@link #isFailed()}
     */
    public Throwable failure() {
        if (state != FAILED) {
            throw new IllegalStateException("promise has not failed");
        }
        return failure;
    }

    /**
     * A promise of {@code mapper(value)}, failed instead if {@code mapper} throws; failures pass through unchanged
     * ({@code mapper} does not run).
     */
    public <R> Promise<R> map(Function<? super T, ? extends R> mapper) {
        return apply(SUCCEEDED, mapper, null, (next, mapped, source) -> next.complete(SUCCEEDED, mapped, null, false));
    }

    /**
     * A promise completing like the one {@code mapper} returns for the value; failed instead if {@code mapper}
     * throws or returns null. Failures pass through unchanged ({@code mapper} does not run).
     */
    public <R> Promise<R> flatMap(Function<? super T, Promise<R>> mapper) {
        return apply(SUCCEEDED, mapper, "flatMap", (next, inner, source) -> inner.listen(next::adopt, next.request));
    }

    /** Same as {@link #flatMap}, named after {@code CompletableFuture.thenCompose}. */
    public <R> Promise<R> thenCompose(Function<? super T, Promise<R>> mapper) {
        return flatMap(mapper);
    }

    /**
     * A promise of the value, or of {@code recovery(failure)} if this fails (the failure is then handled); failed
     * with the new exception if {@code recovery} throws.
     */
    public Promise<T> recover(Function<? super Throwable, ? extends T> recovery) {
        return apply(FAILED, recovery, null,
                (next, recovered, source) -> next.complete(SUCCEEDED, recovered, null, false));
    }

    /**
     * A promise of the value, or completing like {@code recovery(failure)} if this fails; failed with the new
     * exception if {@code recovery} throws or returns null.
     */
    public Promise<T> recoverWith(Function<? super Throwable, Promise<T>> recovery) {
        return apply(FAILED, recovery, "recoverWith", (next, inner, source) -> inner.listen(next::adopt, next.request));
    }

    /**
     * A promise of the same value, or failed with {@code mapper(failure)} if this fails: for wrapping a failure in
     * one that says which step failed. Failed with the new exception if {@code mapper} throws, or with a
     * {@link NullPointerException} if it returns null.
     */
    public Promise<T> mapFailure(Function<? super Throwable, ? extends Throwable> mapper) {
        return apply(FAILED, mapper, "mapFailure",
                (next, mapped, source) -> next.complete(FAILED, null, mapped, source.failureHandled));
    }

    /** What an operator does with its function's result {@code result}, {@code source} being this promise. */
    private interface Step<T, R, O> {
        void complete(Promise<R> next, O result, Promise<T> source);
    }

    /**
     * The shape of the operators that run a function: once this completes in state {@code on}, {@code function} gets
     * the value (or the failure) and {@code step} completes the returned promise with its result; the other outcome
     * passes through unchanged. If {@code function} throws, the returned promise fails with that exception; if it
     * returns null and {@code operator} is not null, with a {@link NullPointerException} naming the operator.
     */
    @SuppressWarnings("unchecked")
    private <I, O, R> Promise<R> apply(int on, Function<? super I, ? extends O> function, String operator,
            Step<T, R, O> step) {
        Promise<R> next = derived();
        listen(source -> {
            if (source.state != on) {
                if (on == SUCCEEDED) {
                    next.completeWithFailureOf(source);
                } else {
                    next.complete(SUCCEEDED, (R) source.value, null, false);
                }
                return;
            }
            O result;
            try {
                result = function.apply((I) (on == SUCCEEDED ? source.value : source.failure));
            } catch (Throwable e) {
                next.complete(FAILED, null, e, false);
                return;
            }
            if (result == null && operator != null) {
                next.complete(FAILED, null, new NullPointerException(operator + " function returned null"), false);
                return;
            }
            step.complete(next, result, source);
        });
        return next;
    }

    /**
     * Runs {@code action} with the value (not on failure). Returns a promise of the same outcome, failed instead if
     * {@code action} throws.
     */
    public Promise<T> onSuccess(Consumer<? super T> action) {
        return peek((ok, error) -> {
            if (error == null) {
                action.accept(ok);
            }
        }, false);
    }

    /**
     * Runs {@code action} with the failure (not on success), which then counts as handled. Returns a promise of the
     * same outcome: still failed, but neither it nor any promise derived from it reports this failure again. Failed
     * with the new exception instead if {@code action} throws (and that one is reported if nobody handles it).
     */
    public Promise<T> onFailure(Consumer<? super Throwable> action) {
        return peek((ok, error) -> {
            if (error != null) {
                action.accept(error);
            }
        }, true);
    }

    /**
     * Runs {@code action} with (value, null) or (null, failure); a failure then counts as handled, as for
     * {@link #onFailure}. Returns a promise of the same outcome, failed instead if {@code action} throws.
     */
    public Promise<T> onComplete(BiConsumer<? super T, ? super Throwable> action) {
        return peek(action, true);
    }

    private Promise<T> peek(BiConsumer<? super T, ? super Throwable> action, boolean handlesFailure) {
        Promise<T> next = derived();
        listen(source -> {
            boolean failed = source.state == FAILED;
            try {
                action.accept(source.value, failed ? source.failure : null);
            } catch (Throwable e) {
                next.complete(FAILED, null, e, false);
                return;
            }
            next.complete(source.state, source.value, source.failure,
                    failed && (handlesFailure || source.failureHandled));
        });
        return next;
    }

    /**
     * Fails the returned promise with a {@link PromiseTimeoutException} if this one has not completed within
     * {@code timeoutMillis} by the host clock. Deadlines are checked on the plugin's tick (registered on first use,
     * every 100 ms), so the failure arrives in a tick callback up to 100 ms after the deadline. The underlying call
     * is not cancelled: its late outcome is ignored (a late failure counts as handled). A promise that is already
     * complete is passed on at once, without a deadline.
     *
     * @throws IllegalArgumentException if {@code timeoutMillis} is not positive
     */
    public Promise<T> timeout(long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive but was " + timeoutMillis);
        }
        Promise<T> next = derived();
        listen(next::adopt);
        if (!next.isDone()) {
            long nowMillis = plugin.currentTimeMillis();
            long deadlineMillis = nowMillis + timeoutMillis < nowMillis ? Long.MAX_VALUE : nowMillis + timeoutMillis;
            PromiseTimeouts.of(plugin).add(deadlineMillis, next, () -> next.complete(FAILED, null,
                    new PromiseTimeoutException("no result within " + timeoutMillis + " ms"), false));
        }
        return next;
    }

    /**
     * A promise of the same outcome whose stages stop silently once {@code http}'s stream has ended. Stages added to
     * this promise itself are still bound as this promise is.
     */
    public Promise<T> bindTo(HttpContext http) {
        if (http == null) {
            throw new IllegalArgumentException("http must not be null");
        }
        Promise<T> next = new Promise<>(plugin, http);
        listen(next::adopt, http);
        return next;
    }

    /**
     * Ends a chain for a request the plugin paused: on success resumes it, unless a stage already answered it with
     * {@code sendLocalResponse}; on failure logs the failure at warn and answers {@code failureStatus} with
     * {@code failureBody} (unless a stage already answered). Runs once, when this promise completes; nothing happens
     * if the stream has ended by then. If resuming or answering throws, that failure is logged at error.
     */
    public void resumeOrReject(HttpContext http, int failureStatus, String failureBody) {
        resumeOrReject(http, failureStatus, error -> failureBody);
    }

    /**
     * Like {@link #resumeOrReject(HttpContext, int, String)}, with the body computed from the failure (e.g. naming
     * the step that failed). If {@code failureBody} throws or returns null, the answer has an empty body and the
     * exception is logged at error.
     */
    public void resumeOrReject(HttpContext http, int failureStatus, Function<? super Throwable, String> failureBody) {
        bindTo(http).onComplete((ok, error) -> {
            if (error != null) {
                http.log().warn("request chain failed: " + describe(error));
                if (!http.hasSentLocalResponse()) {
                    String body;
                    try {
                        body = failureBody.apply(error);
                    } catch (Throwable e) {
                        http.log().error("failure body function threw: " + describe(e));
                        body = null;
                    }
                    http.sendLocalResponse(failureStatus, body == null ? "" : body);
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

    /** True once the request this promise is bound to has ended: nothing will act on it any more. */
    boolean isAbandoned() {
        return request != null && request.isStreamEnded();
    }

    private Completer<T> completer() {
        return new Completer<T>() {
            @Override
            public boolean succeed(T result) {
                return complete(SUCCEEDED, result, null, false);
            }

            @Override
            public boolean fail(Throwable error) {
                return complete(FAILED, null, requireFailure(error), false);
            }
        };
    }

    private void adopt(Promise<T> source) {
        complete(source.state, source.value, source.failure, source.failureHandled);
    }

    private void completeWithFailureOf(Promise<?> source) {
        complete(FAILED, null, source.failure, source.failureHandled);
    }

    private boolean complete(int newState, T newValue, Throwable newFailure, boolean handled) {
        if (state != PENDING) {
            return false;
        }
        state = newState;
        value = newValue;
        failure = newFailure;
        failureHandled = newState == FAILED && handled;
        if (newState == FAILED && !hasListener && !failureHandled) {
            // Checked again after the callback: a stage added later in the same callback handles it.
            plugin.runAfterCallback(this::reportIfUnhandled);
        }
        Consumer<Promise<T>> first = firstListener;
        RegistrationList<Consumer<Promise<T>>> more = moreListeners;
        firstListener = null;
        moreListeners = null;
        if (first != null) {
            runListener(first);
        }
        if (more != null) {
            for (Consumer<Promise<T>> listener = more.poll(); listener != null; listener = more.poll()) {
                runListener(listener);
            }
        }
        return true;
    }

    /** Adds a stage that belongs to a promise bound like this one. */
    private void listen(Consumer<Promise<T>> listener) {
        listen(listener, request);
    }

    /**
     * Adds a stage that belongs to a promise bound to {@code owner} (null: to no request). If that is not this
     * promise's request, the stage may be waiting for longer than its request lives, so it is removed when
     * {@code owner}'s stream ends; otherwise it lives exactly as long as this promise.
     */
    private void listen(Consumer<Promise<T>> listener, HttpContext owner) {
        hasListener = true;
        if (state != PENDING) {
            runListener(listener);
            return;
        }
        boolean outlivesOwner = owner != null && owner != request;
        if (!outlivesOwner && firstListener == null && moreListeners == null) {
            firstListener = listener;
            return;
        }
        if (moreListeners == null) {
            moreListeners = new RegistrationList<>();
        }
        if (outlivesOwner) {
            moreListeners.addUntilStreamEnd(owner, listener);
        } else {
            moreListeners.add(listener);
        }
    }

    /** Stages waiting for this promise (for tests). */
    int waitingStages() {
        return (firstListener == null ? 0 : 1) + (moreListeners == null ? 0 : moreListeners.size());
    }

    /** The request this promise is bound to, or null. */
    HttpContext boundRequest() {
        return request;
    }

    private void runListener(Consumer<Promise<T>> listener) {
        if (isAbandoned()) {
            // The request is gone: nobody to act for. Stop the chain without reporting anything.
            return;
        }
        try {
            listener.accept(this);
        } catch (Throwable e) {
            // Stages catch what user code throws; this is a fault of the machinery itself (e.g. a stack overflow in
            // a very long chain). Keep the other listeners running, and say so.
            log().error("promise stage failed unexpectedly: " + describe(e));
        }
    }

    private void reportIfUnhandled() {
        if (hasListener || failureHandled || reported || isAbandoned()) {
            return;
        }
        reported = true;
        log().error("unhandled promise failure: " + describe(failure));
    }

    private Log log() {
        return request != null ? request.log() : plugin.log();
    }

    private static <T> Promise<T> start(Promise<T> promise, Consumer<Completer<T>> start) {
        try {
            start.accept(promise.completer());
        } catch (Throwable e) {
            if (!promise.complete(FAILED, null, e, false)) {
                // The promise already has its outcome; the exception must still not vanish.
                promise.log().error("exception after the promise was completed: " + describe(e));
            }
        }
        return promise;
    }

    private static PluginContext requirePlugin(PluginContext plugin) {
        if (plugin == null) {
            throw new IllegalArgumentException("plugin must not be null");
        }
        return plugin;
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

        /** The promise; hand it to the code that waits. */
        public Promise<T> promise() {
            return promise;
        }

        /** The completer; keep it in the code that produces the outcome. */
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
