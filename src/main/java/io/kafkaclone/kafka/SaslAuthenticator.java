package io.kafkaclone.kafka;

import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.jboss.logging.Logger;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import io.kafkaclone.security.Authentication;
import io.kafkaclone.security.Principal;
import io.kafkaclone.security.UserStore;

/**
 * The SASL state machine of one Kafka connection, as Kafka's own broker runs it:
 * ApiVersions and SaslHandshake (choose a mechanism), then SaslAuthenticate rounds until the
 * mechanism's server is complete. The mechanisms themselves are kafka-clients' SASL servers
 * (PLAIN, SCRAM-SHA-256/512), fed from the {@link UserStore}. Until it completes, the connection
 * serves nothing else; any failure is answered and then the connection is closed, as Kafka does.
 *
 * <p>Methods are called on the connection's event loop; a mechanism's work (PLAIN re-derives the
 * salted password: thousands of HMACs) runs on the given worker executor and its result is applied
 * back on the event loop.
 */
final class SaslAuthenticator {
    private static final Logger LOG = Logger.getLogger(SaslAuthenticator.class);

    private enum State {
        HANDSHAKE, AUTHENTICATE, EVALUATING, COMPLETE, FAILED
    }

    /** What the connection does with a SASL request: send the response, maybe adopt a principal, maybe close after sending. */
    record Step(ApiMessage response, byte[] rawToken, Principal principal, boolean close) {
        static Step answer(ApiMessage response, boolean close) {
            return new Step(response, null, null, close);
        }
    }

    private final UserStore users;
    private final List<String> mechanisms;
    private final Executor worker;
    private final Executor eventLoop;
    private State state = State.HANDSHAKE;
    private SaslServer server;
    private String mechanism;
    /** SaslHandshake v0: the tokens that follow are bare size-prefixed frames, not SaslAuthenticate requests. */
    private boolean rawTokens;

    SaslAuthenticator(UserStore users, List<String> mechanisms, Executor worker, Executor eventLoop) {
        this.users = users;
        this.mechanisms = List.copyOf(mechanisms);
        this.worker = worker;
        this.eventLoop = eventLoop;
    }

    /** A connection's authenticator, or null when the broker does not require authentication. */
    static SaslAuthenticator forConnection(Authentication auth, Vertx vertx, Context context) {
        if (!auth.required()) {
            return null;
        }
        Executor worker = work -> vertx.executeBlocking(() -> {
            work.run();
            return null;
        }, false);
        return new SaslAuthenticator(auth.users(), auth.kafkaMechanisms(), worker, work -> context.runOnContext(v -> work.run()));
    }

    boolean isComplete() {
        return state == State.COMPLETE;
    }

    /** Whether the next frame is a bare SASL token (after a v0 handshake) rather than a Kafka request. */
    boolean expectsRawToken() {
        return rawTokens && (state == State.AUTHENTICATE || state == State.EVALUATING);
    }

    /** The requests a client may send before it has authenticated; anything else closes the connection. */
    static boolean allowedBeforeAuthentication(ApiKeys key) {
        return key == ApiKeys.API_VERSIONS || key == ApiKeys.SASL_HANDSHAKE || key == ApiKeys.SASL_AUTHENTICATE;
    }

    static boolean isSasl(ApiKeys key) {
        return key == ApiKeys.SASL_HANDSHAKE || key == ApiKeys.SASL_AUTHENTICATE;
    }

    CompletionStage<Step> handle(KafkaRequest request) {
        if (request.apiKey() == ApiKeys.SASL_HANDSHAKE) {
            return CompletableFuture.completedFuture(handshake(request));
        }
        SaslAuthenticateRequestData data = request.data();
        if (state != State.AUTHENTICATE || rawTokens) {
            return CompletableFuture.completedFuture(Step.answer(new SaslAuthenticateResponseData()
                    .setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                    .setErrorMessage("SaslAuthenticate is not expected now (" + describeState() + ")"), !isComplete()));
        }
        return evaluate(data.authBytes()).thenApply(outcome -> {
            SaslAuthenticateResponseData response = new SaslAuthenticateResponseData();
            if (outcome.error != null) {
                return Step.answer(response.setErrorCode(outcome.error.code()).setErrorMessage(outcome.message), true);
            }
            // 0: no re-authentication required (KIP-368)
            response.setAuthBytes(outcome.challenge).setSessionLifetimeMs(0);
            return new Step(response, null, outcome.principal, false);
        });
    }

    /** A bare token after a v0 handshake: answered with a bare token; a failure just closes (v0 has no way to say why). */
    CompletionStage<Step> rawToken(byte[] token) {
        if (state != State.AUTHENTICATE) {
            state = State.FAILED; // a token sent before the previous one was answered
            return CompletableFuture.completedFuture(new Step(null, null, null, true));
        }
        return evaluate(token).thenApply(outcome -> outcome.error != null
                ? new Step(null, null, null, true)
                : new Step(null, outcome.challenge, outcome.principal, false));
    }

