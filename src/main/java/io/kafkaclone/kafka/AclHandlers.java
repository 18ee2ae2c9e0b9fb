package io.kafkaclone.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.AclRule;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.PatternType;
import io.kafkaclone.security.ResourceType;

/**
 * CreateAcls, DescribeAcls and DeleteAcls over the {@link Authorizer}'s rules, so {@code kafka-acls} and
 * {@code Admin#createAcls} work. Only what the authorizer can enforce is accepted: ALLOW rules, on topics,
 * groups and the cluster, for host {@code *}. Changing rules needs ALTER on the cluster, listing them DESCRIBE
 * (as in Kafka); with authorization off the answer is SECURITY_DISABLED, as Kafka's without an authorizer.
 */
final class AclHandlers {
    private static final String USER = "User:";
    private static final String ANY_HOST = "*";

    private final Authorizer authorizer;
    private final Blocking blocking;

    AclHandlers(Authorizer authorizer, Blocking blocking) {
        this.authorizer = authorizer;
        this.blocking = blocking;
    }

    CompletionStage<ApiMessage> createAcls(KafkaRequest request) {
        CreateAclsRequestData data = request.data();
        CreateAclsResponseData response = new CreateAclsResponseData();
        Errors refused = refusal(request, AclOperation.ALTER);
        List<AclRule> toAdd = new ArrayList<>();
        List<CreateAclsResponseData.AclCreationResult> results = new ArrayList<>();
        for (CreateAclsRequestData.AclCreation c : data.creations()) {
            CreateAclsResponseData.AclCreationResult r = new CreateAclsResponseData.AclCreationResult();
            results.add(r);
            response.results().add(r);
            if (refused != Errors.NONE) {
                r.setErrorCode(refused.code()).setErrorMessage(refusalMessage(refused));
                continue;
            }
            try {
                toAdd.add(rule(c));
            } catch (IllegalArgumentException e) {
                r.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage(e.getMessage());
            }
        }
        if (toAdd.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        return blocking.run(() -> {
            try {
                authorizer.add(toAdd);
            } catch (RuntimeException e) {
                for (CreateAclsResponseData.AclCreationResult r : results) {
                    if (r.errorCode() == Errors.NONE.code()) {
                        r.setErrorCode(Errors.UNKNOWN_SERVER_ERROR.code()).setErrorMessage("storing the ACL failed: " + e.getMessage());
                    }
                }
            }
            return response;
        });
    }

    private static AclRule rule(CreateAclsRequestData.AclCreation c) {
        if (c.permissionType() != AclPermissionType.ALLOW.code()) {
            throw new IllegalArgumentException("only ALLOW rules are supported (what no rule allows is denied)");
        }
        if (!ANY_HOST.equals(c.host())) {
            throw new IllegalArgumentException("only host '*' is supported");
        }
        if (c.principal() == null || !c.principal().startsWith(USER) || c.principal().length() == USER.length()) {
            throw new IllegalArgumentException("principal must be 'User:<name>' or 'User:*'");
        }
        return new AclRule(c.principal(), operation(c.operation()), resourceType(c.resourceType()), patternType(c.resourcePatternType()),
                c.resourceName());
    }

    private static AclOperation operation(byte code) {
        org.apache.kafka.common.acl.AclOperation op = org.apache.kafka.common.acl.AclOperation.fromCode(code);
        try {
            return AclOperation.valueOf(op.name());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unsupported ACL operation " + op);
        }
    }

    private static ResourceType resourceType(byte code) {
        org.apache.kafka.common.resource.ResourceType type = org.apache.kafka.common.resource.ResourceType.fromCode(code);
        return switch (type) {
            case TOPIC -> ResourceType.TOPIC;
            case GROUP -> ResourceType.GROUP;
            case CLUSTER -> ResourceType.CLUSTER;
            default -> throw new IllegalArgumentException("unsupported resource type " + type);
        };
    }

    private static PatternType patternType(byte code) {
        org.apache.kafka.common.resource.PatternType type = org.apache.kafka.common.resource.PatternType.fromCode(code);
        return switch (type) {
            case LITERAL -> PatternType.LITERAL;
            case PREFIXED -> PatternType.PREFIXED;
            default -> throw new IllegalArgumentException("unsupported pattern type " + type);
        };
    }

    CompletionStage<ApiMessage> describeAcls(KafkaRequest request) {
        DescribeAclsRequestData data = request.data();
        DescribeAclsResponseData response = new DescribeAclsResponseData();
        Errors refused = refusal(request, AclOperation.DESCRIBE);
        if (refused != Errors.NONE) {
            return CompletableFuture.completedFuture(response.setErrorCode(refused.code()).setErrorMessage(refusalMessage(refused)));
        }
        Predicate<AclRule> filter = filter(data.resourceTypeFilter(), data.resourceNameFilter(), data.patternTypeFilter(),
                data.principalFilter(), data.hostFilter(), data.operation(), data.permissionType());
        Map<String, DescribeAclsResponseData.DescribeAclsResource> byResource = new LinkedHashMap<>();
        for (AclRule r : authorizer.rules()) {
            if (!filter.test(r)) {
                continue;
            }
            String key = r.resourceType() + "\u0000" + r.patternType() + "\u0000" + r.pattern();
            byResource.computeIfAbsent(key, k -> new DescribeAclsResponseData.DescribeAclsResource().setResourceType(kafkaType(r).code())
                    .setResourceName(r.pattern()).setPatternType(kafkaPattern(r).code())).acls()
                    .add(new DescribeAclsResponseData.AclDescription().setPrincipal(USER + r.principal()).setHost(ANY_HOST)
                            .setOperation(kafkaOperation(r).code()).setPermissionType(AclPermissionType.ALLOW.code()));
        }
        response.resources().addAll(byResource.values());
        return CompletableFuture.completedFuture(response);
    }

    CompletionStage<ApiMessage> deleteAcls(KafkaRequest request) {
        DeleteAclsRequestData data = request.data();
        Errors refused = refusal(request, AclOperation.ALTER);
        if (refused != Errors.NONE) {
            DeleteAclsResponseData response = new DeleteAclsResponseData();
            data.filters().forEach(f -> response.filterResults().add(new DeleteAclsResponseData.DeleteAclsFilterResult()
                    .setErrorCode(refused.code()).setErrorMessage(refusalMessage(refused))));
            return CompletableFuture.completedFuture(response);
        }
        return blocking.run(() -> {
            DeleteAclsResponseData response = new DeleteAclsResponseData();
            for (DeleteAclsRequestData.DeleteAclsFilter f : data.filters()) {
                DeleteAclsResponseData.DeleteAclsFilterResult result = new DeleteAclsResponseData.DeleteAclsFilterResult();
                response.filterResults().add(result);
                try {
                    for (AclRule r : authorizer.remove(filter(f.resourceTypeFilter(), f.resourceNameFilter(), f.patternTypeFilter(),
                            f.principalFilter(), f.hostFilter(), f.operation(), f.permissionType()))) {
                        result.matchingAcls().add(new DeleteAclsResponseData.DeleteAclsMatchingAcl().setResourceType(kafkaType(r).code())
                                .setResourceName(r.pattern()).setPatternType(kafkaPattern(r).code()).setPrincipal(USER + r.principal())
                                .setHost(ANY_HOST).setOperation(kafkaOperation(r).code())
                                .setPermissionType(AclPermissionType.ALLOW.code()));
                    }
                } catch (RuntimeException e) {
                    result.setErrorCode(Errors.UNKNOWN_SERVER_ERROR.code()).setErrorMessage("deleting ACLs failed: " + e.getMessage());
                }
            }
            return response;
        });
    }

    /** NONE when the principal may use the ACL API needing {@code operation} on the cluster. */
    private Errors refusal(KafkaRequest request, AclOperation operation) {
        if (!authorizer.enabled()) {
            return Errors.SECURITY_DISABLED;
        }
        return authorizer.allows(request.principal(), operation, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME) ? Errors.NONE
                : Errors.CLUSTER_AUTHORIZATION_FAILED;
    }

    private static String refusalMessage(Errors error) {
        return error == Errors.SECURITY_DISABLED ? "authorization is off (kafka-clone.acl.enabled=false)"
                : "not authorized to manage ACLs (needs ALTER, or DESCRIBE to list, on the cluster)";
    }

    /** Kafka's ACL binding filter semantics (ANY, MATCH, null = any) over allow rules for host '*'. */
    static Predicate<AclRule> filter(byte resourceType, String name, byte patternType, String principal, String host, byte operation,
            byte permission) {
        org.apache.kafka.common.resource.ResourceType type = org.apache.kafka.common.resource.ResourceType.fromCode(resourceType);
        org.apache.kafka.common.resource.PatternType pattern = org.apache.kafka.common.resource.PatternType.fromCode(patternType);
        org.apache.kafka.common.acl.AclOperation op = org.apache.kafka.common.acl.AclOperation.fromCode(operation);
        AclPermissionType perm = AclPermissionType.fromCode(permission);
        return r -> {
            if (perm != AclPermissionType.ANY && perm != AclPermissionType.ALLOW) {
                return false;
            }
            if (host != null && !host.equals(ANY_HOST)) {
                return false;
            }
            if (principal != null && !principal.equals(USER + r.principal())) {
                return false;
            }
            if (op != org.apache.kafka.common.acl.AclOperation.ANY && op != kafkaOperation(r)) {
                return false;
            }
            if (type != org.apache.kafka.common.resource.ResourceType.ANY && type != kafkaType(r)) {
                return false;
            }
            return switch (pattern) {
                case ANY -> name == null || name.equals(r.pattern());
                case MATCH -> name == null || (r.patternType() == PatternType.LITERAL
                        ? r.pattern().equals(name) || r.pattern().equals(AclRule.WILDCARD) : name.startsWith(r.pattern()));
                case LITERAL, PREFIXED -> kafkaPattern(r) == pattern && (name == null || name.equals(r.pattern()));
                default -> false;
            };
        };
    }

    private static org.apache.kafka.common.resource.ResourceType kafkaType(AclRule r) {
        return org.apache.kafka.common.resource.ResourceType.valueOf(r.resourceType().name());
    }

    private static org.apache.kafka.common.resource.PatternType kafkaPattern(AclRule r) {
        return org.apache.kafka.common.resource.PatternType.valueOf(r.patternType().name());
    }

    private static org.apache.kafka.common.acl.AclOperation kafkaOperation(AclRule r) {
        return org.apache.kafka.common.acl.AclOperation.valueOf(r.operation().name());
    }
}
