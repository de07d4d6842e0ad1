package dev.sparkjobs.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.client.ClientCookieMiddleware;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * A session is idle between its calls, never during one: a statement that runs longer than the
 * idle timeout keeps its session (and the temporary views and settings in it), and the session
 * goes once it has been idle that long after the call.
 */
class SessionIdleTest
{
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);
    private static final long SLOW_MILLIS = 3_500;

    @Test
    void aCallLongerThanTheIdleTimeoutKeepsItsSession()
            throws Exception
    {
        FakeSqlService service = new FakeSqlService(sql -> new PreparedSql()
        {
            @Override
            public Schema schema()
            {
                return new Schema(List.of(Field.nullable("n", new ArrowType.Int(64, true))));
            }

            @Override
            public String sql()
            {
                return sql;
            }

            @Override
            public ResultStream executeQuery(String operationId, BufferAllocator allocator)
            {
                throw new UnsupportedOperationException();
            }

            @Override
            public long executeUpdate(String operationId)
            {
                if (sql.contains("slow")) {
                    try {
                        Thread.sleep(SLOW_MILLIS);
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return 1;
            }
        }, id -> { });
        try (BufferAllocator allocator = new RootAllocator();
                FlightSqlEndpoint endpoint = FlightSqlEndpoint.start(service, allocator, new FlightSqlEndpoint.Settings(
                        "127.0.0.1", 0, Optional.empty(), Optional.empty(), Authenticator.ANY_USER, false, IDLE_TIMEOUT, Duration.ofHours(1)));
                FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", endpoint.port()))
                        .intercept(new ClientCookieMiddleware.Factory()).build();
                FlightSqlClient sql = new FlightSqlClient(client)) {
            assertEquals(1, sql.executeUpdate("SET a = 1"));
            assertEquals(1, sql.executeUpdate("INSERT INTO slow VALUES (1)"));
            assertEquals(1, sql.executeUpdate("SET b = 2"));
            assertEquals(1, service.opened.size(), "one session for the three calls: " + service.opened);
            assertTrue(service.closed.isEmpty(), "the session was closed during a call that ran past the idle timeout");

            // Idle between calls, it goes.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (service.closed.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(service.opened, service.closed, "the idle session was closed");
        }
    }
}
