package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ExitNoticeTest {

    @Test
    void listenersAddedBeforeTheExitAreToldOnceEachAfterItWasRecorded() {
        ExitNotice notice = new ExitNotice();
        List<OptionalInt> told = new ArrayList<>();
        notice.add(told::add);
        notice.add(told::add);

        notice.record(OptionalInt.of(3));
        assertThat(told).isEmpty();
        notice.tell();
        notice.tell();

        assertThat(told).containsExactly(OptionalInt.of(3), OptionalInt.of(3));
    }

    @Test
    void aFailingListenerKeepsNoOtherFromBeingToldAndItsFailureIsThrownAfterwards() throws Exception {
        ExitNotice notice = new ExitNotice();
        List<String> told = new ArrayList<>();
        notice.add(code -> told.add("first"));
        notice.add(code -> {
            throw new NoClassDefFoundError("com/example/Gone");
        });
        notice.add(code -> {
            throw new IllegalStateException("second failure");
        });
        notice.add(code -> told.add("last"));
        notice.record(OptionalInt.of(0));

        assertThatThrownBy(notice::tell).isInstanceOf(NoClassDefFoundError.class)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .isInstanceOf(IllegalStateException.class));

        assertThat(told).containsExactly("first", "last");
        assertThat(notice.await(Duration.ZERO)).hasValue(0);
    }

    @Test
    void oneFailureThrownByTwoListenersStillLetsTheRestBeTold() {
        ExitNotice notice = new ExitNotice();
        IllegalStateException shared = new IllegalStateException("shared");
        List<String> told = new ArrayList<>();
        notice.add(code -> {
            throw shared;
        });
        notice.add(code -> {
            throw shared;
        });
        notice.add(code -> told.add("last"));
        notice.record(OptionalInt.of(1));

        assertThatThrownBy(notice::tell).isSameAs(shared);

        assertThat(told).containsExactly("last");
    }

    @Test
    void aListenerAddedAfterTheExitIsToldAtOnceOnTheAddingThread() {
        ExitNotice notice = new ExitNotice();
        notice.record(OptionalInt.empty());
        notice.tell();
        List<Boolean> tellingSeen = new ArrayList<>();

        notice.add(code -> tellingSeen.add(notice.isTelling()));

        assertThat(tellingSeen).containsExactly(true);
        assertThat(notice.isTelling()).isFalse();
    }
}
