package dev.sparkjobs.gateway.hs2;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import org.apache.hive.service.rpc.thrift.THandleIdentifier;

/**
 * Session and operation handles: a random id to find the object by, and a random secret the
 * client must send back with it, so that a handle cannot be guessed from another one.
 */
final class Handles
{
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handles() {}

    static Handle create()
    {
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        return new Handle(UUID.randomUUID(), secret);
    }

    /** The id a client's handle names, if it is well formed. */
    static Optional<UUID> key(THandleIdentifier identifier)
    {
        if (identifier == null || identifier.getGuid() == null || identifier.getGuid().length != 16) {
            return Optional.empty();
        }
        ByteBuffer guid = ByteBuffer.wrap(identifier.getGuid());
        return Optional.of(new UUID(guid.getLong(), guid.getLong()));
    }

    static final class Handle
    {
        private final UUID key;
        private final byte[] secret;

        private Handle(UUID key, byte[] secret)
        {
            this.key = key;
            this.secret = secret.clone();
        }

        UUID key()
        {
            return key;
        }

        THandleIdentifier toThrift()
        {
            ByteBuffer guid = ByteBuffer.allocate(16);
            guid.putLong(key.getMostSignificantBits()).putLong(key.getLeastSignificantBits()).flip();
            return new THandleIdentifier(guid, ByteBuffer.wrap(secret.clone()));
        }

        boolean matches(THandleIdentifier identifier)
        {
            return identifier != null && identifier.getSecret() != null && MessageDigest.isEqual(secret, identifier.getSecret())
                    && Handles.key(identifier).map(key::equals).orElse(false);
        }
    }
}
