package io.temblor.bench.script;

import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.compile.CompiledScript;
import io.temblor.script.compile.ScriptCompiler;
import io.temblor.script.runtime.Env;
import io.temblor.script.runtime.ScriptInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Temblor as {@code temblor run} wires it: a reused {@link JsonParser} builds the event's tape, a {@link ScriptInstance}
 * runs the compiled script on it, and the emitted value is serialised into a reused off-heap {@link ByteSink}. For a
 * workload whose output carries the metadata, the value and {@code $} are written as
 * {@code {"event": <value>, "meta": <$>}}.
 */
public final class TemblorTransform implements ScriptTransform
{
    private static final byte[] EVENT = "{\"event\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] META = ",\"meta\":".getBytes(StandardCharsets.US_ASCII);

    private final CompiledScript script;
    private final ScriptInstance instance;
    private final JsonParser parser = new JsonParser();
    private final ByteSink sink = new ByteSink(64 * 1024);
    private final boolean withMeta;

    /**
     * Compiles the workload's script.
     *
     * @param workload   the workload.
     * @param modulePath where {@code use} finds modules (Tremor's standard library folder).
     */
    public TemblorTransform(final ScriptWorkload workload, final List<Path> modulePath)
    {
        this.script = ScriptCompiler.compile(workload.tremorSource(), modulePath);
        this.instance = script.newInstance();
        this.withMeta = workload.withMeta();
    }

    @Override
    public int transform(final byte[] input, final int offset, final int length)
    {
        final int status = parser.parse(input, offset, length);
        if (status != JsonError.OK)
        {
            throw new IllegalStateException("temblor: " + JsonError.message(status) + " at byte " + parser.errorOffset());
        }
        return runAndWrite();
    }

    /**
     * Transforms every event of a newline-delimited buffer as {@code temblor run} reads its input: the parser indexes
     * the buffer a window at a time and delivers one event's tape after the other ({@code startDocuments},
     * {@code nextDocument}); each event is run and written as by {@link #transform}.
     *
     * @param input  the buffer.
     * @param offset its first byte.
     * @param length its byte count.
     * @return bytes of output written over all events.
     */
    public long transformAll(final byte[] input, final int offset, final int length)
    {
        final JsonParser parser = this.parser;
        int status = parser.startDocuments(input, offset, length);
        long written = 0;
        while (status == JsonError.OK && (status = parser.nextDocument()) == JsonError.OK)
        {
            written += runAndWrite();
        }
        if (status != JsonParser.END_OF_DOCUMENTS)
        {
            throw new IllegalStateException("temblor: " + JsonError.message(status) + " at byte " + parser.errorOffset());
        }
        return written;
    }

    private int runAndWrite()
    {
        final ScriptInstance instance = this.instance;
        final int outcome = instance.run(parser.tape());
        final ByteSink sink = this.sink;
        sink.reset();
        if (outcome == ScriptInstance.EMIT)
        {
            if (withMeta)
            {
                final Env env = instance.env();
                sink.write(EVENT, 0, EVENT.length);
                instance.writeValue(sink);
                sink.write(META, 0, META.length);
                instance.write(env.metaH, env.metaB, sink);
                sink.writeByte('}');
            }
            else
            {
                instance.writeValue(sink);
            }
        }
        else if (outcome == ScriptInstance.ERROR)
        {
            throw new IllegalStateException("temblor: " + instance.error().render(script.source()));
        }
        return (int)sink.position();
    }

    @Override
    public byte[] output()
    {
        return sink.toByteArray();
    }

    @Override
    public void close()
    {
        instance.close();
        parser.close();
        sink.close();
    }
}
