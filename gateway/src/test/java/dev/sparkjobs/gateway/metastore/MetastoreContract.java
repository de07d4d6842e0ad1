package dev.sparkjobs.gateway.metastore;

import dev.sparkjobs.planner.model.Job;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of every repository test: a fresh database per test, from {@link #newDatabase()}, which
 * the H2 and PostgreSQL suites implement. The same test classes run against both.
 */
abstract class MetastoreContract
{
    static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    static final Optional<String> ADA = Optional.of("ada");

    TestDatabase database;
    TickingClock clock;
    MetadataDatabase metadata;

    abstract TestDatabase newDatabase();

    @BeforeEach
    void openDatabase()
    {
        database = newDatabase();
        clock = new TickingClock(START);
        metadata = database.open(clock);
    }

    @AfterEach
    void closeDatabase()
    {
        if (metadata != null) {
            metadata.close();
        }
        if (database != null) {
            database.close();
        }
    }

    static Job job(String name, String... body)
    {
        Job.Builder builder = Job.builder(name);
        for (String statement : body.length == 0 ? new String[] {"INSERT INTO t SELECT * FROM s"} : body) {
            builder.statement(statement);
        }
        return builder.build();
    }

    static String sql(Job job)
    {
        return "CREATE JOB " + job.name() + " AS " + String.join("; ", job.body());
    }
}
