package io.temblor.script.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecordLitTest
{
    private static final String EVENT = "{\"v\": \"x\", \"o\": {\"k\": 1}}";

    @Test
    void shouldBuildEntriesInOrderWhenKeysAreDistinctConstants()
    {
        assertEquals("{\"a\":\"x\",\"b\":[1,\"x\"],\"c\":{\"d\":{\"k\":1}},\"e\":2}",
            TestScripts.run("{\"a\": event.v, \"b\": [1, event.v], \"c\": {\"d\": event.o}, \"e\": 2}", EVENT).get(0));
        assertEquals("[{\"a\":\"x\"},{\"x\":1}]", TestScripts.run("[{\"a\": event.v}, {\"#{event.v}\": 1}]", EVENT).get(0));
        assertEquals("{\"a\":\"x\"}", TestScripts.run("{\"a\": 1, \"a\": event.v}", EVENT).get(0));
    }

    @Test
    void shouldKeepValuesSharedNotAliasedWhenARecordHoldsThem()
    {
        assertEquals("[{\"n\":1,\"m\":\"x\"},{\"in\":{\"n\":2,\"m\":\"x\"}}]",
            TestScripts.run("let x = {\"n\": 1, \"m\": event.v}; let y = {\"in\": x}; let y.in.n = 2; [x, y]", EVENT).get(0));
        assertEquals("[{\"n\":3,\"m\":\"x\"},{\"in\":{\"n\":1,\"m\":\"x\"}}]",
            TestScripts.run("let x = {\"n\": 1, \"m\": event.v}; let y = {\"in\": x}; let x.n = 3; [x, y]", EVENT).get(0));
    }

    @Test
    void shouldReportTheFailingValueWhenAValueFails()
    {
        assertEquals("error: Trying to access a non existing event key `nope`",
            TestScripts.run("{\"a\": event.v, \"b\": event.nope}", EVENT).get(0));
    }
}
