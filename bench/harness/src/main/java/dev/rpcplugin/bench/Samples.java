package dev.rpcplugin.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Measured values of one quantity: median, extremes, count. Immutable. */
final class Samples {

    private final List<Double> sorted;

    private Samples(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Double> copy = new ArrayList<>(values);
        Collections.sort(copy);
        this.sorted = List.copyOf(copy);
    }

    static Samples of(List<Double> values) {
        return new Samples(values);
    }

    static Samples concat(Samples a, Samples b) {
        List<Double> all = new ArrayList<>(a.sorted);
        all.addAll(b.sorted);
        return new Samples(all);
    }

    double median() {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return sorted.get(0);
    }

    double max() {
        return sorted.get(sorted.size() - 1);
    }

    int count() {
        return sorted.size();
    }

    /** {@code n=10 min..max}, for the report. */
    String spread(String unit) {
        return String.format(Locale.ROOT, "n=%d, %s..%s%s", count(), Figure.number(min()), Figure.number(max()), unit);
    }
}
