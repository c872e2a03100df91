package io.temblor.script.runtime;

import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.compile.ScriptCompiler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a script and runs it over JSON events with shared state: each outcome is the emitted JSON (prefixed with
 * {@code port:} for named ports), {@code drop}, or {@code error: message}.
 */
final class TestScripts
{
    private TestScripts()
    {
    }

    static List<String> run(final String source, final String... events)
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

    static String eval(final String source)
    {
        return run(source, "null").get(0);
    }
}
