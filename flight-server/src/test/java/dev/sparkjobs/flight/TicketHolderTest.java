package dev.sparkjobs.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.CloseSessionResult;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.GetSessionOptionsRequest;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.SetSessionOptionsResult;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * A caller without the engine's credentials (a client following a direct-result endpoint) may
 * redeem signed tickets and go through the session set-up and close its driver does everywhere,
 * and nothing else.
 */
class TicketHolderTest
{
    @Test
    void aTicketHolderMaySetAndCloseItsSessionButRunNothing()
            throws Exception
    {
        CallHeaderAuthenticator everyoneHoldsATicket = (CallHeaders headers) -> () -> EngineProtocol.TICKET_HOLDER;
        try (BufferAllocator allocator = new RootAllocator();
                FlightSqlEndpoint endpoint = FlightSqlEndpoint.start(new FakeSqlService(sql -> {
                    throw new AssertionError("a ticket holder's statement reached the service: " + sql);
                }, id -> { }), allocator, new FlightSqlEndpoint.Settings("127.0.0.1", 0, Optional.empty(), Optional.empty(), Authenticator.ANY_USER, false,
                        Duration.ofMinutes(5), Duration.ofHours(1)), Optional.of(everyoneHoldsATicket), SparkJobsFlightSqlProducer.Options.DEFAULT);
                FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", endpoint.port())).build();
                FlightSqlClient sql = new FlightSqlClient(client)) {
            SetSessionOptionsResult set = client.setSessionOptions(new SetSessionOptionsRequest(Map.of("catalog", SessionOptionValueFactory.makeSessionOptionValue("spark_catalog"))));
            assertFalse(set.hasErrors(), set.getErrors().toString());
            assertTrue(client.getSessionOptions(new GetSessionOptionsRequest()).getSessionOptions().isEmpty());
            assertEquals(CloseSessionResult.Status.CLOSED, client.closeSession(new CloseSessionRequest()).getStatus());

            FlightRuntimeException refused = assertThrows(FlightRuntimeException.class, () -> sql.execute("SELECT 1"));
            assertEquals(CallStatus.UNAUTHENTICATED.code(), refused.status().code());
            assertTrue(refused.getMessage().contains("SQLSTATE 28000"), refused.getMessage());
        }
    }
}
