package dev.rpcplugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineRingTest {

    @Test
    void keepsTheNewestLinesUpToItsCapacity() {
        LineRing ring = new LineRing(3);
        for (int i = 1; i <= 5; i++) {
            ring.add("line " + i);
        }
        assertThat(ring.last(10)).containsExactly("line 3", "line 4", "line 5");
        assertThat(ring.last(2)).containsExactly("line 4", "line 5");
        assertThat(ring.last(0)).isEmpty();
    }

    @Test
    void resizingDropsTheOldestAndZeroKeepsNothing() {
        LineRing ring = new LineRing(5);
        ring.add("a");
        ring.add("b");
        ring.add("c");
        ring.resize(1);
        assertThat(ring.last(5)).containsExactly("c");
        ring.resize(0);
        ring.add("d");
        assertThat(ring.last(5)).isEmpty();
    }

    @Test
    void cutsVeryLongLines() {
        LineRing ring = new LineRing(1);
        ring.add("x".repeat(LineRing.MAX_LINE + 10));
        assertThat(ring.last(1).get(0)).hasSize(LineRing.MAX_LINE + 1).endsWith("…");
    }
}
