package io.temblor.script.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ComprehensionTest
{
    @Test
    void shouldCollectArrayWhenIteratingWithGuards()
    {
        assertEquals("[20,40]", TestScripts.run("for event of case (i, v) when v % 2 == 0 => v * 10 end", "[1, 2, 3, 4]")
            .get(0));
    }

    @Test
    void shouldBuildRecordWhenFoldingIntoRecord()
    {
        assertEquals("{\"a\":2,\"b\":3}", TestScripts.run("for event of case (k, v) => {\"#{k}\": v + 1} into {} end",
            "{\"a\": 1, \"b\": 2}").get(0));
    }

    @Test
    void shouldFoldScalarsWhenUseOperatorGiven()
    {
        assertEquals("24", TestScripts.run("for event of case (k, v) => v into 1 use * end", "[1, 2, 3, 4]").get(0));
        assertEquals("false", TestScripts.run("for event of case (k, v) => v into true use and end", "[true, false, 7]")
            .get(0));
        assertEquals("error: Invalid fold operation /", TestScripts.run("for event of case (k, v) => v into [] use / end",
            "[1]").get(0));
    }

    @Test
    void shouldEmitFromInsideWhenBodyEmits()
    {
        assertEquals("out:2", TestScripts.run("for event of case (k, v) when v > 1 => emit v => \"out\" case (k, v) => v end; " +
            "drop", "[1, 2, 3]").get(0));
    }
}
