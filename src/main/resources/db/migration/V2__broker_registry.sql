-- Cluster mode (kafka-clone.cluster.enabled, PostgreSQL): one row per broker node id. A broker claims a
-- node id at start and moves heartbeat_at (database clock, epoch milliseconds) forward every heartbeat
-- interval; a row whose heartbeat is older than the session timeout belongs to a dead broker, and its
-- node id and the groups it coordinated pass to the live ones. Single-broker mode never writes here.
create table broker_registry (
    node_id       integer      not null primary key,
    instance_id   varchar(36)  not null,
    kafka_host    varchar(255) not null,
    kafka_port    integer      not null,
    started_at    bigint       not null,
    heartbeat_at  bigint       not null
);
