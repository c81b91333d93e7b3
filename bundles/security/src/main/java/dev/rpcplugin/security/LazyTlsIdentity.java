package dev.rpcplugin.security;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Makes an identity on first use and then returns the same one: a host generates its AutoMTLS
 * certificate once and presents it to every plugin it launches. Thread-safe; the factory runs at most
 * once successfully (a failure is thrown to the caller, and the next call tries again). One instance
 * belongs to one owner, e.g. the host client; there is no shared global identity.
 */
public final class LazyTlsIdentity implements Supplier<TlsIdentity> {
    private final Supplier<TlsIdentity> factory;
    private final Object lock = new Object();
    // written once under lock; volatile so that readers after the first see a complete identity
    private volatile TlsIdentity identity;

    /** Generates an AutoMTLS identity with {@link KeyType#DEFAULT} on first use. */
    public LazyTlsIdentity() {
        this(KeyType.DEFAULT);
    }

    /**
     * @param keyType the key type of the AutoMTLS identity generated on first use
     */
    public LazyTlsIdentity(KeyType keyType) {
        Objects.requireNonNull(keyType, "keyType");
        this.factory = () -> AutoMtlsCertificates.generate(keyType);
    }

    /**
     * @param factory makes the identity on first use, e.g. by loading configured files; must not return null
     */
    public LazyTlsIdentity(Supplier<TlsIdentity> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * @return the identity, made by the first call
     * @throws IllegalStateException if the factory returned null; anything the factory throws is passed on
     */
    @Override
    public TlsIdentity get() {
        TlsIdentity current = identity;
        if (current != null) {
            return current;
        }
        synchronized (lock) {
            if (identity == null) {
                TlsIdentity made = factory.get();
                if (made == null) {
                    throw new IllegalStateException("TLS identity factory returned null");
                }
                identity = made;
            }
            return identity;
        }
    }

    /**
     * @return whether the identity has been made already
     */
    public boolean isInitialized() {
        return identity != null;
    }
}
