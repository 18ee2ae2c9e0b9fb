package io.kafkaclone.kafka;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

import io.vertx.core.Vertx;

/** Runs blocking core calls (database reads, topic admin) on Vert.x worker threads, never on an event loop. */
public final class Blocking {
    private final Vertx vertx;

    public Blocking(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> CompletionStage<T> run(Callable<T> work) {
        return vertx.executeBlocking(work, false).toCompletionStage();
    }
}
