package dev.sparkjobs.bench;

import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;

/** The 100-row table of the small-query figures (P4, P8), and the query they run on it. */
final class SmallTable
{
    static final String TABLE = "bench_small";
    static final int ROWS = 100;
    static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE + " USING parquet AS "
            + "SELECT id, CAST(id AS STRING) AS name, id * 0.5D AS score FROM range(0, " + ROWS + ")";
    static final String QUERY = "SELECT id, name, score FROM " + TABLE;

    private SmallTable()
    {
    }

    /**
     * Creates the table through the gateway if it is missing, and scans it once: the first scan
     * pays for planning and code generation, which is no client's business.
     */
    static void ensure(FlightSqlClient client)
            throws Exception
    {
        client.executeUpdate(CREATE);
        if (fetch(client) != ROWS) {
            throw new IllegalStateException(TABLE + " does not hold " + ROWS + " rows");
        }
    }

    /** Runs the query and returns the rows received. */
    static long fetch(FlightSqlClient client)
            throws Exception
    {
        long rows = 0;
        for (FlightEndpoint endpoint : client.execute(QUERY).getEndpoints()) {
            try (FlightStream stream = client.getStream(endpoint.getTicket())) {
                while (stream.next()) {
                    rows += stream.getRoot().getRowCount();
                }
            }
        }
        return rows;
    }
}
