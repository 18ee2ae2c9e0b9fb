-- Shared by H2 and PostgreSQL: keep to types both understand.
create sequence topic_seq start with 1 increment by 1;

create table topic (
    id          bigint       not null primary key,
    name        varchar(249) not null unique,
    topic_uuid  varchar(36)  not null,
    partitions  integer      not null,
    created_at  bigint       not null
);

-- next_offset is the partition's log end offset; the writer locks this row to number a commit's records.
create table topic_partition (
    topic_id          bigint  not null references topic (id) on delete cascade,
    partition_no      integer not null,
    next_offset       bigint  not null,
    log_start_offset  bigint  not null,
    primary key (topic_id, partition_no)
);

-- One row per group commit and partition: consecutive Kafka v2 record batches, served to Fetch as stored.
create table log_chunk (
    topic_id       bigint  not null,
    partition_no   integer not null,
    base_offset    bigint  not null,
    last_offset    bigint  not null,
    record_count   integer not null,
    max_timestamp  bigint  not null,
    size_bytes     integer not null,
    payload        bytea   not null,
    primary key (topic_id, partition_no, base_offset)
);
create index log_chunk_last_offset on log_chunk (topic_id, partition_no, last_offset);
create index log_chunk_timestamp on log_chunk (topic_id, partition_no, max_timestamp);

create table consumer_offset (
    group_id          varchar(255)  not null,
    topic             varchar(249)  not null,
    partition_no      integer       not null,
    committed_offset  bigint        not null,
    metadata          varchar(4000),
    commit_time       bigint        not null,
    primary key (group_id, topic, partition_no)
);
