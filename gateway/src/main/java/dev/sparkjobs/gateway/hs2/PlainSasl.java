package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;

/**
 * SASL PLAIN (RFC 4616) on the server side, which the JDK does not ship: what the stock Hive
 * driver speaks unless told {@code auth=noSasl}. The user name and password are checked by the
 * gateway's {@link Authenticator}; acting as another user (an authorisation id that differs from
 * the user name) is refused.
 */
final class PlainSasl
{
    static final String MECHANISM = "PLAIN";
    private static final String PROVIDER = "SparkJobsSaslPlain";

    private PlainSasl() {}

    /** Registers the server mechanism with the JDK's SASL framework, once per JVM. */
    static synchronized void install()
    {
        if (Security.getProvider(PROVIDER) == null) {
            Security.addProvider(new PlainProvider());
        }
    }

    /** Carries the authenticator to the mechanism through the SASL framework's one parameter. */
    static final class Authentication
            implements CallbackHandler
    {
        private final Authenticator authenticator;

        Authentication(Authenticator authenticator)
        {
            this.authenticator = requireNonNull(authenticator, "authenticator is null");
        }

        @Override
        public void handle(Callback[] callbacks)
                throws UnsupportedCallbackException
        {
            throw new UnsupportedCallbackException(callbacks.length == 0 ? null : callbacks[0]);
        }
    }

    private static final class PlainProvider
            extends Provider
    {
        PlainProvider()
        {
            super(PROVIDER, "1.0", "SASL PLAIN server mechanism of the Spark Jobs HiveServer2 door");
            putService(new Service(this, "SaslServerFactory", MECHANISM, Factory.class.getName(), null, null)
            {
                @Override
                public Object newInstance(Object parameter)
                {
                    return new Factory();
                }
            });
        }
    }

    private static final class Factory
            implements SaslServerFactory
    {
        @Override
        public SaslServer createSaslServer(String mechanism, String protocol, String serverName, Map<String, ?> properties, CallbackHandler handler)
        {
            if (!MECHANISM.equals(mechanism) || !(handler instanceof Authentication authentication)) {
                return null;
            }
            return new Server(authentication.authenticator);
        }

        @Override
        public String[] getMechanismNames(Map<String, ?> properties)
        {
            boolean noPlainText = properties != null && "true".equalsIgnoreCase(String.valueOf(properties.get(Sasl.POLICY_NOPLAINTEXT)));
            return noPlainText ? new String[0] : new String[] {MECHANISM};
        }
    }

    private static final class Server
            implements SaslServer
    {
        private final Authenticator authenticator;
        private String user;

        Server(Authenticator authenticator)
        {
            this.authenticator = authenticator;
        }

        @Override
        public String getMechanismName()
        {
            return MECHANISM;
        }

        @Override
        public byte[] evaluateResponse(byte[] response)
                throws SaslException
        {
            if (user != null) {
                throw new SaslException("PLAIN: the authentication is already complete");
            }
            // authzid NUL authcid NUL passwd
            int first = indexOf(response, 0);
            int second = first < 0 ? -1 : indexOf(response, first + 1);
            if (second < 0) {
                throw new SaslException("PLAIN: malformed response");
            }
            String authorizationId = new String(response, 0, first, StandardCharsets.UTF_8);
            String name = new String(response, first + 1, second - first - 1, StandardCharsets.UTF_8);
            String password = new String(response, second + 1, response.length - second - 1, StandardCharsets.UTF_8);
            if (name.isEmpty()) {
                throw new SaslException("PLAIN: no user name given");
            }
            if (!authorizationId.isEmpty() && !authorizationId.equals(name)) {
                throw new SaslException("user " + name + " may not act as " + authorizationId);
            }
            if (!authenticator.authenticate(name, password)) {
                throw new SaslException("authentication failed for user " + name + ": wrong user name or password");
            }
            user = name;
            return new byte[0];
        }

        private static int indexOf(byte[] bytes, int from)
        {
            for (int i = from; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public boolean isComplete()
        {
            return user != null;
        }

        @Override
        public String getAuthorizationID()
        {
            if (user == null) {
                throw new IllegalStateException("PLAIN: the authentication is not complete");
            }
            return user;
        }

        @Override
        public byte[] unwrap(byte[] incoming, int offset, int length)
        {
            throw new IllegalStateException("PLAIN negotiates no security layer");
        }

        @Override
        public byte[] wrap(byte[] outgoing, int offset, int length)
        {
            throw new IllegalStateException("PLAIN negotiates no security layer");
        }

        @Override
        public Object getNegotiatedProperty(String name)
        {
            return Sasl.QOP.equals(name) ? "auth" : null;
        }

        @Override
        public void dispose() {}
    }
}
