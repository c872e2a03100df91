package io.temblor.bench;

import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A named group of JMH benchmarks runnable as {@code temblor bench NAME}, together with the generator of its report.
 * Reports are made from a run directory's results.json and env.json alone, so they can be regenerated later.
 */
public interface BenchSuite
{
    /**
     * The suite's name on the command line and its folder under perf-reports/.
     *
     * @return the name.
     */
    String name();

    /**
     * One line for the usage text.
     *
     * @return the description.
     */
    String description();

    /**
     * The regular expression (JMH include syntax, matched with find) selecting the suite's benchmarks.
     *
     * @return the pattern.
     */
    String includePattern();

    /**
     * The JMH settings this suite runs with: the common quick or full settings, or the suite's own variant of them.
     *
     * @param defaults the settings of {@link RunSettings#of}.
     * @return the settings to use.
     */
    default RunSettings settings(final RunSettings defaults)
    {
        return defaults;
    }

    /**
     * Sets the suite's parameters and adds suite-specific JVM arguments.
     *
     * @param options the JMH options being built.
     */
    void configure(ChainedOptionsBuilder options);

    /**
     * How the suite's benchmarks are split into JMH runs. Each round is one JMH run with these parameters fixed (JMH
     * parameter name to value), so that the engines compared on one input are measured back to back, minutes apart
     * at most, instead of each engine's inputs one after another: on a shared machine whose speed drifts, that keeps
     * drift out of the ratios. The results of the rounds are concatenated into the run's results.json.
     *
     * @return the rounds, in order; an empty list means a single JMH run over every parameter value.
     */
    default List<Map<String, String>> rounds()
    {
        return List.of();
    }

    /**
     * The suite's benchmark methods (simple names), one per engine compared. With more than one, a full run with more
     * than one fork interleaves them: each fork is its own JMH run, and the engines take turns fork by fork, in this
     * order on odd passes and in reverse on even ones (A B C, C B A, A B C, ...), so that drift of the machine's speed
     * over minutes reaches every engine alike. The forks' results are joined into one result per benchmark.
     *
     * @return the methods in report order; an empty list runs all the suite's benchmarks in one JMH run per round.
     */
    default List<String> methods()
    {
        return List.of();
    }

    /**
     * Describes the suite's inputs (for example data files with sizes and digests) for env.json.
     *
     * @return an ordered map, serialised as JSON.
     * @throws IOException if an input cannot be read.
     */
    Map<String, Object> inputs() throws IOException;

    /**
     * Writes the report files of a run (report.md and charts) from its results.json and env.json.
     *
     * @param runDir the run directory.
     * @throws IOException on read or write failure.
     */
    void report(Path runDir) throws IOException;

    /**
     * Prints the run's summary table.
     *
     * @param runDir the run directory.
     * @param out    where to print.
     * @throws IOException on read failure.
     */
    void printSummary(Path runDir, PrintStream out) throws IOException;

    /**
     * A short headline of a run (key ratios, targets met) for the perf-reports index.
     *
     * @param runDir the run directory.
     * @return one line of Markdown.
     * @throws IOException on read failure.
     */
    String headline(Path runDir) throws IOException;
}
