package io.kafkaclone.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The authorization decision on its own: rules, patterns, implications, super users, runtime rules. */
class AuthorizerTest {
    private static final Principal ALICE = new Principal("alice");
    private static final Principal BOB = new Principal("bob");

    private static Authorizer with(String... rules) {
        List<AclRule> parsed = new ArrayList<>();
        for (String r : rules) {
            parsed.addAll(AclRule.parse(r));
        }
        return new Authorizer(true, List.of("User:root"), parsed, AclStore.NONE);
    }

    @Test
    void offAllowsEverything() {
        Authorizer off = Authorizer.allowAll();
        assertThat(off.allows(Principal.ANONYMOUS, AclOperation.DELETE, ResourceType.TOPIC, "x")).isTrue();
        assertThat(off.mayCreateTopic(ALICE, "x")).isTrue();
        assertThat(off.allowsAny(BOB, AclOperation.WRITE, ResourceType.TOPIC)).isTrue();
    }

    @Test
    void onWithoutRulesDeniesEveryoneButSuperUsers() {
        Authorizer a = with();
        assertThat(a.allows(ALICE, AclOperation.READ, ResourceType.TOPIC, "orders")).isFalse();
        assertThat(a.allows(Principal.ANONYMOUS, AclOperation.DESCRIBE, ResourceType.TOPIC, "orders")).isFalse();
        assertThat(a.allows(new Principal("root"), AclOperation.DELETE, ResourceType.TOPIC, "orders")).isTrue();
        assertThat(a.mayCreateTopic(new Principal("root"), "new")).isTrue();
    }

    @Test
    void literalRuleMatchesOnlyThatNameTypeAndPrincipal() {
        Authorizer a = with("alice WRITE topic:orders");
        assertThat(a.allows(ALICE, AclOperation.WRITE, ResourceType.TOPIC, "orders")).isTrue();
        assertThat(a.allows(ALICE, AclOperation.WRITE, ResourceType.TOPIC, "orders2")).isFalse();
        assertThat(a.allows(ALICE, AclOperation.READ, ResourceType.TOPIC, "orders")).isFalse();
        assertThat(a.allows(ALICE, AclOperation.READ, ResourceType.GROUP, "orders")).isFalse();
        assertThat(a.allows(BOB, AclOperation.WRITE, ResourceType.TOPIC, "orders")).isFalse();
    }

    @Test
    void prefixAndWildcardPatterns() {
        Authorizer a = with("alice READ topic:orders-*", "bob READ topic:*", "* DESCRIBE group:*");
        assertThat(a.allows(ALICE, AclOperation.READ, ResourceType.TOPIC, "orders-eu")).isTrue();
        assertThat(a.allows(ALICE, AclOperation.READ, ResourceType.TOPIC, "orders-")).isTrue();
        assertThat(a.allows(ALICE, AclOperation.READ, ResourceType.TOPIC, "orders")).isFalse();
        assertThat(a.allows(BOB, AclOperation.READ, ResourceType.TOPIC, "anything")).isTrue();
        assertThat(a.allows(Principal.ANONYMOUS, AclOperation.DESCRIBE, ResourceType.GROUP, "g")).isTrue();
        assertThat(a.allows(Principal.ANONYMOUS, AclOperation.READ, ResourceType.GROUP, "g")).isFalse();
        assertThat(a.allows(ALICE, AclOperation.READ, ResourceType.TOPIC, null)).isFalse();
        assertThat(a.allows(BOB, AclOperation.READ, ResourceType.TOPIC, null)).isTrue();
    }

    @Test
    void implicationsAreKafkas() {
        Authorizer a = with("alice READ topic:r", "alice WRITE topic:w", "alice DELETE topic:d", "alice ALL group:g",
                "alice ALTER_CONFIGS topic:c");
        assertThat(a.allows(ALICE, AclOperation.DESCRIBE, ResourceType.TOPIC, "r")).isTrue();
        assertThat(a.allows(ALICE, AclOperation.DESCRIBE, ResourceType.TOPIC, "w")).isTrue();
        assertThat(a.allows(ALICE, AclOperation.DESCRIBE, ResourceType.TOPIC, "d")).isTrue();
        assertThat(a.allows(ALICE, AclOperation.READ, ResourceType.TOPIC, "w")).isFalse();
        assertThat(a.allows(ALICE, AclOperation.WRITE, ResourceType.TOPIC, "r")).isFalse();
        assertThat(a.allows(ALICE, AclOperation.READ, ResourceType.GROUP, "g")).isTrue();
        assertThat(a.allows(ALICE, AclOperation.DELETE, ResourceType.GROUP, "g")).isTrue();
        assertThat(a.allows(ALICE, AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC, "c")).isTrue();
        assertThat(a.allows(ALICE, AclOperation.DESCRIBE, ResourceType.TOPIC, "c")).isFalse();
    }

