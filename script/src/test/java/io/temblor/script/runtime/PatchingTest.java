package io.temblor.script.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PatchingTest
{
    @Test
    void shouldApplyOperationsInOrderWhenPatching()
    {
        assertEquals("{\"b\":2,\"c\":3,\"d\":2}", TestScripts.run("patch event of insert \"c\" => 3; erase \"a\"; " +
            "copy \"b\" => \"d\" end", "{\"a\": 1, \"b\": 2}").get(0));
        assertEquals("{\"a\":5,\"z\":1}", TestScripts.run("patch event of upsert \"a\" => 5; move \"b\" => \"z\" end",
            "{\"a\": 1, \"b\": 1}").get(0));
    }

    @Test
    void shouldFailWhenInsertingExistingKeyOrUpdatingMissingOne()
    {
        assertEquals("error: The key that is supposed to be written to already exists: a",
            TestScripts.eval("patch {\"a\": 1} of insert \"a\" => 2 end"));
        assertEquals("error: The key that is supposed to be updated does not exists: b",
            TestScripts.eval("patch {\"a\": 1} of update \"b\" => 2 end"));
    }

    @Test
    void shouldMergeRecursivelyWhenMergingRecords()
    {
        assertEquals("{\"a\":{\"x\":1,\"y\":2},\"b\":3}", TestScripts.run("merge event of {\"a\": {\"y\": 2}, \"b\": 3} end",
            "{\"a\": {\"x\": 1}, \"b\": 1}").get(0));
        assertEquals("{\"a\":{\"x\":1,\"y\":2}}", TestScripts.run("patch event of merge \"a\" => {\"y\": 2} end",
            "{\"a\": {\"x\": 1}}").get(0));
        assertEquals("{\"a\":1,\"d\":{\"e\":1,\"f\":2}}", TestScripts.run("patch event of default => {\"a\": 2, \"d\": {\"f\": 2}} end",
            "{\"a\": 1, \"d\": {\"e\": 1}}").get(0));
    }

    @Test
    void shouldStoreTheMergedValueWhenMergingIntoAnAbsentKey()
    {
        assertEquals("{\"a\":1,\"m\":{\"y\":2,\"z\":{\"w\":3}}}",
            TestScripts.run("patch event of merge \"m\" => {\"y\": 2, \"z\": {\"w\": 3}} end", "{\"a\": 1}").get(0));
        assertEquals("{\"m\":[1]}", TestScripts.eval("patch {} of merge \"m\" => [1] end"));
        // the merged record is shared, not aliased: a later write to either side leaves the other as it was
        assertEquals("[{\"y\":2},{\"m\":{\"y\":2,\"q\":1}}]", TestScripts.eval(
            "let r = {\"y\": 2}; let p = patch {} of merge \"m\" => r end; let p.m.q = 1; [r, p]"));
        assertEquals("[{\"y\":5},{\"m\":{\"y\":2}}]", TestScripts.eval(
            "let r = {\"y\": 2}; let p = patch {} of merge \"m\" => r end; let r.y = 5; [r, p]"));
    }

    @Test
    void shouldLeaveTheTargetUnchangedWhenPatchingAVariable()
    {
        assertEquals("[{\"a\":1},{\"a\":2}]", TestScripts.eval("let x = {\"a\": 1}; let y = patch x of update \"a\" => 2 end; [x, y]"));
    }

    @Test
    void shouldFindConstantKeysWhenEventsChangeShape()
    {
        // constant keys remember where they were found: events of other shapes move or drop them
        final String script = "patch event of upsert \"host\" => 1; erase \"doc-type\"; merge \"labels\" => {\"t\": 2}; " +
            "update \"n\" => 3 end";
        assertEquals(java.util.List.of(
            "{\"n\":3,\"host\":1,\"labels\":{\"t\":2}}",
            "{\"labels\":{\"a\":0,\"t\":2},\"host\":1,\"n\":3}",
            "{\"n\":3,\"host\":1,\"labels\":{\"t\":2}}",
            "error: The key that is supposed to be updated does not exists: n"),
            TestScripts.run(script, "{\"n\": 0, \"doc-type\": \"x\"}",
                "{\"labels\": {\"a\": 0}, \"doc-type\": \"x\", \"host\": \"h\", \"n\": 0}", "{\"n\": 0}",
                "{\"doc-type\": \"x\"}"));
        assertEquals(java.util.List.of("{\"a\":1,\"b\":2}", "error: The key that is supposed to be written to already exists: b"),
            TestScripts.run("patch event of insert \"b\" => 2 end", "{\"a\": 1}", "{\"b\": 1, \"a\": 1}"));
    }

    @Test
    void shouldMergeLiteralFieldsAsTheLiteralRecordWhenKeysAreConstant()
    {
        // the literal's values are merged key by key without its record: same results as merging the record
        final String script = "let x = \"v\"; merge event of {\"a\": {\"y\": \"#{x}\"}, \"b\": [x], \"c\": \"#{x}!\"} end";
        assertEquals(java.util.List.of(
            "{\"a\":{\"y\":\"v\"},\"b\":[\"v\"],\"c\":\"v!\"}",
            "{\"a\":{\"x\":1,\"y\":\"v\"},\"c\":\"v!\",\"b\":[\"v\"]}",
            "{\"a\":{\"y\":\"v\"},\"c\":\"v!\",\"b\":[\"v\"]}",
            "error: Conflicting types, got string but expected record"),
            TestScripts.run(script, "{}", "{\"a\": {\"x\": 1, \"y\": 0}, \"c\": 1}", "{\"a\": 2, \"c\": {\"z\": 1}}",
                "\"s\""));
    }

    @Test
    void shouldNotMakeTheTargetCyclicWhenMergingItIntoItself()
    {
        assertEquals(java.util.List.of("{\"a\":1,\"self\":{\"a\":1},\"n\":null}"),
            TestScripts.run("let event = patch event of insert \"a\" => 1 end; merge event of {\"self\": event, \"n\": null} end",
                "{}"));
        assertEquals("[{\"a\":1},{\"a\":1,\"self\":{\"a\":1},\"t\":true}]",
            TestScripts.eval("let x = {\"a\": 1}; let y = merge x of {\"self\": x, \"t\": true} end; [x, y]"));
    }

    @Test
    void shouldFindKeysWhenRecordsGrowPastManyKeys()
    {
        // records built key by key: every present key is found and every absent one is not, whatever their bits
        final StringBuilder script = new StringBuilder("let r = {};");
        for (int i = 0; i < 200; i++)
        {
            script.append(" let r[\"k").append(i).append("\"] = ").append(i).append(';');
        }
        script.append(" let r = patch r of erase \"k7\"; upsert \"k8\" => -8 end;");
        script.append(" [r.k0, r.k8, r.k199, present r.k7, present r.k200, present r.x]");
        assertEquals("[0,-8,199,false,false,false]", TestScripts.eval(script.toString()));
    }
}
