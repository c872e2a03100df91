package io.temblor.script.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CallsTest
{
    @Test
    void shouldRunBodyWhenFunctionCalled()
    {
        assertEquals("[3,\"ab\"]", TestScripts.eval("fn add(a, b) with a + b end; [add(1, 2), add(\"a\", \"b\")]"));
    }

    @Test
    void shouldLoopWithoutStackWhenRecurInTailPosition()
    {
        final String script = "fn fib_(a, b, n) of case (a, b, n) when n > 0 => recur(b, a + b, n - 1) case _ => a end; " +
            "fn fib(n) with fib_(0, 1, n) end; fib(event)";
        assertEquals(List.of("0", "1", "55", "12586269025"), TestScripts.run(script, "0", "1", "10", "50"));
    }

    @Test
    void shouldFailWhenRecursionLimitReached()
    {
        assertEquals("error: Recursion limit Reached", TestScripts.run("fn boom(x) with let x = x + 1; recur(x) end; boom(event)",
            "1").get(0));
    }

    @Test
    void shouldRejectEmitDropAndMisplacedRecurWhenCompilingFunctions()
    {
        assertEquals(true, TestScripts.isCompileError("fn f(x) with emit x end; f(1)"));
        assertEquals(true, TestScripts.isCompileError("fn f(x) with drop end; f(1)"));
        assertEquals(true, TestScripts.isCompileError("fn f(x) with recur(x); x end; f(1)"));
        assertEquals(true, TestScripts.isCompileError("recur(1)"));
    }

    @Test
    void shouldCollectExtraArgumentsWhenFunctionIsVariadic()
    {
        assertEquals("[1,[2,3]]", TestScripts.eval("fn f(a, ...) with [a, args] end; f(1, 2, 3)"));
    }

    @Test
    void shouldFoldConstantsWhenDeclared()
    {
        assertEquals("\"snot badger\"", TestScripts.eval("const A = {\"k\": [\"snot\"]}; const B = A.k[0] + \" badger\"; B"));
    }

    @Test
    void shouldEmitToPortOrDropWhenScriptSaysSo()
    {
        assertEquals(List.of("side:1", "drop", "{\"x\":3}"), TestScripts.run("match event of case 1 => emit 1 => \"side\" " +
            "case 2 => drop case _ => {\"x\": event} end", "1", "2", "3"));
    }
}