    @Test
    void topicCreationNeedsCreateOnClusterOrTopic() {
        Authorizer a = with("alice CREATE topic:alice-*", "ops CREATE cluster");
        assertThat(a.mayCreateTopic(ALICE, "alice-1")).isTrue();
        assertThat(a.mayCreateTopic(ALICE, "bob-1")).isFalse();
        assertThat(a.mayCreateTopic(new Principal("ops"), "anything")).isTrue();
        assertThat(a.mayCreateTopic(BOB, "alice-1")).isFalse();
    }

    @Test
    void allowsAnyLooksAtTheResourceTypeAsKafkaDoesForIdempotentProducers() {
        Authorizer a = with("alice WRITE topic:orders", "bob READ topic:*");
        assertThat(a.allowsAny(ALICE, AclOperation.WRITE, ResourceType.TOPIC)).isTrue();
        assertThat(a.allowsAny(BOB, AclOperation.WRITE, ResourceType.TOPIC)).isFalse();
        assertThat(a.allowsAny(ALICE, AclOperation.WRITE, ResourceType.GROUP)).isFalse();
    }

    @Test
    void parsesSeveralOperationsAndKafkaStylePrincipals() {
        List<AclRule> rules = AclRule.parse("User:alice read|Write|describe-configs topic:t");
        assertThat(rules).extracting(AclRule::operation).containsExactly(AclOperation.READ, AclOperation.WRITE,
                AclOperation.DESCRIBE_CONFIGS);
        assertThat(rules).allSatisfy(r -> assertThat(r.principal()).isEqualTo("alice"));
        assertThat(AclRule.parse("ops ALTER cluster").get(0).pattern()).isEqualTo(ResourceType.CLUSTER_NAME);
        assertThat(AclRule.parse("a READ topic:x*").get(0).patternType()).isEqualTo(PatternType.PREFIXED);
        assertThat(AclRule.parse("a READ topic:*").get(0).patternType()).isEqualTo(PatternType.LITERAL);
    }

    @Test
    void badRulesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> AclRule.parse("alice READ")).hasMessageContaining("must read");
        assertThatThrownBy(() -> AclRule.parse("alice FLY topic:t")).hasMessageContaining("unknown ACL operation 'FLY'");
        assertThatThrownBy(() -> AclRule.parse("alice READ queue:t")).hasMessageContaining("unknown ACL resource type 'queue'");
        assertThatThrownBy(() -> AclRule.parse("alice READ topic:")).hasMessageContaining("needs a principal and a resource name");
        assertThatThrownBy(() -> AclRule.parse("alice READ cluster:other")).hasMessageContaining("kafka-cluster");
    }

    @Test
    void runtimeRulesAreStoredAppliedAndRemoved() {
        List<AclRule> saved = new ArrayList<>();
        AclStore store = new AclStore() {
            @Override
            public List<AclRule> load() {
                return List.of(new AclRule("carol", AclOperation.READ, ResourceType.TOPIC, PatternType.LITERAL, "loaded"));
            }

            @Override
            public void insert(AclRule rule) {
                saved.add(rule);
            }

            @Override
            public void delete(AclRule rule) {
                saved.remove(rule);
            }
        };
        Authorizer a = new Authorizer(true, List.of(), AclRule.parse("alice READ topic:configured"), store);
        assertThat(a.allows(new Principal("carol"), AclOperation.READ, ResourceType.TOPIC, "loaded")).isTrue();

        AclRule bobWrites = new AclRule("User:bob", AclOperation.WRITE, ResourceType.TOPIC, PatternType.PREFIXED, "logs-");
        a.add(List.of(bobWrites, bobWrites, AclRule.parse("alice READ topic:configured").get(0)));
        assertThat(saved).containsExactly(bobWrites); // neither twice nor a copy of a configured rule
        assertThat(a.allows(BOB, AclOperation.WRITE, ResourceType.TOPIC, "logs-1")).isTrue();
        assertThat(a.rules()).hasSize(3);

        assertThat(a.remove(r -> true)).hasSize(2); // the loaded and the added rule, not the configured one
        assertThat(saved).isEmpty();
        assertThat(a.allows(BOB, AclOperation.WRITE, ResourceType.TOPIC, "logs-1")).isFalse();
        assertThat(a.allows(ALICE, AclOperation.READ, ResourceType.TOPIC, "configured")).isTrue();
    }
}
