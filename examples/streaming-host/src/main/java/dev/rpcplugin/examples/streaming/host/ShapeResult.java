package dev.rpcplugin.examples.streaming.host;

/**
 * The outcome of one call shape's check.
 *
 * @param shape the method, e.g. {@code UploadData}
 * @param ok whether every check passed
 * @param detail what was seen (sizes, digests, order) or what went wrong
 * @param millis how long the call took
 */
record ShapeResult(String shape, boolean ok, String detail, long millis) {

    /** One report line, e.g. {@code UploadData          ok  64 chunks ... (41 ms)}. */
    String line() {
        return String.format("%-20s%-8s%s (%d ms)", shape, ok ? "ok" : "FAILED", detail, millis);
    }
}
