package dev.sparkjobs.flight;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.arrow.flight.Ticket;

/**
 * Tickets that a client may redeem at an engine without the engine's credentials: the engine's
 * own ticket, an expiry, and an HMAC-SHA256 over both with the engine's secret. The gateway signs
 * them (it holds each engine's secret) and the engine verifies them, so a client fetches a result
 * straight from the engine that computed it, and only the result it was given, only until the
 * ticket expires.
 *
 * <p>Layout: {@code "SJT1"}, expiry (epoch milliseconds, 8 bytes), the inner ticket, the MAC (32 bytes).
 */
public final class SignedTickets
{
    private static final byte[] MAGIC = "SJT1".getBytes(StandardCharsets.US_ASCII);
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_LENGTH = 32;
    private static final int HEADER_LENGTH = MAGIC.length + Long.BYTES;

    private final SecretKeySpec key;
    private final Clock clock;

    public SignedTickets(byte[] secret, Clock clock)
    {
        requireNonNull(secret, "secret is null");
        if (secret.length < 16) {
            throw new IllegalArgumentException("a ticket secret needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Whether the ticket has the layout of a signed ticket (it may still be forged or expired). */
    public static boolean isSigned(Ticket ticket)
    {
        byte[] bytes = ticket.getBytes();
        return bytes.length >= HEADER_LENGTH + MAC_LENGTH && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    public Ticket sign(byte[] inner, Duration lifetime)
    {
        requireNonNull(inner, "inner is null");
        long expiresAt = clock.millis() + lifetime.toMillis();
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_LENGTH + inner.length + MAC_LENGTH);
        buffer.put(MAGIC).putLong(expiresAt).put(inner);
        buffer.put(mac(buffer.array(), HEADER_LENGTH + inner.length));
        return new Ticket(buffer.array());
    }

    /**
     * The inner ticket of a signed ticket whose MAC matches and which has not expired.
     *
     * @throws SqlServiceException with SQLSTATE 28000 when the ticket is forged, altered or expired
     */
    public byte[] verify(Ticket ticket)
            throws SqlServiceException
    {
        if (!isSigned(ticket)) {
            throw new SqlServiceException(SqlServiceException.INVALID_AUTHORIZATION, "not a signed ticket: fetch results through the gateway");
        }
        byte[] bytes = ticket.getBytes();
        int signedLength = bytes.length - MAC_LENGTH;
        byte[] expected = mac(bytes, signedLength);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, signedLength, bytes.length))) {
            throw new SqlServiceException(SqlServiceException.INVALID_AUTHORIZATION, "the ticket's signature does not match: it was altered or signed for another engine");
        }
        long expiresAt = ByteBuffer.wrap(bytes, MAGIC.length, Long.BYTES).getLong();
        if (clock.millis() > expiresAt) {
            throw new SqlServiceException(SqlServiceException.INVALID_AUTHORIZATION, "the ticket expired: run the query again");
        }
        return Arrays.copyOfRange(bytes, HEADER_LENGTH, signedLength);
    }

    private byte[] mac(byte[] bytes, int length)
    {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(bytes, 0, length);
            return mac.doFinal();
        }
        catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
