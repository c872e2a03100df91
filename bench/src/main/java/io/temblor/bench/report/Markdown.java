package io.temblor.bench.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Report pieces every suite shares: number formats and the environment table built from a run's env.json, so that
 * all reports read alike.
 */
public final class Markdown
{
    private Markdown()
    {
    }

    /**
     * Formats a ratio as in every report.
     *
     * @param v the ratio.
     * @return e.g. {@code 1.25x}, or n/a.
     */
    public static String ratio(final double v)
    {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2fx", v);
    }

    /**
     * Formats bytes per operation as in every report.
     *
     * @param v the value.
     * @return two decimals below 100, else a grouped integer, or n/a.
     */
    public static String bytes(final double v)
    {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, v < 100 ? "%.2f" : "%,.0f", v);
    }

    /**
     * A relative error as a {@code ±} suffix.
     *
     * @param relError the error over the score.
     * @return e.g. {@code " ±12%"}, or empty when unknown.
     */
    public static String errorSuffix(final double relError)
    {
        return Double.isNaN(relError) ? "" : String.format(Locale.ROOT, " ±%.0f%%", relError * 100);
    }

    /**
     * Appends one row of a two-column table.
     *
     * @param md    the report.
     * @param key   the first cell.
     * @param value the second cell (pipes are escaped).
     */
    public static void row(final StringBuilder md, final String key, final String value)
    {
        md.append("| ").append(key).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    /**
     * Appends the environment rows (commit to command line) of env.json to a two-column table.
     *
     * @param md  the report.
     * @param env env.json.
     */
    public static void environmentRows(final StringBuilder md, final JsonNode env)
    {
        final JsonNode git = env.path("git");
        row(md, "Commit", "`" + git.path("commit").asText("?") + "` (" + git.path("branch").asText("?") + ")" +
            (git.path("dirty").asBoolean(false) ? ", dirty: " + join(git.path("changes")) : ""));
        row(md, "Date", env.path("date").asText("?"));
        final JsonNode java = env.path("java");
        row(md, "JDK", java.path("version").asText("?") + " (" + java.path("vendor").asText("?") + ", " +
            java.path("vm").asText("?") + ")");
        row(md, "Vector species", java.path("preferredVectorBits").asText("?") + " bits preferred; temblor.simd.width=" +
            java.path("temblor.simd.width").asText("?"));
        final JsonNode cpu = env.path("cpu");
        row(md, "CPU", cpu.path("model").asText("?") + ", " + cpu.path("cores").asText("?") + " cores; AVX2 " +
            yesNo(cpu.path("avx2")) + ", AVX-512 " + yesNo(cpu.path("avx512")) + "; " + join(cpu.path("simdFlags")));
        row(md, "Memory", String.format(Locale.ROOT, "%.1f GiB", env.path("memoryBytes").asDouble() / (1L << 30)));
        row(md, "OS", env.path("os").asText("?"));
        row(md, "Load average (1/5/15 min)", "start " + env.path("loadAverageStart").asText("?") + ", end " +
            env.path("loadAverageEnd").asText("?"));
        row(md, "Wall time", env.path("wallSeconds").asText("?") + " s");
        final List<String> libs = new ArrayList<>();
        env.path("versions").properties().forEach(e -> libs.add(e.getKey() + " " + e.getValue().asText()));
        row(md, "Libraries", String.join(", ", libs));
        row(md, "JVM flags", "`" + join(env.path("jvmFlags")).replace(", ", " ") + "`");
        if (env.hasNonNull("command"))
        {
            row(md, "Command", "`" + env.path("command").asText() + "`");
        }
        row(md, "Command line", "`" + env.path("commandLine").asText("?") + "`");
    }

    /**
     * Appends a report's opening: its title, the run's date, commit and mode with the note that the file is generated,
     * and for a quick run a warning that its numbers are smoke numbers.
     *
     * @param md        the report.
     * @param title     the title, without the leading {@code #}.
     * @param env       env.json.
     * @param quickNote why quick numbers are not to be trusted (one sentence), shown for quick runs only.
     */
    public static void runHeader(final StringBuilder md, final String title, final JsonNode env, final String quickNote)
    {
        final JsonNode git = env.path("git");
        md.append("# ").append(title).append("\n\n");
        md.append("Run of ").append(env.path("date").asText("?")).append(" at commit `")
            .append(git.path("shortCommit").asText("?")).append('`')
            .append(git.path("dirty").asBoolean(false) ? " **with uncommitted changes**" : "")
            .append(", ").append(env.path("settings").path("mode").asText("?"))
            .append(" mode. Generated from `results.json` and `env.json` by `bin/temblor bench report <this directory>`; ")
            .append("do not edit.\n\n");
        if (isQuick(env))
        {
            md.append("> **Quick run**: ").append(quickNote).append(" These are smoke numbers, not numbers to compare ")
                .append("or publish.\n\n");
        }
    }

    /**
     * Whether env.json describes a quick run.
     *
     * @param env env.json.
     * @return true for {@code --quick} runs.
     */
    public static boolean isQuick(final JsonNode env)
    {
        return "quick".equals(env.path("settings").path("mode").asText());
    }

    /**
     * The JMH settings sentence of a run.
     *
     * @param settings env.json's settings.
     * @param mode     JMH mode in words.
     * @return one line.
     */
    public static String jmhSettings(final JsonNode settings, final String mode)
    {
        return "JMH settings: " + settings.path("forks").asInt() + " fork(s), " + settings.path("warmupIterations").asInt() +
            " x " + settings.path("warmupMs").asLong() + " ms warm-up, " + settings.path("iterations").asInt() + " x " +
            settings.path("iterationMs").asLong() + " ms measurement, mode " + mode + "." +
            (settings.hasNonNull("interleaved") ? " Each fork is its own JMH run and the engines take turns fork by " +
            "fork, in the order " + settings.path("interleaved").asText() + " for each input, so that drift of the " +
            "machine's speed reaches all of them alike; the forks' samples are then joined into one result." : "") +
            "\n";
    }

    /**
     * The text values of a JSON array joined by commas.
     *
     * @param array the array.
     * @return the joined text.
     */
    public static String join(final JsonNode array)
    {
        final List<String> items = new ArrayList<>();
        array.forEach(n -> items.add(n.asText()));
        return String.join(", ", items);
    }

    private static String yesNo(final JsonNode flag)
    {
        return flag.asBoolean(false) ? "yes" : "no";
    }
}
