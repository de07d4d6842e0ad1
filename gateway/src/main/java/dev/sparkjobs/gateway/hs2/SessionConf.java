package dev.sparkjobs.gateway.hs2;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session options in an {@code OpenSession} configuration. The Hive driver turns
 * {@code jdbc:hive2://host:port/db;k=v?spark.x=y} into {@code use:database=db} and
 * {@code set:hiveconf:spark.x=y}; PyHive sends its {@code configuration} keys as they are. Spark
 * settings and the catalog and schema become options of the gateway session; Hive's own settings
 * and variables mean nothing to Spark and are left out.
 */
final class SessionConf
{
    private static final Logger log = LoggerFactory.getLogger(SessionConf.class);
    private static final String HIVECONF = "set:hiveconf:";
    private static final String USE_DATABASE = "use:database";
    private static final String USE_CATALOG = "use:catalog";

    private SessionConf() {}

    /** Options in the order they must be applied: Spark settings, then catalog, then schema. */
    static Map<String, String> options(Map<String, String> configuration)
    {
        Map<String, String> options = new LinkedHashMap<>();
        String catalog = null;
        String schema = null;
        if (configuration == null) {
            return options;
        }
        for (Map.Entry<String, String> entry : configuration.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (key == null || value == null) {
                continue;
            }
            if (key.equals(USE_DATABASE)) {
                schema = value;
            }
            else if (key.equals(USE_CATALOG)) {
                catalog = value;
            }
            else if (key.startsWith(HIVECONF) && isSessionOption(key.substring(HIVECONF.length()))) {
                options.put(key.substring(HIVECONF.length()), value);
            }
            else if (!key.startsWith("set:") && isSessionOption(key)) {
                options.put(key, value);
            }
            else {
                log.debug("Ignoring HiveServer2 session setting {}", key);
            }
        }
        if (catalog != null && !catalog.isEmpty()) {
            options.put("catalog", catalog);
        }
        if (schema != null && !schema.isEmpty()) {
            options.put("schema", schema);
        }
        return options;
    }

    private static boolean isSessionOption(String key)
    {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.startsWith("spark.") || lower.equals("catalog") || lower.equals("schema");
    }
}
