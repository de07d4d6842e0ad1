package dev.sparkjobs.conformance;

import dev.sparkjobs.bench.tpch.TpchQueries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TPC-H (see {@link TpchSuite}) through the project's driver, {@code jdbc:sparkjobs://}, in a
 * separate JVM with only the driver jar on its classpath ({@link SeparateJvmClient}). One JVM runs
 * all 22 queries on first use; each query's test then compares its part of the output.
 */
class SparkJobsDriverTpchIT
        extends TpchSuite
{
    private SeparateJvmClient client;
    private Map<String, List<SeparateJvmClient.Result>> results;

    @Override
    String client()
    {
        return "jdbc sparkjobs";
    }

    @Override
    void open(GatewayProcess process)
            throws Exception
    {
        client = new SeparateJvmClient(SeparateJvmClient.sparkJobsDriverJar(),
                "jdbc:sparkjobs://127.0.0.1:" + process.flightPort() + "/" + DATABASE + "?useEncryption=false");
        Path directory = GatewayProcess.newWorkDirectory("tpch-queries");
        List<Path> files = new ArrayList<>();
        for (TpchQueries.Query query : TpchQueries.all()) {
            List<String> statements = new ArrayList<>(query.setup());
            statements.add(query.query());
            statements.addAll(query.teardown());
            Path file = directory.resolve(query.name() + ".sql");
            Files.writeString(file, String.join("\n;\n", statements) + "\n", StandardCharsets.UTF_8);
            files.add(file);
        }
        results = client.run(files);
    }

    @Override
    Timed<List<List<Object>>> execute(TpchQueries.Query query)
            throws SQLException
    {
        List<SeparateJvmClient.Result> section = results.get(query.name() + ".sql");
        if (section == null) {
            throw new AssertionError("the client printed nothing for " + query.name());
        }
        for (SeparateJvmClient.Result result : section) {
            if (result.failed()) {
                throw new SQLException(result.message(), result.sqlState());
            }
        }
        if (section.size() != 1) {
            throw new AssertionError(query.name() + " printed " + section.size() + " results, expected 1");
        }
        return new Timed<>(section.get(0).rows(), section.get(0).millis());
    }

    @Override
    void close() {}
}
