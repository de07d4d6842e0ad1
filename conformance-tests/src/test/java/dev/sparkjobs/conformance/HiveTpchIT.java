package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.bench.tpch.TpchQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** TPC-H (see {@link TpchSuite}) through the stock Hive JDBC driver over the HiveServer2 binary door. */
class HiveTpchIT
        extends TpchSuite
{
    private Connection gateway;

    @Override
    String client()
    {
        return "Hive JDBC";
    }

    @Override
    void open(GatewayProcess process)
            throws SQLException
    {
        assertTrue(HiveJdbc.isLoadedInIsolation());
        gateway = HiveJdbc.connect("jdbc:hive2://127.0.0.1:" + process.ports().hs2() + "/" + DATABASE);
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
