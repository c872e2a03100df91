package io.temblor.bench;

/** Entry point of {@code bin/temblor bench}: runs JMH suites and writes reports under perf-reports/. */
public final class BenchMain
{
    private BenchMain()
    {
    }

    /**
     * Runs the benchmark command line.
     *
     * @param args arguments: suites and options.
     */
    public static void main(final String[] args)
    {
        System.err.println("temblor bench: not built yet");
        System.exit(3);
    }
}
