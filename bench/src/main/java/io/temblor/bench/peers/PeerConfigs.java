package io.temblor.bench.peers;

/**
 * The three subjects' configurations: each listens for newline-framed RFC 5424 syslog on a TCP port of 127.0.0.1 and
 * writes one JSON object per message, a line each, to a file. All three output the timestamp, host, app, procid,
 * msgid, severity, facility, structured data and message of every message.
 */
public final class PeerConfigs
{
    /** rsyslog's JSON template name. */
    public static final String RSYSLOG_TEMPLATE = "peers_json";
    /** syslog-ng's JSON template. */
    public static final String SYSLOG_NG_TEMPLATE = "$(format-json --scope rfc5424 --scope nv-pairs)\\n";

    private PeerConfigs()
    {
    }

    /**
     * rsyslog: {@code imtcp} on the port (its own ruleset, no {@code imuxsock}, so no {@code /dev/log}), a list template
     * with {@code option.jsonf} naming the same fields as the other subjects, {@code omfile} with a 256 KiB buffer.
     *
     * @param port    the TCP port.
     * @param workDir rsyslog's work directory.
     * @param output  the output file.
     * @return the configuration text.
     */
    public static String rsyslog(final int port, final String workDir, final String output)
    {
        return "# written by temblor bench peers\n" +
            "global(workDirectory=\"" + workDir + "\" maxMessageSize=\"64k\")\n" +
            "module(load=\"imtcp\")\n" +
            "template(name=\"" + RSYSLOG_TEMPLATE + "\" type=\"list\" option.jsonf=\"on\") {\n" +
            "  property(outname=\"timestamp\" name=\"timereported\" dateFormat=\"rfc3339\" format=\"jsonf\")\n" +
            "  property(outname=\"host\" name=\"hostname\" format=\"jsonf\")\n" +
            "  property(outname=\"app\" name=\"app-name\" format=\"jsonf\")\n" +
            "  property(outname=\"procid\" name=\"procid\" format=\"jsonf\")\n" +
            "  property(outname=\"msgid\" name=\"msgid\" format=\"jsonf\")\n" +
            "  property(outname=\"severity\" name=\"syslogseverity-text\" format=\"jsonf\")\n" +
            "  property(outname=\"facility\" name=\"syslogfacility-text\" format=\"jsonf\")\n" +
            "  property(outname=\"structured_data\" name=\"structured-data\" format=\"jsonf\")\n" +
            "  property(outname=\"msg\" name=\"msg\" format=\"jsonf\")\n" +
            "}\n" +
            "ruleset(name=\"peers\") {\n" +
            "  action(type=\"omfile\" file=\"" + output + "\" template=\"" + RSYSLOG_TEMPLATE +
            "\" ioBufferSize=\"256k\")\n" +
            "}\n" +
            "input(type=\"imtcp\" port=\"" + port + "\" address=\"127.0.0.1\" ruleset=\"peers\")\n";
    }

    /**
     * syslog-ng: a {@code network()} source with {@code flags(syslog-protocol)} (RFC 5424, one message a line),
     * keeping the sender's host name and timestamp (ISO dates), and a {@code file()} destination whose template is
     * {@code $(format-json --scope rfc5424 --scope nv-pairs)}.
     *
     * @param port    the TCP port.
     * @param output  the output file.
     * @param version the configuration version ({@code @version}), the daemon's major.minor.
     * @return the configuration text.
     */
    public static String syslogNg(final int port, final String output, final String version)
    {
        return "@version: " + version + "\n" +
            "# written by temblor bench peers\n" +
            "options { keep-hostname(yes); keep-timestamp(yes); ts-format(iso); frac-digits(3); stats-freq(0); };\n" +
            "source s_peers { network(ip(\"127.0.0.1\") port(" + port + ") transport(\"tcp\") " +
            "flags(syslog-protocol) max-connections(16) log-iw-size(100000)); };\n" +
            "destination d_peers { file(\"" + output + "\" template(\"" + SYSLOG_NG_TEMPLATE + "\")); };\n" +
            "log { source(s_peers); destination(d_peers); };\n";
    }

    /**
     * Temblor: {@code tcp_server} with the {@code syslog} codec and the {@code separate} preprocessor, a passthrough
     * pipeline, and a {@code file} sink with the {@code json} codec (one event a line).
     *
     * @param port    the TCP port.
     * @param output  the output file.
     * @return the troy text.
     */
    public static String temblor(final int port, final String output)
    {
        return "# written by temblor bench peers\n" +
            "define flow peers\n" +
            "flow\n" +
            "  define connector input from tcp_server\n" +
            "  with\n" +
            "    codec = \"syslog\",\n" +
            "    preprocessors = [\"separate\"],\n" +
            "    config = {\"url\": \"127.0.0.1:" + port + "\"}\n" +
            "  end;\n" +
            "  define connector output from file\n" +
            "  with\n" +
            "    codec = \"json\",\n" +
            "    config = {\"path\": \"" + output + "\", \"mode\": \"truncate\"}\n" +
            "  end;\n" +
            "  define pipeline passthrough\n" +
            "  pipeline\n" +
            "    select event from in into out;\n" +
            "  end;\n" +
            "  create connector input;\n" +
            "  create connector output;\n" +
            "  create pipeline passthrough;\n" +
            "  connect /connector/input to /pipeline/passthrough;\n" +
            "  connect /pipeline/passthrough to /connector/output;\n" +
            "end;\n" +
            "deploy flow peers;\n";
    }
}
