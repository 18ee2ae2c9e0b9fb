package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.admin;
import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kafkaclone.core.Broker;
import io.kafkaclone.security.AclRule;
import io.kafkaclone.security.AclStore;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.testing.AclTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Kafka's ACL admin API (what {@code kafka-acls} and Admin#createAcls use) against the Authorizer: rules
 * created through it are enforced at once and stored in the database; only a principal with ALTER on the
 * cluster may change them. Plain clients are ANONYMOUS (see {@link AclTestProfile}).
 */
@QuarkusTest
@TestProfile(AclTestProfile.class)
class KafkaAclAdminTest {
    /** Granted for the duration of a test through the same runtime path CreateAcls uses, removed after. */
    private static final AclRule ANONYMOUS_MANAGES_ACLS = AclRule.parse("ANONYMOUS ALTER cluster").get(0);

    @Inject
    KafkaServer server;
    @Inject
    Broker broker;
    @Inject
    Authorizer authorizer;
    @Inject
    AclStore store;

    @BeforeEach
    @AfterEach
    void onlyConfiguredRules() {
        authorizer.remove(r -> true);
    }

    @Test
    void aclChangesNeedAlterOnTheCluster() {
        AclBinding binding = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "x", PatternType.LITERAL),
                new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.READ, AclPermissionType.ALLOW));
        try (Admin admin = admin(server)) {
            assertThatThrownBy(() -> admin.createAcls(List.of(binding)).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
            assertThatThrownBy(() -> admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
            assertThatThrownBy(() -> admin.deleteAcls(List.of(AclBindingFilter.ANY)).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
            assertThatThrownBy(() -> admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "0"))).all()
                    .get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ClusterAuthorizationException.class);
        }
        assertThat(store.load()).isEmpty();
    }

    @Test
    void createdAclsAreEnforcedStoredDescribedAndDeleted() throws Exception {
        authorizer.add(List.of(ANONYMOUS_MANAGES_ACLS));
        String prefix = unique("granted") + "-";
        String topic = prefix + "1";
        broker.createTopic(topic, 1);
        AclBinding write = new AclBinding(new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED),
                new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        try (Admin admin = admin(server); KafkaProducer<String, String> producer = KafkaTestClients.producer(server,
                "max.block.ms", "10000", "delivery.timeout.ms", "20000", "request.timeout.ms", "10000")) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "before")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);

            admin.createAcls(List.of(write)).all().get(30, TimeUnit.SECONDS);
            assertThat(store.load()).extracting(AclRule::toString).contains("ANONYMOUS WRITE topic:" + prefix + "*");
            producer.send(new ProducerRecord<>(topic, "after")).get(30, TimeUnit.SECONDS);

            Collection<AclBinding> described = admin.describeAcls(new AclBindingFilter(
                    new ResourcePatternFilter(ResourceType.TOPIC, topic, PatternType.MATCH), AccessControlEntryFilter.ANY))
                    .values().get(30, TimeUnit.SECONDS);
            assertThat(described).contains(write);
            // configured rules are listed too (ro-* does not match this topic, so it is not here)
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)).anySatisfy(b -> {
                assertThat(b.pattern()).isEqualTo(new ResourcePattern(ResourceType.TOPIC, "ro-", PatternType.PREFIXED));
                assertThat(b.entry().operation()).isEqualTo(AclOperation.READ);
            });

            Collection<AclBinding> deleted = admin.deleteAcls(List.of(write.toFilter())).all().get(30, TimeUnit.SECONDS);
            assertThat(deleted).containsExactly(write);
            assertThat(store.load()).extracting(AclRule::toString).doesNotContain("ANONYMOUS WRITE topic:" + prefix + "*");
        }
        try (KafkaProducer<String, String> producer = KafkaTestClients.producer(server, "max.block.ms", "10000",
                "delivery.timeout.ms", "20000", "request.timeout.ms", "10000")) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "removed")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(broker.requireTopic(topic).messageCount()).isEqualTo(1);
    }

    @Test
    void onlyRulesTheAuthorizerCanEnforceAreAccepted() {
        authorizer.add(List.of(ANONYMOUS_MANAGES_ACLS));
        ResourcePattern pattern = new ResourcePattern(ResourceType.TOPIC, "t", PatternType.LITERAL);
        try (Admin admin = admin(server)) {
            for (AccessControlEntry entry : List.of(
                    new AccessControlEntry("User:bob", "*", AclOperation.READ, AclPermissionType.DENY),
                    new AccessControlEntry("User:bob", "10.0.0.1", AclOperation.READ, AclPermissionType.ALLOW),
                    new AccessControlEntry("Group:ops", "*", AclOperation.READ, AclPermissionType.ALLOW),
                    new AccessControlEntry("User:bob", "*", AclOperation.CLUSTER_ACTION, AclPermissionType.ALLOW))) {
                assertThatThrownBy(() -> admin.createAcls(List.of(new AclBinding(pattern, entry))).all().get(30, TimeUnit.SECONDS))
                        .as(entry.toString()).hasCauseInstanceOf(InvalidRequestException.class);
            }
            AclBinding transactional = new AclBinding(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "tx", PatternType.LITERAL),
                    new AccessControlEntry("User:bob", "*", AclOperation.WRITE, AclPermissionType.ALLOW));
            assertThatThrownBy(() -> admin.createAcls(List.of(transactional)).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(InvalidRequestException.class);
        }
        assertThat(store.load()).containsExactly(ANONYMOUS_MANAGES_ACLS);
    }
}
