package io.kafkaclone.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Completions handed over while the context is busy run together, in order, inside one begin/end pair. */
class CompletionBurstsTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void completionsQueuedDuringABusyMomentRunAsOneBurstInOrder() throws Exception {
        Context context = vertx.getOrCreateContext();
        List<String> events = new CopyOnWriteArrayList<>();
        CompletionBursts bursts = new CompletionBursts(context, () -> events.add("begin"), () -> events.add("end"));

        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        context.runOnContext(v -> {
            busy.countDown();
            await(release); // the event loop is busy: what the writer thread hands over meanwhile waits
        });
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 3; i++) {
            String name = "c" + i;
            bursts.submit(() -> events.add(name));
        }
        release.countDown();
        CountDownLatch firstDone = new CountDownLatch(1);
        context.runOnContext(v -> firstDone.countDown()); // queued after the burst's task
        assertThat(firstDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(events).containsExactly("begin", "c1", "c2", "c3", "end");

        CountDownLatch secondDone = new CountDownLatch(1);
        bursts.submit(() -> {
            events.add("c4");
            secondDone.countDown();
        });
        assertThat(secondDone.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch settled = new CountDownLatch(1);
        context.runOnContext(v -> settled.countDown());
        assertThat(settled.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(events).containsExactly("begin", "c1", "c2", "c3", "end", "begin", "c4", "end");
    }

    @Test
    void aFailingCompletionStillEndsItsBurst() throws Exception {
        Context context = vertx.getOrCreateContext();
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        CompletionBursts bursts = new CompletionBursts(context, () -> events.add("begin"), () -> {
            events.add("end");
            ended.countDown();
        });
        context.exceptionHandler(e -> events.add("failed: " + e.getMessage()));
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        context.runOnContext(v -> {
            busy.countDown();
            await(release); // both completions below land in one burst
        });
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        bursts.submit(() -> {
            throw new IllegalStateException("boom");
        });
        CountDownLatch afterFailure = new CountDownLatch(1);
        bursts.submit(() -> {
            events.add("after");
            afterFailure.countDown();
        });
        release.countDown();
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        // the completion queued behind the failing one still runs, without another submit
        assertThat(afterFailure.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(events).startsWith("begin", "end");
        assertThat(events).contains("after", "failed: boom");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
