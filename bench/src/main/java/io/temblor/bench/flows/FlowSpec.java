package io.temblor.bench.flows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One flow of the suite and how it is run: {@code bin/temblor run FILE ARGS...} in {@code dir}, with {@code env}
 * added to the launcher's environment (e.g. {@code TEMBLOR_JAVA_OPTS}), and its warm-up and measured seconds (passed
 * as {@code TEMBLOR_BENCH_SECONDS}) for full and quick runs.
 *
 * @param name         the flow's name (its folder's name).
 * @param origin       {@code tremor} for Tremor's bench flows, run unchanged; {@code temblor} for Temblor's own.
 * @param dir          the folder it runs in (its troy file is there).
 * @param file         its troy file name.
 * @param args         the options after the file.
 * @param env          environment variables set for the launcher.
 * @param fullSeconds  warm-up and measured seconds of a full run.
 * @param quickSeconds warm-up and measured seconds of a quick run.
 */
public record FlowSpec(String name, String origin, Path dir, String file, List<String> args, Map<String, String> env,
    long[] fullSeconds, long[] quickSeconds)
{
    /**
     * The flow's warm-up and measured seconds.
     *
     * @param quick whether the run is a quick one.
     * @return {warm-up, measured}.
     */
    public long[] seconds(final boolean quick)
    {
        return quick ? quickSeconds : fullSeconds;
    }

    /**
     * The options as one line for reports: the arguments after the file, then the environment variables
     * ({@code TEMBLOR_BENCH_SECONDS} aside), or {@code (none)}.
     *
     * @return the line.
     */
    public String options()
    {
        final List<String> parts = new ArrayList<>(args);
        for (final Map.Entry<String, String> e : new TreeMap<>(env).entrySet())
        {
            parts.add(e.getKey() + "=\"" + e.getValue() + "\"");
        }
        return parts.isEmpty() ? "(none)" : String.join(" ", parts);
    }
}
