package io.temblor.bench;

import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A suite that measures something other than JMH benchmarks (for example whole {@code temblor run} processes): it
 * writes the run directory's results.json itself; {@link BenchMain} then writes env.json and the report as for any
 * suite.
 */
public interface ProcessSuite extends BenchSuite
{
    /**
     * Runs the suite and writes {@link BenchMain#RESULTS_FILE} into the run directory.
     *
     * @param settings the run's settings (quick or full, the include filter).
     * @param runDir   the run directory, already created.
     * @param out      where progress is printed.
     * @throws IOException on read or write failure.
     */
    void run(RunSettings settings, Path runDir, PrintStream out) throws IOException;

    /** No JMH benchmark: a pattern that matches none. */
    @Override
    default String includePattern()
    {
        return "^$";
    }

    /** No JMH options. */
    @Override
    default void configure(final ChainedOptionsBuilder options)
    {
    }
}