    private Step handshake(KafkaRequest request) {
        SaslHandshakeRequestData data = request.data();
        SaslHandshakeResponseData response = new SaslHandshakeResponseData().setMechanisms(mechanisms);
        if (state != State.HANDSHAKE) {
            // after success the connection stays (Kafka answers the same from KafkaApis); mid-exchange it is a protocol error
            return Step.answer(response.setErrorCode(Errors.ILLEGAL_SASL_STATE.code()), !isComplete());
        }
        String requested = data.mechanism();
        if (!mechanisms.contains(requested)) {
            LOG.debugf("kafka client %s asked for SASL mechanism %s; enabled: %s", request.clientHost(), requested, mechanisms);
            state = State.FAILED;
            return Step.answer(response.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code()), true);
        }
        try {
            server = newServer(requested);
        } catch (NoSuchAlgorithmException e) {
            state = State.FAILED;
            return Step.answer(response.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code()), true);
        }
        mechanism = requested;
        rawTokens = request.version() == 0;
        state = State.AUTHENTICATE;
        return Step.answer(response.setErrorCode(Errors.NONE.code()), false);
    }

    private record Outcome(byte[] challenge, Principal principal, Errors error, String message) {
    }

    private CompletionStage<Outcome> evaluate(byte[] token) {
        state = State.EVALUATING;
        SaslServer s = server;
        return CompletableFuture.supplyAsync(() -> {
            try {
                byte[] challenge = s.evaluateResponse(token);
                return new Outcome(challenge == null ? new byte[0] : challenge,
                        s.isComplete() ? new Principal(s.getAuthorizationID()) : null, null, null);
            } catch (SaslAuthenticationException e) {
                // the mechanism chose this message for the client (it reveals nothing secret)
                return new Outcome(null, null, Errors.SASL_AUTHENTICATION_FAILED, e.getMessage());
            } catch (IllegalSaslStateException e) {
                return new Outcome(null, null, Errors.ILLEGAL_SASL_STATE, e.getMessage());
            } catch (SaslException | RuntimeException e) {
                // Kafka's wording: the details (unknown user, wrong proof) stay in the broker's log
                LOG.debugf("SASL/%s authentication failed: %s", mechanism, e.getMessage());
                return new Outcome(null, null, Errors.SASL_AUTHENTICATION_FAILED,
                        "Authentication failed during authentication due to invalid credentials with SASL mechanism " + mechanism);
            }
        }, worker).thenApplyAsync(outcome -> {
            if (outcome.error != null) {
                state = State.FAILED;
            } else if (outcome.principal != null) {
                state = State.COMPLETE;
                server = null; // PLAIN and SCRAM hold nothing to dispose of
            } else {
                state = State.AUTHENTICATE;
            }
            return outcome;
        }, eventLoop);
    }

    private String describeState() {
        return switch (state) {
            case HANDSHAKE -> "send SaslHandshake first";
            case AUTHENTICATE, EVALUATING -> "a token is being evaluated";
            case COMPLETE -> "already authenticated";
            case FAILED -> "authentication failed";
        };
    }

    private SaslServer newServer(String name) throws NoSuchAlgorithmException {
        if (PlainSaslServer.PLAIN_MECHANISM.equals(name)) {
            return new PlainSaslServer(this::plainCallbacks);
        }
        ScramMechanism scram = ScramMechanism.forMechanismName(name);
        if (scram == null) {
            throw new NoSuchAlgorithmException("no SASL server for " + name);
        }
        return new ScramSaslServer(scram, Map.of(), scramCallbacks(name));
    }

    /** PLAIN: the server hands us the user name and password; we answer whether they match. */
    private void plainCallbacks(Callback[] callbacks) throws UnsupportedCallbackException {
        String user = null;
        for (Callback c : callbacks) {
            if (c instanceof NameCallback name) {
                user = name.getDefaultName();
            } else if (c instanceof PlainAuthenticateCallback plain) {
                plain.authenticated(users.authenticate(user, new String(plain.password())).isPresent());
            } else {
                throw new UnsupportedCallbackException(c);
            }
        }
    }

    /** SCRAM: the server asks for the user's stored credential and verifies the client's proof itself. */
    private CallbackHandler scramCallbacks(String scramMechanism) {
        return callbacks -> {
            String user = null;
            for (Callback c : callbacks) {
                if (c instanceof NameCallback name) {
                    user = name.getDefaultName();
                } else if (c instanceof ScramCredentialCallback credential && c.getClass() == ScramCredentialCallback.class) {
                    credential.scramCredential(users.scramCredential(user, scramMechanism).orElse(null));
                } else {
                    throw new UnsupportedCallbackException(c); // delegation tokens are not supported
                }
            }
        };
    }
}
