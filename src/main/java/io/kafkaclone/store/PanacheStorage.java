package io.kafkaclone.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.agroal.api.AgroalDataSource;
import io.kafkaclone.cluster.ClusterConfig;
import io.kafkaclone.cluster.ClusterEvents;
import io.kafkaclone.core.BrokerException;
import io.kafkaclone.core.ErrorCode;
import io.kafkaclone.core.Storage;
import io.kafkaclone.core.StoredChunk;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The core's {@link Storage} on Hibernate ORM with Panache entities (H2 or PostgreSQL). The two hot
 * paths, group commits and log reads, run plain JDBC on kept connections ({@link LogWriteSession},
 * {@link LogReadSession}) over the same tables; everything else joins a caller's transaction when
 * there is one.
 */
@ApplicationScoped
public class PanacheStorage implements Storage {
    /** Read connections kept open between reads; more readers at once borrow from the datasource's pool. */
    private static final int READ_SESSIONS_KEPT = 4;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ClusterConfig cluster;
    private SessionPool<LogWriteSession> writeSessions;
    private SessionPool<LogReadSession> readSessions;

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

    private StoredTopic toStored(TopicEntity t) {
        List<PartitionEntity> parts = PartitionEntity.list("topicId = ?1 order by partitionNo", t.id);
        List<StoredPartition> states = new ArrayList<>();
        for (PartitionEntity p : parts) {
            // a broker that is its partitions' only writer (H2) leaves next_offset behind (LogWriteSession): the
            // rows say where the log ends; the column covers a log whose rows were all deleted. Brokers sharing a
            // database keep the column current, and re-read topics every refresh: no query per partition there
            long end = cluster.enabled() ? p.nextOffset : Math.max(p.nextOffset, endOfRows(t.id, p.partitionNo));
            states.add(new StoredPartition(p.partitionNo, p.logStartOffset, end));
        }
        return new StoredTopic(t.id, t.name, UUID.fromString(t.topicUuid), t.partitions, t.createdAt, states);
    }

    /** One past the last offset stored in a partition's rows, 0 without rows. */
    private static long endOfRows(long topicId, int partition) {
        Long last = Panache.getEntityManager()
                .createQuery("select max(c.lastOffset) from ChunkEntity c where c.topicId = ?1 and c.partitionNo = ?2", Long.class)
                .setParameter(1, topicId).setParameter(2, partition).getSingleResult();
        return last == null ? 0 : last + 1;
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
     * statements prepared once). The writer thread is the only caller in the broker, so one session
     * stays open.
     */
    @Override
    public void inTransaction(Consumer<WriteTransaction> work) {
        writeSessions.use(session -> {
            session.run(work);
            return null;
        });
    }

    @PostConstruct
    void openPools() {
        readSessions = new SessionPool<>(dataSource, LogReadSession::new, READ_SESSIONS_KEPT);
        writeSessions = new SessionPool<>(dataSource, c -> new LogWriteSession(c, cluster.enabled()), 1);
    }

    @PreDestroy
    void closeSessions() {
        readSessions.close();
        writeSessions.close();
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

    @Override
    public List<StoredChunk> readChunks(long topicId, int partition, long fromOffset, int maxBytes) {
        return readSessions.use(session -> session.readChunks(topicId, partition, fromOffset, maxBytes));
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
