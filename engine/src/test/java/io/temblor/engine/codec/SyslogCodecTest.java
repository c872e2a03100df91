package io.temblor.engine.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class SyslogCodecTest
{
    /** Tremor's test clock: the epoch. */
    private static SyslogCodec epoch()
    {
        return new SyslogCodec(() -> 0L);
    }

    /** 2021-06-01T00:00:00Z: RFC 3164 dates resolve to 2021. */
    private static SyslogCodec in2021()
    {
        return new SyslogCodec(() -> 1_622_505_600_000_000_000L);
    }

    private static void assertError(final Codec codec, final int status, final String reason)
    {
        assertEquals(Codec.ERROR, status);
        assertEquals(reason, codec.errorMessage());
    }

    @Test
    void shouldDecodeTremorsDocumentedExamples()
    {
        try (CodecTesting t = new CodecTesting())
        {
            assertEquals("{\"appname\":\"root\",\"facility\":\"user\",\"hostname\":\"74794bfb6795\"," +
                "\"msg\":\"i am foobar\",\"procid\":\"8539\",\"protocol\":\"RFC3164\",\"severity\":\"notice\"," +
                "\"timestamp\":1609860783000000000}",
                t.decodeLine(in2021(), "<13>Jan  5 15:33:03 74794bfb6795 root[8539]: i am foobar"));
            assertEquals("{\"appname\":\"evntslog\",\"facility\":\"local4\",\"hostname\":\"mymachine.example.com\"," +
                "\"msg\":\"BOMAn application event log entry...\",\"msgid\":\"ID47\",\"protocol\":\"RFC5424\"," +
                "\"protocol_version\":1,\"severity\":\"notice\",\"structured_data\":{\"exampleSDID@32473\":" +
                "[{\"iut\":\"3\"},{\"eventSource\":\"Application\"},{\"eventID\":\"1011\"}]}," +
                "\"timestamp\":1616099400123000000}",
                t.decodeLine(epoch(), "<165>1 2021-03-18T20:30:00.123Z mymachine.example.com evntslog - ID47 " +
                    "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] " +
                    "BOMAn application event log entry..."));
        }
    }

    @Test
    void shouldMatchTremorsDecodeVectors()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec codec = epoch();
            // test_decode_empty
            assertEquals("{\"facility\":\"local7\",\"msg\":\"message\",\"protocol\":\"RFC5424\"," +
                "\"protocol_version\":1,\"severity\":\"debug\",\"timestamp\":1616099400123000000}",
                t.decodeLine(codec, "<191>1 2021-03-18T20:30:00.123Z - - - - - message"));
            // decode_invalid_message
            assertEquals("{\"msg\":\"an invalid message\",\"protocol\":\"RFC3164\"}",
                t.decodeLine(codec, "an invalid message"));
            // test_incorrect_sd: an unreadable element is skipped
            assertEquals("{\"appname\":\"root\",\"facility\":\"user\",\"hostname\":\"74794bfb6795\"," +
                "\"msg\":\"message\",\"procid\":\"8449\",\"protocol\":\"RFC5424\",\"protocol_version\":1," +
                "\"severity\":\"notice\",\"timestamp\":1616099400123000000}",
                t.decodeLine(codec, "<13>1 2021-03-18T20:30:00.123Z 74794bfb6795 root 8449 - [incorrect x] message"));
            // test_invalid_sd_3164: bracketed text that is not structured data stays in the message
            assertEquals("{\"appname\":\"rsyslogd\",\"facility\":\"syslog\",\"hostname\":\"plertrood-ThinkPad-X220\"," +
                "\"msg\":\"[software=\\\"rsyslogd\\\" swVersion=\\\"8.32.0\\\"] message\",\"protocol\":\"RFC3164\"," +
                "\"severity\":\"info\",\"timestamp\":1609860783000000000}",
                t.decodeLine(in2021(), "<46>Jan  5 15:33:03 plertrood-ThinkPad-X220 rsyslogd:  " +
                    "[software=\"rsyslogd\" swVersion=\"8.32.0\"] message"));
        }
    }

    @Test
    void shouldMatchTremorsEncodeVectors()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec codec = epoch();
            // encode_empty_rfc5424, and back
            final String record = "{\"facility\":\"local4\",\"msg\":\"test message\",\"protocol\":\"RFC5424\"," +
                "\"protocol_version\":1,\"severity\":\"notice\",\"timestamp\":0}";
            t.value(record, 0);
            assertEquals("<165>1 1970-01-01T00:00:00+00:00 - - - - - test message",
                t.encodeUtf8(codec, t.v[0], t.v[1]));
            assertEquals(record, t.decodeLine(codec, "<165>1 1970-01-01T00:00:00+00:00 - - - - - test message"));
            // encode_empty_rfc3164: no timestamp takes the clock's
            t.value("{\"severity\":\"notice\",\"facility\":\"local4\",\"msg\":\"test message\"," +
                "\"protocol\":\"RFC3164\"}", 0);
            assertEquals("<165>Jan  1 00:00:00 - : test message", t.encodeUtf8(codec, t.v[0], t.v[1]));
        }
    }

    @Test
    void shouldMatchTremorsRfc3164Examples()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec codec = epoch();
            final String[][] examples = {
                {"<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", null},
                {"Use the BFG!", "<13>Jan  1 00:00:00 - : Use the BFG!"},
                {"<165>Aug 24 05:34:00 CST 1987 mymachine myproc[10]: %% It's time to make the do-nuts.  %%  " +
                    "Ingredients: Mix=OK, Jelly=OK # Devices: Mixer=OK, Jelly_Injector=OK, Frier=OK # " +
                    "Transport:Conveyer1=OK, Conveyer2=OK # %%",
                    "<165>Aug 24 05:34:00 CST 1987: mymachine myproc[10]: %% It's time to make the do-nuts.  %%  " +
                    "Ingredients: Mix=OK, Jelly=OK # Devices: Mixer=OK, Jelly_Injector=OK, Frier=OK # " +
                    "Transport:Conveyer1=OK, Conveyer2=OK # %%"},
                {"<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!",
                    "<13>Jan  1 00:00:00 - : <0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 " +
                    "sched[0]: That's All Folks!"},
            };
            for (final String[] example : examples)
            {
                t.decodeLine(codec, example[0]);
                assertEquals(example[1] == null ? example[0] : example[1], t.encodeUtf8(codec, t.v[0], t.v[1]));
            }
        }
    }

    @Test
    void shouldMatchTremorsRfc5424Examples()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec codec = epoch();
            final String[][] examples = {
                {"<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for " +
                    "lonvick on /dev/pts/8",
                    "<34>1 2003-10-11T22:14:15.003+00:00 mymachine.example.com su - ID47 - \uFEFF'su root' failed " +
                    "for lonvick on /dev/pts/8"},
                {"<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
                    "<165>1 2003-08-24T12:14:15.000003+00:00 192.0.2.1 myproc 8710 - - %% It's time to make the " +
                    "do-nuts."},
                {"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" " +
                    "eventSource=\"Application\" eventID=\"1011\"] \uFEFFAn application event log entry...",
                    "<165>1 2003-10-11T22:14:15.003+00:00 mymachine.example.com evntslog - ID47 [exampleSDID@32473 " +
                    "iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] \uFEFFAn application event log entry..."},
                {"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" " +
                    "eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]",
                    "<165>1 2003-10-11T22:14:15.003+00:00 mymachine.example.com evntslog - ID47 [exampleSDID@32473 " +
                    "iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]"},
            };
            for (final String[] example : examples)
            {
                t.decodeLine(codec, example[0]);
                assertEquals(example[1], t.encodeUtf8(codec, t.v[0], t.v[1]));
            }
        }
    }

    @Test
    void shouldDecodeTheSameRecordAfterAnEncode()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec codec = epoch();
            // test_syslog_codec
            final String decoded = t.decodeLine(codec, "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com " +
                "evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource= \"Application\" eventID=\"1011\"]" +
                "[examplePriority@32473 class=\"high\"] BOMAn application event log entry...");
            assertEquals(decoded, t.decodeLine(codec, t.encodeUtf8(codec, t.v[0], t.v[1])));
        }
    }

    @Test
    void shouldReproduceCanonicalLinesWhenRoundTripping()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec codec = epoch();
            final String[] lines = {
                "<0>1 2003-10-11T22:14:15+00:00 host app 123 ID1 - msg",
                "<191>7 1999-12-31T23:59:59.999999999+00:00 h a p m [a b=\"\"][c d=\"e \\\" ] f\"] x y",
                "<14>1 2024-02-29T12:00:00.5+00:00 - - - - [id]",
                "<13>1 1970-01-01T00:00:00+00:00 h - name - - 日本語 message",
                "<86>Feb 28 01:02:03 host sshd[42]: Accepted publickey",
                "<13>Jan  1 00:00:00 host app: msg [not=\"sd\"]",
                "<13>Dec 31 23:59:59 host app[x]: msg",
            };
            for (final String line : lines)
            {
                t.decodeLine(codec, line);
                // chrono writes 0, 3, 6 or 9 fraction digits
                final String expected = line.replace("12:00:00.5+", "12:00:00.500+");
                assertEquals(expected, t.encodeUtf8(codec, t.v[0], t.v[1]), line);
            }
            // "<86>Feb 29" is not a date in 1970: the whole line is the message
            assertEquals("{\"msg\":\"<86>Feb 29 01:02:03 host sshd[42]: Accepted publickey\",\"protocol\":\"RFC3164\"}",
                t.decodeLine(codec, "<86>Feb 29 01:02:03 host sshd[42]: Accepted publickey"));
        }
    }

    @Test
    void shouldFollowSyslogLooseWhenLinesAreUnusual()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec codec = in2021();
            // a priority beyond a byte is not a priority: not 5424, no 3164 date, the line is the message
            assertEquals("{\"msg\":\"<999>1 2003-10-11T22:14:15Z h a p m - x\",\"protocol\":\"RFC3164\"}",
                t.decodeLine(codec, "<999>1 2003-10-11T22:14:15Z h a p m - x"));
            // facility 25 does not exist: only the severity
            assertEquals("{\"appname\":\"a\",\"hostname\":\"h\",\"msg\":\"x\",\"procid\":\"p\",\"protocol\":\"RFC5424\"," +
                "\"protocol_version\":1,\"severity\":\"emerg\",\"timestamp\":1065910455000000000}",
                t.decodeLine(codec, "<200>1 2003-10-11T22:14:15Z h a p - - x"));
            // a truncated 5424 header falls back to 3164, whose date does not fit either
            assertEquals("{\"msg\":\"<34>1 2003-10-11T22:14:15.003Z mymachine\",\"protocol\":\"RFC3164\"}",
                t.decodeLine(codec, "<34>1 2003-10-11T22:14:15.003Z mymachine"));
            // a 3164 date with a year, pid canonicalised, December seen in January is last year's
            assertEquals("{\"appname\":\"app\",\"facility\":\"user\",\"hostname\":\"h\",\"msg\":\"m\"," +
                "\"procid\":\"7\",\"protocol\":\"RFC3164\",\"severity\":\"notice\",\"timestamp\":1230422947000000000}",
                t.decodeLine(codec, "<13>Dec 28 2008 00:09:07 h app[007]: m"));
            final Codec january = new SyslogCodec(() -> 1_610_236_800_000_000_000L);
            assertEquals("{\"msg\":\"m\",\"protocol\":\"RFC3164\",\"timestamp\":1609459199000000000}",
                t.decodeLine(january, "Dec 31 23:59:59 : m"));
            // only one field: host, or appname when it is app[pid]
            assertEquals("{\"appname\":\"app\",\"msg\":\"m\",\"procid\":\"1\",\"protocol\":\"RFC3164\"," +
                "\"timestamp\":1609459200000000000}", t.decodeLine(codec, "Jan 1 00:00:00 app[1]: m"));
            // 3164 structured data when it reads strictly
            assertEquals("{\"hostname\":\"h\",\"msg\":\"m\",\"protocol\":\"RFC3164\",\"structured_data\":" +
                "{\"id\":[{\"a\":\"1\"}]},\"timestamp\":1609459200000000000}",
                t.decodeLine(codec, "Jan 1 00:00:00 h: [id a=\"1\"] m"));
            // surrounding whitespace is trimmed
            assertEquals("{\"msg\":\"m\",\"protocol\":\"RFC5424\",\"protocol_version\":1," +
                "\"timestamp\":1609459200000000000}", t.decodeLine(codec, " \t1 2021-01-01T00:00:00Z - - - - - m \n"));
        }
    }

    @Test
    void shouldReportAnErrorWhenInputIsBad()
    {
        try (CodecTesting t = new CodecTesting())
        {
            final Codec codec = Codecs.create("syslog");
            assertEquals("syslog", codec.name());
            final byte[] bad = {'<', '1', '3', '>', 'x', (byte)0xC3, '(', 'y'};
            assertError(codec, codec.decode(t.ctx, bad, 0, bad.length, 0, t.v, 0), "invalid utf-8");
            assertEquals(5, codec.errorOffset());
            assertError(codec, codec.decode(t.ctx, bad, 4, 10, 0, t.v, 0), "input out of bounds");
            final byte[] truncated = "<34>1 2003-10-11T22:14:15.003Z h é".getBytes(StandardCharsets.UTF_8);
            assertError(codec, codec.decode(t.ctx, truncated, 0, truncated.length - 1, 0, t.v, 0), "invalid utf-8");
            // encode errors: Tremor's reasons, nothing written
            final String[][] cases = {
                {"{}", "Invalid Syslog Protocol data: facility missing"},
                {"{\"facility\":\"cron\"}", "Invalid Syslog Protocol data: severity missing"},
                {"{\"facility\":\"cron\",\"severity\":\"info\",\"structured_data\":\"sd\"}",
                    "Invalid Syslog Protocol data: Invalid structured data: structured data not an object"},
                {"{\"facility\":\"cron\",\"severity\":\"info\",\"structured_data\":{\"a\":1}}",
                    "Invalid Syslog Protocol data: Invalid structured data: params not an array of objects"},
                {"{\"facility\":\"cron\",\"severity\":\"info\",\"structured_data\":{\"a\":[1]}}",
                    "Invalid Syslog Protocol data: Invalid structured data: param's key value pair not an object"},
                {"{\"facility\":\"cron\",\"severity\":\"info\",\"structured_data\":{\"a\":[{\"b\":2}]}}",
                    "Invalid Syslog Protocol data: Invalid structured data: param's key value pair not an object"},
                {"{\"severity\":\"notice\",\"facility\":\"snot\",\"protocol\":\"RFC5424\",\"protocol_version\":1}",
                    "Invalid Syslog Protocol data: invalid facility"},
                {"{\"severity\":\"snot\",\"facility\":\"local4\",\"protocol\":\"RFC5424\",\"protocol_version\":1}",
                    "Invalid Syslog Protocol data: invalid severity"},
                {"{\"severity\":\"snot\",\"facility\":\"local4\",\"protocol\":\"RFC3164\"}",
                    "Invalid Syslog Protocol data: invalid severity"},
                {"{\"severity\":\"debug\",\"facility\":\"local5\",\"protocol\":\"RFC5424\"}",
                    "Invalid Syslog Protocol data: Missing protocol version"},
                {"{\"severity\":\"notice\",\"facility\":\"local6\",\"protocol_version\":1}",
                    "Invalid Syslog Protocol data: Missing protocol type"},
                {"{\"severity\":\"notice\",\"facility\":\"local7\",\"protocol\":\"snot\"}",
                    "Invalid Syslog Protocol data: Invalid protocol type"},
                {"[1]", "Invalid Syslog Protocol data: facility missing"},
            };
            for (final String[] c : cases)
            {
                t.value(c[0], 0);
                t.sink.reset();
                assertError(codec, codec.encode(t.ctx, t.v[0], t.v[1], t.sink), c[1]);
                assertEquals(0, t.sink.position(), c[0]);
            }
            t.value("{\"facility\":\"cron\",\"severity\":\"info\"}", 0);
            assertEquals("<78>1 - - - - - -", t.encodeUtf8(codec, t.v[0], t.v[1]));
            assertNotNull(codec);
        }
    }
}
