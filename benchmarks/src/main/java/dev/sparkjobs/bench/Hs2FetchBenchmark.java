package dev.sparkjobs.bench;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hive.service.rpc.thrift.TCLIService;
import org.apache.hive.service.rpc.thrift.TCloseOperationReq;
import org.apache.hive.service.rpc.thrift.TCloseSessionReq;
import org.apache.hive.service.rpc.thrift.TExecuteStatementReq;
import org.apache.hive.service.rpc.thrift.TExecuteStatementResp;
import org.apache.hive.service.rpc.thrift.TFetchOrientation;
import org.apache.hive.service.rpc.thrift.TFetchResultsReq;
import org.apache.hive.service.rpc.thrift.TFetchResultsResp;
import org.apache.hive.service.rpc.thrift.TOpenSessionReq;
import org.apache.hive.service.rpc.thrift.TOpenSessionResp;
import org.apache.hive.service.rpc.thrift.TProtocolVersion;
import org.apache.hive.service.rpc.thrift.TRowSet;
import org.apache.hive.service.rpc.thrift.TSessionHandle;
import org.apache.hive.service.rpc.thrift.TStatusCode;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * P2: the P1 result (bigint, double, string, date) fetched from the gateway's HiveServer2 door by
 * the stock Hive JDBC driver (columnar row sets, protocol V6 and later), against the same result over
 * HiveServer2 row-based (a raw TCLIService client opening its session with protocol V5), the stock
 * Flight SQL JDBC driver, the project's driver ({@code jdbc:sparkjobs://}) and a native Flight SQL
 * client, side by side in one run on the shared gateway. Both HiveServer2 clients ask for the same
 * rows per fetch; every JDBC client reads every value with its getter. Each JDBC driver is loaded
 * from its own jar in a class loader of its own, as a BI tool loads it.
 */
