package io.temblor.bench.peers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A daemon that is neither installed nor fetchable is skipped with apt-get's reason (never faked); an installed one is
 * used as it is. apt-get is replaced by a script, so nothing is installed and no network is used.
 */
class PeerBinariesTest
{
    @TempDir
    Path dir;

    private Path script(final String name, final String body) throws Exception
    {
        final Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void shouldSkipWithAptGetsReasonWhenTheDaemonCannotBeFetched() throws Exception
    {
        final Path aptGet = script("apt-get", "echo \"E: Unable to locate package $*\" >&2; exit 100");
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();
        final PeerBinaries binaries = new PeerBinaries(dir.resolve("cache"), new PrintStream(progress, true,
            StandardCharsets.UTF_8), dir.resolve("sbin"), aptGet.toString());
        for (final PeerBinaries.Binary b : new PeerBinaries.Binary[] {binaries.rsyslog(), binaries.syslogNg()})
        {
            assertFalse(b.ok(), b.name());
            assertNull(b.exe());
            assertTrue(b.skipped().contains("exit code 100: E: Unable to locate package"), b.skipped());
        }
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("rsyslog is not installed; fetching it"),
            progress.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve("cache/root/usr/sbin/rsyslogd")));
    }

    @Test
    void shouldSkipWhenTheDownloadLeavesNoPackage() throws Exception
    {
        final Path aptGet = script("apt-get", "exit 0");
        final PeerBinaries binaries = new PeerBinaries(dir.resolve("cache"), new PrintStream(new ByteArrayOutputStream(),
            true, StandardCharsets.UTF_8), dir.resolve("sbin"), aptGet.toString());
        final PeerBinaries.Binary b = binaries.rsyslog();
        assertFalse(b.ok());
        assertTrue(b.skipped().contains("left no .deb"), b.skipped());
    }

    @Test
    void shouldUseAnInstalledDaemonAsItIs() throws Exception
    {
        Files.createDirectories(dir.resolve("sbin"));
        final Path rsyslogd = dir.resolve("sbin/rsyslogd");
        Files.writeString(rsyslogd, "#!/bin/sh\necho 'rsyslogd  8.2302.0 (aka 2023.02) compiled with:'\n");
        Files.setPosixFilePermissions(rsyslogd, PosixFilePermissions.fromString("rwxr-xr-x"));
        final PeerBinaries binaries = new PeerBinaries(dir.resolve("cache"), new PrintStream(new ByteArrayOutputStream(),
            true, StandardCharsets.UTF_8), dir.resolve("sbin"), "/nonexistent/apt-get");
        final PeerBinaries.Binary b = binaries.rsyslog();
        assertTrue(b.ok());
        assertEquals(rsyslogd, b.exe());
        assertEquals("system", b.source());
        assertEquals("rsyslogd  8.2302.0 (aka 2023.02) compiled with:", b.version());
    }
}
