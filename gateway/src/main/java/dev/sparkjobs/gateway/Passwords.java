package dev.sparkjobs.gateway;

import dev.sparkjobs.flight.Authenticator;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashed passwords for configured users: {@code pbkdf2-sha256:<iterations>:<salt>:<hash>}, both
 * parts Base64. {@code bin/sparkjobs hash-password} prints one for the config file.
 */
public final class Passwords
{
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int ITERATIONS = 210_000;

    private Passwords() {}

    public static String hash(char[] password)
    {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return SCHEME + ":" + ITERATIONS + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(derive(password, salt, ITERATIONS));
    }

    public static boolean verify(String password, String stored)
    {
        String[] parts = stored.split(":");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derive(password.toCharArray(), salt, Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** Checks users against a map of user name to stored hash. */
    public static Authenticator authenticator(Map<String, String> users)
    {
        Map<String, String> copy = Map.copyOf(users);
        return (user, password) -> {
            String stored = copy.get(user);
            return stored != null && verify(password, stored);
        };
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations)
    {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is not available", e);
        }
    }

}
