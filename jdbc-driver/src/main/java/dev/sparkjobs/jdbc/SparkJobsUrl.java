package dev.sparkjobs.jdbc;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code jdbc:sparkjobs://host[:port][/schema][?key=value&...]}: the gateway's Flight SQL door
 * (port 32010 unless given), the schema to start in, and driver properties. Unlike Arrow's
 * generic driver, encryption is off unless asked for, as a gateway without TLS configured serves.
 */
record SparkJobsUrl(String host, int port, Optional<String> schema, Map<String, String> properties)
{
    static final String PREFIX = "jdbc:sparkjobs://";
    static final int DEFAULT_PORT = 32010;

    SparkJobsUrl
    {
        requireNonNull(host, "host is null");
        requireNonNull(schema, "schema is null");
        properties = Map.copyOf(properties);
    }

    static boolean accepts(String url)
    {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    static SparkJobsUrl parse(String url, Properties info)
            throws SQLException
    {
        if (!accepts(url)) {
            throw new SQLException("not a Spark Jobs URL: " + url + " (expected " + PREFIX + "host:32010)", "08001");
        }
        String rest = url.substring(PREFIX.length());
        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String host = rest;
        int port = DEFAULT_PORT;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0 && !rest.endsWith("]")) {
            host = rest.substring(0, colon);
            try {
                port = Integer.parseInt(rest.substring(colon + 1));
            }
            catch (NumberFormatException e) {
                throw new SQLException("bad port in " + url, "08001", e);
            }
        }
        if (host.isEmpty()) {
            throw new SQLException("no host in " + url + " (expected " + PREFIX + "host:32010)", "08001");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                properties.put(name, info.getProperty(name));
            }
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            properties.put(key, value);
        }
        Optional<String> schema = path.isEmpty() ? Optional.empty() : Optional.of(URLDecoder.decode(path, StandardCharsets.UTF_8));
        return new SparkJobsUrl(host, port, schema, properties);
    }

    /** The URL of Arrow's Flight SQL driver for the same endpoint and properties. */
    String arrowUrl()
    {
        Map<String, String> arrow = new LinkedHashMap<>(properties);
        if (arrow.keySet().stream().noneMatch(key -> key.toLowerCase(Locale.ROOT).equals("useencryption"))) {
            arrow.put("useEncryption", "false");
        }
        StringBuilder url = new StringBuilder("jdbc:arrow-flight-sql://").append(host).append(':').append(port);
        char separator = '?';
        for (Map.Entry<String, String> entry : arrow.entrySet()) {
            url.append(separator)
                    .append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }
}
