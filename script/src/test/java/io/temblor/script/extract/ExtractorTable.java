package io.temblor.script.extract;

import io.temblor.script.runtime.ScriptTable;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Table-driven extractor cases, one dynamic test per line {@code extractor @ value --> expected}: the extractor is
 * applied to the JSON {@code value} in a record pattern, {@code match event of case r = %{v ~= extractor} => r.v
 * case _ => "no" end}, so {@code expected} is what it extracted, {@code "no"} when the case is not taken, or
 * {@code compile: message} (see {@link ScriptTable}). A line starting with {@code test } uses the extractor as a bare
 * predicate, {@code case %{v ~= extractor} => "yes"}, where Tremor does not ask it for a result.
 */
final class ExtractorTable
{
    private static final String ARROW = " --> ";
    private static final String VALUE = " @ ";

    private ExtractorTable()
    {
    }

    static Stream<DynamicTest> cases(final String table)
    {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final String raw : table.split("\n"))
        {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("//"))
            {
                continue;
            }
            final String name = line;
            final boolean predicate = line.startsWith("test ");
            if (predicate)
            {
                line = line.substring(5);
            }
            final int arrow = line.indexOf(ARROW);
            final String left = line.substring(0, arrow);
            final String expected = line.substring(arrow + ARROW.length()).strip();
            final int at = left.lastIndexOf(VALUE);
            final String extractor = left.substring(0, at).strip();
            final String value = left.substring(at + VALUE.length()).strip();
            final String script = predicate ?
                "match event of case %{v ~= " + extractor + "} => \"yes\" case _ => \"no\" end" :
                "match event of case r = %{v ~= " + extractor + "} => r.v case _ => \"no\" end";
            tests.add(DynamicTest.dynamicTest(name, () -> ScriptTable.check(script, "{\"v\": " + value + "}", expected)));
        }
        return tests.stream();
    }
}
