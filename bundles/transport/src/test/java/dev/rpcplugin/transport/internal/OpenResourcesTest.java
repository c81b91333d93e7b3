package dev.rpcplugin.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.transport.internal.OpenResources.ForcedClose;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenResourcesTest {

    private final OpenResources open = new OpenResources();
    private final List<String> steps = new ArrayList<>();
    private final List<Long> deadlines = new ArrayList<>();

    @Test
    void everythingStopsBeforeAnyWaitAndAllWaitsShareOneDeadline() {
        for (String name : List.of("a", "b", "c")) {
            open.register(name, new ForcedClose(() -> steps.add("stop " + name), deadline -> {
                steps.add("await " + name);
                deadlines.add(deadline);
            }));
        }

        open.closeAll(2_000_000_000L);

        assertThat(steps.subList(0, 3)).allMatch(step -> step.startsWith("stop "));
        assertThat(steps.subList(3, 6)).allMatch(step -> step.startsWith("await "));
        assertThat(deadlines).hasSize(3).containsOnly(deadlines.get(0));
        assertThat(open.register("late", ForcedClose.stopOnly(() -> { }))).isFalse();
    }

    @Test
    void aFailingStopStillLetsTheOthersStopAndWait() {
        open.register("broken", new ForcedClose(() -> {
            throw new IllegalStateException("cannot stop");
        }, deadline -> steps.add("await broken")));
        open.register("fine", new ForcedClose(() -> steps.add("stop fine"), deadline -> steps.add("await fine")));

        assertThatThrownBy(() -> open.closeAll(0)).isInstanceOf(IllegalStateException.class).hasMessage("cannot stop");
        assertThat(steps).containsExactlyInAnyOrder("stop fine", "await broken", "await fine");
    }

    @Test
    void aWaitLongerThanNanosecondsCanCountStillGivesAFutureDeadline() {
        open.register("one", new ForcedClose(() -> { }, deadlines::add));

        open.closeAll(Long.MAX_VALUE);

        assertThat(deadlines.get(0) - System.nanoTime()).isPositive();
    }
}
