package dev.sparkjobs.flight;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Basic credentials in, bearer token out: a client authenticates once with user and password and
 * then presents the token. Without authentication configured, calls with no credentials are
 * accepted as the anonymous user and any user name is taken as given.
 */
public final class BearerTokenAuthenticator
        implements CallHeaderAuthenticator
{
    public static final String ANONYMOUS = "anonymous";
    private static final int MAX_TOKENS = 100_000;

    private final Authenticator passwords;
    private final boolean authenticationRequired;
    private final Duration tokenLifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String user, long expiresAtMillis) {}

    public BearerTokenAuthenticator(Authenticator passwords, boolean authenticationRequired, Duration tokenLifetime, Clock clock)
    {
        this.passwords = requireNonNull(passwords, "passwords is null");
        this.authenticationRequired = authenticationRequired;
        this.tokenLifetime = requireNonNull(tokenLifetime, "tokenLifetime is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public AuthResult authenticate(CallHeaders headers)
    {
        String authorization = headers.get(Auth2Constants.AUTHORIZATION_HEADER);
        if (authorization == null) {
            if (authenticationRequired) {
                throw CallStatus.UNAUTHENTICATED.withDescription("[SQLSTATE 28000] authentication is required: send a user and password").toRuntimeException();
            }
            return () -> ANONYMOUS;
        }
        if (authorization.regionMatches(true, 0, Auth2Constants.BASIC_PREFIX, 0, Auth2Constants.BASIC_PREFIX.length())) {
            return basic(authorization.substring(Auth2Constants.BASIC_PREFIX.length()).trim());
        }
        if (authorization.regionMatches(true, 0, Auth2Constants.BEARER_PREFIX, 0, Auth2Constants.BEARER_PREFIX.length())) {
            String token = authorization.substring(Auth2Constants.BEARER_PREFIX.length()).trim();
            return userOf(token)
                    .<AuthResult>map(user -> () -> user)
                    .orElseThrow(() -> CallStatus.UNAUTHENTICATED.withDescription("[SQLSTATE 28000] the bearer token is unknown or expired: authenticate again").toRuntimeException());
        }
        throw CallStatus.UNAUTHENTICATED.withDescription("[SQLSTATE 28000] unsupported authorization scheme").toRuntimeException();
    }

    private AuthResult basic(String encoded)
    {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            throw CallStatus.UNAUTHENTICATED.withDescription("[SQLSTATE 28000] malformed basic credentials").toRuntimeException();
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        String password = colon < 0 ? "" : decoded.substring(colon + 1);
        if (user.isEmpty()) {
            user = ANONYMOUS;
        }
        if (!passwords.authenticate(user, password)) {
            throw CallStatus.UNAUTHENTICATED.withDescription("[SQLSTATE 28P01] invalid user name or password").toRuntimeException();
        }
        String token = issue(user);
        String authenticatedUser = user;
        return new AuthResult()
        {
            @Override
            public String getPeerIdentity()
            {
                return authenticatedUser;
            }

            @Override
            public void appendToOutgoingHeaders(CallHeaders outgoing)
            {
                if (!outgoing.containsKey(Auth2Constants.AUTHORIZATION_HEADER)) {
                    outgoing.insert(Auth2Constants.AUTHORIZATION_HEADER, Auth2Constants.BEARER_PREFIX + token);
                }
            }
        };
    }

    String issue(String user)
    {
        if (tokens.size() >= MAX_TOKENS) {
            evictExpired();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, new Token(user, clock.millis() + tokenLifetime.toMillis()));
        return token;
    }

    Optional<String> userOf(String token)
    {
        Token found = tokens.get(token);
        if (found == null) {
            return Optional.empty();
        }
        if (found.expiresAtMillis() < clock.millis()) {
            tokens.remove(token);
            return Optional.empty();
        }
        return Optional.of(found.user());
    }

    private void evictExpired()
    {
        long now = clock.millis();
        for (Iterator<Token> it = tokens.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAtMillis() < now) {
                it.remove();
            }
        }
    }
}
