package dev.sparkjobs.pool.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
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
}
