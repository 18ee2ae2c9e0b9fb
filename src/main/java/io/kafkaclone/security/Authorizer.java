package io.kafkaclone.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

/**
 * The one place that decides whether a principal may do an operation on a resource; every door
 * (Kafka, line, console) asks here, so a rule means the same thing whichever door a client uses.
 *
 * <p>Off (the default), everything is allowed. On, super users may do everything, and anyone else
 * only what an allow rule grants: configured rules ({@code kafka-clone.acl.rules}) plus rules added
 * at runtime through Kafka's CreateAcls, which are persisted in the {@link AclStore}.
 */
public final class Authorizer {
    private static final Logger LOG = Logger.getLogger(Authorizer.class);

    private final boolean enabled;
    private final Set<String> superUsers;
    private final List<AclRule> configured;
    private final AclStore store;
    /** Added at runtime; replaced as a whole on change so checks read it without locking. */
    private volatile List<AclRule> stored;

    public Authorizer(boolean enabled, Collection<String> superUsers, Collection<AclRule> configured, AclStore store) {
        this.enabled = enabled;
        Set<String> supers = new LinkedHashSet<>();
        superUsers.forEach(u -> supers.add(AclRule.userName(u)));
        this.superUsers = Set.copyOf(supers);
        this.configured = List.copyOf(configured);
        this.store = store;
        this.stored = enabled ? List.copyOf(store.load()) : List.of();
    }

    /** Authorization off: every request is allowed. */
    public static Authorizer allowAll() {
        return new Authorizer(false, List.of(), List.of(), AclStore.NONE);
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether {@code who} may do {@code operation} on the resource {@code type}/{@code name}. */
    public boolean allows(Principal who, AclOperation operation, ResourceType type, String name) {
        if (!enabled || superUsers.contains(who.name())) {
            return true;
        }
        String resource = name == null ? "" : name; // a malformed request's missing name matches only '*'
        boolean allowed = anyRule(r -> r.matches(who, operation, type, resource));
        if (!allowed) {
            LOG.debugf("denied: principal %s operation %s on %s '%s'", who.name(), operation, type, name);
        }
        return allowed;
    }

    /**
     * Whether some rule lets {@code who} do {@code operation} on at least one resource of {@code type}
     * (Kafka's "authorize by resource type": an idempotent producer needs WRITE on some topic).
     */
    public boolean allowsAny(Principal who, AclOperation operation, ResourceType type) {
        if (!enabled || superUsers.contains(who.name())) {
            return true;
        }
        return anyRule(r -> r.resourceType() == type && r.appliesTo(who) && r.operation().grants(operation));
    }

    /** Creating a topic needs CREATE on the cluster or on the topic's name, as in Kafka. */
    public boolean mayCreateTopic(Principal who, String topic) {
        return allows(who, AclOperation.CREATE, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME)
                || allows(who, AclOperation.CREATE, ResourceType.TOPIC, topic);
    }

    public boolean isSuperUser(Principal who) {
        return superUsers.contains(who.name());
    }

    private boolean anyRule(Predicate<AclRule> test) {
        for (AclRule r : configured) {
            if (test.test(r)) {
                return true;
            }
        }
        for (AclRule r : stored) {
            if (test.test(r)) {
                return true;
            }
        }
        return false;
    }

    /** Every rule in force: configured ones first, then those added at runtime. */
    public List<AclRule> rules() {
        List<AclRule> all = new ArrayList<>(configured);
        all.addAll(stored);
        return all;
    }

    /** Adds rules at runtime (persisted; blocks on the store). Rules already in force are not added twice. */
    public synchronized void add(Collection<AclRule> rules) {
        List<AclRule> next = new ArrayList<>(stored);
        for (AclRule r : rules) {
            if (!configured.contains(r) && !next.contains(r)) {
                store.insert(r);
                next.add(r);
            }
        }
        stored = List.copyOf(next);
    }

    /**
     * Removes the runtime rules that match (blocks on the store) and returns them. Configured rules
     * stay: they change with the configuration, not through the API.
     */
    public synchronized List<AclRule> remove(Predicate<AclRule> which) {
        List<AclRule> removed = new ArrayList<>();
        List<AclRule> next = new ArrayList<>();
        for (AclRule r : stored) {
            if (which.test(r)) {
                store.delete(r);
                removed.add(r);
            } else {
                next.add(r);
            }
        }
        stored = List.copyOf(next);
        return removed;
    }
}
