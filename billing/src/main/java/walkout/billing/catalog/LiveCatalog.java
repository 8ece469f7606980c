package walkout.billing.catalog;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The catalog in force, replaceable while billing runs: a reload swaps the whole validated catalog at once, so a
 * basket is priced from one catalog, never half of each. Thread-safe.
 */
public final class LiveCatalog implements Supplier<Catalog> {
    private final AtomicReference<Catalog> current;

    public LiveCatalog(Catalog initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    @Override
    public Catalog get() {
        return current.get();
    }

    /** Puts {@code next} in force; returns the catalog it replaced. */
    public Catalog replace(Catalog next) {
        return current.getAndSet(Objects.requireNonNull(next, "next"));
    }
}
