package io.wasmjava.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntTableTest {
    @Test
    void findsWhatWasPutAndNothingElse() {
        IntTable<String> table = new IntTable<>();
        table.put(1, "one");
        table.put(-7, "minus seven");
        table.put(0, "zero");

        assertThat(table.get(1)).isEqualTo("one");
        assertThat(table.get(-7)).isEqualTo("minus seven");
        assertThat(table.get(0)).isEqualTo("zero");
        assertThat(table.get(2)).isNull();
        assertThat(table.containsKey(-7)).isTrue();
        assertThat(table.containsKey(8)).isFalse();
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void putReplacesTheValueOfAnExistingKey() {
        IntTable<String> table = new IntTable<>();
        table.put(5, "a");
        table.put(5, "b");

        assertThat(table.get(5)).isEqualTo("b");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void removeReturnsTheValueOnceAndKeepsTheOthersReachable() {
        IntTable<String> table = new IntTable<>();
        for (int key = 0; key < 100; key++) {
            table.put(key, "v" + key);
        }

        assertThat(table.remove(40)).isEqualTo("v40");
        assertThat(table.remove(40)).isNull();
        assertThat(table.remove(1000)).isNull();
        for (int key = 0; key < 100; key++) {
            assertThat(table.get(key)).isEqualTo(key == 40 ? null : "v" + key);
        }
        assertThat(table.size()).isEqualTo(99);
    }

    @Test
    void rejectsNullValues() {
        assertThatThrownBy(() -> new IntTable<String>().put(3, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("null value for 3");
    }

    @Test
    void behavesLikeHashMapUnderRandomOperationsWithCollidingKeys() {
        Random random = new Random(11);
        IntTable<Integer> table = new IntTable<>();
        Map<Integer, Integer> expected = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            // Few distinct keys, spread and dense, so runs form, wrap around the table and are cut by removals.
            int key = random.nextBoolean() ? random.nextInt(64) : random.nextInt(48) << 16;
            switch (random.nextInt(3)) {
                case 0:
                    table.put(key, step);
                    expected.put(key, step);
                    break;
                case 1:
                    assertThat(table.remove(key)).as("remove %d at step %d", key, step).isEqualTo(expected.remove(key));
                    break;
                default:
                    assertThat(table.get(key)).as("get %d at step %d", key, step).isEqualTo(expected.get(key));
            }
            assertThat(table.size()).isEqualTo(expected.size());
        }
        for (Map.Entry<Integer, Integer> entry : expected.entrySet()) {
            assertThat(table.get(entry.getKey())).isEqualTo(entry.getValue());
        }
    }

    @Test
    void streamsThatComeAndGoNeverFillTheTable() {
        IntTable<String> table = new IntTable<>();
        table.put(1, "root");
        for (int id = 2; id < 100_000; id++) {
            table.put(id, "stream");
            if (id > 10) {
                assertThat(table.remove(id - 8)).isEqualTo("stream");
            }
        }

        assertThat(table.size()).isEqualTo(10);
        assertThat(table.get(1)).isEqualTo("root");
        assertThat(table.get(99_999)).isEqualTo("stream");
        assertThat(table.get(99_991)).isNull();
    }
}
