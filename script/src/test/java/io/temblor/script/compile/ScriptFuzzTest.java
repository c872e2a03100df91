package io.temblor.script.compile;

import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.error.CompileError;
import io.temblor.script.runtime.ScriptInstance;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random events through every conformance script that compiles: each run must emit, drop or report a Tremor runtime
 * error; an internal failure (a Java exception turned into "Something went wrong") fails the test. Seed via
 * {@code -Dtemblor.fuzz.seed}.
 */
class ScriptFuzzTest
{
    private static final int EVENTS_PER_SCRIPT = 40;

    @Test
    void shouldOnlyEmitDropOrFailCleanlyWhenEventsAreRandom()
    {
        final long seed = Long.getLong("temblor.fuzz.seed", 20_260_522L);
        final Random random = new Random(seed);
        final List<String> failures = new ArrayList<>();
        int runs = 0;
        for (final Path dir : ScriptCases.cases("tests/scripts"))
        {
            final CompiledScript script;
            try
            {
                script = ScriptCompiler.compile(ScriptCases.readMaybeXz(dir, "script.tremor"), ScriptCases.modulePath(dir));
            }
            catch (final CompileError ex)
            {
                continue;
            }
            final List<String> inputs = ScriptCases.lines(ScriptCases.readMaybeXz(dir, "in"));
            try (ScriptInstance instance = script.newInstance(); JsonParser parser = new JsonParser(); ByteSink sink = new ByteSink())
            {
                for (int i = 0; i < EVENTS_PER_SCRIPT; i++)
                {
                    final String event = i % 2 == 0 || inputs.isEmpty() ? randomValue(random, 0) :
                        mutate(random, inputs.get(random.nextInt(inputs.size())));
                    final byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
                    if (parser.parse(bytes, 0, bytes.length) != 0)
                    {
                        continue;
                    }
                    runs++;
                    final int outcome = instance.run(parser.tape());
                    if (outcome == ScriptInstance.ERROR && instance.error().getMessage().startsWith("Something went wrong"))
                    {
                        failures.add(dir.getFileName() + " on " + event + ": " + instance.error().getMessage());
                    }
                    else if (outcome == ScriptInstance.EMIT)
                    {
                        sink.reset();
                        instance.writeValue(sink);
                    }
                }
            }
        }
        System.out.printf("ScriptFuzzTest: %d random events (seed %d), %d internal failures%n", runs, seed, failures.size());
        assertTrue(failures.isEmpty(), String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }

    private static String mutate(final Random random, final String json)
    {
        final StringBuilder s = new StringBuilder(json);
        final int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && s.length() > 0; i++)
        {
            final int at = random.nextInt(s.length());
            switch (random.nextInt(3))
            {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, "0123456789\"{}[],:-.aetrn".charAt(random.nextInt(24)));
                default -> s.setCharAt(at, "0123456789\"{}[],:-.aetrn".charAt(random.nextInt(24)));
            }
        }
        return s.toString();
    }

    private static String randomValue(final Random random, final int depth)
    {
        final int kind = depth > 3 ? random.nextInt(5) : random.nextInt(7);
        return switch (kind)
        {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> Long.toString(random.nextInt(5) == 0 ? random.nextLong() : random.nextInt(100) - 10);
            case 3 -> Double.toString(random.nextDouble() * 1000 - 500);
            case 4 -> "\"" + "abc snot badger:1 2019-01-01 09:42 10.22.0.1".substring(0, random.nextInt(40)) + "\"";
            case 5 ->
            {
                final StringBuilder a = new StringBuilder("[");
                final int n = random.nextInt(5);
                for (int i = 0; i < n; i++)
                {
                    a.append(i > 0 ? "," : "").append(randomValue(random, depth + 1));
                }
                yield a.append(']').toString();
            }
            default ->
            {
                final String[] keys = {"a", "b", "test", "meta", "snot", "k", "v", "level", "n", "key", "event"};
                final StringBuilder r = new StringBuilder("{");
                final int n = random.nextInt(5);
                for (int i = 0; i < n; i++)
                {
                    r.append(i > 0 ? "," : "").append('"').append(keys[random.nextInt(keys.length)]).append("\":")
                        .append(randomValue(random, depth + 1));
                }
                yield r.append('}').toString();
            }
        };
    }
}
