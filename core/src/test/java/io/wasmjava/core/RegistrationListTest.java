package io.wasmjava.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationListTest {
    /**
     * A request that only knows whether it has ended and which release actions it holds: the two methods
     * {@link RegistrationList#addUntilStreamEnd} uses. Any other call fails the test.
     */
    private static final class FakeRequest {
        final RegistrationList<Runnable> actions = new RegistrationList<>();
        boolean ended;
        final HttpContext context = (HttpContext) Proxy.newProxyInstance(HttpContext.class.getClassLoader(),
                new Class<?>[] {HttpContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "isStreamEnded":
                            return ended;
                        case "onStreamEnd":
                            return actions.add((Runnable) args[0]);
                        default:
                            throw new AssertionError("the fake request does not model " + method.getName());
                    }
                });

        void end() {
            ended = true;
            for (Runnable action = actions.poll(); action != null; action = actions.poll()) {
                action.run();
            }
        }
    }

    private static <T> List<T> drain(RegistrationList<T> list) {
        List<T> items = new ArrayList<>();
        for (T item = list.poll(); item != null; item = list.poll()) {
            items.add(item);
        }
        return items;
    }

    @Test
    void pollsInTheOrderAdded() {
        RegistrationList<String> list = new RegistrationList<>();
        list.add("a");
        list.add("b");
        list.add("c");

        assertThat(list.size()).isEqualTo(3);
        assertThat(drain(list)).containsExactly("a", "b", "c");
        assertThat(list.isEmpty()).isTrue();
        assertThat(list.poll()).isNull();
    }

    @Test
    void cancellingRemovesExactlyThatEntryOnceWhereverItIs() {
        RegistrationList<String> list = new RegistrationList<>();
        Registration a = list.add("a");
        Registration b = list.add("b");
        list.add("c");
        Registration d = list.add("d");

        b.cancel();
        b.cancel();
        d.cancel();
        a.cancel();

        assertThat(list.size()).isEqualTo(1);
        assertThat(drain(list)).containsExactly("c");
    }

    @Test
    void cancellingAPolledEntryDoesNothing() {
        RegistrationList<String> list = new RegistrationList<>();
        Registration a = list.add("a");
        list.add("b");
        list.poll();

        a.cancel();

        assertThat(drain(list)).containsExactly("b");
    }

    @Test
    void removeIfRemovesMatchingEntriesAndVisitsEntriesTheFilterAdds() {
        RegistrationList<Integer> list = new RegistrationList<>();
        for (int i = 1; i <= 5; i++) {
            list.add(i);
        }
        List<Integer> visited = new ArrayList<>();

        list.removeIf(i -> {
            visited.add(i);
            if (i == 5) {
                list.add(6);
            }
            return i % 2 == 0;
        });

        assertThat(visited).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(drain(list)).containsExactly(1, 3, 5);
    }

    @Test
    void anEntryAddedUntilStreamEndLeavesWhenTheStreamEnds() {
        RegistrationList<String> list = new RegistrationList<>();
        FakeRequest first = new FakeRequest();
        FakeRequest second = new FakeRequest();
        list.addUntilStreamEnd(first.context, "first");
        list.addUntilStreamEnd(second.context, "second");
        list.add("for good");

        first.end();

        assertThat(drain(list)).containsExactly("second", "for good");
    }

    @Test
    void anEntryRemovedEarlyTakesItsReleaseActionBackFromTheRequest() {
        RegistrationList<String> list = new RegistrationList<>();
        FakeRequest request = new FakeRequest();
        Registration cancelled = list.addUntilStreamEnd(request.context, "cancelled");
        list.addUntilStreamEnd(request.context, "polled");
        list.addUntilStreamEnd(request.context, "filtered");
        list.addUntilStreamEnd(request.context, "kept");
        assertThat(request.actions.size()).isEqualTo(4);

        cancelled.cancel();
        assertThat(list.poll()).isEqualTo("polled");
        list.removeIf("filtered"::equals);

        assertThat(request.actions.size()).as("release actions left with the request").isEqualTo(1);
        request.end();
        assertThat(list.isEmpty()).isTrue();
    }

    @Test
    void addingForARequestThatHasEndedAddsNothing() {
        RegistrationList<String> list = new RegistrationList<>();
        FakeRequest request = new FakeRequest();
        request.end();

        Registration registration = list.addUntilStreamEnd(request.context, "late");

        assertThat(registration).isSameAs(Registration.NONE);
        assertThat(list.isEmpty()).isTrue();
        assertThat(request.actions.isEmpty()).isTrue();
    }

    @Test
    void addingForNoRequestAddsForGood() {
        RegistrationList<String> list = new RegistrationList<>();

        list.addUntilStreamEnd(null, "plugin-wide");

        assertThat(drain(list)).containsExactly("plugin-wide");
    }

    @Test
    void refusesNullEntries() {
        RegistrationList<String> list = new RegistrationList<>();

        assertThatThrownBy(() -> list.add(null)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("item must not be null");
        assertThatThrownBy(() -> list.addUntilStreamEnd(new FakeRequest().context, null))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("item must not be null");
    }
}
