package dev.sparkjobs.flight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.arrow.flight.Ticket;
import org.junit.jupiter.api.Test;

class SignedTicketsTest
{
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INNER = "engine ticket".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void verifiesItsOwnTicket()
            throws SqlServiceException
    {
        SignedTickets tickets = new SignedTickets(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));
        Ticket signed = tickets.sign(INNER, Duration.ofMinutes(5));
        assertTrue(SignedTickets.isSigned(signed));
        assertFalse(SignedTickets.isSigned(new Ticket(INNER)));
        assertArrayEquals(INNER, tickets.verify(signed));
    }

    @Test
    void refusesTamperedExpiredAndForeignTickets()
    {
        SignedTickets tickets = new SignedTickets(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));
        Ticket signed = tickets.sign(INNER, Duration.ofMinutes(5));

        for (int position : new int[] {5, 12, signed.getBytes().length - 1}) {
            byte[] tampered = signed.getBytes().clone();
            tampered[position] ^= 1;
            SqlServiceException e = assertThrows(SqlServiceException.class, () -> tickets.verify(new Ticket(tampered)));
            assertEquals(SqlServiceException.INVALID_AUTHORIZATION, e.sqlState());
        }

        SignedTickets later = new SignedTickets(SECRET, Clock.fixed(NOW.plus(Duration.ofMinutes(6)), ZoneOffset.UTC));
        SqlServiceException expired = assertThrows(SqlServiceException.class, () -> later.verify(signed));
        assertTrue(expired.getMessage().contains("expired"), expired.getMessage());

        SignedTickets other = new SignedTickets("another secret of 32 characters!".getBytes(StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThrows(SqlServiceException.class, () -> other.verify(signed));
        assertThrows(SqlServiceException.class, () -> tickets.verify(new Ticket(INNER)));
    }
}