final class Hs2FetchBenchmark
        implements Benchmark
{
    static final double GOAL = 5.0;
    static final int FETCH_ROWS = 10_000;
    private static final int MAX_ITERATIONS = 3;
    /** What the JDBC side read, kept so that the JIT cannot drop the getters. */
    @SuppressWarnings("unused")
    private static volatile long consumed;

    private final long rows;

    Hs2FetchBenchmark(long rows)
    {
        this.rows = rows;
    }

    @Override
    public boolean usesSharedGateway()
    {
        return true;
    }

    @Override
    public String id()
    {
        return "P2";
    }

    @Override
    public String what()
    {
        return "HS2 columnar fetch of " + Report.count(rows) + " rows (stock Hive JDBC)";
    }

    @Override
    public String comparedWith()
    {
        return "HS2 row-based (protocol V5), Flight SQL JDBC, jdbc:sparkjobs and Flight SQL";
    }

    @Override
    public String goal()
    {
        return "columnar >= 5x row-based";
    }

    /**
     * One fetch: rows, bytes the client read where it can count them (-1 where not), time, and
     * the CPU time the gateway process and this one used meanwhile (all threads; -1 if unknown).
     */
    record Side(long rows, long wireBytes, long nanos, long serverCpuNanos, long clientCpuNanos)
    {
        Side(long rows, long wireBytes, Fetch fetch)
        {
            this(rows, wireBytes, fetch.nanos(), fetch.serverCpuNanos(), fetch.clientCpuNanos());
        }

        double serverCpuSeconds()
        {
            return serverCpuNanos < 0 ? Double.NaN : serverCpuNanos / 1e9;
        }

        double clientCpuSeconds()
        {
            return clientCpuNanos < 0 ? Double.NaN : clientCpuNanos / 1e9;
        }

        double seconds()
        {
            return nanos / 1e9;
        }

        double rowsPerSecond()
        {
            return rows / seconds();
        }
    }

    /** The clients, in the order of the first iteration; the first changes every iteration. */
    private static final List<String> CLIENTS = List.of("columnar", "row-based", "flight-jdbc", "sparkjobs-jdbc", "flight");

    @Override
    public Figure run(BenchContext context)
            throws Exception
    {
        BenchSettings settings = context.settings();
        String sql = GeneratedBatches.sql(rows);
        GatewayProcess gateway = context.gateway();
        Driver hive = hiveDriver(settings.home());
        Driver flightJdbc = isolatedDriver(jar(settings.home().resolve("benchmarks").resolve("target").resolve("flight-sql-jdbc"), "flight-sql-jdbc-driver-.*\\.jar"),
                "org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver");
        Driver sparkJobs = isolatedDriver(jar(settings.home().resolve("jdbc-driver").resolve("target"), "sparkjobs-jdbc-[^-]+(-SNAPSHOT)?\\.jar"),
                "dev.sparkjobs.jdbc.SparkJobsDriver");
        Map<String, List<Side>> sides = new LinkedHashMap<>();
        CLIENTS.forEach(client -> sides.put(client, new ArrayList<>()));
        long arrowBytes = 0;
        int iterations = Math.min(MAX_ITERATIONS, settings.iterations());
        try (BufferAllocator allocator = new RootAllocator();
                FlightSqlClient flightClient = ConcurrencyBenchmark.client(allocator, gateway)) {
            // One warm-up per side, then the sides in turn, the first side changing each iteration.
            for (int i = -1; i < iterations; i++) {
                int shift = Math.floorMod(i, CLIENTS.size());
                List<String> turn = new ArrayList<>(CLIENTS.subList(shift, CLIENTS.size()));
                turn.addAll(CLIENTS.subList(0, shift));
                Map<String, Side> measured = new LinkedHashMap<>();
                for (String client : turn) {
                    Side side = switch (client) {
                        case "columnar" -> fetchJdbc(hive, "jdbc:hive2://127.0.0.1:" + gateway.hs2Port() + "/default;auth=noSasl", gateway, sql);
                        case "row-based" -> fetchRowBased(gateway, sql);
                        case "flight-jdbc" -> fetchJdbc(flightJdbc, "jdbc:arrow-flight-sql://127.0.0.1:" + gateway.flightPort() + "?useEncryption=false", gateway, sql);
                        case "sparkjobs-jdbc" -> fetchJdbc(sparkJobs, "jdbc:sparkjobs://127.0.0.1:" + gateway.flightPort() + "?useEncryption=false", gateway, sql);
                        default -> {
                            Fetch fetch = fetchFlight(flightClient, gateway.handle(), sql);
                            yield new Side(fetch.rows(), fetch.bytes(), fetch);
                        }
                    };
                    measured.put(client, expectRows(side, client));
                }
                arrowBytes = measured.get("flight").wireBytes();
                context.log("P2 %s: HS2 columnar (Hive JDBC) %.2f s, HS2 row-based (V5) %.2f s, Flight SQL JDBC %.2f s, jdbc:sparkjobs %.2f s, Flight SQL %.2f s",
                        i < 0 ? "warm-up" : "iteration " + (i + 1) + "/" + iterations, measured.get("columnar").seconds(), measured.get("row-based").seconds(),
                        measured.get("flight-jdbc").seconds(), measured.get("sparkjobs-jdbc").seconds(), measured.get("flight").seconds());
                if (i >= 0) {
                    measured.forEach((client, side) -> sides.get(client).add(side));
                }
            }
            flightClient.closeSession(new CloseSessionRequest());
        }
        return figure(sql, arrowBytes, iterations, sides);
    }

    private Figure figure(String sql, long arrowBytes, int iterations, Map<String, List<Side>> sides)
    {
        List<Side> columnar = sides.get("columnar");
        List<Side> rowBased = sides.get("row-based");
        List<Side> flightJdbc = sides.get("flight-jdbc");
        List<Side> sparkJobs = sides.get("sparkjobs-jdbc");
        List<Side> flight = sides.get("flight");
        double columnarRows = Stats.median(columnar, Side::rowsPerSecond);
        double rowBasedRows = Stats.median(rowBased, Side::rowsPerSecond);
        double flightJdbcRows = Stats.median(flightJdbc, Side::rowsPerSecond);
        double sparkJobsRows = Stats.median(sparkJobs, Side::rowsPerSecond);
        double flightRows = Stats.median(flight, Side::rowsPerSecond);
        // One size for every side: the result's Arrow bytes, as Flight SQL counted them.
        double bytesPerRow = arrowBytes / (double) rows;
        double ratio = columnarRows / rowBasedRows;

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rows", rows);
        details.put("sql", sql);
        details.put("warmups", 1);
        details.put("iterations", iterations);
        details.put("fetchRows", FETCH_ROWS);
        details.put("ratio", ratio);
        details.put("resultArrowBytes", arrowBytes);
        details.put("columnar", side(columnar, columnarRows, bytesPerRow));
        details.put("rowBased", side(rowBased, rowBasedRows, bytesPerRow));
        details.put("rowBasedWireBytes", rowBased.get(0).wireBytes());
        details.put("flightSqlJdbc", side(flightJdbc, flightJdbcRows, bytesPerRow));
        details.put("sparkJobsJdbc", side(sparkJobs, sparkJobsRows, bytesPerRow));
        details.put("flightSql", side(flight, flightRows, bytesPerRow));
        details.put("columnarOverFlightSql", columnarRows / flightRows);

        List<String> notes = List.of(
                String.format(Locale.ROOT, "P2: median of %d iterations after 1 warm-up, the five clients in turn on the shared gateway; columnar = the stock Hive JDBC "
                        + "driver 4.0.1 (NOSASL, columnar row sets, fetch size %,d); row-based = a raw TCLIService client opening its session with "
                        + "HIVE_CLI_SERVICE_PROTOCOL_V5, FetchResults of %,d rows; Flight SQL JDBC = the stock Arrow Flight SQL JDBC driver; jdbc:sparkjobs = the project's "
                        + "driver jar; the three JDBC drivers each in a class loader of its own, reading every value with its getter; Flight SQL = FlightSqlClient "
                        + "counting batches.",
                        iterations, FETCH_ROWS, FETCH_ROWS),
                String.format(Locale.ROOT, "P2: MB/s are the result's size in Arrow buffers (%.0f MB, as Flight SQL received it) over each client's time; "
                        + "the row-based client read %.0f MB of Thrift on the wire. Each client's time includes Spark computing the rows, as in P1.",
                        arrowBytes / 1e6, rowBased.get(0).wireBytes() / 1e6),
                String.format(Locale.ROOT, "P2: rows/s, MB/s: HS2 columnar %s, %.0f; HS2 row-based (V5) %s, %.0f; Flight SQL JDBC %s, %.0f; jdbc:sparkjobs %s, %.0f; "
                        + "Flight SQL (native client) %s, %.0f.",
                        Report.rate(columnarRows), columnarRows * bytesPerRow / 1e6, Report.rate(rowBasedRows), rowBasedRows * bytesPerRow / 1e6,
                        Report.rate(flightJdbcRows), flightJdbcRows * bytesPerRow / 1e6, Report.rate(sparkJobsRows), sparkJobsRows * bytesPerRow / 1e6,
                        Report.rate(flightRows), flightRows * bytesPerRow / 1e6),
                String.format(Locale.ROOT, "P2: CPU per fetch (median, all threads): gateway %.2f s columnar, %.2f s row-based, %.2f s Flight SQL JDBC, %.2f s jdbc:sparkjobs, "
                        + "%.2f s Flight SQL; client %.2f s, %.2f s, %.2f s, %.2f s, %.2f s.",
                        Stats.median(columnar, Side::serverCpuSeconds), Stats.median(rowBased, Side::serverCpuSeconds), Stats.median(flightJdbc, Side::serverCpuSeconds),
                        Stats.median(sparkJobs, Side::serverCpuSeconds), Stats.median(flight, Side::serverCpuSeconds),
                        Stats.median(columnar, Side::clientCpuSeconds), Stats.median(rowBased, Side::clientCpuSeconds), Stats.median(flightJdbc, Side::clientCpuSeconds),
                        Stats.median(sparkJobs, Side::clientCpuSeconds), Stats.median(flight, Side::clientCpuSeconds)));
        return new Figure(id(), what(),
                String.format(Locale.ROOT, "%s rows/s, %.0f MB/s", Report.rate(columnarRows), columnarRows * bytesPerRow / 1e6),
                String.format(Locale.ROOT, "row-based V5: %s rows/s, %.0f MB/s; Flight SQL JDBC: %s rows/s, %.0f MB/s; jdbc:sparkjobs: %s rows/s, %.0f MB/s; Flight SQL: %s rows/s, %.0f MB/s",
                        Report.rate(rowBasedRows), rowBasedRows * bytesPerRow / 1e6, Report.rate(flightJdbcRows), flightJdbcRows * bytesPerRow / 1e6,
                        Report.rate(sparkJobsRows), sparkJobsRows * bytesPerRow / 1e6, Report.rate(flightRows), flightRows * bytesPerRow / 1e6),
                OptionalDouble.of(ratio), goal(), Verdict.atLeast(ratio, GOAL), notes, details);
    }

    private static Map<String, Object> side(List<Side> runs, double rowsPerSecond, double bytesPerRow)
    {
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("medianRowsPerSecond", rowsPerSecond);
        side.put("medianMegabytesPerSecond", rowsPerSecond * bytesPerRow / 1e6);
        side.put("medianSeconds", Stats.median(runs, Side::seconds));
        side.put("seconds", runs.stream().map(Side::seconds).toList());
        side.put("medianServerCpuSeconds", Stats.median(runs, Side::serverCpuSeconds));
        side.put("medianClientCpuSeconds", Stats.median(runs, Side::clientCpuSeconds));
        return side;
    }

    private Side expectRows(Side side, String name)
    {
        if (side.rows() != rows) {
            throw new IllegalStateException("the " + name + " fetch returned " + side.rows() + " rows, expected " + rows);
        }
        return side;
    }

    /** A JDBC driver reads every value, as a client that uses the rows would. */
    private static Side fetchJdbc(Driver driver, String url, GatewayProcess gateway, String sql)
            throws SQLException
    {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(driver.getClass().getClassLoader());
        Fetch.Counter clock = new Fetch.Counter(gateway.handle(), false);
        long count = 0;
        long sink = 0;
        try (Connection connection = driver.connect(url, new Properties());
                Statement statement = connection.createStatement()) {
            statement.setFetchSize(FETCH_ROWS);
            try (ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    sink += result.getLong(1);
                    sink += (long) result.getDouble(2);
                    sink += result.getString(3).length();
                    sink += result.getDate(4).getTime();
                    count++;
                }
            }
        }
        finally {
            thread.setContextClassLoader(previous);
        }
        Fetch timed = clock.finish();
        consumed = sink;
        return new Side(count, -1, timed);
    }

    private static Side fetchRowBased(GatewayProcess gateway, String sql)
            throws TException
    {
        AtomicLong read = new AtomicLong();
        TSocket socket = new TSocket(TConfiguration.custom().setMaxMessageSize(512 << 20).build(), "127.0.0.1", gateway.hs2Port(), 120_000);
        socket.open();
        Fetch.Counter clock = new Fetch.Counter(gateway.handle(), false);
        long count = 0;
        try {
            TCLIService.Client client = new TCLIService.Client(new TBinaryProtocol(new Counting(socket, read)));
            TOpenSessionResp opened = client.OpenSession(new TOpenSessionReq(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V5));
            check(opened.getStatus().getStatusCode(), opened.getStatus().getErrorMessage());
            if (opened.getServerProtocolVersion() != TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V5) {
                throw new IllegalStateException("the gateway answered protocol " + opened.getServerProtocolVersion() + " to a V5 session");
            }
            TSessionHandle session = opened.getSessionHandle();
            TExecuteStatementReq request = new TExecuteStatementReq(session, sql);
            request.setRunAsync(false);
            TExecuteStatementResp executed = client.ExecuteStatement(request);
            check(executed.getStatus().getStatusCode(), executed.getStatus().getErrorMessage());
            while (true) {
                TFetchResultsResp fetched = client.FetchResults(new TFetchResultsReq(executed.getOperationHandle(), TFetchOrientation.FETCH_NEXT, FETCH_ROWS));
                check(fetched.getStatus().getStatusCode(), fetched.getStatus().getErrorMessage());
                TRowSet rowSet = fetched.getResults();
                if (rowSet.isSetColumns() && !rowSet.getColumns().isEmpty()) {
                    throw new IllegalStateException("a V5 session got a columnar row set");
                }
                int n = rowSet.getRowsSize();
                count += n;
                // As the Hive driver does: read until an empty row set (hasMoreRows is not reliable across servers).
                if (n == 0) {
                    break;
                }
            }
            client.CloseOperation(new TCloseOperationReq(executed.getOperationHandle()));
            client.CloseSession(new TCloseSessionReq(session));
        }
        finally {
            socket.close();
        }
        return new Side(count, read.get(), clock.finish());
    }

    private static void check(TStatusCode code, String message)
    {
        if (code != TStatusCode.SUCCESS_STATUS && code != TStatusCode.SUCCESS_WITH_INFO_STATUS) {
            throw new IllegalStateException("HiveServer2 answered " + code + ": " + message);
        }
    }

    private static Fetch fetchFlight(FlightSqlClient client, ProcessHandle gateway, String sql)
            throws Exception
    {
        Fetch.Counter counter = new Fetch.Counter(gateway, false);
        FlightInfo info = client.execute(sql);
        for (FlightEndpoint endpoint : info.getEndpoints()) {
            try (FlightStream stream = client.getStream(endpoint.getTicket())) {
                counter.drain(stream);
            }
        }
        return counter.finish();
    }

    /**
     * The stock Hive JDBC driver ({@code benchmarks/target/hive-jdbc/hive-jdbc-*-standalone.jar}) in
     * a class loader of its own, as a BI tool loads it: it bundles unrelocated Hadoop, Hive and
     * Thrift classes. Only {@code java.sql} types cross over.
     */
    static Driver hiveDriver(Path home)
            throws IOException, ReflectiveOperationException
    {
        return isolatedDriver(jar(home.resolve("benchmarks").resolve("target").resolve("hive-jdbc"), "hive-jdbc-.*-standalone\\.jar"), "org.apache.hive.jdbc.HiveDriver");
    }

    /** The one jar in a directory whose name matches. */
    private static Path jar(Path directory, String pattern)
            throws IOException
    {
        try (Stream<Path> jars = Files.exists(directory) ? Files.list(directory) : Stream.empty()) {
            return jars.filter(path -> path.getFileName().toString().matches(pattern))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no " + pattern + " in " + directory + ": build the benchmarks (mvn -B -pl benchmarks -am package -DskipTests)"));
        }
    }

    /** A JDBC driver from its jar alone, in a class loader of its own over the platform's. */
    private static Driver isolatedDriver(Path jar, String driverClass)
            throws IOException, ReflectiveOperationException
    {
        URLClassLoader loader = new URLClassLoader(jar.getFileName().toString(), new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        return (Driver) Class.forName(driverClass, true, loader).getDeclaredConstructor().newInstance();
    }

    /** Counts the bytes a Thrift client reads. */
    private static final class Counting
            extends TTransport
    {
        private final TTransport delegate;
        private final AtomicLong read;

        Counting(TTransport delegate, AtomicLong read)
        {
            this.delegate = delegate;
            this.read = read;
        }

        @Override
        public boolean isOpen()
        {
            return delegate.isOpen();
        }

        @Override
        public void open()
                throws TTransportException
        {
            delegate.open();
        }

        @Override
        public void close()
        {
            delegate.close();
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws TTransportException
        {
            int n = delegate.read(buffer, offset, length);
            read.addAndGet(Math.max(0, n));
            return n;
        }

        @Override
        public void write(byte[] buffer, int offset, int length)
                throws TTransportException
        {
            delegate.write(buffer, offset, length);
        }

        @Override
        public void flush()
                throws TTransportException
        {
            delegate.flush();
        }

        @Override
        public TConfiguration getConfiguration()
        {
            return delegate.getConfiguration();
        }

        @Override
        public void updateKnownMessageSize(long size)
                throws TTransportException
        {
            delegate.updateKnownMessageSize(size);
        }

        @Override
        public void checkReadBytesAvailable(long numBytes)
                throws TTransportException
        {
            delegate.checkReadBytesAvailable(numBytes);
        }
    }
}
