package io.temblor.script.runtime;

import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.compile.ScriptCompiler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a script (with the bundled {@code std} and {@code tremor} modules, no module path) and runs it over JSON events
 * with shared state: each outcome is the emitted JSON (prefixed with {@code port:} for named ports), {@code drop}, or
 * {@code error: message}.
 */
public final class TestScripts
{
    private TestScripts()
    {
    }

    /**
     * Runs a script on events.
     *
     * @param source the script.
     * @param events JSON events.
     * @return the outcomes.
     */
    public static List<String> run(final String source, final String... events)
    {
        final List<String> out = new ArrayList<>();
        try (ScriptInstance instance = ScriptCompiler.compile(source, List.of()).newInstance();
            JsonParser parser = new JsonParser(); ByteSink sink = new ByteSink())
        {
            for (final String event : events)
            {
                final byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
                if (parser.parse(bytes, 0, bytes.length) != 0)
                {
                    throw new IllegalArgumentException("bad JSON " + event);
                }
                final int outcome = instance.run(parser.tape());
                if (outcome == ScriptInstance.ERROR)
                {
                    out.add("error: " + instance.error().getMessage());
                }
                else if (outcome == ScriptInstance.DROP)
                {
                    out.add("drop");
                }
                else
                {
                    sink.reset();
                    instance.writeValue(sink);
                    final String json = new String(sink.toByteArray(), StandardCharsets.UTF_8);
                    out.add(null == instance.port() ? json : instance.port() + ":" + json);
                }
            }
        }
        return out;
    }

    /**
     * Whether a script fails to compile.
     *
     * @param source the script.
     * @return true on a compile error.
     */
    public static boolean isCompileError(final String source)
    {
        try
        {
            ScriptCompiler.compile(source, List.of());
            return false;
        }
        catch (final io.temblor.script.error.CompileError ex)
        {
            return true;
        }
    }

    /**
     * Tremor's standard library declarations (the module path of these tests).
     *
     * @return the folder.
     */
    public static java.nio.file.Path stdlib()
    {
        return java.nio.file.Path.of(System.getProperty("temblor.shared", "../../shared"), "conformance", "tremor",
            "tremor-script", "lib");
    }

    /**
     * Runs a prepared instance on a null event and returns what it emits.
     *
     * @param instance the instance (origin, state or arguments already set).
     * @return the emitted JSON.
     * @throws IllegalStateException if the script does not emit.
     */
    public static String emitOnNull(final ScriptInstance instance)
    {
        try (JsonParser parser = new JsonParser(); ByteSink sink = new ByteSink())
        {
            final byte[] event = "null".getBytes(StandardCharsets.UTF_8);
            parser.parse(event, 0, event.length);
            final int outcome = instance.run(parser.tape());
            if (outcome != ScriptInstance.EMIT)
            {
                throw new IllegalStateException("outcome " + outcome + (outcome == ScriptInstance.ERROR ? ": " +
                    instance.error().getMessage() : ""));
            }
            instance.writeValue(sink);
            return new String(sink.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs a script on a null event.
     *
     * @param source the script.
     * @return the outcome.
     */
    public static String eval(final String source)
    {
        return run(source, "null").get(0);
    }
}
