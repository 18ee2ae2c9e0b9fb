package io.kafkaclone.door;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.Context;

/**
 * Runs a connection's completions, handed over by other threads (the log writer completes a whole
 * group commit's requests at once), on the connection's context: one context task per burst instead
 * of one per completion, opened by {@code begin} and closed by {@code end}. A door gathers the replies
 * the burst releases between the two and writes them as one buffer: one flush, one syscall and one
 * wake-up of the client instead of one per reply.
 */
public final class CompletionBursts {
    private final Context context;
    private final Runnable begin;
    private final Runnable end;
    private final ConcurrentLinkedQueue<Runnable> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public CompletionBursts(Context context, Runnable begin, Runnable end) {
        this.context = context;
        this.begin = begin;
        this.end = end;
    }

    /** Runs {@code completion} on the context, in the burst running or scheduled now, else in a new one. Any thread. */
    public void submit(Runnable completion) {
        queued.add(completion);
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> run());
        }
    }

    private void run() {
        scheduled.set(false);
        begin.run();
        try {
            Runnable r;
            while ((r = queued.poll()) != null) {
                r.run();
            }
        } finally {
            end.run();
            // a completion that threw left the rest of the burst queued: they get a task of their own instead of
            // waiting for the next submit, which may never come (a client would wait for its answer forever)
            if (!queued.isEmpty() && scheduled.compareAndSet(false, true)) {
                context.runOnContext(v -> run());
            }
        }
    }
}
