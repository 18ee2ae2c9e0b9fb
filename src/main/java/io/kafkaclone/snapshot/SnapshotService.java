package io.kafkaclone.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.BrokerException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * JSON snapshots of the whole broker (format: docs/snapshots.md): take one, list them, read a
 * manifest, import one into an empty broker. One snapshot or import runs at a time. Blocking:
 * call from worker threads.
 */
@ApplicationScoped
public class SnapshotService {
    private static final Logger LOG = Logger.getLogger(SnapshotService.class);

    @Inject
    Broker broker;

    @Inject
    SnapshotConfig config;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String brokerVersion;

    private final ReentrantLock lock = new ReentrantLock();
    private SnapshotStore store;

    @PostConstruct
    void init() {
        store = new SnapshotStore(Path.of(config.dir()).toAbsolutePath().normalize(), mapper);
        try {
            store.removeLeftovers();
        } catch (IOException e) {
            LOG.warnf("could not remove unfinished snapshots in %s: %s", store.root(), e.getMessage());
        }
    }

    /** Takes a snapshot now, then deletes the oldest beyond {@code kafka-clone.snapshot.keep}. */
    public Manifest create() {
        lock.lock();
        try {
            String id = store.newId(System.currentTimeMillis());
            Path tmp = store.temporaryFolder(id);
            try {
                Manifest m = new SnapshotWriter(broker, mapper).write(tmp, id, brokerVersion);
                store.publish(tmp, id);
                LOG.infof("snapshot %s written: %d topics, %d messages, %d groups", id, m.topics().size(), m.messages(), m.groups().size());
                List<String> pruned = store.prune(config.keep());
                if (!pruned.isEmpty()) {
                    LOG.infof("deleted old snapshots %s (keeping %d)", pruned, config.keep());
                }
                return m;
            } catch (IOException | RuntimeException e) {
                SnapshotStore.deleteRecursively(tmp);
                throw e;
            }
        } catch (IOException e) {
            throw new SnapshotException(SnapshotException.Reason.SNAPSHOT_FAILED, "snapshot failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Takes a snapshot unless the newest one is younger than {@code age} (checked under the same lock). */
    public Optional<Manifest> createUnlessNewerThan(Duration age) {
        lock.lock();
        try {
            List<Manifest> existing = store.list();
            if (!existing.isEmpty() && System.currentTimeMillis() - existing.get(0).createdAt() < age.toMillis()) {
                return Optional.empty();
            }
            return Optional.of(create());
        } finally {
            lock.unlock();
        }
    }

    public List<Manifest> list() {
        return store.list();
    }

    public Manifest manifest(String id) {
        return store.manifest(id);
    }

    public Path folder() {
        return store.root();
    }

    /** Restores a snapshot into this broker, which must have no topics and no consumer groups. */
    public ImportResult importSnapshot(String id) {
        lock.lock();
        try {
            Manifest m = store.manifest(id);
            ImportResult r = new SnapshotImporter(broker, mapper).restore(store.folder(id), m);
            LOG.infof("snapshot %s imported: %d topics, %d messages, %d offsets", id, r.topics(), r.messages(), r.offsets());
            return r;
        } catch (IOException e) {
            throw new SnapshotException(SnapshotException.Reason.CORRUPT_SNAPSHOT, "cannot read snapshot " + id + ": " + e.getMessage(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BrokerException be) {
                throw be;
            }
            throw new SnapshotException(SnapshotException.Reason.SNAPSHOT_FAILED, "import failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(SnapshotException.Reason.SNAPSHOT_FAILED, "import interrupted", e);
        } finally {
            lock.unlock();
        }
    }
}
