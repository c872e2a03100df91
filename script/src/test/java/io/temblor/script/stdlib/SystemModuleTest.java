package io.temblor.script.stdlib;

import io.temblor.script.compile.ScriptCompiler;
import io.temblor.script.runtime.ScriptTable;
import io.temblor.script.runtime.TestScripts;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tremor::system}, checked against tremor-script's {@code registry.rs} and {@code std_lib/system.rs}: clocks in
 * nanoseconds since the Unix epoch, identity strings, no arguments.
 */
class SystemModuleTest
{
    @Test
    void shouldReadTheEpochClockInNanosecondsWhenCallingNanotimeAndIngestNs()
    {
        // given
        final long before = System.currentTimeMillis() * 1_000_000L;
        // when
        final String out = TestScripts.eval("use tremor::system; [system::nanotime(), system::ingest_ns()]");
        final long after = (System.currentTimeMillis() + 1) * 1_000_000L;
        // then
        for (final String v : out.substring(1, out.length() - 1).split(","))
        {
            final long ns = Long.parseLong(v);
            assertTrue(ns >= before - 1_000_000L && ns <= after, v + " not in [" + before + ", " + after + "]");
        }
    }

    @Test
    void shouldNameTheHostAndInstanceWhenCallingHostnameInstanceAndVersion()
    {
        final String out = TestScripts.eval("use tremor::system; use std::string; [string::len(system::hostname()) > 0, " +
            "string::len(system::instance()) > 0, string::len(system::version()) > 0]");
        assertTrue("[true,true,true]".equals(out), out);
    }

    @Test
    void shouldWarnAboutCostWhenCallingNanotime()
    {
        final List<String> warnings = ScriptCompiler.compile("use tremor::system; system::nanotime()",
            List.of(TestScripts.stdlib())).warnings().stream().map(Object::toString).toList();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("`nanotime` requires a call to the operating system")),
            warnings::toString);
    }

    @TestFactory
    Stream<DynamicTest> shouldFailAtRunTimeWhenGivenArguments()
    {
        return ScriptTable.cases("use tremor::system;", """
            system::nanotime(1) --> error: Bad arity for function system::nanotime/0..=0 but was called with 1 arguments
            system::hostname(1) --> error: Bad arity for function system::hostname/0..=0 but was called with 1 arguments
            system::ingest_ns(1) --> error: Bad arity for function system::ingest_ns/0..=0 but was called with 1 arguments
            system::instance(1, 2) --> error: Bad arity for function system::instance/0..=0 but was called with 2 \
            arguments
            """);
    }
}
