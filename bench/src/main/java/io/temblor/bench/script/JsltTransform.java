package io.temblor.bench.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.Parser;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSLT as its documentation shows it: Jackson's {@code readTree} builds the event's tree, the compiled
 * {@link Expression} maps it to the output tree, and {@link TreeOutput} serialises that.
 */
public final class JsltTransform implements ScriptTransform
{
    private final ObjectMapper mapper = new ObjectMapper();
    private final Expression expression;
    private final TreeOutput out = new TreeOutput(mapper);

    /**
     * Compiles the workload's JSLT expression.
     *
     * @param workload the workload.
     */
    public JsltTransform(final ScriptWorkload workload)
    {
        this.expression = Parser.compileString(workload.jsltSource());
    }

    @Override
    public int transform(final byte[] input, final int offset, final int length)
    {
        final JsonNode event;
        try
        {
            event = mapper.readTree(input, offset, length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final JsonNode result = expression.apply(event);
        if (result == null || result.isNull())
        {
            out.clear();
            return 0;
        }
        return out.write(result);
    }

    @Override
    public byte[] output()
    {
        return out.toByteArray();
    }

    @Override
    public void close()
    {
        // nothing native
    }
}
