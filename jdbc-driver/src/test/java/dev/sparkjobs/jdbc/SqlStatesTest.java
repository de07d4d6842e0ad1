package dev.sparkjobs.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import org.apache.arrow.driver.jdbc.shaded.org.apache.arrow.flight.CallStatus;
import org.junit.jupiter.api.Test;

class SqlStatesTest
{
    @Test
    void takesTheStateFromTheMessage()
    {
        SQLException plain = new SQLException("Error while executing SQL \"SELECT * FROM nope\": [TABLE_OR_VIEW_NOT_FOUND] ... SQLSTATE: 42P01 (line 1, pos 14)");
        SQLException stated = SqlStates.withState(plain);
        assertEquals("42P01", stated.getSQLState());
        assertSame(plain, stated.getCause());
        assertEquals("28000", SqlStates.withState(new SQLException("x", new RuntimeException("[SQLSTATE 28000] authentication is required"))).getSQLState());
        SQLException already = new SQLException("m", "08001");
        assertSame(already, SqlStates.withState(already));
    }

    @Test
    void aTransportFailureOfTheStreamIsAConnectionFailure()
    {
        // What Arrow's driver reports when the engine it fetches from directly dies mid-stream: no SQLSTATE anywhere.
        RuntimeException lost = CallStatus.UNAVAILABLE.withDescription("Network closed for unknown reason").toRuntimeException();
        SQLException wrapped = new SQLException(lost);
        SQLException stated = SqlStates.withState(wrapped);
        assertEquals("08006", stated.getSQLState());
        assertSame(wrapped, stated.getCause());
        assertTrue(stated.getMessage().startsWith("[SQLSTATE 08006] lost the connection to the server streaming the result"), stated.getMessage());
        assertTrue(stated.getMessage().contains("Network closed for unknown reason"), stated.getMessage());
        assertEquals("08006", SqlStates.connectionFailure(lost).getSQLState());

        // An engine that is gone before the fetch: the connect error names its address, and so does the message.
        RuntimeException refused = CallStatus.UNAVAILABLE.withDescription("io exception")
                .withCause(new ConnectException("Connection refused: localhost/127.0.0.1:43117")).toRuntimeException();
        SQLException named = SqlStates.withState(new SQLException("Error while executing SQL \"SELECT 1\": io exception", refused));
        assertEquals("08006", named.getSQLState());
        assertTrue(named.getMessage().contains("the server at 127.0.0.1:43117"), named.getMessage());

        // A Flight location in the error, and gRPC's own status text, count too.
        SQLException located = SqlStates.withState(new SQLException("UNAVAILABLE: could not reach grpc+tcp://10.0.0.7:40123"));
        assertTrue(located.getMessage().contains("the server at grpc+tcp://10.0.0.7:40123"), located.getMessage());

        // The gateway's own errors keep their state; other failures are left alone.
        assertEquals("08006", SqlStates.withState(new SQLException("[SQLSTATE 08006] engine grpc+tcp://127.0.0.1:1 went away", lost)).getSQLState());
        SQLException other = new SQLException("boom", CallStatus.INTERNAL.withDescription("boom").toRuntimeException());
        assertSame(other, SqlStates.withState(other));
        assertFalse(SqlStates.transportFailure(other));
    }
}
