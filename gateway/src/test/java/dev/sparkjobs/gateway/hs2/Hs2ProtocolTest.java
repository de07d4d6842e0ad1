package dev.sparkjobs.gateway.hs2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.flight.Authenticator;
import dev.sparkjobs.gateway.Passwords;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hive.service.rpc.thrift.TCloseOperationReq;
import org.apache.hive.service.rpc.thrift.TColumnValue;
import org.apache.hive.service.rpc.thrift.TExecuteStatementReq;
import org.apache.hive.service.rpc.thrift.TExecuteStatementResp;
import org.apache.hive.service.rpc.thrift.TFetchOrientation;
import org.apache.hive.service.rpc.thrift.TFetchResultsReq;
import org.apache.hive.service.rpc.thrift.TFetchResultsResp;
import org.apache.hive.service.rpc.thrift.TGetDelegationTokenReq;
import org.apache.hive.service.rpc.thrift.TGetInfoReq;
import org.apache.hive.service.rpc.thrift.TGetInfoResp;
import org.apache.hive.service.rpc.thrift.TGetInfoType;
import org.apache.hive.service.rpc.thrift.TGetOperationStatusReq;
import org.apache.hive.service.rpc.thrift.TGetOperationStatusResp;
import org.apache.hive.service.rpc.thrift.TGetQueryIdReq;
import org.apache.hive.service.rpc.thrift.TGetResultSetMetadataReq;
import org.apache.hive.service.rpc.thrift.TOpenSessionResp;
import org.apache.hive.service.rpc.thrift.TOperationHandle;
import org.apache.hive.service.rpc.thrift.TOperationState;
import org.apache.hive.service.rpc.thrift.TProtocolVersion;
import org.apache.hive.service.rpc.thrift.TRow;
import org.apache.hive.service.rpc.thrift.TRowSet;
import org.apache.hive.service.rpc.thrift.TSessionHandle;
import org.apache.hive.service.rpc.thrift.TStatusCode;
import org.apache.hive.service.rpc.thrift.TTypeId;
import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol itself, through the generated Thrift client: version negotiation, both row set
 * forms, synchronous execution, fetch orientations, the operation log, errors, and what is left
 * once a client closes or vanishes. A door of its own over the test gateway's service, so that
 * its sessions and memory can be watched.
 */
class Hs2ProtocolTest
{
    private static BufferAllocator allocator;
    private static Hs2Endpoint door;
    private static Hs2Endpoint lockedDoor;

    @BeforeAll
    static void start()
            throws Exception
    {
        var service = TestGateway.get().sqlService();
        allocator = new RootAllocator();
        door = Hs2Endpoint.start(service, allocator, Hs2Endpoint.Settings.of("127.0.0.1", 0, -1, Authenticator.ANY_USER, false, Duration.ofMinutes(5)));
        Authenticator users = Passwords.authenticator(Map.of("alice", Passwords.hash("secret".toCharArray())));
        lockedDoor = Hs2Endpoint.start(service, allocator, Hs2Endpoint.Settings.of("127.0.0.1", 0, 0, users, true, Duration.ofMinutes(5)));
    }

    @AfterAll
    static void stop()
    {
        lockedDoor.close();
        door.close();
        allocator.close();
    }

    @Test
    void answersTheLowerProtocolVersion()
            throws Exception
    {
        try (ThriftClient client = ThriftClient.noSasl(door.port())) {
            for (TProtocolVersion version : List.of(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V1, TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V6,
                    TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10, TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V11)) {
                TOpenSessionResp response = client.open(version, Map.of());
                assertEquals(TStatusCode.SUCCESS_STATUS, response.getStatus().getStatusCode());
                assertEquals(version, response.getServerProtocolVersion());
                assertEquals("10000", response.getConfiguration().get("hive.server2.thrift.resultset.default.fetch.size"));
                client.closeSession(response.getSessionHandle());
            }
        }
    }

