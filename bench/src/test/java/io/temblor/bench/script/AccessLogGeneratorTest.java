package io.temblor.bench.script;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The bundled access log is the generator's output, so it can be regenerated and reviewed. */
class AccessLogGeneratorTest
{
    @Test
    void shouldReproduceBundledFileWhenGeneratingWithItsSeed()
    {
        final String bundled = new String(ScriptWorkload.resource("access.ndjson"), StandardCharsets.UTF_8);
        final String generated = String.join("\n", AccessLogGenerator.generate(AccessLogGenerator.LINES,
            AccessLogGenerator.SEED)) + "\n";
        assertEquals(generated, bundled);
    }

    @Test
    void shouldVaryLinesWhenSeedChanges()
    {
        assertNotEquals(AccessLogGenerator.generate(10, 1), AccessLogGenerator.generate(10, 2));
        assertEquals(10, AccessLogGenerator.generate(10, 1).size());
    }
}
