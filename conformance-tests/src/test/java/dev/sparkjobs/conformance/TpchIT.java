package dev.sparkjobs.conformance;

import dev.sparkjobs.bench.tpch.TpchQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** TPC-H (see {@link TpchSuite}) through the stock Arrow Flight SQL JDBC driver. */
class TpchIT
        extends TpchSuite
{
    private Connection gateway;

    @Override
    String client()
    {
        return "Flight SQL JDBC";
    }

    @Override
    void open(GatewayProcess process)
            throws SQLException
    {
        gateway = process.connect();
        try (Statement statement = gateway.createStatement()) {
            statement.execute("USE " + DATABASE);
        }
    }

    @Override
    Timed<List<List<Object>>> execute(TpchQueries.Query query)
            throws SQLException
    {
        return execute(gateway, query);
    }

    @Override
    void close()
            throws SQLException
    {
        if (gateway != null) {
            gateway.close();
        }
    }
}