    @Test
    void sendsRowsBelowV6AndColumnsFromV6()
            throws Exception
    {
        String sql = "SELECT id, CAST(id AS STRING) AS s, CAST(NULL AS INT) AS n FROM range(0, 3, 1, 1)";
        try (ThriftClient client = ThriftClient.noSasl(door.port())) {
            TSessionHandle v5 = client.session(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V5);
            TRowSet rows = client.fetch(client.run(v5, sql), TFetchOrientation.FETCH_NEXT, 100).getResults();
            assertFalse(rows.isSetColumns());
            assertEquals(3, rows.getRowsSize());
            TRow second = rows.getRows().get(1);
            assertEquals(1L, second.getColVals().get(0).getI64Val().getValue());
            assertEquals("1", second.getColVals().get(1).getStringVal().getValue());
            TColumnValue nullCell = second.getColVals().get(2);
            assertFalse(nullCell.getI32Val().isSetValue());

            TSessionHandle v6 = client.session(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V6);
            rows = client.fetch(client.run(v6, sql), TFetchOrientation.FETCH_NEXT, 100).getResults();
            assertEquals(0, rows.getRowsSize());
            assertEquals(List.of(0L, 1L, 2L), ThriftClient.longs(rows));
            assertEquals(List.of("0", "1", "2"), rows.getColumns().get(1).getStringVal().getValues());
            // Every value of the third column is null: bits 0, 1 and 2 of the null bitmap.
            assertEquals(0b111, rows.getColumns().get(2).getI32Val().getNulls()[0]);
        }
    }

