package dev.rpcplugin.bench;

import java.util.Locale;

/**
 * One result line: our median, the peer's median (if there is a peer), and the target, which applies
 * either to the ratio ours/peer or to our value alone.
 *
 * @param name the figure's name
 * @param unit unit of ours and peer, e.g. {@code ms}
 * @param ours our samples, or null when the figure could not be measured
 * @param peer the peer's samples, or null when there is none
 * @param target what passes, or null for a figure reported for information only
 * @param note how it was measured, or why it is missing
 */
record Figure(String name, String unit, Samples ours, Samples peer, Target target, String note) {

    /** What a figure must reach. */
    record Target(boolean onRatio, String op, double value, String unit) {

        Target {
            if (!op.equals("<=") && !op.equals(">=")) {
                throw new IllegalArgumentException("a target is <= or >=, not " + op);
            }
        }

        static Target ratio(String op, double value) {
            return new Target(true, op, value, "");
        }

        static Target absolute(String op, double value, String unit) {
            return new Target(false, op, value, unit);
        }

        /** False for NaN and infinities: a ratio to a peer median of 0 meets nothing. */
        boolean met(double measured) {
            if (!Double.isFinite(measured)) {
                return false;
            }
            return op.equals("<=") ? measured <= value : measured >= value;
        }

        @Override
        public String toString() {
            return op + java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() + unit;
        }
    }

    static Figure skipped(String name, String unit, Target target, String why) {
        return new Figure(name, unit, null, null, target, why);
    }

    boolean measured() {
        return ours != null;
    }

    double ratio() {
        return peer == null ? Double.NaN : ours.median() / peer.median();
    }

    /** PASS, MISS, SKIP when nothing was measured, INFO when there is no target. */
    String verdict() {
        if (!measured()) {
            return "SKIP";
        }
        if (target == null) {
            return "INFO";
        }
        double value = target.onRatio() ? ratio() : ours.median();
        return target.met(value) ? "PASS" : "MISS";
    }

    String oursText() {
        return measured() ? number(ours.median()) + unit : "-";
    }

    String peerText() {
        return peer != null ? number(peer.median()) + unit : "-";
    }

    String ratioText() {
        return measured() && peer != null ? String.format(Locale.ROOT, "%.2f", ratio()) : "-";
    }

    /** {@code figure=<name> ours=<v><unit> peer=<v><unit> ratio=<r> target=<op><v> PASS|MISS}. */
    String line() {
        return "figure=" + name + " ours=" + oursText() + " peer=" + peerText() + " ratio=" + ratioText()
                + " target=" + targetText() + " " + verdict();
    }

    String targetText() {
        return target == null ? "-" : target.toString();
    }

    /** A value with as many decimals as its size deserves. */
    static String number(double v) {
        double a = Math.abs(v);
        String format = a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, v);
    }
}
