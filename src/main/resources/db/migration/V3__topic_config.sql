-- Per-topic configuration overrides (retention.ms, retention.bytes, max.message.bytes); a topic without
-- a row for a name uses the broker default. Rows go with their topic.
create table topic_config (
    topic_id      bigint        not null references topic (id) on delete cascade,
    config_name   varchar(255)  not null,
    config_value  varchar(4000) not null,
    primary key (topic_id, config_name)
);
