package io.kafkaclone.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.kafkaclone.config.BrokerProducer;
import io.kafkaclone.core.Broker;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * This broker's place among the brokers sharing one PostgreSQL database (cluster mode). It claims a
 * node id in {@code broker_registry}, heartbeats there, reads which brokers are alive, and listens
 * for the NOTIFY every write transaction sends ({@link ClusterEvents}) so that readers here wake up
 * on appends made by another broker and cached topics and committed offsets follow the database.
 * One thread and one dedicated connection do all of it (LISTEN needs a connection of its own).
 */
@ApplicationScoped
public class ClusterMembership {
    private static final Logger LOG = Logger.getLogger(ClusterMembership.class);
    /** The database's clock, so brokers on hosts with skewed clocks agree on who is alive. */
    private static final String NOW_MS = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

    @Inject
    ClusterConfig config;
    @Inject
    Broker broker;
    // Optional: an empty value (H2's password, trust-auth PostgreSQL) is "missing" to the config, and must not fail the start
    @ConfigProperty(name = "quarkus.datasource.db-kind")
    Optional<String> dbKind;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    Optional<String> jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private final String instanceId = UUID.randomUUID().toString();
    private volatile ClusterNode self;
    private volatile List<ClusterNode> live = List.of();
    private volatile boolean running;
    private Thread thread;
    private Connection connection;

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * Claims a node id for this broker, advertised at host:port, and starts heartbeating and listening.
     * @throws IllegalStateException when the database is not PostgreSQL or the configured node id is taken
     */
    public synchronized ClusterNode join(String host, int port) {
        if (!config.enabled()) {
            throw new IllegalStateException("cluster mode is off (kafka-clone.cluster.enabled=false)");
        }
        if (!"postgresql".equals(dbKind.orElse(""))) {
            throw new IllegalStateException("kafka-clone.cluster.enabled=true needs PostgreSQL (package with -Dquarkus.profile=postgresql);"
                    + " this build uses " + dbKind.orElse("no database"));
        }
        try {
            connection = connect();
            int nodeId = claim(connection, host, port);
            self = new ClusterNode(nodeId, host, port);
            broker.groups().joinCluster(nodeId);
            readLive(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot join the cluster registry: " + e.getMessage(), e);
        }
        // appends committed between loading the broker and LISTEN sent notifications nobody here heard
        broker.refreshTopicsFromStorage();
        broker.reloadCommittedOffsets();
        running = true;
        thread = new Thread(this::run, "cluster-link");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("kafka-clone cluster: joined as node %d (%s:%d); live brokers %s", self.nodeId(), host, port, live);
        return self;
    }

    /** This broker, once joined. */
    public ClusterNode self() {
        return self;
    }

    /** The live brokers by node id, this one always among them. */
    public List<ClusterNode> liveNodes() {
        return live;
    }

    /** The broker coordinating a consumer group (or any other key) now. */
    public ClusterNode coordinatorOf(String key) {
        return Rendezvous.owner(key, live);
    }

    public boolean coordinates(String key) {
        return coordinatorOf(key).nodeId() == self.nodeId();
    }

    /** The broker Metadata names as a partition's leader (any broker can serve it: storage is shared). */
    public ClusterNode leaderOf(String topic, int partition) {
        return Rendezvous.leader(topic, partition, live);
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", username.orElse(""));
        props.setProperty("password", password.orElse(""));
        String url = jdbcUrl.orElseThrow(() -> new SQLException("quarkus.datasource.jdbc.url is not set"));
        Connection c = new org.postgresql.Driver().connect(url, props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + url);
        }
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + ClusterEvents.CHANNEL);
        }
        return c;
    }

    private int claim(Connection c, String host, int port) throws SQLException {
        String upsert = "insert into broker_registry (node_id, instance_id, kafka_host, kafka_port, started_at, heartbeat_at)"
                + " values (?, ?, ?, ?, " + NOW_MS + ", " + NOW_MS + ") on conflict (node_id) do update set"
                + " instance_id = excluded.instance_id, kafka_host = excluded.kafka_host, kafka_port = excluded.kafka_port,"
                + " started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at";
        if (config.nodeId().isPresent()) {
            int id = config.nodeId().get();
            // the operator chose the id: take it over even from a row still looking alive (a restart after kill -9)
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
                bindClaim(ps, id, host, port);
                ps.executeUpdate();
            }
            return id;
        }
        String ifExpired = upsert + " where broker_registry.heartbeat_at < " + NOW_MS + " - ?";
        for (int id = 0; id < 100_000; id++) {
            try (PreparedStatement ps = c.prepareStatement(ifExpired)) {
                bindClaim(ps, id, host, port);
                ps.setLong(5, config.sessionTimeoutMs());
                if (ps.executeUpdate() == 1) {
                    return id;
                }
            }
        }
        throw new SQLException("no free node id in broker_registry");
    }

    private void bindClaim(PreparedStatement ps, int id, String host, int port) throws SQLException {
        ps.setInt(1, id);
        ps.setString(2, instanceId);
        ps.setString(3, host);
        ps.setInt(4, port);
    }

    private void heartbeat(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update broker_registry set heartbeat_at = " + NOW_MS + " where node_id = ? and instance_id = ?")) {
            ps.setInt(1, self.nodeId());
            ps.setString(2, instanceId);
            if (ps.executeUpdate() == 0) {
                LOG.errorf("kafka-clone cluster: node id %d was claimed by another broker while this one missed its heartbeats;"
                        + " give each broker its own kafka-clone.cluster.node-id", self.nodeId());
            }
        }
    }

    private void readLive(Connection c) throws SQLException {
        List<ClusterNode> nodes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select node_id, kafka_host, kafka_port from broker_registry"
                + " where heartbeat_at >= " + NOW_MS + " - ? or instance_id = ?")) {
            ps.setLong(1, config.sessionTimeoutMs());
            ps.setString(2, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    nodes.add(new ClusterNode(rs.getInt(1), rs.getString(2), rs.getInt(3)));
                }
            }
        }
        if (nodes.stream().noneMatch(n -> n.nodeId() == self.nodeId())) {
            nodes.add(self);
        }
        nodes.sort(Comparator.comparingInt(ClusterNode::nodeId));
        List<ClusterNode> before = live;
        live = List.copyOf(nodes);
        if (!before.isEmpty() && !before.equals(live)) {
            LOG.infof("kafka-clone cluster: live brokers now %s", live);
        }
    }

    private void run() {
        long nextHeartbeat = 0;
        long nextRefresh = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.refreshIntervalMs());
        boolean reconnected = false;
        while (running) {
            try {
                if (connection == null) {
                    connection = connect();
                    reconnected = true;
                }
                if (reconnected) {
                    // notifications sent while disconnected are lost: re-read everything once
                    broker.refreshTopicsFromStorage();
                    broker.reloadCommittedOffsets();
                    reconnected = false;
                }
                long now = System.nanoTime();
                if (now >= nextHeartbeat || lineMembersChanged) {
                    lineMembersChanged = false;
                    heartbeat(connection);
                    readLive(connection);
                    syncLineMembers(connection);
                    nextHeartbeat = now + TimeUnit.MILLISECONDS.toNanos(config.heartbeatIntervalMs());
                }
                if (now >= nextRefresh) {
                    broker.refreshTopicsFromStorage();
                    nextRefresh = now + TimeUnit.MILLISECONDS.toNanos(config.refreshIntervalMs());
                }
                int waitMs = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextHeartbeat - System.nanoTime()));
                PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(waitMs);
                if (notifications != null) {
                    for (PGNotification n : notifications) {
                        apply(n.getParameter());
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    break;
                }
                LOG.warnf("kafka-clone cluster: registry connection failed (%s); reconnecting", e.getMessage());
                closeQuietly();
                try {
                    Thread.sleep(config.heartbeatIntervalMs()); // back off before reconnecting to the database
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            } catch (RuntimeException e) {
                LOG.warn("kafka-clone cluster: could not apply a change from the database", e);
            }
        }
    }

    /** Set when another broker announced a change of its line consumers: read them at once. */
    private volatile boolean lineMembersChanged;
    private java.util.Set<String> lastLocalMembers = java.util.Set.of();

    /**
     * Writes this broker's line consumers to the shared table, drops expired rows (members of dead
     * brokers), and hands every broker's members to the local groups, which re-assign partitions.
     */
    private void syncLineMembers(Connection c) throws SQLException {
        List<List<String>> local = broker.groups().localMembers();
        java.util.Set<String> ids = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("insert into line_group_member (member_id, group_id, topic, node_id, joined_at,"
                + " heartbeat_at) values (?, ?, ?, ?, " + NOW_MS + ", " + NOW_MS + ") on conflict (member_id) do update set heartbeat_at = "
                + NOW_MS)) {
            for (List<String> m : local) {
                ids.add(m.get(2));
                ps.setString(1, m.get(2));
                ps.setString(2, m.get(0));
                ps.setString(3, m.get(1));
                ps.setInt(4, self.nodeId());
                ps.addBatch();
            }
            if (!local.isEmpty()) {
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("delete from line_group_member where (node_id = ? and not (member_id = any (?)))"
                + " or heartbeat_at < " + NOW_MS + " - ?")) {
            ps.setInt(1, self.nodeId());
            ps.setArray(2, c.createArrayOf("varchar", ids.toArray()));
            ps.setLong(3, config.sessionTimeoutMs());
            ps.executeUpdate();
        }
        java.util.Map<List<String>, List<String>> all = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select group_id, topic, member_id from line_group_member order by group_id, topic, joined_at, member_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                all.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new ArrayList<>()).add(rs.getString(3));
            }
        }
        broker.groups().clusterMembers(all);
        if (!ids.equals(lastLocalMembers)) {
            lastLocalMembers = ids;
            try (PreparedStatement ps = c.prepareStatement("select pg_notify(?, ?)")) {
                ps.setString(1, ClusterEvents.CHANNEL);
                ps.setString(2, ClusterEvents.LINE_MEMBERS_CHANGED);
                ps.executeQuery().close();
            }
        }
    }

    private void apply(String payload) {
        if (ClusterEvents.LINE_MEMBERS_CHANGED.equals(payload)) {
            lineMembersChanged = true;
            return;
        }
        try {
            ClusterEvents.apply(payload, broker);
        } catch (RuntimeException e) {
            LOG.warnf(e, "kafka-clone cluster: notification not applied, re-reading topics: %s", payload);
            broker.refreshTopicsFromStorage();
        }
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // already broken
        }
        connection = null;
    }

    /** Leaves the registry on a clean stop, so groups move to the other brokers at once rather than after the timeout. */
    void stop(@Observes @Priority(BrokerProducer.CLOSE_PRIORITY - 50) ShutdownEvent event) {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            t = thread;
        }
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Connection c = connection != null ? connection : connect();
                PreparedStatement ps = c.prepareStatement("delete from broker_registry where node_id = ? and instance_id = ?");
                PreparedStatement members = c.prepareStatement("delete from line_group_member where node_id = ?")) {
            ps.setInt(1, self.nodeId());
            ps.setString(2, instanceId);
            ps.executeUpdate();
            members.setInt(1, self.nodeId());
            members.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("kafka-clone cluster: could not leave the registry (%s); the others notice after the session timeout", e.getMessage());
        }
        connection = null;
    }
}
