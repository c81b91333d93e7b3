package dev.rpcplugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineRingTest {

    @Test
    void keepsTheNewestLinesUpToItsCapacity() {
        LineRing ring = new LineRing(3);
        for (int i = 1; i <= 5; i++) {
            ring.add(7, "line " + i);
        }
        assertThat(ring.last(10)).containsExactly("--- pid 7 ---", "line 3", "line 4", "line 5");
        assertThat(ring.last(2)).containsExactly("--- pid 7 ---", "line 4", "line 5");
        assertThat(ring.last(0)).isEmpty();
    }

    @Test
    void resizingDropsTheOldestAndZeroKeepsNothing() {
        LineRing ring = new LineRing(5);
        ring.add(7, "a");
        ring.add(7, "b");
        ring.add(7, "c");
        ring.resize(1);
        assertThat(ring.last(5)).containsExactly("--- pid 7 ---", "c");
        ring.resize(0);
        ring.add(7, "d");
        assertThat(ring.last(5)).isEmpty();
    }

    @Test
    void cutsVeryLongLines() {
        LineRing ring = new LineRing(1);
        ring.add(7, "x".repeat(LineRing.MAX_LINE + 10));
        assertThat(ring.last(1).get(1)).hasSize(LineRing.MAX_LINE + 1).endsWith("…");
    }

    @Test
    void namesTheProcessOfEachRunOfLines() {
        LineRing ring = new LineRing(10);
        ring.add(100, "serving");
        ring.add(200, "replacement starting");
        ring.add(200, "replacement failed");
        ring.add(100, "still serving");
        ring.add(LineRing.UNKNOWN_PID, "from a process not spawned yet");
        assertThat(ring.last(10)).containsExactly("--- pid 100 ---", "serving", "--- pid 200 ---",
                "replacement starting", "replacement failed", "--- pid 100 ---", "still serving",
                "--- pid unknown ---", "from a process not spawned yet");
        assertThat(ring.last(2)).containsExactly("--- pid 100 ---", "still serving", "--- pid unknown ---",
                "from a process not spawned yet");
    }
}
