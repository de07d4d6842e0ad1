package dev.sparkjobs.gateway;

import dev.sparkjobs.gateway.jobs.JobYaml;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.translate.DefinitionSql;
import dev.sparkjobs.planner.translate.Definitions;
import dev.sparkjobs.sql.parser.ExtendedSqlParser;
import dev.sparkjobs.sql.parser.ddl.job.SqlCreateJob;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The command line's job commands: they talk to a running gateway over Arrow Flight SQL. */
final class JobCommands
{
    private JobCommands() {}

    /** Where the gateway is, and who asks. */
    static final class Server
    {
        @Option(names = "--server", paramLabel = "HOST:PORT", description = "The gateway's Flight SQL door (default: 127.0.0.1:32010)")
        String server = "127.0.0.1:32010";

        @Option(names = "--user", description = "User name, when the gateway requires authentication")
        String user;

        @Option(names = "--password", description = "Password (default: $SPARKJOBS_PASSWORD)")
        String password = System.getenv("SPARKJOBS_PASSWORD");

        GatewayClient connect()
        {
            int colon = server.lastIndexOf(':');
            String host = colon < 0 ? server : server.substring(0, colon);
            int port = colon < 0 ? 32010 : Integer.parseInt(server.substring(colon + 1));
            return new GatewayClient(host, port, user, password);
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true, description = "Creates or updates the job a YAML file describes (docs/jobs.md).")
    static final class Apply
            implements Callable<Integer>
    {
        @Mixin
        Server server;

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The job's YAML file")
        Path file;

        @Override
        public Integer call()
                throws Exception
        {
            Job job = JobYaml.read(Files.readString(file, StandardCharsets.UTF_8));
            String sql = DefinitionSql.job(job).replaceFirst("CREATE JOB", "CREATE OR REPLACE JOB");
            try (GatewayClient client = server.connect()) {
                client.execute(sql);
                String version = client.query("SELECT version FROM system.jobs WHERE name = '" + job.name().replace("'", "''") + "'").rows().get(0).get(0);
                System.out.println("job " + job.name() + " applied (version " + version + ")");
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Prints a job as YAML.")
    static final class Export
            implements Callable<Integer>
    {
        @Mixin
        Server server;

        @Parameters(paramLabel = "JOB")
        String job;

        @Override
        public Integer call()
                throws Exception
        {
            try (GatewayClient client = server.connect()) {
                String create = client.query("SHOW CREATE JOB `" + job.replace("`", "``") + "`").rows().get(0).get(0);
                System.out.print(JobYaml.write(Definitions.job((SqlCreateJob) ExtendedSqlParser.parse(create))));
            }
            return 0;
        }
    }

    @Command(name = "jobs", mixinStandardHelpOptions = true, description = "Lists the jobs (SHOW JOBS).")
    static final class Jobs
            implements Callable<Integer>
    {
        @Mixin
        Server server;

        @Override
        public Integer call()
                throws Exception
        {
            try (GatewayClient client = server.connect()) {
                print(System.out, client.query("SHOW JOBS"));
            }
            return 0;
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists recent runs (SHOW RUNS), of one job or all.")
    static final class Runs
            implements Callable<Integer>
    {
        @Mixin
        Server server;

        @Parameters(paramLabel = "JOB", arity = "0..1")
        String job;

        @Option(names = "--limit", defaultValue = "20")
        int limit;

        @Override
        public Integer call()
                throws Exception
        {
            try (GatewayClient client = server.connect()) {
                print(System.out, client.query("SHOW RUNS" + (job == null ? "" : " FOR JOB `" + job.replace("`", "``") + "`") + " LIMIT " + limit));
            }
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Runs a job now; with --wait, shows its progress until it ends.")
    static final class Run
            implements Callable<Integer>
    {
        @Mixin
        Server server;

        @Parameters(paramLabel = "JOB")
        String job;

        @Option(names = "--wait", description = "Wait for the run to end, with a progress bar")
        boolean await;

        @Override
        public Integer call()
                throws Exception
        {
            try (GatewayClient client = server.connect()) {
                GatewayClient.Result started = client.query("RUN JOB `" + job.replace("`", "``") + "`");
                String runId = started.rows().get(0).get(0);
                System.out.println("run " + runId + " of job " + job + " started");
                if (!await) {
                    return 0;
                }
                long start = System.nanoTime();
                String state;
                int tick = 0;
                while (true) {
                    List<String> row = client.query("SELECT state, attempt, error_message FROM system.job_runs WHERE run_id = '" + runId + "'").rows().get(0);
                    state = row.get(0);
                    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
                    boolean done = List.of("SUCCEEDED", "FAILED", "CANCELLED", "SKIPPED", "UPSTREAM_FAILED", "TIMED_OUT").contains(state);
                    String bar = done ? "#".repeat(30) : " ".repeat(tick % 30) + "###" + " ".repeat(Math.max(0, 27 - tick % 30));
                    System.err.printf("\r[%s] %-16s attempt %s  %ds", bar.substring(0, 30), state, row.get(1), seconds);
                    if (done) {
                        System.err.println();
                        if (!state.equals("SUCCEEDED") && !row.get(2).equals("NULL")) {
                            System.out.println(row.get(2));
                        }
                        break;
                    }
                    tick++;
                    Thread.sleep(500);
                }
                System.out.println("run " + runId + " " + state);
                return state.equals("SUCCEEDED") ? 0 : 1;
            }
        }
    }

    /** A result as an aligned text table. */
    static void print(PrintStream out, GatewayClient.Result result)
    {
        List<Integer> widths = new ArrayList<>();
        for (int i = 0; i < result.columns().size(); i++) {
            int width = result.columns().get(i).length();
            for (List<String> row : result.rows()) {
                width = Math.max(width, Math.min(60, row.get(i).length()));
            }
            widths.add(width);
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < widths.size(); i++) {
            header.append(String.format("%-" + widths.get(i) + "s  ", result.columns().get(i)));
        }
        out.println(header.toString().stripTrailing());
        for (List<String> row : result.rows()) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.size(); i++) {
                String value = row.get(i).length() > 60 ? row.get(i).substring(0, 57) + "..." : row.get(i);
                line.append(String.format("%-" + widths.get(i) + "s  ", value));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("(" + result.rows().size() + " rows)");
    }
}
