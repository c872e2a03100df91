package io.temblor.bench;

import io.temblor.bench.flows.FlowsSuite;
import io.temblor.bench.json.JsonSuite;
import io.temblor.bench.peers.PeersSuite;
import io.temblor.bench.pipeline.PipelineSuite;
import io.temblor.bench.script.ScriptSuite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The suites {@code temblor bench} knows, by name, plus the pseudo-suite {@code all}. New suites (script, pipeline,
 * flows, peers) register here.
 */
public final class SuiteRegistry
{
    /** Pseudo-suite name expanding to every registered suite. */
    public static final String ALL = "all";

    private final Map<String, BenchSuite> suites = new LinkedHashMap<>();

    /**
     * A registry of the given suites.
     *
     * @param suites suites, in run order.
     */
    public SuiteRegistry(final List<BenchSuite> suites)
    {
        for (final BenchSuite suite : suites)
        {
            this.suites.put(suite.name(), suite);
        }
    }

    /**
     * The registry of every suite Temblor ships.
     *
     * @return the registry.
     */
    public static SuiteRegistry standard()
    {
        return new SuiteRegistry(List.of(new JsonSuite(), new ScriptSuite(), new PipelineSuite(), new FlowsSuite(),
            new PeersSuite()));
    }

    /**
     * Looks a suite up.
     *
     * @param name its name.
     * @return the suite, or null if unknown.
     */
    public BenchSuite find(final String name)
    {
        return suites.get(name);
    }

    /**
     * Every registered suite, in run order.
     *
     * @return an unmodifiable list.
     */
    public List<BenchSuite> all()
    {
        return Collections.unmodifiableList(new ArrayList<>(suites.values()));
    }

    /**
     * Resolves names to suites, expanding {@code all}; duplicates are dropped.
     *
     * @param names names from the command line.
     * @return the suites.
     * @throws IllegalArgumentException naming the first unknown suite and the known ones.
     */
    public List<BenchSuite> resolve(final List<String> names)
    {
        final Map<String, BenchSuite> picked = new LinkedHashMap<>();
        for (final String name : names)
        {
            if (ALL.equals(name))
            {
                suites.forEach(picked::putIfAbsent);
                continue;
            }
            final BenchSuite suite = suites.get(name);
            if (suite == null)
            {
                throw new IllegalArgumentException("unknown suite '" + name + "' (known: " + String.join(", ", names()) + ")");
            }
            picked.putIfAbsent(name, suite);
        }
        return new ArrayList<>(picked.values());
    }

    /**
     * The accepted names, {@code all} included.
     *
     * @return names.
     */
    public List<String> names()
    {
        final List<String> names = new ArrayList<>(suites.keySet());
        names.add(ALL);
        return names;
    }
}