    @Test
    void fetchesForwardAndFromTheStartAgain()
            throws Exception
    {
        try (ThriftClient client = ThriftClient.noSasl(door.port())) {
            TSessionHandle session = client.session(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10);
            TOperationHandle operation = client.run(session, "SELECT id FROM range(0, 25, 1, 3)");
            assertTrue(operation.isHasResultSet());
            TRowSet first = client.fetch(operation, TFetchOrientation.FETCH_NEXT, 10).getResults();
            assertEquals(0, first.getStartRowOffset());
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), ThriftClient.longs(first));
            TRowSet second = client.fetch(operation, TFetchOrientation.FETCH_NEXT, 10).getResults();
            assertEquals(10, second.getStartRowOffset());
            assertEquals(10L, ThriftClient.longs(second).get(0));
            TRowSet again = client.fetch(operation, TFetchOrientation.FETCH_FIRST, 5).getResults();
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), ThriftClient.longs(again));
            long total = 5;
            for (TRowSet next = client.fetch(operation, TFetchOrientation.FETCH_NEXT, 7).getResults(); ThriftClient.rows(next) > 0;
                    next = client.fetch(operation, TFetchOrientation.FETCH_NEXT, 7).getResults()) {
                total += ThriftClient.rows(next);
            }
            assertEquals(25, total);

            TFetchResultsResp prior = client.fetch(operation, TFetchOrientation.FETCH_PRIOR, 5);
            assertEquals(TStatusCode.ERROR_STATUS, prior.getStatus().getStatusCode());
            assertEquals("HY106", prior.getStatus().getSqlState());
        }
    }

    @Test
    void describesResultsAndServer()
            throws Exception
    {
        try (ThriftClient client = ThriftClient.noSasl(door.port())) {
            TSessionHandle session = client.session(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10);
            TOperationHandle operation = client.run(session, "SELECT CAST(1.5 AS DECIMAL(7,2)) AS price, array(1) AS a");
            var schema = client.client.GetResultSetMetadata(new TGetResultSetMetadataReq(operation)).getSchema();
            var price = schema.getColumns().get(0).getTypeDesc().getTypes().get(0).getPrimitiveEntry();
            assertEquals(TTypeId.DECIMAL_TYPE, price.getType());
            assertEquals(7, price.getTypeQualifiers().getQualifiers().get("precision").getI32Value());
            assertEquals(2, price.getTypeQualifiers().getQualifiers().get("scale").getI32Value());
            assertEquals(TTypeId.ARRAY_TYPE, schema.getColumns().get(1).getTypeDesc().getTypes().get(0).getPrimitiveEntry().getType());

            String queryId = client.client.GetQueryId(new TGetQueryIdReq(operation)).getQueryId();
            assertTrue(queryId.startsWith("hs2-"), queryId);

            TFetchResultsReq log = new TFetchResultsReq(operation, TFetchOrientation.FETCH_FIRST, 100);
            log.setFetchType((short) 1);
            List<String> lines = client.client.FetchResults(log).getResults().getColumns().get(0).getStringVal().getValues();
            assertTrue(lines.stream().anyMatch(line -> line.contains("Finished")), lines.toString());

            TGetInfoResp dbms = client.client.GetInfo(new TGetInfoReq(session, TGetInfoType.CLI_DBMS_NAME));
            assertEquals("Spark SQL", dbms.getInfoValue().getStringValue());
            String version = client.client.GetInfo(new TGetInfoReq(session, TGetInfoType.CLI_DBMS_VER)).getInfoValue().getStringValue();
            assertTrue(version.matches("\\d+\\.\\d+.*"), version);
            TGetInfoResp unknown = client.client.GetInfo(new TGetInfoReq(session, TGetInfoType.CLI_ACCESSIBLE_TABLES));
            assertEquals("0A000", unknown.getStatus().getSqlState());

            var token = client.client.GetDelegationToken(new TGetDelegationTokenReq(session, "alice", "bob"));
            assertEquals(TStatusCode.ERROR_STATUS, token.getStatus().getStatusCode());
            assertEquals("0A000", token.getStatus().getSqlState());
        }
    }

    @Test
    void reportsProgressByStage()
            throws Exception
    {
        try (ThriftClient client = ThriftClient.noSasl(door.port())) {
            TSessionHandle session = client.session(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10);
            // Two stages (a shuffle for the aggregation), slow enough to be seen running.
            TExecuteStatementResp async = client.execute(session,
                    "SELECT count(DISTINCT a.id % 1000) FROM range(0, 20000, 1, 4) a CROSS JOIN range(0, 2000, 1, 2) b WHERE (a.id + b.id) % 13 = 0", true);
            TGetOperationStatusReq request = new TGetOperationStatusReq(async.getOperationHandle());
            request.setGetProgressUpdate(true);
            org.apache.hive.service.rpc.thrift.TProgressUpdateResp seen = null;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                TGetOperationStatusResp status = client.client.GetOperationStatus(request);
                if (status.isSetProgressUpdateResponse()) {
                    seen = status.getProgressUpdateResponse();
                }
                if (status.getOperationState() == TOperationState.FINISHED_STATE) {
                    break;
                }
            }
            assertNotNull(seen, "no progress was reported");
            assertEquals(ProgressReport.HEADERS, seen.getHeaderNames());
            assertFalse(seen.getRows().isEmpty(), "a row per Spark stage");
            for (List<String> row : seen.getRows()) {
                assertTrue(row.get(0).startsWith("Stage-"), row.toString());
                int total = Integer.parseInt(row.get(2));
                int completed = Integer.parseInt(row.get(3));
                assertTrue(total > 0 && completed >= 0 && completed <= total, row.toString());
            }
            assertTrue(seen.getProgressedPercentage() >= 0 && seen.getProgressedPercentage() <= 1, "fraction " + seen.getProgressedPercentage());
            assertTrue(seen.getFooterSummary().startsWith("STAGES: "), seen.getFooterSummary());
        }
    }

    @Test
    void reportsErrorsSynchronouslyAndAsynchronously()
            throws Exception
    {
        try (ThriftClient client = ThriftClient.noSasl(door.port())) {
            TSessionHandle session = client.session(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10);
            TExecuteStatementResp sync = client.execute(session, "SELECT * FROM nowhere_at_all", false);
            assertEquals(TStatusCode.ERROR_STATUS, sync.getStatus().getStatusCode());
            assertEquals("42P01", sync.getStatus().getSqlState());

            // Fails while running: the status says so, with the SQLSTATE.
            TExecuteStatementResp async = client.execute(session, "SELECT assert_true(id < 0) FROM range(0, 3, 1, 1)", true);
            assertEquals(TStatusCode.SUCCESS_STATUS, async.getStatus().getStatusCode());
            TGetOperationStatusResp status = client.awaitDone(async.getOperationHandle());
            assertEquals(TOperationState.ERROR_STATE, status.getOperationState());
            assertNotNull(status.getSqlState());
            assertFalse(status.getErrorMessage().isEmpty());

            TFetchResultsResp unknown = client.fetch(new TOperationHandle(Handles.create().toThrift(), async.getOperationHandle().getOperationType(), true),
                    TFetchOrientation.FETCH_NEXT, 10);
            assertEquals(Hs2Errors.INVALID_OPERATION, unknown.getStatus().getSqlState());
            // Closing what is not there is not an error.
            assertEquals(TStatusCode.SUCCESS_STATUS, client.client.CloseOperation(new TCloseOperationReq(async.getOperationHandle())).getStatus().getStatusCode());
            assertEquals(TStatusCode.SUCCESS_STATUS, client.client.CloseOperation(new TCloseOperationReq(async.getOperationHandle())).getStatus().getStatusCode());
        }
    }

    @Test
    void timesOutAStatement()
            throws Exception
    {
        try (ThriftClient client = ThriftClient.noSasl(door.port())) {
            TSessionHandle session = client.session(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10);
            TExecuteStatementReq request = new TExecuteStatementReq(session, "SELECT reflect('java.lang.Thread', 'sleep', CAST(60000 AS BIGINT)) FROM range(0, 1, 1, 1)");
            request.setRunAsync(true);
            request.setQueryTimeout(1);
            long start = System.nanoTime();
            TOperationHandle operation = client.client.ExecuteStatement(request).getOperationHandle();
            TGetOperationStatusResp status = client.awaitDone(operation);
            assertEquals(TOperationState.TIMEDOUT_STATE, status.getOperationState());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        }
    }

    @Test
    void closingASessionReleasesItsResults()
            throws Exception
    {
        try (ThriftClient client = ThriftClient.noSasl(door.port())) {
            TSessionHandle session = client.session(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10);
            TOperationHandle operation = client.run(session, "SELECT id, CAST(id AS STRING) AS s FROM range(0, 200000, 1, 2)");
            assertEquals(1000, ThriftClient.rows(client.fetch(operation, TFetchOrientation.FETCH_NEXT, 1000).getResults()));
            assertTrue(door.allocatedBytes() > 0);
            client.closeSession(session);
            awaitTrue(() -> door.allocatedBytes() == 0, "the closed session's results are released");
            assertEquals(Hs2Errors.INVALID_OPERATION, client.fetch(operation, TFetchOrientation.FETCH_NEXT, 10).getStatus().getSqlState());
            TGetOperationStatusResp status = client.client.GetOperationStatus(new TGetOperationStatusReq(operation));
            assertEquals(TStatusCode.ERROR_STATUS, status.getStatus().getStatusCode());
        }
    }

    @Test
    void aClientThatVanishesMidFetchLeavesNothingOpen()
            throws Exception
    {
        // Sessions of earlier tests close as their connections' threads notice the close: wait for that first.
        awaitTrue(() -> door.openSessions() == 0, "earlier sessions are closed");
        ThriftClient client = ThriftClient.noSasl(door.port());
        TSessionHandle session = client.session(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10);
        TOperationHandle operation = client.run(session, "SELECT id, CAST(id AS STRING) AS s FROM range(0, 1000000, 1, 2)");
        client.fetch(operation, TFetchOrientation.FETCH_NEXT, 5000);
        assertEquals(1, door.openSessions());
        assertTrue(door.allocatedBytes() > 0);
        client.vanish();
        awaitTrue(() -> door.openSessions() == 0 && door.allocatedBytes() == 0, "the vanished client's session and memory are released");
    }

    @Test
    void checksUsersWhenAuthenticationIsConfigured()
            throws Exception
    {
        try (ThriftClient client = ThriftClient.plain(lockedDoor.port(), "alice", "secret")) {
            TSessionHandle session = client.session(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10);
            TRowSet rows = client.fetch(client.run(session, "SELECT current_user()"), TFetchOrientation.FETCH_NEXT, 1).getResults();
            assertNotNull(rows);
            TGetInfoResp user = client.client.GetInfo(new TGetInfoReq(session, TGetInfoType.CLI_USER_NAME));
            assertEquals("alice", user.getInfoValue().getStringValue());
        }
        assertThrows(TTransportException.class, () -> ThriftClient.plain(lockedDoor.port(), "alice", "wrong").close());
        try (ThriftClient client = ThriftClient.noSasl(lockedDoor.port())) {
            TOpenSessionResp response = client.open(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10, Map.of());
            assertEquals(TStatusCode.ERROR_STATUS, response.getStatus().getStatusCode());
            assertEquals("28000", response.getStatus().getSqlState());
        }
    }

    @Test
    void checksUsersOverHttp()
            throws Exception
    {
        String url = "jdbc:hive2://127.0.0.1:" + lockedDoor.httpPort().getAsInt() + "/default;transportMode=http;httpPath=cliservice";
        try (Connection connection = HiveDriver.connect(url + ";user=alice;password=secret");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 41 + 1")) {
            assertTrue(rows.next());
            assertEquals(42, rows.getInt(1));
        }
        assertThrows(SQLException.class, () -> HiveDriver.connect(url + ";user=alice;password=wrong").close());
    }

    /**
     * Draining a result costs about the same whatever the fetch size: no fetch does work beyond its
     * own rows. The bound is loose because test machines are shared; a fetch whose cost grew with
     * its size squared would miss it by far (100 times between 1,000 and 100,000 rows).
     */
    @Test
    void fetchCostIsLinearInFetchSize()
            throws Exception
    {
        try (ThriftClient client = ThriftClient.noSasl(door.port())) {
            TSessionHandle session = client.session(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10);
            List<String> report = new ArrayList<>();
            List<Double> perRow = new ArrayList<>();
            drain(client, client.run(session, "SELECT id, CAST(id AS STRING) AS s, id * 0.5 AS d FROM range(0, 300000, 1, 2)"), 10_000);
            for (int fetchSize : new int[] {1_000, 10_000, 100_000}) {
                TOperationHandle operation = client.run(session, "SELECT id, CAST(id AS STRING) AS s, id * 0.5 AS d FROM range(0, 300000, 1, 2)");
                long start = System.nanoTime();
                long bytesBefore = client.bytesRead();
                long rows = drain(client, operation, fetchSize);
                double seconds = (System.nanoTime() - start) / 1e9;
                assertEquals(300_000, rows);
                perRow.add(seconds / rows);
                report.add(String.format(Locale.ROOT, "fetch size %,d: %.2f s, %,.0f rows/s, %.1f MB/s", fetchSize, seconds, rows / seconds,
                        (client.bytesRead() - bytesBefore) / seconds / 1e6));
                client.client.CloseOperation(new TCloseOperationReq(operation));
            }
            System.out.println("HiveServer2 columnar fetch of 300,000 rows (bigint, string, decimal), raw Thrift client: " + report);
            double fastest = perRow.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double slowest = perRow.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertTrue(slowest < 10 * fastest, report.toString());
        }
    }

    private static long drain(ThriftClient client, TOperationHandle operation, int fetchSize)
            throws Exception
    {
        long rows = 0;
        for (int n = -1; n != 0; ) {
            n = ThriftClient.rows(client.fetch(operation, TFetchOrientation.FETCH_NEXT, fetchSize).getResults());
            rows += n;
        }
        return rows;
    }

    private static void awaitTrue(BooleanSupplier condition, String what)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
