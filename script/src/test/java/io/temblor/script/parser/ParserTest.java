package io.temblor.script.parser;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.temblor.script.ast.Expr;
import io.temblor.script.ast.Script;
import io.temblor.script.ast.Stmt;
import io.temblor.script.error.CompileError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParserTest
{
    private static String parse(final String source)
    {
        final Script script = Parser.parseScript(source);
        return script.statements().stream().map(SExpr::of).collect(Collectors.joining("; "));
    }

    private static CompileError error(final String source)
    {
        return assertThrows(CompileError.class, () -> Parser.parseScript(source));
    }

    private static String at(final CompileError error)
    {
        return error.caretLine() + ":" + error.caretColumn();
    }

    @Test
    void shouldBindMultiplicationTighterWhenMixedWithAddition()
    {
        assertEquals("(+ 1 (* 2 3))", parse("1 + 2 * 3"));
        assertEquals("(- (- 1 2) 3)", parse("1 - 2 - 3"));
        assertEquals("(% (/ (* a b) c) d)", parse("a * b / c % d"));
    }

    @Test
    void shouldFollowTremorsPrecedenceLadderWhenAllLevelsMix()
    {
        assertEquals("(or a (xor b (and c (^ d (& e (== f (< g (<< h (+ i (* j k))))))))))",
            parse("a or b xor c and d ^ e & f == g < h << i + j * k"));
        assertEquals("(or (xor (and (^ (& (== (< (<< (+ (* a b) c) d) e) f) g) h) i) j) k)",
            parse("a * b + c << d < e == f & g ^ h and i xor j or k"));
        assertEquals("(< (< a b) c)", parse("a < b < c"));
        assertEquals("(>>> (>> a b) c)", parse("a >> b >>> c"));
    }

    @Test
    void shouldBindUnaryOperatorsAsTremorDoes()
    {
        assertEquals("(+ (- a) b)", parse("-a + b"));
        assertEquals("(- (not a))", parse("- not a"));
        assertEquals("(and (not a) b)", parse("not a and b"));
        assertEquals("(! (! x))", parse("!!x"));
        assertEquals("(not (present event.a))", parse("not present event.a"));
        assertEquals("(absent $.meta.x)", parse("absent $meta.x"));
        assertEquals("1:5", at(error("not -a")));
    }

    @Test
    void shouldParsePathsWhenRootedAnywhere()
    {
        assertEquals("event.a[1][(str 'c')][1:3]", parse("event.a[1][\"c\"][1:3]"));
        assertEquals("$.a.b", parse("$a.b"));
        assertEquals("$", parse("$"));
        assertEquals("state", parse("state"));
        assertEquals("a::b::C.x", parse("a::b::C.x"));
        assertEquals("<(call string::len [x])>[0]", parse("string::len(x)[0]"));
        assertEquals("<(+ a b)>.c", parse("(a + b).c"));
        assertEquals("<{(str 'a'):1}>.a", parse("{\"a\": 1}.a"));
        assertEquals("<[1 2]>[0]", parse("[1, 2][0]"));
        assertEquals("(+ a b)", parse("(a + b)"));
        assertEquals("args.x; window; group[0]", parse("args.x; window; group[0]"));
    }

    @Test
    void shouldAllowTrailingCommaWhenTremorDoes()
    {
        assertEquals("[1 2]", parse("[1, 2,]"));
        assertEquals("{(str 'a'):1}", parse("{\"a\": 1,}"));
        assertEquals("(call f [1])", parse("f(1,)"));
        assertEquals("1:4", at(error("[1 2]")));
    }

    @Test
    void shouldSplitStringIntoPartsWhenInterpolated()
    {
        assertEquals("(str 'a #'#{(+ x 1)}' b')", parse("\"a \\##{x + 1} b\""));
        assertEquals("(str #{(str #{y})})", parse("\"#{\"#{y}\"}\""));
        assertEquals("(str '')", parse("\"\""));
        final Expr.StringLit s = (Expr.StringLit)((Stmt.ExprStmt)Parser.parseScript("\"a#{1}\"").statements().get(0)).expr();
        assertNull(s.constantText());
    }

    @Test
    void shouldKeepHeredocTextWhenInterpolated()
    {
        assertEquals("h(str 'line 1\n'#{x}'\n')", parse("\"\"\"\nline 1\n#{x}\n\"\"\""));
    }

    @Test
    void shouldParseBinaryLiteralWhenPartsHaveSizesAndTypes()
    {
        assertEquals("(bytes 1:4 event.a/binary x:16/big_unsigned_integer (+ 1 2))",
            parse("<<1:4, event.a/binary, x:16/big_unsigned_integer, (1 + 2)>>"));
        assertEquals("(bytes )", parse("<<>>"));
        assertEquals("(<< (bytes 1) 2)", parse("<<1>> << 2"));
    }

    @Test
    void shouldParseMatchPatternsWhenAllKindsUsed()
    {
        final String source = "match event of\n"
            + "  case %{ present a, absent b, c == 1, d ~= re|x\\|y|, e = f ~= glob|*|, g ~= %{}, h ~= %[1], i ~= %(_, ...) } => 1\n"
            + "  case %[ ~ json||, _, %{ x > 2 } ] => 2\n"
            + "  case %( 1, 2 ) when event.x => 3\n"
            + "  case %(...) => 4\n"
            + "  case r = %{} => 5\n"
            + "  case ~ dissect|%{a}| => 6\n"
            + "  case \"str\" => let a = 1; a\n"
            + "  case _ => drop\n"
            + "end";
        assertEquals("(match! event "
            + "(case %{present a absent b c==1 d~=re|x|y| e=f~=glob|*| g~=%{} h~=%[1] i~=%(_ ...)} [1]) "
            + "(case %[~json|| _ %{x>2}] [2]) "
            + "(case %(1 2) when event.x [3]) "
            + "(case %( ...) [4]) "
            + "(case r=%{} [5]) "
            + "(case ~dissect|%{a}| [6]) "
            + "(case (str 'str') [(let a 1) a]) "
            + "(case _ [(drop)]))", parse(source));
    }

    @Test
    void shouldSeparateMatchBodiesWithCommasWhenImmutable()
    {
        assertEquals("(let x (match! a (case 1 [(match a (case _ [2 3]))])))",
            parse("let x = match a of case 1 => (match a of case _ => 2, 3 end) end"));
        assertEquals("(+ 1 (match a (case _ [2])))", parse("1 + (match a of case _ => 2 end)"));
    }

    @Test
    void shouldParseFunctionsWhenWithOrOfClauses()
    {
        assertEquals("(fn f [a, b] [(+ a b)])", parse("fn f(a, b) with a + b end"));
        assertEquals("(fn g [a]... [a])", parse("fn g(a, ...) with a; end"));
        assertEquals("(fn h []... [args])", parse("fn h(...) with args end"));
        assertEquals("(fn fib [a, b, n] (case %(a b n) when (> n 0) [(recur [b (+ a b) (- n 1)])]) (case _ [a]))",
            parse("fn fib(a, b, n) of\n case (a, b, n) when n > 0 => recur(b, a + b, n - 1)\n case _ => a\nend"));
        assertEquals("(intrinsic len [s] string::len); (intrinsic fmt [f]... string::format)",
            parse("intrinsic fn len(s) as string::len; intrinsic fn fmt(f, ...) as string::format"));
    }

    @Test
    void shouldParseComprehensionsWhenFolding()
    {
        assertEquals("(for! event (case k v when (> v 1) [(emit v)]) into 0 use +)",
            parse("for event of case (k, v) when v > 1 => emit v into 0 use + end"));
        assertEquals("[(for [1] (case i e [e e]))]", parse("[for [1] of case (i, e) => e, e end]"));
        assertEquals("(let x (for! [1] (case i e [(let y e) y])))", parse("let x = for [1] of case (i, e) => let y = e; y end"));
    }

    @Test
    void shouldParsePatchOperationsWhenEveryKindUsed()
    {
        assertEquals("(patch event (insert (str 'a') 1) (upsert (str 'b') 2) (update (str 'c') 3) (erase (str 'd')) "
            + "(move (str 'e') (str 'f')) (copy (str 'g') (str 'h')) (merge (str 'i') {}) (merge_record {}) "
            + "(default (str 'j') 4) (default_record {}))",
            parse("patch event of insert \"a\" => 1; upsert \"b\" => 2; update \"c\" => 3; erase \"d\"; move \"e\" => \"f\"; "
                + "copy \"g\" => \"h\"; merge \"i\" => {}; merge => {}; default \"j\" => 4; default => {} end"));
        assertEquals("(merge event {})", parse("merge event of {} end"));
    }

    @Test
    void shouldParseEmitVariantsWhenPortAndValueOptional()
    {
        assertEquals("(emit _); (emit 1); (emit _ => (str 'p')); (emit 1 => (str 'p'))",
            parse("emit; emit 1; emit => \"p\"; emit 1 => \"p\""));
    }

    @Test
    void shouldParseUseAndConstWhenModulesNested()
    {
        assertEquals("(use std::string); (use a::b as c); (use a::x, a::y::z as w); (const A (+ 1 2)); A",
            parse("use std::string; use a::b as c; use a::{x, y::z as w}; const A = 1 + 2; A"));
        final Script script = Parser.parseScript("### module\n## doc\nconst X = 1;\nX");
        assertEquals(List.of(" module"), script.doc());
        assertEquals(List.of(" doc"), ((Stmt.Const)script.statements().get(0)).doc());
    }

    @Test
    void shouldAllowTrailingSemicolonOnlyAtTheEnd()
    {
        assertEquals("1; 2", parse("1; 2;"));
        assertEquals("1:3", at(error("1;;")));
        assertEquals("1:3", at(error("1 2")));
    }

    @Test
    void shouldReportUnexpectedTokenWithExpectedListAndHint()
    {
        final CompileError error = error("let merge = 1");
        assertEquals("1:5", at(error));
        assertEquals("Found the token `merge` but expected one of `$`, `(`, `<ident>`, `[`, `args`, `event`, `group`, "
            + "`state`, `window`, `{`", error.getMessage());
        assertTrue(error.hint().contains("consider quoting it as `merge`"));
        final CompileError colon = error("a:::b()");
        assertEquals("Did you mean to use `::`?", colon.hint());
        assertEquals("Found the token `7` but expected one of `\"`, `\"\"\"`", error("patch event of insert 7 => 1 end").getMessage());
    }

    @Test
    void shouldReportLexicalErrorFirstWhenSourceHasBothKinds()
    {
        final CompileError error = error("1 2;\n\"\\z\"");
        assertEquals("2:2", at(error));
        assertEquals("An unexpected escape code 'z' was found", error.getMessage());
    }

    @Test
    void shouldRenderErrorLikeTremorWhenTokenIsUnexpected()
    {
        final String source = "use foo :: bar use;\n\n\"hello\"\n";
        assertEquals("Error: \n"
            + "    1 | use foo :: bar use;\n"
            + "      |                ^^^ Found the token `use` but expected one of `::`, `;`, `as`\n"
            + "      |                    NOTE: Did you mean to use `;`?\n"
            + "    2 | \n"
            + "    3 | \"hello\"", error(source).render(source));
    }

    @Test
    void shouldParseModuleDefinitionsWhenTrickleAndTroyStatementsUsed()
    {
        final Script module = Parser.parseModule("define connector c from http_client args a, b = 1 with config = {} end;\n"
            + "define pipeline p pipeline select event from in into out; create stream s; end;\n"
            + "define operator o from generic::batch with count = 2 end");
        assertEquals(3, module.statements().size());
        final Stmt.Definition pipeline = assertInstanceOf(Stmt.Definition.class, module.statements().get(1));
        assertEquals(2, pipeline.body().size());
        assertInstanceOf(Stmt.Select.class, pipeline.body().get(0));
        assertThrows(CompileError.class, () -> Parser.parseModule("1 + 2"));
    }

    @Test
    void shouldFailCleanlyWhenNestingExceedsLimit()
    {
        final int n = Parser.MAX_NESTING + 10;
        for (final String deep : List.of("(".repeat(n) + "1" + ")".repeat(n), "[".repeat(n) + "]".repeat(n), "-".repeat(n) + "1",
            "not ".repeat(n) + "x", "let a = ".repeat(n) + "1", "match x of case ".repeat(n)))
        {
            final CompileError error = error(deep);
            assertTrue(error.getMessage().contains("nested too deeply"), error.getMessage());
        }
        assertEquals("1", parse("(".repeat(50) + "1" + ")".repeat(50)));
    }

    @Test
    void shouldParseQueryWhenAllStatementKindsUsed()
    {
        final Script query = Parser.parseQuery("#!config metrics_interval_s = 10\n"
            + "define window w from tumbling with interval = 1, size = 2 state [] script from tick event; script event end;\n"
            + "define script s args a = 1 state {} script from tick 1 script let x = args.a; emit x end;\n"
            + "create script s1 from s with a = 2 end;\n"
            + "create stream out2;\n"
            + "select {\"c\": aggr::stats::count(event)} from in[w, m::w2] where event.x > 1 group by set(each(event.a), "
            + "event.b) into out/port having event.c;\n");
        assertEquals(6, query.statements().size());
        assertInstanceOf(Stmt.Config.class, query.statements().get(0));
        final Stmt.Window window = assertInstanceOf(Stmt.Window.class, query.statements().get(1));
        assertEquals("tumbling", window.kind());
        assertEquals(2, window.with().size());
        assertEquals(1, window.tickScript().size());
        final Stmt.ScriptDefinition script = assertInstanceOf(Stmt.ScriptDefinition.class, query.statements().get(2));
        assertEquals("tick", script.named().get(0).port());
        assertEquals(2, script.body().size());
        final Stmt.Select select = assertInstanceOf(Stmt.Select.class, query.statements().get(5));
        assertEquals(List.of("out", "port"), select.into());
        assertEquals(List.of(List.of("w"), List.of("m", "w2")), select.windows());
        assertEquals("set", select.groupBy().kind());
        assertEquals("each", select.groupBy().items().get(0).kind());
    }

    @Test
    void shouldParseDeploymentWhenFlowConnectsConnectorsAndPipelines()
    {
        final Script deploy = Parser.parseDeploy("define flow main\nflow\n"
            + "  define connector in from metronome with config = {\"interval\": 1} end;\n"
            + "  define pipeline p pipeline select event from in into out; end;\n"
            + "  create connector in;\n  create pipeline p from p;\n"
            + "  connect /connector/in to /pipeline/p;\n  connect /pipeline/p/out to /connector/exit/in\n"
            + "end;\ndeploy flow main");
        final Stmt.Flow flow = assertInstanceOf(Stmt.Flow.class, deploy.statements().get(0));
        assertEquals(6, flow.body().size());
        final Stmt.Connect connect = assertInstanceOf(Stmt.Connect.class, flow.body().get(5));
        assertEquals(List.of("pipeline", "p", "out"), connect.from());
        assertEquals(List.of("connector", "exit", "in"), connect.to());
        assertNull(assertInstanceOf(Stmt.Connect.class, flow.body().get(4)).to().get(2));
        assertEquals(List.of("main"), assertInstanceOf(Stmt.Deploy.class, deploy.statements().get(1)).target());
    }
}
