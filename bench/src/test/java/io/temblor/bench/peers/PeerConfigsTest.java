package io.temblor.bench.peers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each subject's configuration listens on the port, reads RFC 5424 and writes JSON lines to the file. */
class PeerConfigsTest
{
    @Test
    void shouldConfigureRsyslogWithImtcpAJsonTemplateAndOmfile()
    {
        final String conf = PeerConfigs.rsyslog(5514, "/run/x/work", "/run/x/out.jsonl");
        assertTrue(conf.contains("module(load=\"imtcp\")"), conf);
        assertTrue(conf.contains("input(type=\"imtcp\" port=\"5514\" address=\"127.0.0.1\" ruleset=\"peers\")"), conf);
        assertTrue(conf.contains("global(workDirectory=\"/run/x/work\""), conf);
        assertTrue(conf.contains("option.jsonf=\"on\""), conf);
        for (final String property : new String[] {"timereported", "hostname", "app-name", "procid", "msgid",
            "syslogseverity-text", "syslogfacility-text", "structured-data", "msg"})
        {
            assertTrue(conf.contains("name=\"" + property + "\""), property);
        }
        assertTrue(conf.contains("action(type=\"omfile\" file=\"/run/x/out.jsonl\" template=\"peers_json\""), conf);
        assertFalse(conf.contains("imuxsock"), "no /dev/log listener");
    }

    @Test
    void shouldConfigureSyslogNgWithASyslogProtocolSourceAndAFormatJsonFile()
    {
        final String conf = PeerConfigs.syslogNg(6514, "/run/y/out.jsonl", "3.38");
        assertTrue(conf.startsWith("@version: 3.38\n"), conf);
        assertTrue(conf.contains("network(ip(\"127.0.0.1\") port(6514) transport(\"tcp\") flags(syslog-protocol)"),
            conf);
        assertTrue(conf.contains("keep-hostname(yes)"), conf);
        assertTrue(conf.contains("file(\"/run/y/out.jsonl\" template(\"$(format-json --scope rfc5424 --scope " +
            "nv-pairs)\\n\"))"), conf);
        assertTrue(conf.contains("log { source(s_peers); destination(d_peers); };"), conf);
    }

    @Test
    void shouldConfigureTemblorWithTcpServerSyslogAndAJsonFile()
    {
        final String troy = PeerConfigs.temblor(7514, "/run/z/out.jsonl");
        assertTrue(troy.contains("define connector input from tcp_server"), troy);
        assertTrue(troy.contains("codec = \"syslog\""), troy);
        assertTrue(troy.contains("preprocessors = [\"separate\"]"), troy);
        assertTrue(troy.contains("\"url\": \"127.0.0.1:7514\""), troy);
        assertTrue(troy.contains("define connector output from file"), troy);
        assertTrue(troy.contains("codec = \"json\""), troy);
        assertTrue(troy.contains("\"path\": \"/run/z/out.jsonl\""), troy);
        assertTrue(troy.contains("select event from in into out;"), troy);
        assertTrue(troy.endsWith("deploy flow peers;\n"), troy);
    }

    @Test
    void shouldTakeSyslogNgsConfigVersionFromItsVersionLine()
    {
        assertEquals("3.38", PeersSuite.configVersion("syslog-ng 3 (3.38.1)"));
        assertEquals("4.8", PeersSuite.configVersion("syslog-ng 4 (4.8.1)"));
        assertEquals("3.38", PeersSuite.configVersion(null));
    }
}
