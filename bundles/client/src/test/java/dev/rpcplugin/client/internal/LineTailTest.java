package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineTailTest {

    @Test
    void keepsOnlyTheLastLines() {
        LineTail tail = new LineTail(2);
        tail.add("1");
        tail.add("2");
        tail.add("3");
        assertThat(tail.lines()).containsExactly("2", "3");
        assertThat(tail.text()).isEqualTo("2\n3");
    }

    @Test
    void cutsVeryLongLines() {
        LineTail tail = new LineTail(1);
        tail.add("y".repeat(5000));
        assertThat(tail.lines().get(0)).hasSize(LineTail.MAX_KEPT + 1).endsWith("…");
    }

    @Test
    void zeroCapacityKeepsNothingAndNegativeIsRejected() {
        LineTail none = new LineTail(0);
        none.add("x");
        assertThat(none.lines()).isEmpty();
        assertThatThrownBy(() -> new LineTail(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
