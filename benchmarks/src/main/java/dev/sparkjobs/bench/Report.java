package dev.sparkjobs.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A finished run: the table for people (a Markdown table, so it pastes into README as is) and the
 * machine-readable file with the machine, the versions and the settings.
 */
record Report(BenchSettings settings, Instant started, Instant finished, Map<String, Object> machine, Map<String, Object> versions, List<Figure> figures)
{
    private static final String[] HEADERS = {"id", "what", "measured", "compared with", "ratio", "goal", "verdict"};

    Report
    {
        requireNonNull(settings, "settings is null");
        requireNonNull(started, "started is null");
        requireNonNull(finished, "finished is null");
        machine = Map.copyOf(machine);
        versions = Map.copyOf(versions);
        figures = List.copyOf(figures);
    }

    /** The table, then the notes that say how to read its figures. */
    String table()
    {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (Figure figure : figures) {
            rows.add(new String[] {
                    figure.id(),
                    figure.what(),
                    figure.measured(),
                    figure.comparedWith(),
                    figure.ratio().isPresent() ? String.format(Locale.ROOT, "%.2f", figure.ratio().getAsDouble()) : "-",
                    figure.goal(),
                    figure.verdict() == Verdict.NOT_YET ? "-" : figure.verdict().label()});
        }
        int[] widths = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, rows.get(0), widths);
        String[] rule = new String[HEADERS.length];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = "-".repeat(widths[i]);
        }
        appendRow(out, rule, widths);
        for (String[] row : rows.subList(1, rows.size())) {
            appendRow(out, row, widths);
        }
        out.append(System.lineSeparator());
        for (Figure figure : figures) {
            for (String note : figure.notes()) {
                out.append("* ").append(note).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, String[] cells, int[] widths)
    {
        out.append('|');
        for (int i = 0; i < cells.length; i++) {
            out.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(" |");
        }
        out.append(System.lineSeparator());
    }

    /** Writes {@code bench-<time>-<mode>.json} into the output directory and returns its path. */
    Path writeJson()
            throws IOException
    {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode run = root.putObject("run");
        run.put("started", started.toString());
        run.put("finished", finished.toString());
        run.put("seconds", (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        run.put("mode", settings.mode());
        root.set("machine", mapper.valueToTree(machine));
        root.set("versions", mapper.valueToTree(versions));
        ObjectNode runSettings = root.putObject("settings");
        runSettings.put("fetchRows", settings.fetchRows());
        runSettings.put("warmups", settings.warmups());
        runSettings.put("iterations", settings.iterations());
        runSettings.put("bareBatchRows", settings.bareBatchRows());
        runSettings.put("latencyWarmups", settings.latencyWarmups());
        runSettings.put("latencyQueries", settings.latencyQueries());
        runSettings.put("clients", settings.clients());
        runSettings.put("concurrencySeconds", settings.concurrencySeconds());
        runSettings.put("concurrencyWarmupSeconds", settings.concurrencyWarmupSeconds());
        runSettings.put("gatewayHeap", settings.gatewayHeap().orElse(BareServerProcess.LAUNCHER_DEFAULT_HEAP));
        runSettings.set("gatewayConf", mapper.valueToTree(settings.gatewayConf()));
        runSettings.put("gatewayJavaOptions", System.getenv().getOrDefault("SPARKJOBS_JAVA_OPTS", ""));
        ArrayNode only = runSettings.putArray("only");
        settings.only().stream().sorted().forEach(only::add);
        ArrayNode rows = root.putArray("figures");
        for (Figure figure : figures) {
            ObjectNode row = rows.addObject();
            row.put("id", figure.id());
            row.put("what", figure.what());
            row.put("measured", figure.measured());
            row.put("comparedWith", figure.comparedWith());
            if (figure.ratio().isPresent()) {
                row.put("ratio", figure.ratio().getAsDouble());
            }
            else {
                row.putNull("ratio");
            }
            row.put("goal", figure.goal());
            row.put("verdict", figure.verdict().label());
            ArrayNode notes = row.putArray("notes");
            figure.notes().forEach(notes::add);
            row.set("details", mapper.valueToTree(figure.details()));
        }
        Files.createDirectories(settings.outputDirectory());
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC).format(started);
        Path file = settings.outputDirectory().resolve("bench-" + stamp + "-" + settings.mode() + ".json");
        mapper.writeValue(file.toFile(), root);
        return file;
    }

    /** 10000000 as "10M", 50000 as "50k", others with digit groups. */
    static String count(long value)
    {
        if (value >= 1_000_000 && value % 1_000_000 == 0) {
            return value / 1_000_000 + "M";
        }
        if (value >= 1_000 && value % 1_000 == 0) {
            return value / 1_000 + "k";
        }
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** A rate for people: "3.21 M", "845 k". */
    static String rate(double value)
    {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", value / 1e6);
        }
        if (value >= 1e3) {
            return String.format(Locale.ROOT, "%.0f k", value / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
