package io.temblor.script.stdlib;

import io.temblor.script.runtime.ScriptTable;
import io.temblor.script.runtime.TestScripts;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tremor::chash}, checked against tremor-script's {@code std_lib/chash.rs}: jump consistent hashing (the
 * jumphash crate over SipHash-1-3 of the key as Rust hashes a {@code str}) and {@code sorted_serialize}.
 */
class ChashModuleTest
{
    private static Stream<DynamicTest> cases(final String table)
    {
        return ScriptTable.cases("use tremor::chash; use std::string;", table);
    }

    @TestFactory
    Stream<DynamicTest> shouldMatchTremorsSlotsWhenCallingJump()
    {
        return cases("""
            // the slots of Tremor's tests/scripts/jump
            [chash::jump("key1", 5), chash::jump("key2", 5), chash::jump("key3", 5), chash::jump("key4", 5)] --> [0,1,1,3]
            [chash::jump_with_keys(23, 42, "key1", 5), chash::jump_with_keys(23, 42, "key2", 5)] --> [3,1]
            [chash::jump_with_keys(23, 42, "key3", 5), chash::jump_with_keys(23, 42, "key4", 5)] --> [2,0]
            chash::jump("anything", 1) --> 0
            // no slots: the jumphash crate returns -1 as u32
            chash::jump("key1", 0) --> 4294967295
            chash::jump(1, 5) --> compile: Bad type passed to function chash::jump/2
            chash::jump("a", -1) --> compile: Bad type passed to function chash::jump/2
            chash::jump("a", 4294967296) --> compile: Bad type passed to function chash::jump/2
            chash::jump(event, 1.0) @ "a" --> error: Bad type passed to function chash::jump/2
            chash::jump_with_keys(-1, 2, "a", 5) --> compile: Bad type passed to function chash::jump_with_keys/4
            chash::jump_with_keys(1, 2, 3, 5) --> compile: Bad type passed to function chash::jump_with_keys/4
            chash::jump("a") --> compile: Bad arity for function chash::jump/2..=2 but was called with 1 arguments
            """);
    }

    @Test
    void shouldMoveKeysOnlyToTheNewSlotWhenSlotsGrow()
    {
        // given: the slot of 200 keys for 1..40 slots
        final StringBuilder keys = new StringBuilder("[");
        for (int k = 0; k < 200; k++)
        {
            keys.append(k > 0 ? "," : "").append("\"k").append(k).append("-ä\"");
        }
        final String script = "use tremor::chash; for event of case (i, k) => " +
            "for range::range(1, 41) of case (j, n) => chash::jump(k, n) end end";
        // when
        final String out = TestScripts.run("use std::range; " + script, keys.append(']').toString()).get(0);
        // then: jump hashing is consistent, a key moves only to the slot just added, and keys spread evenly
        final List<int[]> rows = new ArrayList<>();
        for (final String row : out.substring(2, out.length() - 2).split("\\],\\["))
        {
            rows.add(java.util.Arrays.stream(row.split(",")).mapToInt(Integer::parseInt).toArray());
        }
        assertEquals(200, rows.size());
        final int[] perSlotAt40 = new int[40];
        for (final int[] slots : rows)
        {
            assertEquals(0, slots[0]);
            for (int n = 1; n < slots.length; n++)
            {
                assertTrue(slots[n] == slots[n - 1] || slots[n] == n, "moved from " + slots[n - 1] + " to " + slots[n]);
            }
            perSlotAt40[slots[39]]++;
        }
        for (final int count : perSlotAt40)
        {
            assertTrue(count > 0 && count < 15, "uneven spread: " + java.util.Arrays.toString(perSlotAt40));
        }
    }

    @TestFactory
    Stream<DynamicTest> shouldWriteKeysInOrderWhenCallingSortedSerialize()
    {
        return cases("""
            chash::sorted_serialize({"1": [2, 1], "0": {"5": 0, "3": 4}}) --> "{\\"0\\":{\\"3\\":4,\\"5\\":0},\\"1\\":[2,1]}"
            chash::sorted_serialize([{"b": 1, "a": 2}, null, 1.5, "x"]) --> "[{\\"a\\":2,\\"b\\":1},null,1.5,\\"x\\"]"
            chash::sorted_serialize({}) --> "{}"
            chash::sorted_serialize([]) --> "[]"
            chash::sorted_serialize(event) @ "a" --> "\\"a\\""
            // keys in byte order (code points), written like any JSON string
            chash::sorted_serialize(event) @ {"😀": 1, "\\uff21": 2, "B": 3, "a\\n": 4} --> \
            "{\\"B\\":3,\\"a\\\\n\\":4,\\"Ａ\\":2,\\"😀\\":1}"
            // a binary as its encode(): quoted base64
            chash::sorted_serialize(string::into_binary("ab")) --> "\\"YWI=\\""
            """);
    }
}
