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

-- Cluster mode: the line-protocol consumers of every broker. Each broker writes its own members at
-- every heartbeat and reads everyone's, then range-assigns each (group, topic) over all members in
-- (joined_at, member_id) order, the same on every broker. Rows whose heartbeat expired are removed.
create table line_group_member (
    member_id     varchar(300) not null primary key,
    group_id      varchar(255) not null,
    topic         varchar(249) not null,
    node_id       integer      not null,
    joined_at     bigint       not null,
    heartbeat_at  bigint       not null
);
