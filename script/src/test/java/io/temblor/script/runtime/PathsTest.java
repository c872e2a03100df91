package io.temblor.script.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PathsTest
{
    @Test
    void shouldReadNestedFieldsIndexesAndRangesWhenPathHasSegments()
    {
        final String event = "{\"a\": {\"b\": [10, 20, 30, 40]}, \"k\": \"a\"}";
        assertEquals(List.of("20", "[20,30]", "30", "[10,20,30,40]"), List.of(
            TestScripts.run("event.a.b[1]", event).get(0),
            TestScripts.run("event.a.b[1:3]", event).get(0),
            TestScripts.run("event.a.b[1:3][1]", event).get(0),
            TestScripts.run("event[event.k][\"b\"]", event).get(0)));
    }

    @Test
    void shouldReportTremorErrorsWhenPathDoesNotResolve()
    {
        assertEquals("error: Trying to access a non existing event key `x`", TestScripts.run("event.x", "{}").get(0));
        assertEquals("error: Array index out of bounds, got index 5 but expected an index in the range 0:1",
            TestScripts.run("event[5]", "[1]").get(0));
        assertEquals("error: Conflicting types, got integer but expected record",
            TestScripts.run("event.a.b", "{\"a\": 1}").get(0));
        assertEquals("error: Trying to access a non existing local key `nope`", TestScripts.eval("nope"));
    }

    @Test
    void shouldCreateNestedRecordsWhenAssigningDeepPath()
    {
        assertEquals("{\"a\":{\"b\":{\"c\":1}}}", TestScripts.run("let event.a.b.c = 1; event", "{}").get(0));
        assertEquals("{\"x\":{\"y\":2}}", TestScripts.eval("let r = {}; let r.x.y = 2; r"));
        assertEquals("{\"m\":{\"n\":1}}", TestScripts.eval("let $m.n = 1; $"));
    }

    @Test
    void shouldKeepCopiesApartWhenAssigningThroughAnotherName()
    {
        assertEquals("[{\"a\":1},{\"a\":1,\"b\":2}]", TestScripts.eval("let x = {\"a\": 1}; let y = x; let y.b = 2; [x, y]"));
        assertEquals("[{},{\"n\":1}]", TestScripts.run("let old = event; let event.n = 1; [old, event]", "{}").get(0));
    }

    @Test
    void shouldCopyTheValueWhenAssigningAContainerIntoItself()
    {
        assertEquals("{\"a\":{}}", TestScripts.run("let x = event; let x.a = x; x", "{}").get(0));
        assertEquals("{\"n\":1,\"self\":{\"n\":1}}", TestScripts.run("let event.self = event; event", "{\"n\": 1}").get(0));
        assertEquals("[{\"x\":{\"y\":1}},{\"x\":{\"y\":2}}]", TestScripts.run("let a = event; let b = a; let b.x.y = 2; [a, b]",
            "{\"x\": {\"y\": 1}}").get(0));
    }

    @Test
    void shouldTestPresenceWithoutErrorsWhenPathIsMissing()
    {
        assertEquals("[true,false,false]", TestScripts.run("[present event.a, present event.b.c, present nope]",
            "{\"a\": 1}").get(0));
        assertEquals("true", TestScripts.run("absent event.b", "{\"a\": 1}").get(0));
    }

    @Test
    void shouldShareStateAndResetMetadataWhenRunningSeveralEvents()
    {
        final String script = "let state = match state of case null => 1 case _ => state + 1 end; " +
            "let seen = present $seen; let $seen = true; [state, seen]";
        assertEquals(List.of("[1,false]", "[2,false]", "[3,false]"), TestScripts.run(script, "1", "2", "3"));
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"),
            TestScripts.run("let state = match state of case null => {\"n\": 1} case _ => patch state of update \"n\" => " +
                "state.n + 1 end end; state", "0", "0"));
    }
}
