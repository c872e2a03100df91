package io.temblor.script.stdlib;

import io.temblor.script.compile.ScriptCompiler;
import io.temblor.script.runtime.ScriptInstance;
import io.temblor.script.runtime.ScriptTable;
import io.temblor.script.runtime.TestScripts;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code tremor::origin}, checked against tremor-script's {@code std_lib/origin.rs} and {@code EventOriginUri}'s
 * {@code Display}: the event's origin URI, or null for every function when the event has none.
 */
class OriginModuleTest
{
    private static final String ALL = "use tremor::origin; [origin::scheme(), origin::host(), origin::port(), " +
        "origin::path(), origin::as_uri_string(), origin::as_uri_record()]";

    private static String run(final String script, final String scheme, final String host, final int port,
        final String... path)
    {
        try (ScriptInstance instance = ScriptCompiler.compile(script, List.of(TestScripts.stdlib())).newInstance())
        {
            instance.origin(scheme, host, port, path);
            return TestScripts.emitOnNull(instance);
        }
    }

    @Test
    void shouldDescribeTheOriginWhenEventHasOne()
    {
        assertEquals("[\"tcp\",\"example.com\",8080,[\"a\",\"ä\"],\"tcp://example.com:8080/a/ä\",{\"scheme\":\"tcp\"," +
            "\"host\":\"example.com\",\"port\":8080,\"path\":[\"a\",\"ä\"]}]", run(ALL, "tcp", "example.com", 8080, "a", "ä"));
    }

    @Test
    void shouldLeaveOutPortAndPathWhenOriginHasNone()
    {
        assertEquals("[\"file\",\"localhost\",null,[],\"file://localhost\",{\"scheme\":\"file\",\"host\":\"localhost\"," +
            "\"port\":null,\"path\":[]}]", run(ALL, "file", "localhost", -1));
    }

    @Test
    void shouldBeNullWhenEventHasNoOrigin()
    {
        assertEquals("[null,null,null,null,null,null]", TestScripts.eval(ALL));
    }

    @TestFactory
    Stream<DynamicTest> shouldFailAtRunTimeWhenGivenArguments()
    {
        return ScriptTable.cases("use tremor::origin;", """
            origin::scheme(1) --> error: Bad arity for function origin::scheme/0..=0 but was called with 1 arguments
            origin::as_uri_string(event) @ "x" --> error: Bad arity for function origin::as_uri_string/0..=0 but was \
            called with 1 arguments
            """);
    }
}
