package dev.sparkjobs.gateway.metastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.planner.model.Pool;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.model.Trigger;
import dev.sparkjobs.planner.model.WindowClause;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Streams with their progress, pools, alerts. */
abstract class StreamPoolAlertContract
        extends MetastoreContract
{
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void streamsOfEveryFormRoundTripWithTheirVersions()
    {
        Stream source = Models.source("clicks");
        assertEquals(source, metadata.streams().create(source, "CREATE STREAM clicks (...)", ADA).definition());
        long version = 0;
        for (WindowClause window : Models.everyWindow()) {
            Stream query = Models.query("per_minute", window, new Trigger.ProcessingTime(Duration.ofSeconds(30)));
            Stored<Stream> stored = metadata.streams().createOrReplace(query, "CREATE OR REPLACE STREAM per_minute ...", ADA);
            assertEquals(++version, stored.version());
            assertEquals(query.withVersion(version), stored.definition());
        }
        Stream availableNow = Models.query("per_minute", Models.everyWindow().get(0), new Trigger.AvailableNow());
        metadata.streams().createOrReplace(availableNow, "x", ADA);
        assertEquals(5, metadata.streams().history("PER_MINUTE").size());
        assertEquals("CREATED", metadata.streams().find("per_minute").orElseThrow().status());
        assertEquals("RUNNING", metadata.streams().setStatus("per_minute", StreamRepository.Status.RUNNING).status());
        assertEquals(List.of("clicks", "per_minute"), metadata.streams().list().stream().map(Stored::name).toList());
        assertTrue(metadata.streams().drop("clicks"));
        assertEquals(List.of("per_minute"), metadata.streams().list().stream().map(Stored::name).toList());
    }

    @Test
    void streamProgressIsKeptPerBatch()
    {
        metadata.streams().create(Models.source("clicks"), "x", ADA);
        for (int batch = 0; batch < 5; batch++) {
            metadata.streamProgress().record(new StreamProgress("Clicks", "run-a", batch, T0.plusSeconds(10L * batch), 100 * batch, OptionalDouble.of(12.5),
                    OptionalDouble.empty(), OptionalLong.of(900), Optional.of(T0.minusSeconds(5)), OptionalLong.of(batch), OptionalLong.empty(), OptionalLong.of(250)));
        }
        List<StreamProgress> recent = metadata.streamProgress().recent("clicks", 2);
        assertEquals(List.of(4L, 3L), recent.stream().map(StreamProgress::batchId).toList());
        StreamProgress latest = recent.get(0);
        assertEquals("clicks", latest.streamName());
        assertEquals(400, latest.inputRows());
        assertEquals(OptionalDouble.of(12.5), latest.inputRowsPerSecond());
        assertEquals(OptionalDouble.empty(), latest.processedRowsPerSecond());
        assertEquals(Optional.of(T0.minusSeconds(5)), latest.eventTimeWatermark());
        assertEquals(OptionalLong.empty(), latest.stateRows());
        assertEquals(3, metadata.streamProgress().deleteBefore(T0.plusSeconds(30)));
        assertEquals(2, metadata.streamProgress().recent("clicks", 10).size());
        assertEquals(MetastoreError.UNDEFINED_OBJECT, assertThrows(MetastoreException.class, () -> metadata.streamProgress().record(
                new StreamProgress("nope", "r", 0, T0, 0, OptionalDouble.empty(), OptionalDouble.empty(), OptionalLong.empty(), Optional.empty(),
                        OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty()))).error());
    }

    @Test
    void poolsAreVersionedAndDropped()
    {
        Stored<Pool> created = metadata.pools().create(Models.pool("ETL"), "CREATE POOL ETL WITH (...)", ADA);
        assertEquals(Models.pool("ETL"), created.definition());
        assertEquals(1, created.version());
        assertEquals(MetastoreError.DUPLICATE_OBJECT, assertThrows(MetastoreException.class, () -> metadata.pools().create(Models.pool("etl"), "x", ADA)).error());
        Pool bigger = new Pool("ETL", Map.of("max.engines", "16"));
        assertEquals(2, metadata.pools().update(bigger, 1, "ALTER POOL etl SET WITH ('max.engines' = '16')").version());
        assertEquals(bigger, metadata.pools().find("etl").orElseThrow().definition());
        assertEquals(MetastoreError.STALE_VERSION, assertThrows(MetastoreException.class, () -> metadata.pools().update(bigger, 1, "x")).error());
        assertEquals(MetastoreError.UNDEFINED_OBJECT, assertThrows(MetastoreException.class, () -> metadata.pools().update(new Pool("nope", Map.of()), 1, "x")).error());
        metadata.pools().create(Models.pool("adhoc"), "x", ADA);
        assertEquals(List.of("adhoc", "ETL"), metadata.pools().list().stream().map(Stored::name).toList());
        assertTrue(metadata.pools().drop("etl"));
        assertFalse(metadata.pools().drop("etl"));
        assertEquals(List.of("adhoc"), metadata.pools().list().stream().map(Stored::name).toList());
    }

    @Test
    void alertsAndTheirWebhooks()
    {
        Alert quiet = metadata.alerts().raise(Alert.Kind.FAILURE, "JOB", "nightly", Optional.of("run-1"), T0, "run run-1 FAILED: no table t",
                Optional.empty(), Optional.empty());
        assertEquals(Alert.NotifyState.NONE, quiet.notifyState());
        Alert loud = metadata.alerts().raise(Alert.Kind.SLA_MISS, "JOB", "nightly", Optional.of("run-2"), T0.plusSeconds(1), "run run-2 missed FINISH WITHIN PT1H",
                Optional.of("{\"job\":\"nightly\"}"), Optional.of("https://hooks.example.com/sla"));
        assertEquals(Alert.NotifyState.PENDING, loud.notifyState());
        assertEquals(List.of(loud), metadata.alerts().pendingDelivery(10));

        Alert retrying = metadata.alerts().recordDelivery(loud.alertId(), Alert.NotifyState.PENDING, T0.plusSeconds(2), Optional.of("HTTP 503"));
        assertEquals(1, retrying.notifyAttempts());
        assertEquals(Optional.of("HTTP 503"), retrying.notifyError());
        Alert sent = metadata.alerts().recordDelivery(loud.alertId(), Alert.NotifyState.SENT, T0.plusSeconds(3), Optional.empty());
        assertEquals(Alert.NotifyState.SENT, sent.notifyState());
        assertEquals(2, sent.notifyAttempts());
        assertEquals(Optional.of(T0.plusSeconds(3)), sent.notifiedAt());
        assertEquals(List.of(), metadata.alerts().pendingDelivery(10));
        assertEquals(List.of(loud.alertId(), quiet.alertId()), metadata.alerts().recent(10).stream().map(Alert::alertId).toList());
        assertEquals(MetastoreError.UNDEFINED_OBJECT, assertThrows(MetastoreException.class,
                () -> metadata.alerts().recordDelivery(quiet.alertId(), Alert.NotifyState.SENT, T0, Optional.empty())).error());
    }
}
