package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import io.temblor.script.runtime.TestScripts;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code std::random}, checked against tremor-script's {@code std_lib/random.rs}: ranges are half open, bounds are
 * checked with Tremor's messages, and the functions are not constant (literal arguments fail at run time). The values
 * are tested by their ranges over many draws.
 */
class RandomModuleTest
{
    private static final int DRAWS = 300;

    private static List<String> draw(final String expression)
    {
        final String[] events = new String[DRAWS];
        Arrays.fill(events, "null");
        return TestScripts.run("use std::random; " + expression, events);
    }

    @Test
    void shouldDrawBothValuesWhenCallingBool()
    {
        assertEquals(Set.of("true", "false"), new HashSet<>(draw("random::bool()")));
    }

    @Test
    void shouldStayInHalfOpenRangesWhenCallingInteger()
    {
        final Set<Long> small = new HashSet<>();
        for (final String v : draw("random::integer(3)"))
        {
            small.add(Long.parseLong(v));
        }
        assertEquals(Set.of(0L, 1L, 2L), small);
        final Set<Long> window = new HashSet<>();
        for (final String v : draw("random::integer(-2, 2)"))
        {
            window.add(Long.parseLong(v));
        }
        assertEquals(Set.of(-2L, -1L, 0L, 1L), window);
        // without arguments: any i64, so both signs show up
        final Set<Integer> signs = new HashSet<>();
        for (final String v : draw("random::integer()"))
        {
            signs.add(Long.signum(Long.parseLong(v)));
        }
        assertTrue(signs.contains(-1) && signs.contains(1), signs::toString);
        for (final String v : draw("random::integer(-9223372036854775808, 9223372036854775807)"))
        {
            Long.parseLong(v);
        }
    }

    @Test
    void shouldStayInHalfOpenRangesWhenCallingFloat()
    {
        for (final String v : draw("random::float()"))
        {
            final double d = Double.parseDouble(v);
            assertTrue(d >= 0 && d < 1, v);
            assertTrue(v.contains(".") || v.contains("e"), v);
        }
        for (final String v : draw("random::float(2.5)"))
        {
            final double d = Double.parseDouble(v);
            assertTrue(d >= 0 && d < 2.5, v);
        }
        for (final String v : draw("random::float(-1, 1)"))
        {
            final double d = Double.parseDouble(v);
            assertTrue(d >= -1 && d < 1, v);
        }
    }

    @Test
    void shouldDrawAlphanumericsWhenCallingString()
    {
        final Set<Character> seen = new HashSet<>();
        for (final String v : draw("random::string(12)"))
        {
            assertTrue(v.matches("\"[A-Za-z0-9]{12}\""), v);
            v.chars().forEach(c -> seen.add((char)c));
        }
        assertTrue(seen.size() > 40, "too few distinct characters: " + seen.size());
        assertEquals(List.of("\"\""), draw("random::string(0)").subList(0, 1));
    }

    @TestFactory
    Stream<DynamicTest> shouldFailWithTremorsMessagesWhenArgumentsAreBad()
    {
        return ScriptTable.cases("use std::random;", """
            random::integer(0) --> error: Runtime error in function random::integer/1: Invalid arguments. Single \
            argument value must be > 0.
            random::integer(5, 5) --> error: Runtime error in function random::integer/2: Invalid arguments. First \
            argument must be lower than second argument
            random::integer(-1) --> error: Bad type passed to function random::integer/1
            random::integer(1.5) --> error: Bad type passed to function random::integer/1
            random::integer(0, 18446744073709551615) --> error: Bad type passed to function random::integer/2
            random::integer(1, 2, 3) --> error: Bad arity for function random::integer/3..=3 but was called with 3 \
            arguments
            random::float(0) --> error: Runtime error in function random::float/1: Invalid arguments. Single argument \
            value must be > 0.0.
            random::float(-1.5) --> error: Runtime error in function random::float/1: Invalid arguments. Single \
            argument value must be > 0.0.
            random::float(2, 1) --> error: Runtime error in function random::float/2: Invalid arguments. First argument \
            must be lower than second argument
            random::float("a") --> error: Bad type passed to function random::float/1
            random::float(1, 2, 3) --> error: Bad arity for function random::float/3..=3 but was called with 3 arguments
            random::string(-1) --> error: Bad type passed to function random::string/1
            random::string(1.5) --> error: Bad type passed to function random::string/1
            random::string(event) @ "3" --> error: Bad type passed to function random::string/1
            random::bool(1) --> error: Bad arity for function random::bool/0..=0 but was called with 1 arguments
            """);
    }
}
