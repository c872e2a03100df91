package io.temblor.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.bench.report.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report is generated from results.json alone, the same each time, with the run's own numbers and verdicts. */
class PeersReportTest
{
    @TempDir
    Path dir;

    private Path sampleRun() throws Exception
    {
        for (final String file : List.of("env.json", "results.json"))
        {
            try (InputStream in = PeersReportTest.class.getResourceAsStream("sample-run/" + file))
            {
                Files.copy(in, dir.resolve(file));
            }
        }
        return dir;
    }

    @Test
    void shouldRegenerateTheSameReportFromResults() throws Exception
    {
        final Path run = sampleRun();
        PeersReport.generate(run);
        final String first = Files.readString(run.resolve("report.md"));
        final String svg = Files.readString(run.resolve("throughput.svg"));
        Files.delete(run.resolve("report.md"));
        PeersReport.generate(run);
        assertEquals(first, Files.readString(run.resolve("report.md")));
        assertEquals(svg, Files.readString(run.resolve("throughput.svg")));
        assertTrue(Files.readString(run.resolve("cpu.svg")).contains("<svg"));
    }

    @Test
    void shouldShowTheRunsMediansRatiosConfigsAndVerdicts() throws Exception
    {
        final Path run = sampleRun();
        PeersReport.generate(run);
        final String md = Files.readString(run.resolve("report.md"));
        final JsonNode subjects = new ObjectMapper().readTree(run.resolve("results.json").toFile()).path("subjects");
        final double temblor = PeersReport.stats(subjects.get(0), "eventsPerSec")[0];
        final double syslogNg = PeersReport.stats(subjects.get(2), "eventsPerSec")[0];
        assertTrue(md.contains(String.format(Locale.ROOT, "| Temblor / syslog-ng | %.2fx |", temblor / syslogNg)), md);
        assertTrue(md.contains("| temblor | " + PeersReport.rate(temblor) + " |"), md);
        assertTrue(md.contains("module(load=\"imtcp\")"), "rsyslog's config is shown");
        assertTrue(md.contains("flags(syslog-protocol)"), "syslog-ng's config is shown");
        assertTrue(md.contains("define connector input from tcp_server"), "Temblor's flow is shown");
        assertTrue(md.contains("taskset -c 0"), md);
        assertTrue(md.contains(subjects.get(1).path("version").asText()), "rsyslog's version");
        final List<Target> targets = PeersReport.targets(subjects);
        assertEquals(4, targets.size());
        assertEquals(temblor >= 3 * syslogNg, targets.get(0).met());
        for (final Target t : targets)
        {
            assertTrue(md.contains("| " + t.name() + " | **" + t.verdict() + "** | " + t.detail() + " |"), t.name());
        }
    }

    @Test
    void shouldJudgeNoDataWhenAPeerWasSkipped() throws Exception
    {
        final String json = "{\"subjects\": [" +
            "{\"subject\": \"temblor\", \"status\": \"ok\", \"repetitions\": [{\"eventsPerSec\": 300000, " +
            "\"cpuSecondsPerGb\": 10}, {\"eventsPerSec\": 100000, \"cpuSecondsPerGb\": 30}, " +
            "{\"eventsPerSec\": 200000, \"cpuSecondsPerGb\": 20}]}," +
            "{\"subject\": \"rsyslog\", \"status\": \"skipped\", \"reason\": \"apt-get download rsyslog failed\"}]}";
        final JsonNode subjects = new ObjectMapper().readTree(json).path("subjects");
        final double[] stats = PeersReport.stats(subjects.get(0), "eventsPerSec");
        assertEquals(200000, stats[0]);
        assertEquals(100000, stats[1]);
        assertEquals(300000, stats[2]);
        final List<Target> targets = PeersReport.targets(subjects);
        assertNull(targets.get(1).met());
        assertTrue(targets.get(1).detail().contains("rsyslog skipped: apt-get download rsyslog failed"),
            targets.get(1).detail());
        assertTrue(targets.get(0).detail().contains("syslog-ng not run"), targets.get(0).detail());
    }
}
