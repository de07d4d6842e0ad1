package dev.sparkjobs.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The 22 TPC-H query texts shipped in io.trino.tpch:tpch (io/trino/tpch/queries/qN.sql). */
public final class TpchQueries
{
    private TpchQueries()
    {
    }

    public static String query(int number)
    {
        String resource = "/io/trino/tpch/queries/q" + number + ".sql";
        try (InputStream in = TpchQueries.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> all()
    {
        List<String> queries = new ArrayList<>();
        for (int i = 1; i <= 22; i++) {
            queries.add(query(i));
        }
        return queries;
    }
}
