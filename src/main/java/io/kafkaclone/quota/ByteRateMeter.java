package io.kafkaclone.quota;

/**
 * Bytes per second over a sliding window of samples, the way Kafka's quota sensors measure it:
 * the rate is the bytes of the live samples divided by the time they span, never less than
 * (samples - 1) sample lengths, so one burst right after a quiet period is not read as an
 * infinite rate. Thread-safe: Kafka connections of one user run on different event loops.
 */
final class ByteRateMeter {
    private final long sampleMs;
    private final long[] starts;
    private final long[] bytes;
    private int current;

    ByteRateMeter(int samples, long sampleMs) {
        if (samples < 2 || sampleMs < 1) {
            throw new IllegalArgumentException("a rate needs at least 2 samples of at least 1 ms");
        }
        this.sampleMs = sampleMs;
        this.starts = new long[samples];
        this.bytes = new long[samples];
        java.util.Arrays.fill(starts, Long.MIN_VALUE);
    }

    /**
     * Records {@code amount} bytes at {@code now} and answers how long the sender must pause so that
     * its rate falls back to {@code quota} bytes per second: Kafka's (rate - quota) / quota × window,
     * capped at the whole window (a longer pause would only punish history that has already expired).
     */
    synchronized long recordAndGetThrottleMs(long amount, long quota, long now) {
        if (starts[current] == Long.MIN_VALUE || now - starts[current] >= sampleMs) {
            current = (current + 1) % starts.length;
            starts[current] = now;
            bytes[current] = 0;
        }
        bytes[current] += amount;
        long windowMs = (long) starts.length * sampleMs;
        long total = 0;
        long oldest = now;
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] != Long.MIN_VALUE && now - starts[i] < windowMs) {
                total += bytes[i];
                oldest = Math.min(oldest, starts[i]);
            }
        }
        long spanMs = Math.max(now - oldest, (starts.length - 1) * sampleMs);
        double rate = total * 1000.0 / spanMs;
        if (rate <= quota) {
            return 0;
        }
        long throttle = (long) ((rate - quota) / quota * spanMs);
        return Math.min(Math.max(throttle, 1), windowMs);
    }
}
