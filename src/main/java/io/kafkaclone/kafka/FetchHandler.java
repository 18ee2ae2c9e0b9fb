package io.kafkaclone.kafka;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.StoredChunk;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.ResourceType;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Fetch: returns stored batches as they are (a fetch offset inside a batch returns the whole batch;
 * the client skips the records before its position). Without enough data it long-polls: it waits
 * for an append on any requested partition ({@link PartitionLog#onAppendAtOrAfter}, no database
 * polling) until min-bytes is reached or max-wait passes. No fetch sessions: every answer is a
 * full response with session id 0, so clients keep sending full requests.
 */
final class FetchHandler implements ApiHandler {
    private final Broker broker;
    private final Blocking blocking;
    private final Vertx vertx;
    private final KafkaCluster cluster;
    private final Authorizer authorizer;

    FetchHandler(Broker broker, Blocking blocking, Vertx vertx, KafkaCluster cluster, Authorizer authorizer) {
        this.authorizer = authorizer;
        this.broker = broker;
        this.blocking = blocking;
        this.vertx = vertx;
        this.cluster = cluster;
    }

    /** One requested partition and where its answer goes. */
    private record Target(FetchResponseData.PartitionData out, PartitionLog log, long fetchOffset, int maxBytes) {
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        if (cluster.shared()) {
            // another broker may have appended records this one has not been notified of yet: an offset
            // past the end known here is checked against the database before it is called out of range
            List<PartitionLog> behind = beyondKnownEnd(request.data(), request.version());
            if (!behind.isEmpty()) {
                return blocking.run(() -> {
                    behind.forEach(broker::catchUp);
                    return null;
                }).thenCompose(v -> answer(request));
            }
        }
        return answer(request);
    }

    private List<PartitionLog> beyondKnownEnd(FetchRequestData data, short version) {
        List<PartitionLog> behind = new ArrayList<>();
        for (FetchRequestData.FetchTopic ft : data.topics()) {
            TopicLog topic = version >= 13 ? Topics.byId(broker, ft.topicId()) : broker.topic(ft.topic()).orElse(null);
            if (topic == null) {
                continue;
            }
            for (FetchRequestData.FetchPartition fp : ft.partitions()) {
                if (fp.partition() >= 0 && fp.partition() < topic.partitionCount()
                        && fp.fetchOffset() > topic.partition(fp.partition()).logEndOffset()) {
                    behind.add(topic.partition(fp.partition()));
                }
            }
        }
        return behind;
    }

    private CompletionStage<ApiMessage> answer(KafkaRequest request) {
        FetchRequestData data = request.data();
        short version = request.version();
        FetchResponseData response = new FetchResponseData();
        List<Target> targets = new ArrayList<>();
        for (FetchRequestData.FetchTopic ft : data.topics()) {
            TopicLog topic = version >= 13 ? Topics.byId(broker, ft.topicId()) : broker.topic(ft.topic()).orElse(null);
            String topicName = version >= 13 ? (topic == null ? null : topic.name()) : ft.topic();
            // by name: checked before existence, as Kafka does; by id: an unknown id stays UNKNOWN_TOPIC_ID
            boolean denied = topicName != null
                    && !authorizer.allows(request.principal(), AclOperation.READ, ResourceType.TOPIC, topicName);
            FetchResponseData.FetchableTopicResponse tr = new FetchResponseData.FetchableTopicResponse();
            if (version >= 13) {
                tr.setTopicId(ft.topicId());
            } else {
                tr.setTopic(ft.topic());
            }
            response.responses().add(tr);
            for (FetchRequestData.FetchPartition fp : ft.partitions()) {
                FetchResponseData.PartitionData pd = new FetchResponseData.PartitionData().setPartitionIndex(fp.partition())
                        .setHighWatermark(-1).setLastStableOffset(-1).setRecords(MemoryRecords.EMPTY);
                tr.partitions().add(pd);
                if (denied) {
                    pd.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                } else if (topic == null) {
                    pd.setErrorCode((version >= 13 ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
                } else if (fp.partition() < 0 || fp.partition() >= topic.partitionCount()) {
                    pd.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else {
                    PartitionLog log = topic.partition(fp.partition());
                    describe(pd, log, version);
                    if (fp.fetchOffset() < log.logStartOffset() || fp.fetchOffset() > log.logEndOffset()) {
                        pd.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
                    } else {
                        targets.add(new Target(pd, log, fp.fetchOffset(), fp.partitionMaxBytes()));
                    }
                }
            }
        }
        long deadline = System.currentTimeMillis() + Math.max(0, data.maxWaitMs());
        int minBytes = Math.max(1, data.minBytes());
        int maxBytes = data.maxBytes() <= 0 ? Integer.MAX_VALUE : data.maxBytes();
        boolean anyError = targets.size() < response.responses().stream().mapToInt(t -> t.partitions().size()).sum();
        if (targets.isEmpty() || anyError) {
            // errors are answered at once, with whatever data there is
            return targets.isEmpty() ? CompletableFuture.completedFuture(response)
                    : read(targets, maxBytes, version).thenApply(bytes -> response);
        }
        CompletableFuture<ApiMessage> done = new CompletableFuture<>();
        attempt(targets, minBytes, maxBytes, deadline, version, response, done);
        return done;
    }

    /** Reads when data is there; otherwise waits for an append (or the deadline) and tries again. */
    private void attempt(List<Target> targets, int minBytes, int maxBytes, long deadline, short version,
            FetchResponseData response, CompletableFuture<ApiMessage> done) {
        boolean hasData = targets.stream().anyMatch(t -> t.fetchOffset < t.log.logEndOffset() || t.log.topic().isDeleted());
        long now = System.currentTimeMillis();
        if (!hasData && now < deadline) {
            awaitAppend(targets, deadline - now).thenRun(() -> attempt(targets, minBytes, maxBytes, deadline, version, response, done));
            return;
        }
        if (!hasData) {
            done.complete(response);
            return;
        }
        read(targets, maxBytes, version).whenComplete((bytes, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else if (bytes >= minBytes || System.currentTimeMillis() >= deadline) {
                done.complete(response);
            } else {
                // not enough yet: wait for the next append after what we have, then read everything again
                awaitAppendBeyondEnd(targets, deadline - System.currentTimeMillis())
                        .thenRun(() -> attempt(targets, minBytes, maxBytes, deadline, version, response, done));
            }
        });
    }

    private CompletableFuture<Void> awaitAppend(List<Target> targets, long waitMs) {
        return wait(targets, waitMs, false);
    }

    private CompletableFuture<Void> awaitAppendBeyondEnd(List<Target> targets, long waitMs) {
        return wait(targets, waitMs, true);
    }

    /**
     * Completes on the first append to any target partition or after waitMs, whichever comes first, on
     * the connection's event loop: an append wakes waiters on the committing thread, which must not
     * do the fetch's reading.
     */
    private CompletableFuture<Void> wait(List<Target> targets, long waitMs, boolean beyondEnd) {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Void> woken = new CompletableFuture<>();
        if (waitMs <= 0) {
            woken.complete(null);
            return woken;
        }
        AtomicBoolean fired = new AtomicBoolean();
        List<Runnable> cancels = new ArrayList<>();
        long[] timer = new long[1];
        Runnable wake = () -> {
            if (fired.compareAndSet(false, true)) {
                vertx.cancelTimer(timer[0]);
                synchronized (cancels) {
                    cancels.forEach(Runnable::run);
                }
                context.runOnContext(v -> woken.complete(null));
            }
        };
        timer[0] = vertx.setTimer(waitMs, id -> wake.run());
        for (Target t : targets) {
            long offset = beyondEnd ? t.log.logEndOffset() : t.fetchOffset;
            Runnable cancel = t.log.onAppendAtOrAfter(offset, wake);
            synchronized (cancels) {
                cancels.add(cancel);
                if (fired.get()) {
                    cancel.run();
                }
            }
        }
        return woken;
    }

    /**
     * Fills every target's records; returns the bytes gathered. From the chunk cache on the calling
     * thread (the event loop) when it holds every partition's next records, which is the usual case for
     * a consumer at the tail or one the read-ahead keeps up with: a fetch then skips two thread hops.
     * Otherwise on a worker thread, reading the database where needed.
     */
    private CompletionStage<Integer> read(List<Target> targets, int maxBytes, short version) {
        Integer cached = Context.isOnEventLoopThread() ? fill(targets, maxBytes, version, broker::readCached) : null;
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return blocking.run(() -> fill(targets, maxBytes, version, broker::read));
    }

    /** Where a partition's stored chunks come from; null means "not here" and aborts the fill. */
    private interface ChunkSource {
        List<StoredChunk> read(PartitionLog log, long fromOffset, int maxBytes);
    }

    private static Integer fill(List<Target> targets, int maxBytes, short version, ChunkSource source) {
        int used = 0;
        for (Target t : targets) {
            describe(t.out, t.log, version);
            int limit = Math.min(t.maxBytes, maxBytes - used);
            if (t.fetchOffset >= t.log.logEndOffset() || used >= maxBytes) {
                t.out.setRecords(MemoryRecords.EMPTY);
                continue;
            }
            try {
                List<StoredChunk> chunks = source.read(t.log, t.fetchOffset, Math.max(limit, 1));
                if (chunks == null) {
                    return null;
                }
                // a batch larger than the partition limit still goes out when the response has room for it
                // (always for the first partition with data), or the consumer could never get past it
                int firstBatchAllowance = used == 0 ? Integer.MAX_VALUE : maxBytes - used;
                BaseRecords records = slice(chunks, t.fetchOffset, limit, firstBatchAllowance);
                used += records.sizeInBytes();
                t.out.setRecords(records);
            } catch (RuntimeException e) {
                // e.g. the topic was deleted meanwhile: this partition fails, the others are answered
                t.out.setRecords(MemoryRecords.EMPTY).setErrorCode(KafkaErrors.of(e).code());
            }
        }
        return used;
    }

    /**
     * The stored batches from the one holding {@code fetchOffset} on, up to {@code limit} bytes; the
     * first batch may exceed the limit up to {@code firstBatchAllowance}. One range per stored row,
     * referenced, not copied ({@link SlicedRecords}).
     */
    static BaseRecords slice(List<StoredChunk> chunks, long fetchOffset, int limit, int firstBatchAllowance) {
        List<ByteBuffer> ranges = new ArrayList<>();
        int total = 0;
        boolean full = false;
        for (StoredChunk chunk : chunks) {
            int position = 0;
            int start = -1;
            for (MutableRecordBatch batch : MemoryRecords.readableRecords(ByteBuffer.wrap(chunk.payload())).batches()) {
                int size = batch.sizeInBytes();
                if (batch.lastOffset() >= fetchOffset) {
                    boolean fits = total + size <= limit || (total == 0 && size <= firstBatchAllowance);
                    if (!fits) {
                        full = true;
                        break;
                    }
                    if (start < 0) {
                        start = position;
                    }
                    total += size;
                }
                position += size;
            }
            if (start >= 0) {
                // the batches taken from one row are consecutive: one range, ending where the loop stopped
                ranges.add(ByteBuffer.wrap(chunk.payload(), start, position - start));
            }
            if (full) {
                break;
            }
        }
        return SlicedRecords.of(ranges);
    }

    private static void describe(FetchResponseData.PartitionData pd, PartitionLog log, short version) {
        pd.setHighWatermark(log.logEndOffset()).setLastStableOffset(log.logEndOffset());
        if (version >= 5) {
            pd.setLogStartOffset(log.logStartOffset());
        }
    }
}
