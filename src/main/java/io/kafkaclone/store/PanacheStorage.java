package io.kafkaclone.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;


import io.kafkaclone.cluster.ClusterConfig;
import io.kafkaclone.cluster.ClusterEvents;
import io.kafkaclone.core.BrokerException;
import io.kafkaclone.core.ErrorCode;
import io.kafkaclone.core.Storage;
import io.kafkaclone.core.StoredChunk;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
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
    private final Queue<LogWriteSession> idleWriteSessions = new ConcurrentLinkedQueue<>();
    @Inject
    ClusterConfig cluster;

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
                announceTopicsChanged();
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
            announceTopicsChanged();
        });
    }

    /** Cluster mode: tells the other brokers (on commit) to re-read the topic list. */
    private void announceTopicsChanged() {
        if (cluster.enabled()) {
            ClusterEvents events = new ClusterEvents();
            events.topicsChanged();
            events.payloads().forEach(payload -> Panache.getEntityManager()
                    .createNativeQuery("select pg_notify(?1, ?2)").setParameter(1, ClusterEvents.CHANNEL).setParameter(2, payload)
                    .getResultList());
        }
    }

    /**
     * One group commit, on a connection kept for group commits ({@link LogWriteSession}: plain JDBC,
     * statements prepared once). Sessions are reused one caller at a time; the writer thread is the
     * only caller in the broker, so one stays open. A session that failed is closed, not reused: its
     * connection may be the broken thing.
     */
    @Override
    public void inTransaction(Consumer<WriteTransaction> work) {
        LogWriteSession session = idleWriteSessions.poll();
        try {
            if (session == null) {
                session = new LogWriteSession(dataSource.getConnection(), cluster.enabled());
            }
            session.run(work);
        } catch (SQLException e) {
            close(session);
            throw new LogWriteSession.StorageSqlException(e);
        } catch (RuntimeException | Error e) {
            close(session);
            throw e;
        }
        idleWriteSessions.add(session);
    }

    private static void close(LogWriteSession session) {
        if (session != null) {
            session.close();
        }
    }

    @PreDestroy
    void closeWriteSessions() {
        for (LogWriteSession s; (s = idleWriteSessions.poll()) != null;) {
            s.close();
        }
    }

    @Override
    public List<ChunkInfo> chunkInfos(long topicId, int partition, long fromBaseOffset, int limit) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<Object[]> rows = Panache.getEntityManager()
                    .createQuery("select c.baseOffset, c.lastOffset, c.maxTimestamp, c.sizeBytes from ChunkEntity c"
                            + " where c.topicId = ?1 and c.partitionNo = ?2 and c.baseOffset >= ?3"
                            + " order by c.topicId, c.partitionNo, c.baseOffset", Object[].class)
                    .setParameter(1, topicId).setParameter(2, partition).setParameter(3, fromBaseOffset).setMaxResults(limit)
                    .getResultList();
            List<ChunkInfo> out = new ArrayList<>(rows.size());
            for (Object[] r : rows) {
                out.add(new ChunkInfo(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                        ((Number) r[3]).intValue()));
            }
            return out;
        });
    }

    @Override
    public Map<Long, Map<String, String>> loadTopicConfigs() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Map<Long, Map<String, String>> out = new HashMap<>();
            for (TopicConfigEntity c : TopicConfigEntity.<TopicConfigEntity>listAll()) {
                out.computeIfAbsent(c.topicId, k -> new HashMap<>()).put(c.configName, c.configValue);
            }
            return out;
        });
    }

    @Override
    public void saveTopicConfigs(long topicId, Map<String, String> configs) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (TopicEntity.findById(topicId) == null) {
                throw new BrokerException(ErrorCode.UNKNOWN_TOPIC, "topic id " + topicId + " is gone");
            }
            TopicConfigEntity.delete("topicId", topicId);
            configs.forEach((name, value) -> {
                TopicConfigEntity c = new TopicConfigEntity();
                c.topicId = topicId;
                c.configName = name;
                c.configValue = value;
                c.persist();
            });
        });
    }

    /** Most rows one read query asks for (rows of small commits are small). */
    private static final int MAX_ROWS_PER_QUERY = 64;

    @Override
    public List<StoredChunk> readChunks(long topicId, int partition, long fromOffset, int maxBytes) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            // Two index range scans that stop after the rows they need: the base offset of the row holding
            // fromOffset (index columns only, no row is loaded), then rows in primary-key order from it. H2
            // stops early only when ORDER BY names the whole index prefix (topic, partition, offset); ordering
            // by the offset alone made it read and sort every later row, payloads included.
            List<Long> first = Panache.getEntityManager()
                    .createQuery("select c.baseOffset from ChunkEntity c where c.topicId = ?1 and c.partitionNo = ?2"
                            + " and c.lastOffset >= ?3 order by c.topicId, c.partitionNo, c.lastOffset", Long.class)
                    .setParameter(1, topicId).setParameter(2, partition).setParameter(3, fromOffset).setMaxResults(1)
                    .getResultList();
            List<StoredChunk> out = new ArrayList<>();
            if (first.isEmpty()) {
                return out;
            }
            long bytes = 0;
            long from = first.get(0);
            // A row's size is only known once it is read (a size query would load the row's page anyway:
            // H2 keeps the payload inline), so each query asks for as many rows as the budget left holds at
            // the average size so far, at least one: a fetch reads at most one row beyond its budget. Fixed
            // pages of 4 read up to 4 unused rows of ~1 MiB (group-commit rows) per 1 MiB fetch.
            int rows = 1;
            while (true) {
                List<Object[]> page = Panache.getEntityManager()
                        .createQuery("select c.baseOffset, c.lastOffset, c.recordCount, c.maxTimestamp, c.payload from ChunkEntity c"
                                + " where c.topicId = ?1 and c.partitionNo = ?2 and c.baseOffset >= ?3"
                                + " order by c.topicId, c.partitionNo, c.baseOffset", Object[].class)
                        .setParameter(1, topicId).setParameter(2, partition).setParameter(3, from).setMaxResults(rows)
                        .getResultList();
                for (Object[] r : page) {
                    byte[] payload = (byte[]) r[4];
                    if (!out.isEmpty() && bytes + payload.length > maxBytes) {
                        return out;
                    }
                    out.add(new StoredChunk(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).intValue(),
                            ((Number) r[3]).longValue(), payload));
                    bytes += payload.length;
                    from = ((Number) r[1]).longValue() + 1;
                }
                if (page.size() < rows || bytes >= maxBytes) {
                    return out;
                }
                long average = Math.max(1, bytes / out.size());
                rows = (int) Math.max(1, Math.min(MAX_ROWS_PER_QUERY, (maxBytes - bytes) / average));
            }
        });
    }

    private static StoredChunk toChunk(ChunkEntity c) {
        return new StoredChunk(c.baseOffset, c.lastOffset, c.recordCount, c.maxTimestamp, c.payload);
    }

    @Override
    public StoredChunk firstChunkAtOrAfter(long topicId, int partition, long timestamp) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            // the chunk with the smallest newest-timestamp at or after T, found by walking the
            // (topic, partition, max_timestamp) index and stopping at the first entry (H2 stops early
            // only when ORDER BY names the whole index prefix); with timestamps that grow with offsets,
            // as producers' create times and broker times do, that is the first chunk holding T
            List<Long> found = Panache.getEntityManager()
                    .createQuery("select c.baseOffset from ChunkEntity c where c.topicId = ?1 and c.partitionNo = ?2"
                            + " and c.maxTimestamp >= ?3 order by c.topicId, c.partitionNo, c.maxTimestamp", Long.class)
                    .setParameter(1, topicId).setParameter(2, partition).setParameter(3, timestamp).setMaxResults(1)
                    .getResultList();
            Long base = found.isEmpty() ? null : found.get(0);
            if (base == null) {
                return null;
            }
            ChunkEntity c = Panache.getEntityManager().find(ChunkEntity.class, new ChunkEntity.Key(topicId, partition, base));
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
    public List<CommittedOffset> allCommittedOffsets() {
        return QuarkusTransaction.joiningExisting().call(() -> toCommitted(OffsetEntity.listAll()));
    }

    @Override
    public StoredPartition loadPartition(long topicId, int partition) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            PartitionEntity p = PartitionEntity.findById(new PartitionEntity.Key(topicId, partition));
            if (p == null) {
                return null;
            }
            Panache.getEntityManager().detach(p);
            return new StoredPartition(p.partitionNo, p.logStartOffset, p.nextOffset);
        });
    }

    private static List<CommittedOffset> toCommitted(List<OffsetEntity> rows) {
        List<CommittedOffset> out = new ArrayList<>();
        for (OffsetEntity o : rows) {
            out.add(new CommittedOffset(o.groupId, o.topic, o.partitionNo, o.committedOffset, o.metadata, o.commitTime));
        }
        return out;
    }
}
