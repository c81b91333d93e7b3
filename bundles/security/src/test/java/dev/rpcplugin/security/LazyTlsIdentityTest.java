package dev.rpcplugin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTlsIdentityTest {
    @Test
    void generatesOnFirstUseAndThenReturnsTheSameIdentity() {
        LazyTlsIdentity holder = new LazyTlsIdentity();
        assertThat(holder.isInitialized()).isFalse();

        TlsIdentity first = holder.get();

        assertThat(holder.isInitialized()).isTrue();
        assertThat(holder.get()).isSameAs(first);
        assertThat(first.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void usesTheChosenKeyType() {
        assertThat(new LazyTlsIdentity(KeyType.EC_P384).get().certificate().getSigAlgName())
                .isEqualTo("SHA384withECDSA");
    }

    @Test
    void concurrentCallersShareOneIdentityMadeOnce() throws Exception {
        AtomicInteger made = new AtomicInteger();
        LazyTlsIdentity holder = new LazyTlsIdentity(() -> {
            made.incrementAndGet();
            return AutoMtlsCertificates.generate();
        });
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<TlsIdentity>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return holder.get();
                }));
            }
            start.countDown();
            TlsIdentity expected = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<TlsIdentity> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isSameAs(expected);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(made).hasValue(1);
    }

    @Test
    void aFailedAttemptIsRetried() {
        AtomicInteger attempts = new AtomicInteger();
        TlsIdentity identity = AutoMtlsCertificates.generate();
        LazyTlsIdentity holder = new LazyTlsIdentity(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            return identity;
        });

        assertThatThrownBy(holder::get).isInstanceOf(IllegalStateException.class).hasMessage("first attempt fails");
        assertThat(holder.isInitialized()).isFalse();
        assertThat(holder.get()).isSameAs(identity);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aFactoryReturningNullIsAnError() {
        assertThatThrownBy(new LazyTlsIdentity(() -> null)::get)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("TLS identity factory returned null");
    }
}
