package dev.sparkjobs.pool.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineClassDataTest
{
    @TempDir
    Path directory;

    @Test
    void aClassPathOfJarsHasAKeyThatChangesWithTheJars()
            throws Exception
    {
        Path a = Files.writeString(directory.resolve("a.jar"), "a");
        Path b = Files.writeString(directory.resolve("b.jar"), "bb");
        String classPath = a + File.pathSeparator + b;
        Optional<String> key = EngineClassData.key("java", classPath);
        assertTrue(key.isPresent());
        assertEquals(16, key.get().length());
        assertEquals(key, EngineClassData.key("java", classPath));
        Files.setLastModifiedTime(b, FileTime.fromMillis(Files.getLastModifiedTime(b).toMillis() + 5000));
        assertNotEquals(key, EngineClassData.key("java", classPath), "a rebuilt jar makes a new archive");
        assertNotEquals(EngineClassData.key("java", classPath), EngineClassData.key("/other/java", classPath));
    }

    @Test
    void directoriesOrMissingEntriesCannotBeArchived()
            throws Exception
    {
        Path jar = Files.writeString(directory.resolve("a.jar"), "a");
        Path classes = Files.createDirectories(directory.resolve("classes"));
        assertEquals(Optional.empty(), EngineClassData.key("java", jar + File.pathSeparator + classes));
        assertEquals(Optional.empty(), EngineClassData.key("java", jar + File.pathSeparator + directory.resolve("missing.jar")));
        EngineClassData data = EngineClassData.forClassPath(directory.resolve("cds"), "java", jar + File.pathSeparator + classes, List.of());
        assertEquals(List.of(), data.launchFlags("e1", directory.resolve("e1")), "nothing is recorded when no archive can be made");
    }

    @Test
    void oneEngineRecordsItsClassesAndLaterOnesMapTheArchive()
            throws Exception
    {
        Path jar = Files.writeString(directory.resolve("a.jar"), "a");
        Path cds = directory.resolve("cds");
        EngineClassData data = EngineClassData.forClassPath(cds, "java", jar.toString(), List.of());
        List<String> first = data.launchFlags("e1", directory.resolve("e1"));
        assertEquals(List.of("-XX:DumpLoadedClassList=" + directory.resolve("e1").resolve("classes.lst")), first);
        assertEquals(List.of(), data.launchFlags("e2", directory.resolve("e2")), "one engine records at a time");
        // The recorder failed to start: the next launch records.
        data.launched("e1", directory.resolve("e1"), false);
        assertEquals(List.of("-XX:DumpLoadedClassList=" + directory.resolve("e3").resolve("classes.lst")), data.launchFlags("e3", directory.resolve("e3")));

        // Once the archive exists, every launch maps it.
        Path archive = Files.createDirectories(cds).resolve("engine-" + EngineClassData.key("java", jar.toString()).orElseThrow() + ".jsa");
        Files.writeString(archive, "archive");
        assertEquals(Optional.of(archive), data.archive());
        assertTrue(data.launchFlags("e4", directory.resolve("e4")).contains("-XX:SharedArchiveFile=" + archive));
        assertEquals(List.of(), EngineClassData.off().launchFlags("e5", directory.resolve("e5")));
    }

    @Test
    void aDeferredRecordingIsWrittenLaterByAnotherProvider()
            throws Exception
    {
        Path jar = directory.resolve("empty.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            // an empty jar is a valid class path entry
        }
        Path cds = directory.resolve("cds");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        EngineClassData recording = EngineClassData.forClassPath(cds, java, jar.toString(), List.of());
        recording.deferWriting();
        Path engine = Files.createDirectories(directory.resolve("e1"));
        assertEquals(List.of("-XX:DumpLoadedClassList=" + engine.resolve("classes.lst")), recording.launchFlags("e1", engine));
        Files.writeString(engine.resolve("classes.lst"), "java/lang/Object\njava/lang/String\n");
        recording.launched("e1", engine, true);
        String key = EngineClassData.key(java, jar.toString()).orElseThrow();
        assertTrue(Files.isRegularFile(cds.resolve("engine-" + key + ".classlist")), "the recorded list is kept");
        assertEquals(Optional.empty(), recording.archive());
        try (var files = Files.list(cds)) {
            assertEquals(List.of(), files.filter(file -> file.getFileName().toString().contains(".partial")).toList(), "no dump started");
        }
        Path abandoned = Files.writeString(cds.resolve("engine-" + key + ".jsa.partial-" + Long.MAX_VALUE), "left by a killed JVM");
        assertEquals(List.of(), recording.launchFlags("e2", directory.resolve("e2")), "recorded once");

        // A later launcher (same JDK and class path) writes the archive from that list, in its own thread.
        EngineClassData writer = EngineClassData.forClassPath(cds, java, jar.toString(), List.of());
        Optional<Path> archive = writer.writeRecorded();
        assertEquals(Optional.of(cds.resolve("engine-" + key + ".jsa")), archive, "see " + cds.resolve("engine-" + key + ".log"));
        assertTrue(Files.size(archive.orElseThrow()) > 0);
        assertFalse(Files.exists(abandoned), "a partial archive of a JVM that is gone is deleted");
        assertEquals(archive, writer.writeRecorded(), "written once");
        assertEquals(Optional.empty(), EngineClassData.forClassPath(directory.resolve("none"), java, jar.toString(), List.of()).writeRecorded(),
                "nothing recorded there");
    }
}
