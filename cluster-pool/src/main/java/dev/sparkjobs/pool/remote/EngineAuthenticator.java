package dev.sparkjobs.pool.remote;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.BearerTokenAuthenticator;
import dev.sparkjobs.flight.EngineProtocol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Who may call a remote engine. The gateway presents the engine's secret as a bearer token and
 * names the user it acts for; anyone else (a client sent here with a signed ticket, whatever
 * credentials its driver sends) is a {@link EngineProtocol#TICKET_HOLDER}, whom the producer
 * lets redeem signed tickets and nothing else.
 */
public final class EngineAuthenticator
        implements CallHeaderAuthenticator
{
    private static final String TICKET_HOLDER_TOKEN = "ticket-holder";

    private final byte[] secret;

    public EngineAuthenticator(String secret)
    {
        this.secret = requireNonNull(secret, "secret is null").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public AuthResult authenticate(CallHeaders headers)
    {
        String authorization = headers.get(Auth2Constants.AUTHORIZATION_HEADER);
        if (authorization != null && authorization.regionMatches(true, 0, Auth2Constants.BEARER_PREFIX, 0, Auth2Constants.BEARER_PREFIX.length())) {
            byte[] token = authorization.substring(Auth2Constants.BEARER_PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(token, secret)) {
                String user = headers.get(EngineProtocol.USER_HEADER);
                String identity = user == null || user.isEmpty() ? BearerTokenAuthenticator.ANONYMOUS : user;
                return () -> identity;
            }
        }
        // A driver that logs in (the Flight SQL JDBC driver sends its gateway credentials to every
        // location it is sent to) gets a bearer token that marks it a ticket holder, so that its
        // handshake succeeds and its later calls carry the token it expects to send.
        return new AuthResult()
        {
            @Override
            public String getPeerIdentity()
            {
                return EngineProtocol.TICKET_HOLDER;
            }

            @Override
            public void appendToOutgoingHeaders(CallHeaders outgoing)
            {
                if (authorization != null && !outgoing.containsKey(Auth2Constants.AUTHORIZATION_HEADER)) {
                    outgoing.insert(Auth2Constants.AUTHORIZATION_HEADER, Auth2Constants.BEARER_PREFIX + TICKET_HOLDER_TOKEN);
                }
            }
        };
    }
}
