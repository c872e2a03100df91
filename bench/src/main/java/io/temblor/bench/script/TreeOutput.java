package io.temblor.bench.script;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Serialises Jackson trees as compact JSON into one reused byte buffer through one reused generator (no root value
 * separator), the cheapest way Jackson offers to write many trees; shared by the JSLT and hand-written engines.
 */
final class TreeOutput
{
    private final ObjectMapper mapper;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
    private final JsonGenerator generator;

    TreeOutput(final ObjectMapper mapper)
    {
        this.mapper = mapper;
        try
        {
            this.generator = mapper.createGenerator(buffer);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        generator.setRootValueSeparator(null);
    }

    /**
     * Writes a tree, replacing the previous output.
     *
     * @param node the tree.
     * @return bytes written.
     */
    int write(final JsonNode node)
    {
        buffer.reset();
        try
        {
            mapper.writeTree(generator, node);
            generator.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return buffer.size();
    }

    /** Forgets the previous output (for an event that produced none). */
    void clear()
    {
        buffer.reset();
    }

    byte[] toByteArray()
    {
        return buffer.toByteArray();
    }
}
