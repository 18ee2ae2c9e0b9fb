package io.kafkaclone.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.kafkaclone.core.BrokerException;
import io.kafkaclone.core.ErrorCode;
import io.kafkaclone.core.Storage;
import io.kafkaclone.core.StoredChunk;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The core's {@link Storage} on Hibernate ORM with Panache entities (H2 or PostgreSQL).
 * Reads join a caller's transaction when there is one, so a snapshot can read everything in one.
 */
@ApplicationScoped
public class PanacheStorage implements Storage {

    @Inject
    AgroalDataSource dataSource;

    @Override
    public List<StoredTopic> loadTopics() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<StoredTopic> out = new ArrayList<>();
            for (TopicEntity t : TopicEntity.<TopicEntity>listAll()) {
                out.add(toStored(t));
            }
            return out;
        });
    }

    private static StoredTopic toStored(TopicEntity t) {
        List<PartitionEntity> parts = PartitionEntity.list("topicId = ?1 order by partitionNo", t.id);
        List<StoredPartition> states = new ArrayList<>();
        for (PartitionEntity p : parts) {
            states.add(new StoredPartition(p.partitionNo, p.logStartOffset, p.nextOffset));
        }
        return new StoredTopic(t.id, t.name, UUID.fromString(t.topicUuid), t.partitions, t.createdAt, states);
    }

    @Override
    public StoredTopic createTopic(String name, UUID topicId, int partitions, long createdAt) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                if (TopicEntity.findByName(name) != null) {
                    throw new BrokerException(ErrorCode.TOPIC_EXISTS, "topic '" + name + "' already exists");
                }
                TopicEntity t = new TopicEntity();
                t.name = name;
                t.topicUuid = topicId.toString();
                t.partitions = partitions;
                t.createdAt = createdAt;
                t.persist();
                for (int i = 0; i < partitions; i++) {
                    PartitionEntity p = new PartitionEntity();
                    p.topicId = t.id;
                    p.partitionNo = i;
                    p.nextOffset = 0;
                    p.logStartOffset = 0;
                    p.persist();
                }
                Panache.getEntityManager().flush();
                return toStored(t);
            });
        } catch (BrokerException e) {
            throw e;
        } catch (RuntimeException e) {
            // a unique-key violation from a concurrent create (another broker) is TOPIC_EXISTS too
            if (QuarkusTransaction.requiringNew().call(() -> TopicEntity.findByName(name)) != null) {
                throw new BrokerException(ErrorCode.TOPIC_EXISTS, "topic '" + name + "' already exists");
            }
            throw new BrokerException(ErrorCode.STORAGE_ERROR, "could not create topic: " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteTopic(long id, String name) {
        QuarkusTransaction.requiringNew().run(() -> {
            ChunkEntity.delete("topicId", id);
            PartitionEntity.delete("topicId", id);
            OffsetEntity.delete("topic", name);
            TopicEntity.deleteById(id);
        });
    }

    /**
     * The writer's transaction in plain JDBC on the same data source and schema as the entities:
     * it runs once per group commit on the single writer thread, and the ORM session, dirty
     * checking and JTA around three statements were most of its fixed cost (docs/performance.md).
     */
    @Override
    public void inTransaction(Consumer<WriteTransaction> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                work.accept(new JdbcWriteTransaction(c));
                c.commit();
            } catch (RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new BrokerException(ErrorCode.STORAGE_ERROR, "storage failure: " + e.getMessage(), e);
        }
    }

    private record JdbcWriteTransaction(Connection c) implements WriteTransaction {
        @Override
        public long reserveOffsets(long topicId, int partition, int count) {
            return sql(() -> {
                long base;
                try (PreparedStatement ps = c.prepareStatement(
                        "select next_offset from topic_partition where topic_id = ? and partition_no = ? for update")) {
                    ps.setLong(1, topicId);
                    ps.setInt(2, partition);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new BrokerException(ErrorCode.UNKNOWN_TOPIC,
                                    "partition " + partition + " of topic id " + topicId + " is gone");
                        }
                        base = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "update topic_partition set next_offset = ? where topic_id = ? and partition_no = ?")) {
                    ps.setLong(1, base + count);
                    ps.setLong(2, topicId);
                    ps.setInt(3, partition);
                    ps.executeUpdate();
                }
                return base;
            });
        }

        @Override
        public void insertChunk(long topicId, int partition, StoredChunk chunk) {
            sql(() -> {
                try (PreparedStatement ps = c.prepareStatement("insert into log_chunk (topic_id, partition_no, base_offset, last_offset,"
                        + " record_count, max_timestamp, size_bytes, payload) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, topicId);
                    ps.setInt(2, partition);
                    ps.setLong(3, chunk.baseOffset());
                    ps.setLong(4, chunk.lastOffset());
                    ps.setInt(5, chunk.recordCount());
                    ps.setLong(6, chunk.maxTimestamp());
                    ps.setInt(7, chunk.payload().length);
                    ps.setBytes(8, chunk.payload());
                    ps.executeUpdate();
                }
                return null;
            });
        }

        @Override
        public void commitOffset(String group, String topic, int partition, long offset, String metadata, long commitTime,
                boolean onlyForward) {
            sql(() -> {
                try (PreparedStatement ps = c.prepareStatement("update consumer_offset set committed_offset = ?, metadata = ?,"
                        + " commit_time = ? where group_id = ? and topic = ? and partition_no = ?"
                        + (onlyForward ? " and committed_offset < ?" : ""))) {
                    ps.setLong(1, offset);
                    ps.setString(2, metadata);
                    ps.setLong(3, commitTime);
                    bindKey(ps, 4, group, topic, partition);
                    if (onlyForward) {
                        ps.setLong(7, offset);
                    }
                    if (ps.executeUpdate() > 0) {
                        return null;
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "select 1 from consumer_offset where group_id = ? and topic = ? and partition_no = ?")) {
                    bindKey(ps, 1, group, topic, partition);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return null; // exists and is already further (onlyForward)
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("insert into consumer_offset (group_id, topic, partition_no,"
                        + " committed_offset, metadata, commit_time) values (?, ?, ?, ?, ?, ?)")) {
                    bindKey(ps, 1, group, topic, partition);
                    ps.setLong(4, offset);
                    ps.setString(5, metadata);
                    ps.setLong(6, commitTime);
                    ps.executeUpdate();
                }
                return null;
            });
        }

        @Override
        public void deleteOffsets(String group, Map<String, List<Integer>> topics) {
            sql(() -> {
                if (topics.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("delete from consumer_offset where group_id = ?")) {
                        ps.setString(1, group);
                        ps.executeUpdate();
                    }
                    return null;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "delete from consumer_offset where group_id = ? and topic = ? and partition_no = ?")) {
                    for (Map.Entry<String, List<Integer>> e : topics.entrySet()) {
                        for (int p : e.getValue()) {
                            bindKey(ps, 1, group, e.getKey(), p);
                            ps.executeUpdate();
                        }
                    }
                }
                return null;
            });
        }

        /** Binds a consumer_offset key (group, topic, partition) from parameter {@code first} on. */
        private static void bindKey(PreparedStatement ps, int first, String group, String topic, int partition) throws SQLException {
            ps.setString(first, group);
            ps.setString(first + 1, topic);
            ps.setInt(first + 2, partition);
        }

        private interface SqlWork<T> {
            T run() throws SQLException;
        }

        private static <T> T sql(SqlWork<T> work) {
            try {
                return work.run();
            } catch (SQLException e) {
                throw new BrokerException(ErrorCode.STORAGE_ERROR, "storage failure: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<StoredChunk> readChunks(long topicId, int partition, long fromOffset, int maxBytes) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<StoredChunk> out = new ArrayList<>();
            long bytes = 0;
            int pageSize = 8;
            long from = fromOffset;
            while (true) {
                List<ChunkEntity> page = ChunkEntity
                        .find("topicId = ?1 and partitionNo = ?2 and lastOffset >= ?3 order by lastOffset", topicId, partition, from)
                        .page(0, pageSize).list();
                for (ChunkEntity c : page) {
                    if (!out.isEmpty() && bytes + c.sizeBytes > maxBytes) {
                        return out;
                    }
                    out.add(toChunk(c));
                    bytes += c.sizeBytes;
                    from = c.lastOffset + 1;
                    Panache.getEntityManager().detach(c);
                }
                if (page.size() < pageSize || bytes >= maxBytes) {
                    return out;
                }
            }
        });
    }

    private static StoredChunk toChunk(ChunkEntity c) {
        return new StoredChunk(c.baseOffset, c.lastOffset, c.recordCount, c.maxTimestamp, c.payload);
    }

    @Override
    public StoredChunk firstChunkAtOrAfter(long topicId, int partition, long timestamp) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            ChunkEntity c = ChunkEntity
                    .find("topicId = ?1 and partitionNo = ?2 and maxTimestamp >= ?3 order by baseOffset", topicId, partition, timestamp)
                    .firstResult();
            return c == null ? null : toChunk(c);
        });
    }

    @Override
    public long sizeInBytes(long topicId, int partition) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Long sum = Panache.getEntityManager()
                    .createQuery("select coalesce(sum(c.sizeBytes), 0) from ChunkEntity c where c.topicId = ?1 and c.partitionNo = ?2", Long.class)
                    .setParameter(1, topicId).setParameter(2, partition).getSingleResult();
            return sum == null ? 0L : sum;
        });
    }

    @Override
    public List<CommittedOffset> committedOffsets(String group) {
        return QuarkusTransaction.joiningExisting().call(() -> toCommitted(OffsetEntity.list("groupId", group)));
    }

    @Override
    public List<CommittedOffset> allCommittedOffsets() {
        return QuarkusTransaction.joiningExisting().call(() -> toCommitted(OffsetEntity.listAll()));
    }

    private static List<CommittedOffset> toCommitted(List<OffsetEntity> rows) {
        List<CommittedOffset> out = new ArrayList<>();
        for (OffsetEntity o : rows) {
            out.add(new CommittedOffset(o.groupId, o.topic, o.partitionNo, o.committedOffset, o.metadata, o.commitTime));
        }
        return out;
    }
}
