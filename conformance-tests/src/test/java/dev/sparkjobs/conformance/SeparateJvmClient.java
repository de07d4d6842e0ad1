package dev.sparkjobs.conformance;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@code src/test/resources/client/Client.java} in a separate JVM, with one driver jar and
 * nothing else on its classpath (the JDK's single-file source launcher compiles it), and parses
 * what it prints back into rows normalized as {@link dev.sparkjobs.conformance.tpch.ResultComparison}
 * normalizes them, so that the same comparison applies.
 */
final class SeparateJvmClient
{
    private static final long TIMEOUT_MINUTES = 5;

    /** One result of a section: its time, column labels and rows, or the error it raised. */
    record Result(long millis, List<String> labels, List<List<Object>> rows, String sqlState, String message)
    {
        boolean failed()
        {
            return message != null;
        }

        /** The values of one column, by label (case-insensitive). */
        List<Object> column(String label)
        {
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i).equalsIgnoreCase(label)) {
                    int index = i;
                    return rows.stream().map(row -> row.get(index)).toList();
                }
            }
            throw new AssertionError("no column " + label + " in " + labels);
        }
    }

    private final Path jar;
    private final String url;

    SeparateJvmClient(Path jar, String url)
    {
        this.jar = requireNonNull(jar, "jar is null");
        this.url = requireNonNull(url, "url is null");
    }

    /** The project's driver, {@code jdbc-driver/target/sparkjobs-jdbc-<version>.jar}, built by the reactor first. */
    static Path sparkJobsDriverJar()
            throws IOException
    {
        Path target = GatewayProcess.home().resolve("jdbc-driver").resolve("target");
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(file -> file.getFileName().toString().matches("sparkjobs-jdbc-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no sparkjobs-jdbc-<version>.jar under " + target + ": build with `mvn -B -pl conformance-tests -am verify`"));
        }
    }

    /** Runs the statements of each file (separated by lines holding only {@code ;}); sections are named by file name. */
    Map<String, List<Result>> run(List<Path> files)
            throws IOException, InterruptedException
    {
        List<String> arguments = new ArrayList<>(List.of("run"));
        files.forEach(file -> arguments.add(file.toString()));
        return launch(arguments);
    }

    /** The DatabaseMetaData walk of a BI tool, browsing {@code schema} and {@code table}. */
    Map<String, List<Result>> metadata(String schema, String table)
            throws IOException, InterruptedException
    {
        return launch(List.of("metadata", schema, table));
    }

    private Map<String, List<Result>> launch(List<String> arguments)
            throws IOException, InterruptedException
    {
        Path source = GatewayProcess.buildDirectory().resolve("test-classes").resolve("client").resolve("Client.java");
        Path work = GatewayProcess.newWorkDirectory("client");
        Path stdout = work.resolve("stdout.txt");
        Path stderr = work.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.timezone=America/Los_Angeles",
                // What every application using Arrow's Flight SQL JDBC driver must add on Java 17.
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-cp", jar.toString(),
                source.toString(), url));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the client did not end within " + TIMEOUT_MINUTES + " minutes: " + command);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("the client exited with " + process.exitValue() + ": " + command + "\n" + GatewayProcess.tail(stderr));
        }
        return parse(Files.readAllLines(stdout, StandardCharsets.UTF_8));
    }

    static Map<String, List<Result>> parse(List<String> lines)
    {
        Map<String, List<Result>> sections = new LinkedHashMap<>();
        List<Result> current = null;
        long millis = 0;
        List<String> labels = null;
        List<List<Object>> rows = null;
        for (String line : lines) {
            if (line.startsWith("# ")) {
                current = new ArrayList<>();
                sections.put(line.substring(2), current);
            }
            else if (line.startsWith("> ")) {
                millis = Long.parseLong(line.substring(2));
            }
            else if (line.startsWith("@ ")) {
                labels = split(line.substring(2)).stream().map(SeparateJvmClient::unescape).toList();
                rows = new ArrayList<>();
                requireNonNull(current, "a result before any section").add(new Result(millis, labels, rows, null, null));
            }
            else if (line.startsWith("= ")) {
                requireNonNull(rows, "a row before any result").add(split(line.substring(2)).stream().map(SeparateJvmClient::value).toList());
            }
            else if (line.startsWith("! ")) {
                List<String> parts = split(line.substring(2));
                requireNonNull(current, "an error before any section").add(new Result(0, List.of(), List.of(), parts.get(0).equals("null") ? null : parts.get(0), unescape(parts.get(1))));
            }
            else {
                throw new AssertionError("the client printed an unexpected line: " + line);
            }
        }
        return sections;
    }

    private static List<String> split(String line)
    {
        return List.of(line.split("\t", -1));
    }

    private static Object value(String text)
    {
        if (text.equals("~")) {
            return null;
        }
        String body = unescape(text.substring(2));
        return switch (text.charAt(0)) {
            case 'i' -> new BigDecimal(new BigInteger(body));
            case 'm' -> new BigDecimal(body);
            case 'f' -> Double.valueOf(body);
            case 'd' -> LocalDate.parse(body);
            case 't' -> LocalDateTime.parse(body);
            case 'b' -> Boolean.valueOf(body);
            case 's' -> body;
            default -> throw new AssertionError("unknown value tag in " + text);
        };
    }

    private static String unescape(String text)
    {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            }
            else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The single result of a section, which must not have failed. */
    static Result single(Map<String, List<Result>> sections, String name)
    {
        List<Result> results = Optional.ofNullable(sections.get(name)).orElseThrow(() -> new AssertionError("the client printed no section " + name + ": " + sections.keySet()));
        if (results.size() != 1) {
            throw new AssertionError("section " + name + " has " + results.size() + " results, expected 1: " + results);
        }
        if (results.get(0).failed()) {
            throw new AssertionError(name + " failed: " + results.get(0).sqlState() + " " + results.get(0).message());
        }
        return results.get(0);
    }
}
