package dev.sparkjobs.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * P6's input: Nexmark-style bids (auction, bidder, price, channel, url, date_time, extra) as JSON
 * lines, deterministic for a seed. Modelled on the Nexmark benchmark's bid stream, written here
 * rather than taken from Beam's generator (which would pull Beam into the build): a fixed event
 * rate in event time, most bids on a small set of hot auctions, prices spread over three orders
 * of magnitude, and bounded disorder (an event is at most {@link #MAX_DISORDER_MILLIS} behind the
 * newest one), so a 5 s watermark delay drops none of them.
 */
final class NexmarkBids
{
    static final String COLUMNS = "auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time TIMESTAMP, extra STRING";
    /** The same columns as a Spark DDL schema for the hand-written side. */
    static final String SPARK_SCHEMA = COLUMNS;
    static final long MAX_DISORDER_MILLIS = 2_000;
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};
    private static final int EVENTS_PER_EVENT_SECOND = 10_000;
    private static final int AUCTIONS = 1_000;
    private static final int HOT_AUCTIONS = 10;
    private static final int BIDDERS = 10_000;

    private NexmarkBids() {}

    /**
     * Writes {@code events} bids into {@code files} files under {@code directory} (each written
     * beside it and moved in, as a file source wants).
     */
    static void write(Path directory, long events, int files, long seed)
            throws IOException
    {
        Files.createDirectories(directory);
        SplittableRandom random = new SplittableRandom(seed);
        long perFile = (events + files - 1) / files;
        long written = 0;
        for (int file = 0; file < files && written < events; file++) {
            Path staged = directory.resolveSibling(directory.getFileName() + "-" + file + ".tmp");
            try (BufferedWriter out = Files.newBufferedWriter(staged, StandardCharsets.UTF_8)) {
                for (long i = 0; i < perFile && written < events; i++, written++) {
                    out.write(bid(written, random));
                    out.write('\n');
                }
            }
            Files.move(staged, directory.resolve(String.format(Locale.ROOT, "bids-%05d.json", file)), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static String bid(long sequence, SplittableRandom random)
    {
        long auction = random.nextInt(100) < 90 ? random.nextInt(HOT_AUCTIONS) : HOT_AUCTIONS + random.nextInt(AUCTIONS - HOT_AUCTIONS);
        long bidder = random.nextInt(BIDDERS);
        long price = (long) Math.pow(10.0, random.nextDouble() * 3.0) * 100;
        String channel = CHANNELS[random.nextInt(CHANNELS.length)];
        long millis = sequence * 1_000 / EVENTS_PER_EVENT_SECOND - random.nextLong(MAX_DISORDER_MILLIS);
        Instant time = BASE.plusMillis(Math.max(0, millis));
        return "{\"auction\":" + auction + ",\"bidder\":" + bidder + ",\"price\":" + price + ",\"channel\":\"" + channel
                + "\",\"url\":\"https://www.nexmark.com/" + channel.toLowerCase(Locale.ROOT) + "/item.htm?query=" + auction
                + "\",\"date_time\":\"" + time + "\",\"extra\":\"" + Long.toHexString(random.nextLong()) + "\"}";
    }
}
