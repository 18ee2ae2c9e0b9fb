package io.kafkaclone.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.StoredRecord;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.core.TopicNames;
import io.kafkaclone.core.TopicPartition;

/**
 * Restores a snapshot into an empty broker: the same topics and partitions, every record at its
 * original offset with its key, headers and timestamp (via {@link Broker#restore}), then the
 * committed offsets. Partition files are streamed and restored in bounded batches.
 */
final class SnapshotImporter {
    private static final int BATCH_BYTES = 512 * 1024;
    private static final int BATCH_RECORDS = 5_000;

    private final Broker broker;
    private final ObjectMapper mapper;

    SnapshotImporter(Broker broker, ObjectMapper mapper) {
        this.broker = broker;
        this.mapper = mapper;
    }

    ImportResult restore(Path folder, Manifest m) throws IOException, InterruptedException, ExecutionException {
        if (!broker.topics().isEmpty() || !broker.groupNames().isEmpty()) {
            throw new SnapshotException(SnapshotException.Reason.BROKER_NOT_EMPTY, "import needs an empty broker, but it has "
                    + broker.topics().size() + " topics and " + broker.groupNames().size() + " consumer groups");
        }
        validate(folder, m);
        long messages = 0;
        for (Manifest.TopicEntry t : m.topics()) {
            TopicLog topic = broker.createTopic(t.name(), t.partitionCount());
            for (Manifest.PartitionEntry p : t.partitions()) {
                messages += restorePartition(folder.resolve(p.file()), topic.partition(p.partition()));
            }
        }
        List<CompletableFuture<Void>> commits = new ArrayList<>();
        int offsets = 0;
        for (Manifest.GroupEntry g : m.groups()) {
            for (Manifest.OffsetEntry o : g.offsets()) {
                commits.add(broker.commitOffset(g.group(), new TopicPartition(o.topic(), o.partition()), o.offset(), o.metadata(), false));
                offsets++;
            }
        }
        CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).get();
        return new ImportResult(m.id(), m.topics().size(), messages, m.groups().size(), offsets);
    }

    /** Checks names, partition numbers and files before anything is created, so a bad snapshot changes nothing. */
    private static void validate(Path folder, Manifest m) {
        if (!Manifest.FORMAT.equals(m.format()) || m.topics() == null || m.groups() == null) {
            throw corrupt("manifest format is " + m.format() + ", expected " + Manifest.FORMAT);
        }
        for (Manifest.TopicEntry t : m.topics()) {
            String problem = TopicNames.problem(t.name());
            if (problem != null) {
                throw corrupt("manifest names an illegal topic: " + problem);
            }
            for (Manifest.PartitionEntry p : t.partitions()) {
                Path file = folder.resolve(p.file()).normalize();
                if (p.partition() < 0 || p.partition() >= t.partitionCount() || !file.startsWith(folder.normalize())
                        || !Files.isRegularFile(file)) {
                    throw corrupt("partition " + p.partition() + " of topic " + t.name() + " has no valid file (" + p.file() + ")");
                }
            }
        }
    }

    private long restorePartition(Path file, PartitionLog partition) throws IOException, InterruptedException, ExecutionException {
        long count = 0;
        try (JsonParser parser = mapper.getFactory().createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw corrupt(file + " is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!field.equals("records")) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw corrupt(file + ": 'records' is not an array");
                }
                List<StoredRecord> batch = new ArrayList<>();
                int bytes = 0;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    SnapshotRecord r = mapper.readValue(parser, SnapshotRecord.class);
                    batch.add(r.toStored());
                    bytes += r.approximateSize();
                    if (bytes >= BATCH_BYTES || batch.size() >= BATCH_RECORDS) {
                        count += flush(partition, batch);
                        bytes = 0;
                    }
                }
                count += flush(partition, batch);
            }
        } catch (IllegalArgumentException e) {
            throw corrupt(file + " holds a value that is not valid base64: " + e.getMessage());
        }
        return count;
    }

    private int flush(PartitionLog partition, List<StoredRecord> batch) throws InterruptedException, ExecutionException {
        int n = batch.size();
        if (n > 0) {
            // one restore at a time per partition: each starts at the log end the previous one left
            broker.restore(partition, List.copyOf(batch)).get();
            batch.clear();
        }
        return n;
    }

    private static SnapshotException corrupt(String message) {
        return new SnapshotException(SnapshotException.Reason.CORRUPT_SNAPSHOT, message);
    }
}
