-- ACL allow rules added at runtime through Kafka's CreateAcls (configured rules live in application.properties).
-- Shared by H2 and PostgreSQL: keep to types both understand. A handful of rows: no index beyond the unique key.
create sequence acl_rule_seq start with 1 increment by 1;

create table acl_rule (
    id             bigint       not null primary key,
    principal      varchar(255) not null,
    operation      varchar(32)  not null,
    resource_type  varchar(16)  not null,
    pattern_type   varchar(16)  not null,
    pattern        varchar(255) not null,
    created_at     bigint       not null,
    constraint acl_rule_unique unique (principal, operation, resource_type, pattern_type, pattern)
);
