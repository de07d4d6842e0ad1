package dev.sparkjobs.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import com.google.protobuf.Any;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancel reaches the engine, whichever way the client asks: by cancelling its DoGet call (what the
 * JDBC driver's {@code Statement.cancel} does) or with {@code CancelFlightInfo}, while the result
 * is being opened (where a Spark query with shuffles does most of its work) or before it is fetched.
 */
class CancelTest
{
    private static final Schema SCHEMA = new Schema(List.of(Field.nullable("n", new ArrowType.Int(64, true))));
    private static final long TIMEOUT_SECONDS = 10;

    private BufferAllocator allocator;
    private BlockingService service;
    private FlightSqlEndpoint endpoint;
    private FlightClient client;
    private FlightSqlClient sql;

    @BeforeEach
    void start()
            throws Exception
    {
        allocator = new RootAllocator();
        service = new BlockingService();
        endpoint = FlightSqlEndpoint.start(service.service(), allocator, new FlightSqlEndpoint.Settings(
                "127.0.0.1", 0, Optional.empty(), Optional.empty(), Authenticator.ANY_USER, false, Duration.ofMinutes(5), Duration.ofHours(1)));
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", endpoint.port())).build();
        sql = new FlightSqlClient(client);
    }

    @AfterEach
    void stop()
            throws Exception
    {
        service.release();
        sql.close();
        endpoint.close();
        allocator.close();
    }

    @Test
    void cancellingTheCallCancelsTheWork()
            throws Exception
    {
        FlightInfo info = sql.execute("SELECT long_running");
        try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
            assertTrue(service.opened.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the statement did not start");
            stream.cancel("the user pressed stop", null);
            assertTrue(service.cancelled.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the work went on after the client cancelled its call");
            assertThrows(FlightRuntimeException.class, stream::next);
        }
    }

    @Test
    void cancelFlightInfoCancelsARunningStatement()
            throws Exception
    {
        FlightInfo info = sql.execute("SELECT long_running");
        try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
            assertTrue(service.opened.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the statement did not start");
            assertEquals(CancelStatus.CANCELLED, sql.cancelFlightInfo(new CancelFlightInfoRequest(info)).getStatus());
            assertTrue(service.cancelled.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "CancelFlightInfo did not reach the running statement");
            FlightRuntimeException failure = assertThrows(FlightRuntimeException.class, stream::next);
            assertEquals(CallStatus.CANCELLED.code(), failure.status().code());
        }
    }

    @Test
    void cancelFlightInfoBeforeTheFetchMeansTheWorkNeverStarts()
            throws Exception
    {
        FlightInfo info = sql.execute("SELECT long_running");
        assertEquals(CancelStatus.CANCELLED, sql.cancelFlightInfo(new CancelFlightInfoRequest(info)).getStatus());
        try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
            FlightRuntimeException failure = assertThrows(FlightRuntimeException.class, stream::next);
            assertEquals(CallStatus.CANCELLED.code(), failure.status().code());
        }
        assertEquals(0, service.executions.get(), "a cancelled statement was executed");
    }

    @Test
    void anEngineStopsAStartedResultWhenItsCallerGivesUp()
            throws Exception
    {
        // A gateway's GetFlightInfo waits in sparkjobs.start for the first batch; its client gives up (deadline, cancel).
        try (FlightSqlClient.PreparedStatement prepared = sql.prepare("SELECT long_running")) {
            byte[] ticket = prepared.execute().getEndpoints().get(0).getTicket().getBytes();
            String handle = Any.parseFrom(ticket).unpack(FlightSql.CommandPreparedStatementQuery.class).getPreparedStatementHandle().toStringUtf8();
            FlightRuntimeException gaveUp = assertThrows(FlightRuntimeException.class, () -> client.doAction(
                    new Action(EngineProtocol.ACTION_START, EngineProtocol.utf8(handle + "\n60000")), CallOptions.timeout(1, TimeUnit.SECONDS)).hasNext());
            assertEquals(CallStatus.TIMED_OUT.code(), gaveUp.status().code(), gaveUp.toString());
            assertTrue(service.opened.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the statement did not start");
            assertTrue(service.cancelled.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the work went on after its caller gave up");
        }
    }

    /** One statement that runs, while its result is being opened, until it is cancelled. */
    private static final class BlockingService
    {
        final CountDownLatch opened = new CountDownLatch(1);
        final CountDownLatch cancelled = new CountDownLatch(1);
        final AtomicInteger executions = new AtomicInteger();

        void release()
        {
            cancelled.countDown();
        }

        SqlService service()
        {
            return new FakeSqlService(this::prepare, operationId -> cancelled.countDown());
        }

        private PreparedSql prepare(String sql)
        {
            return new PreparedSql()
            {
                @Override
                public Schema schema()
                {
                    return SCHEMA;
                }

                @Override
                public String sql()
                {
                    return sql;
                }

                @Override
                public ResultStream executeQuery(String operationId, BufferAllocator allocator)
                        throws SqlServiceException
                {
                    executions.incrementAndGet();
                    opened.countDown();
                    try {
                        cancelled.await(1, TimeUnit.MINUTES);
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new SqlServiceException(SqlServiceException.QUERY_CANCELED, "the statement was cancelled");
                }

                @Override
                public long executeUpdate(String operationId)
                {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }
}
